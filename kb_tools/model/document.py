"""A document of the bank: one Markdown file with its typed metadata."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from ..config import Config
from ..diagnostics import Diagnostic
from ..fields.durations import Duration
from ..front_matter import FrontMatter, Position
from ..markdown import RawLink, ScannedPage
from ..text.words import words
from .documents import (
    AgreementMetadata,
    Contact,
    GlossaryMetadata,
    PageMetadata,
    PartnerMetadata,
    Term,
)
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
        """Whether the page is built at all: everything but a draft."""
        return self.meta.status != "draft"

    @property
    def is_active(self) -> bool:
        """Whether the page is in force: published and not retired (what
        search finds and what is compared for similarity)."""
        return self.meta.status == "active"

    @property
    def is_retired(self) -> bool:
        return self.meta.status == "retired"

    @property
    def owner(self) -> str | None:
        return self.meta.owner

    @property
    def reviewed(self) -> date | None:
        return self.meta.reviewed

    # -- the keys of one type: None (or empty) on pages of every other type ------

    @property
    def contacts(self) -> list[Contact]:
        meta = self.meta
        return list(meta.contacts or []) if isinstance(meta, PartnerMetadata) else []

    @property
    def org_type(self) -> str | None:
        return self.meta.org_type if isinstance(self.meta, PartnerMetadata) else None

    @property
    def phone(self) -> str | None:
        """A partner's switchboard number (E.164)."""
        return self.meta.phone if isinstance(self.meta, PartnerMetadata) else None

    @property
    def email(self) -> str | None:
        """A partner's shared mailbox."""
        return self.meta.email if isinstance(self.meta, PartnerMetadata) else None

    @property
    def website(self) -> str | None:
        return self.meta.website if isinstance(self.meta, PartnerMetadata) else None

    @property
    def address(self) -> str | None:
        return self.meta.address if isinstance(self.meta, PartnerMetadata) else None

    @property
    def parties(self) -> list[str]:
        """An agreement's partner ids."""
        return list(self.meta.parties) if isinstance(self.meta, AgreementMetadata) else []

    @property
    def valid_from(self) -> date | None:
        return self.meta.valid_from if isinstance(self.meta, AgreementMetadata) else None

    @property
    def valid_until(self) -> date | None:
        """The last day an agreement holds (None: until further notice)."""
        return self.meta.valid_until if isinstance(self.meta, AgreementMetadata) else None

    @property
    def signed(self) -> date | None:
        return self.meta.signed if isinstance(self.meta, AgreementMetadata) else None

    @property
    def notice(self) -> Duration | None:
        return self.meta.notice if isinstance(self.meta, AgreementMetadata) else None

    @property
    def attachment(self) -> str | None:
        """An agreement's signed document (``document:``), as written: a path
        relative to the page."""
        return self.meta.document if isinstance(self.meta, AgreementMetadata) else None

    @property
    def attachment_path(self) -> str | None:
        """The signed document's path under the docs folder."""
        if not self.attachment:
            return None
        folder = posixpath.dirname(self.src_path)
        return posixpath.normpath(posixpath.join(folder, self.attachment))

    @property
    def terms(self) -> list[Term]:
        return list(self.meta.terms) if isinstance(self.meta, GlossaryMetadata) else []

    @property
    def partner_ids(self) -> list[str]:
        """The partners the page concerns: an agreement's parties, then the
        partners any page names, each once."""
        return list(dict.fromkeys([*self.parties, *self.meta.partners]))

    def references(self) -> Iterator[Reference]:
        lists = {"partners": self.meta.partners, "parties": self.parties,
                 "related": self.meta.related}
        for key, targets in lists.items():
            for index, target in enumerate(targets):
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
