"""Turning pydantic's validation errors into problems an editor can act on.

Every problem is one of three kinds (missing key, unknown key, bad value),
carries the source position of what it is about, and is worded the same way
everywhere: ``'reviewed': expected a date YYYY-MM-DD, found '2026-02-30'``.
The same translation serves front matter and the ``kb`` plugin configuration.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from ..front_matter import FrontMatter, Path, Position
from ..i18n import Message, as_message, msg, verbatim
from .synonyms import key_for
from .values import did_you_mean as _did_you_mean
from .values import shortened
from .vocabulary import SWEDISH_VALUES

Kind = Literal["missing", "unknown", "format"]


@dataclass(frozen=True)
class Problem:
    """One validation problem. *message* names its subject for a page
    (``'phone' of contact 1: expected ...``); *text* is the bare sentence."""

    kind: Kind
    path: Path
    position: Position
    message: Message
    hint: Message | None = None
    text: Message | None = None


_MAPPING = msg("a mapping of keys to values")
_WHOLE = msg("a whole number")
_TRUE_OR_FALSE = msg("true or false")
_NUMBER = msg("a number")
_EXPECTED: dict[str, Message] = {
    "string_type": msg("text"),
    "list_type": msg("a list, e.g. [a, b]"),
    "dict_type": _MAPPING,
    "model_type": _MAPPING,
    "model_attributes_type": _MAPPING,
    "dataclass_type": _MAPPING,
    "bool_type": _TRUE_OR_FALSE,
    "bool_parsing": _TRUE_OR_FALSE,
    "int_type": _WHOLE,
    "int_parsing": _WHOLE,
    "int_from_float": _WHOLE,
    "float_type": _NUMBER,
    "float_parsing": _NUMBER,
    "too_short": msg("at least one item"),
    "string_too_short": msg("text that is not empty"),
    "greater_than": msg("a number above {gt}"),
    "greater_than_equal": msg("a number of at least {ge}"),
}


def describe_path(path: Path, data: dict[str, Any] | None = None) -> Message:
    """``('contacts', 1, 'phone')`` → ``'phone' of contact 2 (Leila Haddad)``."""
    if not path:
        return msg("the front matter")
    last = path[-1]
    if len(path) >= 3 and isinstance(path[-2], int):
        container, number = str(path[-3]), path[-2] + 1
        label = _item_label(data, (*path[:-1],))
        key = str(last)
        if container == "contacts":
            if label:
                return msg("'{key}' of contact {number} ({name})", key=key, number=number,
                           name=label)
            return msg("'{key}' of contact {number}", key=key, number=number)
        if container == "terms":
            if label:
                return msg("'{key}' of term {number} ({name})", key=key, number=number,
                           name=label)
            return msg("'{key}' of term {number}", key=key, number=number)
        return msg("'{key}' of item {number} of '{list}'", key=key, number=number, list=container)
    if len(path) >= 2 and isinstance(last, int):
        container, number = str(path[-2]), last + 1
        label = _item_label(data, path)
        if container == "contacts":
            if label:
                return msg("contact {number} ({name})", number=number, name=label)
            return msg("contact {number}", number=number)
        if container == "terms":
            if label:
                return msg("term {number} ({name})", number=number, name=label)
            return msg("term {number}", number=number)
        return msg("item {number} of '{list}'", number=number, list=container)
    return msg("'{key}'", key=str(last))


def _item_label(data: dict[str, Any] | None, path: Path) -> str:
    node: Any = data
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return ""
    if isinstance(node, dict):
        label = node.get("name") or node.get("term")
        if isinstance(label, str) and label.strip():
            return label.strip()
    return ""


def describe_found(value: Any, source: str | None) -> Message:
    """What the editor wrote, as they wrote it where we know it (a long
    value shortened, so that one message stays one line)."""
    if value is None:
        return msg("nothing") if not source else _quoted(source)
    if isinstance(value, bool):
        yaml_word = str(value).lower()
        if source is not None and source.lower() not in ("true", "false"):
            return msg(
                "'{written}' (YAML reads it as {value})",
                written=shortened(source),
                value=yaml_word,
            )
        return _shown(shortened(source) if source is not None else yaml_word)
    if isinstance(value, dict):
        return msg("a mapping")
    if isinstance(value, list):
        return msg("a list") if value else msg("an empty list")
    if source is not None:
        if isinstance(value, int | float) and source.strip() != str(value):
            return msg(
                "{written} (YAML reads it as the number {number})",
                written=shortened(source),
                number=shortened(str(value)),
            )
        return _quoted(source) if isinstance(value, str) else _shown(shortened(source))
    if isinstance(value, str):
        return _shown(shortened(value, quoted=True))
    return _shown(shortened(str(value)))


def _quoted(text: str) -> Message:
    """``'text'``: a value as written, in quotes."""
    return msg("'{value}'", value=shortened(text))


def _shown(text: str | Message) -> Message:
    return text if isinstance(text, Message) else verbatim(text)


def _lookup(data: Any, path: Path) -> tuple[bool, Any]:
    node = data
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return False, None
    return True, node


def model_at(model: type[BaseModel], path: Path) -> type[BaseModel] | None:
    """The model class that validates the mapping at *path* (for key suggestions)."""
    current: type[BaseModel] | None = model
    for part in path:
        if current is None:
            return None
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part)
        if field is None:
            return None
        current = _model_in(field.annotation)
    return current


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _model_in(typing.get_args(annotation)[0])
    if origin in (list, dict, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _model_in(arg)
            if found is not None:
                return found
    return None


def suggest(word: str, choices: typing.Iterable[str], cutoff: float = 0.6) -> str | None:
    """A close match for a mistyped word, case-insensitively."""
    pool = list(choices)
    lowered = {c.lower(): c for c in pool}
    if word.lower() in lowered and lowered[word.lower()] != word:
        return lowered[word.lower()]
    matches = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=cutoff)
    return lowered[matches[0]] if matches else None


def misspelling_of(word: str, known: typing.Iterable[str]) -> str | None:
    """The known key *word* is most likely a misspelling of, or None.

    Stricter than :func:`suggest`, for keys a site may have invented: the
    same key but for upper/lower case or ``-``/``_``, or one edit (a letter
    added, dropped, changed, or two neighbours swapped) away from a known key
    of four letters or more, or the Swedish word for a known key
    (:mod:`.synonyms`). ``reviewd``, ``Titel`` and ``telefon`` are
    misspellings; ``reviewers`` and ``authors`` are a site's own keys.
    """
    known = set(known)
    synonym = key_for(word, known)
    if synonym is not None and word not in known:
        return synonym
    folded = _fold_key(word)
    best: str | None = None
    for key in sorted(known):
        if key == word:
            return None
        other = _fold_key(key)
        near = best is None and len(other) >= 4 and _within_one_edit(folded, other)
        if other == folded or near:
            best = key
    return best


def _fold_key(key: str) -> str:
    return key.lower().replace("-", "_")


def _within_one_edit(a: str, b: str) -> bool:
    """Optimal-string-alignment distance of at most 1."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    prefix = 0
    while prefix < len(a) and a[prefix] == b[prefix]:
        prefix += 1
    if len(a) == len(b):
        rest_a, rest_b = a[prefix + 1 :], b[prefix + 1 :]
        if rest_a == rest_b:
            return True  # one letter changed (or none)
        swapped = (
            prefix + 1 < len(a)
            and a[prefix] == b[prefix + 1]
            and a[prefix + 1] == b[prefix]
            and a[prefix + 2 :] == b[prefix + 2 :]
        )
        return swapped
    return a[prefix:] == b[prefix + 1 :]  # one letter added


def did_you_mean(word: str, choices: typing.Iterable[str]) -> Message | None:
    """``did you mean 'lernia'?`` when one of *choices* is close to *word*."""
    match = suggest(word, choices)
    return _did_you_mean(match) if match else None


def did_you_mean_key(key: str, keys: typing.Iterable[str]) -> Message | None:
    """``did you mean 'phone'?`` for an unknown *key*: the key among *keys*
    it names in Swedish (``telefon``), else the one it is close to."""
    known = list(keys)
    synonym = key_for(key, known)
    return _did_you_mean(synonym) if synonym else did_you_mean(key, known)


def translate(
    error: ValidationError,
    model: type[BaseModel],
    front_matter: FrontMatter,
    base: Path = (),
) -> list[Problem]:
    """Problems for every error of *error*; *base* prefixes every location
    (the position of the validated mapping inside the YAML document)."""
    data: Any = front_matter.data
    problems = []
    for detail in error.errors(include_url=False):
        problems.append(_problem(detail, model, front_matter, data, base))
    return problems


def _problem(
    detail: ErrorDetails, model: type[BaseModel], fm: FrontMatter, data: Any, base: Path
) -> Problem:
    loc: Path = tuple(detail["loc"])
    path: Path = (*base, *loc)
    kind = detail["type"]
    ctx = detail.get("ctx") or {}
    if kind == "missing":
        key = str(loc[-1])
        return Problem(
            "missing",
            path,
            fm.key_position(path),
            msg("missing required key '{key}' in {where}", key=key,
                where=describe_path(path[:-1], data))
            if len(path) > 1
            else msg("missing required key '{key}'", key=key),
        )
    if kind == "kb_missing":
        return Problem(
            "missing",
            path,
            fm.key_position(path),
            msg("{subject}: {problem}", subject=describe_path(path, data),
                problem=_context(ctx, "message") or verbatim(detail["msg"])),
            _context(ctx, "hint"),
        )
    if kind == "extra_forbidden":
        key = str(loc[-1])
        owner = model_at(model, loc[:-1])
        allowed = list(owner.model_fields) if owner else []
        return Problem(
            "unknown",
            path,
            fm.key_position(path),
            msg("unknown key '{key}' in {where}", key=key, where=describe_path(path[:-1], data))
            if len(path) > 1
            else msg("unknown key '{key}'", key=key),
            did_you_mean_key(key, allowed),
        )
    found_known, value = _lookup(data, path)
    found = describe_found(value, fm.source_text(path)) if found_known else msg("nothing")
    hint: Message | None = None
    extra: Message | None = None
    if kind == "kb_format":
        expected = _context(ctx, "expected") or verbatim("")
        extra = _context(ctx, "detail")
        hint = _context(ctx, "hint")
    elif kind in ("literal_error", "enum"):
        options = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        expected = msg("one of {options}", options=", ".join(f"'{o}'" for o in options))
        if isinstance(value, str):
            hint = did_you_mean(value, options)
            swedish = SWEDISH_VALUES.get(value.strip().lower())
            if hint is None and swedish is not None and swedish in options:
                hint = _did_you_mean(swedish)
    elif kind in _EXPECTED:
        expected = _EXPECTED[kind].with_args(**{k: str(v) for k, v in ctx.items()})
        if kind == "string_type" and value is not None:
            hint = msg("put the value in quotes")
    else:
        expected = verbatim(detail["msg"][0].lower() + detail["msg"][1:])
    text = (
        msg("expected {expected}, found {found}", expected=expected, found=found)
        if extra is None
        else msg("expected {expected}, found {found} ({detail})", expected=expected,
                 found=found, detail=extra)
    )
    return Problem(
        "format",
        path,
        fm.value_position(path),
        msg("{subject}: {problem}", subject=describe_path(path, data), problem=text),
        hint,
        text,
    )


def _context(ctx: dict[str, Any], name: str) -> Message | None:
    """A message kb's validators put in an error's context (text from
    elsewhere is shown as it is)."""
    value = ctx.get(name)
    if not value:
        return None
    return as_message(value) if isinstance(value, Message | str) else verbatim(str(value))
