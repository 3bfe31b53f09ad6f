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
from . import shortened
from .vocabulary import SWEDISH_VALUES

Kind = Literal["missing", "unknown", "format"]


@dataclass(frozen=True)
class Problem:
    """One validation problem. *message* names its subject for a page
    (``'phone' of contact 1: expected ...``); *text* is the bare sentence."""

    kind: Kind
    path: Path
    position: Position
    message: str
    hint: str | None = None
    text: str = ""


_EXPECTED = {
    "string_type": "text",
    "list_type": "a list, e.g. [a, b]",
    "dict_type": "a mapping of keys to values",
    "model_type": "a mapping of keys to values",
    "model_attributes_type": "a mapping of keys to values",
    "dataclass_type": "a mapping of keys to values",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "too_short": "at least one item",
    "string_too_short": "text that is not empty",
    "greater_than": "a number above {gt}",
    "greater_than_equal": "a number of at least {ge}",
}


def describe_path(path: Path, data: dict[str, Any] | None = None) -> str:
    """``('contacts', 1, 'phone')`` → ``'phone' of contact 2 (Leila Haddad)``."""
    if not path:
        return "the front matter"
    named = {"contacts": "contact", "terms": "term"}
    last = path[-1]
    if len(path) >= 3 and isinstance(path[-2], int):
        container, index = path[-3], path[-2]
        noun = named.get(str(container), f"item of '{container}'")
        label = _item_label(data, (*path[:-1],))
        return f"'{last}' of {noun} {index + 1}{label}"
    if len(path) >= 2 and isinstance(last, int):
        container = path[-2]
        if str(container) in named:
            label = _item_label(data, path)
            return f"{named[str(container)]} {last + 1}{label}"
        return f"item {last + 1} of '{container}'"
    return f"'{last}'"


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
            return f" ({label.strip()})"
    return ""


def describe_found(value: Any, source: str | None) -> str:
    """What the editor wrote, as they wrote it where we know it (a long
    value shortened, so that one message stays one line)."""
    if value is None:
        return "nothing" if not source else f"'{shortened(source)}'"
    if isinstance(value, bool):
        shown = shortened(source) if source is not None else str(value).lower()
        if source is not None and source.lower() not in ("true", "false"):
            return f"'{shown}' (YAML reads it as {str(value).lower()})"
        return shown
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list" if value else "an empty list"
    if source is not None:
        if isinstance(value, int | float) and source.strip() != str(value):
            return f"{shortened(source)} (YAML reads it as the number {shortened(str(value))})"
        return f"'{shortened(source)}'" if isinstance(value, str) else shortened(source)
    return repr(shortened(value)) if isinstance(value, str) else shortened(str(value))


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
    of four letters or more. ``reviewd`` and ``Titel`` are misspellings;
    ``reviewers`` and ``authors`` are a site's own keys.
    """
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


def did_you_mean(word: str, choices: typing.Iterable[str]) -> str | None:
    match = suggest(word, choices)
    return f"did you mean '{match}'?" if match else None


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
        return Problem(
            "missing",
            path,
            fm.key_position(path),
            f"missing required key '{loc[-1]}' in {describe_path(path[:-1], data)}"
            if len(path) > 1
            else f"missing required key '{loc[-1]}'",
        )
    if kind == "kb_missing":
        return Problem(
            "missing",
            path,
            fm.key_position(path),
            f"{describe_path(path, data)}: {ctx.get('message', detail['msg'])}",
            ctx.get("hint") or None,
        )
    if kind == "extra_forbidden":
        key = str(loc[-1])
        owner = model_at(model, loc[:-1])
        allowed = list(owner.model_fields) if owner else []
        where = f" in {describe_path(path[:-1], data)}" if len(path) > 1 else ""
        return Problem(
            "unknown",
            path,
            fm.key_position(path),
            f"unknown key '{key}'{where}",
            did_you_mean(key, allowed),
        )
    found_known, value = _lookup(data, path)
    found = describe_found(value, fm.source_text(path)) if found_known else "nothing"
    hint: str | None = None
    extra = ""
    if kind == "kb_format":
        expected = str(ctx.get("expected"))
        extra = f" ({ctx['detail']})" if ctx.get("detail") else ""
        hint = ctx.get("hint") or None
    elif kind in ("literal_error", "enum"):
        options = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        expected = "one of " + ", ".join(f"'{o}'" for o in options)
        if isinstance(value, str):
            hint = did_you_mean(value, options)
            swedish = SWEDISH_VALUES.get(value.strip().lower())
            if hint is None and swedish in options:
                hint = f"did you mean '{swedish}'?"
    elif kind in _EXPECTED:
        expected = _EXPECTED[kind].format(**ctx)
        if kind == "string_type" and value is not None:
            hint = "put the value in quotes"
    else:
        expected = detail["msg"][0].lower() + detail["msg"][1:]
    text = f"expected {expected}, found {found}{extra}"
    return Problem(
        "format", path, fm.value_position(path), f"{describe_path(path, data)}: {text}", hint, text
    )
