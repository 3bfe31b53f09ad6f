"""A saved web page (.html/.htm) to the HTML of its content.

Pages from an old intranet are untrusted and wrapped in the site around
them. This module keeps the content only: everything that runs or embeds
(scripts, styles, frames, objects, forms) is removed with its content, the
site's chrome (header, navigation, footer, side columns, breadcrumbs, the
cookie banner) is removed, and the main content is chosen — ``<main>``,
``role="main"``, a single ``<article>``, or else the block holding the most
paragraph text. What is left is still only HTML: the Markdown writer
writes nothing it does not know, so attributes such as event handlers never
reach the page.

Used by :mod:`.run`.
"""

from __future__ import annotations

import re
import warnings
from datetime import date
from pathlib import Path

from bs4 import BeautifulSoup, Tag

from ..i18n import msg
from .source import Source, SourceError

MAX_HTML = 20 * 1024 * 1024

_RUNS_OR_EMBEDS = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "form",
    "input",
    "button",
    "select",
    "textarea",
    "svg",
    "math",
    "canvas",
    "video",
    "audio",
    "link",
    "meta",
    "base",
    "dialog",
)
_CHROME = ("header", "nav", "footer", "aside")
_CHROME_ROLES = {"banner", "navigation", "contentinfo", "complementary", "search", "dialog"}
_CHROME_NAMES = re.compile(
    r"(?:^|[-_\s])(?:cookie\w*|consent|gdpr|breadcrumbs?|skip-?link|skip-to-content|"
    r"site-?header|site-?footer|share|social|sidebar|sidenav|menu|toolbar)(?:$|[-_\s])",
    re.IGNORECASE,
)
_MODIFIED_META = (
    "dcterms.modified",
    "dc.date.modified",
    "last-modified",
    "article:modified_time",
    "og:updated_time",
    "dc.date",
    "dcterms.date",
    "date",
)
_TITLE_SEPARATOR = re.compile(r"\s+[|–—-]\s+")


def read_html(path: Path) -> Source:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SourceError(
            msg("the file cannot be read: {reason}", reason=str(exc.strerror or exc))
        ) from None
    if len(raw) > MAX_HTML:
        raise SourceError(
            msg("the page is larger than {size} MB", size=MAX_HTML // (1024 * 1024))
        )
    with warnings.catch_warnings():  # an XHTML file is still read as HTML, on purpose
        warnings.simplefilter("ignore")
        document = BeautifulSoup(raw, "html.parser")
    title = _title(document)
    modified = _modified(document)
    for element in document.find_all(_RUNS_OR_EMBEDS):
        element.decompose()
    _remove_hidden(document)
    root = _main_content(document)
    _remove_chrome(root)
    return Source(path, "html", root, title, modified, local_images=path.parent)


def _title(document: BeautifulSoup) -> str | None:
    """The page's ``<title>`` without the site name after a separator."""
    if document.title is None:
        return None
    text = " ".join(document.title.get_text().split())
    return _TITLE_SEPARATOR.split(text)[0] if text else None


def _modified(document: BeautifulSoup) -> date | None:
    for meta in document.find_all("meta"):
        name = str(meta.get("name") or meta.get("property") or meta.get("http-equiv") or "")
        if name.lower() in _MODIFIED_META:
            match = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", str(meta.get("content") or ""))
            if match:
                try:
                    return date(*(int(part) for part in match.groups()))
                except ValueError:
                    continue
    return None


def _classes(element: Tag) -> str:
    value = element.get("class")
    classes = " ".join(value) if isinstance(value, list) else str(value or "")
    return f"{element.get('id') or ''} {classes}"


def _is_chrome(element: Tag) -> bool:
    if element.name in _CHROME:
        return True
    role = str(element.get("role") or "").lower()
    if role in _CHROME_ROLES:
        return True
    label = str(element.get("aria-label") or "")
    return bool(_CHROME_NAMES.search(_classes(element)) or _CHROME_NAMES.search(label))


def _remove_hidden(document: BeautifulSoup) -> None:
    for element in document.find_all(True):
        if element.decomposed:
            continue
        style = str(element.get("style") or "").replace(" ", "").lower()
        if (
            element.has_attr("hidden")
            or str(element.get("aria-hidden") or "") == "true"
            or "display:none" in style
            or "visibility:hidden" in style
        ):
            element.decompose()


def _remove_chrome(root: Tag) -> None:
    """Chrome inside the chosen content: navigation, side columns, banners.
    An article's own ``<header>`` (its title and date) stays."""
    for element in root.find_all(True):
        if element.decomposed:
            continue
        if element.name == "header" and element.find(("h1", "h2")) is not None:
            element.unwrap()
        elif _is_chrome(element):
            element.decompose()


def _main_content(document: BeautifulSoup) -> Tag:
    body = document.body or document
    for candidate in (
        body.find("main"),
        body.find(True, attrs={"role": "main"}),
        _only(body.find_all("article")),
    ):
        if isinstance(candidate, Tag):
            return candidate
    for element in body.find_all(_CHROME):
        if not element.decomposed:
            element.decompose()
    for element in body.find_all(True):
        if not element.decomposed and _is_chrome(element):
            element.decompose()
    return _largest_block(body)


def _only(elements: list[Tag]) -> Tag | None:
    return elements[0] if len(elements) == 1 else None


def _largest_block(body: Tag) -> Tag:
    """The element whose paragraphs hold the most text (each paragraph counts
    for its parent, and half for the grandparent), as readers' modes do."""
    scores: dict[int, float] = {}
    elements: dict[int, Tag] = {}
    for paragraph in body.find_all(("p", "li", "h1", "h2", "h3", "td", "pre", "blockquote")):
        length = len(paragraph.get_text(" ", strip=True))
        parent = paragraph.parent
        weight = 1.0
        while isinstance(parent, Tag) and weight >= 0.5:
            if parent.name not in ("ul", "ol", "tr", "tbody", "thead", "table", "a", "span"):
                scores[id(parent)] = scores.get(id(parent), 0.0) + length * weight
                elements[id(parent)] = parent
                weight /= 2
            parent = parent.parent
    if not scores:
        return body
    best = max(scores, key=lambda key: scores[key])
    return elements[best]
