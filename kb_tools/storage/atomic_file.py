"""Changing one file safely: read it under a lock, replace it atomically.

Used by :mod:`kb_tools.editing.edits` (``kb review --mark-reviewed``,
``kb verify-contact``). The rules:

- only a regular file is read: a FIFO would hang the run, a device would
  never end, and a symbolic link would send the write somewhere else;
- kb processes editing the same file take turns (an advisory ``flock`` where
  the platform has one), and each reads the file only once it holds it, so
  two edits of one file both land;
- the new content goes to a temporary file in the same folder, is flushed to
  disk and renamed over the old one with :func:`os.replace`, keeping the
  permission bits (and the owner, where allowed): a run killed at any moment
  leaves the old file or the new one, never half of one (and the next edit
  removes its leftover);
- a file that another program changed after kb read it is left alone.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from ..i18n import Message, msg

fcntl: ModuleType | None
try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no advisory locks
    fcntl = None

LOCK_TIMEOUT = 10.0
_POLL = 0.02
_TEMP_SUFFIX = ".kb-edit.tmp"
_READ_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)  # a FIFO swapped in after the check must not block
    | getattr(os, "O_BINARY", 0)
    | getattr(os, "O_CLOEXEC", 0)
)


class FileChangeError(Exception):
    """The file cannot be read or replaced safely; it was not changed."""

    def __init__(self, message: Message, hint: Message | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class Snapshot:
    """The file as it was read, while the lock is held."""

    path: Path
    data: bytes
    device: int
    inode: int
    mode: int
    owner: tuple[int, int]  # user and group ids


@contextlib.contextmanager
def editing(path: Path, timeout: float | None = None) -> Iterator[Snapshot]:
    """Hold *path* for one edit: its bytes now, and the lock until the block
    ends. Waits up to *timeout* seconds (:data:`LOCK_TIMEOUT`) for another kb."""
    timeout = LOCK_TIMEOUT if timeout is None else timeout
    deadline = time.monotonic() + timeout
    while True:
        fd = _open_regular(path)
        try:
            _lock(fd, deadline, timeout)
            info = os.fstat(fd)
            if _is_current(path, info):
                break
        except BaseException:
            os.close(fd)
            raise
        # Another kb process replaced the file while we waited: hold the new one.
        os.close(fd)
    try:
        if fcntl is not None:
            _remove_leftovers(path)
        data = _read_all(fd)
        if fcntl is None:  # pragma: no cover - Windows cannot replace an open file
            os.close(fd)
            fd = -1
        yield Snapshot(
            path,
            data,
            info.st_dev,
            info.st_ino,
            stat.S_IMODE(info.st_mode),
            (info.st_uid, info.st_gid),
        )
    finally:
        if fd >= 0:
            os.close(fd)  # releases the lock


def replace(snapshot: Snapshot, data: bytes) -> None:
    """Write *data* in place of the file read in *snapshot*, atomically."""
    path = snapshot.path
    if _current_bytes(snapshot) != snapshot.data:
        raise FileChangeError(
            msg("the file changed on disk while kb was editing it, so kb did not change it."),
            msg("run the command again"),
        )
    try:
        fd, temporary = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=_TEMP_SUFFIX
        )
    except OSError as exc:
        raise _write_error(exc) from None
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        _keep_owner(temporary, snapshot.owner)
        os.chmod(temporary, snapshot.mode)
        os.replace(temporary, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(exc, OSError):
            raise _write_error(exc) from None
        raise
    _sync_folder(path.parent)


def _open_regular(path: Path) -> int:
    try:
        info = os.lstat(path)
    except OSError as exc:
        raise FileChangeError(_unreadable(exc)) from None
    if stat.S_ISLNK(info.st_mode):
        raise FileChangeError(
            msg(
                "the file is a symbolic link, and kb edits only regular files, "
                "so it did not change the link or what it points to."
            ),
            msg("run the command on the file the link points to"),
        )
    if not stat.S_ISREG(info.st_mode):
        raise FileChangeError(
            msg(
                "this is not a regular file but a folder, pipe or device, "
                "so kb did not read or change it."
            ),
            msg("name a Markdown file"),
        )
    try:
        fd = os.open(path, _READ_FLAGS)
    except OSError as exc:
        raise FileChangeError(_unreadable(exc)) from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped between the check and the open
        os.close(fd)
        raise FileChangeError(
            msg(
                "the file was replaced by something that is not a regular file, "
                "so kb did not read or change it."
            ),
            msg("run the command again"),
        )
    return fd


def _lock(fd: int, deadline: float, timeout: float) -> None:
    if fcntl is None:  # pragma: no cover
        return
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise FileChangeError(
                    msg(
                        "another kb command has been editing the file for {seconds} seconds, "
                        "so kb did not change it.",
                        seconds=f"{timeout:g}",
                    ),
                    msg("run the command again when the other one has finished"),
                ) from None
            time.sleep(_POLL)
        except OSError:  # a file system without locks: the change check still guards
            return


def _is_current(path: Path, held: os.stat_result) -> bool:
    try:
        now = os.lstat(path)
    except OSError:
        return False
    return (now.st_dev, now.st_ino) == (held.st_dev, held.st_ino)


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


def _current_bytes(snapshot: Snapshot) -> bytes | None:
    """What the path holds now, or None if it is no longer the file we read."""
    try:
        fd = os.open(snapshot.path, _READ_FLAGS)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if (info.st_dev, info.st_ino) != (snapshot.device, snapshot.inode):
            return None
        return _read_all(fd)
    finally:
        os.close(fd)


def _remove_leftovers(path: Path) -> None:
    """Temporary files of killed runs. Whoever holds the lock on the current
    file is the only kb process that may be writing one, so any other is stale."""
    prefix = f".{path.name}."
    with contextlib.suppress(OSError), os.scandir(path.parent) as entries:
        for entry in entries:
            if (
                entry.name.startswith(prefix)
                and entry.name.endswith(_TEMP_SUFFIX)
                and entry.is_file(follow_symlinks=False)
            ):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


def _keep_owner(temporary: str, owner: tuple[int, int]) -> None:
    """The new file gets the old one's user and group where we may set them
    (root, or a group we belong to); otherwise it is ours, as with any editor."""
    if not hasattr(os, "chown"):  # pragma: no cover - Windows
        return
    info = os.stat(temporary)
    if (info.st_uid, info.st_gid) != owner:
        with contextlib.suppress(OSError):
            os.chown(temporary, *owner)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); harmless where unsupported."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _write_error(exc: OSError) -> FileChangeError:
    return FileChangeError(
        msg("kb cannot write the file ({reason}), so it did not change it.", reason=_reason(exc)),
        msg("check that the folder is writable and the disk is not full"),
    )


def _unreadable(exc: OSError) -> Message:
    return msg("kb cannot read the file: {reason}.", reason=_reason(exc))


def _reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()
