"""The ``kb`` command group and what every command shares.

Each command converts its arguments, calls the library and turns library
errors into ``Error: ...`` lines with fixed exit codes: 0 clean, 1 failing
findings, 2 usage or configuration error (or what the machine refuses: a
full disk, a read-only folder, a missing permission), 3 an unexpected
internal error. Everything a command says is in the run's language
(:mod:`.language`).
"""

from __future__ import annotations

import errno
import gc
import logging
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import click

from ..checks import known_code_prefix
from ..config import Config, ConfigError, load_config
from ..diagnostics import CODES
from ..i18n import N_, msg, translated, verbatim
from ..model import Bank
from ..storage.cache_files import new_run
from ..text.escaping import printable
from .language import TranslatedCommand, TranslatedOption, follow_site, option, run_language

EXIT_FINDINGS = 1
EXIT_CONFIG = 2
EXIT_INTERNAL = 3

# What the machine refuses, not a bug: a plain message and exit code 2.
_NOT_ALLOWED = msg("kb may not use this file or folder: check its owner and permissions")
ENVIRONMENT_HINTS = {
    errno.ENOSPC: msg("the disk is full: free some space, then run the command again"),
    errno.EDQUOT: msg("the disk quota is used up: free some space, then run the command again"),
    errno.EROFS: msg("the folder is on a read-only file system: run the command in a copy of "
                     "the bank that can be written"),
    errno.EACCES: _NOT_ALLOWED,
    errno.EPERM: _NOT_ALLOWED,
    errno.ENOTDIR: msg("a part of the path is a file where kb needs a folder: move the file "
                       "away"),
    errno.EMFILE: msg("too many files are open: close other programs or raise 'ulimit -n'"),
    errno.ENOMEM: msg("the machine ran out of memory: close other programs and try again"),
}


class KBError(click.ClickException):
    """A configuration or usage problem: ``Error: ...`` and exit code 2."""

    exit_code = EXIT_CONFIG


def _today(ctx: click.Context, param: click.Parameter, value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            msg("expected a date YYYY-MM-DD, found '{value}'", value=value).render()
        ) from None


def _codes(ctx: click.Context, param: click.Parameter, values: Sequence[str]) -> frozenset[str]:
    codes = {c.strip().upper() for value in values for c in value.split(",") if c.strip()}
    for code in codes:
        if not known_code_prefix(code):
            from ..fields.validation import did_you_mean

            hint = did_you_mean(code, CODES)
            message = (
                msg("unknown check code '{code}'; {hint}", code=code, hint=hint)
                if hint
                else msg("unknown check code '{code}'", code=code)
            )
            raise click.BadParameter(message.render())
    return frozenset(codes)


config_option = option(
    "-f",
    "--config-file",
    type=click.Path(dir_okay=True, path_type=Path),
    default=None,
    help=N_("The bank's mkdocs.yml (default: the one in the current directory)."),
)
today_option = option(
    "--today",
    callback=_today,
    metavar="YYYY-MM-DD",
    help=N_("Judge dates as if today were this day (reproducible reports and tests)."),
)

report_output_option = option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help=N_("Write the report to this file instead of standard output."),
)


def within_option(help_text: str) -> Callable[[Any], Any]:
    return option(
        "--within",
        type=click.IntRange(0, 3650),
        default=30,
        show_default=True,
        metavar="DAYS",
        help=help_text,
    )


def _load(config_file: Path | None, use_cache: bool = True) -> tuple[Config, Bank]:
    config = _config(config_file)
    try:
        bank = Bank.load(config, use_cache=use_cache)
    except ConfigError as exc:
        raise KBError(str(exc)) from None
    # Standard output is the report's (JSON, SARIF, ...): what extensions
    # printed while pages were rendered goes to standard error, by page.
    for doc in bank.documents:
        for line in doc.output:
            said = msg("{path}: printed while the page was rendered: {line}", path=doc.path,
                       line=line)
            click.echo(said.render(), err=True)
    return config, bank


def _config(config_file: Path | None) -> Config:
    """The bank's configuration; from here on the run speaks the bank's
    language (unless --lang or KB_LANG chose one)."""
    try:
        config = load_config(config_file)
    except ConfigError as exc:
        follow_site(exc.language)
        raise KBError(str(exc)) from None
    follow_site(config.language)
    return config


def follow_bank_language(config_file: Path | None) -> None:
    """Speak the bank's language (``theme.language``) in a command that
    needs no bank: when there is none, or it cannot be read, the run
    speaks what ``--lang``, ``KB_LANG`` or English say."""
    try:
        config = load_config(config_file)
    except ConfigError as exc:
        follow_site(exc.language)
        return
    follow_site(config.language)


def _emit(report: str, output: Path | None) -> None:
    if output is None:
        click.echo(report, nl=False)
        return
    try:
        output.write_text(report, encoding="utf-8")
    except OSError as exc:
        raise KBError(
            msg("cannot write {path}: {reason}", path=str(output),
                reason=str(exc.strerror or exc)).render()
        ) from None


class KBGroup(TranslatedCommand, click.Group):
    """The ``kb`` group: its commands translate their help and take
    ``--lang``, and a run speaks one language from its first word. What a
    command could not foresee but the user can fix becomes ``Error: ...``
    and exit code 2: a configuration problem found late (a Markdown
    extension a search loads), and what the machine refuses (a full disk, a
    read-only folder, a missing permission)."""

    command_class = TranslatedCommand

    @property
    def subcommand_metavar(self) -> str:
        return translated(self._english_subcommand)

    @subcommand_metavar.setter
    def subcommand_metavar(self, value: str) -> None:
        self._english_subcommand = value

    def main(self, args: Sequence[str] | None = None, *rest: Any, **extra: Any) -> Any:
        arguments = list(sys.argv[1:] if args is None else args)
        with run_language(arguments):
            return super().main(arguments, *rest, **extra)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ConfigError as exc:
            raise KBError(str(exc)) from None
        except OSError as exc:
            hint = ENVIRONMENT_HINTS.get(exc.errno or 0)
            if hint is None:
                raise
            where = printable(os.fsdecode(exc.filename)) if exc.filename else None
            reason = str(exc.strerror or exc)
            problem = (
                msg("{path}: {reason}", path=where, reason=reason) if where else verbatim(reason)
            )
            raise KBError(
                msg("{message}\n  hint: {hint}", message=problem, hint=hint).render()
            ) from None


@click.group(
    cls=KBGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(
    package_name="kb-tools", prog_name="kb", cls=TranslatedOption,
    help=N_("Show the version and exit."),
)
def cli() -> None:
    """Kunskapsbanken: keep a docs-as-code knowledge bank honest.

    \b
    Example:
      kb check --today 2026-11-23
    """
    _show_library_notes()


class _EchoHandler(logging.Handler):
    """The library's notes (a rebuilt cache, another process indexing) on
    stderr, one line each; resolved at each call so CliRunner captures them."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(self.format(record), err=True)


def _show_library_notes() -> None:
    new_run()
    logger = logging.getLogger("kb_tools")
    if not any(isinstance(h, _EchoHandler) for h in logger.handlers):
        logger.addHandler(_EchoHandler(logging.WARNING))
        logger.propagate = False


def main(argv: Sequence[str] | None = None) -> Any:
    """Entry point: no traceback ever reaches the user."""
    # A run builds a large, long-lived heap (every page of the bank) and
    # frees little; the default thresholds would rescan it over and over.
    gc.set_threshold(50_000, 20, 100)
    return _guarded(cli.main, list(argv) if argv is not None else None)


def _guarded(run: Callable[..., Any], argv: list[str] | None) -> Any:
    try:
        return run(args=argv, prog_name="kb", standalone_mode=True)
    except (KeyboardInterrupt, BrokenPipeError):
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as exc:
        said = msg("Error: unexpected internal error: {kind}: {error}",
                   kind=type(exc).__name__, error=str(exc))
        click.echo(said.render(), err=True)
        hint = msg("this is a bug in kb_tools; please report it with the command you ran")
        click.echo("  " + msg("hint: {hint}", hint=hint).render(), err=True)
        sys.exit(EXIT_INTERNAL)
