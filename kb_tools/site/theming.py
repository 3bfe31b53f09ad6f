"""What the kb plugin adds to a bank's Material theme, so that any bank has
its look, its header search and its view-time updates without copying a file.

The package carries a theme folder, ``theme/`` beside this module (package
data). The plugin puts it into the theme's search path between the bank's own
``custom_dir`` and Material, the way a theme extends its parent:

- ``partials/header.html`` (the header with the search form) and
  ``partials/copyright.html`` (the footer line with the tool's version)
  replace Material's partials of the same name. Material's ``base.html``
  includes them, so a bank's ``main.html`` that overrides one block (or its
  own copy of one partial) still gets everything else from kb.
- ``assets/kb/kb.css`` and ``assets/kb/kb.js`` are static theme files, copied
  into every site; the plugin links them as the first ``extra_css`` and
  ``extra_javascript`` entries, so a bank's own stylesheets come after kb's
  and win. A bank can also replace either file by putting its own at the same
  path in its ``custom_dir``.

Why partials and not a ``base.html`` of kb's own: a bank's ``main.html``
extends ``base.html``, so kb's would have to extend Material's under another
name, through a template loader of kb's; every engine (MkDocs, ProperDocs)
and every plugin that renders a theme template would then have to go through
that loader. Partials need nothing but the theme's ordinary search path.

Used by :mod:`kb_tools.site.mkdocs.plugin`; nothing here imports MkDocs.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TypeVar

from ..model.urls import page_url

T = TypeVar("T")

THEME_DIR = Path(__file__).resolve().parent / "theme"
STYLESHEET = "assets/kb/kb.css"
SCRIPT = "assets/kb/kb.js"
# The page the header's search form opens (see generated.search_page).
SEARCH_PAGE = "sok"
# The accessibility statement every page's footer links to (see
# generated.accessibility_statement).
STATEMENT_PAGE = "tillganglighet"


def theme_dirs(dirs: list[str], custom_dir: str | None) -> list[str]:
    """The theme's search path with kb's folder after the bank's own
    ``custom_dir`` (which wins) and before the theme's (which kb extends)."""
    own = str(THEME_DIR)
    rest = [d for d in dirs if Path(d).resolve() != THEME_DIR]
    at = 1 if custom_dir and rest and Path(rest[0]).resolve() == Path(custom_dir).resolve() else 0
    return [*rest[:at], own, *rest[at:]]


def first(entries: Iterable[T], entry: T) -> list[T]:
    """*entries* with *entry* at the front, once (``extra_javascript`` holds
    objects whose ``str`` is their path)."""
    return [entry, *(e for e in entries if str(e) != str(entry))]


def search_url(use_directory_urls: bool) -> str:
    """The search page's URL relative to the site's root."""
    return _page_url(SEARCH_PAGE, use_directory_urls)


def statement_url(use_directory_urls: bool) -> str:
    """The accessibility statement's URL relative to the site's root."""
    return _page_url(STATEMENT_PAGE, use_directory_urls)


def _page_url(name: str, use_directory_urls: bool) -> str:
    return page_url(f"{name}.md", use_directory_urls)


def with_generator(page_html: str, tool: str) -> str:
    """*page_html* with ``<meta name="generator" content="kb-tools VERSION">``
    at the end of its head (Material names itself there too)."""
    tag = f'<meta name="generator" content="kb-tools {html.escape(tool)}">'
    head_end = page_html.find("</head>")
    if head_end < 0:
        return page_html
    return page_html[:head_end] + tag + page_html[head_end:]


CONTENT_ID = "kb-innehall"
_ARTICLE = '<article class="md-content__inner md-typeset">'
_SKIP_LINK = re.compile(r'<a href="[^"]*" class="md-skip">')
_EMPTY_SKIP = re.compile(r'(<div data-md-component="skip">)\s*(</div>)')


def with_skip_to_content(page_html: str) -> str:
    """*page_html* whose "Gå till innehållet" link leads to the start of the
    article. Material's leads to the first heading of the page's table of
    contents, past kb's metadata panel and banners, and a page without
    headings gets none; every page gets one here."""
    if _ARTICLE not in page_html:
        return page_html
    page_html = page_html.replace(
        _ARTICLE, f'<article class="md-content__inner md-typeset" id="{CONTENT_ID}">', 1
    )
    link = f'<a href="#{CONTENT_ID}" class="md-skip">'
    if _SKIP_LINK.search(page_html):
        return _SKIP_LINK.sub(link, page_html, count=1)
    return _EMPTY_SKIP.sub(rf"\1{link}Gå till innehållet</a>\2", page_html, count=1)
