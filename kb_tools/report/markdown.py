"""A summary fit for a pull-request comment.

Messages quote what files hold; in GitHub-flavoured Markdown they are
escaped so that nothing in them becomes a link, an image, HTML, a heading
or a new table cell, and file names are code spans.
"""

from __future__ import annotations

from ..diagnostics import CODES, Diagnostic, Severity, Summary
from ..i18n import msg
from ..text.escaping import gfm_code, gfm_text

_ICON = {Severity.ERROR: "❌", Severity.WARNING: "⚠️", Severity.INFO: "ℹ️"}


def render(diagnostics: list[Diagnostic]) -> str:
    summary = Summary.of(diagnostics)
    out = ["## Kunskapsbanken: kb check", ""]
    if not diagnostics:
        out += [f"✅ {summary.sentence()}", ""]
        return "\n".join(out)
    out += [f"**{summary.sentence()}**", ""]
    counts: dict[str, int] = {}
    for d in diagnostics:
        counts[d.code] = counts.get(d.code, 0) + 1
    # TRANSLATORS: column headings of the pull-request comment's tables.
    code, what, count = msg("code"), msg("what"), msg("count")
    out += [f"| {code} | {what} | {count} |", "|---|---|---:|"]
    for number in sorted(counts):
        out.append(f"| {number} | {CODES[number].title} | {counts[number]} |")
    out.append("")
    by_file: dict[str, list[Diagnostic]] = {}
    for d in diagnostics:
        by_file.setdefault(d.path, []).append(d)
    line, message, hint = msg("line"), msg("message"), msg("hint")
    for path, items in by_file.items():
        out += [f"### {gfm_code(path)}", "", f"| | {line} | {code} | {message} | {hint} |",
                "|---|---:|---|---|---|"]
        for d in items:
            out.append(
                f"| {_ICON.get(d.severity, '')} | {d.line}:{d.column} | {d.code} | "
                f"{gfm_text(d.message)} | {gfm_text(d.hint or '')} |"
            )
        out.append("")
    return "\n".join(out)
