"""The ``kb`` MkDocs plugin: wires MkDocs events to the library, nothing else.

Environment (set by ``kb build``, usable with plain ``mkdocs build``):
``KB_TODAY=YYYY-MM-DD`` judges review dates as of that day; ``KB_AUDIENCE=public``
builds the public site.
"""

from __future__ import annotations

import logging
import os
from datetime import date
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from ..checks import CheckOptions, run_checks
from ..cms.admin import write_admin
from ..config import Config, ConfigError, load_config, validate_kb_options
from ..diagnostics import Diagnostic, Severity
from ..model import Bank
from ..report.text import render_one
from . import pagefind
from .assembly import Site
from .audience import Audience

log = logging.getLogger("mkdocs.plugins.kb")


class KBPlugin(BasePlugin):  # type: ignore[type-arg]
    """Validates its options with the library's model, reports ``kb check``
    findings during the build (errors as warnings, so ``--strict`` fails),
    and adds the bank's panels, generated pages and export files."""

    site: Site | None = None

    def load_config(
        self, options: dict[str, Any], config_file_path: str | None = None
    ) -> tuple[list[tuple[str, Exception]], list[tuple[str, str]]]:
        try:
            validate_kb_options(options)
        except ConfigError as exc:
            return [("kb", exc)], []
        return [], []

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        try:
            self.library_config: Config = load_config(Path(config.config_file_path))
        except ConfigError as exc:
            raise PluginError(str(exc)) from None
        self.today = build_date()
        self.audience = Audience(public=os.environ.get("KB_AUDIENCE", "internal") == "public")
        return None

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        bank = Bank.load(self.library_config)
        findings = run_checks(bank, CheckOptions(today=self.today))
        if os.environ.get("KB_SERVE"):
            _report_edited(bank, findings)
        else:
            for finding in findings:
                if finding.severity is Severity.ERROR:
                    log.warning(render_one(finding))
                elif finding.severity is Severity.WARNING:
                    log.info(render_one(finding))
        self.site = site = Site(bank, self.today, self.audience)
        docs_dir = Path(config.docs_dir).resolve()
        for file in list(files):  # theme files live elsewhere and always stay
            if _inside(file.abs_src_path, docs_dir) and not site.keeps(file.src_uri):
                files.remove(file)
        for page in site.generated():
            if files.get_file_from_path(page.src_path) is None:
                files.append(File.generated(config, page.src_path, content=page.markdown))
        return files

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> None:
        if self.site is None:
            return
        for item in nav.items:
            if isinstance(item, Section):
                folder = _folder_of(item)
                title = self.site.section_title(folder) if folder else None
                if title:
                    item.title = title
                if folder in self.site.large_sections:
                    # The section's own index page lists its pages instead.
                    item.children = [c for c in item.children if _is_index(c)]

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if self.site is None:
            return None
        if self.site.search_excluded(page.file.src_uri):
            page.meta["search"] = {**page.meta.get("search", {}), "exclude": True}
        return self.site.markdown(page.file.src_uri, markdown)

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if self.site is None:
            return None
        return self.site.html(page.file.src_uri, html)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.site is None:
            return
        site_dir = Path(config.site_dir)
        for relative, content in self.site.exports().items():
            target = site_dir / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        write_admin(site_dir, self.site.bank, public=self.audience.public)
        if not pagefind.available():
            log.warning("Pagefind is not installed: the site has no Swedish search index")
            return
        try:
            pagefind.index_site(site_dir)
        except pagefind.PagefindError as exc:
            raise PluginError(str(exc)) from None


# Modification times seen by the previous build of this `kb serve` process.
_SEEN: dict[str, int] = {}


def _report_edited(bank: Bank, findings: list[Diagnostic]) -> None:
    """While serving: findings for the pages saved since the last build."""
    first = not _SEEN
    edited = []
    for doc in bank.documents:
        path = bank.config.docs_dir / doc.src_path
        try:
            mtime = path.stat().st_mtime_ns
        except OSError:
            continue
        if _SEEN.get(doc.path) != mtime:
            edited.append(doc.path)
        _SEEN[doc.path] = mtime
    if first:
        errors = sum(1 for f in findings if f.severity is Severity.ERROR)
        log.info(f"kb check: {errors} errors in the bank; findings for the pages you save "
                 "follow as you edit")
        return
    for edited_path in edited:
        own = [f for f in findings if f.path == edited_path]
        if not own:
            log.info(f"kb check: {edited_path}: no problems")
        for finding in own:
            log.warning(render_one(finding))


def _folder_of(section: Section) -> str | None:
    for child in section.children:
        if isinstance(child, Page) and child.file is not None:
            return child.file.src_uri.split("/", 1)[0]
    return None


def _is_index(item: object) -> bool:
    return isinstance(item, Page) and item.file is not None and item.file.name in ("index", "README")


def _inside(path: str | None, folder: Path) -> bool:
    return path is not None and Path(path).resolve().is_relative_to(folder)


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
