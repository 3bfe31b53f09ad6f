"""Reading a bank's files into Documents: in worker processes across the
cores for a large bank, and not at all for a file the document cache holds
unchanged. Each file is read by :class:`.loader.DocumentLoader`."""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor

from ..config import Config
from ..front_matter import decode
from .cache import DocumentCache, text_from_line
from .document import Document
from .loader import DocumentLoader

# Below this many files, starting worker processes costs more than it saves.
PARALLEL_MIN_FILES = 300


def load_documents(
    config: Config, contents: Mapping[str, bytes | str], cache: DocumentCache | None = None
) -> list[Document]:
    """Documents for ``{docs-relative path: content}``, sorted by path; files
    unchanged since the cached run are not parsed again."""
    raw_files = {
        src: data if isinstance(data, bytes) else data.encode("utf-8")
        for src, data in sorted(contents.items())
    }
    documents: dict[str, Document] = {}
    todo: list[tuple[str, bytes]] = []
    for src, raw in raw_files.items():
        cached = cache.get(src, raw) if cache is not None else None
        if cached is not None:
            documents[src] = cached
        else:
            todo.append((src, raw))
    if todo:
        parsed = _parse(DocumentLoader(config), todo, encode=cache is not None)
        for document, entry in parsed:
            documents[document.src_path] = document
            if cache is None:
                continue
            if entry is None:
                cache.put(document, raw_files[document.src_path])
            else:
                cache.put_encoded(document.src_path, entry or None)
    if cache is not None:
        cache.retain(set(raw_files))
        cache.save()
    return [documents[src] for src in raw_files]


_FORKED: tuple[DocumentLoader, list[tuple[str, bytes]], bool] | None = None
# What a worker sends back for one file: the document without its text, and
# its document cache entry, encoded ("" when the page cannot be kept).
Parsed = tuple[Document, str | None]


def _parse(loader: DocumentLoader, items: list[tuple[str, bytes]], encode: bool) -> list[Parsed]:
    """Documents for *items*, with their cache entries when they were
    parsed in worker processes and *encode* asks for them (else None)."""
    workers = min(os.cpu_count() or 1, 8)
    if (
        len(items) < PARALLEL_MIN_FILES
        or workers < 2
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        return [(loader.load(src, raw), None) for src, raw in items]
    # Forked workers inherit the ready loader (its Markdown instance holds
    # functions from mkdocs.yml that cannot be pickled) and the files: only
    # ranges of positions go to them. They send documents back without the
    # text this process holds, and encode the cache entries meanwhile.
    global _FORKED
    _FORKED = (loader, items, encode)
    # The documents received are hundreds of thousands of objects, none of
    # them garbage: collecting cycles meanwhile took most of this process's
    # time (2.7 s of 3 s to unpickle 10,000 pages). Objects that exist
    # before the fork are frozen: the workers' collections neither walk nor
    # touch (and so copy) them.
    collecting = gc.isenabled()
    gc.disable()
    gc.freeze()
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers, mp_context=context, initializer=gc.enable) as pool:
            # Small enough that no worker is left with much when the others finish.
            size = max(16, len(items) // (workers * 16))
            ranges = [
                (start, min(start + size, len(items))) for start in range(0, len(items), size)
            ]
            parsed = [done for part in pool.map(_load_in_worker, ranges) for done in part]
        for (document, _), (_, raw) in zip(parsed, items, strict=True):
            if document.readable:
                document.body = text_from_line(decode(raw), document.body_line)
    finally:
        _FORKED = None
        gc.unfreeze()
        if collecting:
            gc.enable()
    return parsed


def _load_in_worker(positions: tuple[int, int]) -> list[Parsed]:
    assert _FORKED is not None
    loader, items, encode = _FORKED
    parsed: list[Parsed] = []
    for src, raw in items[positions[0] : positions[1]]:
        document = loader.load(src, raw)
        entry = (DocumentCache.encode_entry(document, raw) or "") if encode else None
        document.body = ""  # the parent has the file
        parsed.append((document, entry))
    return parsed
