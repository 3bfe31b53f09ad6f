"""Files for other tools, written into the site: vCard, CSV, iCalendar, JSON.

Every export has one signature, ``(bank, audience, today) -> {site-relative
path: content}``, and is registered in :data:`EXPORTS` (as the findings'
formats are in :data:`kb_tools.report.FORMATTERS`): the site's assembly
(:meth:`kb_tools.site.assembly.Site.exports`) writes every one, each holding
only what the audience may see. The functions that make one file's content
(:func:`vcard_for`, :func:`contacts_csv`, :func:`review_calendar`,
:func:`pages_json`) serve tests and scripts too.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from ..model import Audience, Bank
from . import calendar, vcard
from . import contacts_csv as contacts
from . import pages_json as pages
from .calendar import review_calendar
from .contacts_csv import contacts_csv
from .pages_json import pages_json
from .vcard import partner_vcards, vcard_for

Export = Callable[[Bank, Audience, date], dict[str, bytes]]

EXPORTS: dict[str, Export] = {
    "vcard": vcard.files,
    "csv": contacts.files,
    "ics": calendar.files,
    "json": pages.files,
}

__all__ = [
    "EXPORTS",
    "Export",
    "contacts_csv",
    "pages_json",
    "partner_vcards",
    "review_calendar",
    "vcard_for",
]
