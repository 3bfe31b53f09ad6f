"""Cleaned HTML to the bank's Markdown (Python-Markdown's dialect).

The last step of ``kb import``: :mod:`.cleanup` has already chosen what to
keep, so this module only writes. It is a whitelist by construction: it
writes headings, paragraphs, lists, pipe tables, quotes, code, emphasis,
links and images, and nothing else — no attribute and no element it does not
know ever reaches the page, and every piece of text is escaped, so text such
as ``&lt;script&gt;`` in the source stays text.

Python-Markdown is stricter than CommonMark in two ways the writer respects:
nested list content is indented by four spaces, and two lists that follow
each other merge unless something stands between them (an empty comment).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from bs4.element import Comment, NavigableString, PageElement, Tag

BLOCK_CONTAINERS = frozenset(
    {"div", "section", "article", "main", "body", "html", "header", "figure", "center", "form"}
)
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
BLOCKS = frozenset(
    {*HEADINGS, "p", "ul", "ol", "table", "blockquote", "pre", "hr", "dl", "figcaption"}
    | BLOCK_CONTAINERS
)
_STRONG = frozenset({"strong", "b"})
_EMPHASIS = frozenset({"em", "i", "cite", "dfn"})
_LIST_SEPARATOR = "<!-- -->"

_INLINE_SPECIAL = re.compile(r"([\\`*\[\]])")
_UNDERSCORE = re.compile(r"(?<![0-9A-Za-zÅÄÖåäöÉéÜü])_|_(?![0-9A-Za-zÅÄÖåäöÉéÜü])")
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_LINE_START = re.compile(r"^(\s*)([#>]|[-+*](?=\s|$)|=+\s*$|\d+(?=[.)](?:\s|$))|\{(?=:))")
_SPACE = re.compile(r"[ \t\r\n\f\u00a0\u200b\u2028\u2029]+")
BREAK = "\u2028"  # a <br> until the writer knows where it stands


def escape_text(text: str) -> str:
    """Text that Python-Markdown will show exactly as it is."""
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    text = _UNDERSCORE.sub(r"\\_", text)
    text = _ENTITY.sub("&amp;", text)
    return text.replace("<", "&lt;")


def escape_line_start(line: str) -> str:
    """Escape what would turn a line of text into a heading, list or quote."""
    match = _LINE_START.match(line)
    if not match:
        return line
    lead, marker = match.group(1), match.group(2)
    rest = line[match.end() :]
    if marker[0].isdigit():  # "1. Syfte" typed by hand: keep it text
        return f"{lead}{marker}\\{rest}"
    return f"{lead}\\{marker}{rest}"


def link_destination(url: str) -> str:
    """A URL as a Markdown link target: spaces and parentheses encoded."""
    return url.strip().replace(" ", "%20").replace("(", "%28").replace(")", "%29")


@dataclass
class WriterOptions:
    """What the bank's Markdown understands, and how links and images are
    turned into targets (``None``: keep the text, drop the link)."""

    footnotes: bool = True
    link_target: Callable[[str], str | None] = lambda url: None
    image_target: Callable[[Tag], str | None] = lambda image: None


@dataclass
class _State:
    options: WriterOptions
    footnote_numbers: dict[str, int] = field(default_factory=dict)


def to_markdown(root: Tag, options: WriterOptions, footnotes: dict[str, Tag]) -> str:
    """The Markdown of *root*'s content, then its footnotes.

    *footnotes* maps a footnote id (as referenced by ``<sup data-footnote>``)
    to the element holding the note's text.
    """
    state = _State(options)
    blocks = _blocks(root.children, state)
    body = "\n\n".join(blocks)
    notes = [(number, footnotes[key]) for key, number in state.footnote_numbers.items()]
    if notes:
        written = [_footnote(number, note, state) for number, note in notes]
        if state.options.footnotes:
            body += "\n\n" + "\n\n".join(written)
        else:  # no footnotes extension: numbered notes under a rule
            body += "\n\n---\n\n" + "\n".join(written)
    return body.strip("\n") + "\n" if body.strip() else ""


def _footnote(number: int, note: Tag, state: _State) -> str:
    text = "\n\n".join(_blocks(note.children, state))
    first, *rest = text.split("\n") if text else [""]
    lines = [f"[^{number}]: {first}" if state.options.footnotes else f"{number}. {first}"]
    lines += ["    " + line if line else "" for line in rest]
    return "\n".join(lines)


# --- blocks ------------------------------------------------------------------


def _blocks(nodes: Iterable[PageElement], state: _State) -> list[str]:
    """Markdown blocks of a sequence of nodes; loose inline content between
    blocks becomes a paragraph of its own."""
    blocks: list[str] = []
    inline: list[PageElement] = []

    def flush() -> None:
        if inline:
            paragraph = _paragraph(_inline(inline, state))
            if paragraph:
                blocks.append(paragraph)
            inline.clear()

    for node in list(nodes):
        if isinstance(node, Tag) and node.name in BLOCKS:
            flush()
            block = _block(node, state)
            if block is None:
                continue
            if isinstance(block, list):
                blocks.extend(block)
            elif block:
                if blocks and _is_list(blocks[-1]) and _is_list(block):
                    blocks.append(_LIST_SEPARATOR)
                blocks.append(block)
        elif not isinstance(node, Comment):
            inline.append(node)
    flush()
    return blocks


def _is_list(block: str) -> bool:
    return bool(re.match(r"(- |\d+\. )", block))


def _block(node: Tag, state: _State) -> str | list[str] | None:
    name = node.name
    if name in HEADINGS:
        text = _single_line(_inline(node.children, state, emphasis=False))
        return f"{'#' * int(name[1])} {text}" if text else None
    if name in ("p", "figcaption"):
        return _paragraph(_inline(node.children, state))
    if name in ("ul", "ol"):
        return _list(node, state)
    if name == "table":
        from .tables import table_markdown

        return table_markdown(node, lambda cell: _cell(cell, state), lambda n: _blocks(n, state))
    if name == "blockquote":
        inner = "\n\n".join(_blocks(node.children, state))
        if not inner:
            return None
        return "\n".join(f"> {line}" if line else ">" for line in inner.split("\n"))
    if name == "pre":
        code = node.get_text().strip("\n")
        fence = "```"
        while fence in code:
            fence += "`"
        return f"{fence}\n{code}\n{fence}" if code.strip() else None
    if name == "hr":
        return "---"
    if name == "dl":
        return _definitions(node, state)
    return _blocks(node.children, state)  # a container: its content


def _paragraph(text: str) -> str:
    """Lines of a paragraph; a line break (Shift+Enter in Word) is a
    Markdown hard break, two spaces at the end of the line."""
    paragraphs = []
    for part in text.split("\n"):
        lines = [escape_line_start(line.strip()) for line in part.split(BREAK)]
        lines = [line for line in lines if line]
        if lines:
            paragraphs.append("  \n".join(lines))
    return "\n".join(paragraphs)


def _single_line(text: str) -> str:
    return " ".join(part.strip() for part in re.split(f"[\n{BREAK}]", text) if part.strip())


def _list(node: Tag, state: _State) -> str | None:
    ordered = node.name == "ol"
    items = [child for child in node.children if isinstance(child, Tag) and child.name == "li"]
    lines: list[str] = []
    number = 0
    for item in items:
        blocks = _blocks(item.children, state)
        if not blocks:
            continue
        number += 1
        marker = f"{number}. " if ordered else "- "
        text = blocks[0]
        for block in blocks[1:]:  # a nested list right under its item keeps the list tight
            text += ("\n" if _is_list(block) else "\n\n") + block
        first, *rest = text.split("\n")
        lines.append(marker + first)
        lines.extend("    " + line if line else "" for line in rest)
    return "\n".join(lines) if lines else None


def _definitions(node: Tag, state: _State) -> list[str]:
    """A definition list as a term in bold and its description: works
    whether or not the site has the ``def_list`` extension."""
    blocks: list[str] = []
    for child in node.children:
        if not isinstance(child, Tag):
            continue
        text = _paragraph(_inline(child.children, state))
        if not text:
            continue
        blocks.append(f"**{text}**" if child.name == "dt" else text)
    return blocks


def _cell(cell: Tag, state: _State) -> str:
    """A table cell on one line: its paragraphs and list items joined with
    line breaks, pipes escaped."""
    parts: list[str] = []
    for block in _blocks(cell.children, state):
        for line in re.split(r" *\n", block):
            stripped = line.strip()
            if stripped and stripped != _LIST_SEPARATOR:
                parts.append(re.sub(r"^(?:- |\d+\. )", "• ", stripped))
    return "<br>".join(parts).replace("|", "\\|")


# --- inline ------------------------------------------------------------------


def _inline(nodes: Iterable[PageElement], state: _State, *, emphasis: bool = True) -> str:
    out: list[str] = []
    for node in nodes:
        if isinstance(node, Comment):
            continue
        if isinstance(node, NavigableString):
            out.append(escape_text(_SPACE.sub(" ", str(node))))
            continue
        if not isinstance(node, Tag):
            continue
        name = node.name
        if name == "br":
            out.append(BREAK)
        elif name in _STRONG or name in _EMPHASIS:
            inner = _inline(node.children, state, emphasis=emphasis)
            marker = "**" if name in _STRONG else "*"
            out.append(_wrap(inner, marker) if emphasis else inner)
        elif name == "a":
            out.append(_link(node, state, emphasis))
        elif name == "img":
            out.append(_image(node, state))
        elif name == "code":
            out.append(_code(node.get_text()))
        elif name == "sup" and node.has_attr("data-footnote"):
            out.append(_footnote_reference(str(node["data-footnote"]), state))
        elif name in BLOCKS or name == "li":
            out.append("\n" + "\n".join(_blocks([node], state)) + "\n")
        else:  # span, u, s, sup, sub, font, ...: the text, not the formatting
            out.append(_inline(node.children, state, emphasis=emphasis))
    return "".join(out)


def _wrap(inner: str, marker: str) -> str:
    """``**text**`` with surrounding spaces moved outside the markers."""
    if not inner.strip():
        return inner
    lead = inner[: len(inner) - len(inner.lstrip())]
    trail = inner[len(inner.rstrip()) :]
    core = inner.strip()
    for separator in ("\n", BREAK):  # emphasis cannot span a break: mark each line
        if separator in core:
            parts = core.split(separator)
            return lead + separator.join(_wrap(part, marker) for part in parts) + trail
    return f"{lead}{marker}{core}{marker}{trail}"


def _code(text: str) -> str:
    text = _SPACE.sub(" ", text)
    if not text.strip():
        return text
    ticks = "`"
    while ticks in text:
        ticks += "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def _link(node: Tag, state: _State, emphasis: bool) -> str:
    text = _inline(node.children, state, emphasis=emphasis).strip()
    href = node.get("href")
    target = state.options.link_target(str(href)) if isinstance(href, str) else None
    if target is None:
        return text
    if not text:
        text = escape_text(target)
    text = _single_line(text)
    if text == escape_text(target) and re.match(r"https?://", target):
        return f"<{target}>"
    return f"[{text}]({link_destination(target)})"


def _image(node: Tag, state: _State) -> str:
    target = state.options.image_target(node)
    if target is None:
        return ""
    alt = _SPACE.sub(" ", str(node.get("alt") or "")).strip()
    return f"![{escape_text(alt)}]({link_destination(target)})"


def _footnote_reference(key: str, state: _State) -> str:
    number = state.footnote_numbers.setdefault(key, len(state.footnote_numbers) + 1)
    return f"[^{number}]" if state.options.footnotes else f"<sup>{number}</sup>"
