"""The browser editor's policy, read back from a built internal site.

``/admin/`` (:mod:`kb_tools.cms`) cannot run under the site's strict policy:
Decap CMS needs ``'unsafe-eval'``, inline styles, ``blob:`` and the Git
host's API. The generated admin page carries its own policy in a ``<meta>``
element; a browser enforces every policy it is given, so the server must
send that policy, not the site's, for ``/admin/`` and for nothing else.
Reading it from the built page, like the inline scripts and the federated
banks, keeps the server true to what is served without ``mkdocs.yml``.

The page is a file on disk: every directive and source is checked against
what :mod:`kb_tools.cms.csp` can write, and anything else means no editor
location (``/admin/`` then stays under the site's policy, and a warning
says why). Reads only a regular file. Used by :mod:`kb_tools.deploy.nginx`.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from ..cms.csp import ADMIN_CSP_SOURCES, ADMIN_PATH

ADMIN_PAGE = ADMIN_PATH.strip("/") + "/index.html"
MAX_PAGE_BYTES = 1 << 20
_KEYWORDS = frozenset({"'self'", "'none'", "'unsafe-eval'", "'unsafe-inline'", "data:", "blob:"})
# An origin as kb_tools.cms.csp writes it: scheme, host and an optional port.
_ORIGIN = re.compile(r"^https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?$")


@dataclass(frozen=True)
class AdminPolicy:
    """The editor's policy as a header value, or why there is none."""

    csp: str | None = None
    warnings: tuple[str, ...] = ()


class _MetaPolicy(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.policy: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        equiv = (found.get("http-equiv") or "").lower()
        if tag == "meta" and equiv == "content-security-policy" and self.policy is None:
            self.policy = found.get("content") or ""


def admin_policy(site: Path, *, public: bool) -> AdminPolicy:
    """The policy for ``/admin/`` of the built site in *site*, if it has one."""
    page = site / ADMIN_PAGE
    try:
        info = os.lstat(page)
    except OSError:
        return AdminPolicy()
    if public:
        return AdminPolicy(
            warnings=(
                f"{page} exists, but the public build never carries the editor: this looks "
                "like an internal build; it is served under the site's policy, where the "
                "editor cannot run.",
            )
        )
    if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_PAGE_BYTES:
        return AdminPolicy(warnings=(f"{page} is not a regular file of a sensible size.",))
    parser = _MetaPolicy()
    try:
        parser.feed(page.read_text(encoding="utf-8"))
        parser.close()
    except (OSError, UnicodeDecodeError) as exc:
        return AdminPolicy(warnings=(f"{page} cannot be read: {exc}.",))
    if parser.policy is None:
        return AdminPolicy(warnings=(f"{page} carries no Content-Security-Policy.",))
    problem = _problem(parser.policy)
    if problem is not None:
        return AdminPolicy(
            warnings=(
                f"{page}: the editor's Content-Security-Policy was not written by kb "
                f"({problem}); /admin/ is served under the site's policy, where the editor "
                "cannot run. Build the site again with this kb-tools.",
            )
        )
    # A <meta> policy cannot say who may frame the page; the header can.
    return AdminPolicy(csp=f"{parser.policy.strip().rstrip(';')}; frame-ancestors 'none'")


def _problem(policy: str) -> str | None:
    for directive in filter(None, (part.strip() for part in policy.split(";"))):
        name, *sources = directive.split()
        if name not in ADMIN_CSP_SOURCES or name == "frame-ancestors":
            return f"unexpected directive {name!r}"
        for source in sources:
            if source not in _KEYWORDS and not _ORIGIN.match(source):
                return f"unexpected source {source!r} in {name}"
    return None
