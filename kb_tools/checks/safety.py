"""KB403: the same contact, with different details on two pages."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..diagnostics import Diagnostic, finding
from ..fields import is_short_number, national_format, tel_number
from ..i18n import Message, msg
from ..model import Bank, Contact, Document


def check(bank: Bank, today: date) -> Iterator[Diagnostic]:
    # KB401 and KB402 need only the file itself: they are found when it is
    # read (see kb_tools.safety.content) and reported with its other problems.
    yield from _conflicting_contacts(bank)


def _conflicting_contacts(bank: Bank) -> Iterator[Diagnostic]:
    seen: dict[str, tuple[Document, int, Contact]] = {}
    for doc in bank.documents:
        if not doc.readable:
            continue
        for index, contact in enumerate(doc.contacts):
            keys = []
            if contact.email:
                keys.append("email:" + contact.email.lower())
            # A service number (1177, 114 14) is shared by many people: it names no one.
            if contact.phone and not is_short_number(contact.phone):
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
                        msg(
                            "contact '{name}' differs from the same contact in "
                            "{path}:{line}: {differences}",
                            name=contact.name,
                            path=other_doc.path,
                            line=str(other.line),
                            differences=_joined(differences),
                        ),
                        msg(
                            "make the details agree on both pages (or correct the one that "
                            "is out of date)"
                        ),
                    )


def _differences(first: Contact, second: Contact) -> list[Message]:
    found = []
    if first.name.casefold() != second.name.casefold():
        found.append(
            msg("name '{here}' here, '{there}' there", here=second.name, there=first.name)
        )
    if first.email and second.email and first.email.lower() != second.email.lower():
        found.append(
            msg("email '{here}' here, '{there}' there", here=second.email, there=first.email)
        )
    if first.phone and second.phone and tel_number(first.phone) != tel_number(second.phone):
        found.append(
            msg(
                "phone {here} here, {there} there",
                here=national_format(second.phone),
                there=national_format(first.phone),
            )
        )
    return found


def _joined(parts: list[Message]) -> Message:
    """The differences, one after another (``; `` between them)."""
    joined = parts[0]
    for part in parts[1:]:
        joined = msg("{first}; {second}", first=joined, second=part)
    return joined
