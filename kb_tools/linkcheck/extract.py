"""Extract: every external http(s) URL in the bank, with where it is written.

The same link extraction as the internal checks (the Bank's rendered links),
plus the URLs in front matter (a partner's ``website``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..model import Bank


@dataclass(frozen=True)
class LinkUse:
    url: str
    path: str  # bank-root relative
    line: int
    column: int


def _wanted(path: str, limits: tuple[str, ...]) -> bool:
    return not limits or any(path == p or path.startswith(p.rstrip("/") + "/") for p in limits)


def extract(bank: Bank, limits: Iterable[str] = ()) -> Iterator[LinkUse]:
    wanted = tuple(limits)
    for doc in bank.documents:
        if not doc.readable or not _wanted(doc.path, wanted):
            continue
        for link in doc.links:
            if link.kind == "external" and link.raw.url.startswith(("http://", "https://")):
                yield LinkUse(
                    link.raw.url.split("#", 1)[0], doc.path, link.raw.line, link.raw.column
                )
        website = doc.website
        if website:
            position = doc.position("website")
            yield LinkUse(website.split("#", 1)[0], doc.path, position.line, position.column)
