"""`kb check` and `kb codes`."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

import click

from ..checks import CheckOptions, finalize, run_checks
from ..checks.baseline import Baseline, BaselineError, Outcome, with_fingerprints
from ..config import Config
from ..diagnostics import CODES, Code, Diagnostic, Severity
from ..i18n import msg, msg_n
from ..model import Bank
from ..report import FORMATTERS
from ..report.statistics import RENDERERS as STATISTICS_RENDERERS
from ..report.text import render_one
from .app import (
    EXIT_FINDINGS,
    KBError,
    _codes,
    _emit,
    _load,
    cli,
    config_option,
    follow_bank_language,
    report_output_option,
    today_option,
)
from .language import argument


@cli.command()
@argument("paths", nargs=-1, type=click.Path(path_type=Path))
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
@click.option(
    "--statistics",
    is_flag=True,
    help="Count the findings by code and message pattern instead of listing them (text or json).",
)
@click.option(
    "--baseline",
    "baseline_file",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Leave out the findings recorded in FILE (see --write-baseline).",
)
@click.option(
    "--write-baseline",
    "write_baseline_file",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Record today's findings in FILE, for --baseline, and exit 0.",
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
    statistics: bool,
    baseline_file: Path | None,
    write_baseline_file: Path | None,
) -> None:
    """Check the bank's metadata, links, review dates and personal data.

    Exit code 0 when clean, 1 when a finding fails the check (errors; warnings
    too with --strict), 2 for a usage or configuration error.

    \b
    Examples:
      kb check
      kb check docs/rutiner --today 2026-11-23 --format json
      kb check --select KB3 --strict
      kb check --statistics
      kb check --write-baseline kb-baseline.json
      kb check --baseline kb-baseline.json --format sarif -o kb.sarif
    """
    if statistics and output_format not in STATISTICS_RENDERERS:
        raise click.UsageError(
            msg("--statistics prints text or json, not --format {format}",
                format=output_format).render()
        )
    if baseline_file is not None and write_baseline_file is not None:
        raise click.UsageError(msg("give --baseline or --write-baseline, not both").render())
    baseline = _read_baseline(baseline_file) if baseline_file is not None else None
    config, bank = _load(config_file, use_cache=not no_cache)
    limits = tuple(_bank_relative(config, p) for p in paths)
    if changed:
        affected = _changed_limits(bank, base, limits)
        if affected is None:
            # An empty report in the format asked for: CI parses stdout.
            click.echo(msg("No changed pages.").render(), err=True)
            _emit((STATISTICS_RENDERERS if statistics else FORMATTERS)[output_format]([]), output)
            return
        limits = affected
    options = CheckOptions(today=today, select=select, ignore=ignore, paths=limits)
    findings = run_checks(bank, options)
    if external:
        findings = finalize(bank, [*findings, *_external_findings(bank, limits, no_cache)], options)
    findings = with_fingerprints(findings)
    if write_baseline_file is not None:
        _write_baseline(write_baseline_file, findings)
        return
    if baseline is not None:
        findings, outcome = baseline.apply(findings)
        _tell_baseline(baseline_file, outcome)
    if statistics:
        report = STATISTICS_RENDERERS[output_format](findings)
    else:
        report = FORMATTERS[output_format](findings)
    _emit(report, output)
    failing = {Severity.ERROR} | ({Severity.WARNING} if strict else set())
    if any(d.severity in failing for d in findings):
        sys.exit(EXIT_FINDINGS)


def _read_baseline(path: Path) -> Baseline:
    try:
        return Baseline.read(path)
    except BaselineError as exc:
        raise KBError(str(exc)) from None


def _write_baseline(path: Path, findings: list[Diagnostic]) -> None:
    try:
        Baseline.write(path, findings)
    except OSError as exc:
        raise KBError(
            msg("cannot write {path}: {reason}", path=str(path),
                reason=str(exc.strerror or exc)).render()
        ) from None
    files = len({d.path for d in findings})
    said = msg(
        "Wrote a baseline of {findings} in {files} to {path}.",
        findings=msg_n("{n} finding", "{n} findings", len(findings)),
        files=msg_n("{n} file", "{n} files", files),
        path=str(path),
    )
    click.echo(said.render(), err=True)


def _tell_baseline(path: Path | None, outcome: Outcome) -> None:
    # On stderr: standard output holds the report, in whatever format.
    if outcome.hidden:
        said = msg_n(
            "{n} finding recorded in the baseline {path} was left out.",
            "{n} findings recorded in the baseline {path} were left out.",
            outcome.hidden,
            path=str(path),
        )
        click.echo(said.render(), err=True)
    if outcome.gone:
        said = msg_n(
            "{n} finding in the baseline {path} no longer occurs; write the baseline again "
            "to drop it.",
            "{n} findings in the baseline {path} no longer occur; write the baseline again "
            "to drop them.",
            outcome.gone,
            path=str(path),
        )
        click.echo(said.render(), err=True)


def _changed_limits(
    bank: Bank, base: str | None, limits: tuple[str, ...]
) -> tuple[str, ...] | None:
    from ..checks.changes import GitError, affected_paths, find_changes

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
    from .link_progress import progress_reporter

    with progress_reporter() as progress:
        report = check_external_links(
            bank, limits=limits, use_cache=not no_cache, progress=progress
        )
    if report.network_down:
        click.echo(msg("Warning: {problem}.", problem=report.network_down).render(), err=True)
    return report.findings


def _bank_relative(config: Config, path: Path) -> str:
    if not path.exists():
        raise KBError(msg("no such file or folder: {path}", path=str(path)).render())
    relative = config.relative(path)
    if relative.startswith("/") or relative.startswith(".."):
        raise KBError(
            msg("{path} is outside the bank ({root})", path=str(path),
                root=str(config.root)).render()
        )
    return "" if relative == "." else relative


@cli.command()
@config_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="How to print the codes.",
)
@click.option(
    "--examples", is_flag=True, help="Show an example message and hint for each code."
)
def codes(config_file: Path | None, output_format: str, examples: bool) -> None:
    """List every check code with its default severity, in the bank's language.

    \b
    Examples:
      kb codes --format json
      kb codes --examples --lang sv
    """
    follow_bank_language(config_file)
    found = all_examples() if examples else {}
    if output_format == "json":
        rows = [_code_row(c, found.get(c.code)) for c in CODES.values()]
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    width = max(len(str(s.label)) for s in Severity if s is not Severity.IGNORE)
    for c in CODES.values():
        click.echo(f"{c.code}  {c.severity.label!s:<{width}}  {c.title}")
        example = found.get(c.code)
        if example is not None:  # as kb check prints it
            click.echo("\n".join("    " + line for line in render_one(example).splitlines()))


def all_examples() -> dict[str, Diagnostic]:
    """A real finding of every code, by code (:mod:`kb_tools.checks.examples`)."""
    from ..checks.examples import check_examples
    from ..linkcheck.examples import link_examples

    return {**check_examples(), **link_examples()}


def _code_row(code: Code, example: Diagnostic | None) -> dict[str, Any]:
    row: dict[str, Any] = {"code": code.code, "severity": code.severity.value, "title": code.title}
    if example is not None:
        shown = example.to_dict()
        row["example"] = {key: shown[key] for key in ("path", "line", "column", "message", "hint")}
    return row
