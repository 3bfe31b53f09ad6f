"""Which front-matter keys a site already uses, for ``kb init`` to propose
``extra_keys``: keys kb does not read, found on many pages, with counts.

Only front matter is read (no Markdown rendering), so a survey of thousands
of pages takes a moment. Keys one edit away from a key kb reads are left out:
they are misspellings for ``kb check`` to report, not the site's own keys.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..fields.validation import misspelling_of
from ..front_matter import FrontMatterError, read
from ..model.documents import ALL_KEYS
from ..model.files import DocsTree, Refused

# A key on fewer pages than this is a one-off, not a convention of the site.
MIN_PAGES = 3


@dataclass(frozen=True)
class KeyCount:
    key: str
    pages: int


@dataclass(frozen=True)
class Survey:
    pages: int
    unreadable: int  # pages whose front matter cannot be read (kb check says why)
    keys: list[KeyCount]  # the site's own keys, most used first

    @property
    def proposed(self) -> list[str]:
        return [k.key for k in self.keys if k.pages >= MIN_PAGES]


def survey(docs_dir: Path) -> Survey:
    counts: Counter[str] = Counter()
    pages = unreadable = 0
    tree = DocsTree(docs_dir)  # the pages kb check will read, read as it reads them
    for src in tree.pages:
        pages += 1
        try:
            data = read(tree.read(src)).front_matter.data
        except (OSError, Refused, FrontMatterError):
            unreadable += 1
            continue
        counts.update(str(key) for key in data)
    own = [
        KeyCount(key, n)
        for key, n in counts.items()
        if key not in ALL_KEYS and misspelling_of(key, ALL_KEYS) is None
    ]
    own.sort(key=lambda k: (-k.pages, k.key))
    return Survey(pages, unreadable, own)

