"""Links, headings and anchors of a page, as the site will render them.

The page is converted with Python-Markdown using the site's own extensions
and their options (the ``toc`` slugify function among them), so an anchor is
valid here exactly when it exists on the built page. Like MkDocs, anchors are
every ``id`` in the rendered page plus ids and ``<a name>`` in raw HTML.
"""

from __future__ import annotations

import bisect
import html
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any, NamedTuple
from urllib.parse import unquote

import markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE, HTML_PLACEHOLDER_RE

from .config import ConfigError
from .i18n import msg, verbatim
from .text.brackets import count_brackets_once


class Heading(NamedTuple):
    level: int
    text: str
    anchor: str | None


class RawLink(NamedTuple):
    """A link or image as written in the page, with its position in the file."""

    url: str
    line: int
    column: int
    is_image: bool = False


@dataclass
class ScannedPage:
    anchors: set[str] = field(default_factory=set)
    headings: list[Heading] = field(default_factory=list)
    links: list[RawLink] = field(default_factory=list)
    # Why the page could not be rendered (an extension raised): its links,
    # headings and anchors are then missing. The loader reports it as KB110,
    # and the document cache keeps that finding rather than this.
    failure: str | None = None

    @property
    def first_h1(self) -> str | None:
        return next((h.text for h in self.headings if h.level == 1), None)


class _Collected(Exception):
    """Ends a conversion once the tree has been read."""


class _Collector(Treeprocessor):
    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.reset()

    def reset(self) -> None:
        self.anchors: set[str] = set()
        self.headings: list[Heading] = []
        self.urls: list[tuple[str, bool]] = []
        self.text_parts: list[str] = []

    def run(self, root: etree.Element) -> None:
        self.collect(root)
        self.stashed_anchors()
        # Everything needed is collected: skip serialising the page to HTML.
        raise _Collected

    def stashed_anchors(self) -> None:
        """Ids in HTML that extensions stashed whole (a fenced block's
        ``{ #example }``): the built page has them too."""
        for block in self.md.htmlStash.rawHtmlBlocks:
            text = str(block)
            if "id=" in text or "name=" in text:
                parser = _AnchorParser()
                try:
                    parser.feed(text)
                    parser.close()
                except (AssertionError, ValueError):
                    continue
                self.anchors |= parser.anchors

    def collect(self, root: etree.Element) -> None:
        for element in root.iter():
            anchor = element.get("id")
            if anchor:
                self.anchors.add(anchor)
            tag = element.tag
            if tag == "a":
                name = element.get("name")
                if name:
                    self.anchors.add(name)
                href = element.get("href")
                # A heading's permalink (toc) is made by the engine, not written.
                if href is not None and "headerlink" not in (element.get("class") or "").split():
                    self.urls.append((_unescaped(href), False))
            elif tag == "img":
                src = element.get("src")
                if src is not None:
                    self.urls.append((src, True))
            elif isinstance(tag, str) and len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
                self.headings.append(Heading(int(tag[1]), self.heading_text(element), anchor))

    def heading_text(self, heading: etree.Element) -> str:
        """The heading as the reader sees it: entities decoded, inline HTML
        reduced to its text, without the permalink ``toc`` appends."""
        parts: list[str] = []

        def walk(element: etree.Element) -> None:
            if element.text:
                parts.append(element.text)
            for child in element:
                if child.tag != "a" or "headerlink" not in (child.get("class") or "").split():
                    walk(child)
                if child.tail:
                    parts.append(child.tail)

        walk(heading)
        text = "".join(parts).replace(AMP_SUBSTITUTE, "&")
        text = HTML_PLACEHOLDER_RE.sub(self._stashed_text, text)
        return " ".join(html.unescape(_PLACEHOLDER.sub("", text)).split())

    def _stashed_text(self, match: re.Match[str]) -> str:
        try:
            raw = self.md.htmlStash.rawHtmlBlocks[int(match.group(1))]
        except (IndexError, ValueError):
            return ""
        return _TAG.sub("", str(raw))


def _unescaped(url: str) -> str:
    """A URL as the browser reads it. Python-Markdown writes e-mail autolinks
    (``<a@example.se>``, magiclink) as character references behind its own
    ampersand placeholder: ``mailto:`` is hidden in ``&#109;&#97;...``."""
    if AMP_SUBSTITUTE not in url:
        return url
    return html.unescape(url.replace(AMP_SUBSTITUTE, "&"))


# Placeholders Python-Markdown leaves for anything else it stashed.
_PLACEHOLDER = re.compile("\x02[^\x03]*\x03")
_TAG = re.compile(r"<[^>]*>")


class _RawHTMLAnchors(Preprocessor):
    """Ids in raw HTML blocks count as anchors too (as in MkDocs 1.6)."""

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.anchors: set[str] = set()

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        if "<" in text:
            parser = _AnchorParser()
            try:
                parser.feed(text)
                parser.close()
            except (AssertionError, ValueError):
                pass
            self.anchors = parser.anchors
        else:
            self.anchors = set()
        return lines


class _AnchorParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.anchors: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for key, value in attrs:
            if value and (key == "id" or (key == "name" and tag == "a")):
                self.anchors.add(value)


class _ScanExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        self.collector = _Collector(md)
        self.raw_html = _RawHTMLAnchors(md)
        md.treeprocessors.register(self.collector, "kb_collect", -100)
        md.preprocessors.register(self.raw_html, "kb_raw_html", 21)


class LinearLinks(Extension):
    """Python-Markdown's link processors with one count of a paragraph's
    brackets (:func:`count_brackets_once`): the site's pages render the same,
    in time that grows with their length. The MkDocs plugin adds it last to
    the site's extensions; the scanner of every page has it too."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        count_brackets_once(md, markdown.inlinepatterns.LinkInlineProcessor)


class PageScanner:
    """Renders pages with the site's Markdown settings and collects what the
    checks need. One instance is reused for every page (setting Markdown up is
    the expensive part)."""

    def __init__(self, extensions: list[Any], configs: dict[str, dict[str, Any]]) -> None:
        self._scan = _ScanExtension()
        try:
            self._md = markdown.Markdown(
                extensions=[*extensions, self._scan, LinearLinks()], extension_configs=configs
            )
        except (ImportError, AttributeError, TypeError, ValueError, KeyError) as exc:
            # No partial check without it: pages would render unlike the site.
            culprit = _failing_extension(extensions, configs)
            if isinstance(exc, ImportError) and culprit is not None:
                reason = (
                    msg("there is no module '{module}'", module=exc.name)
                    if isinstance(exc, ModuleNotFoundError) and exc.name
                    else verbatim(str(exc))
                )
                raise ConfigError(
                    msg("the Markdown extension '{extension}' in mkdocs.yml is not installed: "
                        "{reason}", extension=culprit, reason=reason),
                    msg("install the package that provides it in the same environment as kb "
                        "(the one mkdocs build uses), then run kb again"),
                ) from None
            problem = (
                msg("markdown_extensions in mkdocs.yml cannot be loaded: {reason}",
                    reason=str(exc))
                if culprit is None
                else msg("markdown_extensions in mkdocs.yml cannot be loaded ('{extension}'): "
                         "{reason}", extension=culprit, reason=str(exc))
            )
            raise ConfigError(
                problem,
                msg("check the extension names and options, and that their packages are "
                    "installed"),
            ) from None

    def scan(self, body: str, body_line: int = 1, *, reduce: bool = True) -> ScannedPage:
        """Anchors, headings and links of a page body whose first line is
        line *body_line* of the file. *reduce* skips prose (see
        :func:`reduce_for_scan`); the result is the same either way."""
        md = self._md
        md.reset()
        # Markdown returns early on a blank page: nothing may carry over.
        self._scan.collector.reset()
        self._scan.raw_html.anchors = set()
        failure = None
        try:
            md.convert(reduce_for_scan(body) if reduce else body)
        except _Collected:
            pass
        except Exception as exc:  # any extension's bug or refusal, on this page only
            failure = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        collector = self._scan.collector
        page = ScannedPage(
            anchors=collector.anchors | self._scan.raw_html.anchors,
            headings=list(collector.headings),
            failure=failure,
        )
        page.links = locate_links(body, collector.urls, body_line)
        return page


def _failing_extension(extensions: list[Any], configs: dict[str, dict[str, Any]]) -> str | None:
    """The first extension that cannot be loaded on its own, by name."""
    for extension in extensions:
        if not isinstance(extension, str):
            continue
        try:
            markdown.Markdown(extensions=[extension], extension_configs=configs)
        except Exception:
            return extension
    return None


# A prose line can carry neither an anchor nor a link unless it holds one of
# these; anything else in it only costs inline-pattern time.
_MAY_MATTER = re.compile(r"[\[\]<>{}|&`\\@]|://|www\.", re.IGNORECASE)
_SETEXT_UNDERLINE = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")


def reduce_for_scan(body: str) -> str:
    """The page without the prose that cannot carry an anchor or a link.

    Python-Markdown spends most of its time running inline patterns over
    every paragraph. Plain prose lines (no brackets, HTML, braces, pipes,
    code, URLs) are replaced by a placeholder word, and paragraphs made only
    of such lines are dropped where that cannot change the blocks around
    them. Headings, markers, indentation and code fences stay verbatim, so the
    anchors and links found are those of the full page (a property test
    asserts it), several times faster.
    """
    lines = body.split("\n")
    keep: set[int] = set()
    fence = ""  # the open fence's marker
    for index, line in enumerate(lines):
        # Code is stashed whole, never run through inline patterns: reducing
        # it saves nothing, and a block right above "===" is a heading's text.
        opening = _FENCE.match(line)
        marker = opening.group(1) if opening else ""
        if fence or marker:
            keep.add(index)
            if not fence:
                fence = marker
            elif marker[:1] == fence[0] and len(marker) >= len(fence):
                fence = ""
        elif _SETEXT_UNDERLINE.match(line):
            # The whole paragraph above an underline is a heading's text.
            above = index - 1
            while above >= 0 and lines[above].strip() and above not in keep:
                keep.add(above)
                above -= 1
    prose = [
        index not in keep
        and bool(stripped := line.lstrip())
        and stripped[0].isalpha()
        and not _MAY_MATTER.search(stripped)
        for index, line in enumerate(lines)
    ]
    # One pass over the paragraphs: each line is looked at a fixed number of
    # times, so the time grows with the page, not with its square.
    count = len(lines)
    index = _next_nonblank(lines, 0)
    while index < count:
        end = index
        while end < count and lines[end].strip():
            end += 1
        following = _next_nonblank(lines, end)
        # A paragraph can go only if the next one starts at column 0: it
        # would otherwise turn into a list continuation.
        next_unindented = following == count or not lines[following][0].isspace()
        run = range(index, end)
        if next_unindented and all(prose[i] and not lines[i][0].isspace() for i in run):
            for i in run:
                lines[i] = ""
        else:
            for i in run:
                if prose[i]:
                    line = lines[i]
                    lines[i] = line[: len(line) - len(line.lstrip())] + "x"
        index = following
    return "\n".join(lines)


def _next_nonblank(lines: list[str], start: int) -> int:
    """The index of the first non-blank line from *start* on (``len(lines)``
    when there is none)."""
    while start < len(lines) and not lines[start].strip():
        start += 1
    return start


def locate_links(body: str, urls: list[tuple[str, bool]], body_line: int) -> list[RawLink]:
    """Find each rendered URL in the source, in order, to report its position."""
    finder = _UrlFinder(body, [url for url, _ in urls])
    line_starts = [0] + [m.end() for m in re.finditer("\n", body)]
    links = []
    for url, is_image in urls:
        offset = max(finder.find(url), 0)
        line_index = bisect.bisect_right(line_starts, offset) - 1
        links.append(
            RawLink(url, body_line + line_index, offset - line_starts[line_index] + 1, is_image)
        )
    return links


# What may surround an address written in Markdown or HTML: ](url), <url>,
# href="url", [ref]: url.
_WRITTEN_TOKEN = re.compile(r"[^\s()<>\"'\[\]]+")


class _UrlFinder:
    """Where each rendered URL is written in the page, in time linear in the
    page's length however many links it has and in whatever order.

    Links are mostly written in the order they render, so each is first
    looked for after the previous one; that search is paid for by the
    distance it moves forward, plus a budget of a few page lengths for
    searches that fail. Anything else (reference definitions, repeats, an
    exhausted budget) is looked up in an index of the page's address-shaped
    words, built once.
    """

    def __init__(self, body: str, urls: list[str]) -> None:
        self.body = body
        self.cursor = 0
        self.budget = 4 * len(body) + 65536
        self.variants = {url: _variants(url) for url in urls}
        self._index: dict[str, list[int]] | None = None

    def find(self, url: str) -> int:
        """The offset of *url* as written (-1 when it cannot be found)."""
        variants = self.variants.get(url) or _variants(url)
        for variant in variants:
            offset = self._forward(variant)
            if offset >= 0:
                self.cursor = offset + len(variant)
                return offset
        for variant in variants:
            offsets = self.index.get(variant)
            if offsets:
                after = bisect.bisect_left(offsets, self.cursor)
                if after == len(offsets):
                    return offsets[0]
                self.cursor = offsets[after] + len(variant)  # as a forward search would
                return offsets[after]
        for variant in variants:  # inside a longer word, e.g. a bare URL before a full stop
            offset = self._search(variant, 0)
            if offset >= 0:
                return offset
        return -1

    def _forward(self, text: str) -> int:
        return self._search(text, self.cursor)

    def _search(self, text: str, start: int) -> int:
        """``str.find`` from *start*, paid for from the budget."""
        if self.budget <= 0:
            return -1
        end = min(len(self.body), start + self.budget)
        offset = self.body.find(text, start, end)
        self.budget -= (offset if offset >= 0 else end) - start
        return offset

    @property
    def index(self) -> dict[str, list[int]]:
        if self._index is None:
            wanted = {variant for variants in self.variants.values() for variant in variants}
            self._index = {}
            for match in _WRITTEN_TOKEN.finditer(self.body):
                token = match.group()
                if token in wanted:
                    self._index.setdefault(token, []).append(match.start())
        return self._index


def _variants(url: str) -> tuple[str, ...]:
    """How *url* may be written: as is, with ``&amp;``, percent-decoded, or
    (an email autolink) without its ``mailto:``."""
    found = [url]
    if "&" in url:
        found.append(url.replace("&", "&amp;"))
    decoded = unquote(url)
    if decoded != url:
        found.append(decoded)
    if url.startswith("mailto:"):
        found.append(url[len("mailto:") :])
    return tuple(found)
