"""The inline code of a built site, as a Content-Security-Policy must know it.

A CSP without ``'unsafe-inline'`` lets an inline ``<script>`` run only when
the policy lists the SHA-256 hash of its text. Hashing *every* inline script
of the built site would also allow a script that reached a page through its
content — a raw ``<script>`` in a Markdown body (KB402) or a front-matter
value that escaped its escaping — which is exactly what the policy is there
to stop. So a script is allowed only when it is one of the **theme's own**:
its text is an inline script of the installed Material templates, with each
``{{ … }}`` of the template standing for a run of characters that cannot
leave a JavaScript string (Material's ``__md_scope=new URL("../..",…)``
differs only in that string from page to page). Any other inline script is
reported and stays blocked. Where the string is the page's relative base
URL, the variants for every depth up to :data:`MAX_DEPTH` are listed too, so
adding a folder level to the bank does not call for a new configuration.

Inline ``style="…"`` attributes are treated alike: only the values Python-
Markdown's tables write for column alignment (``text-align: right;``) are
hashed (the policy then carries ``'unsafe-hashes'``); other inline styles
are reported. Material and Pagefind's interface set styles through the CSSOM
(``element.style.…``), which a CSP does not govern.

Reads only regular files, never follows links, and skips dot-folders (nginx
never serves them). Used by :mod:`kb_tools.deploy.nginx`.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from ..site.theming import THEME_DIR

# What a template's {{ expression }} may render to inside a script: anything
# that cannot close the JavaScript string it stands in, nor the element.
_EXPRESSION = r"""[^"'`\\<\r\n]*"""
_TEMPLATE_SCRIPT = re.compile(r"<script(\s[^>]*)?>(.*?)</script>", re.S | re.I)
_JINJA_EXPRESSION = re.compile(r"\{\{.*?\}\}", re.S)
_JS_TYPES = frozenset(
    {"", "module", "text/javascript", "application/javascript", "application/ecmascript",
     "text/ecmascript"}
)
# A page's base URL relative to itself, and those of pages up to MAX_DEPTH
# folders deep (and the 404 page's, which is absolute).
_RELATIVE_BASE = re.compile(r"\.|/|\.\.(?:/\.\.)*")
MAX_DEPTH = 12
_BASES = (".", "/", *("/".join([".."] * depth) for depth in range(1, MAX_DEPTH + 1)))
# Python-Markdown's tables align columns with exactly these attributes.
_GENERATED_STYLES = re.compile(r"text-align: (?:left|right|center);")
EXAMPLES = 5


def csp_hash(text: str) -> str:
    """The CSP hash source of an inline script or style: ``'sha256-…'``."""
    normalized = text.replace("\r\n", "\n").replace("\r", "\n")  # as the browser reads it
    digest = hashlib.sha256(normalized.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


@dataclass(frozen=True)
class Finding:
    """Inline code the policy will block: where, and how it begins."""

    path: str
    excerpt: str


@dataclass
class InlineCode:
    """What the policy must allow, and what it will block, in one site."""

    script_hashes: set[str] = field(default_factory=set)
    style_hashes: set[str] = field(default_factory=set)
    blocked_scripts: list[Finding] = field(default_factory=list)
    blocked_styles: list[Finding] = field(default_factory=list)
    pages: int = 0


class ThemeScripts:
    """The inline scripts a theme's templates can emit, as patterns."""

    def __init__(self, templates: Iterable[str]) -> None:
        found: dict[tuple[str, ...], re.Pattern[str]] = {}
        for source in templates:
            for attributes, body in _TEMPLATE_SCRIPT.findall(source):
                if not _executable(_attributes(attributes)) or "{%" in body or "{#" in body:
                    continue
                parts = tuple(_JINJA_EXPRESSION.split(body))
                found[parts] = re.compile(f"({_EXPRESSION})".join(map(re.escape, parts)))
        self._templates = sorted(found.items())
        self.count = len(found)

    def __contains__(self, script: str) -> bool:
        return self.variants(script) is not None

    def variants(self, script: str) -> set[str] | None:
        """The scripts the template of *script* writes on pages of any depth
        (``None`` when *script* is not the theme's).

        A template whose expressions all rendered the page's relative base
        URL (``.``, ``..``, ``../..``; ``/`` on the 404 page) writes another
        text one folder deeper; listing those too means a new folder level
        in the bank does not need a new configuration.
        """
        for parts, pattern in self._templates:
            match = pattern.fullmatch(script)
            if match is None:
                continue
            values = set(match.groups())
            if len(values) == 1 and _RELATIVE_BASE.fullmatch(next(iter(values))):
                return {base.join(parts) for base in _BASES}
            return {script}
        return None
    @classmethod
    def installed(cls) -> ThemeScripts:
        """The inline scripts of the installed Material for MkDocs and of the
        theme folder the kb plugin puts in front of it."""
        spec = importlib.util.find_spec("material")
        packages = list(spec.submodule_search_locations or []) if spec else []
        folders = [Path(package) / "templates" for package in packages]
        sources = [
            path.read_text(encoding="utf-8", errors="replace")
            for folder in (*folders, THEME_DIR)
            for path in sorted(folder.rglob("*.html"))
            if path.is_file()
        ]
        return cls(sources)


def _attributes(text: str | None) -> dict[str, str]:
    pairs = re.findall(r"""([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""", text or "")
    return {name.lower(): a or b or c for name, a, b, c in pairs}


def _executable(attributes: Mapping[str, str | None]) -> bool:
    if "src" in attributes:
        return False
    return (attributes.get("type") or "").strip().lower() in _JS_TYPES


class _PageScanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self._script: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        style = found.get("style")
        if style is not None:
            self.styles.append(style)
        if tag == "script":
            self._script = [] if _executable(found) else None

    handle_startendtag = handle_starttag

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append("".join(self._script))
            self._script = None


def html_files(site_dir: Path) -> Iterator[Path]:
    """The site's HTML files nginx would serve: regular files outside dot-folders."""
    for folder, subfolders, files in os.walk(site_dir, followlinks=False):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        for name in sorted(files):
            if name.endswith((".html", ".htm")) and not name.startswith("."):
                path = Path(folder, name)
                if path.is_file() and not path.is_symlink():
                    yield path


def scan_site(site_dir: Path, theme: ThemeScripts) -> InlineCode:
    """Hash the theme's inline scripts and the generated inline styles of every page."""
    found = InlineCode()
    for path in html_files(site_dir):
        scanner = _PageScanner()
        scanner.feed(path.read_text(encoding="utf-8", errors="replace"))
        scanner.close()
        found.pages += 1
        relative = _excerpt(path.relative_to(site_dir).as_posix(), width=200)
        for script in scanner.scripts:
            variants = theme.variants(script)
            if variants is not None:
                found.script_hashes.update(csp_hash(variant) for variant in variants)
            elif script.strip():
                found.blocked_scripts.append(Finding(relative, _excerpt(script)))
        for style in scanner.styles:
            if _GENERATED_STYLES.fullmatch(style):
                found.style_hashes.add(csp_hash(style))
            elif style.strip():
                found.blocked_styles.append(Finding(relative, _excerpt(style)))
    found.blocked_scripts.sort(key=lambda f: f.path)
    found.blocked_styles.sort(key=lambda f: f.path)
    return found


def _excerpt(text: str, width: int = 60) -> str:
    """The start of *text* on one line, safe to print on a terminal."""
    flat = "".join(c if c.isprintable() else "?" for c in " ".join(text.split()))
    return flat if len(flat) <= width else flat[: width - 1] + "…"
