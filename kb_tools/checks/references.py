"""KB201–KB206: references between pages, internal links, anchors and files."""

from __future__ import annotations

import difflib
import posixpath
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from ..diagnostics import Diagnostic, finding
from ..fields.validation import did_you_mean
from ..i18n import Message, msg
from ..model import Bank, Document, Link

NAME_CUTOFF = 0.75  # how alike two file names must be for one to be suggested for the other


def check(bank: Bank, today: date) -> Iterator[Diagnostic]:
    for doc in bank.documents:
        if not doc.readable:
            continue
        yield from _references(bank, doc)
        yield from _links(bank, doc)
        yield from _document_attachment(bank, doc)


def _references(bank: Bank, doc: Document) -> Iterator[Diagnostic]:
    for ref in doc.references():
        pos = ref.position
        candidates = bank.candidates(ref.target, ref.expected_type)
        if not candidates:
            choices = (
                [d.id for d in bank.of_type("partner")] if ref.expected_type else list(bank.ids)
            )
            yield finding(
                "KB201",
                doc.path,
                pos.line,
                pos.column,
                msg("'{key}' refers to unknown id '{id}'", key=ref.key, id=ref.target),
                did_you_mean(ref.target, choices),
            )
            continue
        if len(candidates) > 1:
            paths = ", ".join(d.path for d in candidates)
            yield finding(
                "KB201",
                doc.path,
                pos.line,
                pos.column,
                msg(
                    "'{key}' refers to '{id}', which is the id of {count} pages: {paths}",
                    key=ref.key,
                    id=ref.target,
                    count=len(candidates),
                    paths=paths,
                ),
                msg("give the page you mean a unique 'id:' and refer to that"),
            )
            continue
        (target,) = candidates
        if ref.expected_type and target.type != ref.expected_type:
            yield finding(
                "KB201",
                doc.path,
                pos.line,
                pos.column,
                msg(
                    "'{key}' must name partner pages; '{id}' is a {type}",
                    key=ref.key,
                    id=ref.target,
                    type=target.type,
                ),
                did_you_mean(ref.target, [d.id for d in bank.of_type("partner")]),
            )
            continue
        problem = _reach(bank, doc, target, pos.line, pos.column, _Reference(ref.target, ref.key))
        if problem is not None:
            yield problem


@dataclass(frozen=True)
class _Reference:
    """A reference by id in a front-matter key."""

    target: str
    key: str


@dataclass(frozen=True)
class _Link:
    """A link in the body."""

    url: str


def _reach(
    bank: Bank, doc: Document, target: Document, line: int, column: int, via: _Reference | _Link
) -> Diagnostic | None:
    """Publishing rules between two existing pages (KB204, KB206)."""
    if target is doc:
        return None
    message: Message
    if doc.is_published and not target.is_published:
        if isinstance(via, _Reference):
            message = msg(
                "refers to '{id}' in '{key}', a draft ({path}) that will not be published",
                id=via.target, key=via.key, path=target.path,
            )
        else:
            message = msg(
                "links to '{url}', a draft ({path}) that will not be published",
                url=via.url, path=target.path,
            )
        return finding(
            "KB206",
            doc.path,
            line,
            column,
            message,
            msg("publish the draft first (remove 'status: draft'), or remove the reference"),
        )
    if bank.visibility(doc) == "public" and bank.visibility(target) != "public":
        if isinstance(via, _Reference):
            message = msg(
                "this public page refers to '{id}' in '{key}', an internal page ({path})",
                id=via.target, key=via.key, path=target.path,
            )
        else:
            message = msg(
                "this public page links to '{url}', an internal page ({path})",
                url=via.url, path=target.path,
            )
        return finding(
            "KB204",
            doc.path,
            line,
            column,
            message,
            msg(
                "make the target 'visibility: public' if it may be published, "
                "or remove the link from the public page"
            ),
        )
    return None


def _links(bank: Bank, doc: Document) -> Iterator[Diagnostic]:
    for link in doc.links:
        if link.kind in ("external", "other"):
            continue
        raw = link.raw
        if link.kind == "file":
            yield from _file_link(bank, doc, link)
            continue
        target_doc = bank.by_src.get(link.target or "")
        if target_doc is None:
            yield finding(
                "KB202",
                doc.path,
                raw.line,
                raw.column,
                msg(
                    "link to '{url}': no page {path}",
                    url=raw.url,
                    path=_bank_path(bank, link.target or ""),
                ),
                _page_suggestion(bank, doc, link),
            )
            continue
        if (
            link.anchor
            and target_doc.readable
            and link.anchor not in target_doc.scanned.anchors
            and _anchor_knowable(bank, target_doc, link.anchor)
        ):
            message = (
                msg(
                    "link to '{url}': this page has no heading or anchor '#{anchor}'",
                    url=raw.url, anchor=link.anchor,
                )
                if target_doc is doc
                else msg(
                    "link to '{url}': {path} has no heading or anchor '#{anchor}'",
                    url=raw.url, path=target_doc.path, anchor=link.anchor,
                )
            )
            yield finding(
                "KB203",
                doc.path,
                raw.line,
                raw.column,
                message,
                did_you_mean(link.anchor, target_doc.scanned.anchors),
            )
        if target_doc.readable and target_doc is not doc:
            problem = _reach(bank, doc, target_doc, raw.line, raw.column, _Link(raw.url))
            if problem is not None:
                yield problem


def _anchor_knowable(bank: Bank, target: Document, anchor: str) -> bool:
    """Whether kb can tell that *anchor* is missing on *target*. It cannot
    when the site declares the anchor as made at build time
    (``unchecked_anchors``), when the site's extensions complained while
    rendering the page (the warning is shown on stderr), or when the page
    documents an object with mkdocstrings (``::: package.module``), whose
    anchors are the object's and its members' dotted names."""
    if bank.config.kb.anchor_unchecked(anchor) or target.render_troubled:
        return False
    return not any(
        anchor == name or anchor.startswith(name + ".") for name in _autodoc_names(target)
    )


_AUTODOC = re.compile(r"^[ \t]*::: +([A-Za-z_][\w.]*)", re.MULTILINE)


def _autodoc_names(doc: Document) -> list[str]:
    return _AUTODOC.findall(doc.body) if ":::" in doc.body else []


def _page_suggestion(bank: Bank, doc: Document, link: Link) -> Message | None:
    target = link.target or ""
    written = _as_address(bank, doc, link.raw.url)
    if written is not None:
        # Written as the browser's address from the page's own folder URL:
        # it works there by chance, and the page's file is the sure link.
        return did_you_mean_path(_relative(written, doc.src_path))
    if target.startswith("../"):
        return msg("the link points outside the docs folder; link to a page inside it")
    match = suggest_path(target, bank.by_src)
    if match is None:
        return None
    return did_you_mean_path(_relative(match, doc.src_path))


def did_you_mean_path(path: str) -> Message:
    return msg("did you mean '{match}'?", match=path)


def suggest_path(target: str, candidates: Iterable[str]) -> str | None:
    """The file a link to the missing *target* most likely meant: one whose
    name is *target*'s but for a typo or upper/lower case, in the same
    folder or, moved, in another; None when no name is close. Names are
    compared without their folder and suffix, which siblings share:
    ``rutiner/README.md`` is not close to ``rutiner/rutin-d.md``."""
    folder, name = posixpath.split(target.lower())
    stem = posixpath.splitext(name)[0]
    best, best_score = None, 0.0
    for candidate in sorted(candidates):
        other_folder, other_name = posixpath.split(candidate.lower())
        likeness = 1.0 if other_name == name else _likeness(stem, posixpath.splitext(other_name)[0])
        if likeness < NAME_CUTOFF:
            continue
        # The name counts twice the folder: a page moved keeps its name.
        score = 2 * likeness + (1.0 if other_folder == folder else _likeness(folder, other_folder))
        if score > best_score:
            best, best_score = candidate, score
    return best


def _likeness(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()


def _bank_path(bank: Bank, target: str) -> str:
    """*target*, relative to the docs folder, as a path in the bank
    (``../x.md`` is ``x.md``, not ``docs/../x.md``)."""
    return posixpath.normpath(f"{bank.config.docs_prefix}{target}")


def _as_address(bank: Bank, doc: Document, url: str) -> str | None:
    """The page a link without ``.md`` names when it is read as an address
    from the page's folder URL (``/async/`` for ``async.md``), if there is one."""
    path = url.partition("#")[0].partition("?")[0]
    if not path or path.endswith(".md") or not bank.config.use_directory_urls:
        return None
    base = posixpath.splitext(doc.src_path)[0]
    if posixpath.basename(base) in ("index", "README"):
        base = posixpath.dirname(base)
    address = posixpath.normpath(posixpath.join(base, path.rstrip("/")))
    for candidate in (f"{address}.md", f"{address}/index.md", f"{address}/README.md"):
        if candidate in bank.by_src:
            return candidate
    return None


def _relative(target: str, source: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(source) or ".")


def _file_link(bank: Bank, doc: Document, link: Link) -> Iterator[Diagnostic]:
    target = link.target or ""
    if target in bank.files:
        return
    raw = link.raw
    hint = None
    if target.lower() in bank.files_lower:
        actual = bank.files_lower[target.lower()]
        suggestion = _relative(actual, doc.src_path)
        hint = msg(
            "the name differs in upper/lower case: did you mean '{match}'?", match=suggestion
        )
    else:
        match = suggest_path(target, _same_suffix(bank.files, target))
        if match:
            hint = did_you_mean_path(_relative(match, doc.src_path))
    path = _bank_path(bank, target)
    yield finding(
        "KB205",
        doc.path,
        raw.line,
        raw.column,
        msg("image '{url}' not found: no file {path}", url=raw.url, path=path)
        if raw.is_image
        else msg("file '{url}' not found: no file {path}", url=raw.url, path=path),
        hint,
    )


def _document_attachment(bank: Bank, doc: Document) -> Iterator[Diagnostic]:
    document, target = doc.attachment, doc.attachment_path
    if not document or not target:
        return
    if target in bank.files:
        return
    pos = doc.position("document")
    match = suggest_path(target, _same_suffix(bank.files, target))
    hint = (
        did_you_mean_path(_relative(match, doc.src_path))
        if match
        else msg(
            "put the signed document next to the page and give its path relative to the page"
        )
    )
    yield finding(
        "KB205",
        doc.path,
        pos.line,
        pos.column,
        msg(
            "'document' names '{document}', but there is no file {path}",
            document=document,
            path=_bank_path(bank, target),
        ),
        hint,
    )


def _same_suffix(files: set[str], target: str) -> list[str]:
    suffix = posixpath.splitext(target)[1].lower()
    return [f for f in files if posixpath.splitext(f)[1].lower() == suffix]
