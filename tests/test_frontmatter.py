from __future__ import annotations

from datetime import date

import pytest

from kb_tools.front_matter import FrontMatterError, Position, read


def test_positions_of_keys_and_values() -> None:
    source = read(
        b"---\ntitle: Ankomst\ncontacts:\n  - name: Leila\n    verified: 2026-10-02\n---\nBody\n"
    )
    fm = source.front_matter
    assert fm.data["contacts"][0]["verified"] == date(2026, 10, 2)
    assert fm.key_position(("title",)) == Position(2, 1)
    assert fm.value_position(("title",)) == Position(2, 8)
    assert fm.key_position(("contacts", 0)) == Position(4, 5)
    assert fm.value_position(("contacts", 0, "verified")) == Position(5, 15)
    assert source.body == "Body\n"
    assert source.body_line == 7


def test_missing_key_is_reported_on_the_opening_line() -> None:
    fm = read(b"---\ntitle: x\n---\n").front_matter
    assert fm.key_position(("owner",)) == Position(1, 1)


def test_no_front_matter_is_an_empty_mapping() -> None:
    source = read(b"# Rubrik\n\nText\n")
    assert source.front_matter.data == {}
    assert source.body_line == 1


def test_bom_and_crlf_are_accepted() -> None:
    source = read(b"\xef\xbb\xbf---\r\ntitle: CRLF\r\n---\r\nHej\r\n")
    assert source.front_matter.data == {"title": "CRLF"}
    assert source.front_matter.value_position(("title",)) == Position(2, 8)


def test_positions_count_only_the_files_line_breaks() -> None:
    # YAML also ends a line at NEL, LS and PS; the file, and its editor, do not.
    source = read('---\ntitle: "a\u2028\u2028b"\ntags: [x\x85y]\n\u2029owner: z\n---\n'.encode())
    fm = source.front_matter
    assert fm.data["owner"] == "z"
    assert fm.value_position(("title",)) == Position(2, 8)
    assert fm.value_position(("tags", 0)) == Position(3, 8)
    assert fm.key_position(("owner",)) == Position(4, 2)
    assert fm.value_position(("owner",)) == Position(4, 9)


def test_a_yaml_error_after_a_line_separator_is_on_its_own_line() -> None:
    with pytest.raises(FrontMatterError) as error:
        read("---\ntitle: a\u2028b\u2028c\n---\n".encode())
    assert error.value.position == Position(2, 12)


def test_impossible_date_stays_text() -> None:
    fm = read(b"---\nreviewed: 2026-02-30\n---\n").front_matter
    assert fm.data["reviewed"] == "2026-02-30"


def test_yaml_1_1_semantics_and_source_text() -> None:
    fm = read(b"---\npublic: no\nphone: 0701740605\n---\n").front_matter
    assert fm.data["public"] is False
    assert fm.data["phone"] == 0o701740605
    assert fm.source_text(("phone",)) == "0701740605"


def test_duplicate_keys_are_recorded() -> None:
    fm = read(b"---\ntitle: a\ntitle: b\n---\n").front_matter
    assert fm.data["title"] == "b"
    assert fm.duplicate_keys == [(("title",), Position(3, 1))]


@pytest.mark.parametrize(
    ("raw", "message", "position", "hint"),
    [
        (
            b"---\ntitle: Rutin: ankomst\n---\n",
            "YAML syntax error: mapping values are not allowed here",
            Position(2, 13),
            "a value containing ': ' must be quoted, e.g. title: \"Rutin: ankomst\"",
        ),
        (
            b"---\n- a\n- b\n---\n",
            "the front matter must be a mapping of keys to values, found a list",
            Position(2, 1),
            "write one 'key: value' per line, e.g. 'title: Ankomst och inskrivning'",
        ),
        (
            b"---\nJust a sentence\n---\n",
            "the front matter must be a mapping of keys to values, found a single value",
            Position(2, 1),
            "write one 'key: value' per line, e.g. 'title: Ankomst och inskrivning'",
        ),
        (
            b"---\n",
            "the front matter opened with '---' on line 1 is never closed",
            Position(1, 1),
            "add a line with only '---' after the last key",
        ),
        (
            b"---\ntitle: R\xe5tin\n---\n",
            "the file is not valid UTF-8: byte 0xE5 at byte offset 12 cannot be decoded",
            Position(2, 9),
            "the file looks like Windows-1252 (ANSI); open it and save it as UTF-8",
        ),
        (
            b"---\ntitle: A\n\towner: x\n---\n",
            "YAML syntax error: found a tab character that violates indentation (while "
            "scanning a plain scalar)",
            Position(3, 1),
            "line 3 holds a tab; YAML indents with spaces only: replace the tab with spaces",
        ),
        (
            b"---\ntags:\n\t- a\n---\n",
            "YAML syntax error: found character that cannot start any token (while scanning "
            "for the next token)",
            Position(3, 1),
            "line 3 holds a tab; YAML indents with spaces only: replace the tab with spaces",
        ),
        (
            b"---\ncontacts:\n\t- name: A\n  role: B\n---\n",
            "YAML syntax error: found character that cannot start any token (while scanning "
            "for the next token)",
            Position(3, 1),
            "line 3 holds a tab; YAML indents with spaces only: replace the tab with spaces",
        ),
        (
            b"---\npublic: !!bool kanske\n---\n",
            "the value 'kanske' cannot be read as '!!bool'",
            Position(2, 9),
            "remove '!!bool' and write the value as it is",
        ),
        (
            b"---\nreviewed: !!timestamp i dag\n---\n",
            "the value 'i dag' cannot be read as '!!timestamp'",
            Position(2, 11),
            "remove '!!timestamp' and write the value as it is",
        ),
        (
            b"---\ntitle: x\n---\n\x00\x01\x02",
            "the file contains a NUL byte at byte offset 17; it is binary, not Markdown",
            Position(4, 1),
            "save the file as plain UTF-8 text, or move binary files out of the Markdown folders",
        ),
    ],
)
def test_unreadable(raw: bytes, message: str, position: Position, hint: str) -> None:
    with pytest.raises(FrontMatterError) as caught:
        read(raw)
    assert caught.value.message.render() == message
    assert caught.value.position == position
    assert caught.value.hint is not None and caught.value.hint.render() == hint


def test_alias_bomb_is_refused() -> None:
    lines = ["---", "a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for index in range(1, 8):
        prev = chr(ord("a") + index - 1)
        name = chr(ord("a") + index)
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 10)}]")
    lines.append("---")
    with pytest.raises(FrontMatterError) as caught:
        read("\n".join(lines).encode())
    assert caught.value.message.render() == (
        "the front matter is too large or too deeply nested to be read"
    )


def test_empty_front_matter() -> None:
    assert read(b"---\n---\nText\n").front_matter.data == {}
    assert read(b"").front_matter.data == {}
