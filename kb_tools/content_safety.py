"""Personal data and code in a page: found in the file alone, when it is read.

KB401 (a Swedish personal identity number anywhere in the file) and KB402
(raw HTML that can run code) need nothing but the file, so the loader runs
them with the front-matter checks, in parallel on large banks, and keeps the
findings with the parsed page in the document cache.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from . import personnummer
from .diagnostics import Diagnostic, finding

_FENCE = re.compile(r"^(?:[ \t]*>)*[ \t]*(`{3,}|~{3,})")  # also inside block quotes
_INLINE_CODE = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_DANGEROUS = (
    (re.compile(r"<\s*script\b", re.I), "a <script> element"),
    (re.compile(r"<\s*iframe\b", re.I), "an <iframe> element"),
    (re.compile(r"<\s*(?:object|embed)\b", re.I), "an <object>/<embed> element"),
    (re.compile(r"<[a-z][^<>]*?\son[a-z]+\s*=", re.I), "an on* event handler attribute"),
    (
        re.compile(
            r"(?:\]\(\s*<?|\bhref\s*=\s*[\"']?\s*|\bsrc\s*=\s*[\"']?\s*|<)(?P<at>javascript:)", re.I
        ),
        "a javascript: URL",
    ),
)


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def identity_numbers(path: str, text: str) -> Iterator[Diagnostic]:
    """KB401: a personnummer or samordningsnummer anywhere in the file."""
    for match in personnummer.find(text):
        line_start = text.rfind("\n", 0, match.start) + 1
        before = text[line_start : match.start]
        if before.rstrip().endswith("tel:") or re.match(r"\s*-?\s*phone\s*:", before):
            continue
        line, column = _line_col(text, match.start)
        kind = "samordningsnummer" if match.coordination else "personnummer"
        masked = match.text[:-4] + "XXXX"
        yield finding(
            "KB401",
            path,
            line,
            column,
            f"a Swedish personal identity number ({kind}) {masked} must not be in the bank",
            "remove it: the bank is read by all staff and kept in git history; "
            "refer to the journal system instead",
        )


def _masked(text: str) -> str:
    """The whole file with code blocks, code spans and comments blanked out,
    offsets and line numbers unchanged."""
    text = _COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
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
        lines[index] = _INLINE_CODE.sub(lambda m: " " * len(m.group(0)), line)
    return "\n".join(lines)


def unsafe_html(path: str, text: str, body_line: int) -> Iterator[Diagnostic]:
    """KB402: markup in the body (from line *body_line* on) that would run
    code in the reader's browser."""
    start = 0
    for _ in range(body_line - 1):
        start = text.find("\n", start) + 1
    body = text[start:]
    if "<" not in body and "script:" not in body.lower():  # far faster than the patterns
        return
    text = _masked(text)
    for pattern, what in _DANGEROUS:
        for match in pattern.finditer(text, start):
            at = match.start("at") if "at" in pattern.groupindex else match.start()
            line, column = _line_col(text, at)
            yield finding(
                "KB402",
                path,
                line,
                column,
                f"raw HTML that can run code: {what}",
                "remove it; embed nothing that runs in the reader's browser "
                "(link to the page instead)",
            )
