"""All contact persons as CSV for spreadsheets (semicolon-separated, UTF-8
with BOM, the way Swedish Excel opens it without garbling å, ä and ö)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from ..fields import national_format
from ..model import Contact, Document

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


def contacts_csv(rows: Iterable[tuple[Document, Contact, str]]) -> str:
    """*rows*: (partner, contact, url of the partner page)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for partner, contact, url in rows:
        writer.writerow(
            (
                partner.title,
                contact.name,
                contact.role,
                national_format(contact.phone) if contact.phone else "",
                contact.phone or "",
                contact.email or "",
                contact.verified.isoformat(),
                contact.note or "",
                url,
            )
        )
    return "\ufeff" + buffer.getvalue()
