"""One type for every finding, and the registry of check codes.

The codes and their default severities are the contract in
``content-model.md``; they are stable and may only be added to. A
finding's message and hint are :class:`~kb_tools.i18n.Message` values,
rendered in the reader's language when a report shows them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from .i18n import Message, as_message, msg, msg_n


class Severity(StrEnum):
    """How much a finding matters. ``ignore`` drops the finding entirely."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"
    IGNORE = "ignore"

    @property
    def rank(self) -> int:
        return _RANK[self]

    @property
    def label(self) -> Message:
        """The severity as a reader's word (``varning``); the value
        (``warning``) is the name in configuration and JSON."""
        return _LABELS[self]


_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2, Severity.IGNORE: 3}
_LABELS = {
    Severity.ERROR: msg("error"),
    Severity.WARNING: msg("warning"),
    Severity.INFO: msg("info"),
    Severity.IGNORE: msg("ignore"),
}


@dataclass(frozen=True)
class Code:
    code: str
    severity: Severity
    summary: Message  # one line: what the code is about

    @property
    def title(self) -> str:
        """The summary in the active language."""
        return self.summary.render()


CODES: dict[str, Code] = {
    c.code: c
    for c in (
        Code("KB100", Severity.ERROR, msg("front matter cannot be parsed")),
        Code("KB101", Severity.ERROR, msg("required key missing")),
        Code("KB102", Severity.ERROR, msg("value of the wrong type or format")),
        Code("KB103", Severity.WARNING, msg("unknown key")),
        Code("KB104", Severity.ERROR, msg("duplicate id")),
        Code("KB105", Severity.ERROR, msg("unknown owner")),
        Code("KB106", Severity.WARNING, msg("the same key twice in one mapping")),
        Code("KB107", Severity.ERROR, msg("symbolic link not followed")),
        Code("KB108", Severity.ERROR, msg("not a regular file")),
        Code("KB109", Severity.ERROR, msg("page larger than max_page_size")),
        Code("KB110", Severity.ERROR, msg("page cannot be rendered by its Markdown extensions")),
        Code("KB111", Severity.ERROR, msg("file name that is not valid UTF-8")),
        Code("KB112", Severity.WARNING, msg("example text of a kb new template left in a page")),
        Code("KB201", Severity.ERROR, msg("reference to an unknown id")),
        Code("KB202", Severity.ERROR, msg("internal link to a page that does not exist")),
        Code("KB203", Severity.ERROR, msg("internal link to a heading anchor that does not exist")),
        Code("KB204", Severity.ERROR, msg("public page links to or references a non-public page")),
        Code("KB205", Severity.ERROR, msg("missing attachment or image")),
        Code("KB206", Severity.ERROR, msg("published page links to or references a draft")),
        Code("KB301", Severity.WARNING, msg("page past its review date")),
        Code("KB302", Severity.WARNING, msg("contact not verified recently")),
        Code("KB303", Severity.ERROR, msg("active agreement has expired")),
        Code("KB304", Severity.WARNING, msg("agreement ends soon")),
        Code("KB305", Severity.ERROR, msg("date in the future")),
        Code("KB401", Severity.ERROR, msg("Swedish personal identity number")),
        Code("KB402", Severity.ERROR, msg("raw HTML that can run code")),
        Code("KB403", Severity.WARNING, msg("the same contact with conflicting details")),
        Code("KB501", Severity.ERROR, msg("external link broken")),
        Code("KB502", Severity.WARNING, msg("external link unreachable")),
        Code("KB503", Severity.INFO, msg("external link redirects permanently")),
        Code("KB601", Severity.INFO, msg("near-duplicate page")),
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
    text: Message
    hint_text: Message | None = None
    # Names the finding apart from its line number (see kb_tools.checks.baseline);
    # set by the CLI for baselines, SARIF and GitLab reports.
    fingerprint: str | None = field(default=None, compare=False)

    @property
    def message(self) -> str:
        """What was found, in the active language."""
        return self.text.render()

    @property
    def hint(self) -> str | None:
        """What to do about it, in the active language."""
        return None if self.hint_text is None else self.hint_text.render()

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        # The English text: a report lists its findings in the same order
        # in every language.
        return (self.path, self.line, self.column, self.code, self.text.english)

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
    code: str,
    path: str,
    line: int,
    column: int,
    message: Message | str,
    hint: Message | str | None = None,
) -> Diagnostic:
    """A diagnostic with the code's default severity (config may change it
    later). Text (a check of a site's own) is shown as it is in every language."""
    return Diagnostic(
        path,
        line,
        column,
        code,
        CODES[code].severity,
        as_message(message),
        None if hint is None else as_message(hint),
    )


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

    def sentence(self) -> Message:
        """``1 error, 2 warnings in 3 files.``"""
        if not (self.errors or self.warnings or self.infos):
            return msg("No problems found.")
        errors = msg_n("{n} error", "{n} errors", self.errors)
        warnings = msg_n("{n} warning", "{n} warnings", self.warnings)
        files = msg_n("{n} file", "{n} files", self.files)
        if self.infos:
            notes = msg_n("{n} note", "{n} notes", self.infos)
            return msg(
                "{errors}, {warnings}, {notes} in {files}.",
                errors=errors, warnings=warnings, notes=notes, files=files,
            )
        return msg("{errors}, {warnings} in {files}.", errors=errors, warnings=warnings,
                   files=files)
