from __future__ import annotations

from datetime import date

import pytest

from kb_tools.text.swedish import age, days_until, format_date

TODAY = date(2026, 11, 23)


def test_format_date() -> None:
    assert format_date(date(2026, 11, 22)) == "22 november 2026"
    assert format_date(date(2027, 1, 5)) == "5 januari 2027"


@pytest.mark.parametrize(
    ("then", "expected"),
    [
        (date(2026, 11, 23), "i dag"),
        (date(2026, 11, 22), "i går"),
        (date(2026, 11, 13), "för 10 dagar sedan"),
        (date(2026, 10, 20), "för 4 veckor sedan"),
        (date(2026, 8, 23), "för 3 månader sedan"),
        (date(2026, 8, 24), "för 2 månader sedan"),
        (date(2024, 11, 23), "för 2 år sedan"),
        (date(2026, 12, 1), "i framtiden"),
    ],
)
def test_age(then: date, expected: str) -> None:
    assert age(then, TODAY) == expected


def test_days_until() -> None:
    assert [days_until(date(2026, 11, d), TODAY) for d in (21, 22, 23, 24, 30)] == [
        "för 2 dagar sedan",
        "i går",
        "i dag",
        "i morgon",
        "om 7 dagar",
    ]
