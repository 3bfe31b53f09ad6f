"""The summary `kb import` ends with: a rich table on a terminal, plain
lines otherwise (CI logs, pipes, tests)."""

from __future__ import annotations

import click

from ..i18n import msg
from ..importing import IMPORTED, UPDATED, ImportReport


def plain_lines(report: ImportReport) -> list[str]:
    lines: list[str] = []
    for outcome in report.outcomes:
        action = report.action(outcome)
        if outcome.page and outcome.action in (IMPORTED, UPDATED):
            said = msg("{source}: {action} as {page}", source=outcome.source, action=action,
                       page=outcome.page)
        else:
            said = msg("{source}: {action}", source=outcome.source, action=action)
        lines.append(said.render())
        lines += [
            "  " + msg("needs attention: {reason}", reason=reason).render()
            for reason in outcome.attention
        ]
        lines += ["  " + msg("note: {note}", note=note).render() for note in outcome.notes]
    lines.append(report.summary().render())
    return lines


def print_summary(report: ImportReport, *, rich: bool) -> None:
    if not rich:
        click.echo("\n".join(plain_lines(report)))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title="kb import", show_lines=True)
    # TRANSLATORS: the columns of kb import's table.
    for column in (msg("Document"), msg("Result"), msg("Page"), msg("Why")):
        table.add_column(column.render(), overflow="fold")
    for outcome in report.outcomes:
        style = "red" if outcome.needs_attention else "green"
        why = [f"[bold]{_escape(r.render())}[/bold]" for r in outcome.attention]
        why += [_escape(note.render()) for note in outcome.notes]
        table.add_row(
            _escape(outcome.source),
            f"[{style}]{_escape(report.action(outcome).render())}[/{style}]",
            _escape(outcome.page or ""),
            "\n".join(why),
        )
    console = Console()
    console.print(table)
    console.print(report.summary().render(), markup=False, highlight=False)


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)
