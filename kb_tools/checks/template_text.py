"""KB112: the example text of a ``kb new`` template still in a page that is
published, such as "1. Första steget: vem gör vad, och när." — it checks
clean otherwise, and would reach every reader as if it were the routine.

The sentences come from the templates themselves
(:data:`kb_tools.authoring.scaffold.TEMPLATES`), so a changed template is
recognised without a list kept here. Drafts are left alone: they are being
written."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from datetime import date

from ..authoring.scaffold import TEMPLATES
from ..diagnostics import Diagnostic, finding
from ..i18n import msg, msg_n
from ..model import Bank, Document

# A list item's marker: the sentence after it is what is compared.
_MARKER = re.compile(r"^(?:\d+[.)]|[-*+])\s+")


def check(bank: Bank, today: date) -> Iterator[Diagnostic]:
    for doc in bank.documents:
        if doc.readable and doc.is_published:
            yield from _template_text(doc)


@functools.cache
def placeholders() -> frozenset[str]:
    """Every example sentence of the templates: the body's lines that are
    neither headings nor filled in by ``kb new``, and the summaries."""
    sentences: set[str] = set()
    for template in TEMPLATES.values():
        _, front, body = template.split("---\n", 2)
        for line in front.splitlines():
            if line.startswith("summary: "):
                sentences.add(line.removeprefix("summary: ").strip())
        for line in body.splitlines():
            sentence = _sentence(line)
            if sentence and not sentence.startswith("#") and "{" not in sentence:
                sentences.add(sentence)
    return frozenset(sentences)


def _sentence(line: str) -> str:
    return _MARKER.sub("", line.strip()).strip()


def _template_text(doc: Document) -> Iterator[Diagnostic]:
    known = placeholders()
    found: list[tuple[int, int, str]] = []
    summary = doc.meta.summary
    if isinstance(summary, str) and summary.strip() in known:
        position = doc.front_matter.value_position(("summary",))
        found.append((position.line, position.column, summary.strip()))
    for offset, written in enumerate(doc.body.splitlines()):
        sentence = _sentence(written)
        if sentence in known:
            found.append((doc.body_line + offset, written.index(sentence) + 1, sentence))
    if not found:
        return
    line, column, first = found[0]
    yield finding(
        "KB112",
        doc.path,
        line,
        column,
        msg_n(
            "the page still holds the example text of its kb new template: '{text}'",
            "the page still holds {n} lines of example text from its kb new template, "
            "the first '{text}'",
            len(found),
            text=first,
        ),
        msg("write the page's own text in their place, or remove them"),
    )
