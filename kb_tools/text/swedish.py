"""Swedish words for the site: dates, ages, type and status names."""

from __future__ import annotations

from datetime import date

from ..i18n import SWEDISH, msg_n, relative_day

MONTHS = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)

TYPE_NAMES = {
    "routine": "Rutin",
    "partner": "Samverkanspart",
    "agreement": "Överenskommelse",
    "template": "Mall",
    "glossary": "Ordlista",
    "page": "Sida",
}
TYPE_PLURALS = {
    "routine": "Rutiner",
    "partner": "Samverkansparter",
    "agreement": "Överenskommelser",
    "template": "Mallar",
    "glossary": "Ordlistor",
    "page": "Sidor",
}
STATUS_NAMES = {"active": "Gällande", "draft": "Utkast", "retired": "Upphörd"}
ORG_TYPE_NAMES = {
    "municipality": "Kommunala verksamheter",
    "region": "Regionen",
    "agency": "Myndigheter",
    "school": "Skolor",
    "company": "Företag",
    "association": "Föreningar",
    "other": "Övriga",
}


def format_date(value: date) -> str:
    """``2026-11-22`` → ``22 november 2026``."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def age(then: date, today: date) -> str:
    """How long ago, in words: ``i dag``, ``för 3 veckor sedan``, ``för 2 år sedan``."""
    days = (today - then).days
    if days < 0:
        return "i framtiden"
    if days < 14:
        return relative_day(then, today).render(SWEDISH)
    if days < 60:
        return msg_n("{n} week ago", "{n} weeks ago", days // 7).render(SWEDISH)
    months = (today.year - then.year) * 12 + today.month - then.month - (today.day < then.day)
    if months < 24:
        return msg_n("{n} month ago", "{n} months ago", months).render(SWEDISH)
    return msg_n("{n} year ago", "{n} years ago", months // 12).render(SWEDISH)


def days_until(day: date, today: date) -> str:
    """``i dag``, ``i morgon``, ``om 12 dagar``, ``för 3 dagar sedan``."""
    return relative_day(day, today).render(SWEDISH)


_UNITS = {
    "day": "dag",
    "days": "dagar",
    "week": "vecka",
    "weeks": "veckor",
    "month": "månad",
    "months": "månader",
    "year": "år",
    "years": "år",
}


def duration(value: object) -> str:
    """A duration in Swedish: ``3 months`` → ``3 månader``."""
    number, _, unit = str(value).partition(" ")
    return f"{number} {_UNITS.get(unit, unit)}"
