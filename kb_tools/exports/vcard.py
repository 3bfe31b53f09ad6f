"""vCard 4.0 (RFC 6350): one card per contact person, with organisation and role.

Written by hand because no maintained library writes version 4.0: CRLF line
ends, text escaping, and lines folded at 75 octets without splitting a UTF-8
character.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date

from ..fields import tel_number
from ..model import Audience, Bank, Contact, Document
from ..text.escaping import plain_lines

_NAMESPACE = uuid.UUID("6f1d4f8e-2d0a-4c52-9a57-6b1f0a3c9e11")


def escape_text(value: str) -> str:
    """A TEXT value (RFC 6350 §3.4): backslash, comma and semicolon escaped,
    and every kind of line break (CR alone, VT, FF, NEL, U+2028 …) written
    as the escaped newline, so a value can never start a property of its own;
    other control characters are dropped (RFC 6350 allows none)."""
    value = value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
    return plain_lines(value).replace("\n", "\\n")


def _uri(value: str) -> str:
    """A URI value (tel:): validated upstream, but never more than one line."""
    return plain_lines(value).replace("\n", "")


def fold(line: str) -> str:
    """Fold a content line into chunks of at most 75 octets (RFC 6350 §3.2)."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts: list[str] = []
    current = b""
    limit = 75
    for char in line:
        piece = char.encode("utf-8")
        if len(current) + len(piece) > limit:
            parts.append(current.decode("utf-8"))
            current = b""
            limit = 74  # continuation lines start with a space
        current += piece
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def _split_name(name: str) -> tuple[str, str]:
    words = name.split()
    if len(words) < 2:
        return name, ""
    return words[-1], " ".join(words[:-1])


def vcard_for(contact: Contact, organisation: str) -> str:
    family, given = _split_name(contact.name)
    uid = uuid.uuid5(_NAMESPACE, (contact.email or contact.phone or contact.name).lower())
    lines = [
        "BEGIN:VCARD",
        "VERSION:4.0",
        f"UID:urn:uuid:{uid}",
        f"FN:{escape_text(contact.name)}",
        f"N:{escape_text(family)};{escape_text(given)};;;",
        f"ORG:{escape_text(organisation)}",
        f"TITLE:{escape_text(contact.role)}",
    ]
    if contact.phone:
        lines.append(f"TEL;VALUE=uri;TYPE=work,voice:tel:{_uri(tel_number(contact.phone))}")
    if contact.email:
        lines.append(f"EMAIL;TYPE=work:{escape_text(contact.email)}")
    if contact.note:
        lines.append(f"NOTE:{escape_text(contact.note)}")
    lines.append(f"REV:{contact.verified.strftime('%Y%m%d')}T000000Z")
    lines.append("END:VCARD")
    return "".join(fold(line) + "\r\n" for line in lines)


def partner_vcards(partner: Document, contacts: Iterable[Contact]) -> str:
    return "".join(vcard_for(contact, partner.title) for contact in contacts)


def files(bank: Bank, audience: Audience, today: date) -> dict[str, bytes]:
    """One file of cards per partner (``kontakter/<partner>.vcf``) and all
    of them in ``kontakter.vcf``: the contacts *audience* may see."""
    out: dict[str, bytes] = {}
    every = []
    for partner in audience.documents(bank):
        contacts = [c for c in partner.contacts if audience.shows_contact(c)]
        if not contacts:  # pages of other types have none
            continue
        cards = partner_vcards(partner, contacts)
        out[f"kontakter/{bank.key(partner)}.vcf"] = cards.encode("utf-8")
        every.append(cards)
    out["kontakter.vcf"] = "".join(every).encode("utf-8")
    return out
