"""python-frontmatter: kb's handler finds and splits front matter where
MkDocs does, loads it only with kb's safe and bounded reader, and
kb_tools.load hands scripts a Post with the validated metadata."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import frontmatter
import pytest
from hypothesis import given
from hypothesis import strategies as st

import kb_tools
from kb_tools.config import ConfigError
from kb_tools.fields.durations import Duration
from kb_tools.front_matter import HANDLER, FrontMatterError, Position, parse_yaml, split
from kb_tools.model.post import Page

from .conftest import BankDir, MakeBank

PARTNER = """\
---
title: Lernia
org_type: company
owner: samordnare
reviewed: 2026-02-30
review_every: 6 months
phone: 08-123 456 78
authors: [Anna]
contacts:
  - name: Anna Berg
    role: Handläggare
    email: anna.berg@example.se
    verified: 2026-10-01
---
# Lernia

Text.
"""


def _line_rule(text: str) -> tuple[str, str, int] | None:
    """The rule as MkDocs readers know it, line by line: ``---`` on the first
    line opens, the next line that is ``---`` or ``...`` closes."""
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            yaml_lines = lines[1:index]
            return "".join(f"{line}\n" for line in yaml_lines), "\n".join(lines[index + 1 :]), (
                index + 2
            )
    return ("", "", -1)  # never closed


LINES = st.sampled_from(
    ["---", "...", "----", "--- ", "---\t", " ---", "..", "...\u2028", "a: 1", "", "b: [x]",
     "text", "--- # not", "\u00a0", "---\u00a0", "- x"]
)


@given(st.lists(LINES, max_size=8))
def test_the_handler_splits_where_the_line_rule_does(lines: list[str]) -> None:
    text = "\n".join(lines)
    expected = _line_rule(text)
    assert HANDLER.detect(text) == (expected is not None)
    if expected is None:
        source = split(text)
        assert (source.front_matter.present, source.body, source.body_line) == (False, text, 1)
        return
    yaml_text, body, body_line = expected
    if body_line < 0:
        with pytest.raises(FrontMatterError) as raised:
            split(text)
        assert str(raised.value.message) == (
            "the front matter opened with '---' on line 1 is never closed"
        )
        return
    between, _ = HANDLER.split(text)
    assert between[1:] == yaml_text
    try:
        source = split(text)
    except FrontMatterError as exc:  # the YAML between the lines is broken, as read alone
        with pytest.raises(FrontMatterError) as alone:
            parse_yaml(yaml_text, first_line=2)
        assert (exc.message, exc.position) == (alone.value.message, alone.value.position)
        return
    assert source.front_matter.present
    assert (source.body, source.body_line) == (body, body_line)


def test_frontmatter_loads_with_kbs_handler() -> None:
    post = frontmatter.loads(PARTNER, handler=HANDLER)
    assert post["reviewed"] == "2026-02-30"  # a date that does not exist stays text
    assert post["contacts"][0]["verified"] == date(2026, 10, 1)  # type: ignore[index]
    assert post.content == "# Lernia\n\nText."


def test_the_handler_never_constructs_python_objects() -> None:
    # A tag on a list or a mapping is read past: the values stay plain data.
    assert HANDLER.load(
        "x: !!python/object/apply:os.system ['echo owned']\n"
        "y: !!python/object:collections.OrderedDict {a: 1}\n"
    ) == {"x": ["echo owned"], "y": {"a": 1}}
    with pytest.raises(FrontMatterError) as raised:
        HANDLER.load("x: !!python/name:os.system\n")
    assert str(raised.value.message).startswith(
        "YAML error: could not determine a constructor for the tag "
        "'!!python/name:os.system'"
    )
    with pytest.raises(TypeError):
        HANDLER.load("x: 1\n", Loader=object)


def test_the_handler_keeps_the_size_and_nesting_limits() -> None:
    deep = "x: " + "[" * 60 + "]" * 60 + "\n"
    with pytest.raises(FrontMatterError) as raised:
        HANDLER.load(deep)
    assert str(raised.value.message) == (
        "the front matter is too large or too deeply nested to be read"
    )
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(8)
    )
    with pytest.raises(FrontMatterError) as raised:
        HANDLER.load(bomb)
    assert str(raised.value.message) == (
        "the front matter is too large or too deeply nested to be read"
    )


def test_load_hands_scripts_a_post_with_the_validated_metadata(make_bank: MakeBank) -> None:
    bank = make_bank({"samverkansparter/lernia.md": PARTNER})
    page = kb_tools.load(bank.root / "docs" / "samverkansparter" / "lernia.md")
    assert isinstance(page, Page)
    assert isinstance(page, frontmatter.Post)
    assert page.content == "# Lernia\n\nText.\n"
    assert page.metadata == {
        "title": "Lernia",
        "org_type": "company",
        "owner": "samordnare",
        # reviewed: 2026-02-30 is no date; KB102 says so, and it is left out
        "review_every": Duration(months=6),
        "phone": "+46812345678",
        "authors": ["Anna"],
        "contacts": [
            {
                "name": "Anna Berg",
                "role": "Handläggare",
                "email": "anna.berg@example.se",
                "verified": date(2026, 10, 1),
            }
        ],
    }
    assert page.document.type == "partner"
    assert [p.code for p in page.document.problems] == ["KB102", "KB103"]
    assert frontmatter.dumps(page) == (
        "---\ntitle: Lernia\norg_type: company\nowner: samordnare\nreview_every: 6 months\n"
        "phone: '+46812345678'\nauthors:\n- Anna\ncontacts:\n- name: Anna Berg\n"
        "  role: Handläggare\n  email: anna.berg@example.se\n  verified: 2026-10-01\n"
        "---\n\n# Lernia\n\nText."
    )


def test_load_finds_the_bank_from_the_page(make_bank: MakeBank, tmp_path: Path) -> None:
    bank = make_bank({"rutiner/ankomst.md": "---\ntitle: Ankomst\n---\n# Ankomst\n"})
    page = kb_tools.load(bank.root / "docs/rutiner/ankomst.md", bank.root / "mkdocs.yml")
    assert page["title"] == "Ankomst"
    outside = tmp_path / "utanfor.md"
    outside.write_text("# Utanför\n")
    with pytest.raises(ValueError) as raised:
        kb_tools.load(outside, bank.root / "mkdocs.yml")
    assert str(raised.value) == f"{outside} is not a page of the bank in docs/"


def test_load_without_a_bank_or_with_broken_front_matter(
    tmp_path_factory: pytest.TempPathFactory, bank: BankDir
) -> None:
    loose = tmp_path_factory.mktemp("utan-bank") / "sida.md"
    loose.write_text("# Sida\n")
    with pytest.raises(ConfigError) as missing:
        kb_tools.load(loose)
    assert str(missing.value).startswith(f"no mkdocs.yml in the folders above {loose}")
    broken = bank.write("docs/trasig.md", "---\ntitle: [\n---\n")
    with pytest.raises(FrontMatterError) as unreadable:
        kb_tools.load(broken)
    assert unreadable.value.position == Position(3, 1)
    assert str(unreadable.value.message).startswith("docs/trasig.md:3:1: YAML syntax error:")
