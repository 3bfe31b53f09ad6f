"""Tables a screen reader can read: header cells that say what they head
and, on the pages kb generates, a caption naming each table and the first
cell of each row as that row's header.

Python-Markdown's tables have neither captions nor scopes, and Markdown has
no way to write them, so the rendered HTML is completed here; the links in
the cells stay the engine's, resolved and checked like any other. The
generated pages say which tables they hold (:class:`Table`, in page order),
so nothing in a page's text can ask for a caption.

Used by :class:`~kb_tools.site.assembly.Site`: :func:`header_scopes` on every
page, :func:`describe` on the generated pages and the glossary's term table.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..text.escaping import html_text


@dataclass(frozen=True)
class Table:
    """What a generated table is: its caption (plain text) and whether its
    first column names each row (an organisation, an agreement, a term)."""

    caption: str
    row_headers: bool = True


# What Python-Markdown writes, and what an editor's HTML may add: attributes
# on any tag. Markdown tables do not nest.
_TABLE = re.compile(r"<table(?=[\s>])[^>]*>.*?</table>", re.S)
_THEAD = re.compile(r"<thead(?=[\s>])[^>]*>.*?</thead>", re.S)
_TBODY = re.compile(r"<tbody(?=[\s>])[^>]*>.*?</tbody>", re.S)
_HEADER_CELL = re.compile(r"<th(?=[\s>])(?![^>]*\sscope=)")
_FIRST_CELL = re.compile(r"(<tr(?=[\s>])[^>]*>\s*)<td(?=[\s>])([^>]*)>(.*?)</td>", re.S)
_TABLE_START = re.compile(r"<table(?=[\s>])[^>]*>")


def header_scopes(html: str) -> str:
    """Every header cell in a table head gets ``scope="col"``."""
    return _THEAD.sub(lambda head: _HEADER_CELL.sub('<th scope="col"', head.group(0)), html)


def describe(html: str, tables: Sequence[Table], *, last: bool = False) -> str:
    """*html* with the first ``len(tables)`` tables (the last ones with
    *last*) captioned and, where asked, their rows headed by their first cell."""
    if not tables:
        return html
    found = list(_TABLE.finditer(html))
    chosen = found[-len(tables):] if last else found[: len(tables)]
    if last:
        tables = tables[-len(chosen):] if chosen else ()
    out = []
    position = 0
    for match, table in zip(chosen, tables, strict=False):
        out.append(html[position : match.start()])
        out.append(_described(match.group(0), table))
        position = match.end()
    out.append(html[position:])
    return "".join(out)


def _described(table_html: str, table: Table) -> str:
    start = _TABLE_START.match(table_html)
    assert start is not None  # _TABLE matched it
    caption = f"\n<caption>{html_text(table.caption)}</caption>"
    result = table_html[: start.end()] + caption + table_html[start.end() :]
    if table.row_headers:
        result = _TBODY.sub(lambda body: _FIRST_CELL.sub(_row_header, body.group(0)), result)
    return result


def _row_header(cell: re.Match[str]) -> str:
    return f'{cell.group(1)}<th scope="row"{cell.group(2)}>{cell.group(3)}</th>'
