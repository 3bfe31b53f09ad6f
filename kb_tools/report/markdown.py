"""A summary fit for a pull-request comment."""

from __future__ import annotations

from ..diagnostics import CODES, Diagnostic, Severity, Summary

_ICON = {Severity.ERROR: "❌", Severity.WARNING: "⚠️", Severity.INFO: "ℹ️"}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render(diagnostics: list[Diagnostic]) -> str:
    summary = Summary.of(diagnostics)
    out = ["## Kunskapsbanken: kb check", ""]
    if not diagnostics:
        out += ["✅ No problems found.", ""]
        return "\n".join(out)
    out += [f"**{summary.sentence()}**", ""]
    counts: dict[str, int] = {}
    for d in diagnostics:
        counts[d.code] = counts.get(d.code, 0) + 1
    out += ["| code | what | count |", "|---|---|---:|"]
    for code in sorted(counts):
        out.append(f"| {code} | {CODES[code].title} | {counts[code]} |")
    out.append("")
    by_file: dict[str, list[Diagnostic]] = {}
    for d in diagnostics:
        by_file.setdefault(d.path, []).append(d)
    for path, items in by_file.items():
        out += [f"### `{path}`", "", "| | line | code | message | hint |", "|---|---:|---|---|---|"]
        for d in items:
            out.append(
                f"| {_ICON.get(d.severity, '')} | {d.line}:{d.column} | {d.code} | "
                f"{_cell(d.message)} | {_cell(d.hint or '')} |"
            )
        out.append("")
    return "\n".join(out)
