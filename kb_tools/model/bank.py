"""The Bank: every document of a knowledge bank, loaded once per run.

Checks, the site, the search index and the reports all read the same Bank;
nothing re-parses a file the Bank already holds. A Bank can be built from
files on disk (:meth:`Bank.load`) or from a dict of files (:meth:`Bank.from_files`).
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from pydantic import ValidationError

from ..config import Config
from ..diagnostics import Diagnostic, finding
from ..durations import Duration
from ..frontmatter import FrontMatter, FrontMatterError, Position, read
from ..markdown import PageScanner, RawLink, ScannedPage
from ..validation import Problem, translate
from .documents import (
    DOC_TYPES,
    REQUIRED_KEYS,
    Contact,
    PageMetadata,
    keys_of_other_types,
    metadata_model,
)

MARKDOWN_SUFFIXES = (".md", ".markdown")
INDEX_NAMES = ("index.md", "README.md", "readme.md")


@dataclass(frozen=True)
class Reference:
    """An id named in front matter (``partners``, ``parties``, ``related``)."""

    key: str
    target: str
    position: Position


@dataclass(frozen=True)
class Link:
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


class Bank:
    """All documents of a bank, with ids, owners and the link graph."""

    def __init__(self, config: Config, documents: list[Document], files: Iterable[str]) -> None:
        self.config = config
        self.documents = sorted(documents, key=lambda d: d.src_path)
        self.files = set(files)
        self.by_src = {d.src_path: d for d in self.documents}
        self.by_id: dict[str, Document] = {}
        for doc in self.documents:
            if doc.readable:
                self.by_id.setdefault(doc.id, doc)
        self.files_lower = {f.lower(): f for f in self.files}

    # -- loading ---------------------------------------------------------------

    @classmethod
    def load(cls, config: Config) -> Bank:
        """Read every Markdown file under the configured docs folder."""
        docs_dir = config.docs_dir
        files = sorted(
            p.relative_to(docs_dir).as_posix()
            for p in docs_dir.rglob("*")
            if p.is_file() and not _hidden(p.relative_to(docs_dir))
        )
        contents: dict[str, bytes] = {}
        unreadable: dict[str, str] = {}
        for src in files:
            if src.endswith(MARKDOWN_SUFFIXES):
                try:
                    contents[src] = (docs_dir / src).read_bytes()
                except OSError as exc:
                    unreadable[src] = exc.strerror or str(exc)
        bank = cls.from_files(config, contents, other_files=files)
        for src, reason in unreadable.items():
            bank._add_unreadable(src, f"the file cannot be read: {reason}")
        return bank

    @classmethod
    def from_files(
        cls,
        config: Config,
        contents: Mapping[str, bytes | str],
        other_files: Iterable[str] = (),
    ) -> Bank:
        """A bank from ``{docs-relative path: content}`` without touching disk."""
        loader = _DocumentLoader(config)
        documents = [loader.load(src, data) for src, data in sorted(contents.items())]
        bank = cls(config, documents, {*contents, *other_files})
        for doc in bank.documents:
            doc.links = [bank.resolve_link(doc, raw) for raw in doc.scanned.links]
        return bank

    def _add_unreadable(self, src: str, message: str) -> None:
        doc = _unreadable_document(self.config, src, FrontMatterError(message, Position(1, 1)))
        self.documents.append(doc)
        self.documents.sort(key=lambda d: d.src_path)
        self.by_src[src] = doc

    # -- queries -----------------------------------------------------------------

    def get(self, doc_id: str) -> Document | None:
        return self.by_id.get(doc_id)

    def of_type(self, doc_type: str) -> list[Document]:
        return [d for d in self.documents if d.readable and d.type == doc_type]

    def visibility(self, doc: Document) -> str:
        return doc.meta.visibility or self.config.kb.default_visibility

    def review_interval(self, doc: Document) -> Duration | None:
        return doc.meta.review_every or self.config.kb.default_review_interval(doc.type)

    def review_due(self, doc: Document) -> date | None:
        interval = self.review_interval(doc)
        if doc.reviewed is None or interval is None:
            return None
        return interval.after(doc.reviewed)

    def resolve_link(self, doc: Document, raw: RawLink) -> Link:
        """Resolve a link the way MkDocs does: relative to the page's file."""
        url = raw.url
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or url.startswith("//"):
            return Link(raw, "external", None, None)
        anchor = unquote(parts.fragment) if parts.fragment else None
        if not parts.path:
            return Link(raw, "anchor" if anchor else "other", doc.src_path, anchor)
        path = unquote(parts.path)
        if path.startswith("/"):
            target = posixpath.normpath(path.lstrip("/"))
        else:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(doc.src_path), path))
        if target in (".", ""):
            target = ""
        if target.endswith(MARKDOWN_SUFFIXES):
            return Link(raw, "page", target, anchor)
        if not posixpath.splitext(target)[1] or path.endswith("/"):
            for name in INDEX_NAMES:
                candidate = posixpath.join(target, name) if target else name
                if candidate in self.by_src:
                    return Link(raw, "page", candidate, anchor)
            return Link(raw, "page", target, anchor)
        return Link(raw, "file", target, anchor)

    def backlinks(self, target: Document) -> list[Document]:
        """Documents that link to or reference *target*."""
        sources = []
        for doc in self.documents:
            if doc is target or not doc.readable:
                continue
            if any(ref.target == target.id for ref in doc.references()) or any(
                link.target == target.src_path for link in doc.links
            ):
                sources.append(doc)
        return sources

    def contact_map(self) -> dict[str, list[tuple[Document, int, Contact]]]:
        """Contacts grouped by partner document id."""
        return {
            d.id: [(d, i, c) for i, c in enumerate(d.contacts)] for d in self.of_type("partner")
        }


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


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


class _DocumentLoader:
    def __init__(self, config: Config) -> None:
        self.config = config
        self.scanner = PageScanner(config.markdown_extensions, config.mdx_configs)

    def load(self, src: str, data: bytes | str) -> Document:
        try:
            source = read(data if isinstance(data, bytes) else data.encode("utf-8"))
        except FrontMatterError as exc:
            return _unreadable_document(self.config, src, exc)
        doc_path = self.config.docs_prefix + src
        problems: list[Diagnostic] = []
        fm = source.front_matter
        for key_path, position in fm.duplicate_keys:
            problems.append(
                finding(
                    "KB106",
                    doc_path,
                    position.line,
                    position.column,
                    f"the key '{key_path[-1]}' appears twice; only the last value is used",
                    "remove one of them",
                )
            )
        doc_type = self._type_of(src, fm)
        meta = self._validate(doc_type, fm, problems, doc_path)
        self._check_required(doc_type, meta, fm, problems, doc_path)
        scanned = self.scanner.scan(source.body, source.body_line)
        title = meta.title or scanned.first_h1 or _title_from_name(src)
        return Document(
            src_path=src,
            path=doc_path,
            type=doc_type,
            id=meta.id or default_id(src),
            meta=meta,
            front_matter=fm,
            body=source.body,
            body_line=source.body_line,
            title=title,
            scanned=scanned,
            problems=problems,
            text=source.text,
        )

    def _type_of(self, src: str, fm: FrontMatter) -> str:
        declared = fm.data.get("type")
        if isinstance(declared, str) and declared in DOC_TYPES:
            return declared
        return folder_type(self.config, src)

    def _validate(
        self, doc_type: str, fm: FrontMatter, problems: list[Diagnostic], path: str
    ) -> PageMetadata:
        model = metadata_model(doc_type)
        try:
            return model.model_validate(fm.data)
        except ValidationError as exc:
            translated = translate(exc, model, fm)
        other_keys = keys_of_other_types(doc_type)
        for problem in translated:
            problems.append(_diagnostic_for(problem, path, doc_type, other_keys))
        cleaned = _without(fm.data, translated)
        try:
            return model.model_validate(cleaned)
        except ValidationError:
            return model()

    def _check_required(
        self,
        doc_type: str,
        meta: PageMetadata,
        fm: FrontMatter,
        problems: list[Diagnostic],
        path: str,
    ) -> None:
        required = list(REQUIRED_KEYS.get(doc_type, ()))
        if doc_type == "partner" and meta.status == "active":
            required.append("contacts")
        for key in required:
            if key in fm.data:
                continue
            problems.append(
                finding(
                    "KB101",
                    path,
                    1,
                    1,
                    f"missing required key '{key}' (required for a {doc_type})",
                    _REQUIRED_HINTS.get(key),
                )
            )


_REQUIRED_HINTS = {
    "title": "add a line such as 'title: Ankomst och inskrivning'",
    "owner": "add 'owner:' with the id of an owner declared in mkdocs.yml",
    "reviewed": "add 'reviewed: YYYY-MM-DD', the date the owner last confirmed the page",
    "org_type": "add 'org_type:' with one of municipality, region, agency, school, company, "
    "association, other",
    "parties": "add 'parties: [partner-id]' naming the partners of the agreement",
    "valid_from": "add 'valid_from: YYYY-MM-DD', the date the agreement starts",
    "contacts": "add 'contacts:' with the partner's contact persons (an empty list, "
    "'contacts: []', if there are none)",
}

_CODES_BY_KIND = {"missing": "KB101", "unknown": "KB103", "format": "KB102"}


def _diagnostic_for(
    problem: Problem, path: str, doc_type: str, other_keys: dict[str, str]
) -> Diagnostic:
    code = _CODES_BY_KIND[problem.kind]
    hint = problem.hint
    message = problem.message
    if problem.kind == "unknown" and len(problem.path) == 1:
        key = str(problem.path[0])
        if key in other_keys:
            message = f"the key '{key}' is not used on a {doc_type} page"
            hint = f"'{key}' belongs on {other_keys[key]} pages"
    return finding(code, path, problem.position.line, problem.position.column, message, hint)


def _without(data: dict[str, Any], problems: list[Problem]) -> dict[str, Any]:
    """A copy of *data* without the values that failed validation, so every
    other value still reaches the checks: a bad top-level value is dropped;
    inside a list item (a contact) only the bad key is, unless the item lacks
    a required key, in which case the item is left out."""
    cleaned = dict(data)
    drop_items: dict[str, set[int]] = {}
    for problem in problems:
        path = problem.path
        if not path:
            continue
        key = str(path[0])
        items = cleaned.get(key)
        if len(path) >= 2 and isinstance(path[1], int) and isinstance(items, list):
            index = path[1]
            item = items[index] if index < len(items) else None
            if len(path) >= 3 and problem.kind != "missing" and isinstance(item, dict):
                items = cleaned[key] = list(items)
                items[index] = {k: v for k, v in item.items() if k != path[2]}
            else:
                drop_items.setdefault(key, set()).add(index)
        else:
            cleaned.pop(key, None)
    for key, indexes in drop_items.items():
        cleaned[key] = [v for i, v in enumerate(cleaned[key]) if i not in indexes]
    return cleaned


def _title_from_name(src: str) -> str:
    stem = default_id(src)
    return stem.replace("-", " ").replace("_", " ").capitalize()


def _unreadable_document(config: Config, src: str, error: FrontMatterError) -> Document:
    path = config.docs_prefix + src
    problem = finding(
        "KB100", path, error.position.line, error.position.column, error.message, error.hint
    )
    return Document(
        src_path=src,
        path=path,
        type=folder_type(config, src),
        id=default_id(src),
        meta=PageMetadata(),
        front_matter=FrontMatter(),
        title=_title_from_name(src),
        problems=[problem],
        readable=False,
    )
