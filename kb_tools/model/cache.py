"""Parsed documents kept between runs, keyed by the hash of each file.

Rendering pages with Python-Markdown is the expensive part of loading a bank;
a file whose bytes and whose bank configuration have not changed is not
parsed again. The cache is ``.kb-cache/documents.json``, written atomically:
a header line (format, and a fingerprint of the configuration and of the
code) and a line with the entries, in the data-only format of
:mod:`.cache_codec`. It never runs code from the file: CI restores the folder
from a shared cache, so its content is as untrusted as the pages.

A cache written for another configuration, another version of kb_tools or
another set of installed packages is quietly ignored; a file that is not a
cache at all, is truncated, damaged or not a regular file is reported in one
line and rebuilt. With ``read=False``
(``kb check --no-cache``) nothing is read, and the fresh cache replaces
whatever was there.
"""

from __future__ import annotations

import copy
import gc
import hashlib
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..front_matter import decode
from ..storage.cache_files import (
    CACHE_DIR,
    UnusableCacheFile,
    discarded,
    read_bytes,
    remove,
    write_atomically,
)
from . import cache_codec
from .document import Document

FILE_NAME = "documents.json"
MAGIC = "kb-tools document cache"
FORMAT = 5  # 4: findings keep their messages as message ids; 5: documents keep no text
# A bank of 10,000 pages makes a cache of about 30 MB.
MAX_BYTES = 2**31
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False)
# Written by kb_tools before 0.x: never read, removed when the cache is saved.
LEGACY_FILES = ("documents.pickle",)


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("kb-tools")
    except Exception:
        return "dev"


def installed_distributions() -> str:
    """The distributions Python can import from, by name and version (the
    names of their ``.dist-info`` and ``.egg-info`` folders): a page renders
    with the Markdown extensions and whatever they import, so installing,
    upgrading or removing any of them makes cached pages stale (a page
    whose extension's dependency was uninstalled must become KB110). One
    listing of each folder on ``sys.path``: a few milliseconds."""
    found: list[str] = []
    for folder in sys.path:
        try:
            with os.scandir(folder or ".") as entries:
                found += [e.name for e in entries if e.name.endswith(_METADATA_FOLDERS)]
        except OSError:
            continue
    return "\n".join(sorted(found))


_METADATA_FOLDERS = (".dist-info", ".egg-info")


class DocumentCache:
    def __init__(self, path: Path, fingerprint: str, *, read: bool = True) -> None:
        self.path = path
        self.fingerprint = fingerprint
        self.entries: dict[str, tuple[str, Document]] = {}
        # Entries encoded where the page was parsed (a worker process), as written.
        self.encoded: dict[str, str] = {}
        # Not read: the next save replaces whatever is on disk.
        self.changed = not read
        if read:
            self._read()

    @classmethod
    def for_bank(cls, root: Path, config_file: Path, *, read: bool = True) -> DocumentCache | None:
        """The cache of the bank whose configuration is *config_file*."""
        try:
            config_bytes = config_file.read_bytes()
        except OSError:
            return None
        digest = hashlib.sha256(config_bytes)
        # sys.maxsize: the fingerprints of pages hash with the platform's word size.
        digest.update(f"kb-tools {_version()} {sys.version} {sys.maxsize} {FORMAT}".encode())
        digest.update(" ".join(cache_codec.FIELD_NAMES).encode())
        package = Path(__file__).resolve().parents[1]
        for source in sorted(package.rglob("*.py")):  # editable installs change code in place
            digest.update(str(source.stat().st_mtime_ns).encode())
        digest.update(installed_distributions().encode())
        return cls(root / CACHE_DIR / FILE_NAME, digest.hexdigest(), read=read)

    def _read(self) -> None:
        try:
            raw = read_bytes(self.path, MAX_BYTES)
        except UnusableCacheFile as exc:
            self._discard(str(exc))
            return
        if raw is None:
            return
        end = raw.find(b"\n")
        try:
            header = json.loads(raw[: end if end >= 0 else len(raw)])
            if type(header) is not dict or header.get("format") != MAGIC:
                raise cache_codec.CacheFormatError("not a cache file written by kb")
        except (ValueError, RecursionError) as exc:
            self._discard(_reason(exc))
            return
        if header.get("version") != FORMAT or header.get("fingerprint") != self.fingerprint:
            self.changed = True  # another configuration or version: start afresh
            return
        # Decoding makes hundreds of thousands of objects, none of them
        # garbage; collecting cycles meanwhile would double the time.
        collecting = gc.isenabled()
        gc.disable()
        try:
            # YAML can spell a lone surrogate ("\ud800"); UTF-8 cannot.
            text = str(memoryview(raw)[end + 1 :], "utf-8", "surrogatepass")
            del raw  # the bytes, the text and the decoded JSON are large
            stored = json.loads(text, object_hook=cache_codec.object_hook)
            del text
            self.entries = _decode_entries(stored)
        except Exception as exc:  # whatever a damaged or crafted file makes the decoder do
            self._discard(_reason(exc))
        finally:
            if collecting:
                gc.enable()

    def _discard(self, reason: str) -> None:
        discarded(f"the document cache {CACHE_DIR}/{FILE_NAME}", reason)
        self.entries = {}
        self.changed = True

    @staticmethod
    def digest(raw: bytes) -> str:
        return hashlib.blake2b(raw, digest_size=16).hexdigest()

    def get(self, src: str, raw: bytes) -> Document | None:
        entry = self.entries.get(src)
        if entry is None or entry[0] != self.digest(raw):
            return None
        # A shallow copy: the caller may set links and the body on its own.
        document = copy.copy(entry[1])
        if document.readable:
            document.body = text_from_line(decode(raw), document.body_line)
        return document

    def put(self, document: Document, raw: bytes) -> None:
        self.entries[document.src_path] = (self.digest(raw), _slim(document))
        self.encoded.pop(document.src_path, None)
        self.changed = True

    @classmethod
    def encode_entry(cls, document: Document, raw: bytes) -> str | None:
        """The entry :meth:`put` would make, encoded as :meth:`save` writes it
        (None for a page with a value the format does not keep). Worker
        processes encode their pages' entries while they have them."""
        try:
            return _encode(document.src_path, cls.digest(raw), _slim(document))
        except (TypeError, ValueError):
            return None

    def put_encoded(self, src: str, entry: str | None) -> None:
        """Keep an entry made by :meth:`encode_entry` (None: keep none)."""
        self.entries.pop(src, None)
        if entry is not None:
            self.encoded[src] = entry
        self.changed = True

    def retain(self, sources: set[str]) -> None:
        """Forget files that no longer exist."""
        for src in set(self.entries) - sources:
            del self.entries[src]
            self.changed = True
        for src in set(self.encoded) - sources:
            del self.encoded[src]
            self.changed = True

    def save(self) -> None:
        if not self.changed:
            return
        # One entry at a time: the encoded structures of all pages at once
        # would take more memory than the pages themselves.
        entries = list(self.encoded.values())
        for src, (digest, document) in self.entries.items():
            try:
                entries.append(_encode(src, digest, document))
            except (TypeError, ValueError):
                continue  # a value the format does not keep: parsed again next time
        header = {"format": MAGIC, "version": FORMAT, "fingerprint": self.fingerprint}
        # YAML can spell a lone surrogate ("\ud800"); UTF-8 cannot.
        chunks = (
            text.encode("utf-8", "surrogatepass") for text in _lines(json.dumps(header), entries)
        )
        try:
            write_atomically(self.path, chunks)
        except OSError:
            return  # a read-only checkout simply runs without a cache
        for name in LEGACY_FILES:
            remove(self.path.parent / name)


def _slim(document: Document) -> Document:
    """What the cache keeps of a document: not the body (the file has it) nor
    the links (resolved against the bank at each run)."""
    slim = copy.copy(document)
    slim.body = ""
    slim.links = []
    # The scalars as written serve validation, which is done by now.
    slim.front_matter = copy.copy(document.front_matter)
    slim.front_matter.source = {}
    return slim


def _encode(src: str, digest: str, slim: Document) -> str:
    return _ENCODER.encode([src, digest, cache_codec.encode_document(slim)])


def _lines(header: str, entries: list[str]) -> Iterator[str]:
    yield f"{header}\n["
    for index, entry in enumerate(entries):
        yield f",{entry}" if index else entry
    yield "]\n"


def _decode_entries(stored: Any) -> dict[str, tuple[str, Document]]:
    if type(stored) is not list:
        raise cache_codec.CacheFormatError("the entries are not a list")
    entries: dict[str, tuple[str, Document]] = {}
    decode_document = cache_codec.decode_document
    for index, entry in enumerate(stored):
        stored[index] = None  # each entry's JSON goes as soon as it is decoded
        src, digest, document = entry
        if type(src) is not str or type(digest) is not str:
            raise cache_codec.CacheFormatError("an entry has no path or digest")
        entries[src] = (digest, decode_document(document))
    return entries


def _reason(exc: BaseException) -> str:
    if isinstance(exc, cache_codec.CacheFormatError):
        return str(exc)
    if isinstance(exc, UnicodeDecodeError | json.JSONDecodeError):
        return "not a cache file written by kb, or truncated"
    return f"damaged: {type(exc).__name__}"


def text_from_line(text: str, line: int) -> str:
    """*text* from the start of line *line* (1-based) on."""
    start = 0
    for _ in range(line - 1):
        start = text.find("\n", start) + 1
        if start == 0:
            return ""
    return text[start:]
