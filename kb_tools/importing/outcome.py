"""What ``kb import`` did with each file, and the summary line: the data
the command's report (:mod:`kb_tools.cli.import_summary`) shows."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..fields.vocabulary import AUTHORED_TYPES
from ..i18n import Arg, Message, msg, msg_n

IMPORTED, UPDATED, SKIPPED, NOT_IMPORTED = "imported", "updated", "skipped", "not imported"
# What each outcome is called in the report, done and (with --dry-run) planned.
ACTIONS: dict[str, Message] = {
    IMPORTED: msg("imported"),
    UPDATED: msg("updated"),
    SKIPPED: msg("skipped"),
    NOT_IMPORTED: msg("not imported"),
}
PLANNED: dict[str, Message] = {
    IMPORTED: msg("would be imported"),
    UPDATED: msg("would be updated"),
}
# Every type but the glossary (one list, not pages of text): see the vocabulary.
IMPORT_TYPES = AUTHORED_TYPES


@dataclass
class Outcome:
    """What happened to one file."""

    source: str
    action: str
    page: str | None = None  # relative to the bank root
    attention: list[Message] = field(default_factory=list)
    notes: list[Message] = field(default_factory=list)

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

    def action(self, outcome: Outcome) -> Message:
        """What happened to *outcome*'s file, as the report says it."""
        if self.dry_run and outcome.action in PLANNED:
            return PLANNED[outcome.action]
        return ACTIONS.get(outcome.action) or msg("{action}", action=outcome.action)

    def summary(self) -> Message:
        """``2 imported, 0 updated, 1 skipped, 0 not imported; 1 needs attention.``
        (each count agrees with its word: Swedish says ``1 importerad``)."""
        attention = sum(1 for outcome in self.outcomes if outcome.needs_attention)
        skipped, failed = self.count(SKIPPED), self.count(NOT_IMPORTED)
        counts: dict[str, Arg] = {
            "skipped": msg_n("{n} skipped", "{n} skipped", skipped),
            "failed": msg_n("{n} not imported", "{n} not imported", failed),
            "attention": msg_n("{n} needs attention", "{n} need attention", attention),
        }
        imported, updated = self.count(IMPORTED), self.count(UPDATED)
        if self.dry_run:
            return msg(
                "{imported}, {updated}, {skipped}, {failed}; {attention}. Dry run: nothing was "
                "written.",
                imported=msg_n("{n} would be imported", "{n} would be imported", imported),
                updated=msg_n("{n} would be updated", "{n} would be updated", updated),
                **counts,
            )
        return msg(
            "{imported}, {updated}, {skipped}, {failed}; {attention}.",
            imported=msg_n("{n} imported", "{n} imported", imported),
            updated=msg_n("{n} updated", "{n} updated", updated),
            **counts,
        )
