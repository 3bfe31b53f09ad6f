"""GitLab Code Quality (a subset of the CodeClimate issue format), the
report GitLab shows in merge requests (``--format gitlab``, uploaded as
``artifacts: reports: codequality``).

One object per finding: ``description``, ``check_name`` (the code),
``fingerprint`` (unique in the report, stable across edits: the baseline
fingerprint with the path and occurrence), ``severity`` and ``location`` with
the path relative to the bank's root and the line. Severities: error →
``major`` (``critical`` for personal identity numbers and unsafe HTML, KB401
and KB402), warning → ``minor``, info → ``info``.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from ..diagnostics import Diagnostic, Severity
from ..i18n import msg
from .sarif import occurrences

SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}
CRITICAL = frozenset({"KB401", "KB402"})
# CodeClimate categories, for tools that read the full format.
CATEGORIES = {
    "KB1": "Bug Risk",
    "KB2": "Bug Risk",
    "KB3": "Clarity",
    "KB4": "Security",
    "KB5": "Bug Risk",
    "KB6": "Duplication",
}


def severity(d: Diagnostic) -> str:
    if d.severity is Severity.ERROR and d.code in CRITICAL:
        return "critical"
    return SEVERITIES.get(d.severity, "info")


def render(diagnostics: list[Diagnostic]) -> str:
    issues: list[dict[str, Any]] = []
    for d, occurrence in zip(diagnostics, occurrences(diagnostics), strict=True):
        identity = d.fingerprint or f"{d.line}:{d.column}:{d.text.english}"
        unique = hashlib.sha256(f"{d.path}\0{d.code}\0{identity}\0{occurrence}".encode())
        description = (
            msg("{code}: {message} (hint: {hint})", code=d.code, message=d.text,
                hint=d.hint_text)
            if d.hint_text is not None
            else msg("{code}: {message}", code=d.code, message=d.text)
        ).render()
        issues.append(
            {
                "type": "issue",
                "check_name": d.code,
                "description": description,
                "categories": [CATEGORIES[d.code[:3]]],
                "fingerprint": unique.hexdigest()[:32],
                "severity": severity(d),
                "location": {"path": d.path, "lines": {"begin": max(d.line, 1)}},
            }
        )
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"
