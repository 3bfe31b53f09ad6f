"""Files under a bank's ``.kb-cache/``: read defensively, written atomically.

Everything in ``.kb-cache/`` is a cache: CI restores it from a shared store
and anyone may have planted something in it, so a cache file is read only if
it is a regular file (not a symlink, FIFO or device: a symlink to
``/dev/zero`` or a FIFO must not hang a run) of a sane size, and anything
unusable about it means the cache is rebuilt. :func:`discarded` says so in
one line per run, through the ``kb_tools`` logger that the CLI prints.

Used by the document cache, the search index, the link cache and the
reminder state.
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import stat
from collections.abc import Iterable
from pathlib import Path

CACHE_DIR = ".kb-cache"
log = logging.getLogger("kb_tools.cache")
_said = False


class UnusableCacheFile(Exception):
    """A cache file exists but is not one we can read (the reason is the message)."""


def read_bytes(path: Path, limit: int) -> bytes | None:
    """The content of the regular file *path*, or ``None`` when it does not exist.

    A symlink as the last component, anything but a regular file, a file over
    *limit* bytes, or a read error raise :class:`UnusableCacheFile`.
    """
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except (FileNotFoundError, NotADirectoryError):
        return None  # no cache yet, or no cache folder (.kb-cache is a file)
    except OSError as exc:
        if path.is_symlink():
            raise UnusableCacheFile(f"{path.name} is a symbolic link") from None
        raise UnusableCacheFile(f"{path.name}: {exc.strerror or exc}") from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnusableCacheFile(f"{path.name} is not a regular file")
        if info.st_size > limit:
            raise UnusableCacheFile(f"{path.name} is larger than {limit:,} bytes")
        try:
            # Not read(limit + 1): that sets aside the whole limit (2 GB for
            # the document cache) before reading a byte.
            data = handle.read(info.st_size + 1)
            if len(data) > info.st_size:  # grew since: read on, up to the limit
                data += handle.read(limit + 1 - len(data))
        except OSError as exc:
            raise UnusableCacheFile(f"{path.name}: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise UnusableCacheFile(f"{path.name} is larger than {limit:,} bytes")
    return data


def real_directory(path: Path) -> bool:
    """True if *path* is a directory and not a symbolic link to one."""
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def write_atomically(path: Path, data: bytes | Iterable[bytes]) -> None:
    """Replace *path* with *data* (bytes, or chunks of them) so that readers
    see the old or the new file, never a part of one. OSError when the folder
    cannot be written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
    # Like any file the user's tools write (the umask applies), not 0600.
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(temporary, flags, 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            if isinstance(data, bytes):
                handle.write(data)
            else:
                handle.writelines(data)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def remove(path: Path) -> None:
    """Remove a file or symbolic link (never what a link points to), if there."""
    with contextlib.suppress(FileNotFoundError, IsADirectoryError, PermissionError):
        os.unlink(path)


def discarded(what: str, reason: str) -> None:
    """Say once per run that a cache could not be read and is being rebuilt."""
    global _said
    if not _said:
        _said = True
        log.warning("Warning: %s could not be read (%s); it is rebuilt.", what, reason)


def new_run() -> None:
    """A new run begins (each CLI command): the next discarded cache is told again."""
    global _said
    _said = False
