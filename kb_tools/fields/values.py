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

from ..i18n import Message, as_message, msg, msg_n
from .durations import UNIT_EXAMPLES, Duration, DurationError
from .email_problems import email_problem

SLUG_PATTERN = re.compile(r"^[a-z0-9-]+$")
_DATE_SHAPE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TRANSLITERATE = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u", "_": "-"})


SHOWN_LENGTH = 60


def shortened(text: str, *, quoted: bool = False) -> str | Message:
    """*text*, or its start and its length when it is longer than a message
    can show on one line; *quoted*: as a Python literal, quotes and escapes
    of control characters included (for a value that was not written in a
    file line, such as an option's, which may hold line breaks)."""
    if len(text) <= SHOWN_LENGTH:
        return repr(text) if quoted else text
    start = text[: SHOWN_LENGTH - 20]
    return msg_n(
        "{start}… ({n} character)",
        "{start}… ({n} characters)",
        len(text),
        start=repr(start) if quoted else start,
    )


def format_error(
    expected: Message | str, detail: Message | str = "", hint: Message | str = ""
) -> PydanticCustomError:
    """The error of a value that is not what was *expected*: the context
    holds messages (see :mod:`kb_tools.fields.validation`); text is shown as
    it is."""
    return PydanticCustomError(
        "kb_format",
        "expected {expected}",
        {
            "expected": as_message(expected),
            "detail": as_message(detail) if detail else None,
            "hint": as_message(hint) if hint else None,
        },
    )


def did_you_mean(match: str) -> Message:
    """``did you mean 'lernia'?``"""
    return msg("did you mean '{match}'?", match=match)


_QUOTES_HINT = msg("put the value in quotes")
_DATE = msg("a date YYYY-MM-DD")
_SLUG = msg("an id of lowercase letters a-z, digits and hyphens")
_URL = msg("a web address starting with https://")
_EMAIL = msg("an email address")
_PHONE = msg("a phone number such as 070-174 06 05 or +46 70 174 06 05")


def slugify(text: str) -> str:
    """A Swedish title or name as an id: ``Att fylla 18 år`` → ``att-fylla-18-ar``."""
    lowered = text.lower().translate(_TRANSLITERATE)
    return re.sub(r"[^a-z0-9]+", "-", lowered).strip("-")


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise format_error(msg("text"), hint=_QUOTES_HINT)
    stripped = value.strip()
    if not stripped:
        raise format_error(msg("text that is not empty"))
    return stripped


def _slug(value: Any) -> str:
    if not isinstance(value, str):
        raise format_error(_SLUG)
    if not SLUG_PATTERN.match(value):
        suggestion = slugify(value) if len(value) <= SHOWN_LENGTH else ""
        raise format_error(_SLUG, hint=did_you_mean(suggestion) if suggestion else "")
    return value


def _date(value: Any) -> date:
    if isinstance(value, datetime):
        raise format_error(
            _DATE, hint=msg("write only the date: {date}", date=value.date().isoformat())
        )
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _DATE_SHAPE.match(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError as exc:
            raise format_error(_DATE, detail=_date_detail(str(exc))) from None
    hint: Message | str = ""
    if isinstance(value, str):
        match = re.match(r"^(\d{4})-(\d{1,2})-(\d{1,2})$", value.strip())
        if match:
            hint = msg("write months and days with two digits, e.g. 2026-03-05")
        elif re.match(r"^\d{1,2}[./]\d{1,2}[./]\d{4}$", value.strip()):
            hint = msg("write the date as year-month-day, e.g. 2026-03-05")
    raise format_error(_DATE, hint=hint)


# What datetime says of a date that does not exist, in the reader's words.
_DATE_DETAILS = {
    "day is out of range for month": msg("day is out of range for month"),
    "month must be in 1..12": msg("month must be in 1..12"),
    "year 0 is out of range": msg("year 0 is out of range"),
}


def _date_detail(text: str) -> Message:
    return _DATE_DETAILS.get(text) or as_message(text)


def _duration(value: Any) -> Duration:
    if isinstance(value, Duration):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        example = value if 0 < value < 10_000 else 12
        raise format_error(
            _DURATION, hint=msg("add the unit, e.g. '{example} months'", example=str(example))
        )
    if not isinstance(value, str):
        raise format_error(_DURATION)
    try:
        return Duration.parse(value)
    except DurationError as exc:
        raise format_error(_DURATION, detail=exc.detail or "") from None


def _url(value: Any) -> str:
    if not isinstance(value, str):
        raise format_error(_URL)
    text = value.strip()
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in text:
        typo = not parts.scheme and "." in text and len(text) <= SHOWN_LENGTH
        raise format_error(_URL, hint=did_you_mean(f"https://{text}") if typo else "")
    return text


def _email(value: Any) -> str:
    if not isinstance(value, str):
        raise format_error(_EMAIL)
    try:
        return validate_email(value.strip(), check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise format_error(_EMAIL, detail=email_problem(exc)) from None


class PhoneError(ValueError):
    """Not a phone number; *detail* says why, in the reader's words."""

    def __init__(self, detail: Message) -> None:
        super().__init__(detail)
        self.detail = detail


# What phonenumbers says of a number it cannot parse, in the reader's words.
_PHONE_PROBLEMS = {
    phonenumbers.NumberParseException.INVALID_COUNTRY_CODE: msg(
        "the country code is not valid"
    ),
    phonenumbers.NumberParseException.NOT_A_NUMBER: msg("the text is not a phone number"),
    phonenumbers.NumberParseException.TOO_SHORT_AFTER_IDD: msg(
        "the number is too short after the international prefix"
    ),
    phonenumbers.NumberParseException.TOO_SHORT_NSN: msg("the number is too short"),
    phonenumbers.NumberParseException.TOO_LONG: msg("the number is too long"),
}


def parse_phone(text: str) -> phonenumbers.PhoneNumber:
    """A Swedish (default) or international phone number; :class:`PhoneError`
    (a ValueError) if it is not one."""
    try:
        number = phonenumbers.parse(text, "SE")
    except phonenumbers.NumberParseException as exc:
        raise PhoneError(_PHONE_PROBLEMS.get(exc.error_type) or as_message(str(exc))) from None
    if not phonenumbers.is_possible_number(number) or not phonenumbers.is_valid_number(number):
        raise PhoneError(msg("not a valid number in the numbering plan"))
    return number


def e164(text: str) -> str:
    return str(phonenumbers.format_number(parse_phone(text), phonenumbers.PhoneNumberFormat.E164))


# Spaces and hyphens a short number is written with (114 14, 11 414).
_DIAL_SEPARATORS = re.compile(r"[ -]")
_SHORT_NUMBER = re.compile(r"[0-9](?:[ -]?[0-9]){2,5}")


def short_number(text: str) -> str | None:
    """*text* as written (its spaces kept, runs of them made one), if it is
    a Swedish short or service number (``112``, ``114 14``, ``1177``): such
    a number has no E.164 form and is dialled as it is; None otherwise."""
    written = " ".join(text.split())
    if not _SHORT_NUMBER.fullmatch(written):
        return None
    digits = _DIAL_SEPARATORS.sub("", written)
    try:
        number = phonenumbers.parse(digits, "SE")
    except phonenumbers.NumberParseException:
        return None
    return written if phonenumbers.is_valid_short_number_for_region(number, "SE") else None


def phone_value(text: str) -> str:
    """The value of a phone key: the E.164 number (``+46701740605``), or a
    Swedish short number as written (``114 14``); :class:`PhoneError` if
    *text* is neither."""
    try:
        return e164(text)
    except PhoneError:
        short = short_number(text)
        if short is None:
            raise
        return short


def is_short_number(value: str) -> bool:
    """Whether a phone value (:func:`phone_value`) is a short number."""
    return not value.startswith("+")


def tel_number(value: str) -> str:
    """What a ``tel:`` link to a phone value dials: the E.164 number, or a
    short number's digits (``tel:11414``)."""
    return _DIAL_SEPARATORS.sub("", value) if is_short_number(value) else value


def national_format(value: str) -> str:
    """A phone value as a Swedish reader expects it: ``+46701740605`` →
    ``070-174 06 05``; a short number as written (``114 14``); a number of
    another country in international form."""
    if is_short_number(value):
        return value
    number = phonenumbers.parse(value, "SE")
    if number.country_code == 46:
        return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL))
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL))


def _phone(value: Any) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        # A short number loses nothing unquoted (it has no leading 0): 112, 1177.
        short = short_number(str(value)) if value > 0 else None
        if short is not None:
            return short
        raise format_error(
            msg("a phone number in quotes"),
            hint=msg('put the number in quotes, e.g. phone: "070-174 06 05"'),
        )
    if not isinstance(value, str):
        raise format_error(_PHONE)
    try:
        return phone_value(value.strip())
    except PhoneError as exc:
        raise format_error(_PHONE, detail=exc.detail) from None


_SIZE = re.compile(r"^\s*(\d{1,12}(?:\.\d{1,3})?)\s*([a-z]*)\s*$", re.IGNORECASE)
_SIZE_UNITS = {
    "": 1, "b": 1, "byte": 1, "bytes": 1,
    "kb": 10**3, "kib": 2**10,
    "mb": 10**6, "mib": 2**20,
    "gb": 10**9, "gib": 2**30,
}  # fmt: skip
_SIZE_EXAMPLES = msg("a size such as '2 MB', '500 kB' or a number of bytes")


def _file_size(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    match = _SIZE.match(value) if isinstance(value, str) else None
    if match is None:
        raise format_error(_SIZE_EXAMPLES, hint=msg("write a number and a unit, e.g. '2 MB'"))
    unit = _SIZE_UNITS.get(match.group(2).lower())
    if unit is None:
        detail = msg("unknown unit '{unit}'; use B, kB, MB or GB", unit=match.group(2))
        raise format_error(_SIZE_EXAMPLES, detail=detail)
    size = int(float(match.group(1)) * unit)
    if size <= 0:
        raise format_error(_SIZE_EXAMPLES, detail=msg("the size must be above zero"))
    return size


def file_size_text(size: int) -> Message:
    """``2000000`` → ``2 MB``, ``1536`` → ``1.5 kB`` (``1,5 kB`` in Swedish;
    decimal units, as in the config)."""
    for unit, factor in (("GB", 10**9), ("MB", 10**6), ("kB", 10**3)):
        if size >= factor:
            amount = f"{size / factor:.1f}".removesuffix(".0")
            whole, _, tenths = amount.partition(".")
            if tenths:
                return msg("{whole}.{tenths} {unit}", whole=whole, tenths=tenths, unit=unit)
            return msg("{amount} {unit}", amount=whole, unit=unit)
    return msg_n("{n} byte", "{n} bytes", size)


_DURATION_PATTERN = (
    r"^\s*\d{1,4}\s*(days?|weeks?|months?|years?|dagar|dag|veckor|vecka|månader|månad|år)\s*$"
)

_DURATION = msg("a duration such as {examples}", examples=UNIT_EXAMPLES)


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
