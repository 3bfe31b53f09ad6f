"""External link checking in stages: extract → filter → check → cache → report."""

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
