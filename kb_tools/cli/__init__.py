"""The ``kb`` command: a thin skin over the library, one module per area."""

from __future__ import annotations

from . import authoring, check, init, review, search, site  # noqa: F401 - register the commands
from .app import EXIT_CONFIG, EXIT_FINDINGS, EXIT_INTERNAL, KBError, cli, main

__all__ = ["EXIT_CONFIG", "EXIT_FINDINGS", "EXIT_INTERNAL", "KBError", "cli", "main"]
