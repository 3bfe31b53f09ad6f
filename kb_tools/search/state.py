"""What a generation of the search index keeps beside Whoosh's files, as JSON.

``files.json`` notes each indexed file's modification time, size and content
digest, with a fingerprint of the settings the index was built with;
``analyzer.json`` is the Swedish analyzer (vocabulary, compound tails,
glossary synonyms). Both are data only and checked when read: a file that is
not what :func:`save` writes is :class:`StateDamaged`, and the index is
rebuilt. Used by :mod:`.index`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..storage.cache_files import UnusableCacheFile, read_bytes, write_atomically
from .analysis import Analyzer

STATE_FILE = "files.json"
ANALYZER_FILE = "analyzer.json"
MAX_BYTES = 2**30

# A file's entry: [mtime_ns, size, digest of its text or None if not indexed].
FileState = list[Any]


class StateDamaged(Exception):
    """The generation's JSON files cannot be used (the reason is the message)."""


@dataclass
class IndexState:
    fingerprint: str
    files: dict[str, FileState]


def load_state(generation: Path) -> IndexState:
    stored = _read_json(generation / STATE_FILE)
    fingerprint = stored.get("fingerprint") if isinstance(stored, dict) else None
    files = stored.get("files") if isinstance(stored, dict) else None
    if type(fingerprint) is not str or type(files) is not dict:
        raise StateDamaged(f"{STATE_FILE} is not the state of a search index")
    for src, entry in files.items():
        if not _file_entry(entry):
            raise StateDamaged(f"{STATE_FILE} has a damaged entry for {src!r}")
    return IndexState(fingerprint, files)


def _file_entry(entry: Any) -> bool:
    return (
        type(entry) is list
        and len(entry) == 3
        and type(entry[0]) is int
        and type(entry[1]) is int
        and (entry[2] is None or type(entry[2]) is str)
    )


def load_analyzer(generation: Path) -> Analyzer:
    try:
        return Analyzer.from_data(_read_json(generation / ANALYZER_FILE))
    except ValueError as exc:
        raise StateDamaged(f"{ANALYZER_FILE}: {exc}") from None


def save(generation: Path, state: IndexState, analyzer: Analyzer) -> None:
    files = {"fingerprint": state.fingerprint, "files": state.files}
    write_atomically(generation / STATE_FILE, json.dumps(files).encode())
    write_atomically(
        generation / ANALYZER_FILE, json.dumps(analyzer.to_data(), ensure_ascii=False).encode()
    )


def _read_json(path: Path) -> Any:
    try:
        raw = read_bytes(path, MAX_BYTES)
    except UnusableCacheFile as exc:
        raise StateDamaged(str(exc)) from None
    if raw is None:
        raise StateDamaged(f"{path.name} is missing")
    try:
        return json.loads(raw)
    except (ValueError, RecursionError):
        raise StateDamaged(f"{path.name} is not valid JSON") from None
