"""Swedish short and service numbers are phone numbers.

``phone: 114 14`` (the police), ``1177``, ``112`` and ``113 13`` have no
E.164 form, and kb rejected them as "not a valid number in the numbering
plan" (KB102), a false error on real partner pages. A number that
``phonenumbers`` knows as a valid short number of Sweden is now a phone
value: shown as written, dialled by its digits (``tel:11414``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kb_tools.fields import (
    is_short_number,
    national_format,
    phone_value,
    short_number,
    tel_number,
)

from .conftest import TODAY, BankDir, MakeBank

POLICE = """\
---
title: Polisen
org_type: agency
owner: enhetschef-boende
reviewed: 2026-10-01
phone: {switchboard}
contacts:
  - name: Anna Berg
    role: Kontaktpolis
    phone: {phone}
    verified: 2026-10-01
    public: true
---
Text.
"""


def _police(switchboard: str = "114 14", phone: str = "'1177'") -> str:
    return POLICE.format(switchboard=switchboard, phone=phone)


@pytest.mark.parametrize(
    ("written", "value", "shown", "dialled"),
    [
        ("114 14", "114 14", "114 14", "11414"),
        ("1177", "1177", "1177", "1177"),
        ("112", "112", "112", "112"),
        ("113 13", "113 13", "113 13", "11313"),
        ("  118  118 ", "118 118", "118 118", "118118"),
        ("116-111", "116-111", "116-111", "116111"),
        ("070-174 06 05", "+46701740605", "070-174 06 05", "+46701740605"),
        ("+45 32 12 34 56", "+4532123456", "+45 32 12 34 56", "+4532123456"),
    ],
)
def test_a_phone_value_is_shown_as_written_and_dialled_by_its_digits(
    written: str, value: str, shown: str, dialled: str
) -> None:
    assert phone_value(written) == value
    assert (national_format(value), tel_number(value)) == (shown, dialled)
    assert is_short_number(value) == (not value.startswith("+"))


@pytest.mark.parametrize(
    "written", ["12", "1", "114", "1234567", "１１２", "11414x", "- 112", "11--414", ""]
)
def test_what_is_not_a_swedish_short_number(written: str) -> None:
    assert short_number(written) is None


@pytest.mark.parametrize(
    ("switchboard", "phone"),
    [("114 14", "'1177'"), ("'113 13'", "112"), ("1177", '"114 14"'), ("'11414'", "90000")],
)
def test_service_numbers_pass_kb_check(make_bank: MakeBank, switchboard: str, phone: str) -> None:
    bank = make_bank({"samverkansparter/polisen.md": _police(switchboard, phone)})
    result = bank.kb("check", "--today", TODAY)
    assert (result.exit_code, result.output, result.stderr) == (0, "No problems found.\n", "")


def test_a_number_that_is_neither_is_still_kb102(make_bank: MakeBank) -> None:
    bank = make_bank({"samverkansparter/polisen.md": _police(phone="'114'")})
    result = bank.kb("check", "--today", TODAY)
    assert result.exit_code == 1
    assert result.output == (
        "docs/samverkansparter/polisen.md:10:12: KB102 error: 'phone' of contact 1 (Anna Berg): "
        "expected a phone number such as 070-174 06 05 or +46 70 174 06 05, found '114' (not a "
        "valid number in the numbering plan)\n"
        "1 error, 0 warnings in 1 file.\n"
    )


def test_an_unquoted_mobile_number_still_asks_for_quotes(make_bank: MakeBank) -> None:
    """A short number loses nothing as a YAML integer; 0701740605 loses its 0."""
    bank = make_bank({"samverkansparter/polisen.md": _police(phone="0701740605")})
    result = bank.kb("check", "--today", TODAY)
    assert result.output.startswith(
        "docs/samverkansparter/polisen.md:10:12: KB102 error: 'phone' of contact 1 (Anna Berg): "
        "expected a phone number in quotes, found 0701740605"
    )


def test_one_service_number_on_two_pages_is_not_one_contact(make_bank: MakeBank) -> None:
    """KB403 takes two contacts with one phone number for one person; a
    service number is shared by many."""
    other = _police().replace("title: Polisen", "title: Polisen Syd").replace(
        "Anna Berg", "Omar Said"
    )
    bank = make_bank({"samverkansparter/polisen.md": _police(), "samverkansparter/syd.md": other})
    result = bank.kb("check", "--today", TODAY)
    assert (result.exit_code, result.output) == (0, "No problems found.\n")


@pytest.fixture
def police_site(make_bank: MakeBank) -> tuple[BankDir, Path]:
    bank = make_bank({
        "index.md": "# Start\n",
        "samverkansparter/polisen.md": _police(),
    })
    result = bank.kb("build", "-q", "--today", TODAY)
    assert result.exit_code == 0, result.stderr
    return bank, bank.root / "site"


def test_the_partner_page_links_the_digits_and_shows_the_number_as_written(
    police_site: tuple[BankDir, Path],
) -> None:
    _, site = police_site
    page = (site / "samverkansparter" / "polisen" / "index.html").read_text("utf-8")
    assert (
        '<dt>Växel</dt><dd><a href="tel:11414" aria-label="Ring växeln hos Polisen, 114 14">'
        "114 14</a></dd>"
    ) in page
    assert (
        '<div class="kb-contact__phone"><dt>Telefon</dt><dd><a href="tel:1177" '
        'aria-label="Ring Anna Berg, 1177">1177</a></dd></div>'
    ) in page
    directory = (site / "oversikt" / "samverkansparter" / "index.html").read_text("utf-8")
    assert '<td><a href="tel:11414">114 14</a></td>' in directory


def test_the_exports_dial_the_digits(police_site: tuple[BankDir, Path]) -> None:
    _, site = police_site
    vcard = (site / "kontakter.vcf").read_bytes().decode("utf-8")
    assert "TEL;VALUE=uri;TYPE=work,voice:tel:1177\r\n" in vcard
    rows = (site / "kontakter.csv").read_text("utf-8-sig").splitlines()
    assert rows[1].split(";")[:5] == ["Polisen", "Anna Berg", "Kontaktpolis", "1177", ""]
