"""Reading one file into a Document: decode, front matter, validation with
every value that is valid kept, the scan of links and anchors, the safety
findings. :mod:`.parallel` runs it over a bank's files."""

from __future__ import annotations

import sys
from typing import Any

from pydantic import ValidationError

from ..config import Config
from ..diagnostics import Diagnostic, finding
from ..fields.validation import Problem, did_you_mean, misspelling_of, translate
from ..fields.values import did_you_mean as did_you_mean_key
from ..fields.vocabulary import DOC_TYPES, STATUSES
from ..front_matter import FrontMatter, FrontMatterError, read
from ..i18n import Message, msg
from ..markdown import PageScanner
from ..safety.content import identity_numbers, unsafe_html, unsafe_values
from ..text.escaping import one_line
from .capture import capture_output
from .document import Document, default_id, folder_type, title_from_name
from .documents import (
    ALL_KEYS,
    REQUIRED_KEYS,
    PageMetadata,
    fail_safe,
    keys_of_other_types,
    metadata_model,
)
from .resemblance import fingerprint


class DocumentLoader:
    """Reads one file into a Document: decode, front matter, validation, scan."""

    def __init__(self, config: Config) -> None:
        self.config = config
        with capture_output() as captured:
            self.scanner = PageScanner(config.markdown_extensions, config.mdx_configs)
        # Said while the extensions were set up, before any page: no page to
        # keep it with, and standard output belongs to the report.
        for line in captured.lines:
            print(f"{config.relative(config.config_file)}: {line}", file=sys.stderr)

    def load(self, src: str, data: bytes | str) -> Document:
        """The Document of one file; whatever the Markdown extensions print
        meanwhile is kept in :attr:`Document.output`, not printed."""
        with capture_output() as captured:
            document = self._load(src, data)
        document.output = tuple(captured.lines)
        # A page that could not be rendered has no anchors to judge links by.
        document.render_troubled = captured.troubled or document.scanned.failure is not None
        return document

    def _load(self, src: str, data: bytes | str) -> Document:
        try:
            source = read(data if isinstance(data, bytes) else data.encode("utf-8"))
        except FrontMatterError as exc:
            return unreadable_document(self.config, src, exc)
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
                    msg(
                        "the key '{key}' appears twice; only the last value is used",
                        key=str(key_path[-1]),
                    ),
                    msg("remove one of them"),
                )
            )
        doc_type = self._type_of(src, fm)
        meta = self._validate(doc_type, fm, problems, doc_path)
        self._check_required(doc_type, meta, fm, problems, doc_path)
        scanned = self.scanner.scan(source.body, source.body_line)
        if scanned.failure is not None:
            problems.append(unrendered(doc_path, source.body_line, scanned.failure))
        title = meta.title or scanned.first_h1 or title_from_name(src)
        document = Document(
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
        )
        document.fingerprint = fingerprint(document.words())
        problems += identity_numbers(doc_path, source.text)
        problems += unsafe_html(doc_path, source.text, source.body_line)
        problems += unsafe_values(doc_path, source.text, fm, source.body_line)
        return document

    def _type_of(self, src: str, fm: FrontMatter) -> str:
        declared = fm.data.get("type")
        if isinstance(declared, str) and declared in DOC_TYPES:
            return declared
        return folder_type(self.config, src)

    def _validate(
        self, doc_type: str, fm: FrontMatter, problems: list[Diagnostic], path: str
    ) -> PageMetadata:
        model = metadata_model(doc_type)
        extra = self.config.kb.extra_keys.of(doc_type)
        status = fm.data.get("status")
        if (
            doc_type == "page"
            and isinstance(status, str)
            and status in self.config.page_statuses
            and status not in STATUSES  # 'draft' means kb's draft, also as a badge
        ):
            extra |= {"status"}  # Material's badge ("status: new"), not kb's status
        data = {k: v for k, v in fm.data.items() if k not in extra} if extra else fm.data
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            translated = translate(exc, model, fm)
        other_keys = keys_of_other_types(doc_type)
        for problem in translated:
            diagnostic = _diagnostic_for(
                problem, path, doc_type, other_keys, extra, fm.data.get("owner"),
                list(self.config.kb.owners),
            )
            if diagnostic is not None:
                problems.append(diagnostic)
        # Keep every value that is valid, so one bad value hides no other
        # finding (a contact with a bad phone is still checked for its age);
        # a bad status or visibility holds the page back (fail_safe).
        cleaned = _without(data, translated)
        for _ in range(SALVAGE_ROUNDS):
            try:
                return fail_safe(model.model_validate(cleaned, context=SALVAGING), data)
            except ValidationError as exc:
                cleaned = _without(cleaned, translate(exc, model, fm))
        return fail_safe(model(), data)

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
                    msg(
                        "missing required key '{key}' (required for a {type})",
                        key=key,
                        type=doc_type,
                    ),
                    _REQUIRED_HINTS.get(key),
                )
            )


_REQUIRED_HINTS = {
    "title": msg("add a line such as 'title: Ankomst och inskrivning'"),
    "owner": msg("add 'owner:' with the id of an owner declared in mkdocs.yml"),
    "reviewed": msg("add 'reviewed: YYYY-MM-DD', the date the owner last confirmed the page"),
    "org_type": msg(
        "add 'org_type:' with one of municipality, region, agency, school, company, "
        "association, other"
    ),
    "parties": msg("add 'parties: [partner-id]' naming the partners of the agreement"),
    "valid_from": msg("add 'valid_from: YYYY-MM-DD', the date the agreement starts"),
    "contacts": msg(
        "add 'contacts:' with the partner's contact persons (an empty list, "
        "'contacts: []', if there are none)"
    ),
}

# An extension's exception may carry a whole page: a message shows its start.
FAILURE_LENGTH = 200


def unrendered(path: str, body_line: int, failure: str) -> Diagnostic:
    """KB110 for a page the site's Markdown extensions raised an exception on,
    at the first line of its body (Python-Markdown does not say where)."""
    detail = one_line(failure)
    if len(detail) > FAILURE_LENGTH:
        detail = detail[: FAILURE_LENGTH - 1] + "…"
    return finding(
        "KB110",
        path,
        body_line,
        1,
        msg("the page could not be rendered by the site's Markdown extensions: {detail}",
            detail=detail),
        msg(
            "mkdocs build stops at this page too, and its links and anchors are not checked "
            "until it renders: change what the extension cannot handle, or fix the extension"
        ),
    )


_CODES_BY_KIND = {"missing": "KB101", "unknown": "KB103", "format": "KB102"}


def _diagnostic_for(
    problem: Problem,
    path: str,
    doc_type: str,
    other_keys: dict[str, str],
    extra: frozenset[str],
    owner: object = None,
    owners: list[str] | None = None,
) -> Diagnostic | None:
    code = _CODES_BY_KIND[problem.kind]
    hint = problem.hint
    message = problem.message
    if problem.kind == "unknown" and len(problem.path) == 1:
        key = str(problem.path[0])
        if doc_type == "page":
            # An untyped page may carry a site's own keys (authors,
            # source_url, ...): only a near miss of a known key is reported.
            match = misspelling_of(key, {*ALL_KEYS, *extra})
            if match is None:
                return None
            hint = did_you_mean_key(match)
        elif key in other_keys:
            message = msg("the key '{key}' is not used on a {type} page", key=key, type=doc_type)
            hint = msg("'{key}' belongs on {types} pages", key=key, types=other_keys[key])
        elif hint is None and extra:
            hint = did_you_mean(key, extra)
    if problem.kind == "format" and problem.path in (("status",), ("visibility",)):
        hint = _held_back(str(problem.path[0]), hint)
    if problem.kind == "format" and problem.path == ("owner",) and owners:
        # The id the value would make is no help unless an owner has it.
        hint = did_you_mean(str(owner), owners) or owners_hint(owners)
    return finding(code, path, problem.position.line, problem.position.column, message, hint)


def owners_hint(owners: list[str]) -> Message:
    """Where the owners a page may name are, and which they are."""
    return msg(
        "owners are declared under plugins.kb.owners in mkdocs.yml: {owners}",
        owners=", ".join(sorted(owners)),
    )


# What is left after the bad values are dropped is validated again, with
# the rules between keys relaxed: they were reported on the first pass.
SALVAGING = {"salvaging": True}
SALVAGE_ROUNDS = 3


def _held_back(key: str, suggestion: Message | None) -> Message:
    """The hint for a ``status`` or ``visibility`` that is not one of the
    contract's values: what the page is meanwhile (see :func:`fail_safe`)."""
    if key == "status" and suggestion:
        return msg(
            "{suggestion} Until the value is one of these, the page is a draft: neither site "
            "shows it and search does not find it",
            suggestion=suggestion,
        )
    if key == "status":
        return msg(
            "until the value is one of these, the page is a draft: neither site shows it and "
            "search does not find it"
        )
    if suggestion:
        return msg(
            "{suggestion} Until the value is one of these, the page is internal: the public "
            "site leaves it out",
            suggestion=suggestion,
        )
    return msg(
        "until the value is one of these, the page is internal: the public site leaves it out"
    )


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


def unreadable_document(config: Config, src: str, error: FrontMatterError) -> Document:
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
        title=title_from_name(src),
        problems=[problem],
        readable=False,
    )
