"""The Bank: every document of a knowledge bank, loaded once per run.

Checks, the site, the search index and the reports all read the same Bank;
nothing re-parses a file the Bank already holds. A Bank can be built from
files on disk (:meth:`Bank.load`) or from a dict of files (:meth:`Bank.from_files`).
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Iterable, Mapping
from datetime import date
from urllib.parse import unquote

from ..config import Config
from ..diagnostics import Diagnostic
from ..fields.durations import Duration
from ..fields.vocabulary import Visibility
from ..front_matter import FrontMatterError, Position
from ..i18n import Message, msg
from ..markdown import RawLink
from .audience import visibility
from .cache import DocumentCache
from .days import AgreementState
from .document import INDEX_NAMES, MARKDOWN_SUFFIXES, Document, Link
from .documents import Contact
from .files import DocsTree
from .loader import unreadable_document
from .parallel import load_documents
from .urls import absolute_url, page_url, relative_url


class Bank:
    """All documents of a bank, with ids, owners and the link graph."""

    def __init__(
        self,
        config: Config,
        documents: list[Document],
        files: Iterable[str],
        refused: Iterable[Diagnostic] = (),
    ) -> None:
        self.config = config
        self.documents = sorted(documents, key=lambda d: d.src_path)
        self.files = set(files)
        # Files under docs/ that the bank does not read (see .files): never built.
        self.refused = list(refused)
        self.by_src = {d.src_path: d for d in self.documents}
        self.ids = _id_index(self.documents)
        self.files_lower = {f.lower(): f for f in self.files}
        self._backlinks: dict[str, list[Document]] | None = None

    # -- loading ---------------------------------------------------------------

    @classmethod
    def load(cls, config: Config, *, use_cache: bool = True, tree: DocsTree | None = None) -> Bank:
        """Read every page of the docs folder, as walked by :class:`.DocsTree`
        (*tree*, when the caller has walked it already).

        With *use_cache*, documents parsed by an earlier run are reused for
        files whose content has not changed (see :mod:`.cache`); without it,
        every file is parsed and the cache is written afresh.
        """
        tree = tree or DocsTree.of(config)
        contents, unreadable = tree.read_pages()
        # Without use_cache nothing is read, and the fresh cache replaces the old.
        cache = DocumentCache.for_bank(config.root, config.config_file, read=use_cache)
        bank = cls.from_files(
            config, contents, other_files=tree.files, cache=cache, refused=tree.refused
        )
        for src, reason in unreadable.items():
            bank._add_unreadable(src, msg("the file cannot be read: {reason}", reason=reason))
        return bank

    @classmethod
    def from_files(
        cls,
        config: Config,
        contents: Mapping[str, bytes | str],
        other_files: Iterable[str] = (),
        cache: DocumentCache | None = None,
        refused: Iterable[Diagnostic] = (),
    ) -> Bank:
        """A bank from ``{docs-relative path: content}`` without touching disk."""
        documents = load_documents(config, contents, cache)
        bank = cls(config, documents, {*contents, *other_files}, refused)
        for doc in bank.documents:
            doc.links = bank.resolve_links(doc)
        return bank

    def _add_unreadable(self, src: str, message: Message) -> None:
        doc = unreadable_document(self.config, src, FrontMatterError(message, Position(1, 1)))
        self.documents.append(doc)
        self.documents.sort(key=lambda d: d.src_path)
        self.by_src[src] = doc

    # -- queries -----------------------------------------------------------------

    def candidates(self, doc_id: str, doc_type: str | None = None) -> list[Document]:
        """The pages an id can mean, in path order: none (unknown), one, or
        several (the id is ambiguous).

        Ids declared with ``id:`` win over ids that come from file names, so
        ``id: ankomst`` names its page even if some ``ankomst.md`` exists
        elsewhere (KB104 reports the clash). When *doc_type* is given and some
        candidates have that type, only those are kept: ``partners: [lernia]``
        means the partner page, not a routine that happens to be named so.
        """
        docs = self.ids.get(doc_id, [])
        declared = [d for d in docs if d.id_declared]
        chosen = declared or docs
        if doc_type is not None:
            chosen = [d for d in chosen if d.type == doc_type] or chosen
        return chosen

    def get(self, doc_id: str, doc_type: str | None = None) -> Document | None:
        """The one page *doc_id* names, or None when it names none or several
        (see :meth:`candidates`): an ambiguous id never silently picks a page."""
        found = self.candidates(doc_id, doc_type)
        return found[0] if len(found) == 1 else None

    def is_ambiguous(self, doc_id: str, doc_type: str | None = None) -> bool:
        return len(self.candidates(doc_id, doc_type)) > 1

    def key(self, doc: Document) -> str:
        """A name for *doc* that no other page shares (export file names,
        calendar UIDs): its id, or its path when the id is ambiguous."""
        if len(self.ids.get(doc.id, ())) < 2:
            return doc.id
        stem = posixpath.splitext(doc.src_path)[0]
        return re.sub(r"[^A-Za-z0-9]+", "-", stem).strip("-").lower() or doc.id

    def of_type(self, doc_type: str) -> list[Document]:
        return [d for d in self.documents if d.readable and d.type == doc_type]

    def visibility(self, doc: Document) -> Visibility:
        return visibility(doc, self.config.kb)

    # -- the rules of a day --------------------------------------------------------

    def review_interval(self, doc: Document) -> Duration | None:
        return doc.meta.review_every or self.config.kb.default_review_interval(doc.type)

    def review_due(self, doc: Document) -> date | None:
        """The day the page's review falls due (None: it has no review date
        or its type no interval). Retired pages have one too; nobody asks."""
        interval = self.review_interval(doc)
        if doc.reviewed is None or interval is None:
            return None
        return interval.after(doc.reviewed)

    def next_review(self, doc: Document) -> date | None:
        """The day a page in use is next due for review (None for a retired one)."""
        return None if doc.is_retired else self.review_due(doc)

    def review_overdue(self, doc: Document, today: date) -> bool:
        """Whether the review of a page still in use was due before *today*."""
        due = self.next_review(doc)
        return due is not None and due < today

    def contact_stale_after(self, contact: Contact) -> date:
        """The last day a contact's details count as confirmed: ``verified``
        plus the bank's ``contact_max_age``. Stale from the day after."""
        return self.config.kb.contact_max_age.after(contact.verified)

    def contact_stale(self, contact: Contact, today: date) -> bool:
        return self.contact_stale_after(contact) < today

    def agreement_state(self, doc: Document, today: date) -> AgreementState | None:
        """Where an agreement stands on *today* (None for other pages)."""
        if doc.type != "agreement":
            return None
        if doc.is_retired:
            return AgreementState.RETIRED
        valid_until = doc.valid_until
        if valid_until is None:
            return AgreementState.UNTIL_FURTHER_NOTICE
        if valid_until < today:
            return AgreementState.EXPIRED
        if valid_until <= self.config.kb.agreement_warning.after(today):
            return AgreementState.ENDING
        return AgreementState.ACTIVE

    # -- where pages live ------------------------------------------------------------

    def url(self, doc: Document) -> str:
        """The page's address relative to the site's root (``rutiner/ankomst/``)."""
        return page_url(doc.src_path, self.config.use_directory_urls)

    def absolute_url(self, doc: Document) -> str:
        """The page's address under ``site_url``; relative when there is none."""
        return absolute_url(self.config, doc.src_path)

    def relative_url(self, target: Document, source: Document) -> str:
        """The link from the page *source* to the page *target*."""
        return relative_url(self.url(target), self.url(source))

    def resolve_links(self, doc: Document) -> list[Link]:
        folder = posixpath.dirname(doc.src_path)
        return [self.resolve_link(doc, raw, folder) for raw in doc.scanned.links]

    def resolve_link(self, doc: Document, raw: RawLink, folder: str | None = None) -> Link:
        """Resolve a link the way MkDocs does: relative to the page's file."""
        if folder is None:
            folder = posixpath.dirname(doc.src_path)
        if any(marker in raw.url for marker in self.config.template_markers):
            # Written by a template (mkdocs-macros): known only once expanded.
            return Link(raw, "other", doc.src_path, None)
        kind, target, anchor = _split_link(folder, raw.url)
        if kind == "anchor" or kind == "other":
            target = doc.src_path
        elif kind == "folder":
            kind = "page"
            for name in INDEX_NAMES:
                candidate = posixpath.join(target, name) if target else name
                if candidate in self.by_src:
                    target = candidate
                    break
        return Link(raw, kind, target, anchor)

    def backlinks(self, target: Document) -> list[Document]:
        """Documents that link to or reference *target*, in path order."""
        if self._backlinks is None:
            self._backlinks = self._backlink_index()
        return self._backlinks.get(target.src_path, [])

    def _backlink_index(self) -> dict[str, list[Document]]:
        index: dict[str, dict[str, Document]] = {}
        for doc in self.documents:
            if not doc.readable:
                continue
            targets = {link.target for link in doc.links if link.target}
            for ref in doc.references():
                referenced = self.get(ref.target, ref.expected_type)
                if referenced is not None:
                    targets.add(referenced.src_path)
            targets.discard(doc.src_path)
            for target in targets:
                index.setdefault(target, {})[doc.src_path] = doc
        return {target: list(sources.values()) for target, sources in index.items()}


def _id_index(documents: list[Document]) -> dict[str, list[Document]]:
    """Every readable page under its id, in path order."""
    index: dict[str, list[Document]] = {}
    for doc in documents:
        if doc.readable:
            index.setdefault(doc.id, []).append(doc)
    return index


_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
FRAGMENT_DIRECTIVE = ":~:"


@functools.lru_cache(maxsize=65536)
def _split_link(folder: str, url: str) -> tuple[str, str | None, str | None]:
    """``(kind, docs-relative target, anchor)`` of a link written in *folder*.
    Kinds: external, anchor (same page), other, page, folder, file."""
    if url.startswith("//") or _SCHEME.match(url):
        return "external", None, None
    path, _, fragment = url.partition("#")
    path = path.partition("?")[0]
    # A fragment directive (":~:text=…", a text fragment) tells the browser
    # what to highlight; only what comes before it can name an anchor.
    fragment = fragment.partition(FRAGMENT_DIRECTIVE)[0]
    anchor = unquote(fragment) if fragment else None
    if not path:
        return ("anchor" if anchor else "other"), None, anchor
    path = unquote(path)
    joined = path.lstrip("/") if path.startswith("/") else posixpath.join(folder, path)
    target = posixpath.normpath(joined)
    if target == ".":
        target = ""
    if target.endswith(MARKDOWN_SUFFIXES):
        return "page", target, anchor
    if path.endswith("/") or not posixpath.splitext(target)[1]:
        return "folder", target, anchor
    return "file", target, anchor
