"""`kb build` and `kb serve`: the site."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from ..i18n import msg, render
from .app import KBError, _config, cli, config_option, today_option
from .language import option


@cli.command()
@config_option
@option(
    "-d",
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where to write the site (default: site/, or site-public/ with --public).",
)
@option(
    "--public",
    is_flag=True,
    help="Build the public site: only 'visibility: public' pages and public contacts.",
)
@option("-s", "--strict", is_flag=True, help="Fail the build on warnings and KB errors.")
@today_option
@option("-q", "--quiet", is_flag=True, help="Only print warnings and errors.")
def build(
    config_file: Path | None,
    site_dir: Path | None,
    public: bool,
    strict: bool,
    today: date,
    quiet: bool,
) -> None:
    """Build the site atomically: the previous site stays until the new one is complete.

    Only a missing or empty folder, or a site kb built, is replaced. The build
    ends with the bank's count of errors and warnings; a public build stops
    at a personal identity number (KB401) on a page it would publish.

    \b
    Examples:
      kb build
      kb build --public -d /var/www/kunskapsbanken
      kb build --strict --today 2026-11-23
    """
    from ..checks.gate import summary
    from ..site.mkdocs.build import BuildFailed, build, configure_logging

    config = _config(config_file)
    configure_logging(quiet=quiet)
    try:
        built = build(config, site_dir, public=public, strict=strict, today=today)
    except BuildFailed as exc:
        raise KBError(str(exc)) from None
    folder = config.relative(built.site)
    said = (
        msg("Built the public site in {folder}/", folder=folder)
        if public
        else msg("Built the internal site in {folder}/", folder=folder)
    )
    click.echo(said.render(), err=True)
    click.echo(render(summary(built.count)), err=True)


@cli.command(name="serve")
@config_option
@option(
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
    from ..site.mkdocs.serve import serve

    serve(_config(config_file), dev_addr, today)
