"""The ``kb`` MkDocs plugin: wires MkDocs events to the library, nothing else."""

from __future__ import annotations

import logging
import os
from datetime import date
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from ..checks import CheckOptions, run_checks
from ..config import ConfigError, load_config, validate_kb_options
from ..diagnostics import Severity
from ..model import Bank
from ..report.text import render_one

log = logging.getLogger("mkdocs.plugins.kb")


class KBPlugin(BasePlugin):  # type: ignore[type-arg]
    """Validates its options with the library's model and reports ``kb check``
    findings during the build (errors as warnings, so ``--strict`` fails)."""

    def load_config(
        self, options: dict[str, Any], config_file_path: str | None = None
    ) -> tuple[list[tuple[str, Exception]], list[tuple[str, str]]]:
        self.options = options
        try:
            self.kb_config = validate_kb_options(options)
        except ConfigError as exc:
            return [("kb", exc)], []
        return [], []

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        try:
            self.library_config = load_config(Path(config.config_file_path))
        except ConfigError as exc:
            raise PluginError(str(exc)) from None
        return None

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        bank = Bank.load(self.library_config)
        findings = run_checks(bank, CheckOptions(today=build_date()))
        for finding in findings:
            if finding.severity is Severity.ERROR:
                log.warning(render_one(finding))
            elif finding.severity is Severity.WARNING:
                log.info(render_one(finding))
        self.bank = bank


def build_date() -> date:
    """The date the build judges review dates by: ``KB_TODAY`` (set by
    ``kb build --today`` and by tests) or the real date."""
    value = os.environ.get("KB_TODAY")
    if value:
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise PluginError(f"KB_TODAY: expected a date YYYY-MM-DD, found '{value}'") from None
    return date.today()
