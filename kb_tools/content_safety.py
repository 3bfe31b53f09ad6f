"""Personal data and code in a page: found in the file alone, when it is read.

KB401 (a Swedish personal identity number anywhere in the file) and KB402
(markup that can run code, in the body or in a front-matter value) need
nothing but the file, so the loader runs them with the front-matter checks,
in parallel on large banks, and keeps the findings with the parsed page in
the document cache. KB402 is advice: the site cleans and escapes whatever
it finds regardless (``kb_tools.site.sanitize``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, NamedTuple

from . import personnummer
from .diagnostics import Diagnostic, finding
from .escaping import url_scheme
from .frontmatter import FrontMatter, Position
from .frontmatter import Path as KeyPath
from .validation import describe_path

_FENCE = re.compile(r"^(?:[ \t]*>)*[ \t]*(`{3,}|~{3,})")  # also inside block quotes
_INLINE_CODE = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")
# As a browser reads comments: "<!-->" and "<!--->" end at once, and "--!>"
# ends one too; whatever a browser would still parse must not be masked.
_COMMENT = re.compile(r"<!--(?:-?>|.*?--!?>)", re.DOTALL)

_ELEMENTS = {
    "script": "a <script> element",
    "iframe": "an <iframe> element",
    "frame": "a <frame> element",
    "frameset": "a <frame> element",
    "object": "an <object>/<embed> element",
    "embed": "an <object>/<embed> element",
    "applet": "an <object>/<embed> element",
    "base": "a <base> element (it redirects the page's links and scripts)",
    "meta": "a <meta> element (it can redirect the page)",
}
_HANDLER = "an on* event handler attribute"
# Attributes a browser follows as a URL (or animates into one).
_URL_ATTRIBUTES = frozenset({
    "action", "background", "by", "cite", "codebase", "data", "dynsrc", "formaction",
    "from", "href", "icon", "lowsrc", "manifest", "ping", "poster", "src", "srcset", "to",
    "values", "xlink:href",
})
_RUNNING_SCHEMES = frozenset({"javascript", "vbscript", "data"})

_TAG = re.compile(r"<(?P<name>[a-zA-Z][^\s/>]*)")
# One attribute as the HTML tokenizer reads it: separated by white space or
# '/', a value quoted with either quote or not at all.
_ATTRIBUTE = re.compile(
    r"""[\s/]*(?P<name>[^\s/>=]+)(?:\s*=\s*(?P<value>"[^"]*"?|'[^']*'?|[^\s>]*))?"""
)
_ATTR_LIST = re.compile(r"\{:?(?P<body>[^{}\n]*)\}")
_LINK_TARGET = re.compile(r"\]\(\s*<?(?P<url>[^\s)>]*)")
_REFERENCE = re.compile(
    r"^[ ]{0,3}\[[^\]\n]+\]:[ \t]*(?:\n[ \t]*)?<?(?P<url>\S*)", re.MULTILINE
)
_BARE_SCHEME = re.compile(r"<(?P<url>(?:javascript|vbscript|data):)", re.IGNORECASE)


class _Hit(NamedTuple):
    offset: int
    what: str


def _running_url(value: str, attribute: str = "href") -> str | None:
    """What is wrong with *value* as a URL, if a browser would run it."""
    scheme = url_scheme(value)
    if scheme not in _RUNNING_SCHEMES:
        return None
    if scheme == "data":
        media = value.split(":", 1)[-1].lstrip().lower()
        if attribute in ("src", "srcset") and media.startswith("image/") and "svg" not in media:
            return None  # a picture, shown as a picture
    return f"a {scheme}: URL"


def _attributes(text: str, start: int, end: int | None = None) -> Iterator[_Hit]:
    """Handlers and running URLs among the attributes from *start* up to the
    end of the tag (or *end*)."""
    end = len(text) if end is None else end
    position = start
    while position < end:
        match = _ATTRIBUTE.match(text, position, end)
        if match is None or match.end() == position:
            break
        position = match.end()
        name = match.group("name").lower()
        value = match.group("value")
        if name.startswith(">") or name.startswith("<"):
            break
        if name.startswith("on"):
            yield _Hit(match.start("name"), _HANDLER)
        elif name == "attributename" and value and value.strip("\"'").lower().startswith("on"):
            yield _Hit(match.start("value"), _HANDLER)
        elif name.lstrip(".#") in _URL_ATTRIBUTES and value:
            what = _running_url(value.strip("\"'"), name)
            if what:
                yield _Hit(match.start("value") + (value[:1] in "\"'"), what)
        if position < end and text[position] == ">":
            break


def _scan(text: str, masked: str) -> Iterator[_Hit]:
    """Everything in *text* that would run, found where *masked* (the same
    text with code and comments blanked out) still shows markup."""
    for match in _TAG.finditer(masked):
        name = match.group("name").lower()
        if name in _ELEMENTS:
            yield _Hit(match.start(), _ELEMENTS[name])
        # Attributes are read from the text itself: a backtick inside a
        # tag does not make a code span of the tag's attributes.
        yield from _attributes(text, match.end())
    for match in _ATTR_LIST.finditer(masked):
        yield from _attributes(text, match.start("body"), match.end("body"))
    for pattern in (_LINK_TARGET, _REFERENCE, _BARE_SCHEME):
        for match in pattern.finditer(masked):
            what = _running_url(match.group("url"))
            if what:
                yield _Hit(match.start("url"), what)


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def identity_numbers(path: str, text: str) -> Iterator[Diagnostic]:
    """KB401: a personnummer or samordningsnummer anywhere in the file."""
    for match in personnummer.find(text):
        line_start = text.rfind("\n", 0, match.start) + 1
        before = text[line_start : match.start]
        if before.rstrip().endswith("tel:") or re.match(r"\s*-?\s*phone\s*:", before):
            continue
        line, column = _line_col(text, match.start)
        kind = "samordningsnummer" if match.coordination else "personnummer"
        masked = match.text[:-4] + "XXXX"
        yield finding(
            "KB401",
            path,
            line,
            column,
            f"a Swedish personal identity number ({kind}) {masked} must not be in the bank",
            "remove it: the bank is read by all staff and kept in git history; "
            "refer to the journal system instead",
        )


def _masked(text: str) -> str:
    """The whole file with code blocks, code spans and comments blanked out,
    offsets and line numbers unchanged."""
    text = _COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    lines = text.split("\n")
    fence: str | None = None
    for index, line in enumerate(lines):
        opening = _FENCE.match(line)
        if fence is not None:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
            lines[index] = " " * len(line)
            continue
        if opening:
            fence = opening.group(1)
            lines[index] = " " * len(line)
            continue
        lines[index] = _INLINE_CODE.sub(lambda m: " " * len(m.group(0)), line)
    return "\n".join(lines)


_HINT = ("remove it; embed nothing that runs in the reader's browser (link to the page "
         "instead)")
_VALUE_HINT = "remove it: front-matter values are shown as plain text, so markup is never needed"


def unsafe_html(path: str, text: str, body_line: int) -> Iterator[Diagnostic]:
    """KB402: markup in the body (from line *body_line* on) that would run
    code in the reader's browser: elements that run or load code, event
    handlers (in tags and in attribute lists), and links, references, forms
    and attributes whose URL a browser would run (``javascript:``,
    ``vbscript:``, ``data:``), however the scheme is written."""
    start = 0
    for _ in range(body_line - 1):
        start = text.find("\n", start) + 1
    body = text[start:]
    if "<" not in body and "{" not in body and "](" not in body and "]:" not in body:
        return  # nothing that could hold markup or a link: far faster than the scan
    masked = _masked(text)
    hits = {hit for hit in _scan(text, masked) if hit.offset >= start}
    for hit in sorted(hits):
        line, column = _line_col(text, hit.offset)
        yield finding("KB402", path, line, column, f"raw HTML that can run code: {hit.what}", _HINT)


def unsafe_values(
    path: str, text: str, front_matter: FrontMatter, body_line: int
) -> Iterator[Diagnostic]:
    """KB402 for front matter: a value holding markup or a URL that would run
    if it were printed unescaped (the site escapes it anyway)."""
    if not front_matter.present:
        return
    line_starts = [0] + [i + 1 for i, char in enumerate(text) if char == "\n"]
    front_end = line_starts[min(body_line, len(line_starts)) - 1]
    positions = sorted(
        {_offset(line_starts, p) for p in (*front_matter.key_positions.values(),
                                             *front_matter.value_positions.values())}
    )
    for key_path, value in _strings(front_matter.data, ()):
        hits = set(_scan(value, value))
        # A whole value that is a URL ("javascript:…", not "JavaScript: …").
        _, colon, rest = value.strip().partition(":")
        if colon and rest[:1] and not rest[:1].isspace():
            what = _running_url(value.strip())
            if what:
                hits.add(_Hit(0, what))
        if not hits:
            continue
        value_start = _offset(line_starts, front_matter.value_position(key_path))
        bound = next((p for p in positions if p > value_start), front_end)
        for hit in sorted(hits):
            # Where the markup is in the file: the same characters after the
            # value's start, else (quoted with escapes) the value's start.
            snippet = value[hit.offset : hit.offset + 8]
            found = text.find(snippet, value_start, max(bound, value_start + len(snippet)))
            line, column = _line_col(text, found if found >= 0 else value_start)
            yield finding(
                "KB402",
                path,
                line,
                column,
                f"raw HTML that can run code in {describe_path(key_path)}: {hit.what}",
                _VALUE_HINT,
            )


def _offset(line_starts: list[int], position: Position) -> int:
    index = min(max(position.line, 1), len(line_starts)) - 1
    return line_starts[index] + max(position.column, 1) - 1


def _strings(value: Any, path: KeyPath) -> Iterator[tuple[KeyPath, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*path, str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*path, index))
