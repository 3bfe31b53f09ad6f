"""Links are found in one pass over a paragraph, with the stock results.

Python-Markdown counted brackets and parentheses from every candidate link
to the end of its paragraph: a page of ten thousand '[' took 20 seconds to
check, and the time grew with the square of the page. kb's scanner asks
:func:`kb_tools.text.brackets.count_brackets_once`, which answers every
candidate from one pass; these tests hold it to Python-Markdown's own
output on every input, and to linear time.
"""

from __future__ import annotations

import time

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st

from kb_tools.markdown import PageScanner
from kb_tools.text.brackets import closing_positions, count_brackets_once

from .conftest import BankDir
from .test_scaling import GROWTH, LIMIT, _seconds

EXTENSIONS = ["attr_list", "toc", "tables", "md_in_html", "pymdownx.superfences"]
PIECES = ["[", "]", "(", ")", "![", "'", '"', " ", "a", "<", ">", "`", "\\", "\n", "x.md", "  "]


def _stock_and_counted() -> tuple[markdown.Markdown, markdown.Markdown]:
    stock = markdown.Markdown(extensions=EXTENSIONS)
    counted = markdown.Markdown(extensions=EXTENSIONS)
    count_brackets_once(counted, markdown.inlinepatterns.LinkInlineProcessor)
    return stock, counted


STOCK, COUNTED = _stock_and_counted()


@settings(max_examples=1500, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_every_page_renders_exactly_as_python_markdown_renders_it(text: str) -> None:
    page = text + "\n\n[r]: ref.md\n"  # so that references resolve too
    STOCK.reset()
    COUNTED.reset()
    assert COUNTED.convert(page) == STOCK.convert(page)


def test_closing_positions_pair_each_bracket_with_the_nearest_open_one() -> None:
    assert closing_positions("[a[b]c]] [", "[", "]") == {2: 4, 0: 6}
    assert closing_positions("(()", "(", ")") == {1: 2}


PAGES = {
    "unclosed brackets": "[",
    "unclosed images": "![",
    "unclosed references": "[a][",
    "addresses without an end": "[a](",
    "addresses in angle brackets": "[a](<",
}


def test_a_page_of_brackets_costs_its_length_not_its_square() -> None:
    scanner = PageScanner(EXTENSIONS, {})
    for name, unit in PAGES.items():
        for tail in ("", ")", "\")", "'\")"):
            def scan(count: int, unit: str = unit, tail: str = tail) -> object:
                return scanner.scan(unit * count + tail)

            scan(500)
            small, large = _seconds(scan, 500), _seconds(scan, 500 * GROWTH)
            assert large / small < LIMIT, f"{name}{tail}: {small:.4f} s, then {large:.4f} s"


def test_twenty_thousand_brackets_are_checked_in_moments() -> None:
    """Quadratic counting took 20 s for 10,000 and would take minutes here."""
    scanner = PageScanner(EXTENSIONS, {})
    started = time.monotonic()
    page = scanner.scan("# Hake\n\n" + "[" * 20_000 + "\n\n[länk](mål.md)\n")
    assert time.monotonic() - started < 10
    assert [link.url for link in page.links] == ["mål.md"]


def test_the_site_build_renders_such_a_page_in_moments_too(bank: BankDir) -> None:
    """MkDocs renders with the site's extensions and the plugin's LinearLinks
    (quadratic rendering of 20,000 '[' would take minutes)."""
    bank.write("docs/index.md", "# Start\n")
    bank.write("docs/hake.md", "# Hake\n\n" + "[" * 20_000 + "\n\n[Start](index.md)\n")
    started = time.monotonic()
    result = bank.kb("build", "-q", "--today", "2026-11-23")
    assert time.monotonic() - started < 30
    assert result.exit_code == 0, result.stderr
    page = (bank.root / "site" / "hake" / "index.html").read_text(encoding="utf-8")
    assert "[" * 20_000 in page
    assert '<a href="../">Start</a>' in page
