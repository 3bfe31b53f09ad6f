"""What ``/admin/`` needs from a Content-Security-Policy, as data.

The rest of the site can run under a strict policy; the editor cannot, and
gets a policy of its own for ``/admin/`` only: the generated admin page
carries it in a ``<meta>`` element, and a server configuration (``kb deploy
nginx``) can send :func:`admin_csp` as a header for the ``/admin/`` location.
The browser test runs the whole editing flow under this policy.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from .settings import CMSSettings

ADMIN_PATH = "/admin/"
LOCAL_BACKEND = "http://localhost:8081/api/v1"

# Why each source is there: Decap CMS validates its configuration with ajv,
# which compiles schemas with `new Function` ('unsafe-eval'); its components
# inject their own <style> elements ('unsafe-inline' styles); uploaded files
# are previewed from, and unsaved drafts backed up through, blob: URLs; the
# preview pane is an iframe of the page.
ADMIN_CSP_SOURCES: dict[str, tuple[str, ...]] = {
    "default-src": ("'self'",),
    "script-src": ("'self'", "'unsafe-eval'"),
    "style-src": ("'self'", "'unsafe-inline'"),
    "img-src": ("'self'", "data:", "blob:"),
    "font-src": ("'self'", "data:"),
    "media-src": ("'self'", "blob:"),
    "connect-src": ("'self'", "blob:"),
    "frame-src": ("'self'", "blob:"),
    "worker-src": ("'self'", "blob:"),
    "object-src": ("'none'",),
    "base-uri": ("'self'",),
    "form-action": ("'self'",),
    "frame-ancestors": ("'none'",),
}

# Directives a <meta> policy may not carry (browsers ignore them there).
HEADER_ONLY = ("frame-ancestors",)


def _origin(url: str | None) -> str | None:
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None  # same origin as the page: covered by 'self'
    return f"{parts.scheme}://{parts.netloc}"


def admin_csp(settings: CMSSettings) -> dict[str, tuple[str, ...]]:
    """The policy for ``/admin/``: :data:`ADMIN_CSP_SOURCES` plus the hosts
    of the editor's scripts (the CDN, unless self-hosted) and of the Git
    host (its API, and its OAuth endpoints and avatars at ``base_url``)."""
    policy = {name: list(sources) for name, sources in ADMIN_CSP_SOURCES.items()}
    local = settings.local_backend if isinstance(settings.local_backend, str) else None
    if settings.local_backend is True:
        local = LOCAL_BACKEND  # decap-server's default address
    hosts: list[tuple[str, str | None]] = [
        ("script-src", settings.script),
        ("script-src", settings.yaml_script),
        ("connect-src", settings.api),
        ("connect-src", settings.base_url),
        ("connect-src", local),
        ("img-src", settings.api),
        ("img-src", settings.base_url),
    ]
    for directive, url in hosts:
        _add(policy, directive, _origin(url))
    if settings.backend == "github":
        _add(policy, "img-src", "https://avatars.githubusercontent.com")
    return {name: tuple(sources) for name, sources in policy.items()}


def _add(policy: dict[str, list[str]], directive: str, source: str | None) -> None:
    if source and source not in policy[directive]:
        policy[directive].append(source)


def csp_text(policy: dict[str, tuple[str, ...]], *, meta: bool = False) -> str:
    """The policy as a header value (or, with *meta*, for a ``<meta>`` element)."""
    return "; ".join(
        f"{name} {' '.join(sources)}"
        for name, sources in policy.items()
        if not (meta and name in HEADER_ONLY)
    )
