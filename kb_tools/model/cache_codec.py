"""Parsed documents as plain JSON data, and back: the document cache's format.

The cache is read at the start of every run, from a folder that CI restores
from a shared cache, so its format must not be able to run code: this module
writes and reads nothing but JSON values (strings, numbers, lists, objects).
Rebuilding a document calls only constructors of our own data classes
(``Document``, ``FrontMatter``, ``ScannedPage``, ``Diagnostic``, the
front-matter models through ``model_construct``), never a name taken from
the file; a value of a type this module does not know is refused when the
cache is written, so such a document is simply parsed again next time.

A finding's message is kept as its message id and arguments (a tagged
object, like a date), not as text, so a page read in one run is reported in
the language of whichever run reads it back.

Speed matters as much as safety (a warm ``kb check`` of 10,000 pages reads
every document from here): structures are positional lists, positions are
flat runs of numbers, and the few values JSON lacks (dates, durations, nested
models, tuples) are objects marked with a NUL key and rebuilt by the JSON
decoder's object hook, in C-driven order, without a second walk.

Used by :mod:`.cache` only.
"""

from __future__ import annotations

import base64
import dataclasses
import functools
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel

from ..diagnostics import Diagnostic, Severity
from ..fields.durations import Duration
from ..fields.vocabulary import DOC_TYPES
from ..front_matter import FrontMatter, Position
from ..i18n import Message
from ..markdown import Heading, RawLink, ScannedPage
from .document import Document
from .documents import Contact, Term, metadata_model
from .resemblance import Fingerprint

TAG = "\x00"
_MODELS: dict[str, type[BaseModel]] = {
    "Contact": Contact,
    "Term": Term,
    **{f"meta:{name}": metadata_model(name) for name in DOC_TYPES},
}
_FIELDS = {name: model.model_fields.keys() for name, model in _MODELS.items()}
# JSON cannot print an integer of more than 4,300 digits (and no page needs one).
MAX_INT_BITS = 14_000
_NATIVE = (str, int, float, bool, type(None))


class CacheFormatError(ValueError):
    """The stored data is not what this module writes."""


# -- values ---------------------------------------------------------------------


def encode_value(value: Any) -> Any:
    """*value* as JSON data; TypeError for a type the cache does not keep."""
    kind = type(value)
    if kind is int and value.bit_length() > MAX_INT_BITS:
        raise TypeError("the document cache does not keep integers this long")
    if kind in _NATIVE:
        return value
    if kind is list:
        return [encode_value(item) for item in value]
    if kind is dict:
        if TAG not in value and all(type(key) is str for key in value):
            return {key: encode_value(item) for key, item in value.items()}
        return {TAG: "map", "v": [[encode_value(k), encode_value(v)] for k, v in value.items()]}
    if kind is tuple:
        return {TAG: "tuple", "v": [encode_value(item) for item in value]}
    if kind is datetime:
        return {TAG: "datetime", "v": value.isoformat()}
    if kind is date:
        return {TAG: "date", "v": value.isoformat()}
    if kind is bytes:
        return {TAG: "bytes", "v": base64.b64encode(value).decode("ascii")}
    if kind is Duration:
        return {TAG: "duration", "v": [value.months, value.days]}
    if kind is Message:
        args = [[name, encode_value(arg)] for name, arg in value.args]
        return {TAG: "msg", "v": [value.id, args, value.plural, value.count]}
    if isinstance(value, BaseModel):
        # Every field, not just those set: model_construct is several times
        # faster when it need not fill in defaults.
        name = _model_name(value)
        fields = {key: encode_value(getattr(value, key)) for key in _FIELDS[name]}
        return {TAG: "model", "m": name, "v": fields, "s": sorted(value.model_fields_set)}
    raise TypeError(f"the document cache does not keep values of type {kind.__name__}")


def _model_name(value: BaseModel) -> str:
    for name, model in _MODELS.items():
        if type(value) is model:
            return name
    raise TypeError(f"the document cache does not keep {type(value).__name__} objects")


def _decode_tag(obj: dict[str, Any]) -> Any:
    """The JSON decoder's object hook: tagged objects become their values."""
    tag = obj.get(TAG)
    if tag is None:
        return obj
    value = obj["v"]
    if tag == "date":
        return date.fromisoformat(value)
    if tag == "model":
        name = obj["m"]
        if type(value) is not dict or value.keys() != _FIELDS[name]:
            raise CacheFormatError(f"the fields of a {name} are not the model's fields")
        return _MODELS[name].model_construct(set(obj["s"]), **value)
    if tag == "duration":
        months, days = value
        return Duration(int(months), int(days))
    if tag == "msg":
        return _decode_message(value)
    if tag == "tuple":
        return tuple(value)
    if tag == "map":
        return {key: item for key, item in value}
    if tag == "datetime":
        return datetime.fromisoformat(value)
    if tag == "bytes":
        return base64.b64decode(value, validate=True)
    raise CacheFormatError(f"unknown tag {tag!r}")


object_hook = _decode_tag

_ARGUMENT_TYPES = (str, int, date, Message)


def _decode_message(value: Any) -> Message:
    """A message rebuilt from its id and arguments; nothing but text,
    numbers, dates and messages (decoded already, inside out) is taken."""
    id_, args, plural, count = value
    if (
        type(id_) is not str
        or type(args) is not list
        or not (plural is None or type(plural) is str)
        or type(count) is not int
    ):
        raise CacheFormatError("a message has the wrong shape")
    pairs = []
    for pair in args:
        if type(pair) is not list or len(pair) != 2 or type(pair[0]) is not str:
            raise CacheFormatError("a message argument has the wrong shape")
        if not isinstance(pair[1], _ARGUMENT_TYPES) or type(pair[1]) is bool:
            raise CacheFormatError("a message argument is not text, a number or a date")
        pairs.append((pair[0], pair[1]))
    return Message(id_, tuple(pairs), plural, count)


# -- structures -----------------------------------------------------------------


Positions = dict[tuple[str | int, ...], Position]
_position = functools.partial(tuple.__new__, Position)


def _encode_positions(keys: Positions, values: Positions) -> list[Any]:
    """Paths once (the walker gives every key and item both positions),
    then lines and columns as flat runs of numbers."""
    paths = [list(path) for path in keys]
    value_paths = None if list(values) == list(keys) else [list(path) for path in values]
    return [
        paths,
        [number for position in keys.values() for number in position],
        value_paths,
        [number for position in values.values() for number in position],
    ]


def _decode_positions(stored: list[Any]) -> tuple[Positions, Positions]:
    paths, key_numbers, value_paths, value_numbers = stored
    keys = list(map(tuple, paths))
    values = keys if value_paths is None else list(map(tuple, value_paths))
    return _positions(keys, key_numbers), _positions(values, value_numbers)


def _positions(paths: list[tuple[str | int, ...]], numbers: list[int]) -> Positions:
    if len(numbers) != 2 * len(paths):
        raise CacheFormatError("positions do not match their paths")
    lines_and_columns = zip(numbers[::2], numbers[1::2], strict=True)
    return dict(zip(paths, map(_position, lines_and_columns), strict=True))


def _encode_front_matter(fm: FrontMatter) -> list[Any]:
    if fm.source:
        raise TypeError("the document cache keeps front matter without its source text")
    duplicates = [[list(path), line, column] for path, (line, column) in fm.duplicate_keys]
    return [
        encode_value(fm.data),
        _encode_positions(fm.key_positions, fm.value_positions),
        duplicates,
        fm.present,
    ]


def _decode_front_matter(stored: list[Any]) -> FrontMatter:
    data, positions, duplicates, present = stored
    if type(data) is not dict:
        raise CacheFormatError("front matter data is not an object")
    keys, values = _decode_positions(positions)
    return FrontMatter(
        data=data,
        key_positions=keys,
        value_positions=values,
        duplicate_keys=[(tuple(path), Position(line, column)) for path, line, column in duplicates],
        present=bool(present),
    )


def _encode_scanned(scanned: ScannedPage) -> list[Any]:
    return [
        sorted(scanned.anchors),
        [list(heading) for heading in scanned.headings],
        [list(link) for link in scanned.links],
    ]


def _decode_scanned(stored: list[Any]) -> ScannedPage:
    anchors, headings, links = stored
    new = tuple.__new__
    return ScannedPage(
        anchors=set(anchors),
        headings=[new(Heading, (level, text, anchor)) for level, text, anchor in headings],
        links=[new(RawLink, (url, line, column, image)) for url, line, column, image in links],
    )


_DIAGNOSTIC_FIELDS = [f.name for f in dataclasses.fields(Diagnostic)]


def _encode_problems(problems: list[Diagnostic]) -> list[Any]:
    return [[_diagnostic_value(d, name) for name in _DIAGNOSTIC_FIELDS] for d in problems]


def _diagnostic_value(diagnostic: Diagnostic, name: str) -> Any:
    value = getattr(diagnostic, name)
    return value.value if name == "severity" else encode_value(value)


def _decode_problems(stored: list[Any]) -> list[Diagnostic]:
    problems = []
    for values in stored:
        fields = dict(zip(_DIAGNOSTIC_FIELDS, values, strict=True))
        fields["severity"] = Severity(fields["severity"])
        hint = fields["hint_text"]
        if type(fields["text"]) is not Message or not (hint is None or type(hint) is Message):
            raise CacheFormatError("a finding's message is not a message")
        problems.append(Diagnostic(**fields))
    return problems


def _encode_fingerprint(value: Fingerprint | None) -> list[Any] | None:
    return None if value is None else [value.words, list(value.minima)]


def _decode_fingerprint(stored: list[Any] | None) -> Fingerprint | None:
    if stored is None:
        return None
    words, minima = stored
    return Fingerprint(words, tuple(minima))


def _encode_meta(meta: BaseModel) -> Any:
    return encode_value(meta)


def _decode_meta(stored: Any) -> BaseModel:
    if not isinstance(stored, BaseModel) or type(stored) not in _MODELS.values():
        raise CacheFormatError("the metadata is not a front-matter model")
    return stored


Codec = tuple[Callable[[Any], Any], Callable[[Any], Any]]
_FIELD_CODECS: dict[str, Codec] = {
    "meta": (_encode_meta, _decode_meta),
    "front_matter": (_encode_front_matter, _decode_front_matter),
    "scanned": (_encode_scanned, _decode_scanned),
    "problems": (_encode_problems, _decode_problems),
    "fingerprint": (_encode_fingerprint, _decode_fingerprint),
}
_GENERIC: Codec = (encode_value, lambda value: value)
# Every field of Document, in order; a field added later is kept through the
# generic value codec (or, for a type it does not know, the page is re-parsed).
DOCUMENT_FIELDS = [
    (f.name, _FIELD_CODECS.get(f.name, _GENERIC)) for f in dataclasses.fields(Document)
]
FIELD_NAMES = [name for name, _ in DOCUMENT_FIELDS]


def encode_document(document: Document) -> list[Any]:
    return [encode(getattr(document, name)) for name, (encode, _) in DOCUMENT_FIELDS]


def decode_document(stored: list[Any]) -> Document:
    if type(stored) is not list or len(stored) != len(DOCUMENT_FIELDS):
        raise CacheFormatError("a document entry has the wrong shape")
    pairs = zip(DOCUMENT_FIELDS, stored, strict=True)
    values = {name: decode(value) for (name, (_, decode)), value in pairs}
    return Document(**values)
