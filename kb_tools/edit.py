"""Editing front matter in place: ``reviewed`` and a contact's ``verified``.

The value is replaced where it stands, using the positions the parser
records, so every other byte of the file — comments, key order, quoting,
line endings, a BOM — stays as it was. The result is read again with the
validating parser before it is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .frontmatter import BOM, FrontMatterError, read
from .validation import suggest

# A scalar as written: quoted, or plain up to a space, comment or flow bracket.
_TOKEN = re.compile(r"\"[^\"]*\"|'[^']*'|[^\s#,\]}]+")


class EditError(Exception):
    """The file cannot be edited safely; nothing was written."""


@dataclass(frozen=True)
class Edit:
    path: Path
    key: str
    old: str | None
    new: str

    @property
    def changed(self) -> bool:
        return self.old != self.new


def _split_lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def _set_at(lines: list[str], line: int, column: int, value: str) -> str | None:
    """Replace the scalar token at 1-based (line, column); return the old one."""
    index = line - 1
    current = lines[index]
    start = column - 1
    match = _TOKEN.match(current, start)
    if match is None:
        raise EditError(f"line {line}: no value to replace")
    old = match.group(0)
    lines[index] = current[:start] + value + current[match.end() :]
    return old.strip("'\"")


def _line_ending(lines: list[str]) -> str:
    return "\r\n" if lines and lines[0].endswith("\r\n") else "\n"


def _load(path: Path) -> tuple[bytes, str]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise EditError(f"cannot read {path}: {exc.strerror or exc}") from None
    bom = raw.startswith(BOM)
    try:
        text = raw[len(BOM) :].decode("utf-8") if bom else raw.decode("utf-8")
    except UnicodeDecodeError:
        raise EditError(f"{path} is not UTF-8; save it as UTF-8 first") from None
    return (BOM if bom else b""), text


def _save(path: Path, bom: bytes, lines: list[str]) -> None:
    text = "".join(lines)
    data = bom + text.encode("utf-8")
    try:
        read(data)  # the validating parser must still read it
    except FrontMatterError as exc:
        raise EditError(f"{path}: the edit would break the front matter: {exc.message}") from None
    path.write_bytes(data)


def mark_reviewed(path: Path, day: date) -> Edit:
    """Set ``reviewed`` to *day* (adding the key if it is missing)."""
    bom, text = _load(path)
    try:
        source = read(bom + text.encode("utf-8"))
    except FrontMatterError as exc:
        raise EditError(f"{path}: {exc.message}") from None
    lines = _split_lines(text)
    value = day.isoformat()
    fm = source.front_matter
    if ("reviewed",) in fm.value_positions:
        position = fm.value_positions[("reviewed",)]
        old = _set_at(lines, position.line, position.column, value)
    elif fm.present:
        closing = source.body_line - 2  # index of the closing '---'
        lines.insert(closing, f"reviewed: {value}{_line_ending(lines)}")
        old = None
    else:
        ending = _line_ending(lines) if lines else "\n"
        lines[0:0] = [f"---{ending}", f"reviewed: {value}{ending}", f"---{ending}"]
        old = None
    if old != value:
        _save(path, bom, lines)
    return Edit(path, "reviewed", old, value)


def verify_contact(path: Path, name: str, day: date) -> Edit:
    """Set the ``verified`` date of the contact called *name*."""
    bom, text = _load(path)
    try:
        source = read(bom + text.encode("utf-8"))
    except FrontMatterError as exc:
        raise EditError(f"{path}: {exc.message}") from None
    contacts = source.front_matter.data.get("contacts")
    if not isinstance(contacts, list) or not contacts:
        raise EditError(f"{path} has no contacts")
    names = [c.get("name") for c in contacts if isinstance(c, dict)]
    wanted = name.casefold()
    index = next(
        (
            i
            for i, c in enumerate(contacts)
            if isinstance(c, dict) and str(c.get("name", "")).casefold() == wanted
        ),
        None,
    )
    if index is None:
        hint = suggest(name, [n for n in names if isinstance(n, str)])
        raise EditError(
            f"{path} has no contact named '{name}'" + (f"; did you mean '{hint}'?" if hint else "")
        )
    lines = _split_lines(text)
    value = day.isoformat()
    fm = source.front_matter
    key = ("contacts", index, "verified")
    if key in fm.value_positions:
        position = fm.value_positions[key]
        old = _set_at(lines, position.line, position.column, value)
    else:
        item = fm.key_positions[("contacts", index)]
        first_key = next(
            p for k, p in fm.key_positions.items() if len(k) == 3 and k[:2] == ("contacts", index)
        )
        indent = " " * (first_key.column - 1)
        lines.insert(item.line, f"{indent}verified: {value}{_line_ending(lines)}")
        old = None
    if old != value:
        _save(path, bom, lines)
    return Edit(path, f"verified of {name}", old, value)
