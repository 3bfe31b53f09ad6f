"""The response headers of a served bank: one place that says which and why.

Every response — page, asset, search chunk, 404 page and 401 answer — carries
the same security headers; only ``Cache-Control`` differs by kind of file.
The internal site adds ``X-Robots-Tag`` and marks everything ``private`` (a
shared cache must never hand one reader's copy to another who has not logged
in); the public site lets shared caches keep what does not change.

Used by :mod:`kb_tools.deploy.nginx`; ``handbook/publishing.md`` explains
each source of the Content-Security-Policy.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .inline import InlineCode

YEAR = 365 * 24 * 60 * 60

# Features a knowledge bank never uses. Only names every current browser
# knows: an unknown name is a console error in Chromium.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
)


def content_security_policy(inline: InlineCode, federated: Iterable[str] = ()) -> str:
    """The policy for one built site: its theme's inline scripts by hash, and
    the origins of the other banks its public search page merges (*federated*).

    - ``default-src 'none'``: whatever is not named below is refused
      (frames, plugins, anything new).
    - ``script-src 'self'``: Material's bundle, ``kb.js`` and Pagefind's
      scripts are files on the site; the theme's inline scripts come by
      hash; ``'wasm-unsafe-eval'`` lets Pagefind compile its WebAssembly
      search engine, and allows nothing else (no ``eval``).
    - ``style-src 'self'``: the theme's and Pagefind's style sheets; the
      table alignments Python-Markdown writes as ``style`` attributes come by
      hash with ``'unsafe-hashes'`` (which applies to attributes only).
    - ``img-src 'self' data:``: Material draws its icons (admonitions, task
      lists, details) as ``data:`` SVG in its CSS.
    - ``font-src``, ``connect-src`` (Pagefind fetches its index),
      ``worker-src`` (Pagefind's worker), ``media-src``, ``manifest-src``:
      the site itself only, so no page can send what it shows to another
      host, not even through CSS. A public search page that merges other
      banks' indexes may also fetch from their origins (``connect-src``
      only: Pagefind reads their index files and searches them with this
      site's own WebAssembly and scripts).
    - ``form-action 'self'``: the header's search form opens ``sok/``.
    - ``base-uri 'none'``, ``object-src 'none'``, ``frame-ancestors
      'none'``: no ``<base>`` rewriting, no plugins, no framing (clickjacking).
    """
    scripts = ["'self'", "'wasm-unsafe-eval'", *sorted(inline.script_hashes)]
    styles = ["'self'", *(["'unsafe-hashes'", *sorted(inline.style_hashes)]
                          if inline.style_hashes else [])]
    directives = [
        ("default-src", ["'none'"]),
        ("script-src", scripts),
        ("style-src", styles),
        ("img-src", ["'self'", "data:"]),
        ("font-src", ["'self'"]),
        ("connect-src", ["'self'", *sorted(set(federated))]),
        ("worker-src", ["'self'"]),
        ("media-src", ["'self'"]),
        ("manifest-src", ["'self'"]),
        ("form-action", ["'self'"]),
        ("base-uri", ["'none'"]),
        ("object-src", ["'none'"]),
        ("frame-ancestors", ["'none'"]),
    ]
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives)


@dataclass(frozen=True)
class Headers:
    """The headers of one audience: security headers for every response, and
    ``Cache-Control`` per kind of file."""

    public: bool
    csp: str

    def security(self) -> list[tuple[str, str]]:
        referrer = "strict-origin-when-cross-origin" if self.public else "same-origin"
        headers = [
            ("Content-Security-Policy", self.csp),
            ("X-Content-Type-Options", "nosniff"),
            ("X-Frame-Options", "DENY"),  # frame-ancestors, for browsers without CSP 2
            ("Referrer-Policy", referrer),
            ("Permissions-Policy", PERMISSIONS_POLICY),
        ]
        if not self.public:
            headers.append(("X-Robots-Tag", "noindex, nofollow"))
        return headers

    def gateway(self) -> list[tuple[str, str]]:
        """For the sign-in gateway's own pages: no framing, no sniffing, but
        not the site's script policy, which would break the gateway's pages."""
        replaced = {"Content-Security-Policy": "frame-ancestors 'none'"}
        return [(name, replaced.get(name, value)) for name, value in self.security()]

    @property
    def revalidate(self) -> str:
        """Pages and files whose names do not change with their content."""
        return "no-cache" if self.public else "private, no-cache"

    @property
    def immutable(self) -> str:
        """Files whose names carry a hash of their content."""
        scope = "public" if self.public else "private"
        return f"{scope}, max-age={YEAR}, immutable"

