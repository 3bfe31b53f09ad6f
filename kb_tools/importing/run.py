"""``kb import``: Word documents and saved web pages into the bank, one
command per folder.

Two passes over the files. The first reads each document to learn its title,
so every page's path is known before any is written — a link from one
imported document to another then points at the other's page. The second
reads it again (memory stays flat however large the folder), writes the
Markdown, scans it for personal identity numbers, and writes the page and
its attachments unless this is a dry run. Nothing is ever overwritten: a
document already imported (its file name is in a page's ``source``) is
skipped, or with ``update`` its page gets the new body and keeps its front
matter.

Used by the ``kb import`` command (:mod:`kb_tools.cli.importing`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..authoring.scaffold import folder_for
from ..fields import slugify
from ..i18n import Message, msg, msg_n
from ..model import Bank
from .cleanup import Prepared, prepare
from .files import READERS, find_sources, shown
from .markdown_writer import WriterOptions, to_markdown
from .media import Media, MediaError, attachment_name
from .outcome import (
    IMPORT_TYPES,
    IMPORTED,
    NOT_IMPORTED,
    SKIPPED,
    UPDATED,
    ImportReport,
    Outcome,
)
from .page import (
    ATTACHMENTS,
    FrontMatterValues,
    Targets,
    attachment_links,
    front_matter,
    page_body,
    replace_body,
)
from .personal import personal_data
from .source import Source, SourceError

_FOOTNOTE_EXTENSIONS = {"footnotes", "markdown.extensions.footnotes", "extra"}


class ImportUsageError(Exception):
    """The options do not fit the bank (unknown owner, folder outside docs)."""


@dataclass(frozen=True)
class ImportOptions:
    doc_type: str
    owner: str
    today: date
    folder: str | None = None  # docs-relative; default: the type's folder
    reviewed: str | date = "document"  # "document", "today" or a date
    status: str = "draft"
    update: bool = False
    dry_run: bool = False
    allow_personal_data: bool = False
    partners: tuple[str, ...] = ()


# --- the import --------------------------------------------------------------


@dataclass
class _Plan:
    path: Path
    outcome: Outcome
    title: str = ""
    page: str = ""  # docs-relative
    slug: str = ""
    update: bool = False


def import_documents(bank: Bank, paths: Sequence[Path], options: ImportOptions) -> ImportReport:
    folder = _check_options(bank, options)
    sources, outcomes = find_sources(paths)
    plans = _plan(bank, sources, folder, options)
    pages_by_source = _pages_by_source(bank)
    for plan in plans:
        if plan.page:
            pages_by_source[plan.path.name.casefold()] = plan.page
    for plan in plans:
        if plan.page:
            _write(bank, plan, options, pages_by_source)
    outcomes = [plan.outcome for plan in plans] + outcomes
    return ImportReport(outcomes, options.dry_run)


def _check_options(bank: Bank, options: ImportOptions) -> str:
    config = bank.config
    if options.doc_type not in IMPORT_TYPES:
        raise ImportUsageError(
            msg("cannot import as '{type}'; choose one of {types}", type=options.doc_type,
                types=", ".join(IMPORT_TYPES))
        )
    owners = config.kb.owners
    if options.doc_type != "page" and options.owner not in owners:
        from ..fields.validation import did_you_mean

        hint = did_you_mean(options.owner, owners)
        unknown = msg("unknown owner '{owner}'; owners are {owners}", owner=str(options.owner),
                      owners=", ".join(owners))
        raise ImportUsageError(
            msg("{problem} ({hint})", problem=unknown, hint=hint) if hint else unknown
        )
    for partner in options.partners:
        page = bank.get(partner)
        if page is None or page.type != "partner":
            raise ImportUsageError(msg("'{id}' is not a partner page", id=partner))
    if options.doc_type == "agreement" and not options.partners:
        raise ImportUsageError(msg("an agreement needs its parties: --partner ID (one or more)"))
    if options.folder is None:
        return folder_for(bank, options.doc_type)
    folder = options.folder.replace("\\", "/").strip("/")
    prefix = config.docs_prefix
    if prefix and (folder + "/").startswith(prefix):
        folder = folder[len(prefix) :].strip("/")
    if folder.startswith("/") or ".." in folder.split("/"):
        raise ImportUsageError(
            msg("the folder '{folder}' is not inside {docs}", folder=options.folder,
                docs=prefix or "docs/")
        )
    return folder


def _pages_by_source(bank: Bank) -> dict[str, str]:
    pages: dict[str, str] = {}
    for doc in bank.documents:
        if doc.meta.source:
            pages.setdefault(doc.meta.source.casefold(), doc.src_path)
    return pages


def _read(path: Path) -> tuple[Source, Prepared]:
    source = READERS[path.suffix.lower()](path)
    prepared = prepare(source.root, source.title, heading_first=source.kind == "html")
    return source, prepared


def _plan(bank: Bank, sources: list[Path], folder: str, options: ImportOptions) -> list[_Plan]:
    taken = set(bank.ids) | {d.id for d in bank.documents}
    plans: list[_Plan] = []
    seen_names: dict[str, Path] = {}
    for path in sources:
        plan = _Plan(path, Outcome(shown(path), NOT_IMPORTED))
        plans.append(plan)
        try:
            _source, prepared = _read(path)
        except SourceError as exc:
            plan.outcome.attention.append(exc.args[0])
            continue
        name = path.name.casefold()
        if name in seen_names:
            plan.outcome.action = SKIPPED
            plan.outcome.attention.append(
                msg(
                    "another file with the same name, {path}, is imported in this run; rename "
                    "one of them",
                    path=shown(seen_names[name]),
                )
            )
            continue
        seen_names[name] = path
        earlier = [d for d in bank.documents if (d.meta.source or "").casefold() == name]
        if earlier and not options.update:
            plan.outcome.action = SKIPPED
            plan.outcome.page = earlier[0].path
            plan.outcome.attention.append(
                msg("it was imported before as {path}; give --update to replace that page's body",
                    path=earlier[0].path)
            )
            continue
        if len(earlier) > 1:
            plan.outcome.attention.append(
                msg("several pages were imported from a file of this name: {paths}",
                    paths=", ".join(d.path for d in earlier))
            )
            continue
        if earlier:
            doc = earlier[0]
            plan.update, plan.page, plan.slug = True, doc.src_path, doc.id
            plan.title = doc.title or prepared.title or _title_from_file(path)
            continue
        plan.title = prepared.title or _title_from_file(path)
        if not prepared.title:
            plan.outcome.notes.append(
                msg("the title is the file name: the document has no title")
            )
        slug = slugify(plan.title) or slugify(path.stem) or "dokument"
        plan.slug = _unique(bank, folder, slug, taken)
        taken.add(plan.slug)
        plan.page = f"{folder}/{plan.slug}.md" if folder else f"{plan.slug}.md"
    return plans


def _title_from_file(path: Path) -> str:
    return " ".join(re.sub(r"[_]+", " ", path.stem).split()) or path.stem


def _unique(bank: Bank, folder: str, slug: str, taken: set[str]) -> str:
    """As ``kb new`` does: a free id, and no file or attachments folder of
    that name already on disk."""
    docs = bank.config.docs_dir / folder

    def free(candidate: str) -> bool:
        return (
            candidate not in taken
            and not (docs / f"{candidate}.md").exists()
            and not (docs / ATTACHMENTS / candidate).exists()
        )

    candidate, number = slug, 2
    while not free(candidate):
        candidate = f"{slug}-{number}"
        number += 1
    return candidate


def _reviewed(source: Source, options: ImportOptions, notes: list[Message]) -> date:
    if isinstance(options.reviewed, date):
        return options.reviewed
    if options.reviewed == "today":
        return options.today
    modified = source.modified
    if modified is None:
        modified = date.fromtimestamp(os.stat(source.path).st_mtime)
        notes.append(
            msg("'reviewed' is the file's modification date: the document has none of its own")
        )
    if modified > options.today:
        notes.append(
            msg("'reviewed' is today: the document's date {date} is later",
                date=modified.isoformat())
        )
        modified = options.today
    return modified


def _write(bank: Bank, plan: _Plan, options: ImportOptions, pages: dict[str, str]) -> None:
    outcome = plan.outcome
    config = bank.config
    try:
        source, prepared = _read(plan.path)
    except SourceError as exc:
        outcome.attention.append(exc.args[0])
        return
    targets = Targets(source, plan.page, plan.slug, pages)
    footnotes = any(str(name) in _FOOTNOTE_EXTENSIONS for name in config.markdown_extensions)
    writer = WriterOptions(footnotes, link_target=targets.link, image_target=targets.image)
    body = to_markdown(source.root, writer, prepared.footnotes)
    attachments = _embedded(source, targets)
    if attachments:
        body = (body + "\n" if body else "") + attachment_links(attachments, targets.folder)
    outcome.attention += source.attention + targets.attention
    outcome.notes += source.notes
    if prepared.merged_cells:
        outcome.attention.append(
            msg(
                "{cells} in {tables} were split (text merged over rows is repeated in each "
                "row); check the tables",
                cells=msg_n("{n} merged table cell", "{n} merged table cells",
                            prepared.merged_cells),
                tables=msg_n("{n} table", "{n} tables", prepared.tables_with_merged_cells),
            )
        )
    if targets.dropped_links:
        listed = ", ".join(targets.dropped_links[:3])
        listed += ", …" if len(targets.dropped_links) > 3 else ""
        outcome.attention.append(
            msg_n(
                "{n} link to a document outside the bank is kept as text: {links}",
                "{n} links to documents outside the bank are kept as text: {links}",
                len(targets.dropped_links),
                links=listed,
            )
        )
    if targets.code_links:
        outcome.notes.append(
            msg_n(
                "{n} link that would run code (javascript:) is kept as text",
                "{n} links that would run code (javascript:) are kept as text",
                targets.code_links,
            )
        )
    target = config.docs_dir / plan.page
    outcome.page = config.relative(target)
    if plan.update:
        try:
            existing = target.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            outcome.attention.append(
                msg("the page {path} cannot be read: {reason}", path=outcome.page,
                    reason=str(exc))
            )
            return
        text = replace_body(existing, plan.title, body)
        if text is None:
            outcome.attention.append(
                msg("the page {path} has no front matter to keep", path=outcome.page)
            )
            return
    else:
        values = FrontMatterValues(
            plan.title,
            options.doc_type,
            options.owner,
            _reviewed(source, options, outcome.notes),
            options.status,
            plan.path.name,
            options.partners,
        )
        if options.doc_type == "agreement":
            outcome.attention.append(
                msg("'valid_from' is the document's date; set it to the date the agreement starts")
            )
        text = front_matter(values) + "\n" + page_body(plan.title, body)
    personal = personal_data(outcome.page, text)
    if personal and not options.allow_personal_data:
        outcome.attention += personal
        outcome.attention.append(
            msg(
                "not written: remove the number from the original and import again "
                "(or give --allow-personal-data)"
            )
        )
        return
    outcome.attention += personal
    outcome.action = UPDATED if plan.update else IMPORTED
    if options.dry_run:
        return
    media = targets.media
    try:
        _write_files(target, text, media, plan, update=plan.update)
    except OSError as exc:
        outcome.action = NOT_IMPORTED
        outcome.attention.append(
            msg("cannot write {path}: {reason}", path=outcome.page,
                reason=str(exc.strerror or exc))
        )


def _embedded(source: Source, targets: Targets) -> list[str]:
    taken = {media.name for media in targets.media}
    names: list[str] = []
    for embedded in source.embedded:
        try:
            name = attachment_name(embedded.name, taken)
        except MediaError as exc:
            targets.attention.append(msg("{reason}; it is left out", reason=exc.args[0]))
            continue
        targets.media.append(Media(name, embedded.data))
        names.append(name)
    return names


def _write_files(target: Path, text: str, media: list[Media], plan: _Plan, *, update: bool) -> None:
    folder = target.parent / ATTACHMENTS / plan.slug
    if media:
        folder.mkdir(parents=True, exist_ok=True)
    for item in media:
        path = folder / item.name
        with path.open("wb" if update else "xb") as handle:
            handle.write(item.data)
    if update:
        keep = {item.name for item in media}
        if folder.is_dir():
            for old in folder.iterdir():
                if old.name not in keep and re.fullmatch(r"bild-\d+\.\w+", old.name):
                    old.unlink()
        temporary = target.with_name(f".{target.name}.kb-import")
        temporary.write_text(text, encoding="utf-8", newline="")
        os.replace(temporary, target)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8", newline="\n") as handle:  # never overwrite
        handle.write(text)


__all__ = [
    "IMPORTED",
    "IMPORT_TYPES",
    "NOT_IMPORTED",
    "SKIPPED",
    "UPDATED",
    "ImportOptions",
    "ImportReport",
    "ImportUsageError",
    "Outcome",
    "import_documents",
]
