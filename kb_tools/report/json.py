"""A JSON object whose ``findings`` list has one object per finding."""

from __future__ import annotations

import json

from ..diagnostics import Diagnostic, Summary


def render(diagnostics: list[Diagnostic]) -> str:
    summary = Summary.of(diagnostics)
    document = {
        "findings": [d.to_dict() for d in diagnostics],
        "summary": {
            "errors": summary.errors,
            "warnings": summary.warnings,
            "infos": summary.infos,
            "files": summary.files,
        },
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
