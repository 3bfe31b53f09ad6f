"""``path:line:col: CODE severity: message``, one finding a line, like a compiler."""

from __future__ import annotations

from ..diagnostics import Diagnostic, Summary


def render_one(d: Diagnostic) -> str:
    line = f"{d.path}:{d.line}:{d.column}: {d.code} {d.severity.value}: {d.message}"
    if d.hint:
        line += f"\n  hint: {d.hint}"
    return line


def render(diagnostics: list[Diagnostic]) -> str:
    lines = [render_one(d) for d in diagnostics]
    lines.append(Summary.of(diagnostics).sentence())
    return "\n".join(lines) + "\n"
