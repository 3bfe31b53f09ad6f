"""What the scan collects from Python-Markdown's rendering of a page: ids,
links, image sources and heading text from the element tree (the
:class:`Collector`, which ends the conversion before HTML is written), and
ids and ``<a name>`` of raw HTML, as MkDocs counts them. Used by
:mod:`.scanner`."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from html.parser import HTMLParser

import markdown
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE, HTML_PLACEHOLDER_RE, AtomicString

from .page import Heading
from .shortcuts import LINKS_MARKER, PLACEHOLDER


class Collected(Exception):
    """Ends a conversion once the tree has been read."""


class Collector(Treeprocessor):
    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.reset()

    def reset(self) -> None:
        self.anchors: set[str] = set()
        self.headings: list[Heading] = []
        self.urls: list[tuple[str, bool]] = []
        self.text_parts: list[str] = []
        # The links of paragraphs reduce_for_scan left as one word each.
        self.paragraph_links: list[tuple[str, ...]] = []
        self.links_used: set[int] = set()
        self.misplaced = False  # such a word turned up where no paragraph is

    def run(self, root: etree.Element) -> None:
        self.collect(root)
        self.stashed_anchors()
        # Everything needed is collected: skip serialising the page to HTML.
        raise Collected

    def stashed_anchors(self) -> None:
        """Ids in HTML that extensions stashed whole (a fenced block's
        ``{ #example }``): the built page has them too."""
        for block in self.md.htmlStash.rawHtmlBlocks:
            text = str(block)
            if "id=" in text or "name=" in text:
                parser = AnchorParser()
                try:
                    parser.feed(text)
                    parser.close()
                except (AssertionError, ValueError):
                    continue
                self.anchors |= parser.anchors

    def collect(self, root: etree.Element) -> None:
        for element in root.iter():
            if self.paragraph_links:
                self.links_of_paragraph(element)
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

    def links_of_paragraph(self, element: etree.Element) -> None:
        """The links that stand behind the words of :func:`reduce_for_scan`
        in an element's text. Where the words are not all the text Markdown
        made of some lines (with the placeholders of prose), the page is
        rendered again in full (:attr:`misplaced`)."""
        for text, where in ((element.text, True), (element.tail, False)):
            if not text or LINKS_MARKER not in text:
                continue
            # A tail comes after the element's children: in order only without them.
            if isinstance(text, AtomicString) or not (where or len(element) == 0):
                self.misplaced = True
                return
            for word in text.split():
                if word == PLACEHOLDER:
                    continue
                match = _LINKS_WORD.fullmatch(word)
                number = int(match.group(1)) if match else -1
                if not 0 <= number < len(self.paragraph_links) or number in self.links_used:
                    self.misplaced = True
                    return
                self.links_used.add(number)
                self.urls.extend((url, False) for url in self.paragraph_links[number])

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


_LINKS_WORD = re.compile(LINKS_MARKER + r"(\d{1,9})")
# Placeholders Python-Markdown leaves for anything else it stashed.
_PLACEHOLDER = re.compile("\x02[^\x03]*\x03")
_TAG = re.compile(r"<[^>]*>")


class RawHTMLAnchors(Preprocessor):
    """Ids in raw HTML blocks count as anchors too (as in MkDocs 1.6)."""

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.anchors: set[str] = set()

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        if "<" in text:
            parser = AnchorParser()
            try:
                parser.feed(text)
                parser.close()
            except (AssertionError, ValueError):
                pass
            self.anchors = parser.anchors
        else:
            self.anchors = set()
        return lines


class AnchorParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.anchors: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for key, value in attrs:
            if value and (key == "id" or (key == "name" and tag == "a")):
                self.anchors.add(value)
