"""Cache: URL → result and time, with a maximum age. Failures are never
cached, so a broken link is always checked again."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from ..storage.cache_files import UnusableCacheFile, read_bytes
from .check import LinkResult, Status

CACHEABLE = (Status.OK, Status.REDIRECTED)
_CACHED_VALUES = {status.value for status in CACHEABLE}
MAX_BYTES = 2**28


class LinkCache:
    def __init__(self, path: Path, max_age_seconds: float, now: float | None = None) -> None:
        self.path = path
        self.max_age = max_age_seconds
        self.now = now if now is not None else time.time()
        self.entries: dict[str, dict[str, object]] = {}
        try:
            # Only a regular file: a FIFO or a link to /dev/zero must not hang.
            loaded = json.loads(read_bytes(path, MAX_BYTES) or b"{}")
        except (UnusableCacheFile, ValueError, RecursionError):
            loaded = {}
        if isinstance(loaded, dict):
            self.entries = {
                url: entry
                for url, entry in loaded.items()
                if isinstance(entry, dict) and entry.get("status") in _CACHED_VALUES
            }

    def get(self, url: str) -> LinkResult | None:
        entry = self.entries.get(url)
        if not entry:
            return None
        checked_at = entry.get("checked_at", 0)
        checked = float(checked_at) if isinstance(checked_at, int | float) else 0.0
        if self.now - checked > self.max_age:
            return None
        code = entry.get("code")
        final_url = entry.get("final_url")
        return LinkResult(
            url,
            Status(str(entry["status"])),
            code if isinstance(code, int) else 0,
            final_url if isinstance(final_url, str) else None,
            cached=True,
        )

    def put(self, result: LinkResult) -> None:
        if result.status in CACHEABLE:
            self.entries[result.url] = {
                "status": result.status.value,
                "code": result.code,
                "final_url": result.final_url,
                "checked_at": self.now,
            }
        else:
            self.entries.pop(result.url, None)

    def save(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_text(
                json.dumps(self.entries, indent=1, sort_keys=True), encoding="utf-8"
            )
            os.replace(temporary, self.path)
        except OSError:
            pass
