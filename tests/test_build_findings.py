"""A build says what kb check found, and never publishes an identity number.

``kb build`` used to publish pages with KB401 findings (personnummer) and
exit 0 without a word about them. Every build now ends with the count of the
bank's errors and warnings and how ``--strict`` treats them, and a public
build stops at a personal identity number on any page it would publish,
whatever ``severity:`` says about KB401.
"""

from __future__ import annotations

import pytest

from .conftest import MKDOCS_YML, ROUTINE, BankDir

PUBLIC_ROUTINE = ROUTINE.replace(
    "reviewed: 2026-09-01\n", "reviewed: 2026-09-01\nvisibility: public\n"
)
WITH_NUMBER = PUBLIC_ROUTINE.replace("Text.", "Klienten 811218-9876 ringde.")
SUMMARY_WITH_ERRORS = (
    "kb check found 1 error and 0 warnings in the bank (kb check lists them); the site was "
    "built with them, and kb build --strict refuses to build while there are errors.\n"
)


@pytest.fixture
def numbered(bank: BankDir) -> BankDir:
    bank.write("docs/index.md", "# Start\n")
    bank.write("docs/rutiner/ankomst.md", WITH_NUMBER)
    return bank


def test_the_public_build_stops_at_a_number_on_a_public_page(numbered: BankDir) -> None:
    result = numbered.kb("build", "--public", "-q")
    assert result.exit_code == 2
    assert result.stderr.endswith(
        "Error: build failed: the public site is not built: a Swedish personal identity "
        "number (KB401) is on a page it would publish, at docs/rutiner/ankomst.md:9:10; remove "
        "it (no severity setting lets the public site publish it); no site written\n"
    )
    assert not (numbered.root / "site-public").exists()


def test_no_severity_setting_lets_the_public_build_publish_it(numbered: BankDir) -> None:
    numbered.write("mkdocs.yml", MKDOCS_YML.replace(
        "      owners:", "      severity: {KB401: ignore}\n      owners:"
    ))
    result = numbered.kb("build", "--public", "-q")
    assert result.exit_code == 2
    assert "the public site is not built: a Swedish personal identity number" in result.stderr


def test_the_internal_build_ends_with_the_count(numbered: BankDir) -> None:
    result = numbered.kb("build", "-q")
    assert result.exit_code == 0
    assert result.stderr.endswith(f"Built the internal site in site/\n{SUMMARY_WITH_ERRORS}")


def test_a_number_on_an_internal_page_does_not_stop_the_public_build(bank: BankDir) -> None:
    bank.write("docs/index.md", "# Start\n")
    bank.write("docs/rutiner/ankomst.md", WITH_NUMBER.replace("visibility: public\n", ""))
    bank.write("docs/rutiner/oppen.md", PUBLIC_ROUTINE.replace("Ankomst", "Öppen"))
    result = bank.kb("build", "--public", "-q")
    assert result.exit_code == 0
    assert result.stderr.endswith(f"Built the public site in site-public/\n{SUMMARY_WITH_ERRORS}")
    assert not (bank.root / "site-public" / "rutiner" / "ankomst").exists()


def test_a_clean_bank_says_so(bank: BankDir) -> None:
    bank.write("docs/index.md", "# Start\n")
    bank.write("docs/rutiner/ankomst.md", ROUTINE)
    result = bank.kb("build", "-q", "--today", "2026-11-23")
    assert result.exit_code == 0
    assert result.stderr == (
        "Built the internal site in site/\nkb check found no errors or warnings in the bank.\n"
    )


def test_warnings_alone_are_counted_without_the_strict_hint(bank: BankDir) -> None:
    bank.write("docs/index.md", "# Start\n")
    bank.write("docs/rutiner/ankomst.md", ROUTINE.replace("2026-09-01", "2024-01-01"))
    result = bank.kb("build", "-q", "--today", "2026-11-23")
    assert result.exit_code == 0
    assert result.stderr.endswith(
        "kb check found 0 errors and 1 warning in the bank (kb check lists them).\n"
    )


def test_many_numbers_are_counted_and_the_first_five_named(bank: BankDir) -> None:
    bank.write("docs/index.md", "# Start\n")
    for number in range(1, 7):
        page = WITH_NUMBER.replace("Ankomst", f"Sida {number}")
        bank.write(f"docs/rutiner/sida-{number}.md", page)
    result = bank.kb("build", "--public", "-q")
    assert result.exit_code == 2
    places = ", ".join(f"docs/rutiner/sida-{number}.md:9:10" for number in range(1, 6))
    assert result.stderr.endswith(
        "Error: build failed: the public site is not built: 6 Swedish personal identity "
        f"numbers (KB401) are on pages it would publish, at {places}, …; remove them (no "
        "severity setting lets the public site publish them); no site written\n"
    )
