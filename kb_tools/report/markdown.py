"""A summary fit for a pull-request comment.

Messages quote what files hold; in GitHub-flavoured Markdown they are
escaped so that nothing in them becomes a link, an image, HTML, a heading
or a new table cell, and file names are code spans.
"""

from __future__ import annotations

from ..diagnostics import CODES, Diagnostic, Severity, Summary
from ..text.escaping import gfm_code, gfm_text

_ICON = {Severity.ERROR: "❌", Severity.WARNING: "⚠️", Severity.INFO: "ℹ️"}


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
        out += [f"### {gfm_code(path)}", "", "| | line | code | message | hint |",
                "|---|---:|---|---|---|"]
        for d in items:
            out.append(
                f"| {_ICON.get(d.severity, '')} | {d.line}:{d.column} | {d.code} | "
                f"{gfm_text(d.message)} | {gfm_text(d.hint or '')} |"
            )
        out.append("")
    return "\n".join(out)
