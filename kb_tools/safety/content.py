"""Personal data and code in a page: found in the file alone, when it is read.

KB401 (a Swedish personal identity number anywhere in the file) and KB402
(markup that can run code, in the body or in a front-matter value) need
nothing but the file, so the loader runs them with the front-matter checks,
in parallel on large banks, and keeps the findings with the parsed page in
the document cache. KB402 is advice: the site cleans and escapes whatever
it finds regardless (``kb_tools.site.sanitize``).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from typing import Any, NamedTuple

from ..diagnostics import Diagnostic, finding
from ..fields.validation import describe_path
from ..front_matter import FrontMatter, Position
from ..front_matter import Path as KeyPath
from ..i18n import Message, msg
from ..text.escaping import url_scheme
from . import personnummer

_FENCE = re.compile(r"^(?:[ \t]*>)*[ \t]*(`{3,}|~{3,})")  # also inside block quotes

_ELEMENTS = {
    "script": msg("a <script> element"),
    "iframe": msg("an <iframe> element"),
    "frame": msg("a <frame> element"),
    "frameset": msg("a <frame> element"),
    "object": msg("an <object>/<embed> element"),
    "embed": msg("an <object>/<embed> element"),
    "applet": msg("an <object>/<embed> element"),
    "base": msg("a <base> element (it redirects the page's links and scripts)"),
    "meta": msg("a <meta> element (it can redirect the page)"),
}
_HANDLER = msg("an on* event handler attribute")
# Attributes a browser follows as a URL (or animates into one).
_URL_ATTRIBUTES = frozenset({
    "action", "background", "by", "cite", "codebase", "data", "dynsrc", "formaction",
    "from", "href", "icon", "lowsrc", "manifest", "ping", "poster", "src", "srcset", "to",
    "values", "xlink:href",
})
_RUNNING_SCHEMES = frozenset({"javascript", "vbscript", "data"})
_EVENT_HANDLER = re.compile(r"on[a-z]+")

_TAG = re.compile(r"<(?P<name>[a-zA-Z][^\s/>]*)")
# One attribute as the HTML tokenizer reads it: separated by white space or
# '/', a value quoted with either quote or not at all.
_ATTRIBUTE = re.compile(
    r"""[\s/]*(?P<name>[^\s/>=]+)(?:\s*=\s*(?P<value>"[^"]*"?|'[^']*'?|[^\s>]*))?"""
)
_ATTR_LIST = re.compile(r"\{:?(?P<body>[^{}\n]*)\}")
_LINK_TARGET = re.compile(r"\]\(\s*<?(?P<url>[^\s)>]*)")
_REFERENCE = re.compile(
    r"^[ ]{0,3}\[[^\]\n]+\]:[ \t]*(?:\n[ \t]*)?<?(?P<url>\S*)", re.MULTILINE
)
_BARE_SCHEME = re.compile(r"<(?P<url>(?:javascript|vbscript|data):)", re.IGNORECASE)


class _Hit(NamedTuple):
    offset: int
    what: Message

    @property
    def order(self) -> tuple[int, str]:
        return self.offset, self.what.english


def _running_url(value: str, attribute: str = "href") -> Message | None:
    """What is wrong with *value* as a URL, if a browser would run it."""
    scheme = url_scheme(value)
    if scheme not in _RUNNING_SCHEMES:
        return None
    if scheme == "data":
        media = value.split(":", 1)[-1].lstrip().lower()
        if attribute in ("src", "srcset") and media.startswith("image/") and "svg" not in media:
            return None  # a picture, shown as a picture
    return msg("a {scheme}: URL", scheme=scheme)


def _attributes(text: str, start: int, end: int | None = None) -> Iterator[_Hit]:
    """Handlers and running URLs among the attributes from *start* up to the
    end of the tag (or *end*)."""
    end = len(text) if end is None else end
    position = start
    while position < end:
        match = _ATTRIBUTE.match(text, position, end)
        if match is None or match.end() == position:
            break
        position = match.end()
        name = match.group("name").lower()
        value = match.group("value")
        if name.startswith(">") or name.startswith("<"):
            break
        if _EVENT_HANDLER.fullmatch(name):
            # Only with a value: 'onsdag' in "{onsdag eller torsdag}" is a
            # word, and a handler without code runs nothing.
            if value is not None:
                yield _Hit(match.start("name"), _HANDLER)
        elif name == "attributename" and value and value.strip("\"'").lower().startswith("on"):
            yield _Hit(match.start("value"), _HANDLER)
        elif name.lstrip(".#") in _URL_ATTRIBUTES and value:
            what = _running_url(value.strip("\"'"), name)
            if what:
                yield _Hit(match.start("value") + (value[:1] in "\"'"), what)
        if position < end and text[position] == ">":
            break


def _scan(text: str, masked: str) -> Iterator[_Hit]:
    """Everything in *text* that would run, found where *masked* (the same
    text with code and comments blanked out) still shows markup."""
    for match in _TAG.finditer(masked):
        name = match.group("name").lower()
        if name in _ELEMENTS:
            yield _Hit(match.start(), _ELEMENTS[name])
        # Attributes are read from the text itself: a backtick inside a
        # tag does not make a code span of the tag's attributes.
        yield from _attributes(text, match.end())
    for match in _ATTR_LIST.finditer(masked):
        yield from _attributes(text, match.start("body"), match.end("body"))
    for pattern in (_LINK_TARGET, _REFERENCE, _BARE_SCHEME):
        for match in pattern.finditer(masked):
            what = _running_url(match.group("url"))
            if what:
                yield _Hit(match.start("url"), what)


class _Lines:
    """Line and column of offsets in one text; each lookup is a binary
    search, so a page with many findings costs no more than its length."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def start_of(self, offset: int) -> int:
        return self.starts[bisect.bisect_right(self.starts, offset) - 1]

    def line_col(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self.starts, offset) - 1
        return index + 1, offset - self.starts[index] + 1


_PHONE_KEY = re.compile(r"\s*-?\s*phone\s*:")


def identity_numbers(path: str, text: str) -> Iterator[Diagnostic]:
    """KB401: a personnummer or samordningsnummer anywhere in the file."""
    lines: _Lines | None = None
    for match in personnummer.find(text):
        lines = lines or _Lines(text)
        line_start = lines.start_of(match.start)
        if _after_tel(text, line_start, match.start) or _PHONE_KEY.match(
            text, line_start, match.start
        ):
            continue
        # 0701740607: a mobile number written without spaces is also ten
        # digits with a valid check digit one time in ten.
        like_phone = match.text.startswith("0") and match.text.isdigit() and len(match.text) == 10
        before = text[max(line_start, match.start - 40) : match.start]
        if like_phone and _said_to_be_a_phone(before):
            continue
        line, column = lines.line_col(match.start)
        kind = "samordningsnummer" if match.coordination else "personnummer"
        masked = match.text[:-4] + "XXXX"
        yield finding(
            "KB401",
            path,
            line,
            column,
            msg(
                "a Swedish personal identity number ({kind}) {number} must not be in the bank",
                kind=kind,
                number=masked,
            ),
            _PHONE_HINT if like_phone else _IDENTITY_HINT,
        )


_IDENTITY_HINT = msg(
    "remove it: the bank is read by all staff and kept in git history; "
    "refer to the journal system instead"
)
_PHONE_HINT = msg(
    "remove it: the bank is read by all staff and kept in git history; if it is a phone "
    "number, write it as phone numbers are written (070-174 06 05) or say so before it "
    "('ring', 'tel', 'mobil')"
)
# Words that say the number after them is a phone number, and words that say
# it is not (they win).
_PHONE_WORDS = frozenset({
    "ring", "ringer", "ringa", "tel", "tfn", "telefon", "telefonnummer", "mobil",
    "mobilnummer", "mobiltelefon", "nummer", "nr", "sms", "sms:a", "växel", "växeln",
    "fax", "phone", "mobile",
})
_IDENTITY_WORDS = frozenset({
    "personnummer", "pnr", "personnr", "samordningsnummer", "födelsenummer", "född", "id",
})
_LETTERS = re.compile(r"[^\W\d_]+(?::a)?")


def _said_to_be_a_phone(before: str) -> bool:
    """Whether the last few words before a number on its line say it is a
    phone number ("ring 0701740607", "Mobil: 0701740607")."""
    near = [w.lower() for w in _LETTERS.findall(before)][-3:]
    return bool(_PHONE_WORDS.intersection(near)) and not _IDENTITY_WORDS.intersection(near)


def _after_tel(text: str, line_start: int, offset: int) -> bool:
    """Whether ``tel:`` (and maybe spaces) comes right before *offset* on its line."""
    end = offset
    while end > line_start and text[end - 1].isspace():
        end -= 1
    return end - 4 >= line_start and text.startswith("tel:", end - 4)


def _blank_comments(text: str) -> str:
    """*text* with its HTML comments blanked out, read as a browser reads
    them ("<!-->" and "<!--->" end at once, "--!>" ends one too): what
    substituting ``<!--(?:-?>|.*?--!?>)`` gives, but in linear time where
    that pattern is quadratic on many unclosed comments. Once no ``-->`` or
    ``--!>`` follows, no later comment can close either."""
    parts = []
    position = 0
    while (opening := text.find("<!--", position)) >= 0:
        inside = opening + 4
        if text.startswith(">", inside) or text.startswith("->", inside):
            closing = text.index(">", inside) + 1
        else:
            ends = [e for e in (text.find("-->", inside), text.find("--!>", inside)) if e >= 0]
            if not ends:
                break
            closing = text.index(">", min(ends)) + 1
        parts += [text[position:opening], _BLANK.sub(" ", text[opening:closing])]
        position = closing
    parts.append(text[position:])
    return "".join(parts)


_BLANK = re.compile(r"[^\n]")
_BACKTICKS = re.compile(r"`+")


def _blank_code_spans(line: str) -> str:
    r"""*line* with its code spans blanked out, as substituting the pattern
    ``(`+)(?!`).*?(?<!`)\1(?!`)`` does (an opening may start inside a run of
    backticks; the span ends at the next run of exactly its length), but in
    linear time where the pattern is quadratic on a long line of unmatched
    backticks."""
    if "`" not in line:
        return line
    runs = [(m.start(), m.end() - m.start()) for m in _BACKTICKS.finditer(line)]
    by_length: dict[int, list[int]] = {}
    for number, (_start, length) in enumerate(runs):
        by_length.setdefault(length, []).append(number)
    out = list(line)
    number = 0
    while number < len(runs):
        start, length = runs[number]
        closing = opening = -1
        for size in range(length, 0, -1):  # openings later in the run are shorter
            later = by_length.get(size, [])
            found = bisect.bisect_right(later, number)
            if found < len(later):
                closing, opening = later[found], start + length - size
                break
        if closing < 0:
            number += 1
            continue
        end = runs[closing][0] + runs[closing][1]
        out[opening:end] = " " * (end - opening)
        number = closing + 1
    return "".join(out)


def _masked(text: str) -> str:
    """The whole file with code blocks, code spans and comments blanked out,
    offsets and line numbers unchanged."""
    text = _blank_comments(text)
    lines = text.split("\n")
    fence: str | None = None
    for index, line in enumerate(lines):
        opening = _FENCE.match(line)
        if fence is not None:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
            lines[index] = " " * len(line)
            continue
        if opening:
            fence = opening.group(1)
            lines[index] = " " * len(line)
            continue
        lines[index] = _blank_code_spans(line)
    return "\n".join(lines)


_HINT = msg(
    "remove it; embed nothing that runs in the reader's browser (link to the page instead)"
)
_VALUE_HINT = msg(
    "remove it: front-matter values are shown as plain text, so markup is never needed"
)


def unsafe_html(path: str, text: str, body_line: int) -> Iterator[Diagnostic]:
    """KB402: markup in the body (from line *body_line* on) that would run
    code in the reader's browser: elements that run or load code, event
    handlers (in tags and in attribute lists), and links, references, forms
    and attributes whose URL a browser would run (``javascript:``,
    ``vbscript:``, ``data:``), however the scheme is written."""
    start = 0
    for _ in range(body_line - 1):
        start = text.find("\n", start) + 1
    body = text[start:]
    if "<" not in body and "{" not in body and "](" not in body and "]:" not in body:
        return  # nothing that could hold markup or a link: far faster than the scan
    masked = _masked(text)
    hits = {hit for hit in _scan(text, masked) if hit.offset >= start}
    if not hits:
        return
    lines = _Lines(text)
    for hit in sorted(hits, key=lambda hit: hit.order):
        line, column = lines.line_col(hit.offset)
        message = msg("raw HTML that can run code: {what}", what=hit.what)
        yield finding("KB402", path, line, column, message, _HINT)


def unsafe_values(
    path: str, text: str, front_matter: FrontMatter, body_line: int
) -> Iterator[Diagnostic]:
    """KB402 for front matter: a value holding markup or a URL that would run
    if it were printed unescaped (the site escapes it anyway)."""
    if not front_matter.present:
        return
    lines = _Lines(text)
    line_starts = lines.starts
    front_end = line_starts[min(body_line, len(line_starts)) - 1]
    positions = sorted(
        {_offset(line_starts, p) for p in (*front_matter.key_positions.values(),
                                             *front_matter.value_positions.values())}
    )
    for key_path, value in _strings(front_matter.data, ()):
        hits = set(_scan(value, value))
        # A whole value that is a URL ("javascript:…", not "JavaScript: …").
        _, colon, rest = value.strip().partition(":")
        if colon and rest[:1] and not rest[:1].isspace():
            what = _running_url(value.strip())
            if what:
                hits.add(_Hit(0, what))
        if not hits:
            continue
        value_start = _offset(line_starts, front_matter.value_position(key_path))
        after = bisect.bisect_right(positions, value_start)
        bound = positions[after] if after < len(positions) else front_end
        for hit in sorted(hits, key=lambda hit: hit.order):
            # Where the markup is in the file: the same characters after the
            # value's start, else (quoted with escapes) the value's start.
            snippet = value[hit.offset : hit.offset + 8]
            found = text.find(snippet, value_start, max(bound, value_start + len(snippet)))
            line, column = lines.line_col(found if found >= 0 else value_start)
            yield finding(
                "KB402",
                path,
                line,
                column,
                msg(
                    "raw HTML that can run code in {where}: {what}",
                    where=describe_path(key_path),
                    what=hit.what,
                ),
                _VALUE_HINT,
            )


def _offset(line_starts: list[int], position: Position) -> int:
    index = min(max(position.line, 1), len(line_starts)) - 1
    return line_starts[index] + max(position.column, 1) - 1


def _strings(value: Any, path: KeyPath) -> Iterator[tuple[KeyPath, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*path, str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*path, index))
