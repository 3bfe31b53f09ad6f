"""Editing front matter in place: ``reviewed`` and a contact's ``verified``.

Used by ``kb review --mark-reviewed`` and ``kb verify-contact``. An edit
changes the characters of one value and nothing else: comments, key order,
anchors, tags, line ends (LF, CRLF, CR) and a BOM stay byte for byte, and
the value keeps its quoting (plain, single or double quotes). A missing key
is added after the mapping's last entry at its indentation, or inside its
braces. Before anything is written, :mod:`kb_tools.edit_proof` reads the
result again with the validating parser and proves that only the intended
value changed; a file that cannot be changed safely is left as it was and
the error names the line, what was found and what to do by hand. The file is
replaced atomically (:mod:`kb_tools.atomic_file`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from . import atomic_file
from .edit_proof import (
    CONSTRUCTOR_FAILURES,
    MISSING,
    Change,
    EditError,
    Plan,
    lookup,
    prove,
    same,
    shown,
)
from .frontmatter import BOM, FrontMatterError, SourceFile, decode, split
from .validation import suggest
from .yaml_layout import TAG_PREFIX, Layout, LayoutError, Node, read_layout

__all__ = ["Edit", "EditError", "mark_reviewed", "verify_contact"]

_TEXT_TAG = TAG_PREFIX + "str"
_DATE_TAG = TAG_PREFIX + "timestamp"
# Characters that hide in front of a '---' and make it something else.
_INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060\u00ad"


@dataclass(frozen=True)
class Edit:
    """What an edit did. *old* is the previous value as a person reads it
    (control characters escaped), None when there was none."""

    path: Path
    key: str
    old: str | None
    new: str
    changed: bool


@dataclass(frozen=True)
class _File:
    path: Path
    bom: bytes
    text: str  # as on disk, without the BOM
    source: SourceFile
    layout: Layout

    @property
    def data(self) -> dict[str, Any]:
        return self.source.front_matter.data

    def refuse(self, node: Node | None, message: str, hint: str | None = None) -> EditError:
        line = self.layout.line(node.start) if node is not None else None
        return EditError(self.path, line, message, hint)


def mark_reviewed(path: Path, day: date) -> Edit:
    """Set ``reviewed`` to *day*, adding the key (or the front matter) if missing."""

    def plan(file: _File) -> Plan:
        if not file.layout.present:
            _refuse_misplaced_front_matter(file)
            eol = file.layout.line_ending_before(0)
            text = f"---{eol}reviewed: {day.isoformat()}{eol}---{eol}"
            return Plan(("reviewed",), "'reviewed'", Change(0, 0, text, True), day, MISSING)
        return _plan_in_mapping(file, [], file.layout.root, (), "reviewed", day, "'reviewed'")

    return _edit(path, "reviewed", plan)


def verify_contact(path: Path, name: str, day: date) -> Edit:
    """Set the ``verified`` date of the contact called *name* (any case)."""

    def plan(file: _File) -> Plan:
        root = file.layout.root
        found = root.get("contacts") if root is not None else []
        if len(found) > 1:
            raise _duplicate(file, found, "'contacts'")
        contacts = file.data.get("contacts")
        if not isinstance(contacts, list) or not contacts:
            raise file.refuse(
                None,
                "the page has no list of contacts, so there is no contact to mark as verified.",
                "add the contact under 'contacts:' first",
            )
        if not found:
            raise _merged(file, "'contacts'")
        sequence = found[0][1]
        _refuse_shared(file, [sequence], "'contacts'")
        if sequence.kind != "sequence" or len(sequence.items) != len(contacts):
            raise _unplaced(file, sequence, "'contacts'")
        index = _contact_index(file, contacts, name, sequence.items)
        label = shown(str(contacts[index]["name"]).strip(), quoted=False)
        subject = f"'verified' of contact {index + 1} ({label})"
        item = sequence.items[index]
        return _plan_in_mapping(
            file, [sequence], item, ("contacts", index), "verified", day, subject
        )

    return _edit(path, f"verified of {shown(name, quoted=False)}", plan)


# --- the edit --------------------------------------------------------------


def _edit(path: Path, label: str, plan: Callable[[_File], Plan]) -> Edit:
    try:
        with atomic_file.editing(path) as snapshot:
            file = _open(path, snapshot.data)
            chosen = plan(file)
            absent = chosen.old is MISSING or chosen.old is None
            old = None if absent else shown(chosen.old, quoted=False)
            new = chosen.value.isoformat() if isinstance(chosen.value, date) else chosen.value
            if chosen.old is not MISSING and same(chosen.old, chosen.value):
                return Edit(path, label, old, new, changed=False)
            change = chosen.change
            text = file.text[: change.start] + change.text + file.text[change.end :]
            data = file.bom + text.encode("utf-8")
            prove(path, file.source, file.bom, data, chosen)
            atomic_file.replace(snapshot, data)
    except atomic_file.FileChangeError as exc:
        raise EditError(path, None, exc.message, exc.hint) from None
    return Edit(path, label, old, new, changed=True)


def _open(path: Path, raw: bytes) -> _File:
    try:
        normalised = decode(raw)
    except FrontMatterError as exc:
        raise EditError(
            path,
            exc.position.line,
            f"kb cannot read the file as UTF-8 text, so it did not change it: {exc.message}.",
            exc.hint,
        ) from None
    try:
        source = split(normalised)
    except FrontMatterError as exc:
        raise EditError(
            path,
            exc.position.line,
            "kb cannot read the front matter, so it did not change the file: "
            f"{exc.message.splitlines()[0]}.",
            exc.hint or "fix the front matter (kb check shows the problem), then run this again",
        ) from None
    except CONSTRUCTOR_FAILURES as exc:
        reason = (str(exc).splitlines() or [type(exc).__name__])[0][:100]
        raise EditError(
            path,
            None,
            "kb cannot read the front matter, so it did not change the file: "
            f"a value cannot be read ({reason}).",
            "look for a YAML tag ('!!...') on a value of another kind, or a number hundreds "
            "of digits long, fix it, then run this again",
        ) from None
    bom = BOM if raw.startswith(BOM) else b""
    text = raw[len(bom) :].decode("utf-8")
    try:
        layout = read_layout(text, source)
    except LayoutError as exc:
        raise EditError(
            path,
            None,
            "kb's editor reads this front matter differently from the checker "
            f"({str(exc).splitlines()[0]}), so kb did not change the file.",
            "change the date by hand, then run kb check",
        ) from None
    return _File(path, bom, text, source, layout)


# --- planning --------------------------------------------------------------


def _plan_in_mapping(
    file: _File,
    ancestors: list[Node],
    mapping: Node | None,
    base: tuple[str | int, ...],
    key: str,
    day: date,
    subject: str,
) -> Plan:
    """Set *key* of *mapping* (at data path *base*) to *day*."""
    path = (*base, key)
    old = lookup(file.data, path)
    iso = day.isoformat()
    if mapping is None:  # front matter with nothing but comments, or nothing at all
        closing = file.layout.closing
        text = f"{key}: {iso}{file.layout.line_ending_before(closing)}"
        return Plan(path, subject, Change(closing, closing, text, True), day, old)
    _refuse_shared(file, [*ancestors, mapping], subject)
    if mapping.kind != "mapping":
        raise _unplaced(file, mapping, subject)
    found = mapping.get(key)
    if len(found) > 1:
        raise _duplicate(file, found, f"'{key}'")
    if found:
        return _plan_value(file, found[0][1], path, key, day, subject, old)
    return _plan_new_key(file, mapping, path, key, day, subject, old)


def _plan_value(
    file: _File,
    value: Node,
    path: tuple[str | int, ...],
    key: str,
    day: date,
    subject: str,
    old: Any,
) -> Plan:
    iso = day.isoformat()
    if value.kind == "alias":  # the alias goes, the anchored original stays
        return Plan(path, subject, Change(value.start, value.end, iso, False), day, old)
    if value.kind != "scalar":
        raise file.refuse(
            value,
            f"{subject} holds {'a list' if value.kind == 'sequence' else 'a mapping'} "
            "instead of a date, so kb did not change the file.",
            f"replace it by hand with '{key}: {iso}'",
        )
    _refuse_shared(file, [value], subject, value=True)
    if value.tag not in (None, _TEXT_TAG, _DATE_TAG):
        raise file.refuse(
            value,
            f"{subject} carries the YAML tag '{_short_tag(value.tag)}', which kb does not "
            "rewrite, so kb did not change the file.",
            f"remove the tag and write '{key}: {iso}' by hand",
        )
    as_text = value.tag == _TEXT_TAG or (value.tag is None and value.style is not None)
    expected: date | str = iso if as_text else day
    if value.style in ("'", '"'):
        change = Change(value.value_start, value.end, f"{value.style}{iso}{value.style}", False)
    elif value.style is not None:
        change = _block_scalar_change(file, value, key, iso, subject)
    elif value.value_start == value.end:  # nothing after the colon (or the tag)
        gap = "" if file.text[value.end - 1 : value.end] in (" ", "\t") else " "
        change = Change(value.end, value.end, gap + iso, False)
    else:
        change = Change(value.value_start, value.end, iso, False)
    return Plan(path, subject, change, expected, old)


def _block_scalar_change(file: _File, value: Node, key: str, iso: str, subject: str) -> Change:
    """A block scalar (``>-`` or ``|``) holding one line: replace that line's text."""
    written = file.text[value.value_start : value.end]
    header = written.split("\n", 1)[0].split("\r", 1)[0]
    content = written[len(header) :]
    old = value.text.strip()
    if not old or "\n" in old or content.count(old) != 1:
        raise file.refuse(
            value,
            f"{subject} is a YAML block scalar ('{header.strip()}') whose text is not "
            "a single line, so kb did not change the file.",
            f"write the date on one line by hand: '{key}: {iso}'",
        )
    start = value.value_start + len(header) + content.index(old)
    return Change(start, start + len(old), iso, False)


def _plan_new_key(
    file: _File,
    mapping: Node,
    path: tuple[str | int, ...],
    key: str,
    day: date,
    subject: str,
    old: Any,
) -> Plan:
    iso = day.isoformat()
    layout = file.layout
    if mapping.flow:
        if file.text[mapping.close : mapping.close + 1] != "}":
            raise file.refuse(
                mapping,
                f"kb cannot add {subject}: the mapping is written as a single pair "
                "inside '[...]' without braces, so kb did not change the file.",
                f"write the mapping in braces, e.g. '{{name: ..., verified: {iso}}}', by hand",
            )
        if mapping.entries:
            at = mapping.entries[-1][1].content_end
            change = Change(at, at, f", {key}: {iso}", True)
        else:
            change = Change(mapping.close, mapping.close, f"{key}: {iso}", True)
        return Plan(path, subject, change, day, old)
    first_key = mapping.entries[0][0]
    indent = " " * (first_key.start - layout.line_start(first_key.start))
    at = layout.next_line(mapping.content_end)
    text = f"{indent}{key}: {iso}{layout.line_ending_before(at)}"
    return Plan(path, subject, Change(at, at, text, True), day, old)


# --- refusals --------------------------------------------------------------


def _refuse_shared(file: _File, nodes: list[Node], subject: str, value: bool = False) -> None:
    """An alias on the way to the value, or an anchored node that an alias
    repeats: changing it would change another place too."""
    for node in nodes:
        if node.kind == "alias":
            raise _alias_on_path(file, node, subject)
        uses = file.layout.aliases_of(node.anchor) if node.anchor else []
        if not uses:
            continue
        line = file.layout.line(uses[0].start)
        if value:
            raise file.refuse(
                node,
                f"{subject} carries the YAML anchor '&{node.anchor}', and line {line} "
                f"repeats it as '*{node.anchor}'; changing one would change both, so kb "
                "did not change the file.",
                f"write the date out where '*{node.anchor}' stands, then run this again",
            )
        raise file.refuse(
            node,
            f"{subject} is inside a part of the front matter that carries the YAML "
            f"anchor '&{node.anchor}', and line {line} repeats that part as "
            f"'*{node.anchor}'; changing one would change both, so kb did not change the file.",
            f"write out the part that '*{node.anchor}' repeats, then run this again",
        )


def _alias_on_path(file: _File, alias: Node, subject: str) -> EditError:
    original = file.layout.anchors.get(alias.text)
    where = file.layout.line(original.start) if original is not None else "?"
    return file.refuse(
        alias,
        f"{subject} is inside the YAML alias '*{alias.text}', a repetition of line "
        f"{where}; changing it would change the original too, so kb did not change the file.",
        f"write out what '*{alias.text}' repeats, then run this again",
    )


def _merged(file: _File, key: str) -> EditError:
    return EditError(
        file.path,
        None,
        f"{key} comes from a YAML merge ('<<'), not from lines of its own, "
        "so kb did not change the file.",
        f"write {key} out in the file, then run this again",
    )


def _duplicate(file: _File, found: list[tuple[Node, Node]], key: str) -> EditError:
    lines = ", ".join(str(file.layout.line(k.start)) for k, _ in found)
    return file.refuse(
        found[1][0],
        f"{key} is written {len(found)} times (lines {lines}); kb cannot tell which one "
        "counts, so kb did not change the file.",
        "delete all but one of them, then run this again",
    )


def _unplaced(file: _File, node: Node, subject: str) -> EditError:
    return file.refuse(
        node,
        f"kb cannot find where {subject} is written, so it did not change the file.",
        "set the date by hand, then run kb check",
    )


def _refuse_misplaced_front_matter(file: _File) -> None:
    """No front matter, but a '---' where front matter was surely meant:
    adding a second block would hide the first."""
    for number, line in enumerate(file.source.text.split("\n")[:200], start=1):
        core = line.strip().strip(_INVISIBLE).strip()
        if not core:
            continue
        if not core.startswith("---"):
            return
        if number == 1:
            raise EditError(
                file.path,
                1,
                f"line 1 seems to open the front matter but holds {shown(line)} "
                "instead of just '---', so kb did not change the file.",
                "make line 1 exactly '---' (some of the other characters may be "
                "invisible), then run this again",
            )
        raise EditError(
            file.path,
            number,
            f"front matter must start on line 1, but the first '---' is on line {number}, "
            "so kb did not change the file.",
            "delete the lines above it, then run this again",
        )


def _contact_index(file: _File, contacts: list[Any], name: str, items: list[Node]) -> int:
    def key(value: Any) -> str:
        return str(value if value is not None else "").strip().casefold()

    wanted = key(name)
    matches = [
        i for i, c in enumerate(contacts) if isinstance(c, dict) and key(c.get("name")) == wanted
    ]
    if len(matches) == 1:
        return matches[0]
    if matches:
        lines = ", ".join(str(file.layout.line(items[i].start)) for i in matches)
        raise file.refuse(
            items[matches[1]],
            f"{len(matches)} contacts are named {shown(name)} (lines {lines}); kb cannot "
            "tell which one was confirmed, so kb did not change the file.",
            "give each contact its own name, or set 'verified' by hand",
        )
    names = [str(c["name"]) for c in contacts if isinstance(c, dict) and c.get("name")]
    close = suggest(name, names)
    raise EditError(
        file.path,
        None,
        f"no contact is named {shown(name)}, so kb did not change the file.",
        f"did you mean {shown(close)}?"
        if close
        else "the contacts are " + ", ".join(shown(n) for n in names),
    )


def _short_tag(tag: str | None) -> str:
    tag = tag or ""
    return "!!" + tag[len(TAG_PREFIX) :] if tag.startswith(TAG_PREFIX) else tag
