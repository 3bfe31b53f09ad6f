"""The ``kb`` MkDocs plugin: wires MkDocs events to the library, nothing else.

Its options are read once, as a typed config (:mod:`.config`): the bank's
through the library, and the build's own (``audience``, ``today``) as
``kb build`` and ``kb serve`` set them, or, with plain ``mkdocs build``,
from ``KB_AUDIENCE=public`` and ``KB_TODAY=YYYY-MM-DD``. While ``mkdocs
serve`` or ``kb serve`` runs (``on_startup``), findings are printed for the
pages saved since the last build only.

The look comes with the plugin, not with the bank: ``on_config`` puts the
package's theme folder between the bank's ``custom_dir`` and Material, links
``kb.css`` and ``kb.js`` first among the extra files, and switches Material's
search off (Pagefind, fed by the bank's Swedish terms, is the search). The
design, and why it replaces partials rather than ``base.html``, is in
:mod:`kb_tools.site.theming`. Templates read ``version``, ``search_url`` and
``statement_url`` (the accessibility statement's, or None) from this plugin
(``config.plugins["kb"]``).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure import StructureItem
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from ...checks import CheckOptions, gate, run_checks
from ...cms.admin import write_admin
from ...diagnostics import Diagnostic, Severity
from ...i18n import Message, choose, msg, msg_n, switch
from ...markdown import LinearLinks
from ...model import Bank
from ...model.files import DocsTree
from ...report.text import render_one
from ...text.escaping import html_text
from ...version import tool_version
from .. import generated, pagefind, theming
from ..assembly import Site
from ..manifest import write_manifest
from ..palette import palette_problems
from ..sanitize import plain_title, safe_meta
from .config import KBPluginConfig, run_by_kb

log = logging.getLogger("mkdocs.plugins.kb")


# MkDocs' BasePlugin.__init_subclass__ is unannotated, hence the ignore.
class KBPlugin(BasePlugin[KBPluginConfig]):  # type: ignore[no-untyped-call]
    """Validates its options with the library's model, reports ``kb check``
    findings during the build (errors as warnings, so ``--strict`` fails),
    and adds the bank's panels, generated pages and export files."""

    site: Site | None = None
    serving = False
    count = gate.FindingCount()
    refused: Message | None = None  # why this build stopped, in the plugin's words
    speak_before: Callable[[], None] = staticmethod(lambda: None)  # see on_config

    def __init__(self) -> None:
        # Modification times seen by the previous build while serving.
        self.seen: dict[str, int] = {}

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self.serving = command == "serve"
        self.seen = {}

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        # MkDocs keeps one instance for every build of the process (it has
        # on_startup): nothing of an earlier build may carry over.
        self.site = None
        self.refused = None
        self.count = gate.FindingCount()
        library = self.config.library
        # The build log speaks the bank's language (KB_LANG, kb build --lang, first),
        # until the build ends.
        self.speak_before()
        self.speak_before = switch(choose(None, config.theme.get("language") or library.language))
        self.today = self.config.build_day()
        self.audience = self.config.build_audience()
        self.version = tool_version()
        self.search_url = theming.search_url(config.use_directory_urls)
        self.statement_url = theming.statement_url(config.use_directory_urls) if (
            library.kb.accessibility is not None
            or (library.docs_dir / generated.STATEMENT_PAGE).is_file()
        ) else None
        config.theme.dirs = theming.theme_dirs(config.theme.dirs, config.theme.custom_dir)
        for problem in palette_problems(config.theme.get("palette")):
            log.warning(problem.render())
        config.extra_css = theming.first(config.extra_css, theming.STYLESHEET)
        config.extra_javascript = theming.first(config.extra_javascript, theming.SCRIPT)
        _switch_off_material_search(config)
        # Last, so that every link processor is registered when it runs
        # (Python-Markdown takes an extension object as well as a name).
        if not any(isinstance(e, LinearLinks) for e in config.markdown_extensions):
            config.markdown_extensions.append(LinearLinks())  # type: ignore[arg-type]
        # The theme prints these unescaped in some places and with '| e' in
        # others; Markup is escaped once and left alone by '| e'.
        config.site_name = Markup(html_text(str(config.site_name)))
        for key in ("site_description", "site_author"):
            if isinstance(config.get(key), str):
                config[key] = html_text(config[key])
        # MkDocs walks docs/ after this event and follows every link to a
        # folder, out of docs/ and round in circles: stop before it does.
        self.tree: DocsTree | None = DocsTree.of(library)
        refusal = self.tree.unbuildable()
        if refusal:
            raise PluginError(refusal.render())
        return None

    def _on_files_checked(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Check the bank and leave out the files this build does not show."""
        bank = Bank.load(self.config.library, tree=self.tree)
        self.tree = None  # walked for this build only
        findings = run_checks(bank, CheckOptions(today=self.today))
        self.count = gate.FindingCount.of(findings)
        published = gate.published_identity_numbers(bank, self.audience)
        if published:
            self.refused = gate.refusal(published)
            raise PluginError(self.refused.render())
        if self.serving:
            _report_edited(bank, findings, self.seen)
        else:
            for finding in findings:
                if finding.severity is Severity.ERROR:
                    log.warning(render_one(finding))
                elif finding.severity is Severity.WARNING:
                    log.info(render_one(finding))
        self.site = site = Site(bank, self.today, self.audience)
        docs_dir = os.path.abspath(config.docs_dir)
        for file in list(files):  # theme files live elsewhere and always stay
            if _from_docs(file.abs_src_path, docs_dir) and not site.keeps(file.src_uri):
                files.remove(file)
        return files

    @event_priority(-100)
    def _on_files_generated(self, files: Files, *, config: MkDocsConfig) -> Files:
        """The generated pages, made after every other plugin has chosen its
        files: a page another plugin left out is neither listed nor linked."""
        site = self.site
        if site is None:
            return files
        gone = frozenset(
            doc.src_path for doc in site.bank.documents
            if site.keeps(doc.src_path) and not _built(files, doc.src_path)
        )
        if gone:
            self.site = site = Site(site.bank, self.today, site.audience.without(gone))
        for page in site.generated():
            if files.get_file_from_path(page.src_path) is None:
                files.append(File.generated(config, page.src_path, content=page.markdown))
        return files

    on_files = CombinedEvent(_on_files_checked, _on_files_generated)

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> None:
        if self.site is None:
            return
        nav.items = _pruned(nav.items, self.site)
        if config.nav is None:
            nav.items = _ordered(nav.items, self.site)
        for item in nav.items:
            if isinstance(item, Section):
                folder = _folder_of(item)
                title = self.site.section_title(folder) if folder else None
                if title:
                    item.title = title
                if folder in self.site.large_sections:
                    # The section's own index page lists its pages instead.
                    item.children = [c for c in item.children if _is_index(c)]
        _escape_nav_titles(nav.items)

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if self.site is None:
            return None
        if not self.site.front_matter_read(page.file.src_uri):
            page.meta = {}  # e.g. a number too long for Python to print as a title
        if self.site.search_excluded(page.file.src_uri):
            page.meta["search"] = {**page.meta.get("search", {}), "exclude": True}
        return self.site.markdown(page.file.src_uri, markdown)

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if self.site is None:
            return None
        doc = self.site.bank.by_src.get(page.file.src_uri)
        _make_page_safe(page, doc.title if doc is not None and doc.readable else None)
        return self.site.html(page.file.src_uri, html)

    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        if page.is_homepage and page.meta.get("title"):
            # The theme writes "<page title> - <site name>"; on the start page,
            # whose title mostly repeats the site's name, the name alone.
            page.meta = {**page.meta, "title": None}
        return None

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        return theming.with_generator(theming.with_skip_to_content(output), self.version)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        try:
            self._post_build(config)
        finally:
            self.speak_before()

    def on_build_error(self, *, error: Exception) -> None:
        self.speak_before()

    def _post_build(self, config: MkDocsConfig) -> None:
        if self.site is None:
            return
        site_dir = Path(config.site_dir)
        for relative, content in self.site.exports().items():
            target = site_dir / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        write_admin(site_dir, self.site.bank, public=self.audience.public)
        write_manifest(site_dir, self.audience, self.version)
        if not run_by_kb():  # kb build prints the count as its last line
            (log.warning if self.count.errors else log.info)(gate.summary(self.count).render())
        if not pagefind.available():
            log.warning(
                msg("Pagefind is not installed: the site has no Swedish search index").render()
            )
            return
        try:
            pagefind.index_site(site_dir)
        except pagefind.PagefindError as exc:
            raise PluginError(str(exc)) from None


def _switch_off_material_search(config: MkDocsConfig) -> None:
    """A bank that lists ``- search`` would otherwise get two searches."""
    search = config.plugins.get("material/search")
    options = getattr(search, "config", None)
    if getattr(options, "enabled", False):
        options.enabled = False  # type: ignore[union-attr]
        log.info(
            msg(
                "kb: Material's search is switched off; the site's search is the kb plugin's "
                "Swedish search page (you can remove '- search' from plugins in mkdocs.yml)"
            ).render()
        )


def _report_edited(bank: Bank, findings: list[Diagnostic], seen: dict[str, int]) -> None:
    """While serving: findings for the pages saved since the last build
    (*seen*: the modification times of the previous one, updated)."""
    first = not seen
    edited = []
    for doc in bank.documents:
        path = bank.config.docs_dir / doc.src_path
        try:
            mtime = path.stat().st_mtime_ns
        except OSError:
            continue
        if seen.get(doc.path) != mtime:
            edited.append(doc.path)
        seen[doc.path] = mtime
    if first:
        errors = sum(1 for f in findings if f.severity is Severity.ERROR)
        log.info(
            msg_n(
                "kb check: {n} error in the bank; findings for the pages you save follow as "
                "you edit",
                "kb check: {n} errors in the bank; findings for the pages you save follow as "
                "you edit",
                errors,
            ).render()
        )
        return
    for edited_path in edited:
        own = [f for f in findings if f.path == edited_path]
        if not own:
            log.info(msg("kb check: {path}: no problems", path=edited_path).render())
        for finding in own:
            log.warning(render_one(finding))


def _escape_nav_titles(items: list[Any]) -> None:
    """Section and link titles (folder names, mkdocs.yml's nav) as the theme
    prints them: unescaped. Page titles are made safe with each page."""
    for item in items:
        if isinstance(item, Section | Link) and item.title is not None:
            item.title = Markup(html_text(str(item.title)))
        if isinstance(item, Section):
            _escape_nav_titles(item.children)


def _make_page_safe(page: Page, known_title: str | None) -> None:
    """The page's title and front-matter values as the theme prints them
    (in the navigation, the header, <title>, tabs, breadcrumbs: unescaped).
    *known_title* is the bank's title for the page, when it knows it."""
    explicit = vars(page).get("title")  # given in mkdocs.yml's nav
    if not isinstance(page.meta.get("title"), str):
        page.meta.pop("title", None)  # a list or number: the engine would print its repr
    had_title = "title" in page.meta
    if isinstance(explicit, str):
        text = explicit
    elif known_title is not None:
        text = known_title
    else:
        text = plain_title(page.title, from_html=not had_title)
    title = Markup(html_text(str(text)))
    page.meta = safe_meta(page.meta)
    page.title = title
    # Material's <title> runs a title without front matter through
    # 'striptags', which unescapes it again; one in the metadata is printed
    # as it is. The home page's <title> is the site name alone.
    if had_title or not page.is_homepage:
        page.meta["title"] = title


def _folder_of(section: Section) -> str | None:
    for child in section.children:
        if isinstance(child, Page) and child.file is not None:
            return child.file.src_uri.split("/", 1)[0]
    return None


def _is_index(item: object) -> bool:
    return (
        isinstance(item, Page) and item.file is not None and item.file.name in ("index", "README")
    )


def _pruned(items: list[StructureItem], site: Site) -> list[StructureItem]:
    """An explicit ``nav:`` without the entries for pages this build leaves
    out (their titles and addresses would leak) and the sections they leave
    empty; a link without a title is labelled with its address, not "None"."""
    kept: list[StructureItem] = []
    for item in items:
        if isinstance(item, Section):
            item.children = _pruned(item.children, site)
            if not item.children:
                continue
        elif isinstance(item, Link):
            if site.withholds(item.url):
                continue
            if item.title is None:
                item.title = item.url
        kept.append(item)
    return kept


def _ordered(items: list[StructureItem], site: Site) -> list[StructureItem]:
    """The navigation MkDocs makes from the folders, in the order staff look
    for things: the start page, the bank's typed sections in the order of
    ``types:``, the other pages and folders as MkDocs sorted them, the
    overview last. The search page and the accessibility statement are
    reached from the header and the footer of every page, not from the menu."""
    folders = list(site.bank.config.kb.types)
    aside = {f"{theming.SEARCH_PAGE}.md", generated.STATEMENT_PAGE}

    def rank(item: StructureItem) -> tuple[int, int]:
        if isinstance(item, Page) and item.is_homepage:
            return (0, 0)
        folder = _folder_of(item) if isinstance(item, Section) else None
        if folder in folders:
            return (1, folders.index(folder))
        if folder == generated.FOLDER:
            return (3, 0)
        return (2, 0)

    kept = [
        item for item in items
        if not (isinstance(item, Page) and item.file is not None and item.file.src_uri in aside)
    ]
    return sorted(kept, key=rank)  # stable: equal ranks keep MkDocs' order


def _built(files: Files, src_path: str) -> bool:
    file = files.get_file_from_path(src_path)
    # Excluded and drafts (built only while serving) rank at DRAFT and below.
    return file is not None and file.inclusion.value > InclusionLevel.DRAFT.value


def _from_docs(path: str | None, docs_dir: str) -> bool:
    """Whether *path* lies in the docs folder as written: a symbolic link in
    docs/ counts as docs/, wherever it points."""
    return path is not None and os.path.abspath(path).startswith(docs_dir.rstrip(os.sep) + os.sep)
