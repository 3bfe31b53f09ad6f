"""Planning one front-matter edit: which characters change, or why not.

Used by :mod:`kb_tools.editing.edits`. Given the file and the layout of its front
matter (:mod:`kb_tools.editing.layout`), the planner finds the value to change
and decides how: the same quoting, tag and unreferenced anchor; an alias
replaced by the date; a one-line block scalar kept a block; a missing key
added after the mapping's last entry at its indentation, or inside its
braces. What it cannot change safely it refuses, naming the line, what it
found and what to do by hand. Whether the plan did what it meant is proved
afterwards by :mod:`kb_tools.editing.proof`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..fields.validation import suggest
from ..front_matter import SourceFile
from ..i18n import Message, msg
from .layout import TAG_PREFIX, Layout, Node
from .proof import Change, EditError, Plan, lookup, shown

_TEXT_TAG = TAG_PREFIX + "str"
_DATE_TAG = TAG_PREFIX + "timestamp"
# Characters that hide in front of a '---' and make it something else.
_INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060\u00ad"


@dataclass(frozen=True)
class EditedFile:
    """A file being edited: its text as on disk, what the validating parser
    read in it, and where each front-matter value stands."""

    path: Path
    bom: bytes
    text: str  # as on disk, without the BOM
    source: SourceFile
    layout: Layout

    @property
    def data(self) -> dict[str, Any]:
        return self.source.front_matter.data

    def refuse(
        self, node: Node | None, message: Message, hint: Message | None = None
    ) -> EditError:
        line = self.layout.line(node.start) if node is not None else None
        return EditError(self.path, line, message, hint)


def plan_in_mapping(
    file: EditedFile,
    ancestors: list[Node],
    mapping: Node | None,
    base: tuple[str | int, ...],
    key: str,
    day: date,
    subject: Message,
) -> Plan:
    """Set *key* of *mapping* (at data path *base*) to *day*."""
    path = (*base, key)
    old = lookup(file.data, path)
    iso = day.isoformat()
    if mapping is None:  # front matter with nothing but comments, or nothing at all
        closing = file.layout.closing
        text = f"{key}: {iso}{file.layout.line_ending_before(closing)}"
        return Plan(path, subject, Change(closing, closing, text, True), day, old)
    refuse_shared(file, [*ancestors, mapping], subject)
    if mapping.kind != "mapping":
        raise unplaced(file, mapping, subject)
    found = mapping.get(key)
    if len(found) > 1:
        raise duplicate(file, found, quoted_key(key))
    if found:
        return _plan_value(file, found[0][1], path, key, day, subject, old)
    return _plan_new_key(file, mapping, path, key, day, subject, old)


def _plan_value(
    file: EditedFile,
    value: Node,
    path: tuple[str | int, ...],
    key: str,
    day: date,
    subject: Message,
    old: Any,
) -> Plan:
    iso = day.isoformat()
    if value.kind == "alias":  # the alias goes, the anchored original stays
        return Plan(path, subject, Change(value.start, value.end, iso, False), day, old)
    if value.kind != "scalar":
        raise file.refuse(
            value,
            msg(
                "{subject} holds {found} instead of a date, so kb did not change the file.",
                subject=subject,
                found=msg("a list") if value.kind == "sequence" else msg("a mapping"),
            ),
            msg("replace it by hand with '{key}: {date}'", key=key, date=iso),
        )
    refuse_shared(file, [value], subject, value=True)
    if value.tag not in (None, _TEXT_TAG, _DATE_TAG):
        raise file.refuse(
            value,
            msg(
                "{subject} carries the YAML tag '{tag}', which kb does not rewrite, "
                "so kb did not change the file.",
                subject=subject,
                tag=_short_tag(value.tag),
            ),
            msg("remove the tag and write '{key}: {date}' by hand", key=key, date=iso),
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


def _block_scalar_change(
    file: EditedFile, value: Node, key: str, iso: str, subject: Message
) -> Change:
    """A block scalar (``>-`` or ``|``) holding one line: replace that line's text."""
    written = file.text[value.value_start : value.end]
    header = written.split("\n", 1)[0].split("\r", 1)[0]
    content = written[len(header) :]
    old = value.text.strip()
    if not old or "\n" in old or content.count(old) != 1:
        raise file.refuse(
            value,
            msg(
                "{subject} is a YAML block scalar ('{header}') whose text is not a single "
                "line, so kb did not change the file.",
                subject=subject,
                header=header.strip(),
            ),
            msg("write the date on one line by hand: '{key}: {date}'", key=key, date=iso),
        )
    start = value.value_start + len(header) + content.index(old)
    return Change(start, start + len(old), iso, False)


def _plan_new_key(
    file: EditedFile,
    mapping: Node,
    path: tuple[str | int, ...],
    key: str,
    day: date,
    subject: Message,
    old: Any,
) -> Plan:
    iso = day.isoformat()
    layout = file.layout
    if mapping.flow:
        if file.text[mapping.close : mapping.close + 1] != "}":
            raise file.refuse(
                mapping,
                msg(
                    "kb cannot add {subject}: the mapping is written as a single pair inside "
                    "'[...]' without braces, so kb did not change the file.",
                    subject=subject,
                ),
                msg(
                    "write the mapping in braces, e.g. '{{name: ..., verified: {date}}}', by hand",
                    date=iso,
                ),
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


def refuse_shared(
    file: EditedFile, nodes: list[Node], subject: Message, value: bool = False
) -> None:
    """An alias on the way to the value, or an anchored node that an alias
    repeats: changing it would change another place too."""
    for node in nodes:
        if node.kind == "alias":
            raise _alias_on_path(file, node, subject)
        uses = file.layout.aliases_of(node.anchor) if node.anchor else []
        if not uses or node.anchor is None:
            continue
        line = file.layout.line(uses[0].start)
        if value:
            raise file.refuse(
                node,
                msg(
                    "{subject} carries the YAML anchor '&{anchor}', and line {line} repeats "
                    "it as '*{anchor}'; changing one would change both, so kb did not change "
                    "the file.",
                    subject=subject,
                    anchor=node.anchor,
                    line=str(line),
                ),
                msg(
                    "write the date out where '*{anchor}' stands, then run this again",
                    anchor=node.anchor,
                ),
            )
        raise file.refuse(
            node,
            msg(
                "{subject} is inside a part of the front matter that carries the YAML anchor "
                "'&{anchor}', and line {line} repeats that part as '*{anchor}'; changing one "
                "would change both, so kb did not change the file.",
                subject=subject,
                anchor=node.anchor,
                line=str(line),
            ),
            msg(
                "write out the part that '*{anchor}' repeats, then run this again",
                anchor=node.anchor,
            ),
        )


def _alias_on_path(file: EditedFile, alias: Node, subject: Message) -> EditError:
    original = file.layout.anchors.get(alias.text)
    where = file.layout.line(original.start) if original is not None else "?"
    return file.refuse(
        alias,
        msg(
            "{subject} is inside the YAML alias '*{alias}', a repetition of line {line}; "
            "changing it would change the original too, so kb did not change the file.",
            subject=subject,
            alias=alias.text,
            line=str(where),
        ),
        msg("write out what '*{alias}' repeats, then run this again", alias=alias.text),
    )


def quoted_key(key: str) -> Message:
    """``'reviewed'``: how a message names a key."""
    return msg("'{key}'", key=key)


def merged(file: EditedFile, key: Message) -> EditError:
    return EditError(
        file.path,
        None,
        msg(
            "{key} comes from a YAML merge ('<<'), not from lines of its own, "
            "so kb did not change the file.",
            key=key,
        ),
        msg("write {key} out in the file, then run this again", key=key),
    )


def duplicate(file: EditedFile, found: list[tuple[Node, Node]], key: Message) -> EditError:
    lines = ", ".join(str(file.layout.line(k.start)) for k, _ in found)
    return file.refuse(
        found[1][0],
        msg(
            "{key} is written {count} times (lines {lines}); kb cannot tell which one "
            "counts, so kb did not change the file.",
            key=key,
            count=len(found),
            lines=lines,
        ),
        msg("delete all but one of them, then run this again"),
    )


def unplaced(file: EditedFile, node: Node, subject: Message) -> EditError:
    return file.refuse(
        node,
        msg(
            "kb cannot find where {subject} is written, so it did not change the file.",
            subject=subject,
        ),
        msg("set the date by hand, then run kb check"),
    )


def refuse_misplaced_front_matter(file: EditedFile) -> None:
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
                msg(
                    "line 1 seems to open the front matter but holds {found} instead of just "
                    "'---', so kb did not change the file.",
                    found=shown(line),
                ),
                msg(
                    "make line 1 exactly '---' (some of the other characters may be "
                    "invisible), then run this again"
                ),
            )
        raise EditError(
            file.path,
            number,
            msg(
                "front matter must start on line 1, but the first '---' is on line {line}, "
                "so kb did not change the file.",
                line=str(number),
            ),
            msg("delete the lines above it, then run this again"),
        )


def contact_index(file: EditedFile, contacts: list[Any], name: str, items: list[Node]) -> int:
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
            msg(
                "{count} contacts are named {name} (lines {lines}); kb cannot tell which one "
                "was confirmed, so kb did not change the file.",
                count=len(matches),
                name=shown(name),
                lines=lines,
            ),
            msg("give each contact its own name, or set 'verified' by hand"),
        )
    names = [str(c["name"]) for c in contacts if isinstance(c, dict) and c.get("name")]
    close = suggest(name, names)
    raise EditError(
        file.path,
        None,
        msg("no contact is named {name}, so kb did not change the file.", name=shown(name)),
        msg("did you mean {name}?", name=shown(close))
        if close
        else msg("the contacts are {names}", names=", ".join(str(shown(n)) for n in names)),
    )


def _short_tag(tag: str | None) -> str:
    tag = tag or ""
    return "!!" + tag[len(TAG_PREFIX) :] if tag.startswith(TAG_PREFIX) else tag
