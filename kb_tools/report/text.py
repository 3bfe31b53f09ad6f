"""``path:line:col: CODE severity: message``, one finding a line, like a compiler.

Paths, messages and hints quote what files hold (names, titles, file names):
control characters and line separators in them are shown as escapes, so no
value can print a line of its own (a fake finding) or colour the terminal.
"""

from __future__ import annotations

from ..diagnostics import Diagnostic, Summary
from ..i18n import msg
from ..text.escaping import printable


def render_one(d: Diagnostic) -> str:
    line = (f"{printable(d.path)}:{d.line}:{d.column}: {d.code} {d.severity.label}: "
            f"{printable(d.message)}")
    if d.hint:
        line += "\n  " + msg("hint: {hint}", hint=printable(d.hint)).render()
    return line


def render(diagnostics: list[Diagnostic]) -> str:
    lines = [render_one(d) for d in diagnostics]
    lines.append(Summary.of(diagnostics).sentence().render())
    return "\n".join(lines) + "\n"
