"""The checks (``kb check``), one module per family of codes, run over a
loaded Bank: metadata (KB1xx), references and links (KB2xx), review dates
(KB3xx), safety (KB4xx) and near duplicates (KB6xx); the external links
(KB5xx) are :mod:`kb_tools.linkcheck`'s. Beside them, what a run reports:
the findings a bank already had (:mod:`.baseline`) and the pages a change
touches (:mod:`.changes`). Used by the CLI and the MkDocs plugin."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from ..diagnostics import CODES, Diagnostic, Severity
from ..model import Bank
from . import metadata, references, review, safety, similarity, template_text


@dataclass(frozen=True)
class CheckOptions:
    """What to run and how to judge it."""

    today: date
    select: frozenset[str] = field(default_factory=frozenset)
    ignore: frozenset[str] = field(default_factory=frozenset)
    paths: tuple[str, ...] = ()  # bank-root-relative files or folders; empty = all


Check = Callable[[Bank, date], Iterable[Diagnostic]]

CHECKS: tuple[Check, ...] = (
    metadata.check,
    references.check,
    review.check,
    safety.check,
    similarity.check,
    template_text.check,
)


def run_checks(bank: Bank, options: CheckOptions, extra: Iterable[Check] = ()) -> list[Diagnostic]:
    """Every finding of every check, with configured severities, sorted."""
    found: list[Diagnostic] = []
    for check in (*CHECKS, *extra):
        found.extend(check(bank, options.today))
    return finalize(bank, found, options)


def finalize(bank: Bank, found: Iterable[Diagnostic], options: CheckOptions) -> list[Diagnostic]:
    results = []
    for diagnostic in found:
        if not _selected(diagnostic.code, options):
            continue
        if options.paths and not _within(diagnostic.path, options.paths):
            continue
        severity = bank.config.kb.severity_of(diagnostic.code)
        if severity is Severity.IGNORE:
            continue
        results.append(diagnostic.with_severity(severity))
    return sorted(set(results), key=lambda d: d.sort_key)


def _selected(code: str, options: CheckOptions) -> bool:
    def matches(prefixes: frozenset[str]) -> bool:
        return any(code.startswith(prefix) for prefix in prefixes)

    if options.select and not matches(options.select):
        return False
    return not (options.ignore and matches(options.ignore))


def _within(path: str, limits: tuple[str, ...]) -> bool:
    return any(path == limit or path.startswith(limit.rstrip("/") + "/") for limit in limits)


def known_code_prefix(prefix: str) -> bool:
    return any(code.startswith(prefix) for code in CODES)


__all__ = ["CHECKS", "CheckOptions", "finalize", "known_code_prefix", "run_checks"]
