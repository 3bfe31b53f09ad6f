"""One real finding of each code, for ``kb codes --examples`` and the
handbook's list of codes (``scripts/codes_reference.py``).

The findings are not written here: a small bank in memory, with one faulty
page for each thing kb checks, goes through the same checks as a bank on
disk, so an example always says what ``kb check`` says, in the reader's
language. What only a folder on disk can show (a symbolic link, a pipe, a
page over the size limit, a name that is not UTF-8) and a page the site's
Markdown extensions fail on come from the functions that report them. The external links (KB5xx)
are :mod:`kb_tools.linkcheck`'s, and so are their examples.
"""

from __future__ import annotations

import stat
from datetime import date
from pathlib import Path

from ..config import config_from_dict
from ..diagnostics import Diagnostic, finding
from ..model import Bank
from ..model.loader import unrendered
from ..model.refusals import not_utf8, outside_link, special_file, too_large
from . import CheckOptions, run_checks

# The day the examples are judged on: they read the same every day.
EXAMPLE_DAY = date(2026, 11, 23)

_OWNERS = {
    "redaktionen": {"name": "Redaktionen", "email": "redaktionen@example.se"},
    "enhetschef-boende": {"name": "Enhetschef boende", "email": "boende@example.se"},
}


def _page(front: str, body: str = "Text.\n") -> str:
    return f"---\n{front}---\n{body}"


_ROUTINE = "owner: redaktionen\nreviewed: 2026-09-01\n"
_LONG_TEXT = (
    "Ungdomen skrivs in på boendet samma dag som hen kommer. Kontaktpersonen går igenom "
    "husets regler, visar rummet och bokar ett första samtal inom en vecka. Samtalet "
    "handlar om skolan, hälsan och kontakten med familjen, och det som bestäms skrivs in "
    "i genomförandeplanen. Efter en månad följer kontaktpersonen upp planen tillsammans "
    "med ungdomen och socialsekreteraren.\n"
)

# One faulty page for each thing kb checks (docs-relative path: content).
_PAGES: dict[str, str] = {
    "rutiner/ankomst.md": _page(
        "title: Ankomst och inskrivning\n" + _ROUTINE,
        "# Ankomst och inskrivning\n\n## Överlämning till skolan\n\n"
        "Se [mallen](../mallar/ankomstsamtl.md), [överlämningen](#overlamning) och "
        "![kartan](bilder/karta.png).\n",
    ),
    "rutiner/rutin-ankomst.md": _page("title: Rutin: ankomst\n" + _ROUTINE),
    "rutiner/utan-agare.md": _page("title: Fickpengar\nreviewed: 2026-09-01\n"),
    "rutiner/datum.md": _page("title: Läkemedel\nowner: redaktionen\nreviewed: 2026-13-01\n"),
    "rutiner/nyckel.md": _page("title: Skolstart\n" + _ROUTINE + "sammanfattning: Inför start.\n"),
    "rutiner/agare.md": _page("title: Sjukvård\nowner: redaktion\nreviewed: 2026-09-01\n"),
    "rutiner/dubbel.md": _page("title: Boende\ntitle: Boendet\n" + _ROUTINE),
    "rutiner/relaterad.md": _page("title: Fritid\n" + _ROUTINE + "related: [fritidsgarden]\n"),
    "rutiner/publik.md": _page(
        "title: Kontakt med oss\n" + _ROUTINE + "visibility: public\n",
        "Läs också [rutinen för ankomst](ankomst.md).\n",
    ),
    "rutiner/utkast-lank.md": _page(
        "title: Tolk\n" + _ROUTINE, "Se [utkastet](utkast.md).\n"
    ),
    "rutiner/utkast.md": _page("title: Tolkbokning\n" + _ROUTINE + "status: draft\n"),
    "rutiner/gammal.md": _page("title: Nattjour\nowner: redaktionen\nreviewed: 2025-06-30\n"),
    "rutiner/framtid.md": _page("title: Larm\nowner: redaktionen\nreviewed: 2027-01-15\n"),
    "rutiner/personnummer.md": _page(
        "title: Överlämning\n" + _ROUTINE, "Ungdomen, 811278-9873, flyttar i morgon.\n"
    ),
    "rutiner/skript.md": _page(
        "title: Blanketter\n" + _ROUTINE, "<script>alert('hej')</script>\n"
    ),
    "rutiner/inskrivning.md": _page("title: Inskrivning\n" + _ROUTINE, _LONG_TEXT),
    "rutiner/tolkbokning.md": _page(
        "title: Tolkbokning\n" + _ROUTINE,
        "# Tolkbokning\n\n## Så här gör vi\n\n1. Första steget: vem gör vad, och när.\n"
        "2. Nästa steg.\n",
    ),
    "rutiner/inskrivning-kopia.md": _page("title: Inskrivning, kopia\n" + _ROUTINE, _LONG_TEXT),
    "mallar/ankomstsamtal.md": _page("title: Ankomstsamtal\nid: ankomst\n" + _ROUTINE),
    "samverkansparter/lernia.md": _page(
        "title: Lernia\norg_type: company\n" + _ROUTINE + "contacts:\n"
        "  - {name: Anna Berg, role: Handledare, email: anna.berg@example.se, "
        "phone: 070-174 06 06, verified: 2025-09-01}\n"
    ),
    "samverkansparter/arbetsformedlingen.md": _page(
        "title: Arbetsförmedlingen\norg_type: agency\n" + _ROUTINE + "contacts:\n"
        "  - {name: Anna Berg, role: Handledare, email: anna.berg@example.se, "
        "phone: 070-174 06 05, verified: 2026-10-01}\n"
    ),
    "overenskommelser/praktik.md": _page(
        "title: Praktik hos Lernia\n" + _ROUTINE
        + "parties: [lernia]\nvalid_from: 2025-02-01\nvalid_until: 2027-01-31\n"
    ),
    "overenskommelser/laxhjalp.md": _page(
        "title: Läxhjälp\n" + _ROUTINE
        + "parties: [lernia]\nvalid_from: 2024-08-01\nvalid_until: 2026-10-31\n"
    ),
}


def _bank() -> Bank:
    config = config_from_dict(
        Path("/kunskapsbanken"),  # never read: the pages are in memory
        {"owners": _OWNERS},
        site_name="Kunskapsbanken",
        markdown_extensions=["toc"],
    )
    return Bank.from_files(config, _PAGES)


def check_examples() -> dict[str, Diagnostic]:
    """A finding of each code ``kb check`` reports without the network: the
    first the example bank gives, and the ones only a folder on disk can give."""
    found: dict[str, Diagnostic] = {}
    for diagnostic in run_checks(_bank(), CheckOptions(today=EXAMPLE_DAY)):
        found.setdefault(diagnostic.code, diagnostic)
    for code, message, hint in (
        outside_link("../../delat/rutiner/ankomst.md", folder=False),
        special_file(stat.S_IFIFO, linked=False),
        too_large(3_500_000, 2_000_000),
        not_utf8(folder=False),
    ):
        path = {
            "KB107": "docs/rutiner/delad.md",
            "KB108": "docs/rutiner/ror.md",
            "KB111": "docs/rutiner/l\\xe5ng.md",  # as kb check shows a name saved in Windows-1252
        }.get(code, "docs/rutiner/stor.md")
        found.setdefault(code, finding(code, path, 1, 1, message, hint))
    found.setdefault(
        "KB110",
        unrendered("docs/rutiner/tabell.md", 5, "SnippetMissingError: delat/tabell.md"),
    )
    return found
