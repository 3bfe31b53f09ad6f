"""Untrusted text made safe for each place it is written.

Every value in a bank — front matter, file names, ``mkdocs.yml`` — may come
from a stranger's pull request, so writers escape at the point of output with
the function for that output:

- :func:`printable` — a terminal line, a log line, a report line: control
  characters, line separators and bidirectional overrides become visible
  escapes, so a value can never start a line of its own (``kb check``,
  ``kb review``).
- :func:`one_line` — a single line of plain text (table cells, front
  matter of generated pages): line breaks of every kind become spaces.
- :func:`plain_lines` — text for formats that escape newlines themselves
  (vCard, iCalendar): every kind of line break becomes one newline.
- :func:`html_text` — text inside HTML elements or quoted attributes.
- :func:`markdown_text` and :func:`markdown_url` — text and link targets in
  Markdown the site engine renders (Python-Markdown and its extensions):
  nothing in the value can become a link, an autolink, emphasis, raw HTML,
  an entity or an attribute list.
- :func:`gfm_text` and :func:`gfm_code` — the same for GitHub-flavoured
  Markdown (pull-request comments, tracking issues).
- :func:`safe_url` — a link target from front matter: only schemes that
  cannot run code.
"""

from __future__ import annotations

import html
import re
from urllib.parse import quote, urlsplit

# What str.splitlines() splits on: the characters some reader somewhere
# takes for the end of a line.
LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


# Lone surrogates: a file name's bytes that are not UTF-8, as Python reads
# them (U+DC80-U+DCFF for the bytes 0x80-0xFF), which no encoder can write.
_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f" + re.escape(LINE_BREAKS + _BIDI) + "\ud800-\udfff]"
)


def _visible(match: re.Match[str]) -> str:
    char = match.group(0)
    named = _NAMED.get(char)
    if named:
        return named
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"  # the byte the name holds
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(text: str) -> str:
    """*text* for one line of a terminal or a log: every control character,
    line or paragraph separator and bidirectional override is shown as an
    escape (``\\n``, ``\\x1b``, ``\\u2028``), so a value from a file can
    neither start a line of its own nor reorder what is shown around it. A
    byte of a file name that is not UTF-8 is shown as ``\\xe5``."""
    return _UNPRINTABLE.sub(_visible, text)


_WHITESPACE_RUN = re.compile(r"\s+")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f" + re.escape(_BIDI) + "]")


def one_line(text: str) -> str:
    """*text* as a single line: every kind of line break and run of white
    space becomes one space; other control characters are dropped."""
    return _WHITESPACE_RUN.sub(" ", _CONTROL.sub("", text)).strip()


_LINE_BREAK = re.compile(r"\r\n|[" + re.escape(LINE_BREAKS) + "]")
_CONTROL_BUT_NEWLINE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f" + re.escape(_BIDI) + "]")


def plain_lines(text: str) -> str:
    """*text* with every kind of line break written as ``\\n`` and other
    control characters dropped: for formats that escape ``\\n`` themselves
    (vCard, iCalendar) but whose readers may split lines on CR alone, VT,
    FF, NEL or U+2028. A tab becomes a space."""
    return _CONTROL_BUT_NEWLINE.sub("", _LINE_BREAK.sub("\n", text.replace("\t", " ")))


def html_text(text: str) -> str:
    """*text* for HTML element content or a quoted attribute value."""
    return html.escape(text, quote=True)


SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
WEB_SCHEMES = frozenset({"http", "https"})

# Characters that mean something to Python-Markdown, to the extensions a bank
# may enable (attr_list, abbr, tables, footnotes, pymdownx.*) or to HTML; each
# is written as a numeric character reference, which the engine passes through
# as text and the browser shows as the character itself.
# Brackets are enough to stop links, so parentheses stay; a colon only
# matters in "://" (autolinks, when magiclink is enabled), a dot in "www.".
_MARKDOWN_SPECIAL = re.compile(r"""[\\`*_{}\[\]<>#+!|~^=$@&"']|:(?=/)|(?<=www)\.""", re.I)


def markdown_text(text: str) -> str:
    """*text* as literal inline text in Markdown rendered by the site engine
    (table cells, headings, list items, link text)."""
    return _MARKDOWN_SPECIAL.sub(lambda m: f"&#{ord(m.group(0))};", one_line(text))


def markdown_url(url: str) -> str:
    """A link target for Markdown, percent-encoded so that it cannot end the
    link early or hold markup. Only a safe scheme (:data:`SAFE_SCHEMES`)
    keeps its colon; anything else is a path (``javascript%3A…``)."""
    scheme, colon, rest = url.partition(":")
    if colon and scheme.lower() in SAFE_SCHEMES:
        return f"{scheme}:{quote(rest, safe='/:@+#?=&%')}"
    return quote(url, safe="/")


# GitHub-flavoured Markdown lets any ASCII punctuation be escaped with a
# backslash; these are the ones that can start something inside a line
# (emphasis, code, links and images, HTML, cells, strikethrough, math,
# entities, autolinks).
_GFM_SPECIAL = re.compile(r"""[\\`*_\[\]<>|~$&]|:(?=/)|(?<=www)\.""", re.I)


def gfm_text(text: str) -> str:
    """*text* as literal inline text in GitHub-flavoured Markdown (a
    pull-request comment, an issue body), fit for a table cell."""
    return _GFM_SPECIAL.sub(lambda m: "\\" + m.group(0), printable(text))


def gfm_code(text: str) -> str:
    """*text* as a GitHub code span, whatever backticks it holds; ``|`` is
    escaped so that the span also fits in a table cell."""
    text = printable(text).replace("|", "\\|")
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    padding = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{padding}{text}{padding}{fence}"


def safe_url(url: str, schemes: frozenset[str] = SAFE_SCHEMES) -> str | None:
    """*url* when a browser would open it with one of *schemes*, else None.

    The scheme is read the way a browser reads it: character references
    decoded, tabs and line breaks removed, leading control characters and
    spaces ignored, letters in any case.
    """
    scheme = url_scheme(url)
    return url if scheme in schemes else None


def url_scheme(url: str) -> str:
    """The scheme a browser would see in *url* (``""`` for a relative URL)."""
    if ":" not in url and "&" not in url:
        return ""  # no colon, not even one written as a character reference
    cleaned = re.sub(r"[\t\n\r]", "", html.unescape(url)).lstrip("".join(map(chr, range(33))))
    try:
        return urlsplit(cleaned).scheme.lower()
    except ValueError:
        return "invalid"
