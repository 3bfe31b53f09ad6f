"""The ``kb`` command: a thin skin over the library, one module per area
(check, review, search, site, authoring, import, init, deploy). The only
room that imports click and rich; nothing imports it."""

from __future__ import annotations

from . import (  # noqa: F401 - register the commands
    authoring,
    check,
    deploy,
    importing,
    init,
    review,
    search,
    site,
)
from .app import EXIT_CONFIG, EXIT_FINDINGS, EXIT_INTERNAL, KBError, cli, main

__all__ = ["EXIT_CONFIG", "EXIT_FINDINGS", "EXIT_INTERNAL", "KBError", "cli", "main"]
