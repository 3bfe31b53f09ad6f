"""Building and updating the search index, and searching it.

``update_index`` is incremental: it notes each file's size, modification time
and content hash, and re-analyses only files that changed (one changed file
in a 10,000-page bank takes well under a second). The full Bank is loaded
only for a first build, a ``--full`` rebuild, or when the glossary changed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from ..config import Config
from ..model import Bank
from ..model.document import Document
from ..model.files import DocsTree, Refused
from ..model.loader import DocumentLoader
from ..site.urls import page_url
from ..words import words
from .analysis import fold, stem
from .corpus import SearchDocument, analyzer_for, search_document
from .engine import Filters, WhooshStore
from .snippets import Snippet, snippet
from .stopwords import STOPWORDS

STATE_FILE = "files.json"
FORMAT = 1


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
    state: dict[str, list[object]] = field(default_factory=dict, repr=False)

    def pop_state(self) -> dict[str, list[object]]:
        state, self.state = self.state, {}
        return state

    def sentence(self) -> str:
        how = "Built the search index" if self.full else "Updated the search index"
        return (
            f"{how}: {self.added} added, {self.updated} updated, {self.removed} removed, "
            f"{self.unchanged} unchanged."
        )


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


def index_dir(config: Config, public: bool = False) -> Path:
    return config.root / ".kb-cache" / ("search-public" if public else "search")


def _indexable(doc: Document, public: bool, default_visibility: str) -> bool:
    if not doc.readable or doc.status != "active":
        return False
    visibility = doc.meta.visibility or default_visibility
    return not public or visibility == "public"


def _stat(path: Path) -> list[int]:
    info = path.stat()
    return [info.st_mtime_ns, info.st_size]


def update_index(
    config: Config, *, public: bool = False, full: bool = False, bank: Bank | None = None
) -> IndexStats:
    store = WhooshStore(index_dir(config, public))
    state_path = store.directory / STATE_FILE
    tree = DocsTree.of(config)  # the same files as the checker and the build
    files = {src: tree.path(src) for src in tree.pages}
    state: dict[str, list[object]] = {}
    fingerprint = _fingerprint(config)
    if not full and store.exists() and state_path.is_file():
        try:
            stored = json.loads(state_path.read_text(encoding="utf-8"))
            if stored.get("fingerprint") == fingerprint:
                state = stored["files"]
        except (OSError, ValueError, KeyError, AttributeError):
            state = {}
    if not state:
        stats = _full_build(config, store, tree, files, public, bank)
        state = stats.pop_state()
    else:
        stats = _incremental(config, store, tree, files, state, public, bank)
        if stats.full:
            return stats
    state_path.write_text(
        json.dumps({"fingerprint": fingerprint, "files": state}), encoding="utf-8"
    )
    return stats


def _full_build(
    config: Config,
    store: WhooshStore,
    tree: DocsTree,
    files: dict[str, Path],
    public: bool,
    bank: Bank | None,
) -> IndexStats:
    bank = bank or Bank.load(config, tree=tree)
    default = config.kb.default_visibility
    documents = [
        search_document(
            doc, page_url(doc.src_path, config.use_directory_urls), bank.visibility(doc)
        )
        for doc in bank.documents
        if _indexable(doc, public, default)
    ]
    analyzer = analyzer_for(bank, documents)
    store.create(analyzer)
    store.write(analyzer, documents, fresh=True, parallel=len(documents) >= 500)
    digests = {d.path: d.digest for d in documents}
    state: dict[str, list[object]] = {
        src: [*_stat(path), digests.get(src)] for src, path in files.items()
    }
    return IndexStats(added=len(documents), full=True, state=state)


def _incremental(
    config: Config,
    store: WhooshStore,
    tree: DocsTree,
    files: dict[str, Path],
    state: dict[str, list[object]],
    public: bool,
    bank: Bank | None,
) -> IndexStats:
    stats = IndexStats()
    changed = [
        src for src, path in files.items() if src not in state or state[src][:2] != _stat(path)
    ]
    removed = [src for src in state if src not in files]
    if not changed and not removed:
        stats.unchanged = len(files)
        return stats
    loader = DocumentLoader(config)
    default = config.kb.default_visibility
    analyzer = store.load_analyzer()
    to_write: list[SearchDocument] = []
    to_remove: list[str] = list(removed)
    for src in changed:
        path = files[src]
        try:
            doc: Document | None = loader.load(src, tree.read(src))
        except (Refused, OSError):
            doc = None  # not a page of the bank (any more)
        if doc is not None and doc.type == "glossary":  # synonyms change for every page
            return update_index(config, public=public, full=True, bank=bank)
        if doc is None or not _indexable(doc, public, default):
            was_indexed = src in state and state[src][2] is not None
            if was_indexed:
                to_remove.append(src)
                stats.removed += 1
            state[src] = [*_stat(path), None]
            continue
        document = search_document_standalone(config, doc)
        previous = state.get(src)
        if previous is not None and previous[2] == document.digest:
            state[src] = [*_stat(path), document.digest]
            stats.unchanged += 1
            continue
        if previous is not None and previous[2] is not None:
            stats.updated += 1
        else:
            stats.added += 1
        to_write.append(document)
        analyzer.decompounder.words.update(w for w in words(document.all_text) if len(w) >= 4)
        state[src] = [*_stat(path), document.digest]
    for src in removed:
        del state[src]
    stats.removed += len(removed)
    stats.unchanged += len(files) - len(changed)
    store.write(analyzer, to_write, to_remove)
    store.save_analyzer(analyzer)
    return stats


def search_document_standalone(config: Config, doc: Document) -> SearchDocument:
    """A search document without loading the whole bank (incremental updates)."""
    visibility = doc.meta.visibility or config.kb.default_visibility
    return search_document(doc, page_url(doc.src_path, config.use_directory_urls), visibility)


_STORES: dict[Path, WhooshStore] = {}


def _open_store(directory: Path) -> WhooshStore:
    """The same store for every query in a process (it keeps its searcher)."""
    if directory not in _STORES:
        _STORES[directory] = WhooshStore(directory)
    return _STORES[directory]


def search(
    config: Config,
    text: str,
    *,
    filters: Filters | None = None,
    limit: int = 10,
    public: bool = False,
    update: bool = True,
) -> list[Hit]:
    """Search the bank; with *update*, the index is built or updated first."""
    if update or not WhooshStore(index_dir(config, public)).exists():
        update_index(config, public=public)
    store = _open_store(index_dir(config, public))
    analyzer = store.load_analyzer()
    raw_hits = store.search(analyzer, text, filters or Filters(), limit)
    wanted = set()
    for word in words(text):
        if word not in STOPWORDS:
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
