"""Editing front matter in place: ``reviewed`` and a contact's ``verified``.

Used by ``kb review --mark-reviewed`` and ``kb verify-contact``. An edit
changes the characters of one value and nothing else: comments, key order,
anchors, tags, line ends (LF, CRLF, CR) and a BOM stay byte for byte, and
the value keeps its quoting (plain, single or double quotes). The steps:
the file is read under a lock (:mod:`kb_tools.storage.atomic_file`), the change is
planned or refused (:mod:`kb_tools.editing.plan`), the result is read again
with the validating parser and proved to differ in that value only
(:mod:`kb_tools.editing.proof`), and the file is replaced atomically. A file
that cannot be changed safely is left as it was, and the error names the
line, what was found and what to do by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..front_matter import BOM, FrontMatterError, decode, split
from ..i18n import Message, msg
from ..storage import atomic_file
from .layout import LayoutError, read_layout
from .plan import (
    EditedFile,
    contact_index,
    duplicate,
    merged,
    plan_in_mapping,
    quoted_key,
    refuse_misplaced_front_matter,
    refuse_shared,
    unplaced,
)
from .proof import (
    CONSTRUCTOR_FAILURES,
    MISSING,
    Change,
    EditError,
    Plan,
    first_line,
    prove,
    same,
    shown,
)

__all__ = ["Edit", "EditError", "mark_reviewed", "verify_contact"]


@dataclass(frozen=True)
class Edit:
    """What an edit did. *old* is the previous value as a person reads it
    (control characters escaped), None when there was none."""

    path: Path
    key: Message  # what changed: 'reviewed', 'verified of Anna Berg'
    old: str | None
    new: str
    changed: bool


def mark_reviewed(path: Path, day: date) -> Edit:
    """Set ``reviewed`` to *day*, adding the key (or the front matter) if missing."""

    def plan(file: EditedFile) -> Plan:
        if not file.layout.present:
            refuse_misplaced_front_matter(file)
            eol = file.layout.line_ending_before(0)
            text = f"---{eol}reviewed: {day.isoformat()}{eol}---{eol}"
            subject = quoted_key("reviewed")
            return Plan(("reviewed",), subject, Change(0, 0, text, True), day, MISSING)
        return plan_in_mapping(
            file, [], file.layout.root, (), "reviewed", day, quoted_key("reviewed")
        )

    return _edit(path, msg("reviewed"), plan)


def verify_contact(path: Path, name: str, day: date) -> Edit:
    """Set the ``verified`` date of the contact called *name* (any case)."""

    def plan(file: EditedFile) -> Plan:
        root = file.layout.root
        found = root.get("contacts") if root is not None else []
        if len(found) > 1:
            raise duplicate(file, found, quoted_key("contacts"))
        contacts = file.data.get("contacts")
        if not isinstance(contacts, list) or not contacts:
            raise file.refuse(
                None,
                msg(
                    "the page has no list of contacts, so there is no contact to mark as "
                    "verified."
                ),
                msg("add the contact under 'contacts:' first"),
            )
        if not found:
            raise merged(file, quoted_key("contacts"))
        sequence = found[0][1]
        refuse_shared(file, [sequence], quoted_key("contacts"))
        if sequence.kind != "sequence" or len(sequence.items) != len(contacts):
            raise unplaced(file, sequence, quoted_key("contacts"))
        index = contact_index(file, contacts, name, sequence.items)
        label = shown(str(contacts[index]["name"]).strip(), quoted=False)
        subject = msg(
            "'{key}' of contact {number} ({name})", key="verified", number=index + 1, name=label
        )
        item = sequence.items[index]
        return plan_in_mapping(
            file, [sequence], item, ("contacts", index), "verified", day, subject
        )

    return _edit(path, msg("verified of {name}", name=shown(name, quoted=False)), plan)


# --- the edit --------------------------------------------------------------


def _edit(path: Path, label: Message, plan: Callable[[EditedFile], Plan]) -> Edit:
    try:
        with atomic_file.editing(path) as snapshot:
            file = _open(path, snapshot.data)
            chosen = plan(file)
            absent = chosen.old is MISSING or chosen.old is None
            old = None if absent else str(shown(chosen.old, quoted=False))
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


def _open(path: Path, raw: bytes) -> EditedFile:
    try:
        normalised = decode(raw)
    except FrontMatterError as exc:
        raise EditError(
            path,
            exc.position.line,
            msg(
                "kb cannot read the file as UTF-8 text, so it did not change it: {problem}.",
                problem=exc.message,
            ),
            exc.hint,
        ) from None
    try:
        source = split(normalised)
    except FrontMatterError as exc:
        raise EditError(
            path,
            exc.position.line,
            msg(
                "kb cannot read the front matter, so it did not change the file: {problem}.",
                problem=first_line(exc.message),
            ),
            exc.hint
            or msg("fix the front matter (kb check shows the problem), then run this again"),
        ) from None
    except CONSTRUCTOR_FAILURES as exc:
        reason = (str(exc).splitlines() or [type(exc).__name__])[0][:100]
        raise EditError(
            path,
            None,
            msg(
                "kb cannot read the front matter, so it did not change the file: a value "
                "cannot be read ({reason}).",
                reason=reason,
            ),
            msg(
                "look for a YAML tag ('!!...') on a value of another kind, or a number "
                "hundreds of digits long, fix it, then run this again"
            ),
        ) from None
    bom = BOM if raw.startswith(BOM) else b""
    text = raw[len(bom) :].decode("utf-8")
    try:
        layout = read_layout(text, source)
    except LayoutError as exc:
        raise EditError(
            path,
            None,
            msg(
                "kb's editor reads this front matter differently from the checker "
                "({problem}), so kb did not change the file.",
                problem=str(exc).splitlines()[0],
            ),
            msg("change the date by hand, then run kb check"),
        ) from None
    return EditedFile(path, bom, text, source, layout)
