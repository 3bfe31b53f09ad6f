"""External link checking (``kb check --external``, KB5xx) in stages:
extract → filter → check (aiohttp, only here) → cache → report. Used by the
CLI, which shows the progress (:mod:`kb_tools.cli.link_progress`)."""

from __future__ import annotations

from .check import CheckSettings, LinkChecker, LinkResult, Status
from .pipeline import ExternalLinkReport, check_external_links

__all__ = [
    "CheckSettings",
    "ExternalLinkReport",
    "LinkChecker",
    "LinkResult",
    "Status",
    "check_external_links",
]
