"""Building and updating the search index.

``update_index`` is incremental: it notes each file's size, modification time
and content hash, and re-analyses only files that changed (one changed file
in a 10,000-page bank takes well under a second). The full Bank is loaded
only for a first build, a ``--full`` rebuild, or when the glossary changed.

Every update writes a new generation of the index and publishes it when it
is complete (:mod:`.generations`): searches in other processes go on reading
the last complete one, and two writers take turns. An index that cannot be
read (damaged, truncated, planted) is rebuilt, and the run says so in one
line. Used by :mod:`.searching` and ``kb index``.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..config import Config
from ..i18n import msg
from ..model import INTERNAL, Audience, Bank, visibility
from ..model.document import Document
from ..model.files import DocsTree, Refused
from ..model.loader import DocumentLoader
from ..model.urls import page_url
from ..storage.cache_files import CACHE_DIR, discarded
from ..text.words import words
from .analysis import Analyzer, is_part
from .corpus import SearchDocument, analyzer_for, search_document
from .engine import IncompleteIndex, IndexDamaged, WhooshIndex
from .generations import DamagedPointer, IndexFolder, Writer
from .state import IndexState, StateDamaged, load_analyzer, load_state
from .state import save as save_state

FORMAT = 2
# How long `kb index` waits for another process that writes the index.
WRITER_WAIT = 600.0
# From this many pages on, a first build spreads over the cores.
PARALLEL_MIN_DOCUMENTS = 500
log = logging.getLogger(__name__)


def _fingerprint(config: Config) -> str:
    """Changes when the analysis, the engine or the bank's settings change:
    then the index is rebuilt rather than updated."""
    digest = hashlib.sha256(f"{FORMAT} {sorted(config.kb.types.items())}".encode())
    digest.update(config.kb.default_visibility.encode())
    for source in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(f"{source.name} {source.stat().st_mtime_ns}".encode())
    return digest.hexdigest()


@dataclass
class IndexStats:
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    full: bool = False

    def sentence(self) -> str:
        how = "Built the search index" if self.full else "Updated the search index"
        return (
            f"{how}: {self.added} added, {self.updated} updated, {self.removed} removed, "
            f"{self.unchanged} unchanged."
        )


def index_dir(config: Config, audience: Audience = INTERNAL) -> Path:
    """The index of the pages *audience* finds: each audience has its own."""
    return config.root / CACHE_DIR / ("search-public" if audience.public else "search")


def _stat(path: Path) -> list[int]:
    info = path.stat()
    return [info.st_mtime_ns, info.st_size]


def update_index(
    config: Config,
    *,
    audience: Audience = INTERNAL,
    full: bool = False,
    bank: Bank | None = None,
    timeout: float | None = None,
    on_wait: Callable[[], None] | None = None,
    directory: Path | None = None,
) -> IndexStats:
    """Build or update the index of the pages *audience* finds (see
    :meth:`Audience.finds`); with *full*, build it afresh.

    Waits up to *timeout* seconds (default :data:`WRITER_WAIT`) while another
    process writes the index, calling *on_wait* once (default: a message),
    else raises :class:`Busy`. *directory* puts the index elsewhere than
    ``.kb-cache/`` (a search where the bank cannot be written).
    """
    folder = IndexFolder(directory or index_dir(config, audience))
    wait = WRITER_WAIT if timeout is None else timeout
    with folder.writing(timeout=wait, on_wait=on_wait or _waiting(folder)) as writer:
        return _update(config, writer, audience, full, bank)


def _waiting(folder: IndexFolder) -> Callable[[], None]:
    def say() -> None:
        log.warning(msg(
            "Waiting for another kb process to finish writing the search index in {folder} ...",
            folder=shown(folder.path),
        ).render())

    return say


def _update(
    config: Config, writer: Writer, audience: Audience, full: bool, bank: Bank | None
) -> IndexStats:
    tree = DocsTree.of(config)  # the same files as the checker and the build
    files = {src: tree.path(src) for src in tree.pages}
    fingerprint = _fingerprint(config)
    base, state, analyzer = None, None, None
    if not full:
        try:
            base = writer.current()
            if base is not None:
                state = load_state(base)
                analyzer = load_analyzer(base)
        except (DamagedPointer, StateDamaged) as exc:
            rebuilding(writer.folder.path, str(exc))
            base = None
    if base is None or state is None or analyzer is None or state.fingerprint != fingerprint:
        return _full_build(config, writer, tree, files, fingerprint, audience, bank)
    try:
        stats = _incremental(config, writer, base, tree, files, state, analyzer, audience)
    except IndexDamaged as exc:
        rebuilding(writer.folder.path, str(exc))
        return _full_build(config, writer, tree, files, fingerprint, audience, bank)
    if stats is None:  # the glossary changed: synonyms change for every page
        return _full_build(config, writer, tree, files, fingerprint, audience, bank)
    return stats


def rebuilding(path: Path, reason: str) -> None:
    """Say (once per run) that the index in *path* is rebuilt, and why."""
    discarded(f"the search index in {shown(path)}", reason)


def shown(path: Path) -> str:
    parts = path.parts
    return "/".join(parts[parts.index(CACHE_DIR) :]) if CACHE_DIR in parts else str(path)



def _full_build(
    config: Config,
    writer: Writer,
    tree: DocsTree,
    files: dict[str, Path],
    fingerprint: str,
    audience: Audience,
    bank: Bank | None,
) -> IndexStats:
    bank = bank or Bank.load(config, tree=tree)
    documents = [
        search_document(doc, bank.url(doc), bank.visibility(doc))
        for doc in bank.documents
        if audience.finds(doc, config.kb)
    ]
    analyzer = analyzer_for(bank, documents)
    digests = {d.path: d.digest for d in documents}
    state = IndexState(
        fingerprint, {src: [*_stat(path), digests.get(src)] for src, path in files.items()}
    )
    parallel = len(documents) >= PARALLEL_MIN_DOCUMENTS
    try:
        _build_generation(writer, analyzer, documents, state, parallel)
    except IncompleteIndex:
        _build_generation(writer, analyzer, documents, state, parallel=False)
    return IndexStats(added=len(documents), full=True)


def _build_generation(
    writer: Writer,
    analyzer: Analyzer,
    documents: list[SearchDocument],
    state: IndexState,
    parallel: bool,
) -> None:
    generation = writer.new_generation()
    try:
        index = WhooshIndex(generation)
        index.create()
        index.write(analyzer, documents, fresh=True, parallel=parallel)
        save_state(generation, state, analyzer)
    except BaseException:
        writer.discard(generation)
        raise
    writer.publish(generation)


def _incremental(
    config: Config,
    writer: Writer,
    base: Path,
    tree: DocsTree,
    files: dict[str, Path],
    state: IndexState,
    analyzer: Analyzer,
    audience: Audience,
) -> IndexStats | None:
    """The update of the changed files; None when a full build is needed."""
    stats = IndexStats()
    known = state.files
    changed = [
        src for src, path in files.items() if src not in known or known[src][:2] != _stat(path)
    ]
    removed = [src for src in known if src not in files]
    if not changed and not removed:
        WhooshIndex(base).check()
        stats.unchanged = len(files)
        return stats
    loader = DocumentLoader(config)
    to_write: list[SearchDocument] = []
    to_remove: list[str] = list(removed)
    for src in changed:
        path = files[src]
        try:
            doc: Document | None = loader.load(src, tree.read(src))
        except (Refused, OSError):
            doc = None  # not a page of the bank (any more)
        if doc is not None and doc.type == "glossary":
            return None
        if doc is None or not audience.finds(doc, config.kb):
            if src in known and known[src][2] is not None:
                to_remove.append(src)
                stats.removed += 1
            known[src] = [*_stat(path), None]
            continue
        document = search_document_standalone(config, doc)
        previous = known.get(src)
        if previous is not None and previous[2] == document.digest:
            known[src] = [*_stat(path), document.digest]
            stats.unchanged += 1
            continue
        if previous is not None and previous[2] is not None:
            stats.updated += 1
        else:
            stats.added += 1
        to_write.append(document)
        analyzer.decompounder.words.update(w for w in words(document.all_text) if is_part(w))
        known[src] = [*_stat(path), document.digest]
    for src in removed:
        del known[src]
    stats.removed += len(removed)
    stats.unchanged += len(files) - len(changed)
    generation = writer.new_generation(based_on=base)
    try:
        WhooshIndex(generation).write(analyzer, to_write, to_remove)
        save_state(generation, state, analyzer)
    except BaseException:
        writer.discard(generation)
        raise
    writer.publish(generation)
    return stats


def search_document_standalone(config: Config, doc: Document) -> SearchDocument:
    """A search document without loading the whole bank (incremental updates)."""
    url = page_url(doc.src_path, config.use_directory_urls)
    return search_document(doc, url, visibility(doc, config.kb))
