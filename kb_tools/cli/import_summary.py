"""The summary `kb import` ends with: a rich table on a terminal, plain
lines otherwise (CI logs, pipes, tests)."""

from __future__ import annotations

import click

from ..importing import IMPORTED, UPDATED, ImportReport, Outcome

_DRY = {IMPORTED: "would be imported", UPDATED: "would be updated"}


def _action(outcome: Outcome, dry_run: bool) -> str:
    return _DRY.get(outcome.action, outcome.action) if dry_run else outcome.action


def plain_lines(report: ImportReport) -> list[str]:
    lines: list[str] = []
    for outcome in report.outcomes:
        action = _action(outcome, report.dry_run)
        if outcome.page and outcome.action in (IMPORTED, UPDATED):
            lines.append(f"{outcome.source}: {action} as {outcome.page}")
        else:
            lines.append(f"{outcome.source}: {action}")
        lines += [f"  needs attention: {reason}" for reason in outcome.attention]
        lines += [f"  note: {note}" for note in outcome.notes]
    lines.append(report.summary())
    return lines


def print_summary(report: ImportReport, *, rich: bool) -> None:
    if not rich:
        click.echo("\n".join(plain_lines(report)))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title="kb import", show_lines=True)
    for column in ("Document", "Result", "Page", "Why"):
        table.add_column(column, overflow="fold")
    for outcome in report.outcomes:
        style = "red" if outcome.needs_attention else "green"
        why = [f"[bold]{_escape(r)}[/bold]" for r in outcome.attention]
        why += [_escape(note) for note in outcome.notes]
        table.add_row(
            _escape(outcome.source),
            f"[{style}]{_action(outcome, report.dry_run)}[/{style}]",
            _escape(outcome.page or ""),
            "\n".join(why),
        )
    console = Console()
    console.print(table)
    console.print(report.summary(), markup=False, highlight=False)


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)
