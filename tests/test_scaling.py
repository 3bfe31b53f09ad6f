"""Reading a page costs time in proportion to its length, never its square.

Each case runs the same work on an input and on one eight times as long and
compares the processor time (of this process only, the least of three runs,
so other work on a busy machine hardly counts): linear work takes about 8
times as long, quadratic work about 64 times. The limit, 24, sits between
the two with a margin of three either way.
"""

from __future__ import annotations

import functools
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kb_tools.config import load_config
from kb_tools.front_matter import SourceFile, read
from kb_tools.markdown import locate_links, reduce_for_scan
from kb_tools.model.loader import DocumentLoader
from kb_tools.safety.content import (
    _blank_code_spans,
    _blank_comments,
    identity_numbers,
    unsafe_html,
    unsafe_values,
)

ROOT = Path(__file__).resolve().parents[1]
GROWTH = 8
LIMIT = 24


def _seconds(work: Callable[[int], object], size: int) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        work(size)
        best = min(best, time.process_time() - start)
    return max(best, 1e-4)


def _reverse_references(count: int) -> tuple[str, list[tuple[str, bool]]]:
    """Links whose definitions come last, in the opposite order."""
    body = " ".join(f"[t{i}][r{i}]" for i in range(count)) + "\n\n"
    body += "".join(f"[r{i}]: sida-{i}.md\n" for i in reversed(range(count)))
    return body, [(f"sida-{i}.md", False) for i in range(count)]


def _unwritten(count: int) -> tuple[str, list[tuple[str, bool]]]:
    """Rendered addresses that are not in the source as written."""
    body = "Text med ord.\n" * count
    return body, [(f"#ankare-{i}", False) for i in range(count)]


def _increasing_backtick_runs(length: int) -> str:
    """`a``a```a…: every opening run of backticks is the last of its length."""
    parts, size, total = [], 1, 0
    while total < length:
        parts.append("`" * size + "a")
        total += size + 1
        size += 1
    return "<b> " + "".join(parts)


@functools.cache
def _front_matter_with_markup(count: int) -> SourceFile:
    """Parsed once per size: only the scan of the values is measured."""
    keys = "".join(f"k{i}: <b onclick=x>\n" for i in range(count))
    return read(f"---\n{keys}---\n".encode())


def _unsafe_front_matter(count: int) -> list[object]:
    source = _front_matter_with_markup(count)
    return list(unsafe_values("a.md", source.text, source.front_matter, source.body_line))


CASES: dict[str, tuple[Callable[[int], object], int]] = {
    # 87 % of the time of a 2 MB page went into copying the rest of the page
    # once per paragraph.
    "short paragraphs": (lambda n: reduce_for_scan("Ord.\n\n" * n), 4_000),
    "links defined in reverse order": (lambda n: locate_links(*_reverse_references(n), 1), 2_000),
    "links not written as rendered": (lambda n: locate_links(*_unwritten(n), 1), 2_000),
    "identity numbers on one line": (
        lambda n: list(identity_numbers("a.md", "811218-9876 " * n)),
        2_000,
    ),
    "unsafe HTML on many lines": (
        lambda n: list(unsafe_html("a.md", "<a onclick=x>\n" * n, 1)),
        4_000,
    ),
    "unsafe front-matter values": (_unsafe_front_matter, 1_000),
    "unclosed comments": (lambda n: list(unsafe_html("a.md", "<!-- <b>\n" * n, 1)), 4_000),
    "unclosed code spans on one line": (
        lambda n: list(unsafe_html("a.md", _increasing_backtick_runs(n), 1)),
        5_000,
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_time_grows_with_the_length_not_its_square(case: str) -> None:
    work, size = CASES[case]
    work(size)  # warm up caches and lazy imports
    small, large = _seconds(work, size), _seconds(work, GROWTH * size)
    assert large / small < LIMIT, f"{case}: {small:.4f} s, then {large:.4f} s for 8 times the input"


def test_loading_a_realistic_page_grows_linearly() -> None:
    """The whole reading of a page of the sample bank, repeated to size."""
    config = load_config(ROOT / "mkdocs.yml")
    loader = DocumentLoader(config)
    source = (ROOT / "docs" / "rutiner" / "ankomst-och-inskrivning.md").read_text("utf-8")
    head, body = source.split("\n---\n", 1)

    def load(copies: int) -> object:
        return loader.load("rutiner/stor.md", (head + "\n---\n" + body * copies).encode())

    load(4)
    small, large = _seconds(load, 8), _seconds(load, 8 * GROWTH)
    assert large / small < LIMIT, f"{small:.4f} s, then {large:.4f} s for 8 times the page"


# The patterns the linear masks replace: the specification they must equal.
CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")
COMMENT = re.compile(r"<!--(?:-?>|.*?--!?>)", re.DOTALL)  # as a browser ends comments
COMMENT_PARTS = ["<!--", "-->", "--!>", "--", ">", "a", "\n", "<"]


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(["`", "``", "```", "a", " "]), max_size=20).map("".join))
def test_code_spans_are_blanked_as_the_pattern_does(line: str) -> None:
    assert _blank_code_spans(line) == CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(COMMENT_PARTS), max_size=16).map("".join))
def test_comments_are_blanked_as_the_pattern_does(text: str) -> None:
    expected = COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    assert _blank_comments(text) == expected
