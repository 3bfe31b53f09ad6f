"""All contact persons as CSV for spreadsheets (semicolon-separated, UTF-8
with BOM, the way Swedish Excel opens it without garbling å, ä and ö).

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a
tab or carriage return before one) as a formula, so such a cell gets a
leading apostrophe, the way OWASP recommends against CSV injection: the
spreadsheet shows the text as written. The one exception is the
``telefon_e164`` column, whose value is a number the model has validated
(``+`` and digits only): a spreadsheet reads ``+46701740623`` as a number,
not a formula, and tools importing the column need the number as it is. A
Swedish short number (``114 14``) has no E.164 form: its ``telefon_e164`` is
empty, and ``telefon`` shows it as written.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from datetime import date

from ..fields import is_short_number, national_format
from ..model import Audience, Bank, Contact, Document

COLUMNS = (
    "organisation",
    "namn",
    "roll",
    "telefon",
    "telefon_e164",
    "e_post",
    "bekraftad",
    "anteckning",
    "sida",
)


# What starts a formula, full-width forms included (spreadsheets fold them).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_E164 = re.compile(r"\+[1-9][0-9]{6,14}")


def cell(value: str) -> str:
    """*value* as a spreadsheet shows it, never as a formula."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def _e164_cell(value: str) -> str:
    if not value or is_short_number(value):
        return ""
    return value if _E164.fullmatch(value) else cell(value)


def contacts_csv(rows: Iterable[tuple[Document, Contact, str]]) -> str:
    """*rows*: (partner, contact, url of the partner page)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for partner, contact, url in rows:
        writer.writerow(
            (
                cell(partner.title),
                cell(contact.name),
                cell(contact.role),
                cell(national_format(contact.phone) if contact.phone else ""),
                _e164_cell(contact.phone or ""),
                cell(contact.email or ""),
                contact.verified.isoformat(),
                cell(contact.note or ""),
                cell(url),
            )
        )
    return "\ufeff" + buffer.getvalue()


def files(bank: Bank, audience: Audience, today: date) -> dict[str, bytes]:
    """``kontakter.csv``: every contact *audience* may see, with the address
    of its partner's page."""
    rows = [
        (partner, contact, bank.absolute_url(partner))
        for partner in audience.documents(bank)
        if partner.type == "partner"
        for contact in partner.contacts
        if audience.shows_contact(contact)
    ]
    return {"kontakter.csv": contacts_csv(rows).encode("utf-8")}
