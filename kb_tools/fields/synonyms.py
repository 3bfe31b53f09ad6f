"""The Swedish words editors write for kb's front-matter keys.

Editors write Swedish: a page that says ``telefon:`` or ``giltig till:``
means ``phone`` or ``valid_until``, and no edit distance finds that. Each
word names the keys it may mean, most likely first; :func:`key_for` picks
the first that is a key where the word was written (``titel`` is ``title``
on a page, ``role`` in a contact). Used by the did-you-mean of unknown keys
(:mod:`kb_tools.fields.validation`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_SYNONYMS: dict[str, tuple[str, ...]] = {
    # Every page
    "titel": ("title", "role"),
    "rubrik": ("title",),
    "namn": ("name", "title"),
    "ägare": ("owner",),
    "ansvarig": ("owner",),
    "granskad": ("reviewed",),
    "senast granskad": ("reviewed",),
    "granskningsdatum": ("reviewed",),
    "granskas": ("review_every",),
    "granskningsintervall": ("review_every",),
    "synlighet": ("visibility",),
    "taggar": ("tags",),
    "etiketter": ("tags",),
    "nyckelord": ("tags",),
    "sammanfattning": ("summary",),
    "beskrivning": ("summary", "description"),
    "samverkansparter": ("partners",),
    "parter": ("parties", "partners"),
    "relaterade": ("related",),
    "relaterat": ("related",),
    "typ": ("type",),
    # Partners and contacts
    "organisationstyp": ("org_type",),
    "webbplats": ("website",),
    "webbsida": ("website",),
    "hemsida": ("website",),
    "telefon": ("phone",),
    "telefonnummer": ("phone",),
    "tel": ("phone",),
    "tfn": ("phone",),
    "mobil": ("phone",),
    "e post": ("email",),
    "epost": ("email",),
    "e postadress": ("email",),
    "mejl": ("email",),
    "mail": ("email",),
    "adress": ("address",),
    "besöksadress": ("address",),
    "postadress": ("address",),
    "kontakter": ("contacts",),
    "kontaktpersoner": ("contacts",),
    "roll": ("role",),
    "befattning": ("role",),
    "funktion": ("role",),
    "bekräftad": ("verified",),
    "verifierad": ("verified",),
    "kontrollerad": ("verified",),
    "offentlig": ("public", "visibility"),
    "publik": ("public", "visibility"),
    "anteckning": ("note",),
    "kommentar": ("note",),
    # Agreements
    "giltig från": ("valid_from",),
    "gäller från": ("valid_from",),
    "startdatum": ("valid_from",),
    "giltig till": ("valid_until",),
    "gäller till": ("valid_until",),
    "slutdatum": ("valid_until",),
    "undertecknad": ("signed",),
    "underskriven": ("signed",),
    "uppsägningstid": ("notice",),
    "dokument": ("document",),
    "avtal": ("document",),
    # The glossary
    "termer": ("terms",),
    "begrepp": ("terms", "term"),
    "förkortning": ("term",),
    "förklaring": ("expansion", "description"),
    "betydelse": ("expansion",),
}

_SEPARATORS = re.compile(r"[\s_-]+")


def key_for(word: str, known: Iterable[str]) -> str | None:
    """The key among *known* that the Swedish *word* names (``telefon`` →
    ``phone``, ``Giltig till`` → ``valid_until``), or None."""
    folded = _SEPARATORS.sub(" ", word.strip().lower())
    keys = set(known)
    return next((key for key in _SYNONYMS.get(folded, ()) if key in keys), None)
