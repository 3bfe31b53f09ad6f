"""Proving that an in-place front-matter edit changed one value and nothing else.

Used by :mod:`kb_tools.editing.edits` before it writes. The edited bytes are read
again with the validating parser (the one ``kb check`` and the site use) and
compared with the original:

- every front-matter value other than the edited one is equal, type for type
  (a date stays a date, a string a string); aliases are compared as the
  copies they stand for, so an edit that would change an aliased copy fails;
- the edited value is exactly the intended one;
- the page body, the duplicate-key findings and every other value's source
  text are unchanged;
- read by position, the edited value (or the new key) lies exactly where the
  changed bytes are, so every byte outside it is the same as before.

Anything else is an :class:`EditError` and nothing is written.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..fields.validation import describe_path
from ..front_matter import FrontMatterError, SourceFile, read
from ..i18n import Arg, Message, msg, verbatim
from ..text.escaping import printable
from .layout import LayoutError, read_layout

DataPath = tuple[str | int, ...]
# How PyYAML's constructors fail on a value that is not what its tag says
# ('!!float 2]026', '!!float' with nothing, '!!timestamp 2025-#06'), which
# the validating parser does not turn into a FrontMatterError.
CONSTRUCTOR_FAILURES = (
    ArithmeticError,
    AttributeError,
    LookupError,
    RecursionError,
    TypeError,
    ValueError,
)
_SHOWN_MAX = 60


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


class EditError(Exception):
    """The file cannot be edited safely; nothing was written."""

    def __init__(
        self, path: Path, line: int | None, message: Message, hint: Message | None = None
    ):
        super().__init__(message)
        self.path = path
        self.line = line
        self.message = message
        self.hint = hint

    def render(self, shown_path: str | None = None) -> str:
        """``file:line: message`` and the hint, *shown_path* standing for the path."""
        where = printable(shown_path if shown_path is not None else str(self.path))
        if self.line is not None:
            where += f":{self.line}"
        # Names and values from the file are escaped where they are quoted;
        # escaping again here keeps any that slipped through from forging lines.
        text = f"{where}: {printable(self.message.render())}"
        if self.hint is None:
            return text
        return text + "\n  " + msg("hint: {hint}", hint=printable(self.hint.render())).render()

    def __str__(self) -> str:
        return self.render()


@dataclass(frozen=True)
class Change:
    """Replace characters start..end of the text on disk (no BOM) with *text*."""

    start: int
    end: int
    text: str
    new_key: bool  # adds a key (with its value), not a value for an existing key


@dataclass(frozen=True)
class Plan:
    """One edit: the value at data *path* becomes *value* through *change*."""

    path: DataPath
    subject: Message  # how messages name the value: "'reviewed'"
    change: Change
    value: Any
    old: Any  # MISSING when the key is absent


def prove(path: Path, before: SourceFile, bom: bytes, data: bytes, plan: Plan) -> None:
    """Raise :class:`EditError` unless *data* differs from *before* only by *plan*."""
    subject = plan.subject
    hint = msg(
        "set the value by hand ('{key}: {value}'), then run kb check",
        key=str(plan.path[-1]),
        value=_iso(plan.value),
    )
    try:
        after = read(data)
    except FrontMatterError as exc:
        raise EditError(
            path,
            exc.position.line,
            msg(
                "after changing {subject} the front matter could not be read ({problem}), "
                "so kb did not change the file.",
                subject=subject,
                problem=first_line(exc.message),
            ),
            hint,
        ) from None
    except CONSTRUCTOR_FAILURES as exc:
        raise EditError(
            path,
            None,
            msg(
                "after changing {subject} the front matter could not be read ({problem}), "
                "so kb did not change the file.",
                subject=subject,
                problem=type(exc).__name__,
            ),
            hint,
        ) from None
    old_data = before.front_matter.data
    expected = _copy(old_data)
    _put(expected, plan.path, plan.value)
    difference = _difference(expected, after.front_matter.data, ())
    if difference is not None:
        where, wanted, found = difference
        if where == plan.path:
            message = msg(
                "after the change {subject} would read {found} instead of {wanted}, "
                "so kb did not change the file.",
                subject=subject,
                found=shown(found),
                wanted=shown(wanted),
            )
        else:
            message = msg(
                "changing {subject} would also change {other} from {old} to {new}, "
                "so kb did not change the file.",
                subject=subject,
                other=describe_path(where, old_data),
                old=shown(lookup(old_data, where)),
                new=shown(found),
            )
        raise EditError(path, None, message, hint)
    problem = _other_change(before, after, plan)
    if problem is not None:
        raise EditError(path, None, problem, hint)
    if not _in_place(after, bom, data, plan):
        raise EditError(
            path,
            None,
            msg(
                "changing {subject} would touch characters outside its value, "
                "so kb did not change the file.",
                subject=subject,
            ),
            hint,
        )


def first_line(message: Message) -> Message:
    """The first line of *message* (YAML's own errors run over several)."""
    text = message.render()
    return message if "\n" not in text else verbatim(text.splitlines()[0])


def _other_change(before: SourceFile, after: SourceFile, plan: Plan) -> Message | None:
    """What else the edit would change, beyond the values (None: nothing)."""
    subject = plan.subject
    if after.body != before.body:
        return msg(
            "changing {subject} would change the page text below the front matter, "
            "so kb did not change the file.",
            subject=subject,
        )
    seen = {p for p, _ in before.front_matter.duplicate_keys}
    for duplicate, _ in after.front_matter.duplicate_keys:
        if duplicate not in seen:
            where = describe_path(duplicate, after.front_matter.data)
            return msg(
                "after changing {subject}, {where} would be written twice, "
                "so kb did not change the file.",
                subject=subject,
                where=where,
            )
    old_sources, new_sources = _sources_but(before, plan.path), _sources_but(after, plan.path)
    rewritten = [
        p
        for p in old_sources.keys() | new_sources.keys()
        if old_sources.get(p) != new_sources.get(p)
    ]
    if rewritten:
        where = describe_path(min(rewritten, key=str), before.front_matter.data)
        return msg(
            "changing {subject} would change how {where} is written, "
            "so kb did not change the file.",
            subject=subject,
            where=where,
        )
    if len(after.front_matter.duplicate_keys) != len(seen):
        return msg(
            "changing {subject} would remove a duplicate key, so kb did not change the file.",
            subject=subject,
        )
    return None


def _in_place(after: SourceFile, bom: bytes, data: bytes, plan: Plan) -> bool:
    """The changed characters are exactly the new value (or the new entry)."""
    try:
        layout = read_layout(data[len(bom) :].decode("utf-8"), after)
    except LayoutError:
        return False
    entry = layout.find(plan.path)
    if entry is None:
        return False
    key, value = entry
    low, high = plan.change.start, plan.change.start + len(plan.change.text)
    if plan.change.new_key:
        return low <= key.start and value.end <= high
    return key.end <= low and high <= value.end


def _sources_but(source: SourceFile, path: DataPath) -> dict[DataPath, str]:
    return {p: text for p, text in source.front_matter.source.items() if p != path}


def lookup(data: Any, path: DataPath) -> Any:
    """The value at *path*, or MISSING."""
    node = data
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return MISSING
    return node


def _copy(value: Any) -> Any:
    """A deep copy that does not keep YAML's sharing of aliased objects, so
    setting one copy does not set the others."""
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def _put(data: Any, path: DataPath, value: Any) -> None:
    node = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value


def same(a: Any, b: Any) -> bool:
    return _difference(a, b, ()) is None


def _difference(expected: Any, actual: Any, path: DataPath) -> tuple[DataPath, Any, Any] | None:
    """The first place where *actual* differs from *expected*, type included."""
    if type(expected) is not type(actual):
        return path, expected, actual
    if isinstance(expected, dict):
        for key in [*expected, *(k for k in actual if k not in expected)]:
            if key not in expected or key not in actual:
                return (*path, key), expected.get(key, MISSING), actual.get(key, MISSING)
            found = _difference(expected[key], actual[key], (*path, key))
            if found is not None:
                return found
        return None
    if isinstance(expected, list):
        if len(expected) != len(actual):
            return path, expected, actual
        for index, (a, b) in enumerate(zip(expected, actual, strict=True)):
            found = _difference(a, b, (*path, index))
            if found is not None:
                return found
        return None
    if isinstance(expected, float) and math.isnan(expected) and math.isnan(actual):
        return None
    return None if expected == actual else (path, expected, actual)


def _iso(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def shown(value: Any, quoted: bool = True) -> Arg:
    """A value as a message shows it: control and invisible characters
    escaped (they must not forge lines or hide text), long text shortened."""
    if value is MISSING or value is None:
        return msg("nothing")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict | list):
        return msg("a mapping") if isinstance(value, dict) else msg("a list")
    escaped = _escaped(str(value))
    if len(escaped) > _SHOWN_MAX:
        escaped = escaped[: _SHOWN_MAX - 1] + "…"
    return f"'{escaped}'" if quoted and isinstance(value, str) else escaped


def _escaped(text: str) -> str:
    """:func:`printable`, and besides the invisible characters that can
    disguise a value (U+200B, U+FEFF, a no-break space) shown as escapes."""
    return "".join(
        ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii")
        for ch in printable(text)
    )
