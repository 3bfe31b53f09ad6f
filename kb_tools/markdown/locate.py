"""Where each link the rendering found is written in the page's source:
its line and column, for the messages. Used by :mod:`.scanner`."""

from __future__ import annotations

import bisect
import re
from urllib.parse import unquote

from .page import RawLink


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
