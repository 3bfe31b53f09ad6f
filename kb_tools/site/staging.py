"""Staging folders of ``kb build``, and the leftovers of builds that died.

A build writes into ``.{site}-building-{pid}-{random}`` next to the target and
swaps it in when it is done; the old site is moved aside to
``.{site}-previous-{pid}-{random}`` and removed. A build killed on the way
(SIGKILL, a power cut) leaves those folders behind, so every build first
removes the ones no running build owns.

Ownership is a ``flock`` lock on ``.{site}-building-{pid}-{random}.lock``,
held for the whole build. The kernel releases it when its process dies, so
a lock that can be taken belongs to a dead build, whatever process now has
that pid. The lock file exists, locked, before the folders do (it is locked
under a temporary name and then linked into place), so no build can see a
folder of a live build without its lock.

Only folders with exactly these names and their lock files are ever removed,
never through a symbolic link. Folders that earlier versions of kb left
(``.{site}-building-xxxxxxxx``, ``.{site}-previous-{pid}``, without a lock) are
removed once they have not changed for a day; a build takes minutes. Where
``flock`` does not exist, every leftover is judged by that age. Used by
:mod:`kb_tools.site.mkdocs.build`.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import stat
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..storage.locks import AVAILABLE, try_lock

LEGACY_AGE_SECONDS = 24 * 3600


@dataclass(frozen=True)
class Staging:
    """The folders of one running build; *lock_fd* holds the lock."""

    folder: Path
    retired: Path
    lock: Path
    lock_fd: int


@contextlib.contextmanager
def staging_for(target: Path) -> Iterator[Staging]:
    """A locked staging folder next to *target*, removed with its lock at the
    end unless it has become the site. Stale leftovers are removed first."""
    remove_stale(target)
    staging = _claim(target)
    try:
        yield staging
    finally:
        shutil.rmtree(staging.folder, ignore_errors=True)
        shutil.rmtree(staging.retired, ignore_errors=True)
        with contextlib.suppress(OSError):
            os.unlink(staging.lock)
        os.close(staging.lock_fd)


def _claim(target: Path) -> Staging:
    parent, name = target.parent, target.name
    fd, temporary = tempfile.mkstemp(prefix=f".{name}-claim-", suffix=".tmp", dir=parent)
    try:
        try_lock(fd)  # our own new file: nobody else can hold it
        os.write(fd, f"kb build, process {os.getpid()}\n".encode())
        while True:
            token = f"{os.getpid()}-{secrets.token_hex(4)}"
            lock = parent / f".{name}-building-{token}.lock"
            try:
                os.link(temporary, lock)
            except FileExistsError:
                continue
            break
    except BaseException:
        os.close(fd)
        raise
    finally:
        os.unlink(temporary)
    folder = parent / f".{name}-building-{token}"
    folder.mkdir()
    return Staging(folder, parent / f".{name}-previous-{token}", lock, fd)


def remove_stale(target: Path) -> list[Path]:
    """Remove the staging and retired folders of dead builds of *target*
    (and their lock files); the paths removed."""
    parent, name = target.parent, re.escape(target.name)
    ours = re.compile(rf"\.{name}-(?:building|previous)-(\d+-[0-9a-f]{{8}})")
    lock_name = re.compile(rf"\.{name}-building-(\d+-[0-9a-f]{{8}})\.lock")
    legacy = re.compile(rf"\.{name}-(?:building-[a-z0-9_]{{8}}|previous-\d+)")
    try:
        entries = list(os.scandir(parent))
    except OSError:
        return []
    folders: dict[str, list[Path]] = {}
    locks: dict[str, Path] = {}
    removed: list[Path] = []
    now = time.time()
    for entry in entries:
        if match := lock_name.fullmatch(entry.name):
            if entry.is_file(follow_symlinks=False):
                locks[match.group(1)] = Path(entry.path)
        elif _real_directory(entry):
            if match := ours.fullmatch(entry.name):
                folders.setdefault(match.group(1), []).append(Path(entry.path))
            elif legacy.fullmatch(entry.name) and _idle(entry, now):
                removed += _remove([Path(entry.path)])
    for token in set(folders) | set(locks):
        lock = locks.get(token)
        if lock is None:
            # A lock file is created before its folders and removed after
            # them: folders without one were left by a build that died
            # while it removed them, or by someone else. Judge by age.
            idle = [f for f in folders[token] if _idle_path(f, now)]
            removed += _remove(idle)
        elif _dead(lock):
            removed += _remove(folders.get(token, []))
            with contextlib.suppress(OSError):
                os.unlink(lock)
    return removed


def _dead(lock: Path) -> bool:
    """True if no running process holds *lock*."""
    if not AVAILABLE:  # pragma: no cover - no flock: trust only age
        return _idle_path(lock, time.time())
    try:
        fd = os.open(lock, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return False
    try:
        return try_lock(fd)
    finally:
        os.close(fd)


def _remove(folders: list[Path]) -> list[Path]:
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)
    return folders


def _real_directory(entry: os.DirEntry[str]) -> bool:
    return entry.is_dir(follow_symlinks=False)


def _idle(entry: os.DirEntry[str], now: float) -> bool:
    try:
        return now - entry.stat(follow_symlinks=False).st_mtime > LEGACY_AGE_SECONDS
    except OSError:
        return False


def _idle_path(path: Path, now: float) -> bool:
    try:
        info = os.lstat(path)
    except OSError:
        return False
    return not stat.S_ISLNK(info.st_mode) and now - info.st_mtime > LEGACY_AGE_SECONDS
