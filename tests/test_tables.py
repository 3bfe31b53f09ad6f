"""Tables completed for screen readers after the engine rendered them:
header scopes everywhere, captions and row headers where kb knows the table."""

from __future__ import annotations

import markdown

from kb_tools.site.tables import Table, describe, header_scopes

TABLE = "| Term | Betydelse |\n|---|---:|\n| [HVB](hvb.md) | Hem för vård eller boende |\n"


def _html(*tables: str) -> str:
    return markdown.markdown("\n\n".join(tables), extensions=["tables"])


def test_header_cells_get_their_scope_once() -> None:
    html = header_scopes(_html(TABLE))
    assert '<th scope="col">Term</th>\n<th scope="col" style="text-align: right;">' in html
    assert header_scopes(html) == html
    assert "<td>" in html  # body cells are untouched


def test_captions_and_row_headers_go_to_the_tables_in_order() -> None:
    other = TABLE.replace("HVB", "LSS").replace("hvb.md", "lss.md")
    html = describe(_html(TABLE, "Text.", other),
                    (Table("Först <b>&"), Table("Sedan", row_headers=False)))
    first, second = html.split("<p>Text.</p>")
    assert "<table>\n<caption>Först &lt;b&gt;&amp;</caption>\n<thead>" in first
    row = '<tr>\n<th scope="row"><a href="hvb.md">HVB</a></th>\n<td style="text-align: right;">'
    assert row in first
    assert "<caption>Sedan</caption>" in second
    assert "<td><a href=\"lss.md\">LSS</a></td>" in second


def test_the_last_tables_can_be_described() -> None:
    html = describe(_html(TABLE, TABLE.replace("HVB", "LSS").replace("hvb.md", "lss.md")),
                    (Table("Ordlistan"),), last=True)
    assert html.count("<caption>") == 1
    assert html.index("<caption>Ordlistan</caption>") > html.index("HVB")
    assert describe("<p>Ingen tabell.</p>", (Table("X"),), last=True) == "<p>Ingen tabell.</p>"
