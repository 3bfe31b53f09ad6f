"""What a scan finds on a page: headings, anchors, and links with their
positions in the file. The model keeps these in each document (and the
document cache stores them); the scanner makes them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple


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
