"""One type for every finding, and the registry of check codes.

The codes and their default severities are the contract in
``content-model.md``; they are stable and may only be added to.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    """How much a finding matters. ``ignore`` drops the finding entirely."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"
    IGNORE = "ignore"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2, Severity.IGNORE: 3}


@dataclass(frozen=True)
class Code:
    code: str
    severity: Severity
    title: str


CODES: dict[str, Code] = {
    c.code: c
    for c in (
        Code("KB100", Severity.ERROR, "front matter cannot be parsed"),
        Code("KB101", Severity.ERROR, "required key missing"),
        Code("KB102", Severity.ERROR, "value of the wrong type or format"),
        Code("KB103", Severity.WARNING, "unknown key"),
        Code("KB104", Severity.ERROR, "duplicate id"),
        Code("KB105", Severity.ERROR, "unknown owner"),
        Code("KB106", Severity.WARNING, "the same key twice in one mapping"),
        Code("KB107", Severity.ERROR, "symbolic link not followed"),
        Code("KB108", Severity.ERROR, "not a regular file"),
        Code("KB109", Severity.ERROR, "page larger than max_page_size"),
        Code("KB110", Severity.ERROR, "page cannot be rendered by its Markdown extensions"),
        Code("KB111", Severity.ERROR, "file name that is not valid UTF-8"),
        Code("KB201", Severity.ERROR, "reference to an unknown id"),
        Code("KB202", Severity.ERROR, "internal link to a page that does not exist"),
        Code("KB203", Severity.ERROR, "internal link to a heading anchor that does not exist"),
        Code("KB204", Severity.ERROR, "public page links to or references a non-public page"),
        Code("KB205", Severity.ERROR, "missing attachment or image"),
        Code("KB206", Severity.ERROR, "published page links to or references a draft"),
        Code("KB301", Severity.WARNING, "page past its review date"),
        Code("KB302", Severity.WARNING, "contact not verified recently"),
        Code("KB303", Severity.ERROR, "active agreement has expired"),
        Code("KB304", Severity.WARNING, "agreement ends soon"),
        Code("KB305", Severity.ERROR, "date in the future"),
        Code("KB401", Severity.ERROR, "Swedish personal identity number"),
        Code("KB402", Severity.ERROR, "raw HTML that can run code"),
        Code("KB403", Severity.WARNING, "the same contact with conflicting details"),
        Code("KB501", Severity.ERROR, "external link broken"),
        Code("KB502", Severity.WARNING, "external link unreachable"),
        Code("KB503", Severity.INFO, "external link redirects permanently"),
        Code("KB601", Severity.INFO, "near-duplicate page"),
    )
}


@dataclass(frozen=True)
class Diagnostic:
    """A finding: where (path relative to the bank root, 1-based line and
    column), what (code, message), how bad (severity) and what to do (hint)."""

    path: str
    line: int
    column: int
    code: str
    severity: Severity
    message: str
    hint: str | None = None
    # Names the finding apart from its line number (see kb_tools.checks.baseline);
    # set by the CLI for baselines, SARIF and GitLab reports.
    fingerprint: str | None = field(default=None, compare=False)

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line, self.column, self.code, self.message)

    def with_severity(self, severity: Severity) -> Diagnostic:
        return replace(self, severity=severity)

    def with_fingerprint(self, fingerprint: str) -> Diagnostic:
        return replace(self, fingerprint=fingerprint)

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "hint": self.hint,
        }


def finding(
    code: str, path: str, line: int, column: int, message: str, hint: str | None = None
) -> Diagnostic:
    """A diagnostic with the code's default severity (config may change it later)."""
    return Diagnostic(path, line, column, code, CODES[code].severity, message, hint)


@dataclass(frozen=True)
class Summary:
    errors: int
    warnings: int
    infos: int
    files: int

    @classmethod
    def of(cls, diagnostics: list[Diagnostic]) -> Summary:
        count = {s: 0 for s in Severity}
        for d in diagnostics:
            count[d.severity] += 1
        return cls(
            errors=count[Severity.ERROR],
            warnings=count[Severity.WARNING],
            infos=count[Severity.INFO],
            files=len({d.path for d in diagnostics}),
        )

    def sentence(self) -> str:
        if not (self.errors or self.warnings or self.infos):
            return "No problems found."
        parts = [
            _plural(self.errors, "error"),
            _plural(self.warnings, "warning"),
        ]
        if self.infos:
            parts.append(_plural(self.infos, "note"))
        return f"{', '.join(parts)} in {_plural(self.files, 'file')}."


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
