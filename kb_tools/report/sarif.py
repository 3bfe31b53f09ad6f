"""SARIF 2.1.0, the format GitHub code scanning reads (``--format sarif``).

Every check code is a rule (id, name, descriptions, help, default level);
every finding a result at its file, line and column, relative to the bank's
root (``%SRCROOT%``), with the line-independent fingerprint of
:mod:`kb_tools.checks.baseline` so that code scanning follows an alert across
edits. Levels: error → ``error``, warning → ``warning``, info → ``note``.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from importlib import metadata
from typing import Any
from urllib.parse import quote

from ..diagnostics import CODES, Code, Diagnostic, Severity
from ..i18n import current, msg

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
ROOT = "%SRCROOT%"
FINGERPRINT = "kbFingerprint/v1"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
# What each family of codes is about (rule tags, shown as filters on GitHub).
FAMILIES = {
    "KB1": "metadata",
    "KB2": "links",
    "KB3": "review",
    "KB4": "privacy",
    "KB5": "external-links",
    "KB6": "duplicates",
}


def rule_name(code: Code) -> str:
    """``unknown key`` → ``UnknownKey`` (from the English title in every
    language: the name identifies the rule)."""
    words = re.findall(r"[A-Za-z0-9]+", code.summary.english)
    return "".join(word[:1].upper() + word[1:] for word in words)


def _rule(code: Code) -> dict[str, Any]:
    title = code.title[:1].upper() + code.title[1:]
    help_text = msg(
        "{title}. Its default severity is {severity}; change it under "
        "plugins.kb.severity in mkdocs.yml, or leave it out with --ignore {code}.",
        title=title,
        severity=code.severity.label,
        code=code.code,
    ).render()
    return {
        "id": code.code,
        "name": rule_name(code),
        "shortDescription": {"text": title},
        "fullDescription": {"text": f"{code.code}: {code.title}."},
        "help": {"text": help_text},
        "defaultConfiguration": {"level": LEVELS.get(code.severity, "none")},
        "properties": {"tags": [FAMILIES[code.code[:3]]]},
    }


def _version() -> str:
    try:
        return metadata.version("kb-tools")
    except metadata.PackageNotFoundError:
        return "0.0.0"


def render(diagnostics: list[Diagnostic]) -> str:
    index = {code: number for number, code in enumerate(CODES)}
    results = []
    for d, occurrence in zip(diagnostics, occurrences(diagnostics), strict=True):
        text = d.message
        if d.hint:
            text += "\n" + msg("hint: {hint}", hint=d.hint).render()
        result: dict[str, Any] = {
            "ruleId": d.code,
            "ruleIndex": index[d.code],
            "level": LEVELS.get(d.severity, "none"),
            "message": {"text": text},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": quote(d.path), "uriBaseId": ROOT},
                        "region": {"startLine": max(d.line, 1), "startColumn": max(d.column, 1)},
                    }
                }
            ],
        }
        if d.fingerprint is not None:
            result["partialFingerprints"] = {FINGERPRINT: f"{d.fingerprint}:{occurrence}"}
        results.append(result)
    version = _version()
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "kb",
                        "fullName": "kb check (Kunskapsbanken)",
                        "version": version,
                        "semanticVersion": version,
                        "rules": [_rule(code) for code in CODES.values()],
                    }
                },
                "originalUriBaseIds": {
                    ROOT: {
                        "description": {
                            "text": msg("The bank's root, where mkdocs.yml is.").render()
                        }
                    }
                },
                "language": current(),
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


def occurrences(diagnostics: list[Diagnostic]) -> list[int]:
    """For each finding, how many before it (in report order) share its path,
    code and fingerprint, plus one: what makes a report's fingerprints unique
    when a file has the same finding twice."""
    seen: Counter[tuple[str, str, str | None]] = Counter()
    numbers = []
    for d in diagnostics:
        key = (d.path, d.code, d.fingerprint)
        seen[key] += 1
        numbers.append(seen[key])
    return numbers
