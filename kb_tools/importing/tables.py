"""Tables as pipe tables: merged cells laid out on a grid, layout tables
unwrapped.

Word and old intranet pages merge cells (``colspan``/``rowspan``), which a
pipe table cannot. The grid repeats a cell merged over rows in each of its
rows, so every row still reads complete, and leaves the extra columns of a
cell merged over columns empty. :func:`merged_cells` counts them, for the
report. A table of one column is a box drawn around text, not data: its
content is written as ordinary blocks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from bs4 import Tag
from bs4.element import PageElement

MAX_SPAN = 100  # a span larger than this is a broken file, not a layout


def rows(table: Tag) -> Iterator[Tag]:
    """The table's own rows (never those of a table nested in a cell)."""
    for child in table.children:
        if not isinstance(child, Tag):
            continue
        if child.name == "tr":
            yield child
        elif child.name in ("thead", "tbody", "tfoot"):
            yield from (row for row in child.children if isinstance(row, Tag) and row.name == "tr")


def cells(row: Tag) -> list[Tag]:
    return [cell for cell in row.children if isinstance(cell, Tag) and cell.name in ("td", "th")]


def span(cell: Tag, name: str) -> int:
    try:
        value = int(str(cell.get(name) or 1))
    except ValueError:
        return 1
    return min(max(value, 1), MAX_SPAN)


def merged_cells(table: Tag) -> int:
    """How many cells of *table* are merged over rows or columns."""
    return sum(
        1
        for row in rows(table)
        for cell in cells(row)
        if span(cell, "colspan") > 1 or span(cell, "rowspan") > 1
    )


def is_layout(table: Tag) -> bool:
    """A one-column table is a frame around text (common in Word)."""
    widths = [sum(span(cell, "colspan") for cell in cells(row)) for row in rows(table)]
    return bool(widths) and max(widths) <= 1


def grid(table: Tag) -> list[list[Tag | None]]:
    """The table's cells on a grid: a merged cell fills every slot it covers
    over rows; slots it covers over columns stay empty (``None``)."""
    result: list[list[Tag | None]] = []
    pending: dict[int, tuple[Tag, int]] = {}  # column -> (cell, rows still covered)
    for row in rows(table):
        line: list[Tag | None] = []
        for cell in cells(row):
            _fill_covered(line, pending)
            width, height = span(cell, "colspan"), span(cell, "rowspan")
            if height > 1:
                pending[len(line)] = (cell, height - 1)
            line.append(cell)
            line.extend([None] * (width - 1))
        _fill_covered(line, pending)
        result.append(line)
    width = max((len(line) for line in result), default=0)
    return [line + [None] * (width - len(line)) for line in result]


def _fill_covered(line: list[Tag | None], pending: dict[int, tuple[Tag, int]]) -> None:
    """Add the slots that cells merged from rows above cover at this point."""
    while len(line) in pending:
        column = len(line)
        cell, left = pending[column]
        line.append(cell)
        line.extend([None] * (span(cell, "colspan") - 1))
        if left <= 1:
            del pending[column]
        else:
            pending[column] = (cell, left - 1)


def table_markdown(
    table: Tag,
    cell_text: Callable[[Tag], str],
    blocks: Callable[[list[PageElement]], list[str]],
) -> str | list[str] | None:
    if is_layout(table):
        return [block for row in rows(table) for cell in cells(row) for block in blocks(list(cell))]
    lines = [[cell_text(cell) if cell is not None else "" for cell in line] for line in grid(table)]
    lines = [line for line in lines if any(text.strip() for text in line)]
    if not lines:
        return None
    header, *body = lines
    out = [_row(header), "| " + " | ".join("---" for _ in header) + " |"]
    out.extend(_row(line) for line in body)
    return "\n".join(out)


def _row(texts: list[str]) -> str:
    return "| " + " | ".join(texts) + " |"
