"""Anchors and links as the site renders them; the fast scan equals the full one."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from kb_tools.config import load_config
from kb_tools.markdown import PageScanner, reduce_for_scan

ROOT = Path(__file__).resolve().parents[1]
CONFIG = load_config(ROOT / "mkdocs.yml")
SCANNER = PageScanner(CONFIG.markdown_extensions, CONFIG.mdx_configs)


def _summary(
    body: str, reduce: bool
) -> tuple[set[str], list[tuple[int, str, str | None]], list[str]]:
    page = SCANNER.scan(body, reduce=reduce)
    return (
        page.anchors,
        [(h.level, h.text, h.anchor) for h in page.headings],
        [link.url for link in page.links],
    )


def test_anchors_use_the_sites_slugify() -> None:
    page = SCANNER.scan(
        "# Rubrik\n\n## Överlämning till skolan\n\n## Steg 1: Samtal\n\n"
        '## Steg 1: Samtal\n\n## Annat {#egen}\n\n<a id="rå"></a>\n'
    )
    assert [h.anchor for h in page.headings] == [
        "rubrik",
        "överlämning-till-skolan",
        "steg-1-samtal",
        "steg-1-samtal_1",
        "egen",
    ]
    assert "rå" in page.anchors


def test_heading_text_is_what_the_reader_sees() -> None:
    # The site's toc adds a permalink (&para;) to every heading: not part of the title.
    page = SCANNER.scan("# Boende &amp; skola <em>nu</em> `SIP` \\*\n\n## Två &lt;3\n")
    assert [h.text for h in page.headings] == ["Boende & skola nu SIP *", "Två <3"]


def test_links_have_source_positions() -> None:
    page = SCANNER.scan(
        "Text\n\nSe [a](a.md) och ![b](b.png)\n\n[ref]: c.md#x\n\nVia [c][ref].\n", body_line=5
    )
    assert [(link.url, link.line, link.column, link.is_image) for link in page.links] == [
        ("a.md", 7, 8, False),
        ("b.png", 7, 23, True),
        ("c.md#x", 9, 8, False),
    ]


def test_links_in_code_are_not_links() -> None:
    page = SCANNER.scan("```\n[a](a.md)\n```\n\n`[b](b.md)`\n\n    [c](c.md)\n")
    assert page.links == []


def test_reduction_keeps_structure() -> None:
    body = "Prosa rad ett\nrad två\n\nRubrik\n======\n\n- punkt med text\n    fortsättning\n"
    assert reduce_for_scan(body) == "Rubrik\n======\n\n- x\n    x\n"


@pytest.mark.parametrize("path", sorted((ROOT / "docs").rglob("*.md")), ids=lambda p: p.name)
def test_fast_scan_equals_full_scan_on_the_sample_bank(path: Path) -> None:
    body = path.read_text(encoding="utf-8").split("\n---\n", 1)[-1]
    assert _summary(body, reduce=True) == _summary(body, reduce=False)


LINES = st.sampled_from(
    [
        "",
        "",
        "",
        "Vanlig prosa utan något särskilt.",
        "Mer text här",
        "  indragen text",
        "    kodrad eller fortsättning",
        "# Rubrik",
        "## Överlämning",
        "### Steg 1: Samtal",
        "Rubrik i setext",
        "=====",
        "-----",
        "---",
        "- punkt",
        "  - underpunkt",
        "1. numrerad",
        "> citat",
        "> [länk](citat.md)",
        "Text med [länk](a.md#ankare).",
        "[ref]: ref.md",
        "Se [ref] och [x][ref].",
        "![bild](b.png)",
        '<div id="rå">',
        "</div>",
        "```",
        "~~~",
        "| a | [b](b.md) |",
        "|---|---|",
        "Term",
        ":   Definition",
        '!!! note "Titel"',
        "    Innehåll i rutan",
        "Text {#egen}",
        "{: #para }",
        "Fotnot[^1]",
        "[^1]: Fotnoten.",
        "<https://example.org/x>",
        "Mejla <a@example.org>",
        "*[HVB]: hem för vård eller boende",
        "HVB och SoL i text",
        "\tflik",
        "Text  ",
        "x" * 3,
    ]
)


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.lists(LINES, max_size=30))
@example(["```", "Vanlig prosa utan något särskilt.", "", "```", "====="])
def test_fast_scan_equals_full_scan(lines: list[str]) -> None:
    body = "\n".join(lines) + "\n"
    assert _summary(body, reduce=True) == _summary(body, reduce=False)


def test_email_autolinks_are_mailto_links_where_written() -> None:
    # Python-Markdown hides the address behind entities; it is no page link (KB202).
    page = SCANNER.scan("# Rubrik\n\nSkriv till <anna@example.se> i dag.\n", body_line=3)
    assert [(link.url, link.line, link.column) for link in page.links] == [
        ("mailto:anna@example.se", 5, 13)
    ]


def test_heading_permalinks_are_not_links_of_the_page() -> None:
    assert CONFIG.mdx_configs["toc"]["permalink"]
    assert SCANNER.scan("# Rubrik\n\n## Del\n").links == []


def test_link_positions_when_definitions_come_in_another_order() -> None:
    body = "[a][2] [b][1] [c][2]\n\n[1]: ett.md\n[2]: två.md\n"
    assert [(link.url, link.line, link.column) for link in SCANNER.scan(body).links] == [
        ("två.md", 4, 6),
        ("ett.md", 3, 6),
        ("två.md", 4, 6),
    ]
