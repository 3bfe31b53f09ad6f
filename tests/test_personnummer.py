from __future__ import annotations

import pytest

from kb_tools.safety.content import identity_numbers
from kb_tools.safety.personnummer import find, luhn_valid


def test_luhn() -> None:
    assert luhn_valid("8112189876")
    assert not luhn_valid("8112189875")


@pytest.mark.parametrize(
    "text",
    [
        "811218-9876",
        "8112189876",
        "19811218-9876",
        "198112189876",
        "811218+9876",  # over 100 years old
        "811278-9873",  # samordningsnummer: day 18 + 60
    ],
)
def test_finds_identity_numbers(text: str) -> None:
    assert [m.text for m in find(f"Ungdomens nummer är {text}.")] == [text]


@pytest.mark.parametrize(
    "text",
    [
        "811218-9875",  # Luhn check digit wrong
        "212000-0142",  # organisation number (month 20)
        "811232-9876",  # no day 32
        "810229-1234",  # 1981 and 2081 are not leap years
        "070-174 06 05",  # phone number
        "+46701740605",  # E.164 phone number
        "2026-11-23",  # a date
        "1234567890123",  # too many digits
        "17811218-9876",  # no such century for a living person
    ],
)
def test_ignores_near_misses(text: str) -> None:
    assert list(find(f"Se {text} här.")) == []


def test_samordningsnummer_is_marked() -> None:
    (match,) = find("811278-9873")
    assert match.coordination


PHONE_HINT = (
    "remove it: the bank is read by all staff and kept in git history; if it is a phone "
    "number, write it as phone numbers are written (070-174 06 05) or say so before it "
    "('ring', 'tel', 'mobil')"
)


@pytest.mark.parametrize(
    "line",
    [
        "Jourhavande socialsekreterare: ring 0701740607.",
        "Mobil: 0701740607",
        "Tel. 0701740607 (dygnet runt)",
        "Skicka sms till 0701740607.",
        "Växeln 0701740607",
    ],
)
def test_a_phone_number_written_without_spaces_is_not_an_identity_number(line: str) -> None:
    """0701740607 is also a valid samordningsnummer (born 1907-01-14)."""
    assert list(identity_numbers("a.md", line)) == []


@pytest.mark.parametrize(
    ("line", "hint"),
    [
        ("Boendets nattpersonal: 0701740615.", PHONE_HINT),
        ("Ungdomens personnummer: 0701740607.", PHONE_HINT),
        ("Ring och fråga efter personnummer 0701740607.", PHONE_HINT),
        (
            "Ring 811218-9876.",
            "remove it: the bank is read by all staff and kept in git history; refer to the "
            "journal system instead",
        ),
    ],
)
def test_without_a_word_that_says_phone_it_is_reported(line: str, hint: str) -> None:
    (found,) = identity_numbers("a.md", line)
    assert found.code == "KB401"
    assert found.hint == hint
