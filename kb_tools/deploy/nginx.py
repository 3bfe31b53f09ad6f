"""``kb deploy nginx``: an nginx configuration for a built bank.

Two shapes from one set of settings: a ``server`` block to include in the
``http`` block of an existing nginx (the usual intranet server), or with a
prefix a complete configuration that runs as ``nginx -p PREFIX -c FILE`` as a
normal user (CI, a laptop, a container), with its pid file, logs and
temporary folders under the prefix.

nginx drops a server's ``add_header`` lines in every location that has its
own, so each location here repeats the whole set: the security headers on
every response (``always``: 401 and 404 answers too) and the location's own
``Cache-Control`` (without ``always``: an error must never be cached for a
year).

On an internal site with the browser editor, ``/admin/`` gets the editor's
own policy (:mod:`kb_tools.deploy.admin`) and every other header as usual.

On the public site, ``--allow-origin`` adds CORS headers to the search
index's files and to nothing else, so that the named banks' search pages can
merge this site's index (:mod:`kb_tools.config.federation`); the public site's own
policy lets its search page fetch the indexes of the banks it merges.

The settings are checked when they are made
(:meth:`kb_tools.deploy.settings.NginxSettings.create`); the writer only
quotes what has passed (:mod:`kb_tools.deploy.values`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .admin import admin_policy
from .federation import FederatedSearch, federated_search
from .inline import EXAMPLES, InlineCode, ThemeScripts, scan_site
from .login import gateway_locations, login_directives
from .mime import CHARSET_TYPES, DEFAULT_TYPE, GZIP_TYPES, TYPES
from .policy import PERMISSIONS_POLICY, Headers, content_security_policy
from .settings import NginxSettings
from .values import ANY_ORIGIN, quoted

TEMP_PATHS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
# Material's assets carry eight hex digits of their content in their names;
# Pagefind names its index chunks after their content.
HASHED_ASSETS = r"^/assets/.+\.[0-9a-f]{8}\.min\.(?:js|css)(?:\.map)?$"
PAGEFIND_CHUNKS = r"^/pagefind/.+\.pf_(?:fragment|index|meta|filter)$"
# What another site's Pagefind reads of this one when it merges the index.
PAGEFIND_ENTRY = "/pagefind/pagefind-entry.json"
DOT_PATHS = r"/\."


@dataclass(frozen=True)
class NginxConfig:
    """The configuration text, with what the policy allows and blocks."""

    text: str
    csp: str
    inline: InlineCode
    warnings: tuple[str, ...]


def nginx_config(settings: NginxSettings, theme: ThemeScripts | None = None) -> NginxConfig:
    """Read the built site and write its configuration."""
    site = Path(settings.site_dir)
    theme = theme if theme is not None else ThemeScripts.installed()
    inline = scan_site(site, theme)
    # Only the public build searches other banks (see kb_tools.config.federation).
    federated = federated_search(site) if settings.public else FederatedSearch()
    csp = content_security_policy(inline, federated.origins)
    headers = Headers(public=settings.public, csp=csp)
    admin = admin_policy(site, public=settings.public)
    writer = _Writer(settings, headers, has_404=(site / "404.html").is_file(), admin_csp=admin.csp)
    text = writer.standalone() if settings.standalone else writer.server()
    warnings = [
        *settings.warnings,
        *federated.warnings,
        *admin.warnings,
        *_inline_warnings(inline, theme),
    ]
    if not writer.has_404:
        warnings.append(f"{site} has no 404.html; nginx will answer unknown pages with its own.")
    return NginxConfig(text, csp, inline, tuple(warnings))


def _inline_warnings(inline: InlineCode, theme: ThemeScripts) -> list[str]:
    warnings = []
    if theme.count == 0:
        warnings.append(
            "The templates of Material for MkDocs were not found here, so no inline script "
            "can be recognised as the theme's; run kb deploy nginx where kb-tools is "
            "installed with its dependencies."
        )
    if inline.blocked_scripts:
        shown = "; ".join(f"{f.path}: {f.excerpt}" for f in inline.blocked_scripts[:EXAMPLES])
        warnings.append(
            "The Content-Security-Policy blocks inline scripts that are not the theme's "
            f"({len(inline.blocked_scripts)} found: {shown}); move wanted code into a file "
            "under overrides/assets/javascripts/ and remove raw <script> from pages (KB402)."
        )
    if inline.blocked_styles:
        shown = "; ".join(f"{f.path}: {f.excerpt}" for f in inline.blocked_styles[:EXAMPLES])
        warnings.append(
            "The Content-Security-Policy ignores inline style attributes other than table "
            f"alignments ({len(inline.blocked_styles)} found: {shown}); use a class and a "
            "rule in a style sheet under overrides/assets/stylesheets/."
        )
    return warnings


class _Writer:
    def __init__(
        self,
        settings: NginxSettings,
        headers: Headers,
        has_404: bool,
        admin_csp: str | None = None,
    ) -> None:
        self.settings = settings
        self.headers = headers
        self.has_404 = has_404
        self.admin_csp = admin_csp

    # -- the whole file ----------------------------------------------------

    def standalone(self) -> str:
        prefix = self.settings.prefix
        assert prefix is not None
        lines = [
            *self._preamble(),
            f"# Run as any user: nginx -p {prefix} -c FILE   (stop: add -s quit)",
            "# Started as root, nginx runs its workers as 'nobody', who must be able to",
            "# read the site.",
            "",
            "worker_processes auto;",
            f"pid {quoted(prefix + '/nginx.pid')};",
            f"error_log {quoted(prefix + '/error.log')} warn;",
            "",
            "events {",
            "    worker_connections 512;",
            "}",
            "",
            "http {",
            f"    access_log {quoted(prefix + '/access.log')};",
            *(f"    {name}_temp_path {quoted(f'{prefix}/{name}_temp')};" for name in TEMP_PATHS),
            "    sendfile on;",
            "    tcp_nopush on;",
            "    keepalive_timeout 65s;",
            "",
            *_indent(self._server_block(), 1),
            "}",
        ]
        return "\n".join(lines) + "\n"

    def server(self) -> str:
        lines = [
            *self._preamble(),
            "# Include this server block in the http block of your nginx, for example",
            "# as /etc/nginx/sites-enabled/kunskapsbanken.conf, then: nginx -t && nginx -s reload",
            "",
            *self._server_block(),
        ]
        return "\n".join(lines) + "\n"

    def _preamble(self) -> list[str]:
        audience = "public" if self.settings.public else "internal"
        site = self.settings.site_dir
        return [
            f"# Kunskapsbanken: the {audience} site in {site}",
            "# Written by `kb deploy nginx`. Write it again after upgrading kb_tools or the",
            "# theme: the Content-Security-Policy lists the theme's inline scripts by hash.",
            "#",
            "# Release layout: each deploy uploads the built site to a new folder",
            "#   .../releases/<time>-<commit>/",
            "# and then switches the link .../current to it (ln -sfn, then mv -T, which",
            "# renames atomically). Give --site-dir .../current: nginx follows the link on",
            "# every request, so a switch needs no reload.",
            "",
        ]

    # -- the server block --------------------------------------------------

    def _server_block(self) -> list[str]:
        settings = self.settings
        body = [
            f"listen {settings.listen};",
            "# server_name kunskapsbanken.example.se;  # when other sites share this address",
            f"root {quoted(settings.site_dir)};",
            "index index.html;",
            "autoindex off;",
            "server_tokens off;",
            "absolute_redirect off;",
            "# Links inside the site are refused; the link to the release (.../current) is not.",
            "disable_symlinks on from=$document_root;",
            "",
            "charset utf-8;",
            f"charset_types {' '.join(CHARSET_TYPES)};",
            f"default_type {DEFAULT_TYPE};",
            "types {",
            *(f"    {mime} {' '.join(extensions)};" for mime, extensions in TYPES.items()),
            "}",
            "",
            "gzip on;",
            "gzip_vary on;",
            "gzip_proxied any;",
            "gzip_comp_level 5;",
            "gzip_min_length 256;",
            f"gzip_types {' '.join(GZIP_TYPES)};",
            "",
        ]
        body += [
            "# Sent with every response; each location below names them again, because a",
            "# location with its own add_header drops the server's.",
            f"set $kb_csp {quoted(self.headers.csp)};",
            f"set $kb_permissions {quoted(PERMISSIONS_POLICY)};",
            *([f"set $kb_admin_csp {quoted(self.admin_csp)};"] if self.admin_csp else []),
            "",
            *self._cors_origin(),
        ]
        if self.has_404:
            body.append("error_page 404 /404.html;")
        body += self._login()
        body += [
            "",
            "# Pages and files whose names stay the same: always ask whether they changed.",
            *self._location("/", self.headers.revalidate),
            "",
            *self._location("= /404.html", self.headers.revalidate, always=True),
            "",
            "# Dotfiles and dot-folders (.kb-cache/, .git/) are never served.",
            *self._location(f'~ "{DOT_PATHS}"', None, extra=["return 404;"]),
            "",
            "# Files named after their content never change: keep them a year.",
            *self._location(f'~ "{HASHED_ASSETS}"', self.headers.immutable),
            "",
            *self._location(f'~ "{PAGEFIND_CHUNKS}"', self.headers.immutable,
                            extra=self._cors_headers()),
        ]
        if self.admin_csp is not None:
            body += [
                "",
                "# The browser editor (Decap CMS) needs a policy of its own; a plain prefix,",
                "# so that the dotfile rule above still applies inside it.",
                *self._location(
                    "/admin/", self.headers.revalidate, csp_variable="$kb_admin_csp"
                ),
            ]
        if self.settings.allow_origins:
            body += [
                "",
                "# The index's entry file: the first thing another site's search reads.",
                *self._location(f"= {PAGEFIND_ENTRY}", self.headers.revalidate,
                                extra=self._cors_headers()),
            ]
        body += self._gateway_locations()
        return ["server {", *_indent(body, 1), "}"]

    # -- other banks' search pages (--allow-origin) -----------------------------

    def _cors_origin(self) -> list[str]:
        """``$kb_cors_origin``: the request's ``Origin`` when it is one of the
        allowed sites, else empty (nginx then sends no header at all)."""
        origins = self.settings.allow_origins
        if not origins or origins == (ANY_ORIGIN,):
            return []
        # Origins are checked (scheme, host, port): only dots and IPv6
        # brackets mean something in a regular expression.
        pattern = "|".join(
            o.replace(".", "\\.").replace("[", "\\[").replace("]", "\\]") for o in origins
        )
        return [
            "# Other banks' search pages that may read the search index (--allow-origin):",
            "# their Pagefind merges it in the reader's browser.",
            'set $kb_cors_origin "";',
            f'if ($http_origin ~ "^(?:{pattern})$") {{',
            "    set $kb_cors_origin $http_origin;",
            "}",
            "",
        ]

    def _cors_headers(self) -> list[str]:
        origins = self.settings.allow_origins
        if not origins:
            return []
        if origins == (ANY_ORIGIN,):
            return ['add_header Access-Control-Allow-Origin "*" always;']
        return [
            "add_header Access-Control-Allow-Origin $kb_cors_origin always;",
            "add_header Vary Origin always;",
        ]

    def _login(self) -> list[str]:
        return login_directives(self.settings)

    def _gateway_locations(self) -> list[str]:
        headers = list(self._add_headers(self.headers.gateway()))
        return gateway_locations(self.settings, headers)

    def _add_headers(
        self, headers: Iterable[tuple[str, str]], csp_variable: str = "$kb_csp"
    ) -> Iterable[str]:
        # The long values are set once in the server block ($kb_csp, $kb_permissions).
        defined = {self.headers.csp: csp_variable, PERMISSIONS_POLICY: "$kb_permissions"}
        for name, value in headers:
            yield f"add_header {name} {defined.get(value) or quoted(value)} always;"

    def _location(
        self,
        match: str,
        cache_control: str | None,
        *,
        always: bool = False,
        extra: Iterable[str] = (),
        csp_variable: str = "$kb_csp",
    ) -> list[str]:
        lines = list(self._add_headers(self.headers.security(), csp_variable))
        if cache_control is not None:
            suffix = " always" if always else ""
            lines.append(f'add_header Cache-Control "{cache_control}"{suffix};')
        lines += extra
        return [f"location {match} {{", *_indent(lines, 1), "}"]


def _indent(lines: Iterable[str], depth: int) -> list[str]:
    pad = "    " * depth
    return [f"{pad}{line}" if line else "" for line in lines]
