"""Two passes that make Python-Markdown's rendering of a page cheaper for
the scan without changing what the scan collects (ids, links, image
sources, heading text); :mod:`.shortcuts` describes all the
shortcuts and the test that holds them to the full rendering.

- :class:`InlinePruning` leaves out, page by page, the inline patterns of
  Python-Markdown that cannot match it: each known pattern can only match
  where a certain character sequence occurs (a link needs ``[``, an entity
  ``&``, emphasis ``*`` or ``_``), and a pattern that matches nothing changes
  nothing. Patterns of other extensions, and every pattern after the first
  of them, are always kept (what they produce could feed the later ones).
- :class:`LeanToc` keeps the ``toc`` extension's ids but skips building the
  table of contents, which only the engine's template uses, on pages without
  the ``[TOC]`` marker.

Used by :mod:`.scanner`.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import Any

import markdown
from markdown import inlinepatterns
from markdown.extensions import footnotes
from markdown.extensions.toc import TocTreeprocessor
from markdown.treeprocessors import InlineProcessor, Treeprocessor

# What every match of a built-in pattern contains, by class and expression.
# An expression not listed here (an extension's own use of a class) makes
# the pattern unknown, and unknown patterns are always kept.
_TRIGGERS: dict[tuple[type, str], tuple[str, ...]] = {
    (inlinepatterns.BacktickInlineProcessor, inlinepatterns.BACKTICK_RE): ("`",),
    (inlinepatterns.EscapeInlineProcessor, inlinepatterns.ESCAPE_RE): ("\\",),
    (inlinepatterns.ReferenceInlineProcessor, inlinepatterns.REFERENCE_RE): ("[",),
    (inlinepatterns.LinkInlineProcessor, inlinepatterns.LINK_RE): ("[",),
    (inlinepatterns.ImageInlineProcessor, inlinepatterns.IMAGE_LINK_RE): ("![",),
    (inlinepatterns.ImageReferenceInlineProcessor, inlinepatterns.IMAGE_REFERENCE_RE): ("![",),
    (inlinepatterns.ShortReferenceInlineProcessor, inlinepatterns.REFERENCE_RE): ("[",),
    (inlinepatterns.ShortImageReferenceInlineProcessor, inlinepatterns.IMAGE_REFERENCE_RE): ("![",),
    (inlinepatterns.AutolinkInlineProcessor, inlinepatterns.AUTOLINK_RE): ("<",),
    (inlinepatterns.AutomailInlineProcessor, inlinepatterns.AUTOMAIL_RE): ("<",),
    (inlinepatterns.SubstituteTagInlineProcessor, inlinepatterns.LINE_BREAK_RE): ("  \n",),
    (inlinepatterns.HtmlInlineProcessor, inlinepatterns.HTML_RE): ("<",),
    (inlinepatterns.HtmlInlineProcessor, inlinepatterns.ENTITY_RE): ("&",),
    (footnotes.FootnoteInlineProcessor, r"\[\^([^\]]*)\]"): ("[^",),
}


def registered(registry: Any, name: str) -> Any:
    """The item registered as *name* (a Registry has no ``get``)."""
    if name not in registry:
        return None
    return registry[name]


def triggers(pattern: Any) -> tuple[str, ...] | None:
    """What every match of *pattern* contains; None for a pattern not known."""
    kind = type(pattern)
    if kind is getattr(inlinepatterns, "DelimiterProcessor", None):
        # Emphasis (Markdown 3.11): its expression is its delimiters, one of them.
        tokens = getattr(pattern, "tokens", None)
        if isinstance(tokens, list) and tokens and all(isinstance(t, str) for t in tokens):
            return tuple(tokens)
        return None
    expression = getattr(pattern, "pattern", None)
    if not isinstance(expression, str):
        return None
    return _TRIGGERS.get((kind, expression))


class InlinePruning:
    """Runs Python-Markdown's inline processor on each page with only the
    patterns that can match the page's text.

    Installed as two tree processors around ``inline``: the first looks at
    all the text the inline processor will see and hands it the patterns
    that can match it, as a plain list (also cheaper to index than the
    registry); the second gives the registry back, so that anything
    running later sees Markdown as configured.
    """

    BEFORE = 20.000_001  # right before 'inline' (20)
    AFTER = 19.999_999

    def __init__(self, md: markdown.Markdown) -> None:
        self.md = md
        inline = registered(md.treeprocessors, "inline")
        self.inline = inline if isinstance(inline, InlineProcessor) else None
        self.enabled = True
        # The patterns as the extensions left them, once they are all set up.
        self._patterns: list[Any] = []
        self._known: list[tuple[str, ...] | None] = []
        self._triggers: frozenset[str] = frozenset()
        self._lists: dict[frozenset[str], list[Any]] = {}

    def install(self) -> None:
        if self.inline is None:
            return
        self._patterns = list(self.md.inlinePatterns)
        self._known = [triggers(p) for p in self._patterns]
        self._triggers = frozenset(t for found in self._known if found for t in found)
        self.md.treeprocessors.register(_Call(self.md, self.prune), "kb_prune_inline", self.BEFORE)
        self.md.treeprocessors.register(
            _Call(self.md, self.restore), "kb_restore_inline", self.AFTER
        )

    def patterns_for(self, text: str) -> list[Any]:
        """The inline patterns, in order, that can match in *text*."""
        absent = frozenset(trigger for trigger in self._triggers if trigger not in text)
        cached = self._lists.get(absent)
        if cached is None:
            cached = self._lists[absent] = _pruned(self._patterns, self._known, absent)
        return cached

    def prune(self, root: etree.Element) -> None:
        if self.enabled and self.inline is not None:
            patterns = self.patterns_for("".join(root.itertext()))
            self.inline.inlinePatterns = patterns  # type: ignore[assignment]

    def restore(self, root: etree.Element) -> None:
        if self.inline is not None:
            self.inline.inlinePatterns = self.md.inlinePatterns  # type: ignore[assignment]


def _pruned(
    patterns: list[Any], known: list[tuple[str, ...] | None], absent: frozenset[str]
) -> list[Any]:
    kept: list[Any] = []
    for index, (pattern, triggers) in enumerate(zip(patterns, known, strict=True)):
        if triggers is None:
            # What an unknown pattern makes is processed by the patterns after it.
            return kept + patterns[index:]
        if not all(trigger in absent for trigger in triggers):
            kept.append(pattern)
    return kept


class _Call(Treeprocessor):
    def __init__(self, md: markdown.Markdown, call: Any) -> None:
        super().__init__(md)
        self.call = call

    def run(self, root: etree.Element) -> None:
        self.call(root)


# The tree processors the shortcuts add: they change nothing the scan sees.
SHORTCUT_PROCESSORS: tuple[type, ...] = (_Call,)


# -- table of contents -----------------------------------------------------------


class LeanToc:
    """The ``toc`` extension gives headings their ids as always, but builds
    no table of contents (only the engine's template shows it) unless the
    page asks for one where it stands with the marker (``[TOC]``).

    A tree processor right before ``toc`` looks for the marker as the whole
    text of an element (where ``toc`` would put the table); the table is
    built when it is there.
    """

    BEFORE_TOC = 0.000_001  # added to the priority of 'toc'

    def __init__(self, md: markdown.Markdown) -> None:
        self.md = md
        self.enabled = True
        self.marker_found = False
        toc = registered(md.treeprocessors, "toc")
        self.toc = toc if isinstance(toc, TocTreeprocessor) else None

    def install(self) -> None:
        toc = self.toc
        if toc is None:
            return
        try:  # the registry tells an item's priority only through its private list
            items = self.md.treeprocessors._priority  # type: ignore[attr-defined]
            priority = next(item.priority for item in items if item.name == "toc")
        except (AttributeError, StopIteration):
            return
        self.md.treeprocessors.register(
            _Call(self.md, self.look_for_marker), "kb_lean_toc", priority + self.BEFORE_TOC
        )
        build = toc.build_toc_div

        def build_toc_div(toc_list: list[Any]) -> etree.Element:
            if self.enabled and not self.marker_found:
                return etree.Element("div")
            return build(toc_list)

        vars(toc)["build_toc_div"] = build_toc_div

    def look_for_marker(self, root: etree.Element) -> None:
        marker = self.toc.marker if self.toc is not None else ""
        self.marker_found = bool(marker) and any(
            element.text is not None and element.text.strip() == marker for element in root.iter()
        )
