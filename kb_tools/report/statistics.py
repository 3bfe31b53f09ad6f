"""``kb check --statistics``: how many findings of each kind, for large banks.

A kind is a code and a message pattern: the message with what varies from
finding to finding taken out — its text arguments (values, keys, paths)
become ``…``, its dates ``<date>`` and its numbers ``N`` — so that "unknown
key 'authors'" and "unknown key 'source_url'" count as one line, and a bank
of a thousand pages reads as a dozen lines, most frequent first. Findings
are grouped by their English pattern, so the counts are the same in every
language; a message that is plain text (a check of a site's own) has its
quoted values, paths, dates and numbers taken out instead.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass

from ..diagnostics import Diagnostic, Severity, Summary
from ..i18n import ENGLISH, Message

_QUOTED = re.compile(r"'[^'\n]*'")
_PATH = re.compile(r"(?<![\w<])[\w.~-]+(?:/[\w.~-]+)+")
_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


def pattern(message: Message | str, language: str | None = None) -> str:
    """*message* with its particulars replaced (see the module docstring)."""
    if isinstance(message, Message):
        return _text_pattern(message.pattern(language))
    return _text_pattern(message)


def _text_pattern(message: str) -> str:
    text = _QUOTED.sub("'…'", message)
    text = _PATH.sub("<path>", text)
    text = _DATE.sub("<date>", text)
    return _NUMBER.sub("N", text)


@dataclass(frozen=True)
class Row:
    count: int
    code: str
    severity: Severity
    pattern: str


def rows(diagnostics: list[Diagnostic]) -> list[Row]:
    """One row per code and pattern, most frequent first (then by code and
    pattern, so equal counts always come in the same order)."""
    counts: Counter[tuple[str, Severity, str]] = Counter()
    shown: dict[tuple[str, Severity, str], str] = {}
    for d in diagnostics:
        key = (d.code, d.severity, pattern(d.text, ENGLISH))
        counts[key] += 1
        if key not in shown:
            shown[key] = pattern(d.text)
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0][0],
                                                       item[0][1].rank, item[0][2]))
    return [Row(n, key[0], key[1], shown[key]) for key, n in ordered]


def render_text(diagnostics: list[Diagnostic]) -> str:
    found = rows(diagnostics)
    width = max((len(str(r.count)) for r in found), default=1)
    lines = [
        f"{r.count:>{width}}  {r.code}  {r.severity.label!s:<7}  {r.pattern}".rstrip()
        for r in found
    ]
    lines.append(Summary.of(diagnostics).sentence().render())
    return "\n".join(lines) + "\n"


def render_json(diagnostics: list[Diagnostic]) -> str:
    summary = Summary.of(diagnostics)
    document = {
        "statistics": [
            {
                "count": r.count,
                "code": r.code,
                "severity": r.severity.value,
                "pattern": r.pattern,
            }
            for r in rows(diagnostics)
        ],
        "summary": {
            "errors": summary.errors,
            "warnings": summary.warnings,
            "infos": summary.infos,
            "files": summary.files,
        },
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


RENDERERS = {"text": render_text, "json": render_json}
