"""What an editor holds back never reaches the public site or its search.

A page with a status or visibility that is not one of the contract's values
(``utkast``, ``Draft``, ``intern``) used to be read as if the key were absent
— active, and on a public bank public — and so did every key of a partner
page whose contact had an invalid phone number (the second validation
failed and the page fell back to all defaults). Now such a value makes the
page a draft (published nowhere) or internal, with a KB102 that says so, and
kb's own ``status: draft`` keeps its meaning on untyped pages even where the
site also declares a Material badge named ``draft``.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from kb_tools.config import load_config
from kb_tools.model import PUBLIC, Bank
from kb_tools.site.mkdocs.build import build_site

from .conftest import MKDOCS_YML, BankDir

PUBLIC_BANK = MKDOCS_YML.replace(
    "      owners:", "      default_visibility: public\n      owners:"
) + "extra:\n  status:\n    draft: Utkast\n"

POLICE = """\
---
title: Polisen
org_type: agency
owner: samordnare
reviewed: 2026-10-01
status: draft
visibility: internal
contacts:
  - name: Kontaktcenter
    role: Växel
    phone: 114 14
    verified: 2026-10-01
---
# Polisen

HEMLIG1 samverkan kring skyddade adresser.
"""


def _routine(status: str, marker: str, visibility: str = "public") -> str:
    return (
        f"---\ntitle: Rutin {marker}\nowner: samordnare\nreviewed: 2026-10-01\n"
        f"status: {status}\nvisibility: {visibility}\n---\n# Rutin {marker}\n\n{marker} text.\n"
    )


HELD_BACK = {
    "samverkansparter/polisen.md": POLICE,
    "rutiner/svenska.md": _routine("utkast", "HEMLIG2"),
    "rutiner/versaler.md": _routine("Draft", "HEMLIG3"),
    "rutiner/tom.md": _routine("''", "HEMLIG4"),
    "rutiner/intern.md": _routine("active", "HEMLIG5", visibility="intern"),
    "sida-utkast.md": "---\ntitle: Sida\nstatus: draft\n---\n# Sida\n\nHEMLIG6 text.\n",
}
SHOWN = {"index.md": "# Start\n\nVälkommen.\n", "rutiner/klar.md": _routine("active", "SYNLIG")}


@pytest.fixture
def public_bank(bank: BankDir) -> BankDir:
    bank.write("mkdocs.yml", PUBLIC_BANK)
    for name, text in {**HELD_BACK, **SHOWN}.items():
        bank.write(f"docs/{name}", text)
    return bank


def test_the_public_audience_sees_none_of_the_held_back_pages(public_bank: BankDir) -> None:
    bank = Bank.load(load_config(public_bank.root / "mkdocs.yml"), use_cache=False)
    seen = sorted(doc.src_path for doc in PUBLIC.documents(bank))
    assert seen == ["index.md", "rutiner/klar.md"]
    statuses = {doc.src_path: (doc.status, bank.visibility(doc)) for doc in bank.documents}
    assert statuses["samverkansparter/polisen.md"] == ("draft", "internal")
    assert statuses["rutiner/svenska.md"] == ("draft", "public")
    assert statuses["rutiner/intern.md"] == ("active", "internal")
    assert statuses["sida-utkast.md"] == ("draft", "public")


def test_the_editor_is_told_what_the_value_means_meanwhile(public_bank: BankDir) -> None:
    report = public_bank.kb("check", "--select", "KB102").output
    assert (
        "docs/rutiner/svenska.md:5:9: KB102 error: 'status': expected one of 'active', 'draft', "
        "'retired', found 'utkast'\n"
        "  hint: did you mean 'draft'? Until the value is one of these, the page is a draft: "
        "neither site shows it and search does not find it\n"
    ) in report
    assert (
        "docs/rutiner/intern.md:6:13: KB102 error: 'visibility': expected one of 'internal', "
        "'public', found 'intern'\n"
        "  hint: did you mean 'internal'? Until the value is one of these, the page is "
        "internal: the public site leaves it out\n"
    ) in report
    assert (
        "docs/rutiner/tom.md:5:9: KB102 error: 'status': expected one of 'active', 'draft', "
        "'retired', found ''\n"
        "  hint: until the value is one of these, the page is a draft: neither site shows it "
        "and search does not find it\n"
    ) in report


def test_nothing_held_back_is_in_the_public_site_or_its_search_index(
    public_bank: BankDir, tmp_path: Path
) -> None:
    site = build_site(load_config(public_bank.root / "mkdocs.yml"), tmp_path / "ut", public=True)
    texts = []
    for path in site.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            texts.append(gzip.decompress(data) if path.suffix.startswith(".pf_") else data)
    everything = b"\n".join(texts)
    assert b"SYNLIG" in everything
    fragments = (site / "pagefind" / "fragment").iterdir()
    assert any(b"SYNLIG" in gzip.decompress(f.read_bytes()) for f in fragments)
    for marker in range(1, 7):
        assert f"HEMLIG{marker}".encode() not in everything
