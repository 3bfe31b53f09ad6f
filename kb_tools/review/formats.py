"""``kb review`` reports: what each owner must look at, as text, Markdown
(a tracking-issue body), JSON or iCalendar, in the run's language; one
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

from ..i18n import Message, current, msg, msg_n
from ..model import Bank
from ..text.escaping import gfm_code, gfm_text, markdown_url, printable
from .items import ReviewItem, by_owner


def _owner_label(bank: Bank, owner_id: str) -> tuple[str, str | None]:
    owner = bank.config.kb.owners.get(owner_id)
    if owner is None:
        return (owner_id or msg("(no owner)").render()), None
    return owner.name, owner.email


def text(bank: Bank, items: list[ReviewItem], today: date) -> str:
    if not items:
        return msg("Nothing to review.").render() + "\n"
    out = []
    for owner_id, owned in by_owner(items).items():
        name, email = _owner_label(bank, owner_id)
        out.append(printable(name) + (f" <{printable(email)}>" if email else "")
                   + f": {len(owned)}")
        for item in owned:
            line = msg("{path}: {what}, {when}", path=item.doc.path, what=item.what(),
                       when=item.when(today))
            out.append("  " + printable(line.render()))
    out.append(_count(items).render())
    return "\n".join(out) + "\n"


def _count(items: list[ReviewItem]) -> Message:
    """``6 items to look at for 4 owners.``"""
    return msg(
        "{items} to look at for {owners}.",
        items=msg_n("{n} item", "{n} items", len(items)),
        owners=msg_n("{n} owner", "{n} owners", len(by_owner(items))),
    )


def markdown(bank: Bank, items: list[ReviewItem], today: date) -> str:
    """A tracking-issue body: one section and checklist per owner; each page
    links to the site when the bank has a ``site_url``."""
    out = ["## " + msg("Review {date}", date=today).render(), ""]
    if not items:
        out += [msg("Everything is reviewed on time. ✅").render(), ""]
        return "\n".join(out)
    out += [_count(items).render(), ""]
    for owner_id, owned in by_owner(items).items():
        name, email = _owner_label(bank, owner_id)
        out.append(f"### {gfm_text(name)}" + (f" ({gfm_text(email)})" if email else ""))
        out.append("")
        for item in owned:
            target = bank.absolute_url(item.doc) if bank.config.site_url else None
            title = gfm_text(item.doc.title)
            page = f"[{title}]({markdown_url(target)})" if target else title
            out.append(
                f"- [ ] **{gfm_text(item.what().render())}** – {page} "
                f"({gfm_code(item.doc.path)}), {gfm_text(item.when(today).render())}"
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
    return review_calendar(bank, docs, today, language=current()).decode("utf-8")


Format = Callable[[Bank, list[ReviewItem], date], str]

FORMATS: dict[str, Format] = {
    "text": text,
    "markdown": markdown,
    "json": as_json,
    "ics": ics,
}
