"""The HTML of a document made ready for the Markdown writer.

Both readers hand over HTML; this module does what every import needs
before writing: the title is chosen (and leaves the body, so the page has
one H1), headings lose manual numbering ("1.2 Ansvar") and move down so the
body starts at H2, mammoth's footnotes become references the writer
numbers, runs Word split in two (``<strong>An</strong><strong>svar</strong>``)
are joined, tables nested in cells are flattened, and merged table cells are
counted for the report.

Used by :mod:`.run`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bs4 import Tag

from .docx import FOOTNOTE_PREFIX
from .markdown_writer import HEADINGS
from .tables import cells, merged_cells, rows

_NUMBERED = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2})*)(\.?)\s+(?=\S)")
_INLINE_MERGEABLE = ("strong", "b", "em", "i")


@dataclass
class Prepared:
    title: str | None
    footnotes: dict[str, Tag] = field(default_factory=dict)
    merged_cells: int = 0
    tables_with_merged_cells: int = 0


def text_of(element: Tag) -> str:
    return " ".join(element.get_text(" ").split())


def _same(a: str, b: str) -> bool:
    return a.casefold().strip(" .:") == b.casefold().strip(" .:")


def prepare(root: Tag, property_title: str | None, *, heading_first: bool = False) -> Prepared:
    """Clean *root* in place and choose the page title.

    The title is the document's title property, else the first heading (for
    web pages, whose ``<title>`` carries the site's name, the first heading
    comes first). The heading or title paragraph that repeats it is removed.
    """
    footnotes = _footnotes(root)
    headings = list(root.find_all(HEADINGS))
    numbered = _strip_numbering(headings)
    title_paragraphs = root.find_all("p", class_="kb-title")
    # A numbered heading ("1. Syfte") opens a section; it is never the title.
    unnumbered = [h for h in headings if text_of(h) and not any(h is n for n in numbered)]
    first_heading = next((h for h in unnumbered if h.name == "h1"), None) or next(
        iter(unnumbered), None
    )
    candidates = [
        text_of(title_paragraphs[0]) if title_paragraphs else None,
        text_of(first_heading) if first_heading is not None else None,
    ]
    if heading_first:
        candidates.append(property_title)
    else:
        candidates.insert(0, property_title)
    title = next((c for c in candidates if c), None)
    for paragraph in title_paragraphs:
        if title and _same(text_of(paragraph), title):
            paragraph.decompose()
            break
    else:
        if title and first_heading is not None and _same(text_of(first_heading), title):
            first_heading.decompose()
    for paragraph in root.find_all("p", class_="kb-title"):
        del paragraph["class"]
    _shift_headings(root)
    _join_split_runs(root)
    merged = tables = 0
    for table in root.find_all("table"):
        count = merged_cells(table)
        merged += count
        tables += 1 if count else 0
    _flatten_nested_tables(root)
    return Prepared(title, footnotes, merged, tables)


def _strip_numbering(headings: list[Tag]) -> list[Tag]:
    """ "1.2 Ansvar" → "Ansvar". A bare number ("18 år fyller …") is only
    numbering when at least two headings start with one. Returns the
    headings that were numbered."""
    numbered = [h for h in headings if _NUMBERED.match(h.get_text())]
    bare = [h for h in numbered if _is_bare(h)]
    bare_is_numbering = len(bare) >= 2
    stripped = []
    for heading in numbered:
        match = _NUMBERED.match(heading.get_text())
        assert match is not None
        if not (match.group(2) or "." in match.group(1) or bare_is_numbering):
            continue
        _remove_leading_text(heading, match.end())
        stripped.append(heading)
    return stripped


def _is_bare(heading: Tag) -> bool:
    match = _NUMBERED.match(heading.get_text())
    return match is not None and not (match.group(2) or "." in match.group(1))


def _remove_leading_text(element: Tag, count: int) -> None:
    for string in list(element.strings):
        if count <= 0:
            break
        text = str(string)
        if len(text) <= count:
            count -= len(text)
            string.replace_with("")
        else:
            string.replace_with(text[count:])
            count = 0


def _shift_headings(root: Tag) -> None:
    """Move headings down so the highest is H2: the page's title is H1."""
    headings = root.find_all(HEADINGS)
    if not headings:
        return
    shift = max(0, 2 - min(int(h.name[1]) for h in headings))
    for heading in headings:
        heading.name = f"h{min(6, int(heading.name[1]) + shift)}"


def _join_split_runs(root: Tag) -> None:
    for element in root.find_all(_INLINE_MERGEABLE):
        if element.decomposed or element.parent is None:
            continue
        following = element.next_sibling
        while isinstance(following, Tag) and following.name == element.name:
            for child in list(following.children):
                element.append(child.extract())
            following.decompose()
            following = element.next_sibling


def _footnotes(root: Tag) -> dict[str, Tag]:
    """Mammoth writes a note as ``<sup><a href="#kb-footnote-1">`` and the
    notes as a list at the end; the writer wants ``<sup data-footnote>`` and
    the notes' content."""
    notes: dict[str, Tag] = {}
    pattern = re.compile(rf"^{re.escape(FOOTNOTE_PREFIX)}(?:foot|end)note-\d+$")
    for item in root.find_all("li", id=pattern):
        for back in item.find_all("a", href=re.compile(rf"^#{re.escape(FOOTNOTE_PREFIX)}")):
            back.decompose()
        key = str(item["id"])
        item_list = item.parent
        notes[key] = item.extract()
        if isinstance(item_list, Tag) and not item_list.find("li"):
            item_list.decompose()
    for link in root.find_all("a", href=re.compile(rf"^#{re.escape(FOOTNOTE_PREFIX)}")):
        key = str(link["href"])[1:]
        if key not in notes:
            continue
        holder = link.parent if isinstance(link.parent, Tag) and link.parent.name == "sup" else link
        reference = Tag(name="sup", attrs={"data-footnote": key})
        holder.replace_with(reference)
    return notes


def _flatten_nested_tables(root: Tag) -> None:
    """A table inside a cell becomes paragraphs, one per cell."""
    for table in root.find_all("table"):
        if table.decomposed or table.find_parent(("td", "th")) is None:
            continue
        paragraphs = []
        for row in rows(table):
            for cell in cells(row):
                paragraph = Tag(name="p")
                for child in list(cell.children):
                    paragraph.append(child.extract())
                paragraphs.append(paragraph)
        for paragraph in paragraphs:
            table.insert_before(paragraph)
        table.decompose()
