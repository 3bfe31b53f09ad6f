"""Serving a built bank: web server configurations with login, security
headers and a Content-Security-Policy computed from the built site.

Plain Python with no web server, MkDocs or click import; ``kb deploy`` is
the thin command over it (:mod:`kb_tools.cli.deploy`).
"""

from __future__ import annotations

from .inline import InlineCode, ThemeScripts, csp_hash, scan_site
from .nginx import NginxConfig, nginx_config
from .policy import content_security_policy
from .settings import NginxSettings
from .values import DeployError

__all__ = [
    "DeployError",
    "InlineCode",
    "NginxConfig",
    "NginxSettings",
    "ThemeScripts",
    "content_security_policy",
    "csp_hash",
    "nginx_config",
    "scan_site",
]
