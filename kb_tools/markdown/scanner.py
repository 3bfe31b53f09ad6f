"""The scanner: one Python-Markdown set up as the site's, reused for every
page the model's loader reads.

The page is converted with Python-Markdown using the site's own extensions
and their options (the ``toc`` slugify function among them), so an anchor is
valid here exactly when it exists on the built page. Like MkDocs, anchors are
every ``id`` in the rendered page plus ids and ``<a name>`` in raw HTML.
"""

from __future__ import annotations

from typing import Any

import markdown
from markdown.extensions import Extension

from ..config import ConfigError
from ..i18n import msg, verbatim
from ..text.brackets import count_brackets_once
from .collector import Collected, Collector, RawHTMLAnchors
from .locate import locate_links
from .page import ScannedPage
from .pruning import SHORTCUT_PROCESSORS, InlinePruning, LeanToc
from .shortcuts import reduce_for_scan, reducible


class _ScanExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        self.collector = Collector(md)
        self.raw_html = RawHTMLAnchors(md)
        md.treeprocessors.register(self.collector, "kb_collect", -100)
        md.preprocessors.register(self.raw_html, "kb_raw_html", 21)


class LinearLinks(Extension):
    """Python-Markdown's link processors with one count of a paragraph's
    brackets (:func:`count_brackets_once`): the site's pages render the same,
    in time that grows with their length. The MkDocs plugin adds it last to
    the site's extensions; the scanner of every page has it too."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        count_brackets_once(md, markdown.inlinepatterns.LinkInlineProcessor)


class PageScanner:
    """Renders pages with the site's Markdown settings and collects what the
    checks need. One instance is reused for every page (setting Markdown up is
    the expensive part)."""

    def __init__(self, extensions: list[Any], configs: dict[str, dict[str, Any]]) -> None:
        self._scan = _ScanExtension()
        try:
            self._md = markdown.Markdown(
                extensions=[*extensions, self._scan, LinearLinks()], extension_configs=configs
            )
        except (ImportError, AttributeError, TypeError, ValueError, KeyError) as exc:
            # No partial check without it: pages would render unlike the site.
            culprit = _failing_extension(extensions, configs)
            if isinstance(exc, ImportError) and culprit is not None:
                reason = (
                    msg("there is no module '{module}'", module=exc.name)
                    if isinstance(exc, ModuleNotFoundError) and exc.name
                    else verbatim(str(exc))
                )
                raise ConfigError(
                    msg("the Markdown extension '{extension}' in mkdocs.yml is not installed: "
                        "{reason}", extension=culprit, reason=reason),
                    msg("install the package that provides it in the same environment as kb "
                        "(the one mkdocs build uses), then run kb again"),
                ) from None
            problem = (
                msg("markdown_extensions in mkdocs.yml cannot be loaded: {reason}",
                    reason=str(exc))
                if culprit is None
                else msg("markdown_extensions in mkdocs.yml cannot be loaded ('{extension}'): "
                         "{reason}", extension=culprit, reason=str(exc))
            )
            raise ConfigError(
                problem,
                msg("check the extension names and options, and that their packages are "
                    "installed"),
            ) from None
        self._pruning = InlinePruning(self._md)
        self._pruning.install()
        self._lean_toc = LeanToc(self._md)
        self._lean_toc.install()
        self._reducible = reducible(self._md, own=_OWN_PROCESSORS)

    def scan(self, body: str, body_line: int = 1, *, reduce: bool = True) -> ScannedPage:
        """Anchors, headings and links of a page body whose first line is
        line *body_line* of the file. *reduce* takes the shortcuts of
        :mod:`.shortcuts`; the result is the same either way."""
        md = self._md
        md.reset()
        self._pruning.enabled = self._lean_toc.enabled = reduce
        # Markdown returns early on a blank page: nothing may carry over.
        self._scan.collector.reset()
        self._scan.raw_html.anchors = set()
        text = self._reduced(body) if reduce else body
        failure = None
        try:
            md.convert(text)
        except Collected:
            pass
        except Exception as exc:  # any extension's bug or refusal, on this page only
            failure = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        collector = self._scan.collector
        if collector.misplaced:  # never seen: then the page is rendered in full
            return self.scan(body, body_line, reduce=False)
        page = ScannedPage(
            anchors=collector.anchors | self._scan.raw_html.anchors,
            headings=list(collector.headings),
            failure=failure,
        )
        page.links = locate_links(body, collector.urls, body_line)
        return page

    def _reduced(self, body: str) -> str:
        if not self._reducible:
            return body
        return reduce_for_scan(body, self._scan.collector.paragraph_links)


_OWN_PROCESSORS: tuple[type, ...] = (Collector, RawHTMLAnchors, *SHORTCUT_PROCESSORS)


def _failing_extension(extensions: list[Any], configs: dict[str, dict[str, Any]]) -> str | None:
    """The first extension that cannot be loaded on its own, by name."""
    for extension in extensions:
        if not isinstance(extension, str):
            continue
        try:
            markdown.Markdown(extensions=[extension], extension_configs=configs)
        except Exception:
            return extension
    return None
