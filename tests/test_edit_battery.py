"""The hostile-YAML battery for the editing commands (issue 18, D12).

Every file of :mod:`tests.hostile_yaml` goes through ``mark_reviewed`` and
``verify_contact``. An edit must be exactly the expected bytes and, read
again with the validating parser, differ from the original in the one
value; a refusal must leave the file byte for byte as it was and say
exactly why. No run may leave a temporary file behind.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb_tools.editing.edits import Edit, EditError, mark_reviewed, verify_contact
from kb_tools.front_matter import BOM, read

from .hostile_yaml import ANNA, CASES, DAY, HEAD, Case, Changed, Refused, Unchanged, page

COMMANDS: dict[str, Callable[[Path], Edit]] = {
    "reviewed": lambda path: mark_reviewed(path, DAY),
    "verified": lambda path: verify_contact(path, "Anna Berg", DAY),
}


def test_the_battery_is_large_enough() -> None:
    assert len(CASES) >= 38
    assert len({case.id for case in CASES}) == len(CASES)


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_hostile_front_matter(tmp_path: Path, case: Case, command: str) -> None:
    raw = case.text if isinstance(case.text, bytes) else case.text.encode("utf-8")
    path = tmp_path / "sida.md"
    path.write_bytes(raw)
    expected = case.reviewed if command == "reviewed" else case.verified
    if isinstance(expected, Refused):
        with pytest.raises(EditError) as refusal:
            COMMANDS[command](path)
        assert refusal.value.render("sida.md") == expected.message
        assert path.read_bytes() == raw
    else:
        edit = COMMANDS[command](path)
        after = path.read_bytes()
        assert edit.changed is isinstance(expected, Changed)
        assert edit.new == "2026-11-23"
        if isinstance(expected, Unchanged):
            assert after == raw
        else:
            assert after == _replaced(raw, expected)
            _assert_only_the_value_changed(raw, after, _data_path(raw, command), expected.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sida.md"]


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize(
    "value",
    ["!!float 2]026", "!!float", "!!timestamp 2025-#06-30", "!!int tolv", "1" * 5000],
)
def test_a_value_that_does_not_fit_its_tag_is_a_refusal(
    tmp_path: Path, command: str, value: str
) -> None:
    """PyYAML's constructors fail with plain Python errors here; the editor
    refuses instead of crashing (whatever the parser's own wording is)."""
    raw = page(HEAD + f"reviewed: 2025-06-30\nextra: {value}\n" + ANNA).encode()
    path = tmp_path / "sida.md"
    path.write_bytes(raw)
    with pytest.raises(EditError) as refusal:
        COMMANDS[command](path)
    assert refusal.value.render("sida.md").startswith("sida.md")
    assert "kb cannot read the front matter, so it did not change the file: " in str(refusal.value)
    assert path.read_bytes() == raw


FRAGMENTS = st.sampled_from(
    [
        "\n",
        "\r",
        "\r\n",
        " ",
        "\t",
        "-",
        "---",
        ":",
        "#",
        "&a ",
        "*a",
        "!!str ",
        "'",
        '"',
        "[",
        "]",
        "{",
        "}",
        ",",
        "|",
        ">-",
        "? ",
        "\x85",
        "\u2028",
        "\ufeff",
        "\f",
        "\x0b",
        "reviewed: ",
        "verified: ",
        "- name: Anna Berg\n",
        "2025-01-01",
        "<<: ",
        "...\n",
        "å",
    ]
)


@settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    st.sampled_from(CASES),
    st.lists(st.tuples(st.floats(0, 1), FRAGMENTS), min_size=1, max_size=3),
    st.sampled_from(sorted(COMMANDS)),
)
def test_mutated_files_are_edited_correctly_or_left_alone(
    tmp_path: Path, case: Case, insertions: list[tuple[float, str]], command: str
) -> None:
    """Fragments an attacker or a broken editor adds anywhere in a battery
    file: the edit is right (checked independently) or the file untouched."""
    text = case.text if isinstance(case.text, str) else case.text.decode("utf-8", "replace")
    for where, fragment in insertions:
        at = int(where * len(text))
        text = text[:at] + fragment + text[at:]
    raw = text.encode("utf-8")
    path = tmp_path / "sida.md"
    path.write_bytes(raw)
    try:
        edit = COMMANDS[command](path)
    except EditError:
        assert path.read_bytes() == raw
        return
    after = path.read_bytes()
    if not edit.changed:
        assert after == raw
        return
    value = read(after).front_matter.data
    for part in _data_path(raw, command):
        value = value[part]
    assert value in (DAY, "2026-11-23")
    _assert_only_the_value_changed(raw, after, _data_path(raw, command), value)


def _replaced(raw: bytes, expected: Changed) -> bytes:
    bom = BOM if raw.startswith(BOM) else b""
    text = raw[len(bom) :].decode("utf-8")
    assert text.count(expected.old) == 1, "the expected change must name a unique snippet"
    return bom + text.replace(expected.old, expected.new).encode("utf-8")


def _data_path(raw: bytes, command: str) -> tuple[str | int, ...]:
    if command == "reviewed":
        return ("reviewed",)
    contacts = read(raw).front_matter.data["contacts"]
    names = [
        str(c.get("name", "")).strip().casefold() if isinstance(c, dict) else None for c in contacts
    ]
    return ("contacts", names.index("anna berg"), "verified")


def _assert_only_the_value_changed(
    before: bytes, after: bytes, path: tuple[str | int, ...], value: Any
) -> None:
    """Independently of the editor's own proof: read both with the validating
    parser; the data must be equal, type for type, except at *path*."""
    old, new = read(before), read(after)
    expected = _typed(old.front_matter.data)
    node = expected
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = _typed(value)
    assert _typed(new.front_matter.data) == expected
    assert new.body == old.body
    assert [p for p, _ in new.front_matter.duplicate_keys] == [
        p for p, _ in old.front_matter.duplicate_keys
    ]


def _typed(value: Any) -> Any:
    """A copy where every scalar carries its type: 2026-11-23 the date and
    '2026-11-23' the text must not compare equal."""
    if isinstance(value, dict):
        return {k: _typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(v) for v in value]
    return (type(value).__name__, value)
