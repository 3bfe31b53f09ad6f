"""`kb import`: Word documents and saved web pages into the bank."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from ..fields.vocabulary import AUTHORED_TYPES
from ..i18n import msg
from .app import EXIT_FINDINGS, KBError, _load, cli, config_option, today_option
from .language import argument

# kb_tools.importing.IMPORT_TYPES, without importing the importers for --help.
_IMPORT_TYPES = AUTHORED_TYPES


def _reviewed(ctx: click.Context, param: click.Parameter, value: str) -> str | date:
    if value in ("document", "today"):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            msg("expected 'document', 'today' or a date YYYY-MM-DD, found '{value}'",
                value=value).render()
        ) from None


@cli.command(name="import")
@argument(
    "paths",
    metavar="FILES_OR_FOLDERS...",
    nargs=-1,
    required=True,
    type=click.Path(exists=True, path_type=Path),
)
@click.option(
    "--type", "doc_type", required=True, type=click.Choice(_IMPORT_TYPES), help="Type of the pages."
)
@click.option("--owner", required=True, help="Owner id of the pages.")
@click.option(
    "--to",
    "folder",
    metavar="FOLDER",
    help="Folder under docs/ for the pages (default: the type's folder, e.g. rutiner).",
)
@click.option(
    "--reviewed",
    default="document",
    show_default=True,
    callback=_reviewed,
    metavar="document|today|YYYY-MM-DD",
    help="'reviewed' of the pages: the document's last-modified date, today, or a date.",
)
@click.option(
    "--status",
    type=click.Choice(["draft", "active"]),
    default="draft",
    show_default=True,
    help="Status of the pages: a draft is reviewed before it is published.",
)
@click.option(
    "--partner",
    "partners",
    multiple=True,
    metavar="ID",
    help="With --type agreement: a party of the agreements. Repeatable.",
)
@click.option(
    "--update",
    is_flag=True,
    help="Replace the body of pages imported earlier from the same files; keep their front matter.",
)
@click.option("--dry-run", is_flag=True, help="Show what would be imported; write nothing.")
@click.option(
    "--allow-personal-data",
    is_flag=True,
    help="Write documents that hold a personal identity number (KB401) anyway.",
)
@config_option
@today_option
def import_command(
    paths: tuple[Path, ...],
    doc_type: str,
    owner: str,
    folder: str | None,
    reviewed: str | date,
    status: str,
    partners: tuple[str, ...],
    update: bool,
    dry_run: bool,
    allow_personal_data: bool,
    config_file: Path | None,
    today: date,
) -> None:
    """Import Word documents (.docx) and saved web pages (.html) as pages.

    Folders are searched for such files. Each becomes a draft page with its
    title, owner, review date and source file; images and embedded files go
    to bilagor/<page>/ next to it. A document that holds a personal identity
    number is not written; tracked changes and comments are reported.
    Nothing is overwritten.

    \b
    Examples:
      kb import Rutiner/ --type routine --owner enhetschef-stodboende --dry-run
      kb import "Rutin ankomst.docx" --type routine --owner redaktion --reviewed today
      kb import Rutiner/ --type routine --owner redaktion --update
    """
    from ..importing import ImportOptions, ImportUsageError, import_documents

    _config, bank = _load(config_file)
    options = ImportOptions(
        doc_type=doc_type,
        owner=owner,
        today=today,
        folder=folder,
        reviewed=reviewed,
        status=status,
        update=update,
        dry_run=dry_run,
        allow_personal_data=allow_personal_data,
        partners=partners,
    )
    try:
        report = import_documents(bank, paths, options)
    except ImportUsageError as exc:
        raise KBError(str(exc)) from None
    from .import_summary import print_summary

    print_summary(report, rich=sys.stdout.isatty())
    if report.failed:
        sys.exit(EXIT_FINDINGS)
