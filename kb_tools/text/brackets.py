"""Matching brackets in one pass: which closing bracket ends each opening one.

Python-Markdown finds the text of a link (``[text](url)``) by counting
brackets from each ``[`` to the end of the paragraph, and the address by
counting parentheses from each ``(``: a paragraph of thousands of ``[``
costs a count per bracket, the square of its length (10,000 of them took
20 seconds). The counting is the classic one — a closing bracket ends the
nearest opening one still open — so one pass with a stack answers it for
every bracket at once (:func:`closing_positions`).

:func:`count_brackets_once` gives a Python-Markdown instance's link
processors these answers; :mod:`kb_tools.markdown` calls it for the scanner
of every page. It takes the stock class as an argument, so that this module
does not import Markdown (only :mod:`kb_tools.markdown` does).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from typing import Any


def closing_positions(text: str, opening: str, closing: str) -> dict[int, int]:
    """``{position of an opening bracket: position of the closing one that
    ends it}`` for every opening bracket of *text* that is closed; one that
    is never closed is not in it. Every bracket counts, as Python-Markdown
    counts them (it has taken code spans and escapes out of the text first)."""
    open_at: list[int] = []
    closes: dict[int, int] = {}
    for found in re.finditer(f"[{re.escape(opening + closing)}]", text):
        if found.group() == opening:
            open_at.append(found.start())
        elif open_at:
            closes[open_at.pop()] = found.start()
    return closes


def count_brackets_once(md: Any, stock: type[Any]) -> None:
    """Give the link processors of the Python-Markdown instance *md* (those
    with the stock methods of *stock*, its ``LinkInlineProcessor``) the
    answers of one pass over a paragraph instead of a count from each
    candidate link to the paragraph's end. The results are the stock
    methods' own: a candidate the stock count would close is still handed
    to it, and only one it could never close is turned down at once."""
    for processor in md.inlinePatterns:
        _count_brackets_once(processor, stock)


def _count_brackets_once(processor: Any, link: type[Any]) -> None:
    if not isinstance(processor, link):
        return
    paragraph = _Paragraph()
    if type(processor).getText is link.getText:
        stock_text: Callable[[str, int], tuple[str, int, bool]] = processor.getText

        def get_text(data: str, index: int) -> tuple[str, int, bool]:
            if index < 1 or data[index - 1] != "[":
                return stock_text(data, index)
            end = paragraph.of(data).brackets.get(index - 1)
            if end is None:  # never closed: the stock count runs to the end
                return data[index:], len(data), False
            return data[index:end], end + 1, True

        processor.getText = get_text
    if type(processor).getLink is link.getLink:
        stock_link: Callable[[str, int], tuple[str, str | None, int, bool]] = processor.getLink

        def get_link(data: str, index: int) -> tuple[str, str | None, int, bool]:
            opened = processor.RE_LINK.match(data, pos=index)
            if opened is None or opened.group(1):  # no count at all: the stock answer is quick
                return stock_link(data, index)
            if not paragraph.of(data).address_may_end(index, opened.end()):
                return "", None, index, False
            return stock_link(data, index)

        processor.getLink = get_link


class _Paragraph:
    """What one pass over the text Python-Markdown tries its candidate links
    in tells about them (kept while it tries them in the same text)."""

    def __init__(self) -> None:
        self.text: str | None = None

    def of(self, text: str) -> _Paragraph:
        if text is not self.text:
            self.text = text
            self.brackets = closing_positions(text, "[", "]")
            self.parentheses = closing_positions(text, "(", ")")
            depth = [0]
            marks = [0]
            for char in text:
                depth.append(depth[-1] + (char == "(") - (char == ")"))
                marks.append(marks[-1] + (char in "()"))
            self.depth, self.marks = depth, marks
            self.quotes = {q: [m.start() for m in re.finditer(q, text)] for q in "'\""}
            # A title's closing quote right before ')', spaces between.
            self.title_ends = {
                q: [m.start() for m in re.finditer(f"{q} *\\)", text)] for q in "'\""
            }
        return self

    def address_may_end(self, opening: int, start: int) -> bool:
        """Whether the stock count of an address, from the '(' at *opening*
        (its text starts at *start*), can end: at the ')' that closes it
        before any quote; or, once a quote has started a title, at a ')'
        right after the title's closing quote, or when as many parentheses
        follow as were open (the count it falls back on)."""
        assert self.text is not None
        starts = [_first_after(p, start) for p in self.quotes.values()]
        quote_at = min((s for s in starts if s is not None), default=None)
        closing = self.parentheses.get(opening)
        if closing is not None and (quote_at is None or closing < quote_at):
            return True
        if quote_at is None:
            return False
        quote = self.text[quote_at]
        other = "'" if quote == '"' else '"'
        if _first_after(self.title_ends[quote], quote_at + 1) is not None:
            return True
        other_at = _first_after(self.quotes[other], quote_at + 1)
        if other_at is not None and _first_after(self.title_ends[other], other_at + 1) is not None:
            return True
        still_open = 1 + self.depth[quote_at] - self.depth[start]
        return self.marks[-1] - self.marks[quote_at + 1] >= still_open


def _first_after(positions: list[int], start: int) -> int | None:
    """The first of the sorted *positions* at or after *start*."""
    found = bisect.bisect_left(positions, start)
    return positions[found] if found < len(positions) else None
