"""The values front matter and configuration are written in, and how a
wrong one is told.

- :mod:`.values`: the value types (dates, durations, emails, phone numbers,
  slugs, URLs, file sizes) as pydantic types, each with the wording of its
  message (``expected a date YYYY-MM-DD``);
- :mod:`.durations`: ``6 months`` and calendar arithmetic;
- :mod:`.vocabulary`: the contract's names (document types, statuses);
- :mod:`.validation`: pydantic's errors turned into problems with a line,
  what was expected and what was found, and "did you mean".

Used by the configuration, the model, the checks and the editor's forms;
imports nothing of kb_tools but the front-matter positions.
"""

from __future__ import annotations

from .values import (
    SLUG_PATTERN,
    DateValue,
    DurationValue,
    Email,
    FileSize,
    Phone,
    Slug,
    Text,
    Url,
    e164,
    file_size_text,
    format_error,
    is_short_number,
    national_format,
    parse_phone,
    phone_value,
    short_number,
    shortened,
    slugify,
    tel_number,
)

__all__ = [
    "SLUG_PATTERN",
    "DateValue",
    "DurationValue",
    "Email",
    "FileSize",
    "Phone",
    "Slug",
    "Text",
    "Url",
    "e164",
    "file_size_text",
    "format_error",
    "is_short_number",
    "national_format",
    "parse_phone",
    "phone_value",
    "short_number",
    "shortened",
    "slugify",
    "tel_number",
]
