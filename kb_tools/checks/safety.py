"""KB401–KB403: personal data, code in content, and contacts that disagree."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from .. import personnummer
from ..diagnostics import Diagnostic, finding
from ..fields import national_format
from ..model import Bank, Contact, Document

_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_INLINE_CODE = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_DANGEROUS = (
    (re.compile(r"<\s*script\b", re.I), "a <script> element"),
    (re.compile(r"<\s*iframe\b", re.I), "an <iframe> element"),
    (re.compile(r"<\s*(?:object|embed)\b", re.I), "an <object>/<embed> element"),
    (re.compile(r"<[a-z][^<>]*?\son[a-z]+\s*=", re.I), "an on* event handler attribute"),
    (
        re.compile(
            r"(?:\]\(\s*<?|\bhref\s*=\s*[\"']?\s*|\bsrc\s*=\s*[\"']?\s*|<)(?P<at>javascript:)", re.I
        ),
        "a javascript: URL",
    ),
)


def check(bank: Bank, today: date) -> Iterator[Diagnostic]:
    for doc in bank.documents:
        if not doc.readable:
            continue
        yield from _identity_numbers(doc)
        yield from _unsafe_html(doc)
    yield from _conflicting_contacts(bank)


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _identity_numbers(doc: Document) -> Iterator[Diagnostic]:
    text = doc.text
    for match in personnummer.find(text):
        line_start = text.rfind("\n", 0, match.start) + 1
        before = text[line_start : match.start]
        if before.rstrip().endswith("tel:") or re.match(r"\s*-?\s*phone\s*:", before):
            continue
        line, column = _line_col(text, match.start)
        kind = "samordningsnummer" if match.coordination else "personnummer"
        masked = match.text[:-4] + "XXXX"
        yield finding(
            "KB401",
            doc.path,
            line,
            column,
            f"a Swedish personal identity number ({kind}) {masked} must not be in the bank",
            "remove it: the bank is read by all staff and kept in git history; "
            "refer to the journal system instead",
        )


def _masked_body(doc: Document) -> str:
    """The whole file with code blocks, code spans and comments blanked out,
    offsets and line numbers unchanged."""
    text = _COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), doc.text)
    lines = text.split("\n")
    fence: str | None = None
    for index, line in enumerate(lines):
        opening = _FENCE.match(line)
        if fence is not None:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
            lines[index] = " " * len(line)
            continue
        if opening:
            fence = opening.group(1)
            lines[index] = " " * len(line)
            continue
        lines[index] = _INLINE_CODE.sub(lambda m: " " * len(m.group(0)), line)
    return "\n".join(lines)


def _unsafe_html(doc: Document) -> Iterator[Diagnostic]:
    body = doc.body
    if "<" not in body and "script:" not in body.lower():  # far faster than the patterns
        return
    text = _masked_body(doc)
    start = len("\n".join(doc.text.split("\n")[: doc.body_line - 1]))
    for pattern, what in _DANGEROUS:
        for match in pattern.finditer(text, start):
            at = match.start("at") if "at" in pattern.groupindex else match.start()
            line, column = _line_col(text, at)
            yield finding(
                "KB402",
                doc.path,
                line,
                column,
                f"raw HTML that can run code: {what}",
                "remove it; embed nothing that runs in the reader's browser "
                "(link to the page instead)",
            )


def _conflicting_contacts(bank: Bank) -> Iterator[Diagnostic]:
    seen: dict[str, tuple[Document, int, Contact]] = {}
    for doc in bank.documents:
        if not doc.readable:
            continue
        for index, contact in enumerate(doc.contacts):
            keys = []
            if contact.email:
                keys.append("email:" + contact.email.lower())
            if contact.phone:
                keys.append("phone:" + contact.phone)
            reported = False
            for key in keys:
                first = seen.get(key)
                if first is None:
                    seen[key] = (doc, index, contact)
                    continue
                if reported or first[0] is doc:
                    continue
                differences = _differences(first[2], contact)
                if differences:
                    reported = True
                    other_doc, other_index, _ = first
                    other = other_doc.position("contacts", other_index)
                    pos = doc.position("contacts", index)
                    yield finding(
                        "KB403",
                        doc.path,
                        pos.line,
                        pos.column,
                        f"contact '{contact.name}' differs from the same contact in "
                        f"{other_doc.path}:{other.line}: {'; '.join(differences)}",
                        "make the details agree on both pages (or correct the one that is "
                        "out of date)",
                    )


def _differences(first: Contact, second: Contact) -> list[str]:
    found = []
    if first.name.casefold() != second.name.casefold():
        found.append(f"name '{second.name}' here, '{first.name}' there")
    if first.email and second.email and first.email.lower() != second.email.lower():
        found.append(f"email '{second.email}' here, '{first.email}' there")
    if first.phone and second.phone and first.phone != second.phone:
        found.append(
            f"phone {national_format(second.phone)} here, {national_format(first.phone)} there"
        )
    return found
