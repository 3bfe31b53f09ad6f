"""`kb deploy nginx`: serve a built site with login and security headers."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import click

from .app import KBError, cli


@cli.group()
def deploy() -> None:
    """Configurations for serving a built site.

    \b
    Example:
      kb deploy nginx --site-dir /srv/kunskapsbanken/current --listen 127.0.0.1:8080 \\
        --auth-request http://127.0.0.1:4180/oauth2/auth
    """


@deploy.command(name="nginx")
@click.option(
    "--site-dir",
    required=True,
    metavar="DIR",
    help="The built site to serve, e.g. /srv/kunskapsbanken/current (a link to the release).",
)
@click.option("--listen", required=True, metavar="ADDR:PORT", help="Where nginx listens.")
@click.option(
    "--public",
    is_flag=True,
    help="The public site (built with kb build --public): no login, no noindex, shared "
    "caches may keep assets.",
)
@click.option("--htpasswd", metavar="FILE", help="Log in with HTTP basic auth against this file.")
@click.option(
    "--auth-request",
    metavar="URL",
    help="Log in through a single-sign-on gateway: nginx asks this URL about every request "
    "(oauth2-proxy: http://127.0.0.1:4180/oauth2/auth).",
)
@click.option(
    "--no-auth",
    is_flag=True,
    help="Serve the internal site without login, because a server in front already asks.",
)
@click.option(
    "--allow-origin",
    "allow_origin",
    multiple=True,
    metavar="ORIGIN",
    help="With --public: another bank's site whose search page may merge this site's search "
    "index (CORS), e.g. https://kunskapsbanken.ekby.example.se; repeat for more, * for all.",
)
@click.option(
    "--standalone",
    is_flag=True,
    help="Write a complete nginx.conf that runs as: nginx -p PREFIX -c FILE.",
)
@click.option(
    "--prefix",
    metavar="DIR",
    help="With --standalone: the folder for the pid file, logs and temporary files.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the configuration to this file instead of standard output.",
)
def nginx_command(
    site_dir: str,
    listen: str,
    public: bool,
    htpasswd: str | None,
    auth_request: str | None,
    no_auth: bool,
    allow_origin: tuple[str, ...],
    standalone: bool,
    prefix: str | None,
    output: Path | None,
) -> None:
    """Print an nginx configuration for a built site.

    The internal site is readable only after login (--htpasswd or
    --auth-request; --no-auth must be said out loud), carries noindex, and
    never serves directory listings, dotfiles or .kb-cache/. Both sites get a
    Content-Security-Policy that allows the theme's inline scripts by hash
    (read from the built site: write the configuration again after
    upgrading), Pagefind's WebAssembly and nothing from other hosts (but the
    search indexes of the other banks a public site's search merges); the
    other security headers, correct types, caching, gzip and the site's own
    404 page. --allow-origin lets named banks' search pages merge the public
    site's index.

    Release layout: upload each build to /srv/kunskapsbanken/releases/<id>/,
    then switch the link /srv/kunskapsbanken/current to it (ln -sfn + mv -T);
    give --site-dir /srv/kunskapsbanken/current.

    \b
    Examples:
      kb deploy nginx --site-dir /srv/kunskapsbanken/current --listen 127.0.0.1:8080 \\
        --auth-request http://127.0.0.1:4180/oauth2/auth -o /etc/nginx/sites-enabled/kb.conf
      kb deploy nginx --site-dir site --listen 127.0.0.1:8080 --htpasswd /etc/nginx/kb.htpasswd
      kb deploy nginx --site-dir site-public --listen 127.0.0.1:8081 --public \\
        --standalone --prefix /tmp/kb-nginx -o /tmp/kb-nginx/nginx.conf
      kb deploy nginx --site-dir site-public --listen 127.0.0.1:8081 --public \\
        --allow-origin https://kunskapsbanken.ekby.example.se
    """
    from ..deploy import DeployError, NginxSettings, nginx_config

    try:
        settings = NginxSettings.create(
            site_dir=site_dir,
            listen=listen,
            public=public,
            htpasswd=htpasswd,
            auth_request=auth_request,
            no_auth=no_auth,
            standalone=standalone,
            prefix=prefix,
            allow_origin=allow_origin,
        )
        config = nginx_config(settings)
    except DeployError as exc:
        raise KBError(str(exc)) from None
    if settings.prefix is not None:
        _make_prefix(Path(settings.prefix))
    for warning in config.warnings:
        click.echo(f"Warning: {warning}", err=True)
    if output is None:
        click.echo(config.text, nl=False)
        return
    _write(output, config.text)
    audience = "public" if settings.public else "internal"
    click.echo(f"Wrote the nginx configuration for the {audience} site to {output}.", err=True)
    if settings.prefix is not None:
        click.echo(f"Start it with: nginx -p {settings.prefix} -c {output.absolute()}", err=True)


def _make_prefix(prefix: Path) -> None:
    try:
        prefix.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        reason = exc.strerror or exc
        raise KBError(f"cannot create the --prefix folder {prefix}: {reason}") from None


def _write(output: Path, text: str) -> None:
    """Replace *output* in one step, so nginx never reads half a file."""
    staging: str | None = None
    try:
        handle, staging = tempfile.mkstemp(prefix=f".{output.name}.", dir=output.parent)
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.chmod(staging, 0o644)
        os.replace(staging, output)
    except OSError as exc:
        if staging is not None:
            Path(staging).unlink(missing_ok=True)
        raise KBError(f"cannot write {output}: {exc.strerror or exc}") from None
