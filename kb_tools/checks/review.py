"""KB301–KB305: what has gone stale, and dates that cannot be right yet."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..diagnostics import Diagnostic, finding
from ..i18n import Message, msg, msg_n
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
    interval = bank.review_interval(doc)
    if due is None or interval is None or doc.reviewed is None:
        return
    if not bank.review_overdue(doc, today):
        return
    pos = doc.position("reviewed")
    days = (today - due).days
    yield finding(
        "KB301",
        doc.path,
        pos.line,
        pos.column,
        msg_n(
            "review overdue: reviewed {reviewed}, due {due} (every {interval}), {n} day ago",
            "review overdue: reviewed {reviewed}, due {due} (every {interval}), {n} days ago",
            days,
            reviewed=doc.reviewed,
            due=due,
            interval=interval.message(),
        ),
        msg(
            "have the owner confirm the page and set 'reviewed: {today}'",
            today=today.isoformat(),
        ),
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
            msg(
                "contact '{name}' last verified {verified}, more than {max_age} ago",
                name=contact.name,
                verified=contact.verified,
                max_age=max_age.message(),
            ),
            msg(
                "confirm the details with {name} and set 'verified: {today}'",
                name=contact.name,
                today=today.isoformat(),
            ),
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
            msg("agreement expired on {date} but is still active", date=valid_until),
            msg("renew it with a new 'valid_until', or set 'status: retired' if it has ended"),
        )
        return
    days = (valid_until - today).days
    when = msg("today") if days == 0 else msg_n("in {n} day", "in {n} days", days)
    hint = (
        msg("start the renewal with the parties now")
        if doc.notice is None
        else msg(
            "start the renewal with the parties now (notice period {notice})",
            notice=doc.notice.message(),
        )
    )
    yield finding(
        "KB304",
        doc.path,
        pos.line,
        pos.column,
        msg("agreement ends on {date}, {when}", date=valid_until, when=when),
        hint,
    )


def _future_dates(doc: Document, today: date) -> Iterator[Diagnostic]:
    dated: list[tuple[tuple[str | int, ...], date | None, Message]] = []
    for key in ("reviewed", "signed"):
        value = getattr(doc, key)
        if value is not None:
            message = msg(
                "'{key}' is in the future: {date} (today is {today})",
                key=key, date=value, today=today,
            )
            dated.append(((key,), value, message))
    for index, contact in enumerate(doc.contacts):
        message = msg(
            "'verified' of contact '{name}' is in the future: {date} (today is {today})",
            name=contact.name, date=contact.verified, today=today,
        )
        dated.append((("contacts", index, "verified"), contact.verified, message))
    for path, value, message in dated:
        if value is None or value <= today:
            continue
        pos = doc.position(*path)
        yield finding(
            "KB305",
            doc.path,
            pos.line,
            pos.column,
            message,
            msg("write the date it actually happened"),
        )
