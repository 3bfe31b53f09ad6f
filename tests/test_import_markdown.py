"""The importer's Markdown writer: text stays text, and Python-Markdown
reads the structure back as it was in the HTML."""

from __future__ import annotations

import markdown
import pytest
from bs4 import BeautifulSoup, Tag

from kb_tools.importing.cleanup import prepare
from kb_tools.importing.markdown_writer import WriterOptions, to_markdown
from kb_tools.importing.tables import grid


def _root(html: str) -> Tag:
    body = BeautifulSoup(f"<body>{html}</body>", "html.parser").body
    assert body is not None
    return body


def _write(html: str) -> str:
    return to_markdown(_root(html), WriterOptions(link_target=lambda url: url), {})


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>", "&lt;script>alert(1)&lt;/script>\n"),
        ("<p>1. Inte en lista</p>", "1\\. Inte en lista\n"),
        ("<p># Inte en rubrik</p>", "\\# Inte en rubrik\n"),
        ("<p>- Inte en punkt</p>", "\\- Inte en punkt\n"),
        ("<p>&gt; Inte ett citat</p>", "\\> Inte ett citat\n"),
        ("<p>a*b*c [x](y) `kod` &amp;copy;</p>", "a\\*b\\*c \\[x\\](y) \\`kod\\` &amp;copy;\n"),
        ("<p>fil_namn och _kursiv_</p>", "fil_namn och \\_kursiv\\_\n"),
        ("<p><strong> fet </strong>text</p>", " **fet** text\n".lstrip()),
        ("<p>Rad ett<br>Rad två</p>", "Rad ett  \nRad två\n"),
        ("<p><a href='https://example.se/a b'>länk</a></p>", "[länk](https://example.se/a%20b)\n"),
        ("<p><a href='https://example.se/'>https://example.se/</a></p>", "<https://example.se/>\n"),
        ("<p>&nbsp;</p><p></p><p>Text</p>", "Text\n"),
    ],
)
def test_text_stays_text(html: str, expected: str) -> None:
    assert _write(html) == expected


def test_adjacent_lists_stay_apart_and_nested_lists_nest() -> None:
    text = _write(
        "<ul><li>a<ul><li>b<ol><li>c</li></ol></li></ul></li><li>d</li></ul>"
        "<ol><li>ett</li><li>två<p>mer om två</p></li></ol>"
    )
    assert text == (
        "- a\n    - b\n        1. c\n- d\n\n<!-- -->\n\n1. ett\n2. två\n\n    mer om två\n"
    )
    html = markdown.markdown(text)
    assert html.count("<ul>") == 2 and html.count("<ol>") == 2
    assert "<li>b<ol>" in html.replace("\n", "")


def test_merged_cells_on_a_grid() -> None:
    table = _root(
        "<table><tr><td rowspan='2'>A</td><td colspan='2'>B</td></tr>"
        "<tr><td>C</td><td>D</td></tr></table>"
    ).find("table")
    assert isinstance(table, Tag)
    texts = [[cell.get_text() if cell else None for cell in row] for row in grid(table)]
    assert texts == [["A", "B", None], ["A", "C", "D"]]


def test_a_one_column_table_is_a_frame_not_data() -> None:
    assert _write("<table><tr><td><p>Viktigt!</p><p>Ring först.</p></td></tr></table>") == (
        "Viktigt!\n\nRing först.\n"
    )


def test_pipes_in_cells_and_nested_tables() -> None:
    text = _write(
        "<table><tr><th>Vem</th><th>Vad</th></tr>"
        "<tr><td>a | b</td><td><table><tr><td>x</td><td>y</td></tr></table></td></tr></table>"
    )
    assert "| a \\| b |" in text


def test_title_numbering_and_heading_levels() -> None:
    root = _root(
        "<h1>Ankomst</h1><h1>1. Syfte</h1><h2>1.2 Ansvar</h2><h1>18 år fyllda</h1><p>Text</p>"
    )
    prepared = prepare(root, None)
    assert prepared.title == "Ankomst"
    assert to_markdown(root, WriterOptions(), prepared.footnotes) == (
        "## Syfte\n\n### Ansvar\n\n## 18 år fyllda\n\nText\n"
    )
