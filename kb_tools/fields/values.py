"""Value types shared by the front-matter model and the configuration.

Each validator raises a :class:`PydanticCustomError` of type ``kb_format``
whose context says what was *expected*, and optionally a *detail* and a *hint*;
:mod:`kb_tools.fields.validation` turns that into the one wording all messages use:
``'key': expected X, found Y``.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any
from urllib.parse import urlsplit

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from pydantic import BeforeValidator, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from .durations import UNIT_EXAMPLES, Duration, DurationError

SLUG_PATTERN = re.compile(r"^[a-z0-9-]+$")
_DATE_SHAPE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TRANSLITERATE = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u", "_": "-"})


SHOWN_LENGTH = 60


def shortened(text: str) -> str:
    """*text*, or its start and its length when it is longer than a message
    can show on one line."""
    if len(text) <= SHOWN_LENGTH:
        return text
    return f"{text[: SHOWN_LENGTH - 20]}… ({len(text):,} characters)"


def format_error(expected: str, detail: str = "", hint: str = "") -> PydanticCustomError:
    return PydanticCustomError(
        "kb_format", "expected {expected}", {"expected": expected, "detail": detail, "hint": hint}
    )


def slugify(text: str) -> str:
    """A Swedish title or name as an id: ``Att fylla 18 år`` → ``att-fylla-18-ar``."""
    lowered = text.lower().translate(_TRANSLITERATE)
    return re.sub(r"[^a-z0-9]+", "-", lowered).strip("-")


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise format_error("text", hint="put the value in quotes")
    stripped = value.strip()
    if not stripped:
        raise format_error("text that is not empty")
    return stripped


def _slug(value: Any) -> str:
    if not isinstance(value, str):
        raise format_error("an id of lowercase letters a-z, digits and hyphens")
    if not SLUG_PATTERN.match(value):
        suggestion = slugify(value) if len(value) <= SHOWN_LENGTH else ""
        raise format_error(
            "an id of lowercase letters a-z, digits and hyphens",
            hint=f"did you mean '{suggestion}'?" if suggestion else "",
        )
    return value


def _date(value: Any) -> date:
    if isinstance(value, datetime):
        raise format_error(
            "a date YYYY-MM-DD", hint=f"write only the date: {value.date().isoformat()}"
        )
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _DATE_SHAPE.match(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError as exc:
            raise format_error("a date YYYY-MM-DD", detail=f"{exc}") from None
    hint = ""
    if isinstance(value, str):
        match = re.match(r"^(\d{4})-(\d{1,2})-(\d{1,2})$", value.strip())
        if match:
            hint = "write months and days with two digits, e.g. 2026-03-05"
        elif re.match(r"^\d{1,2}[./]\d{1,2}[./]\d{4}$", value.strip()):
            hint = "write the date as year-month-day, e.g. 2026-03-05"
    raise format_error("a date YYYY-MM-DD", hint=hint)


def _duration(value: Any) -> Duration:
    if isinstance(value, Duration):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        example = value if 0 < value < 10_000 else 12
        raise format_error(
            f"a duration such as {UNIT_EXAMPLES}", hint=f"add the unit, e.g. '{example} months'"
        )
    if not isinstance(value, str):
        raise format_error(f"a duration such as {UNIT_EXAMPLES}")
    try:
        return Duration.parse(value)
    except DurationError as exc:
        detail = str(exc) if "unknown unit" in str(exc) else ""
        raise format_error(f"a duration such as {UNIT_EXAMPLES}", detail=detail) from None


def _url(value: Any) -> str:
    if not isinstance(value, str):
        raise format_error("a web address starting with https://")
    text = value.strip()
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in text:
        typo = not parts.scheme and "." in text and len(text) <= SHOWN_LENGTH
        hint = f"did you mean 'https://{text}'?" if typo else ""
        raise format_error("a web address starting with https://", hint=hint)
    return text


def _email(value: Any) -> str:
    if not isinstance(value, str):
        raise format_error("an email address")
    try:
        return validate_email(value.strip(), check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise format_error("an email address", detail=str(exc).rstrip(".")) from None


def parse_phone(text: str) -> phonenumbers.PhoneNumber:
    """A Swedish (default) or international phone number; ValueError if invalid."""
    try:
        number = phonenumbers.parse(text, "SE")
    except phonenumbers.NumberParseException as exc:
        raise ValueError(str(exc)) from None
    if not phonenumbers.is_possible_number(number) or not phonenumbers.is_valid_number(number):
        raise ValueError("not a valid number in the numbering plan")
    return number


def e164(text: str) -> str:
    return str(phonenumbers.format_number(parse_phone(text), phonenumbers.PhoneNumberFormat.E164))


def national_format(e164_number: str) -> str:
    """``+46701740605`` → ``070-174 06 05`` (Swedish convention); others international."""
    number = phonenumbers.parse(e164_number, "SE")
    if number.country_code == 46:
        return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL))
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL))


def _phone(value: Any) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        raise format_error(
            "a phone number in quotes",
            hint='put the number in quotes, e.g. phone: "070-174 06 05"',
        )
    if not isinstance(value, str):
        raise format_error("a phone number such as 070-174 06 05 or +46 70 174 06 05")
    try:
        return e164(value.strip())
    except ValueError as exc:
        raise format_error(
            "a phone number such as 070-174 06 05 or +46 70 174 06 05", detail=str(exc)
        ) from None


_SIZE = re.compile(r"^\s*(\d{1,12}(?:\.\d{1,3})?)\s*([a-z]*)\s*$", re.IGNORECASE)
_SIZE_UNITS = {
    "": 1, "b": 1, "byte": 1, "bytes": 1,
    "kb": 10**3, "kib": 2**10,
    "mb": 10**6, "mib": 2**20,
    "gb": 10**9, "gib": 2**30,
}  # fmt: skip
_SIZE_EXAMPLES = "a size such as '2 MB', '500 kB' or a number of bytes"


def _file_size(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    match = _SIZE.match(value) if isinstance(value, str) else None
    if match is None:
        raise format_error(_SIZE_EXAMPLES, hint="write a number and a unit, e.g. '2 MB'")
    unit = _SIZE_UNITS.get(match.group(2).lower())
    if unit is None:
        detail = f"unknown unit '{match.group(2)}'; use B, kB, MB or GB"
        raise format_error(_SIZE_EXAMPLES, detail=detail)
    size = int(float(match.group(1)) * unit)
    if size <= 0:
        raise format_error(_SIZE_EXAMPLES, detail="the size must be above zero")
    return size


def file_size_text(size: int) -> str:
    """``2000000`` → ``2 MB``, ``1536`` → ``1.5 kB`` (decimal units, as in the config)."""
    for unit, factor in (("GB", 10**9), ("MB", 10**6), ("kB", 10**3)):
        if size >= factor:
            return f"{size / factor:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} bytes"


_DURATION_PATTERN = (
    r"^\s*\d{1,4}\s*(days?|weeks?|months?|years?|dagar|dag|veckor|vecka|månader|månad|år)\s*$"
)

Text = Annotated[str, BeforeValidator(_text)]
Slug = Annotated[
    str, BeforeValidator(_slug), WithJsonSchema({"type": "string", "pattern": "^[a-z0-9-]+$"})
]
DateValue = Annotated[date, BeforeValidator(_date)]
DurationValue = Annotated[
    Duration,
    PlainValidator(_duration),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": _DURATION_PATTERN,
            "examples": ["12 months", "1 year", "90 days", "8 weeks"],
        }
    ),
]
Url = Annotated[str, BeforeValidator(_url), WithJsonSchema({"type": "string", "format": "uri"})]
Email = Annotated[
    str, BeforeValidator(_email), WithJsonSchema({"type": "string", "format": "email"})
]
Phone = Annotated[str, BeforeValidator(_phone), WithJsonSchema({"type": "string"})]
FileSize = Annotated[
    int,
    PlainValidator(_file_size),
    WithJsonSchema({"type": ["integer", "string"], "examples": ["2 MB", "500 kB"]}),
]
