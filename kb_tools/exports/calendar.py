"""An iCalendar feed (RFC 5545) of review due dates and agreement end dates,
each an all-day event with a reminder before it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

from icalendar import Alarm, Calendar, Event

from ..i18n import SWEDISH, Message, msg, speaking
from ..model import Audience, Bank, Document
from ..text.escaping import plain_lines

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


# The review event's description, by type of page.
_DUE = {
    "routine": msg("Routine to review by {date}. {owner}."),
    "partner": msg("Partner to review by {date}. {owner}."),
    "agreement": msg("Agreement to review by {date}. {owner}."),
    "template": msg("Template to review by {date}. {owner}."),
    "glossary": msg("Glossary to review by {date}. {owner}."),
    "page": msg("Page to review by {date}. {owner}."),
}


def review_calendar(
    bank: Bank,
    documents: Iterable[Document],
    today: date,
    url_of: dict[str, str] | None = None,
    language: str = SWEDISH,
) -> bytes:
    """The calendar in *language* (the site's feed is Swedish, as the site)."""
    with speaking(language):
        return _calendar(bank, documents, today, url_of or {})


def _calendar(bank: Bank, documents: Iterable[Document], today: date,
              urls: dict[str, str]) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Kunskapsbanken//kb_tools//SV")
    calendar.add("version", "2.0")
    name = msg("Review – {site}", site=bank.config.site_name)
    calendar.add("x-wr-calname", _text(name.render()))
    stamp = datetime(today.year, today.month, today.day, tzinfo=UTC)
    for doc in documents:
        if doc.is_retired:
            continue
        owner = bank.config.kb.owners.get(doc.owner or "")
        owner_text: Message = (
            msg("Owner: {name}", name=owner.name) if owner else msg("No owner")
        )
        due = bank.review_due(doc)
        if due is not None:
            calendar.add_component(
                _event(
                    f"review-{bank.key(doc)}@kunskapsbanken",
                    due,
                    msg("Review: {title}", title=doc.title).render(),
                    _DUE[doc.type].with_args(date=due.isoformat(), owner=owner_text).render(),
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
                    msg("Agreement ends: {title}", title=doc.title).render(),
                    msg("Valid until and including {date}. {owner}.",
                        date=valid_until.isoformat(), owner=owner_text).render(),
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
