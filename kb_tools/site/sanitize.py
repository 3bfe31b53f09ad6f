"""What the site engine renders from untrusted input, made safe to serve.

A page's body is Markdown whose raw HTML the engine passes through, and its
front matter reaches the theme's templates, which print some values without
escaping them. KB402 tells the editor about markup that can run code; this
module makes sure that, whatever the check says, none of it reaches a reader:

- :func:`clean_body` — the rendered body through an allowlist sanitizer
  (``nh3``, the Rust ``ammonia`` sanitizer on a standards-conforming HTML
  parser): what Markdown, its extensions and an editor's ordinary HTML
  produce is kept; scripts, event handlers, frames, forms and links with a
  scheme other than http, https, mailto and tel are removed.
- :func:`safe_meta` — front-matter values for the templates: every string
  HTML-escaped, and no choosing the theme's redirect template (which writes
  a front-matter URL into a script).
- :func:`plain_title` — a page title as plain text, whichever source the
  engine took it from.

The MkDocs plugin calls these; nothing here knows the engine.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

import nh3

from ..text.escaping import SAFE_SCHEMES, html_text

# Everything Python-Markdown, the extensions a bank may enable (tables,
# footnotes, abbr, attr_list, def_list, admonition, details, tasklist,
# superfences, highlight, tabbed, emoji) and an editor's ordinary HTML produce.
_TAGS = set(nh3.ALLOWED_TAGS) | {
    "audio", "circle", "ellipse", "g", "input", "label", "line", "main", "path", "picture",
    "polygon", "polyline", "rect", "section", "source", "svg", "tfoot", "track", "video",
}
_GENERIC = {"align", "class", "dir", "hidden", "id", "lang", "role", "style", "title"}
_ATTRIBUTES: dict[str, set[str]] = {
    "*": _GENERIC,
    "a": {"href", "hreflang", "name"},
    "img": {"alt", "height", "loading", "src", "width"},
    "input": {"checked", "disabled", "name"},
    "label": {"for"},
    "td": {"colspan", "headers", "rowspan"},
    "th": {"colspan", "headers", "rowspan", "scope"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"reversed", "start", "type"},
    "li": {"value"},
    "time": {"datetime"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "details": {"open"},
    "video": {"controls", "height", "loop", "muted", "poster", "preload", "src", "width"},
    "audio": {"controls", "loop", "muted", "preload", "src"},
    "source": {"media", "src", "type"},
    "track": {"kind", "label", "src", "srclang"},
    "svg": {"fill", "height", "stroke", "viewBox", "width", "xmlns"},
    "path": {"d", "fill", "fill-rule", "stroke", "stroke-width"},
    "g": {"fill", "stroke", "transform"},
    "circle": {"cx", "cy", "fill", "r", "stroke"},
    "ellipse": {"cx", "cy", "fill", "rx", "ry", "stroke"},
    "rect": {"fill", "height", "rx", "ry", "stroke", "width", "x", "y"},
    "line": {"stroke", "x1", "x2", "y1", "y2"},
    "polygon": {"fill", "points", "stroke"},
    "polyline": {"fill", "points", "stroke"},
}
# Layout only: nothing that can lay a fake page over the real one.
_STYLE_PROPERTIES = {
    "background-color", "border", "border-collapse", "color", "font-style", "font-weight",
    "height", "margin", "margin-bottom", "margin-left", "margin-right", "margin-top",
    "max-width", "min-width", "padding", "text-align", "text-decoration", "vertical-align",
    "white-space", "width",
}
_CLEANER = nh3.Cleaner(
    tags=_TAGS,
    clean_content_tags={"script", "style"},
    attributes=_ATTRIBUTES,
    generic_attribute_prefixes={"aria-"},
    tag_attribute_values={"input": {"type": {"checkbox", "radio"}}},
    url_schemes=set(SAFE_SCHEMES),
    filter_style_properties=_STYLE_PROPERTIES,
    link_rel=None,
)


def clean_body(content: str) -> str:
    """A page's rendered body with everything that could run code removed."""
    return _CLEANER.clean(content)


# Theme templates a page must not choose: the redirect page writes the
# front matter's 'location' into a script.
_FORBIDDEN_TEMPLATES = {"redirect.html"}


def safe_meta(meta: Mapping[str, Any]) -> dict[str, Any]:
    """Front-matter values fit for templates that print them unescaped."""
    cleaned = {key: _escaped(value) for key, value in meta.items()}
    template = meta.get("template")
    if not isinstance(template, str) or template.strip() in _FORBIDDEN_TEMPLATES:
        cleaned.pop("template", None)
    return cleaned


def _escaped(value: Any) -> Any:
    if isinstance(value, str):
        return html_text(value)
    if isinstance(value, list):
        return [_escaped(item) for item in value]
    if isinstance(value, dict):
        return {key: _escaped(item) for key, item in value.items()}
    return value


def plain_title(title: object, *, from_html: bool) -> str:
    """A title as plain text. MkDocs takes a page's first heading as HTML
    text (character references kept, tags stripped); front matter and file
    names are plain text already."""
    text = str(title or "")
    return html.unescape(text) if from_html else text
