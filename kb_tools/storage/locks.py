"""Advisory locks on files and folders that end with their process.

``flock`` locks are released by the kernel when the process that holds them
dies, however it dies, so a lock can never go stale and a reused process id
can never be mistaken for the owner. Used by the search index (one writer,
readers that keep the generation they read) and by ``kb build`` (which
staging folders a running build still owns).

Where ``fcntl`` does not exist (Windows), locking is a no-op: every lock is
granted, as if each process were alone.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Callable
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

POLL_SECONDS = 0.05
AVAILABLE = fcntl is not None


def try_lock(fd: int, *, shared: bool = False) -> bool:
    """Lock *fd* without waiting; False when another process holds it."""
    if fcntl is None:  # pragma: no cover
        return True
    try:
        fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def wait_for_lock(fd: int, timeout: float, on_wait: Callable[[], None] | None = None) -> bool:
    """Lock *fd* exclusively, waiting up to *timeout* seconds; *on_wait* is
    called once if the lock is not free at first. False on timeout."""
    if try_lock(fd):
        return True
    if on_wait is not None:
        on_wait()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
        if try_lock(fd):
            return True
    return False


def open_lock_file(path: Path) -> int:
    """A descriptor of the lock file *path*, created if need be. Whatever else
    is planted under that name (a symbolic link, a FIFO) is replaced."""
    flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    for _ in range(2):
        try:
            fd = os.open(path, flags, 0o644)
        except OSError:
            if not path.is_symlink():
                raise
        else:
            if stat.S_ISREG(os.fstat(fd).st_mode):
                return fd
            os.close(fd)
        os.unlink(path)
    raise OSError(f"cannot create the lock file {path}")
