"""GitHub Actions workflow commands: annotations on the changed lines.

A workflow command is one line: its data escapes ``%``, CR and LF, its
properties ``:`` and ``,`` too (the runner's own rules), and the text from
files is made printable first, so no value can end the command early or
start another (``::add-mask::``, ``::stop-commands::``).
"""

from __future__ import annotations

from ..diagnostics import Diagnostic, Severity, Summary
from ..i18n import msg
from ..text.escaping import printable

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def render(diagnostics: list[Diagnostic]) -> str:
    lines = []
    for d in diagnostics:
        message = printable(d.message)
        if d.hint:
            message += "\n" + msg("hint: {hint}", hint=printable(d.hint)).render()
        properties = ",".join(
            (
                f"file={_escape_property(printable(d.path))}",
                f"line={d.line}",
                f"col={d.column}",
                f"title={_escape_property(f'{d.code} {d.severity.label}')}",
            )
        )
        lines.append(f"::{_LEVEL.get(d.severity, 'notice')} {properties}::{_escape_data(message)}")
    lines.append(Summary.of(diagnostics).sentence().render())
    return "\n".join(lines) + "\n"
