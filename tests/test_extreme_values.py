"""Values at the edge: dates in the year 9999 and numbers too long to print
become findings, never an internal error (exit 3)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from icalendar import Calendar

from kb_tools.config import load_config
from kb_tools.site.mkdocs.build import build_site

from .conftest import ROUTINE, TODAY, BankDir, MakeBank

LAST_DAY = "9999-12-31"

PARTNER = f"""\
---
title: Lernia
org_type: company
owner: samordnare
reviewed: {LAST_DAY}
contacts:
  - name: Anna Berg
    role: Handledare
    email: anna.berg@lernia.example.org
    verified: {LAST_DAY}
---
Text.
"""

AGREEMENT = f"""\
---
title: Praktik hos Lernia
owner: samordnare
reviewed: 2026-10-01
parties: [lernia]
valid_from: 2026-01-01
valid_until: {LAST_DAY}
signed: {LAST_DAY}
---
Text.
"""


@pytest.fixture
def far_future(make_bank: MakeBank) -> BankDir:
    return make_bank(
        {
            "index.md": "# Start\n",
            "rutiner/ankomst.md": ROUTINE.replace("2026-09-01", LAST_DAY),
            "samverkansparter/lernia.md": PARTNER,
            "overenskommelser/praktik-lernia.md": AGREEMENT,
        }
    )


def test_dates_in_the_year_9999_are_future_dates(far_future: BankDir) -> None:
    result = far_future.kb("check")
    assert result.exit_code == 1, result.stderr
    assert far_future.check() == "\n".join(
        [
            f"docs/overenskommelser/praktik-lernia.md:8:9: KB305 error: 'signed' is in the "
            f"future: {LAST_DAY} (today is {TODAY})",
            "  hint: write the date it actually happened",
            f"docs/rutiner/ankomst.md:4:11: KB305 error: 'reviewed' is in the future: "
            f"{LAST_DAY} (today is {TODAY})",
            "  hint: write the date it actually happened",
            f"docs/samverkansparter/lernia.md:5:11: KB305 error: 'reviewed' is in the future: "
            f"{LAST_DAY} (today is {TODAY})",
            "  hint: write the date it actually happened",
            f"docs/samverkansparter/lernia.md:10:15: KB305 error: 'verified' of contact "
            f"'Anna Berg' is in the future: {LAST_DAY} (today is {TODAY})",
            "  hint: write the date it actually happened",
        ]
    )


@pytest.mark.parametrize("today", [TODAY, LAST_DAY])
def test_every_command_that_counts_days_copes_with_the_year_9999(
    far_future: BankDir, today: str
) -> None:
    assert far_future.kb("check", today=today).exit_code in (0, 1)
    for output in ("text", "markdown", "json", "ics"):
        result = far_future.kb("review", "--today", today, "--within", "3650", "--format", output)
        assert (result.exit_code, result.stderr) == (0, ""), output
    result = far_future.kb("remind", "--today", today, "--within", "3650")
    assert result.exit_code == 0
    assert result.stderr.startswith("Dry run: ")
    if today == LAST_DAY:  # the agreement ends today; a page reviewed today is not due
        assert far_future.kb("check", today=today).output == (
            "docs/overenskommelser/praktik-lernia.md:4:11: KB301 warning: review overdue: "
            "reviewed 2026-10-01, due 2027-10-01 (every 1 year), 2,911,804 days ago\n"
            f"  hint: have the owner confirm the page and set 'reviewed: {LAST_DAY}'\n"
            "docs/overenskommelser/praktik-lernia.md:7:14: KB304 warning: agreement ends on "
            f"{LAST_DAY}, today\n"
            "  hint: start the renewal with the parties now\n"
            "0 errors, 2 warnings in 1 file.\n"
        )


@pytest.mark.parametrize("today", [date(2026, 11, 23), date.max], ids=str)
def test_the_site_and_its_calendar_reach_the_year_9999(
    far_future: BankDir, tmp_path: Path, today: date
) -> None:
    site = build_site(load_config(far_future.root / "mkdocs.yml"), tmp_path / "site", today=today)
    page = (site / "rutiner" / "ankomst" / "index.html").read_text("utf-8")
    assert f'data-kb-review-due="{LAST_DAY}"' in page
    calendar = Calendar.from_ical((site / "granskning.ics").read_bytes())
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    last = events["review-ankomst@kunskapsbanken"]
    assert last.decoded("dtstart") == date.max
    assert "dtend" not in last  # an all-day event without an end lasts its one day
    ending = events["agreement-end-praktik-lernia@kunskapsbanken"]
    assert ending.decoded("dtstart") == date.max


LONG = "7" * 5000


@pytest.mark.parametrize(
    ("line", "column"),
    [
        (f"review_every: {LONG}", 15),
        (f"tags: [{LONG}]", 8),
        (f"review_every: 0x{'f' * 4000}", 15),  # hexadecimal: read, but too long to print
        ("review_every: " + "1:" * 3000 + "1", 15),  # base 60
        (f"contacts:\n  - name: {LONG}", 11),
    ],
    ids=["decimal", "in a list", "hexadecimal", "base 60", "in a contact"],
)
def test_numbers_too_long_to_print_are_unreadable_front_matter(
    make_bank: MakeBank, line: str, column: int
) -> None:
    routine = ROUTINE.replace("reviewed: 2026-09-01\n", f"reviewed: 2026-09-01\n{line}\n")
    bank = make_bank({"rutiner/a.md": routine})
    row = 5 + line.count("\n")
    assert bank.check() == (
        f"docs/rutiner/a.md:{row}:{column}: KB100 error: the number has more than 4,300 digits "
        "and cannot be read\n"
        "  hint: put the value in quotes if it is text"
    )
    assert bank.kb("search", "ankomst").exit_code == 0


def test_a_page_with_unreadable_front_matter_is_built_without_it(
    make_bank: MakeBank, tmp_path: Path
) -> None:
    """MkDocs reads the hexadecimal values itself, and the theme could not
    print them (the page's description): the build would fail for every page."""
    huge = f"0x{'f' * 4000}"
    routine = ROUTINE.replace("title: Ankomst", f"title: {huge}\ndescription: {huge}")
    bank = make_bank({"index.md": "# Start\n", "rutiner/a.md": routine})
    site = build_site(load_config(bank.root / "mkdocs.yml"), tmp_path / "site")
    assert "<h1" in (site / "rutiner" / "a" / "index.html").read_text("utf-8")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            f"owner: {'x' * 3000}!",
            "'owner': expected an id of lowercase letters a-z, digits and hyphens, found "
            f"'{'x' * 40}… (3,001 characters)'",
        ),
        (
            "review_every: 123456789",
            "'review_every': expected a duration such as '6 months', '1 year', '90 days' or "
            "'8 weeks', found 123456789\n  hint: add the unit, e.g. '12 months'",
        ),
        (
            f"review_every: 1{'0' * 100}.5",
            "'review_every': expected a duration such as '6 months', '1 year', '90 days' or "
            f"'8 weeks', found 1{'0' * 39}… (103 characters) (YAML reads it as the number 1e+100)",
        ),
        (
            "review_every: 1.0e+999",
            "'review_every': expected a duration such as '6 months', '1 year', '90 days' or "
            "'8 weeks', found 1.0e+999 (YAML reads it as the number inf)",
        ),
    ],
    ids=["long text", "large number", "long float", "infinite float"],
)
def test_long_values_are_shortened_in_messages(
    make_bank: MakeBank, line: str, message: str
) -> None:
    key = line.split(":")[0]
    routine = ROUTINE.replace(f"{key}: ", "x-old: ") if key == "owner" else ROUTINE
    routine = routine.replace("reviewed: 2026-09-01\n", f"reviewed: 2026-09-01\n{line}\n")
    bank = make_bank({"rutiner/a.md": routine})
    findings = bank.check()
    assert message in findings
    assert max(len(row) for row in findings.splitlines()) < 300
