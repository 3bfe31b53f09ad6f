"""How ``kb deploy nginx`` asks for a login: HTTP basic auth against an
htpasswd file, or ``auth_request`` to a single-sign-on gateway such as
oauth2-proxy (whose own pages are passed through, open to all). Used by
:mod:`kb_tools.deploy.nginx`.
"""

from __future__ import annotations

from .settings import NginxSettings
from .values import quoted

REALM = "Kunskapsbanken"
AUTH_LOCATION = "/_kb/auth"
CA_CERTIFICATES = "/etc/ssl/certs/ca-certificates.crt"  # Debian and Ubuntu
# The gateway's pages send these themselves; nginx sends the site's instead.
GATEWAY_HEADERS_HIDDEN = (
    "X-Content-Type-Options",
    "X-Frame-Options",
    "Referrer-Policy",
    "Permissions-Policy",
    "X-Robots-Tag",
)


def login_directives(settings: NginxSettings) -> list[str]:
    """The server block's login directives for *settings*' audience and login."""
    if settings.public:
        return ["", "# The public site: no login, indexed by search engines."]
    if settings.htpasswd is not None:
        return [
            "",
            "# Login: HTTP basic auth against an htpasswd file.",
            f'auth_basic "{REALM}";',
            f"auth_basic_user_file {quoted(settings.htpasswd)};",
        ]
    gateway = settings.gateway
    if gateway is None:
        return ["", "# No login here: --no-auth (a server in front asks for one)."]
    lines = [
        "",
        f"# Login: every request is checked with the single-sign-on gateway at {gateway.url}",
        "# (2xx: let in, 401: not logged in, 403: not allowed).",
        f"auth_request {AUTH_LOCATION};",
    ]
    if gateway.folder is not None:
        lines += [
            f"# Readers who are not logged in get the gateway's sign-in page "
            f"({gateway.folder}sign_in,",
            "# as oauth2-proxy lays out its pages), which returns them here afterwards.",
            f"error_page 401 = {gateway.folder}sign_in;",
        ]
    return lines

def gateway_locations(settings: NginxSettings, security_headers: list[str]) -> list[str]:
    """The locations of a single-sign-on gateway: the check itself and, where
    the gateway has pages of its own, those pages with *security_headers*."""
    gateway = settings.gateway
    if gateway is None:
        return []
    forwarded = [
        "proxy_set_header Host $host;",
        "proxy_set_header X-Real-IP $remote_addr;",
        "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
        "proxy_set_header X-Forwarded-Proto $scheme;",
        "proxy_set_header X-Forwarded-Host $host;",
    ]
    tls = (
        [
            "proxy_ssl_server_name on;",
            "proxy_ssl_verify on;",
            f"proxy_ssl_trusted_certificate {CA_CERTIFICATES};",
        ]
        if gateway.tls
        else []
    )
    lines = [
        "",
        "# The check itself: only the request's headers (its cookies) go to the gateway.",
        f"location = {AUTH_LOCATION} {{",
        "    internal;",
        "    auth_request off;",
        f"    proxy_pass {quoted(gateway.url)};",
        "    proxy_pass_request_body off;",
        '    proxy_set_header Content-Length "";',
        *(f"    {line}" for line in forwarded),
        "    proxy_set_header X-Forwarded-Uri $request_uri;",
        "    proxy_set_header X-Original-URI $request_uri;",
        "    proxy_set_header X-Original-Method $request_method;",
        *(f"    {line}" for line in tls),
        "}",
    ]
    if gateway.folder is not None:
        lines += [
            "",
            "# The gateway's own pages (sign in, callback, sign out), open to all.",
            f"location ^~ {gateway.folder} {{",
            "    auth_request off;",
            f"    proxy_pass {quoted(gateway.origin)};",
            *(f"    {line}" for line in forwarded),
            "    proxy_set_header X-Auth-Request-Redirect $request_uri;",
            *(f"    {line}" for line in tls),
            *(f"    proxy_hide_header {name};" for name in GATEWAY_HEADERS_HIDDEN),
            *(f"    {line}" for line in security_headers),
            "}",
        ]
    return lines
