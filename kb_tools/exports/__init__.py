"""Files for other tools, written into the site: vCard, iCalendar, CSV, JSON."""

from __future__ import annotations

from .calendar import review_calendar
from .contacts_csv import contacts_csv
from .pages_json import pages_json
from .vcard import partner_vcards, vcard_for

__all__ = ["contacts_csv", "pages_json", "partner_vcards", "review_calendar", "vcard_for"]
