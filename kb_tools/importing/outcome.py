"""What ``kb import`` did with each file, and the summary line: the data
the command's report (:mod:`kb_tools.cli.import_summary`) shows."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..fields.vocabulary import AUTHORED_TYPES

IMPORTED, UPDATED, SKIPPED, NOT_IMPORTED = "imported", "updated", "skipped", "not imported"
# Every type but the glossary (one list, not pages of text): see the vocabulary.
IMPORT_TYPES = AUTHORED_TYPES


@dataclass
class Outcome:
    """What happened to one file."""

    source: str
    action: str
    page: str | None = None  # relative to the bank root
    attention: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def needs_attention(self) -> bool:
        return bool(self.attention) or self.action == NOT_IMPORTED


@dataclass
class ImportReport:
    outcomes: list[Outcome]
    dry_run: bool = False

    def count(self, action: str) -> int:
        return sum(1 for outcome in self.outcomes if outcome.action == action)

    @property
    def failed(self) -> bool:
        return any(outcome.action == NOT_IMPORTED for outcome in self.outcomes)

    def summary(self) -> str:
        verbs = {IMPORTED: "imported", UPDATED: "updated"}
        if self.dry_run:
            verbs = {IMPORTED: "would be imported", UPDATED: "would be updated"}
        parts = [
            f"{self.count(IMPORTED)} {verbs[IMPORTED]}",
            f"{self.count(UPDATED)} {verbs[UPDATED]}",
            f"{self.count(SKIPPED)} skipped",
            f"{self.count(NOT_IMPORTED)} not imported",
        ]
        attention = sum(1 for outcome in self.outcomes if outcome.needs_attention)
        line = ", ".join(parts) + f"; {attention} need(s) attention."
        return line + (" Dry run: nothing was written." if self.dry_run else "")
