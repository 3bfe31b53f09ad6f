"""The ``kb`` plugin's configuration, read once when MkDocs loads ``mkdocs.yml``.

A typed MkDocs config (``BasePlugin[KBPluginConfig]``) with two kinds of
settings:

- The bank's options under ``- kb:`` (``owners``, ``review_every``,
  ``types`` …) are read by the library, from the same file and the way every
  ``kb`` command reads them (:func:`kb_tools.config.load_config`): one
  validation with the library's messages, each naming its line, and the
  site's own settings at hand (a federated bank is never this one). The
  result is :attr:`KBPluginConfig.library`; the plugin never reads the file
  again during the build.
- The build's own: ``audience`` (``internal`` or ``public``) and ``today``
  (the day review dates are judged by). They are not settings of the bank,
  so ``mkdocs.yml`` cannot hold them (the library calls them unknown keys):
  ``kb build`` and ``kb serve`` set them for their run
  (:func:`run_settings`), and plain ``mkdocs build`` or ``mkdocs serve``
  takes them from ``KB_AUDIENCE=public`` and ``KB_TODAY=YYYY-MM-DD`` when
  set, else builds the internal site as of the real date.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config, ConfigErrors, ConfigWarnings, ValidationError
from mkdocs.exceptions import PluginError

from ...config import Config as LibraryConfig
from ...config import ConfigError, load_config
from ...model import INTERNAL, Audience

AUDIENCES = ("internal", "public")
# The fallbacks of plain `mkdocs build` and `mkdocs serve` (kb never sets them).
AUDIENCE_VARIABLE = "KB_AUDIENCE"
TODAY_VARIABLE = "KB_TODAY"


@dataclass(frozen=True)
class RunSettings:
    """What ``kb build`` or ``kb serve`` decided for its run."""

    audience: Audience = INTERNAL
    today: date | None = None


# Read by every KBPluginConfig loaded while a kb command runs MkDocs: a
# setting of the process, not of the environment, so nothing outlives the run
# (and `kb serve`, whose rebuilds reload the config on another thread, keeps it).
_run: RunSettings | None = None


@contextmanager
def run_settings(settings: RunSettings) -> Iterator[None]:
    """Every kb plugin config MkDocs loads meanwhile gets *settings*."""
    global _run
    previous, _run = _run, settings
    try:
        yield
    finally:
        _run = previous


def run_by_kb() -> bool:
    """Whether a kb command (``kb build``, ``kb serve``) runs MkDocs now."""
    return _run is not None


class _Day(c.Type[date]):
    """A date, or its ISO text."""

    def __init__(self) -> None:
        super().__init__(date)

    def run_validation(self, value: object) -> date:
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                raise ValidationError(f"expected a date YYYY-MM-DD, found '{value}'") from None
        return super().run_validation(value)


# MkDocs' Config.__init_subclass__ is unannotated, hence the ignore.
class KBPluginConfig(Config):  # type: ignore[no-untyped-call]
    """The plugin's options: the build's own, and the bank's (:attr:`library`)."""

    audience = c.Optional(c.Choice(AUDIENCES))
    today = c.Optional(_Day())

    # The library's configuration: the bank's options and the engine settings it needs.
    library: LibraryConfig

    def validate(self) -> tuple[ConfigErrors, ConfigWarnings]:
        # The bank's options are the library's to read (with their lines);
        # MkDocs would call each of them an unrecognised name.
        own = {name for name, _ in self._schema}
        for key in [key for key in self if key not in own]:
            del self[key]
        if _run is not None:
            self["audience"] = _run.audience.name
            self["today"] = _run.today
        failed, warnings = super().validate()
        if failed:
            return failed, warnings
        try:
            self.library = load_config(Path(self.config_file_path))
        except ConfigError as exc:
            failed.append(("kb", exc))
        return failed, warnings

    def build_audience(self) -> Audience:
        """Who the build is for: this run's ``audience``, else ``KB_AUDIENCE``."""
        name = self.audience or os.environ.get(AUDIENCE_VARIABLE, "internal")
        return Audience(public=name == "public")

    def build_day(self) -> date:
        """The day review dates are judged by: this run's ``today``, else
        ``KB_TODAY``, else the real date."""
        if self.today is not None:
            return self.today
        value = os.environ.get(TODAY_VARIABLE)
        if not value:
            return date.today()
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise PluginError(
                f"{TODAY_VARIABLE}: expected a date YYYY-MM-DD, found '{value}'"
            ) from None
