"""A document of the bank: one Markdown file with its typed metadata."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from ..config import Config
from ..diagnostics import Diagnostic
from ..front_matter import FrontMatter, Position
from ..markdown import RawLink, ScannedPage
from ..text.words import words
from .documents import Contact, PageMetadata
from .resemblance import Fingerprint

MARKDOWN_SUFFIXES = (".md", ".markdown")
INDEX_NAMES = ("index.md", "README.md", "readme.md")
PARTNER_KEYS = ("partners", "parties")


@dataclass(frozen=True)
class Reference:
    """An id named in front matter (``partners``, ``parties``, ``related``)."""

    key: str
    target: str
    position: Position

    @property
    def expected_type(self) -> str | None:
        """The type the key names: ``partners`` and ``parties`` name partners."""
        return "partner" if self.key in PARTNER_KEYS else None


class Link(NamedTuple):
    """A link in the body, resolved against the docs folder."""

    raw: RawLink
    kind: str  # "page", "file", "anchor" (same page), "external", "other"
    target: str | None  # docs-relative path of the target file
    anchor: str | None


@dataclass
class Document:
    """One Markdown file of the bank with its typed metadata."""

    src_path: str  # relative to docs_dir, forward slashes
    path: str  # relative to the bank root (what findings show)
    type: str
    id: str
    meta: PageMetadata
    front_matter: FrontMatter
    body: str = ""
    body_line: int = 1
    title: str = ""
    scanned: ScannedPage = field(default_factory=ScannedPage)
    links: list[Link] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    text: str = ""
    readable: bool = True
    fingerprint: Fingerprint | None = None  # for the near-duplicate check
    output: tuple[str, ...] = ()  # what Markdown extensions printed while rendering it
    render_troubled: bool = False  # an extension complained: anchors may be missing

    def words(self) -> list[str]:
        """The words of the title and the body, lower-cased."""
        return words(f"{self.title} {self.body}")

    @property
    def id_declared(self) -> bool:
        """Whether the page chose its id with ``id:`` (else it comes from the
        file name, and may collide with another file's without harm)."""
        return self.meta.id is not None

    @property
    def status(self) -> str:
        return self.meta.status

    @property
    def is_published(self) -> bool:
        return self.meta.status != "draft"

    @property
    def owner(self) -> str | None:
        return self.meta.owner

    @property
    def reviewed(self) -> date | None:
        return self.meta.reviewed

    @property
    def contacts(self) -> list[Contact]:
        return list(getattr(self.meta, "contacts", None) or [])

    def references(self) -> Iterator[Reference]:
        for key in ("partners", "parties", "related"):
            for index, target in enumerate(getattr(self.meta, key, None) or []):
                yield Reference(key, target, self.front_matter.value_position((key, index)))

    def position(self, *path: str | int) -> Position:
        return self.front_matter.value_position(tuple(path))


def folder_type(config: Config, src_path: str) -> str:
    """The type a file gets from its folder. A folder's own index page is the
    section's landing page, not one more routine, so it stays a ``page``."""
    if posixpath.basename(src_path) in INDEX_NAMES:
        return "page"
    return config.kb.type_for_folder(src_path) or "page"


def default_id(src_path: str) -> str:
    """The file name without ``.md``; for an index page, its folder's name."""
    folder, name = posixpath.split(src_path)
    stem = posixpath.splitext(name)[0]
    if name in INDEX_NAMES:
        return posixpath.basename(folder) if folder else "index"
    return stem


def title_from_name(src: str) -> str:
    stem = default_id(src)
    return stem.replace("-", " ").replace("_", " ").capitalize()
