"""``kb check --statistics``: how many findings of each kind, for large banks.

A kind is a code and a message pattern: the message with what varies from
finding to finding taken out — quoted values become ``'…'``, paths
``<path>``, dates ``<date>`` and other numbers ``N`` — so that "unknown key
'authors'" and "unknown key 'source_url'" count as one line, and a bank of a
thousand pages reads as a dozen lines, most frequent first.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass

from ..diagnostics import Diagnostic, Severity, Summary

_QUOTED = re.compile(r"'[^'\n]*'")
_PATH = re.compile(r"(?<![\w<])[\w.~-]+(?:/[\w.~-]+)+")
_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


def pattern(message: str) -> str:
    """*message* with its particulars replaced (see the module docstring)."""
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
    counts = Counter((d.code, d.severity, pattern(d.message)) for d in diagnostics)
    found = [Row(n, code, severity, text) for (code, severity, text), n in counts.items()]
    return sorted(found, key=lambda r: (-r.count, r.code, r.severity.rank, r.pattern))


def render_text(diagnostics: list[Diagnostic]) -> str:
    found = rows(diagnostics)
    width = max((len(str(r.count)) for r in found), default=1)
    lines = [
        f"{r.count:>{width}}  {r.code}  {r.severity.value:<7}  {r.pattern}".rstrip() for r in found
    ]
    lines.append(Summary.of(diagnostics).sentence())
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
