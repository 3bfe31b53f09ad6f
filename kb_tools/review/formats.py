"""``kb review`` reports: what each owner must look at, as text, Markdown
(a tracking-issue body, in Swedish for the owners), JSON or iCalendar; one
function per format, all with one signature, in :data:`FORMATS` (as
:data:`kb_tools.report.FORMATTERS` holds the findings' formats).

Names, titles and paths come from the bank: the text report shows their
control characters as escapes (no value prints a line of its own), the
Markdown report escapes them for GitHub (no value becomes a link, an image,
HTML or a heading).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date

from ..model import Bank
from ..text.escaping import gfm_code, gfm_text, markdown_url, printable
from ..text.swedish import days_until, format_date
from .items import ReviewItem, by_owner


def _owner_label(bank: Bank, owner_id: str) -> tuple[str, str | None]:
    owner = bank.config.kb.owners.get(owner_id)
    if owner is None:
        return (owner_id or "(no owner)"), None
    return owner.name, owner.email


def text(bank: Bank, items: list[ReviewItem], today: date) -> str:
    if not items:
        return "Nothing to review.\n"
    out = []
    for owner_id, owned in by_owner(items).items():
        name, email = _owner_label(bank, owner_id)
        out.append(printable(name) + (f" <{printable(email)}>" if email else "")
                   + f": {len(owned)}")
        for item in owned:
            days = (item.day - today).days
            when = (
                f"{-days} days ago" if days < 0 else ("today" if days == 0 else f"in {days} days")
            )
            out.append(
                f"  {printable(item.doc.path)}: {printable(item.english())} "
                f"{item.day.isoformat()} ({when})"
            )
    out.append(f"{len(items)} items for {len(by_owner(items))} owners.")
    return "\n".join(out) + "\n"


def markdown(bank: Bank, items: list[ReviewItem], today: date) -> str:
    """A tracking-issue body: one section and checklist per owner; each page
    links to the site when the bank has a ``site_url``."""
    out = [f"## Granskning {format_date(today)}", ""]
    if not items:
        out += ["Allt är granskat i tid. ✅", ""]
        return "\n".join(out)
    out += [f"{len(items)} saker att se över för {len(by_owner(items))} ägare.", ""]
    for owner_id, owned in by_owner(items).items():
        name, email = _owner_label(bank, owner_id)
        out.append(f"### {gfm_text(name)}" + (f" ({gfm_text(email)})" if email else ""))
        out.append("")
        for item in owned:
            target = bank.absolute_url(item.doc) if bank.config.site_url else None
            title = gfm_text(item.doc.title)
            page = f"[{title}]({markdown_url(target)})" if target else title
            out.append(
                f"- [ ] **{gfm_text(item.swedish())}** – {page} "
                f"({gfm_code(item.doc.path)}), "
                f"{format_date(item.day)} ({days_until(item.day, today)})"
            )
        out.append("")
    return "\n".join(out)


def as_json(bank: Bank, items: list[ReviewItem], today: date) -> str:
    owners = []
    for owner_id, owned in by_owner(items).items():
        name, email = _owner_label(bank, owner_id)
        owners.append(
            {
                "owner": owner_id,
                "name": name,
                "email": email,
                "items": [
                    {
                        "kind": i.kind,
                        "path": i.doc.path,
                        "id": i.doc.id,
                        "title": i.doc.title,
                        "date": i.day.isoformat(),
                        "days": (i.day - today).days,
                        "contact": i.contact,
                    }
                    for i in owned
                ],
            }
        )
    return (
        json.dumps({"today": today.isoformat(), "owners": owners}, ensure_ascii=False, indent=2)
        + "\n"
    )


def ics(bank: Bank, items: list[ReviewItem], today: date) -> str:
    # Imported here: the calendar library is needed by this format alone, and
    # every kb command imports this module for the names of the formats.
    from ..exports.calendar import review_calendar

    docs = list({i.doc.src_path: i.doc for i in items}.values())
    return review_calendar(bank, docs, today).decode("utf-8")


Format = Callable[[Bank, list[ReviewItem], date], str]

FORMATS: dict[str, Format] = {
    "text": text,
    "markdown": markdown,
    "json": as_json,
    "ics": ics,
}
