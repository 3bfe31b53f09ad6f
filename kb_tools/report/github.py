"""GitHub Actions workflow commands: annotations on the changed lines."""

from __future__ import annotations

from ..diagnostics import Diagnostic, Severity, Summary

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def render(diagnostics: list[Diagnostic]) -> str:
    lines = []
    for d in diagnostics:
        message = d.message + (f"\nhint: {d.hint}" if d.hint else "")
        properties = ",".join(
            (
                f"file={_escape_property(d.path)}",
                f"line={d.line}",
                f"col={d.column}",
                f"title={_escape_property(f'{d.code} {d.severity.value}')}",
            )
        )
        lines.append(f"::{_LEVEL.get(d.severity, 'notice')} {properties}::{_escape_data(message)}")
    lines.append(Summary.of(diagnostics).sentence())
    return "\n".join(lines) + "\n"
