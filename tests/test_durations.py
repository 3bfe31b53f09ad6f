from __future__ import annotations

from datetime import date

import pytest

from kb_tools.fields.durations import Duration, DurationError, add_days, add_months


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("6 months", Duration(months=6)),
        ("1 year", Duration(months=12)),
        ("12 months", Duration(months=12)),
        ("90 days", Duration(days=90)),
        ("8 weeks", Duration(days=56)),
        ("1 month", Duration(months=1)),
        ("6 månader", Duration(months=6)),
        ("2 år", Duration(months=24)),
        ("30 dagar", Duration(days=30)),
        ("3 veckor", Duration(days=21)),
        ("  12   Months ", Duration(months=12)),
    ],
)
def test_parse(text: str, expected: Duration) -> None:
    assert Duration.parse(text) == expected


def test_twelve_months_is_one_year() -> None:
    assert Duration.parse("12 months") == Duration.parse("1 year")
    assert str(Duration.parse("12 months")) == "1 year"


@pytest.mark.parametrize("text", ["", "months", "6", "six months", "6 fortnights", "-1 day"])
def test_parse_rejects(text: str) -> None:
    with pytest.raises(DurationError):
        Duration.parse(text)


@pytest.mark.parametrize(
    ("start", "duration", "expected"),
    [
        (date(2026, 5, 31), "1 month", date(2026, 6, 30)),
        (date(2026, 1, 31), "1 month", date(2026, 2, 28)),
        (date(2028, 1, 31), "1 month", date(2028, 2, 29)),
        (date(2028, 2, 29), "1 year", date(2029, 2, 28)),
        (date(2026, 11, 23), "90 days", date(2027, 2, 21)),
        (date(2026, 12, 15), "8 weeks", date(2027, 2, 9)),
        (date(2025, 11, 23), "12 months", date(2026, 11, 23)),
    ],
)
def test_calendar_arithmetic(start: date, duration: str, expected: date) -> None:
    assert Duration.parse(duration).after(start) == expected


def test_str_round_trips() -> None:
    for text in ("6 months", "1 year", "90 days", "8 weeks", "1 day", "2 years"):
        assert str(Duration.parse(text)) == text


@pytest.mark.parametrize(
    ("start", "duration", "expected"),
    [
        (date(9999, 12, 31), "12 months", date.max),
        (date(9999, 12, 31), "90 days", date.max),
        (date(9999, 6, 1), "1 year", date.max),
        (date(2026, 11, 23), "9999 years", date.max),
        (date(9999, 12, 20), "8 weeks", date.max),
    ],
)
def test_arithmetic_stops_at_the_end_of_the_calendar(
    start: date, duration: str, expected: date
) -> None:
    """Python's dates end with the year 9999: a page reviewed then is due then."""
    assert Duration.parse(duration).after(start) == expected


def test_arithmetic_stops_at_the_start_of_the_calendar() -> None:
    assert Duration.parse("1 year").before(date(1, 6, 1)) == date.min
    assert Duration.parse("90 days").before(date(1, 2, 1)) == date.min
    assert add_days(date.max, 3650) == date.max
    assert add_months(date(1, 1, 31), -1) == date.min
