"""Durations such as ``6 months`` or ``90 dagar``, with calendar arithmetic.

``2026-05-31 + 1 month`` is ``2026-06-30`` (the day is clamped to the month's
length), and ``12 months`` is the same duration as ``1 year``.

Arithmetic stops at the ends of the calendar instead of failing: a page
reviewed on 9999-12-31 (a typo, KB305) is due on 9999-12-31, never later.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from ..i18n import Message, msg, msg_n

_UNITS: dict[str, tuple[str, int]] = {}
for _names, _unit, _factor in (
    (("day", "days", "dag", "dagar", "d"), "days", 1),
    (("week", "weeks", "vecka", "veckor", "w"), "days", 7),
    (("month", "months", "månad", "månader", "manad", "manader", "mån"), "months", 1),
    (("year", "years", "år", "ar"), "months", 12),
):
    for _name in _names:
        _UNITS[_name] = (_unit, _factor)

# Every unit name a duration may use: name -> (months or days, factor).
UNITS: Mapping[str, tuple[str, int]] = MappingProxyType(_UNITS)

_PATTERN = re.compile(r"^\s*(\d{1,4})\s*([^\W\d_]+)\s*$", re.UNICODE)
# TRANSLATORS: durations a reader may write; kb also reads "6 månader", "1 år",
# "90 dagar" and "8 veckor", so give the examples in the reader's language.
UNIT_EXAMPLES = msg("'6 months', '1 year', '90 days' or '8 weeks'")


class DurationError(ValueError):
    """Not a duration; *detail* names an unknown unit when that is the problem."""

    def __init__(self, message: Message, detail: Message | None = None) -> None:
        super().__init__(message)
        self.detail = detail


@dataclass(frozen=True, order=True)
class Duration:
    """A whole number of months or of days (weeks are stored as days)."""

    months: int = 0
    days: int = 0

    @classmethod
    def parse(cls, text: str) -> Duration:
        match = _PATTERN.match(text)
        if not match:
            raise DurationError(
                msg("expected a duration such as {examples}", examples=UNIT_EXAMPLES)
            )
        amount, unit_name = int(match.group(1)), match.group(2).lower()
        if unit_name not in _UNITS:
            unknown = msg(
                "unknown unit '{unit}'; use days, weeks, months or years", unit=match.group(2)
            )
            raise DurationError(unknown, unknown)
        unit, factor = _UNITS[unit_name]
        if unit == "months":
            return cls(months=amount * factor)
        return cls(days=amount * factor)

    def after(self, start: date) -> date:
        """The date this duration after *start*, in calendar arithmetic."""
        return add_days(add_months(start, self.months), self.days)

    def before(self, end: date) -> date:
        return add_days(add_months(end, -self.months), -self.days)

    def message(self) -> Message:
        """The duration in the reader's language: ``12 months``, ``12 månader``."""
        if self.months and not self.days:
            if self.months % 12 == 0:
                return msg_n("{n} year", "{n} years", self.months // 12)
            return msg_n("{n} month", "{n} months", self.months)
        if self.days % 7 == 0 and self.days and not self.months:
            return msg_n("{n} week", "{n} weeks", self.days // 7)
        return msg_n("{n} day", "{n} days", self.days)

    def __str__(self) -> str:
        """The duration as written in English (``6 months``): what front
        matter, the configuration and the schema hold."""
        if self.months and not self.days:
            if self.months % 12 == 0:
                years = self.months // 12
                return f"{years} year" + ("s" if years != 1 else "")
            return f"{self.months} month" + ("s" if self.months != 1 else "")
        if self.days % 7 == 0 and self.days and not self.months:
            weeks = self.days // 7
            return f"{weeks} week" + ("s" if weeks != 1 else "")
        return f"{self.days} day" + ("s" if self.days != 1 else "")


def add_months(start: date, months: int) -> date:
    """*start* plus *months* calendar months, held at ``date.min`` and ``date.max``."""
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    if year > date.max.year:
        return date.max
    if year < date.min.year:
        return date.min
    month += 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def add_days(day: date, days: int) -> date:
    """*day* plus *days*, held at ``date.min`` and ``date.max``."""
    ordinal = day.toordinal() + days
    return date.fromordinal(min(max(ordinal, 1), date.max.toordinal()))
