"""KB301–KB305: what has gone stale, and dates that cannot be right yet."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..diagnostics import Diagnostic, finding
from ..model import AgreementState, Bank, Document


def check(bank: Bank, today: date) -> Iterator[Diagnostic]:
    for doc in bank.documents:
        if not doc.readable:
            continue
        yield from _future_dates(doc, today)
        if doc.is_retired:
            continue
        yield from _overdue(bank, doc, today)
        yield from _stale_contacts(bank, doc, today)
        yield from _agreement_end(bank, doc, today)


def _overdue(bank: Bank, doc: Document, today: date) -> Iterator[Diagnostic]:
    due = bank.review_due(doc)
    if due is None or doc.reviewed is None or not bank.review_overdue(doc, today):
        return
    pos = doc.position("reviewed")
    days = (today - due).days
    yield finding(
        "KB301",
        doc.path,
        pos.line,
        pos.column,
        f"review overdue: reviewed {doc.reviewed.isoformat()}, due {due.isoformat()} "
        f"(every {bank.review_interval(doc)}), {_days(days)} ago",
        f"have the owner confirm the page and set 'reviewed: {today.isoformat()}'",
    )


def _stale_contacts(bank: Bank, doc: Document, today: date) -> Iterator[Diagnostic]:
    max_age = bank.config.kb.contact_max_age
    for index, contact in enumerate(doc.contacts):
        if not bank.contact_stale(contact, today):
            continue
        pos = doc.position("contacts", index, "verified")
        yield finding(
            "KB302",
            doc.path,
            pos.line,
            pos.column,
            f"contact '{contact.name}' last verified {contact.verified.isoformat()}, "
            f"more than {max_age} ago",
            f"confirm the details with {contact.name} and set 'verified: {today.isoformat()}'",
        )


def _agreement_end(bank: Bank, doc: Document, today: date) -> Iterator[Diagnostic]:
    state = bank.agreement_state(doc, today)
    valid_until = doc.valid_until
    if valid_until is None or state not in (AgreementState.EXPIRED, AgreementState.ENDING):
        return
    pos = doc.position("valid_until")
    if state is AgreementState.EXPIRED:
        yield finding(
            "KB303",
            doc.path,
            pos.line,
            pos.column,
            f"agreement expired on {valid_until.isoformat()} but is still active",
            "renew it with a new 'valid_until', or set 'status: retired' if it has ended",
        )
        return
    days = (valid_until - today).days
    when = "today" if days == 0 else f"in {_days(days)}"
    hint = "start the renewal with the parties now"
    if doc.notice is not None:
        hint += f" (notice period {doc.notice})"
    yield finding(
        "KB304",
        doc.path,
        pos.line,
        pos.column,
        f"agreement ends on {valid_until.isoformat()}, {when}",
        hint,
    )


def _future_dates(doc: Document, today: date) -> Iterator[Diagnostic]:
    dated: list[tuple[tuple[str | int, ...], date | None, str]] = [
        (("reviewed",), doc.reviewed, "reviewed"),
        (("signed",), doc.signed, "signed"),
    ]
    for index, contact in enumerate(doc.contacts):
        dated.append(
            (
                ("contacts", index, "verified"),
                contact.verified,
                f"verified' of contact '{contact.name}",
            )
        )
    for path, value, label in dated:
        if value is None or value <= today:
            continue
        pos = doc.position(*path)
        yield finding(
            "KB305",
            doc.path,
            pos.line,
            pos.column,
            f"'{label}' is in the future: {value.isoformat()} (today is {today.isoformat()})",
            "write the date it actually happened",
        )


def _days(count: int) -> str:
    return "1 day" if count == 1 else f"{count} days"
