"""``kb build``: an atomic MkDocs build of the internal or the public site.

The site is written to a staging folder next to the target and swapped in
only when the build succeeded; a failed build (a KB error in strict mode, a
broken template) leaves the previous site untouched. Staging folders of
builds that were killed are removed by the next build (:mod:`kb_tools.site.staging`).

The audience and the day reach the plugin as its configuration
(:func:`.config.run_settings`), not through the environment. Two variables
are MkDocs' and Material's own and are set only for the build, then
restored: ``SOURCE_DATE_EPOCH``, which dates the sitemap (the same day gives
the same bytes), and ``NO_MKDOCS_2_WARNING``, which quiets Material's notice.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config as mkdocs_load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException

from ...checks.gate import FindingCount
from ...config import Config, ConfigError
from ...i18n import Message, as_message, msg
from ...model import Audience
from ...model.files import DocsTree
from ...model.loader import DocumentLoader
from ..staging import staging_for
from ..target import HINT as TARGET_HINT
from ..target import refusal
from .config import RunSettings, run_settings
from .plugin import KBPlugin

PUBLIC_SITE_DIR = "site-public"


class BuildFailed(Exception):
    """The build did not finish; the previous site is unchanged."""

    def __init__(self, message: Message | str, hint: Message | str | None = None) -> None:
        super().__init__(message)
        self.message = as_message(message)
        self.hint = None if hint is None else as_message(hint)

    def __str__(self) -> str:
        if self.hint is None:
            return self.message.render()
        return msg("{message}\n  hint: {hint}", message=self.message, hint=self.hint).render()


@contextmanager
def environment(**values: str) -> Iterator[None]:
    """*values* in ``os.environ`` meanwhile; afterwards it is as it was."""
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def default_site_dir(config: Config, public: bool) -> Path:
    if public:
        return config.root / PUBLIC_SITE_DIR
    return config.site_dir or config.root / "site"


@dataclass(frozen=True)
class Built:
    """A finished build: where the site is, and the bank's findings."""

    site: Path
    count: FindingCount


def build_site(
    config: Config,
    site_dir: Path | None = None,
    *,
    public: bool = False,
    strict: bool = False,
    today: date | None = None,
) -> Path:
    """Build the site into *site_dir* atomically and return its path."""
    return build(config, site_dir, public=public, strict=strict, today=today).site


def build(
    config: Config,
    site_dir: Path | None = None,
    *,
    public: bool = False,
    strict: bool = False,
    today: date | None = None,
) -> Built:
    """Build the site into *site_dir* atomically; where it is and what
    ``kb check`` found in the bank meanwhile."""
    target = (site_dir or default_site_dir(config, public)).resolve()
    refused = refusal(target, config)
    if refused:
        raise BuildFailed(refused, TARGET_HINT)
    try:
        # MkDocs reports an extension it cannot load with a traceback; the
        # library says it as kb check does.
        DocumentLoader(config)
    except ConfigError as exc:
        raise BuildFailed(msg("build failed: {problem}", problem=exc.message), exc.hint) from None
    problem = DocsTree.of(config).unbuildable()  # the plugin says it too, less clearly
    if problem:
        raise BuildFailed(_failed(problem, target))
    values = {"NO_MKDOCS_2_WARNING": "1"}
    if today is not None and "SOURCE_DATE_EPOCH" not in os.environ:
        # The engine dates the sitemap and its gzip header by this
        # (reproducible-builds.org): the same day gives the same bytes.
        midnight = datetime(today.year, today.month, today.day, tzinfo=UTC)
        # A gzip header holds 32 bits: 1970 to 2106 (--today 9999-12-31).
        epoch = min(max(int(midnight.timestamp()), 0), 2**32 - 1)
        values["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        return _build(config, target, public, strict, today, values)
    except OSError as exc:  # no room beside the target: read-only, full, not allowed
        problem = msg("the site cannot be written in {folder} ({reason})",
                      folder=str(target.parent), reason=str(exc.strerror or exc))
        raise BuildFailed(_failed(problem, target)) from None


def _build(
    config: Config,
    target: Path,
    public: bool,
    strict: bool,
    today: date | None,
    values: dict[str, str],
) -> Built:
    with staging_for(target) as staging:
        plugin: KBPlugin | None = None
        try:
            settings = RunSettings(Audience(public=public), today)
            with environment(**values), run_settings(settings):
                mkdocs_config = mkdocs_load_config(
                    config_file=str(config.config_file),
                    site_dir=str(staging.folder),
                    strict=strict,
                )
                plugin = _kb_plugin(mkdocs_config)
                mkdocs_config.plugins.on_startup(command="build", dirty=False)
                try:
                    mkdocs_build(mkdocs_config)
                finally:
                    mkdocs_config.plugins.on_shutdown()
        except (MkDocsException, OSError, ValueError) as exc:
            # MkDocs ends a build a plugin stopped with "Aborted with a
            # BuildError!": the plugin's own reason says more.
            reason = plugin.refused if plugin is not None and plugin.refused else str(exc)
            raise BuildFailed(_failed(reason, target)) from None
        _swap(staging.folder, staging.retired, target)
    return Built(target, plugin.count if plugin is not None else FindingCount())


def _kb_plugin(mkdocs_config: MkDocsConfig) -> KBPlugin | None:
    """The kb plugin of this build (None if the site does not list it)."""
    for plugin in mkdocs_config.plugins.values():
        if isinstance(plugin, KBPlugin):
            return plugin
    return None


def _failed(problem: Message | str, target: Path) -> Message:
    kept = (
        msg("the previous site in {folder} is unchanged", folder=str(target))
        if target.exists()
        else msg("no site written")
    )
    return msg("build failed: {problem}; {kept}", problem=problem, kept=kept)


def _swap(staging: Path, retired: Path, target: Path) -> None:
    if not target.exists():
        staging.rename(target)
        return
    target.rename(retired)
    try:
        staging.rename(target)
    except OSError:
        retired.rename(target)
        raise
    shutil.rmtree(retired, ignore_errors=True)


def configure_logging(verbose: bool = False, quiet: bool = False) -> None:
    """MkDocs' messages on stderr, the way ``mkdocs build`` prints them."""
    logger = logging.getLogger("mkdocs")
    if any(getattr(h, "_kb", False) for h in logger.handlers):
        return
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    handler._kb = True  # type: ignore[attr-defined]
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if verbose else logging.WARNING if quiet else logging.INFO)
    logger.propagate = False
