"""`kb review`, `kb verify-contact` and `kb remind`: keeping the bank current."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import click

from ..config import Config
from ..i18n import msg, msg_n
from ..model import Bank
from ..review.formats import FORMATS
from .app import (
    KBError,
    _config,
    _emit,
    _load,
    cli,
    config_option,
    report_output_option,
    today_option,
    within_option,
)
from .language import argument, option


@cli.command()
@config_option
@today_option
@within_option("Also list what falls due within this many days.")
@option(
    "--format",
    "output_format",
    type=click.Choice(list(FORMATS)),
    default="text",
    show_default=True,
    help="markdown: a tracking-issue body; ics: a calendar.",
)
@option("--owner", help="Only this owner's items.")
@report_output_option
@option(
    "--mark-reviewed",
    "mark",
    is_flag=True,
    help="Set 'reviewed' to today in PATHS (or, with --owner, in that owner's pages).",
)
@option("--overdue", is_flag=True, help="With --mark-reviewed --owner: only overdue pages.")
@argument("paths", nargs=-1, type=click.Path(path_type=Path))
def review(
    config_file: Path | None,
    today: date,
    within: int,
    output_format: str,
    owner: str | None,
    output: Path | None,
    mark: bool,
    overdue: bool,
    paths: tuple[Path, ...],
) -> None:
    """What each owner must review: overdue pages, pages due soon, contacts to
    confirm and agreements that end.

    \b
    Examples:
      kb review
      kb review --within 60 --format markdown -o granskning.md
      kb review --owner redaktion --today 2026-11-23
      kb review --mark-reviewed docs/rutiner/att-fylla-18.md
      kb review --mark-reviewed --owner redaktion --overdue
    """
    from ..review import review_items

    config, bank = _load(config_file)
    if mark:
        _mark_reviewed(config, bank, paths, owner, overdue, today)
        return
    if paths:
        raise click.UsageError(msg("PATHS go with --mark-reviewed").render())
    items = [i for i in review_items(bank, today, within) if owner is None or i.owner == owner]
    _emit(FORMATS[output_format](bank, items, today), output)


def _mark_reviewed(
    config: Config,
    bank: Bank,
    paths: tuple[Path, ...],
    owner: str | None,
    overdue: bool,
    today: date,
) -> None:
    from ..editing.edits import EditError, mark_reviewed
    from ..text.escaping import printable

    if paths:
        missing = [printable(str(p)) for p in paths if not os.path.lexists(p)]
        if missing:
            raise KBError(msg("no such file: {paths}", paths=", ".join(missing)).render())
        _refuse_other_files(config, paths)
        # Not resolved: a symbolic link must stay visible to the editor, which refuses it.
        targets = list(paths)
    elif owner:
        targets = [
            config.docs_dir / d.src_path
            for d in bank.documents
            if d.owner == owner
            and d.reviewed is not None
            and not d.is_retired
            and (not overdue or bank.review_overdue(d, today))
        ]
    else:
        raise click.UsageError(msg("--mark-reviewed needs PATHS or --owner").render())
    failures = []
    for target in targets:
        shown = printable(config.relative(target))
        try:
            edit = mark_reviewed(target, today)
        except EditError as exc:
            failures.append(exc.render(shown))
            continue
        if edit.changed:
            said = msg("{path}: reviewed {old} -> {new}", path=shown,
                       old=edit.old or msg("(none)"), new=edit.new)
        else:
            said = msg("{path}: already reviewed {new}", path=shown, new=edit.new)
        click.echo(said.render())
    if not targets:
        click.echo(msg("No pages to mark.").render())
    if len(failures) == 1:
        raise KBError(failures[0])
    if failures:
        for failure in failures:
            click.echo(msg("Error: {message}", message=failure).render(), err=True)
        left = msg_n(
            "{n} of {total} file was left unchanged (see above).",
            "{n} of {total} files were left unchanged (see above).",
            len(failures),
            total=len(targets),
        )
        raise KBError(left.render())


def _refuse_other_files(config: Config, paths: tuple[Path, ...]) -> None:
    """Stop before any edit if a path is not one of the bank's pages (as the
    walk of docs/ decides): ``kb review --mark-reviewed mkdocs.yml`` must not
    write a front matter into the configuration or a CI workflow."""
    from ..model.files import DocsTree
    from ..text.escaping import printable

    pages = set(DocsTree.of(config).pages)
    folders = {os.path.abspath(config.docs_as_configured or config.docs_dir),
               os.path.realpath(config.docs_dir)}
    others = [printable(str(path)) for path in paths if not _page_of(path, folders) & pages]
    if others:
        refused = msg("not a page of the bank: {paths}; kb changed nothing.",
                      paths=", ".join(others))
        hint = msg("kb changes only the Markdown pages under {folder}",
                   folder=config.docs_prefix)
        raise KBError(msg("{message}\n  hint: {hint}", message=refused, hint=hint).render())


def _page_of(path: Path, folders: set[str]) -> set[str]:
    """The docs-relative names *path* has under the docs folder (as named,
    or through its real location)."""
    absolute = os.path.abspath(path)
    return {
        os.path.relpath(absolute, folder).replace(os.sep, "/")
        for folder in folders
        if absolute.startswith(folder.rstrip(os.sep) + os.sep)
    }


@cli.command(name="verify-contact")
@config_option
@argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@option("--name", required=True, help="The contact's name as written on the page.")
@today_option
def verify_contact_command(config_file: Path | None, path: Path, name: str, today: date) -> None:
    """Record that a contact's details were confirmed today ('verified').

    Only the date changes; every other byte of the file stays as it is. A file
    that cannot be changed safely is left untouched, with a message why.

    \b
    Example:
      kb verify-contact docs/samverkansparter/lernia.md --name "Tobias Wennerberg"
    """
    from ..editing.edits import EditError, verify_contact
    from ..text.escaping import printable

    _refuse_other_files(_config(config_file), (path,))
    shown = printable(str(path))
    try:
        edit = verify_contact(path, name, today)
    except EditError as exc:
        raise KBError(exc.render(shown)) from None
    if edit.changed:
        said = msg("{path}: {key}: {old} -> {new}", path=shown, key=edit.key,
                   old=edit.old or msg("(none)"), new=edit.new)
    else:
        said = msg("{path}: {key}: already {new}", path=shown, key=edit.key, new=edit.new)
    click.echo(said.render())


def _sender(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """--sender follows the rule and the wording of plugins.kb.remind.sender."""
    from ..review.remind import SenderError, checked_sender

    if value is None:
        return None
    try:
        return checked_sender(value)
    except SenderError as exc:
        raise click.BadParameter(str(exc)) from None


@cli.command()
@config_option
@today_option
@within_option("Also remind of what falls due within this many days.")
@option("--send", is_flag=True, help="Send the mails (the default is a dry run).")
@option("--smtp-host", help="SMTP server (default: plugins.kb.remind.smtp_host).")
@option("--smtp-port", type=int, help="SMTP port (default: plugins.kb.remind.smtp_port).")
@option(
    "--sender",
    callback=_sender,
    help="From address (default: plugins.kb.remind.sender).",
)
def remind(
    config_file: Path | None,
    today: date,
    within: int,
    send: bool,
    smtp_host: str | None,
    smtp_port: int | None,
    sender: str | None,
) -> None:
    """Email each owner, in Swedish, what they must review. Prints the mails
    unless --send; never sends an owner the same list twice in one day.

    \b
    Examples:
      kb remind
      kb remind --send --smtp-host smtp.example.se --sender kunskapsbanken@example.se
    """
    from ..review import remind as reminding
    from ..review import review_items

    config, bank = _load(config_file)
    settings = config.kb.remind
    mails, missing = reminding.reminders(bank, list(review_items(bank, today, within)), today)
    for owner_id in missing:
        said = msg("Warning: owner '{owner}' has no email in mkdocs.yml; no reminder.",
                   owner=owner_id)
        click.echo(said.render(), err=True)
    from_address = sender or settings.sender
    if not send:
        for mail in mails:
            click.echo(mail.preview(from_address))
        said = msg_n("Dry run: {n} mail not sent (use --send).",
                     "Dry run: {n} mails not sent (use --send).", len(mails))
        click.echo(said.render(), err=True)
        return
    state = reminding.SentState(config.root / settings.state_file)
    try:
        sent, skipped = reminding.send(
            mails,
            host=smtp_host or settings.smtp_host,
            port=smtp_port or settings.smtp_port,
            sender=from_address,
            state=state,
            today=today,
            starttls=settings.starttls,
        )
    except reminding.SendError as exc:
        raise KBError(str(exc)) from None
    said = msg("{sent}; {skipped} already sent today.",
               sent=msg_n("Sent {n} mail", "Sent {n} mails", len(sent)),
               skipped=len(skipped))
    click.echo(said.render(), err=True)
