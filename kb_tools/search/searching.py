"""Searching the bank: the index brought up to date, queried, hits with snippets.

A search never fails because another process is writing the index: it waits
briefly for the writer, then reads the last complete generation (and says
so); only when there is no index yet does it wait for the one being built.
A process keeps its generation open between queries and moves to a newer
one as soon as it is published. An index that cannot be read is rebuilt once.
Used by ``kb search``, the evaluation and the benchmarks.
"""

from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..config import Config
from ..i18n import Message, msg, msg_n, verbatim
from ..model import INTERNAL, Audience
from ..storage.cache_files import CACHE_DIR
from ..text.words import composed
from .analysis import Analyzer, fold, stem
from .engine import (
    MAX_QUERY_WORDS,
    Filters,
    IndexDamaged,
    RawHit,
    WhooshIndex,
    query_words,
    words_left_out,
)
from .generations import Busy, DamagedPointer, Generation, IndexFolder
from .index import index_dir, rebuilding, shown, update_index
from .snippets import Snippet, snippet
from .state import StateDamaged, load_analyzer

# How long a search waits for a writer before it reads the last complete index.
BUSY_WAIT = 3.0
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Hit:
    path: str
    id: str
    title: str
    url: str
    type: str
    score: float
    snippet: Snippet
    summary: str = ""
    tags: tuple[str, ...] = field(default_factory=tuple)


class _OpenIndex:
    """The generation a process searches, kept open between queries."""

    def __init__(self, folder: IndexFolder) -> None:
        self.folder = folder
        self.generation: Generation | None = None
        self.index: WhooshIndex | None = None
        self.analyzer: Analyzer | None = None

    def close(self) -> None:
        if self.index is not None:
            self.index.close()
        if self.generation is not None:
            self.generation.close()
        self.generation = self.index = self.analyzer = None

    def search(self, text: str, filters: Filters, limit: int) -> tuple[list[RawHit], Analyzer]:
        """IndexDamaged when the published index cannot be read, LookupError
        when there is none."""
        try:
            current = self.folder.current_name()
        except DamagedPointer as exc:
            self.close()
            raise IndexDamaged(str(exc)) from None
        if self.generation is None or self.generation.name != current:
            self.close()
            try:
                self.generation = self.folder.open_current()
            except DamagedPointer as exc:
                raise IndexDamaged(str(exc)) from None
            if self.generation is None:
                raise LookupError("no search index")
            try:
                self.analyzer = load_analyzer(self.generation.path)
            except StateDamaged as exc:
                self.close()
                raise IndexDamaged(str(exc)) from None
            self.index = WhooshIndex(self.generation.path)
        assert self.index is not None and self.analyzer is not None
        return self.index.search(self.analyzer, text, filters, limit), self.analyzer


_OPEN: dict[Path, _OpenIndex] = {}


def search(
    config: Config,
    text: str,
    *,
    filters: Filters | None = None,
    limit: int = 10,
    audience: Audience = INTERNAL,
    update: bool = True,
) -> list[Hit]:
    """Search the pages *audience* may see (``kb search --public``: the
    public ones); with *update*, the index is built or updated first."""
    directory = index_dir(config, audience)
    filters = filters or Filters()
    text = composed(text)  # a query typed as NFD finds what NFC finds
    left_out = words_left_out(text)
    if left_out:
        note = msg_n(
            "Note: the query is long; its first {words} words are searched and {n} is left out.",
            "Note: the query is long; its first {words} words are searched and {n} are left out.",
            left_out,
            words=MAX_QUERY_WORDS,
        )
        log.warning(note.render())
    try:
        if update:
            _update_unless_busy(config, audience)
        raw_hits, analyzer = _search_in(config, directory, audience, text, filters, limit)
    except OSError as exc:  # .kb-cache cannot be written: read-only, full, not a folder
        note = msg(
            "Note: the search index cannot be kept in {folder} ({reason}); this search builds "
            "a temporary one, which takes longer.",
            folder=shown(directory), reason=_reason(config, exc),
        )
        log.warning(note.render())
        raw_hits, analyzer = _search_aside(config, audience, text, filters, limit)
    return _hits(raw_hits, analyzer, text)


def _search_in(
    config: Config, directory: Path, audience: Audience, text: str, filters: Filters, limit: int
) -> tuple[list[RawHit], Analyzer]:
    opened = _OPEN.setdefault(directory, _OpenIndex(IndexFolder(directory)))
    try:
        return opened.search(text, filters, limit)
    except LookupError:
        update_index(config, audience=audience)
        return opened.search(text, filters, limit)
    except IndexDamaged as exc:
        rebuilding(directory, str(exc))
        update_index(config, audience=audience, full=True)
        return opened.search(text, filters, limit)


def _search_aside(
    config: Config, audience: Audience, text: str, filters: Filters, limit: int
) -> tuple[list[RawHit], Analyzer]:
    """Search an index built for this search alone, in a temporary folder
    outside the bank (an OSError if that cannot be written either)."""
    with tempfile.TemporaryDirectory(prefix="kb-search-") as temporary:
        directory = Path(temporary) / "search"
        update_index(config, audience=audience, directory=directory)
        opened = _OpenIndex(IndexFolder(directory))
        try:
            return opened.search(text, filters, limit)
        finally:
            opened.close()


def _reason(config: Config, error: OSError) -> Message:
    cache = config.root / CACHE_DIR
    if cache.exists() and not cache.is_dir():
        return msg("{folder} is a file, not a folder", folder=CACHE_DIR)
    return verbatim(error.strerror or str(error))


def _update_unless_busy(config: Config, audience: Audience) -> None:
    folder = IndexFolder(index_dir(config, audience))
    try:
        complete = folder.current_name() is not None
    except DamagedPointer:
        complete = False
    try:
        if complete:  # a short, quiet wait: an update usually takes well under a second
            update_index(config, audience=audience, timeout=BUSY_WAIT, on_wait=lambda: None)
        else:
            update_index(config, audience=audience)
    except Busy:
        if not complete:
            raise
        log.warning(msg(
            "Note: another kb process is updating the search index; these results come from "
            "the last complete index."
        ).render())
    except OSError as exc:  # a read-only checkout, a full disk
        if not complete:
            raise
        log.warning(msg(
            "Note: the search index could not be updated ({reason}); these results come from "
            "the last complete index.",
            reason=str(exc.strerror or exc),
        ).render())


def _hits(raw_hits: list[RawHit], analyzer: Analyzer, text: str) -> list[Hit]:
    wanted = set()
    for word in query_words(text):
        wanted.add(stem(word))
        wanted.add(fold(stem(fold(word))))
        wanted.update(stem(p) for p in analyzer.decompounder.split(word))
        wanted.update(analyzer.synonyms.expansions.get(word, ()))
    hits = []
    for raw in raw_hits:
        fields = raw.fields
        hits.append(
            Hit(
                path=fields["path"],
                id=fields["id"],
                title=fields["title_text"],
                url=fields["url"],
                type=fields["type"],
                score=round(raw.score, 3),
                snippet=snippet(fields.get("content", ""), wanted),
                summary=fields.get("summary_text", ""),
                tags=tuple(t for t in fields.get("tags", "").split(",") if t),
            )
        )
    return hits
