"""Parsed documents kept between runs, keyed by the hash of each file.

Rendering pages with Python-Markdown is the expensive part of loading a bank;
a file whose bytes and whose bank configuration have not changed is not
parsed again. The cache is one pickle under ``.kb-cache/`` in the bank's root,
written atomically; anything unreadable about it just means a cold start.
"""

from __future__ import annotations

import copy
import gc
import hashlib
import os
import pickle
import sys
from pathlib import Path
from typing import Any

from ..frontmatter import decode
from .document import Document

CACHE_DIR = ".kb-cache"
FORMAT = 2


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("kb-tools")
    except Exception:
        return "dev"


class DocumentCache:
    def __init__(self, path: Path, fingerprint: str) -> None:
        self.path = path
        self.fingerprint = fingerprint
        self.entries: dict[str, tuple[bytes, Document]] = {}
        self.changed = False
        self._read()

    @classmethod
    def for_bank(cls, root: Path, config_file: Path) -> DocumentCache | None:
        """The cache of the bank whose configuration is *config_file*."""
        try:
            config_bytes = config_file.read_bytes()
        except OSError:
            return None
        digest = hashlib.sha256(config_bytes)
        digest.update(f"kb-tools {_version()} {sys.version} {FORMAT}".encode())
        package = Path(__file__).resolve().parents[1]
        for source in sorted(package.rglob("*.py")):  # editable installs change code in place
            digest.update(str(source.stat().st_mtime_ns).encode())
        return cls(root / CACHE_DIR / "documents.pickle", digest.hexdigest())

    def _read(self) -> None:
        # Unpickling makes hundreds of thousands of objects, none of them
        # garbage; collecting cycles meanwhile would triple the time.
        collecting = gc.isenabled()
        gc.disable()
        try:
            with self.path.open("rb") as handle:
                stored: dict[str, Any] = pickle.load(handle)
        except Exception:
            return
        finally:
            if collecting:
                gc.enable()
        if stored.get("fingerprint") == self.fingerprint:
            self.entries = stored.get("entries", {})

    @staticmethod
    def digest(raw: bytes) -> bytes:
        return hashlib.blake2b(raw, digest_size=16).digest()

    def get(self, src: str, raw: bytes) -> Document | None:
        entry = self.entries.get(src)
        if entry is None or entry[0] != self.digest(raw):
            return None
        # A shallow copy: the caller may set links and text on its own.
        document = copy.copy(entry[1])
        if document.readable:
            document.text = decode(raw)
            document.body = _from_line(document.text, document.body_line)
        return document

    def put(self, document: Document, raw: bytes) -> None:
        slim = copy.copy(document)
        slim.text = slim.body = ""
        slim.links = []
        # The scalars as written serve validation, which is done by now.
        slim.front_matter = copy.copy(document.front_matter)
        slim.front_matter.source = {}
        self.entries[document.src_path] = (self.digest(raw), slim)
        self.changed = True

    def retain(self, sources: set[str]) -> None:
        """Forget files that no longer exist."""
        for src in set(self.entries) - sources:
            del self.entries[src]
            self.changed = True

    def save(self) -> None:
        if not self.changed:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_suffix(f".{os.getpid()}.tmp")
            with temporary.open("wb") as handle:
                pickle.dump(
                    {"fingerprint": self.fingerprint, "entries": self.entries},
                    handle,
                    protocol=pickle.HIGHEST_PROTOCOL,
                )
            os.replace(temporary, self.path)
        except OSError:
            pass  # a read-only checkout simply runs without a cache


def _from_line(text: str, line: int) -> str:
    """*text* from the start of line *line* (1-based) on."""
    start = 0
    for _ in range(line - 1):
        start = text.find("\n", start) + 1
        if start == 0:
            return ""
    return text[start:]
