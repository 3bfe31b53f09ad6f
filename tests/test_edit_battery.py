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

from kb_tools.edit import Edit, EditError, mark_reviewed, verify_contact
from kb_tools.frontmatter import BOM, read

from .hostile_yaml import CASES, DAY, Case, Changed, Refused, Unchanged

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


def _replaced(raw: bytes, expected: Changed) -> bytes:
    bom = BOM if raw.startswith(BOM) else b""
    text = raw[len(bom) :].decode("utf-8")
    assert text.count(expected.old) == 1, "the expected change must name a unique snippet"
    return bom + text.replace(expected.old, expected.new).encode("utf-8")


def _data_path(raw: bytes, command: str) -> tuple[str | int, ...]:
    if command == "reviewed":
        return ("reviewed",)
    contacts = read(raw).front_matter.data["contacts"]
    names = [str(c.get("name", "")).strip().casefold() for c in contacts]
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
