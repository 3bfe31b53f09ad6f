"""kb_tools: the library behind Kunskapsbanken.

Load a bank with :func:`load_bank`, check it with :func:`run_checks`. Nothing
here imports MkDocs: the site engine is an adapter in :mod:`kb_tools.site`.
"""

from __future__ import annotations

from pathlib import Path

from .checks import CheckOptions, run_checks
from .config import Config, ConfigError, load_config
from .diagnostics import CODES, Diagnostic, Severity
from .model import Bank, Document


def load_bank(config_file: Path | str | None = None) -> Bank:
    """Read ``mkdocs.yml`` and every Markdown file of its docs folder."""
    return Bank.load(load_config(Path(config_file) if config_file else None))


__all__ = [
    "CODES",
    "Bank",
    "CheckOptions",
    "Config",
    "ConfigError",
    "Diagnostic",
    "Document",
    "Severity",
    "load_bank",
    "load_config",
    "run_checks",
]
