"""An iCalendar feed (RFC 5545) of review due dates and agreement end dates,
each an all-day event with a reminder before it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

from icalendar import Alarm, Calendar, Event

from ..model import Audience, Bank, Document
from ..text.escaping import plain_lines
from ..text.swedish import TYPE_NAMES

REMINDER_DAYS = 14

def _text(value: str) -> str:
    """A TEXT value the library can escape safely: it escapes newlines but
    passes U+2028, NEL, VT and FF through, which readers that split lines
    on them would take for the start of a new property."""
    return plain_lines(value)


def _event(
    uid: str, day: date, summary: str, description: str, url: str | None, stamp: datetime
) -> Event:
    event = Event()
    event.add("uid", _text(uid))
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    if day < date.max:  # without DTEND an all-day event lasts the one day (RFC 5545)
        event.add("dtend", day + timedelta(days=1))
    event.add("summary", _text(summary))
    event.add("description", _text(description))
    if url:
        event.add("url", _text(url))
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", _text(summary))
    alarm.add("trigger", timedelta(days=-REMINDER_DAYS))
    event.add_component(alarm)
    return event


def review_calendar(
    bank: Bank, documents: Iterable[Document], today: date, url_of: dict[str, str] | None = None
) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Kunskapsbanken//kb_tools//SV")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _text(f"Granskning – {bank.config.site_name}"))
    stamp = datetime(today.year, today.month, today.day, tzinfo=UTC)
    urls = url_of or {}
    for doc in documents:
        if doc.is_retired:
            continue
        owner = bank.config.kb.owners.get(doc.owner or "")
        owner_text = f"Ägare: {owner.name}" if owner else "Ägare saknas"
        due = bank.review_due(doc)
        if due is not None:
            calendar.add_component(
                _event(
                    f"review-{bank.key(doc)}@kunskapsbanken",
                    due,
                    f"Granska: {doc.title}",
                    f"{TYPE_NAMES[doc.type]} ska granskas senast {due.isoformat()}. {owner_text}.",
                    urls.get(doc.src_path),
                    stamp,
                )
            )
        valid_until = doc.valid_until
        if valid_until is not None:
            calendar.add_component(
                _event(
                    f"agreement-end-{bank.key(doc)}@kunskapsbanken",
                    valid_until,
                    f"Överenskommelse upphör: {doc.title}",
                    f"Gäller till och med {valid_until.isoformat()}. {owner_text}.",
                    urls.get(doc.src_path),
                    stamp,
                )
            )
    return bytes(calendar.to_ical())


def files(bank: Bank, audience: Audience, today: date) -> dict[str, bytes]:
    """``granskning.ics``, the review calendar: internal builds only (it
    names owners and what is late)."""
    if audience.public:
        return {}
    documents = audience.documents(bank)
    urls = {doc.src_path: bank.absolute_url(doc) for doc in documents}
    return {"granskning.ics": review_calendar(bank, documents, today, urls)}
