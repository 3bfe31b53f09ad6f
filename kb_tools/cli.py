"""The ``kb`` command: a thin skin over the library.

Each command converts its arguments, calls the library and turns library
errors into ``Error: ...`` lines with fixed exit codes: 0 clean, 1 failing
findings, 2 usage or configuration error, 3 an unexpected internal error.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .checks import CheckOptions, finalize, known_code_prefix, run_checks
from .config import Config, ConfigError, load_config
from .diagnostics import CODES, Diagnostic, Severity
from .model import Bank
from .model.documents import DOC_TYPES
from .report import FORMATTERS
from .site.urls import page_url
from .swedish import TYPE_NAMES

if TYPE_CHECKING:
    from .search import Hit

EXIT_FINDINGS = 1
EXIT_CONFIG = 2
EXIT_INTERNAL = 3


class KBError(click.ClickException):
    """A configuration or usage problem: ``Error: ...`` and exit code 2."""

    exit_code = EXIT_CONFIG


def _today(ctx: click.Context, param: click.Parameter, value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"expected a date YYYY-MM-DD, found '{value}'") from None


def _codes(ctx: click.Context, param: click.Parameter, values: Sequence[str]) -> frozenset[str]:
    codes = {c.strip().upper() for value in values for c in value.split(",") if c.strip()}
    for code in codes:
        if not known_code_prefix(code):
            from .validation import did_you_mean

            hint = did_you_mean(code, CODES)
            raise click.BadParameter(f"unknown check code '{code}'" + (f"; {hint}" if hint else ""))
    return frozenset(codes)


config_option = click.option(
    "-f",
    "--config-file",
    type=click.Path(dir_okay=True, path_type=Path),
    default=None,
    help="The bank's mkdocs.yml (default: the one in the current directory).",
)
today_option = click.option(
    "--today",
    callback=_today,
    metavar="YYYY-MM-DD",
    help="Judge dates as if today were this day (reproducible reports and tests).",
)


def _load(config_file: Path | None, use_cache: bool = True) -> tuple[Config, Bank]:
    try:
        config = load_config(config_file)
        return config, Bank.load(config, use_cache=use_cache)
    except ConfigError as exc:
        raise KBError(str(exc)) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="kb-tools", prog_name="kb")
def cli() -> None:
    """Kunskapsbanken: keep a docs-as-code knowledge bank honest.

    \b
    Example:
      kb check --today 2026-11-23
    """


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@config_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(sorted(FORMATTERS)),
    default="text",
    show_default=True,
    help="How to print the findings.",
)
@today_option
@click.option("--strict", is_flag=True, help="Fail on warnings too, not only on errors.")
@click.option(
    "--select",
    multiple=True,
    callback=_codes,
    metavar="CODES",
    help="Only these codes or prefixes (comma-separated, e.g. KB3,KB401).",
)
@click.option(
    "--ignore",
    multiple=True,
    callback=_codes,
    metavar="CODES",
    help="Skip these codes or prefixes (comma-separated).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to this file instead of standard output.",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Parse every file again instead of reusing .kb-cache/ from earlier runs.",
)
@click.option(
    "--external",
    is_flag=True,
    help="Also check external links (KB501-KB503); with PATHS, only links in those files.",
)
@click.option(
    "--changed",
    is_flag=True,
    help="Only what this branch changed (against --base) and the pages that point to it.",
)
@click.option(
    "--base", metavar="REF", help="With --changed: compare with REF (default: origin/HEAD, main)."
)
def check(
    paths: tuple[Path, ...],
    config_file: Path | None,
    output_format: str,
    today: date,
    strict: bool,
    select: frozenset[str],
    ignore: frozenset[str],
    output: Path | None,
    no_cache: bool,
    external: bool,
    changed: bool,
    base: str | None,
) -> None:
    """Check the bank's metadata, links, review dates and personal data.

    Exit code 0 when clean, 1 when a finding fails the check (errors; warnings
    too with --strict), 2 for a usage or configuration error.

    \b
    Examples:
      kb check
      kb check docs/rutiner --today 2026-11-23 --format json
      kb check --select KB3 --strict
    """
    config, bank = _load(config_file, use_cache=not no_cache)
    limits = tuple(_bank_relative(config, p) for p in paths)
    if changed:
        affected = _changed_limits(bank, base, limits)
        if affected is None:
            click.echo("No changed pages.")
            return
        limits = affected
    options = CheckOptions(today=today, select=select, ignore=ignore, paths=limits)
    findings = run_checks(bank, options)
    if external:
        findings = finalize(bank, [*findings, *_external_findings(bank, limits, no_cache)], options)
    report = FORMATTERS[output_format](findings)
    _emit(report, output)
    failing = {Severity.ERROR} | ({Severity.WARNING} if strict else set())
    if any(d.severity in failing for d in findings):
        sys.exit(EXIT_FINDINGS)


def _changed_limits(
    bank: Bank, base: str | None, limits: tuple[str, ...]
) -> tuple[str, ...] | None:
    from .changes import GitError, affected_paths, find_changes

    try:
        changes = find_changes(bank.config, base)
    except GitError as exc:
        raise KBError(str(exc)) from None
    if changes.config_changed:
        return limits  # the configuration changed: every page may be affected
    affected = affected_paths(bank, changes)
    if limits:
        affected = tuple(
            p
            for p in affected
            if any(p == lim or p.startswith(lim.rstrip("/") + "/") for lim in limits)
        )
    return affected or None


def _external_findings(bank: Bank, limits: tuple[str, ...], no_cache: bool) -> list[Diagnostic]:
    from .linkcheck import check_external_links
    from .linkcheck.progress import progress_reporter

    with progress_reporter() as progress:
        report = check_external_links(
            bank, limits=limits, use_cache=not no_cache, progress=progress
        )
    if report.network_down:
        click.echo(f"Warning: {report.network_down}.", err=True)
    return report.findings


def _bank_relative(config: Config, path: Path) -> str:
    if not path.exists():
        raise KBError(f"no such file or folder: {path}")
    relative = config.relative(path)
    if relative.startswith("/") or relative.startswith(".."):
        raise KBError(f"{path} is outside the bank ({config.root})")
    return "" if relative == "." else relative


def _emit(report: str, output: Path | None) -> None:
    if output is None:
        click.echo(report, nl=False)
        return
    try:
        output.write_text(report, encoding="utf-8")
    except OSError as exc:
        raise KBError(f"cannot write {output}: {exc.strerror or exc}") from None


@cli.command()
@config_option
@click.option(
    "-d",
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where to write the site (default: site/, or site-public/ with --public).",
)
@click.option(
    "--public",
    is_flag=True,
    help="Build the public site: only 'visibility: public' pages and public contacts.",
)
@click.option("-s", "--strict", is_flag=True, help="Fail the build on warnings and KB errors.")
@today_option
@click.option("-q", "--quiet", is_flag=True, help="Only print warnings and errors.")
def build(
    config_file: Path | None,
    site_dir: Path | None,
    public: bool,
    strict: bool,
    today: date,
    quiet: bool,
) -> None:
    """Build the site atomically: the previous site stays until the new one is complete.

    \b
    Examples:
      kb build
      kb build --public -d /var/www/kunskapsbanken
      kb build --strict --today 2026-11-23
    """
    from .site.build import BuildFailed, build_site, configure_logging

    config = _config(config_file)
    configure_logging(quiet=quiet)
    try:
        target = build_site(config, site_dir, public=public, strict=strict, today=today)
    except BuildFailed as exc:
        raise KBError(str(exc)) from None
    audience = "public" if public else "internal"
    click.echo(f"Built the {audience} site in {config.relative(target)}/", err=True)


@cli.command()
@config_option
@today_option
@click.option(
    "--within",
    type=click.IntRange(0, 3650),
    default=30,
    show_default=True,
    metavar="DAYS",
    help="Also list what falls due within this many days.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "markdown", "json", "ics"]),
    default="text",
    show_default=True,
    help="markdown: a tracking-issue body; ics: a calendar.",
)
@click.option("--owner", help="Only this owner's items.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to this file instead of standard output.",
)
@click.option(
    "--mark-reviewed",
    "mark",
    is_flag=True,
    help="Set 'reviewed' to today in PATHS (or, with --owner, in that owner's pages).",
)
@click.option("--overdue", is_flag=True, help="With --mark-reviewed --owner: only overdue pages.")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
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
    from . import review_report
    from .review import review_items

    config, bank = _load(config_file)
    if mark:
        _mark_reviewed(config, bank, paths, owner, overdue, today)
        return
    if paths:
        raise click.UsageError("PATHS go with --mark-reviewed")
    items = [i for i in review_items(bank, today, within) if owner is None or i.owner == owner]
    site_url = (config.site_url or "").rstrip("/")
    urls = (
        {
            d.src_path: f"{site_url}/{page_url(d.src_path, config.use_directory_urls)}"
            for d in bank.documents
        }
        if site_url
        else None
    )
    if output_format == "markdown":
        report = review_report.markdown(bank, items, today, url_of=urls)
    elif output_format == "json":
        report = review_report.as_json(bank, items, today)
    elif output_format == "ics":
        report = review_report.ics(bank, items, today)
    else:
        report = review_report.text(bank, items, today)
    _emit(report, output)


def _mark_reviewed(
    config: Config,
    bank: Bank,
    paths: tuple[Path, ...],
    owner: str | None,
    overdue: bool,
    today: date,
) -> None:
    from .edit import EditError, mark_reviewed

    if paths:
        missing = [str(p) for p in paths if not p.is_file()]
        if missing:
            raise KBError(f"no such file: {', '.join(missing)}")
        targets = [p.resolve() for p in paths]
    elif owner:
        targets = [
            config.docs_dir / d.src_path
            for d in bank.documents
            if d.owner == owner
            and d.reviewed is not None
            and d.status != "retired"
            and (not overdue or (bank.review_due(d) or today) < today)
        ]
    else:
        raise click.UsageError("--mark-reviewed needs PATHS or --owner")
    for target in targets:
        try:
            edit = mark_reviewed(target, today)
        except EditError as exc:
            raise KBError(str(exc)) from None
        shown = config.relative(target)
        if edit.changed:
            click.echo(f"{shown}: reviewed {edit.old or '(none)'} -> {edit.new}")
        else:
            click.echo(f"{shown}: already reviewed {edit.new}")
    if not targets:
        click.echo("No pages to mark.")


@cli.command(name="verify-contact")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--name", required=True, help="The contact's name as written on the page.")
@today_option
def verify_contact_command(path: Path, name: str, today: date) -> None:
    """Record that a contact's details were confirmed today ('verified').

    Only the date changes; comments and formatting of the file stay as they are.

    \b
    Example:
      kb verify-contact docs/samverkansparter/lernia.md --name "Tobias Wennerberg"
    """
    from .edit import EditError, verify_contact

    try:
        edit = verify_contact(path, name, today)
    except EditError as exc:
        raise KBError(str(exc)) from None
    click.echo(f"{path}: {edit.key}: {edit.old or '(none)'} -> {edit.new}")


@cli.command(name="new")
@click.argument(
    "doc_type",
    metavar="TYPE",
    type=click.Choice(["routine", "partner", "agreement", "template", "page"]),
)
@click.argument("title")
@config_option
@click.option("--owner", help="Owner id (default: the usual owner of the folder).")
@click.option(
    "--partner",
    "partners",
    multiple=True,
    metavar="ID",
    help="A partner the page concerns (an agreement's parties). Repeatable.",
)
@today_option
def new_command(
    doc_type: str,
    title: str,
    config_file: Path | None,
    owner: str | None,
    partners: tuple[str, ...],
    today: date,
) -> None:
    """Create a new page from the template for its type, in the right folder.

    \b
    Examples:
      kb new routine "Rutin för tolkbokning"
      kb new agreement "Överenskommelse om läxhjälp" --partner foreningen-ny-i-strandvik
      kb new partner "Idrottsföreningen Strandvik" --owner enhetschef-stodboende
    """
    from .scaffold import NEXT_STEPS, ScaffoldError, create

    config, bank = _load(config_file)
    try:
        page = create(bank, doc_type, title, today, owner=owner, partners=partners)
    except ScaffoldError as exc:
        raise KBError(str(exc)) from None
    click.echo(f"Created {config.relative(page.path)}")
    click.echo(f"Fill in {NEXT_STEPS[doc_type]}, then run: kb check {config.relative(page.path)}")


@cli.command(name="schema")
@click.argument(
    "doc_type",
    metavar="[TYPE]",
    required=False,
    type=click.Choice(["routine", "partner", "agreement", "template", "glossary", "page"]),
)
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write one <type>.schema.json per type into this folder.",
)
def schema_command(doc_type: str | None, output: Path | None) -> None:
    """JSON Schema (draft-07) of the front matter, for editors' tools.

    \b
    Examples:
      kb schema routine
      kb schema -o .vscode/schemas
    """
    from .schema import TYPES, schemas_json

    if output is None:
        click.echo(schemas_json(doc_type), nl=False)
        return
    output.mkdir(parents=True, exist_ok=True)
    for name in (doc_type,) if doc_type else TYPES:
        (output / f"{name}.schema.json").write_text(schemas_json(name), encoding="utf-8")
        click.echo(f"Wrote {output / f'{name}.schema.json'}")


@cli.command(name="serve")
@config_option
@click.option(
    "-a",
    "--dev-addr",
    default="127.0.0.1:8000",
    show_default=True,
    metavar="IP:PORT",
    help="Where to serve the preview.",
)
@today_option
def serve_command(config_file: Path | None, dev_addr: str, today: date) -> None:
    """Preview the site with live reload, printing kb check findings for the
    pages you edit as you save them.

    \b
    Example:
      kb serve
    """
    from .site.serve import serve

    serve(_config(config_file), dev_addr, today)


@cli.command()
@config_option
@today_option
@click.option(
    "--within",
    type=click.IntRange(0, 3650),
    default=30,
    show_default=True,
    metavar="DAYS",
    help="Also remind of what falls due within this many days.",
)
@click.option("--send", is_flag=True, help="Send the mails (the default is a dry run).")
@click.option("--smtp-host", help="SMTP server (default: plugins.kb.remind.smtp_host).")
@click.option("--smtp-port", type=int, help="SMTP port (default: plugins.kb.remind.smtp_port).")
@click.option("--sender", help="From address (default: plugins.kb.remind.sender).")
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
    from . import remind as reminding
    from .review import review_items

    config, bank = _load(config_file)
    settings = config.kb.remind
    mails, missing = reminding.reminders(bank, list(review_items(bank, today, within)), today)
    for owner_id in missing:
        click.echo(
            f"Warning: owner '{owner_id}' has no email in mkdocs.yml; no reminder.", err=True
        )
    from_address = sender or settings.sender
    if not send:
        for mail in mails:
            click.echo(mail.preview(from_address))
        click.echo(f"Dry run: {len(mails)} mails not sent (use --send).", err=True)
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
    click.echo(f"Sent {len(sent)} mails; {len(skipped)} already sent today.", err=True)


@cli.command(name="search")
@click.argument("query")
@config_option
@click.option(
    "--type", "doc_type", type=click.Choice(sorted(DOC_TYPES)), help="Only pages of this type."
)
@click.option("--tag", help="Only pages with this tag.")
@click.option("--owner", help="Only pages with this owner id.")
@click.option("--partner", help="Only pages that concern this partner id.")
@click.option(
    "-n",
    "--limit",
    type=click.IntRange(1, 100),
    default=10,
    show_default=True,
    help="How many pages to show.",
)
@click.option("--public", is_flag=True, help="Search the public pages only.")
@click.option("--json", "as_json", is_flag=True, help="Print the hits as JSON.")
def search_command(
    query: str,
    config_file: Path | None,
    doc_type: str | None,
    tag: str | None,
    owner: str | None,
    partner: str | None,
    limit: int,
    public: bool,
    as_json: bool,
) -> None:
    """Search the bank in Swedish: inflections, compound parts, abbreviations, typos.

    The index is built on first use and updated for changed files.

    \b
    Examples:
      kb search avvikelserna
      kb search "god man" --type routine
      kb search HVB --json
    """
    from .search import Filters, search

    config = _config(config_file)
    filters = Filters(type=doc_type, tag=tag, owner=owner, partner=partner)
    hits = search(config, query, filters=filters, limit=limit, public=public)
    if as_json:
        rows = [_hit_json(h, config.docs_prefix) for h in hits]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not hits:
        click.echo(f"No pages match '{query}' (common words such as 'och' are not searched).")
        return
    for number, hit in enumerate(hits, 1):
        kind = TYPE_NAMES.get(hit.type, hit.type)
        path = config.docs_prefix + hit.path
        click.echo(f"{number:>2}. " + click.style(hit.title, bold=True) + f"  ({kind}) {path}")
        click.echo("    " + _highlighted(hit.snippet.text, hit.snippet.highlights))


def _hit_json(hit: Hit, prefix: str) -> dict[str, object]:
    return {
        "path": prefix + hit.path,
        "id": hit.id,
        "title": hit.title,
        "url": hit.url,
        "type": hit.type,
        "score": hit.score,
        "snippet": hit.snippet.text,
        "highlights": [list(span) for span in hit.snippet.highlights],
    }


def _highlighted(text: str, spans: tuple[tuple[int, int], ...]) -> str:
    out, last = [], 0
    for start, end in spans:
        out.append(text[last:start])
        out.append(click.style(text[start:end], fg="yellow", bold=True))
        last = end
    out.append(text[last:])
    return "".join(out)


@cli.command(name="index")
@config_option
@click.option("--full", is_flag=True, help="Rebuild the whole index instead of updating it.")
@click.option("--public", is_flag=True, help="The public index (public pages only).")
def index_command(config_file: Path | None, full: bool, public: bool) -> None:
    """Build or update the search index in .kb-cache/ (only changed files are re-indexed).

    \b
    Examples:
      kb index
      kb index --full
    """
    from .search import update_index

    stats = update_index(_config(config_file), public=public, full=full)
    click.echo(stats.sentence())


def _config(config_file: Path | None) -> Config:
    try:
        return load_config(config_file)
    except ConfigError as exc:
        raise KBError(str(exc)) from None


@cli.command()
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="How to print the codes.",
)
def codes(output_format: str) -> None:
    """List every check code with its default severity.

    \b
    Example:
      kb codes --format json
    """
    if output_format == "json":
        rows = [
            {"code": c.code, "severity": c.severity.value, "title": c.title} for c in CODES.values()
        ]
        click.echo(json.dumps(rows, indent=2))
        return
    for c in CODES.values():
        click.echo(f"{c.code}  {c.severity.value:<7}  {c.title}")


def main(argv: Sequence[str] | None = None) -> Any:
    """Entry point: no traceback ever reaches the user."""
    return _guarded(cli.main, list(argv) if argv is not None else None)


def _guarded(run: Callable[..., Any], argv: list[str] | None) -> Any:
    try:
        return run(args=argv, prog_name="kb", standalone_mode=True)
    except (KeyboardInterrupt, BrokenPipeError):
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as exc:
        click.echo(f"Error: unexpected internal error: {type(exc).__name__}: {exc}", err=True)
        click.echo(
            "  hint: this is a bug in kb_tools; please report it with the command you ran", err=True
        )
        sys.exit(EXIT_INTERNAL)


if __name__ == "__main__":  # pragma: no cover
    main()
