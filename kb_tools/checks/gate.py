"""What a build says about the bank's findings, and what stops it.

A build prints every ``kb check`` finding as it starts (errors as MkDocs
warnings, so ``--strict`` fails on them) and ends with their count
(:func:`summary`), so a build that published pages with errors never looks
clean. One finding stops the public build whatever the severity settings
say: a Swedish personal identity number (KB401) on a page the public site
would show (:func:`published_identity_numbers`) — the internal site is
behind a login, the public one is not, and a number once published cannot
be taken back.

Used by the MkDocs plugin (:mod:`kb_tools.site.mkdocs.plugin`) and
``kb build``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..diagnostics import Diagnostic, Severity
from ..i18n import Message, msg, msg_n
from ..model import Audience, Bank

IDENTITY_NUMBER = "KB401"
# The places named in the message; the rest are counted.
_PLACES_SHOWN = 5


@dataclass(frozen=True)
class FindingCount:
    """How many errors and warnings the bank has, as ``kb check`` judges them."""

    errors: int = 0
    warnings: int = 0

    @classmethod
    def of(cls, findings: Iterable[Diagnostic]) -> FindingCount:
        severities = [finding.severity for finding in findings]
        return cls(severities.count(Severity.ERROR), severities.count(Severity.WARNING))


def published_identity_numbers(bank: Bank, audience: Audience) -> list[Diagnostic]:
    """The KB401 findings on pages *audience* sees, when it is the public:
    found when each file is read, before severities are applied, so
    ``severity: {KB401: ignore}`` cannot publish them."""
    if not audience.public:
        return []
    return [
        problem
        for doc in audience.documents(bank)
        for problem in doc.problems
        if problem.code == IDENTITY_NUMBER
    ]


def refusal(found: list[Diagnostic]) -> Message:
    """Why the public build stops, for the findings of
    :func:`published_identity_numbers`."""
    places = [f"{f.path}:{f.line}:{f.column}" for f in found[:_PLACES_SHOWN]]
    if len(found) > _PLACES_SHOWN:
        places.append("…")
    return msg_n(
        "the public site is not built: a Swedish personal identity number (KB401) is on a "
        "page it would publish, at {places}; remove it (no severity setting lets the public "
        "site publish it)",
        "the public site is not built: {n} Swedish personal identity numbers (KB401) are on "
        "pages it would publish, at {places}; remove them (no severity setting lets the "
        "public site publish them)",
        len(found),
        places=", ".join(places),
    )


def summary(count: FindingCount) -> Message:
    """The last line of a build that finished."""
    if count.errors == 0 and count.warnings == 0:
        return msg("kb check found no errors or warnings in the bank.")
    errors = msg_n("{n} error", "{n} errors", count.errors)
    warnings = msg_n("{n} warning", "{n} warnings", count.warnings)
    if count.errors == 0:
        return msg(
            "kb check found {errors} and {warnings} in the bank (kb check lists them).",
            errors=errors, warnings=warnings,
        )
    return msg(
        "kb check found {errors} and {warnings} in the bank (kb check lists them); the site "
        "was built with them, and kb build --strict refuses to build while there are errors.",
        errors=errors, warnings=warnings,
    )
