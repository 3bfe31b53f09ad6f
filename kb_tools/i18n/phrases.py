"""Phrases many messages share: how far a day is from today."""

from __future__ import annotations

from datetime import date

from .messages import Message, msg, msg_n


def relative_day(day: date, today: date) -> Message:
    """``today``, ``in 3 days``, ``146 days ago`` (Swedish: ``i dag``,
    ``i morgon``, ``om 3 dagar``, ``i går``, ``för 146 dagar sedan``)."""
    days = (day - today).days
    if days == 0:
        return msg("today")
    if days > 0:
        return msg_n("in {n} day", "in {n} days", days)
    return msg_n("{n} day ago", "{n} days ago", -days)
