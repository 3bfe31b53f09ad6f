"""`kb check` and `kb codes`."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import click

from ..checks import CheckOptions, finalize, run_checks
from ..config import Config
from ..diagnostics import CODES, Diagnostic, Severity
from ..model import Bank
from ..report import FORMATTERS
from .app import (
    EXIT_FINDINGS,
    KBError,
    _codes,
    _emit,
    _load,
    cli,
    config_option,
    report_output_option,
    today_option,
)


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
@report_output_option
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
    from ..changes import GitError, affected_paths, find_changes

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
    from ..linkcheck import check_external_links
    from ..linkcheck.progress import progress_reporter

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
