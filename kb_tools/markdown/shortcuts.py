"""Cheaper ways to scan a page that give exactly what the full rendering gives.

:class:`kb_tools.markdown.PageScanner` renders every page with Python-Markdown
and the site's extensions, so that anchors and links are the built page's.
Most of that time goes into work that cannot change what the scan collects
(ids, links, image sources and heading text). The shortcuts skip it, each
equal to the full rendering by construction; ``tests/test_scan_shortcuts.py``
checks all of them together against the full rendering, on pages drawn from
every kind of line Markdown reads and under several sets of extensions.

- :func:`reduce_for_scan` replaces prose that cannot carry an anchor or a
  link by a placeholder word, keeping every line, marker and indentation,
  and a paragraph or list item of prose and plain links (``[text](page.md)``)
  by one word that stands for its links, which are read as written. The
  scanner takes those links where Markdown renders the word as text, and
  renders the page in full if the word turns up anywhere else. Only for
  Markdown set up with processors the reduction was proven against
  (:func:`reducible`): an extension that makes links or images out of prose
  (emoji, bare repository references) gets every page rendered in full.
- :mod:`.pruning` leaves out the inline patterns that cannot match
  a page, and the table of contents nobody asked for.

Used by :mod:`.scanner`.
"""

from __future__ import annotations

import re

import markdown
from markdown.treeprocessors import InlineProcessor

from .pruning import registered, triggers

# A prose line can carry neither an anchor nor a link unless it holds one of
# these; anything else in it only costs inline-pattern time.
_MAY_MATTER = re.compile(r"[\[\]<>{}|&`\\@]|://|www\.", re.IGNORECASE)
# Any line of only "=" or only "-" may underline the text above as a heading
# (indented, it does so in a list item or a note).
_SETEXT_UNDERLINE = re.compile(r"^[ \t]*(?:=+|-+)[ \t]*$")
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
# What comes before a line's text: indentation and a list item's marker.
_PREFIX = re.compile(r"[ \t]*(?:(?:[-*+]|\d{1,9}\.)[ \t]+)?")
# A link Python-Markdown reads as written: plain text, an address without
# spaces, brackets, quotes or character references; not an image's.
_SIMPLE_LINK = re.compile(r"(?<!!)\[([^\[\]\n]*)\]\(([^\s()<>\"'\\`&]+)\)")
# The word that stands for the links of a line or a paragraph (see below).
LINKS_MARKER = "kbscanlinks"
PLACEHOLDER = "x"


def reduce_for_scan(body: str, links: list[tuple[str, ...]] | None = None) -> str:
    """The page without the prose that cannot carry an anchor or a link.

    Python-Markdown spends most of its time running inline patterns over
    every paragraph. The text of a plain prose line (no brackets, HTML,
    braces, pipes, code, URLs), after its indentation and list marker, is
    replaced by a placeholder word, and paragraphs made only of such lines
    are left out where that cannot change the blocks around them. Headings,
    markers, indentation and code fences stay verbatim, so the anchors and
    links found are those of the full page (a property test asserts it),
    several times faster.

    With *links*, the text of a line of prose and plain links
    (``[text](address)``) becomes the word ``kbscanlinks<n>``, and a
    paragraph of such lines one such word; their addresses are appended to
    *links* as its entry *n*. Where Markdown renders the word as text, it
    would have rendered those links; the scanner checks that it did.
    """
    if links is not None and LINKS_MARKER in body:
        links = None  # the page itself says the word
    lines = body.split("\n")
    keep = _verbatim(lines)
    texts = [_PREFIX.match(line).end() for line in lines]  # type: ignore[union-attr]
    prose = [
        index not in keep
        and line[texts[index] : texts[index] + 1].isalpha()
        and not _MAY_MATTER.search(line, texts[index])
        for index, line in enumerate(lines)
    ]
    # One pass over the paragraphs: each line is looked at a fixed number of
    # times, so the time grows with the page, not with its square.
    count = len(lines)
    index = _next_nonblank(lines, 0)
    reduced = lines[:index]
    while index < count:
        end = index
        while end < count and lines[end].strip():
            end += 1
        following = _next_nonblank(lines, end)
        # A paragraph can go only if the next one starts at column 0: it
        # would otherwise turn into a list continuation.
        next_unindented = following == count or not lines[following][0].isspace()
        run = range(index, end)
        unmarked = all(texts[i] == 0 for i in run)
        if next_unindented and unmarked and all(prose[i] for i in run):
            # Gone with the blank lines after it: the blocks around it stay
            # apart, and Markdown has no empty blocks to look at.
            index = following
            continue
        found = [
            _plain_links(lines[i], texts[i]) if links is not None and i not in keep else None
            for i in run
        ]
        # Links become words only where all of the paragraph is prose and
        # plain links: the words then are all the text of what it becomes.
        words = any(found) and all(prose[i] or found[i - index] for i in run)
        if words and unmarked:
            assert links is not None
            reduced.append(f"{LINKS_MARKER}{len(links)}")  # a paragraph of prose and links
            links.append(tuple(url for urls in found if urls for url in urls))
        else:
            for i in run:
                line, start, urls = lines[i], texts[i], found[i - index]
                if prose[i]:
                    line = line[:start] + PLACEHOLDER
                elif words and urls and links is not None:
                    line = f"{line[:start]}{LINKS_MARKER}{len(links)}"
                    links.append(urls)
                reduced.append(line)
        reduced += lines[end:following]
        index = following
    return "\n".join(reduced)


def _verbatim(lines: list[str]) -> set[int]:
    """The lines that must stay as written: code fences and what they
    hold, and the text above a setext heading's underline."""
    keep: set[int] = set()
    fence = ""  # the open fence's marker
    for index, line in enumerate(lines):
        # Code is stashed whole, never run through inline patterns: reducing
        # it saves nothing, and a block right above "===" is a heading's text.
        opening = _FENCE.match(line)
        marker = opening.group(1) if opening else ""
        if fence or marker:
            keep.add(index)
            if not fence:
                fence = marker
            elif marker[:1] == fence[0] and len(marker) >= len(fence):
                fence = ""
        elif _SETEXT_UNDERLINE.match(line):
            above = index - 1
            while above >= 0 and lines[above].strip() and above not in keep:
                keep.add(above)
                above -= 1
    return keep


def _plain_links(line: str, start: int) -> tuple[str, ...] | None:
    """The addresses of the links in *line*, whose text begins at *start*,
    when that text is prose with plain links only (else None): it starts
    with a letter, the links' texts are plain, nothing else is markup."""
    if not line[start : start + 1].isalpha():
        return None
    found: list[str] = []
    for match in _SIMPLE_LINK.finditer(line, start):
        text = match.group(1)
        if text.startswith("^") or _MAY_MATTER.search(text):
            return None  # a footnote, or markup in the link's text
        found.append(match.group(2))
    if not found or _MAY_MATTER.search(_SIMPLE_LINK.sub(" ", line[start:])):
        return None
    return tuple(found)


def _next_nonblank(lines: list[str], start: int) -> int:
    """The index of the first non-blank line from *start* on (``len(lines)``
    when there is none)."""
    while start < len(lines) and not lines[start].strip():
        start += 1
    return start


# What the prose reduction was proven against: Python-Markdown's own
# processors and those of the extensions a bank usually enables, by class.
# None of them turns plain prose into an id, a link or an image; a processor
# not listed might (an emoji becomes an image, a bare word a link), so
# Markdown set up with one renders every page in full.
_KNOWN_PROCESSORS = frozenset(
    {
        "markdown.blockprocessors.BlockQuoteProcessor",
        "markdown.blockprocessors.CodeBlockProcessor",
        "markdown.blockprocessors.EmptyBlockProcessor",
        "markdown.blockprocessors.HRProcessor",
        "markdown.blockprocessors.HashHeaderProcessor",
        "markdown.blockprocessors.ListIndentProcessor",
        "markdown.blockprocessors.OListProcessor",
        "markdown.blockprocessors.ParagraphProcessor",
        "markdown.blockprocessors.ReferenceProcessor",
        "markdown.blockprocessors.SetextHeaderProcessor",
        "markdown.blockprocessors.UListProcessor",
        "markdown.extensions.abbr.AbbrBlockprocessor",
        "markdown.extensions.abbr.AbbrTreeprocessor",
        "markdown.extensions.admonition.AdmonitionProcessor",
        "markdown.extensions.attr_list.AttrListTreeprocessor",
        "markdown.extensions.codehilite.HiliteTreeprocessor",
        "markdown.extensions.def_list.DefListIndentProcessor",
        "markdown.extensions.def_list.DefListProcessor",
        "markdown.extensions.fenced_code.FencedBlockPreprocessor",
        "markdown.extensions.footnotes.FootnoteBlockProcessor",
        "markdown.extensions.footnotes.FootnotePostTreeprocessor",
        "markdown.extensions.footnotes.FootnoteTreeprocessor",
        "markdown.extensions.md_in_html.HtmlBlockPreprocessor",
        "markdown.extensions.md_in_html.MarkdownInHtmlProcessor",
        "markdown.extensions.sane_lists.SaneOListProcessor",
        "markdown.extensions.sane_lists.SaneUListProcessor",
        "markdown.extensions.tables.TableProcessor",
        "markdown.extensions.toc.TocTreeprocessor",
        "markdown.preprocessors.HtmlBlockPreprocessor",
        "markdown.preprocessors.NormalizeWhitespace",
        "markdown.treeprocessors.PrettifyTreeprocessor",
        "markdown.treeprocessors.UnescapeTreeprocessor",
        "pymdownx.details.DetailsProcessor",
        "pymdownx.highlight.HighlightTreeprocessor",
        "pymdownx.superfences.SuperFencesBlockPreprocessor",
        "pymdownx.superfences.SuperFencesCodeBlockProcessor",
        "pymdownx.tasklist.TasklistTreeprocessor",
    }
)


def reducible(md: markdown.Markdown, own: tuple[type, ...] = ()) -> bool:
    """Whether :func:`reduce_for_scan` gives *md* the anchors and links of
    the full page: every processor it runs is one the reduction was proven
    against (or one of *own*, the scanner's), and every inline pattern is
    one of Python-Markdown's own."""
    inline = registered(md.treeprocessors, "inline")
    for processor in (*md.preprocessors, *md.parser.blockprocessors, *md.treeprocessors):
        kind = type(processor)
        if processor is inline and kind is InlineProcessor:
            continue  # its patterns are judged below (another, such as smarty's, is not known)
        if kind not in own and f"{kind.__module__}.{kind.__qualname__}" not in _KNOWN_PROCESSORS:
            return False
    return all(triggers(pattern) is not None for pattern in md.inlinePatterns)
