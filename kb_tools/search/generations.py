"""The search index folder: complete generations, switched atomically.

``.kb-cache/search/`` holds generations ``gen-*``, each a complete index
(Whoosh files, the analyzer, the state of the indexed files), and the file
``CURRENT`` naming the one to read. Nothing in a published generation is
ever changed:

- **One writer at a time.** A writer holds an exclusive lock on
  ``writer.lock``; a second ``kb index`` waits for it (with a message and a
  timeout) and then finds the work done.
- **Writers build aside.** An update starts a new generation: unchanged files
  are hard links to the current one's, and Whoosh writes new files beside
  them. Only when it is complete does ``CURRENT`` switch to it (an atomic
  rename), so a reader sees the old index or the new one, never a half.
- **Readers keep what they read.** A reader holds a shared lock on the
  folder of its generation for as long as it searches it; a writer removes
  a superseded generation only when it can lock it exclusively, so a search
  never loses its files to a concurrent update.

A killed writer leaves an unpublished folder behind; the next writer removes
it, together with anything else that is not ``CURRENT``, the lock or a
generation in use (such as the files of the single-folder index earlier
versions wrote). Locks are ``flock`` locks (:mod:`kb_tools.storage.locks`), released
by the kernel when a process dies. Used by :mod:`.index`.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from ..storage.cache_files import UnusableCacheFile, read_bytes, real_directory, write_atomically
from ..storage.locks import open_lock_file, try_lock, wait_for_lock

POINTER = "CURRENT"
LOCK = "writer.lock"
_GENERATION = re.compile(r"gen-[a-z0-9_]{4,40}")
_DIRECTORY = (
    os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
)


class DamagedPointer(Exception):
    """``CURRENT`` is not what a writer leaves (the reason is the message)."""


class Busy(Exception):
    """Another process kept the writer lock for longer than we wait
    (*seconds*)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(seconds)
        self.seconds = seconds

    def __str__(self) -> str:
        return f"another kb process kept the search index locked for {self.seconds:.0f} s"


class Generation:
    """A published generation, locked against removal until :meth:`close`."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self._fd: int | None = fd

    @property
    def name(self) -> str:
        return self.path.name

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


class IndexFolder:
    def __init__(self, path: Path) -> None:
        self.path = path

    def current_name(self) -> str | None:
        """The name of the published generation; None when there is none."""
        if not real_directory(self.path):
            return None
        try:
            raw = read_bytes(self.path / POINTER, 256)
        except UnusableCacheFile as exc:
            raise DamagedPointer(str(exc)) from None
        if raw is None:
            return None
        name = raw.decode("ascii", "replace").strip()
        if not _GENERATION.fullmatch(name):
            raise DamagedPointer(f"{POINTER} does not name a generation of the index")
        return name

    def open_current(self) -> Generation | None:
        """The published generation, locked for reading (None when there is none)."""
        for _ in range(50):
            name = self.current_name()
            if name is None:
                return None
            path = self.path / name
            try:
                fd = os.open(path, _DIRECTORY)
            except FileNotFoundError:
                time.sleep(0.01)
                continue  # superseded and removed since we read CURRENT
            except OSError as exc:
                raise DamagedPointer(f"{name}: {exc.strerror or exc}") from None
            if try_lock(fd, shared=True) and _same_folder(path, fd):
                return Generation(path, fd)
            os.close(fd)  # being removed: CURRENT names a newer one by now
            time.sleep(0.01)
        raise DamagedPointer(f"{POINTER} keeps naming a generation that is being removed")

    @contextlib.contextmanager
    def writing(
        self,
        *,
        timeout: float,
        on_wait: Callable[[], None] | None = None,
    ) -> Iterator[Writer]:
        """The writer lock, waited for up to *timeout* seconds (else :class:`Busy`)."""
        if not real_directory(self.path):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.path)  # a planted symlink or file, not our folder
            self.path.mkdir(parents=True, exist_ok=True)
        fd = open_lock_file(self.path / LOCK)
        try:
            if not wait_for_lock(fd, timeout, on_wait):
                raise Busy(timeout)
            writer = Writer(self)
            writer.clean()
            yield writer
        finally:
            os.close(fd)


class Writer:
    """What the holder of the writer lock may do."""

    def __init__(self, folder: IndexFolder) -> None:
        self.folder = folder

    def current(self) -> Path | None:
        """The published generation to build on (DamagedPointer if unusable)."""
        name = self.folder.current_name()
        if name is None:
            return None
        path = self.folder.path / name
        if not real_directory(path):
            raise DamagedPointer(f"{name} is missing or not a folder")
        return path

    def new_generation(self, based_on: Path | None = None) -> Path:
        """An unpublished generation; with *based_on*, its regular files
        shared by hard links (copied where links are impossible)."""
        path = Path(tempfile.mkdtemp(prefix="gen-", dir=self.folder.path))
        if based_on is not None:
            for entry in os.scandir(based_on):
                if entry.name.endswith("WRITELOCK") or not entry.is_file(follow_symlinks=False):
                    continue
                try:
                    os.link(entry.path, path / entry.name, follow_symlinks=False)
                except OSError:
                    shutil.copyfile(entry.path, path / entry.name, follow_symlinks=False)
        return path

    def publish(self, generation: Path) -> None:
        write_atomically(self.folder.path / POINTER, f"{generation.name}\n".encode())
        self.clean()

    def clean(self) -> None:
        """Remove all but CURRENT, the lock, the published generation and
        generations that readers still hold."""
        keep = {POINTER, LOCK}
        with contextlib.suppress(DamagedPointer):  # replaced when we publish
            keep.add(self.folder.current_name() or POINTER)
        for entry in os.scandir(self.folder.path):
            if entry.name in keep:
                continue
            if not entry.is_dir(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
            else:
                _remove_unless_read(Path(entry.path))

    def discard(self, generation: Path) -> None:
        shutil.rmtree(generation, ignore_errors=True)


def _remove_unless_read(path: Path) -> None:
    try:
        fd = os.open(path, _DIRECTORY)
    except OSError:
        return
    try:
        if not try_lock(fd):
            return  # a reader still searches it
        # Out of the way first: a reader that opened it a moment ago finds
        # it gone (_same_folder) instead of half removed.
        trash = path.with_name(f"trash-{os.getpid()}-{path.name}")
        try:
            os.rename(path, trash)
        except OSError:
            return
        shutil.rmtree(trash, ignore_errors=True)
    finally:
        os.close(fd)


def _same_folder(path: Path, fd: int) -> bool:
    try:
        there = os.stat(path, follow_symlinks=False)
    except OSError:
        return False
    held = os.fstat(fd)
    same = (there.st_dev, there.st_ino) == (held.st_dev, held.st_ino)
    return stat.S_ISDIR(there.st_mode) and same
