"""The scan's shortcuts find exactly what the full rendering finds.

Every shortcut of :mod:`kb_tools.markdown.shortcuts` (prose reduced, links
of plain paragraphs read as written, inline patterns that cannot match left
out, no table of contents built) is checked against Python-Markdown run on
the page as written: the same anchors, the same headings with their text and
ids, the same links at the same lines and columns, in the same order. Pages
are drawn from lines of every kind Markdown reads, under several sets of
extensions, and taken from the sample bank and from a generated one.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from kb_tools.config import load_config
from kb_tools.front_matter import read
from kb_tools.markdown import PageScanner
from kb_tools.markdown.shortcuts import LINKS_MARKER, reduce_for_scan

ROOT = Path(__file__).resolve().parents[1]
SITE = load_config(ROOT / "mkdocs.yml")

# name -> (extensions, their options): the sample bank's, Markdown with no
# extension, toc with other options, and extensions the reduction does not
# know (an emoji becomes an image, a repository shorthand a link).
CONFIGS: dict[str, tuple[list[Any], dict[str, dict[str, Any]]]] = {
    "site": (SITE.markdown_extensions, SITE.mdx_configs),
    "bare": ([], {}),
    "toc-options": (
        ["toc", "attr_list", "footnotes", "abbr", "md_in_html", "tables", "sane_lists"],
        {"toc": {"anchorlink": True, "baselevel": 2, "marker": "[INNEHÅLL]"}},
    ),
    "unknown-extensions": (
        [*SITE.markdown_extensions, "pymdownx.emoji", "pymdownx.magiclink"],
        {
            **SITE.mdx_configs,
            "pymdownx.magiclink": {"repo_url_shorthand": True, "user": "kommun", "repo": "bank"},
        },
    ),
}
SCANNERS = {name: PageScanner(*config) for name, config in CONFIGS.items()}

Summary = tuple[list[str], list[tuple[int, str, str | None]], list[tuple[str, int, int, bool]]]


def summary(scanner: PageScanner, body: str, reduce: bool) -> Summary:
    page = scanner.scan(body, body_line=3, reduce=reduce)
    return (
        sorted(page.anchors),
        [(h.level, h.text, h.anchor) for h in page.headings],
        [(link.url, link.line, link.column, link.is_image) for link in page.links],
    )


def assert_same(scanner: PageScanner, body: str) -> None:
    assert summary(scanner, body, reduce=True) == summary(scanner, body, reduce=False)


LINES = st.sampled_from(
    [
        *[""] * 20,
        "Vanlig prosa utan något särskilt.",
        "Mer text här",
        "x",
        "  indragen text",
        "    kodrad eller fortsättning",
        "    Text med [indragen länk](i.md) i en notis",
        "# Rubrik",
        "## Överlämning",
        "### Steg 1: Samtal",
        "## Rubrik med *betoning* och `kod`",
        "## Boende &amp; skola {#egen-rubrik}",
        "## Rubrik med [länk](rubrik.md)",
        "Rubrik i setext",
        "=====",
        "-----",
        "---",
        "    =====",
        "  -----",
        "- punkt",
        "- punkt med [länk](p.md#del) och mer",
        "  - underpunkt",
        "  - underpunkt [u](u.md)",
        "1. numrerad",
        "2. numrerad med [länk](n.md) och [en till](m.md#a).",
        "* stjärnpunkt [s](s.md)",
        "- [ ] uppgift [t](t.md)",
        "> citat",
        "> [länk](citat.md)",
        "> Text [c](c2.md) i citat",
        "Text med [länk](a.md#ankare).",
        "Läs mer i [rutin](../rutiner/r.md#kontaktvägar) och [ordlistan](../ordlista.md).",
        "Se [extern](https://example.org/sida?a=1) nu",
        'Se [tom]() och [mellanslag]( a.md ) och [titel](a.md "Titel")',
        "Två [a](a.md)[b](b.md) tätt",
        "Text ![bild](b.png) och [l](l.md)",
        "Text ![bild](b.png)",
        "![bild](b.png)",
        "Text med *betoning* [l](l.md) och _under_ streck",
        "Text med **fet [l](l.md) text**",
        "Text med `[kod](k.md)` och [l](l.md)",
        "Text med \\[inte](länk.md)",
        "Text med &amp; och [l](l.md)",
        'Text med <span id="spann">html</span> [l](l.md)',
        "Rad med brytning  ",
        "[ref]: ref.md",
        "Se [ref] och [x][ref].",
        "Se [ref][] här",
        '<div id="rå">',
        "<div markdown>",
        "</div>",
        "<!--",
        "-->",
        "```",
        "~~~",
        "| a | [b](b.md) |",
        "|---|---|",
        "Term",
        ":   Definition [d](d.md)",
        '!!! note "Titel"',
        "    Innehåll i rutan",
        "Text {#egen}",
        "{: #para }",
        "Fotnot[^1]",
        "Fotnot [^1](f.md)",
        "[^1]: Fotnoten [i fotnot](fn.md).",
        "<https://example.org/x>",
        "Mejla <a@example.org>",
        "Skriv till a@example.org",
        "*[HVB]: hem för vård eller boende",
        "HVB och SoL i text",
        "[TOC]",
        "[INNEHÅLL]",
        "Glad :smile: ändå",
        "Se kommun/bank#12 och www.example.org",
        f"Ordet {LINKS_MARKER}0 står i texten [l](l.md)",
        f"{LINKS_MARKER}1",
        "\tflik",
        "Text  ",
    ]
)
PAGES = st.lists(LINES, max_size=30).map(lambda lines: "\n".join(lines) + "\n")


@pytest.mark.parametrize("config", CONFIGS)
@settings(max_examples=300, deadline=None, derandomize=True)
@given(body=PAGES)
@example(body="```\nVanlig prosa utan något särskilt.\n\n```\n=====\n")
@example(body="- item\n\n    Rubrik\n    ======\n")
@example(body='!!! note "Titel"\n    Rubrik\n    ------\n')
@example(body="<div>\n\nLäs [a](a.md).\n\n</div>\n")
@example(body="- Text [a](a.md)\nfortsätter [b](b.md)\n")
@example(body="    Kod [a](a.md)\n")
@example(body="Text\n- punkt [a](a.md)\n")
def test_the_fast_scan_equals_the_full_scan(config: str, body: str) -> None:
    assert_same(SCANNERS[config], body)


def test_plain_paragraphs_and_list_items_become_words() -> None:
    links: list[tuple[str, ...]] = []
    body = (
        "Läs [a](a.md) och\nmer [b](b.md#x).\n\n- Se [c](c.md)\n- prosa\n\n"
        "Text med **fet** [d](d.md)\n\nText med `kod` [e](e.md)\n"
    )
    assert reduce_for_scan(body, links) == (
        f"{LINKS_MARKER}0\n\n- {LINKS_MARKER}1\n- x\n\n{LINKS_MARKER}2\n\n"
        "Text med `kod` [e](e.md)\n"
    )
    assert links == [("a.md", "b.md#x"), ("c.md",), ("d.md",)]


def test_a_page_that_says_the_word_keeps_its_links_as_written() -> None:
    body = f"Läs [a](a.md) om {LINKS_MARKER}3.\n"
    links: list[tuple[str, ...]] = []
    assert reduce_for_scan(body, links) == body and links == []


def test_extensions_the_reduction_does_not_know_get_the_full_rendering() -> None:
    # An emoji is an image and a repository shorthand a link: prose is not
    # plain for them, so such a site's pages are rendered as written.
    scanner = SCANNERS["unknown-extensions"]
    page = scanner.scan("Glad :smile: ändå.\n\nSe kommun/bank#12.\n")
    assert [link.url for link in page.links] == [
        "https://cdnjs.cloudflare.com/ajax/libs/emojione/2.2.7/assets/png/1f604.png",
        "https://github.com/kommun/bank/issues/12",
    ]
    assert_same(scanner, "Glad :smile: ändå.\n\nSe kommun/bank#12.\n")


def test_a_setext_heading_in_a_list_item_keeps_its_text() -> None:
    page = SCANNERS["site"].scan("- punkt\n\n    Rubrik i punkten\n    ----------------\n")
    assert [(h.text, h.anchor) for h in page.headings] == [("Rubrik i punkten", "rubrik-i-punkten")]


def _generated_pages(folder: Path) -> list[Path]:
    spec = importlib.util.spec_from_file_location("bankgen", ROOT / "benchmarks" / "bankgen.py")
    assert spec is not None and spec.loader is not None
    bankgen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bankgen)
    bankgen.generate(60, folder)
    return sorted((folder / "docs").rglob("*.md"))


def test_the_fast_scan_equals_the_full_scan_on_a_generated_bank(tmp_path: Path) -> None:
    pages = _generated_pages(tmp_path / "bank")
    assert len(pages) >= 60
    for path in pages:
        assert_same(SCANNERS["site"], read(path.read_bytes()).body)


@pytest.mark.parametrize("path", sorted((ROOT / "docs").rglob("*.md")), ids=lambda p: p.name)
@pytest.mark.parametrize("config", CONFIGS)
def test_the_fast_scan_equals_the_full_scan_on_the_sample_bank(path: Path, config: str) -> None:
    assert_same(SCANNERS[config], read(path.read_bytes()).body)
