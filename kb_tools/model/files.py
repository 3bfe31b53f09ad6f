"""What a bank holds: the one walk of ``docs/`` that decides which files
exist, and the only way their pages are read.

The checker (:meth:`Bank.load`), the search index and the site build all
ask this module, so a page is either known to all three or to none:

- names starting with ``.`` are left out (as MkDocs leaves them out);
- a symbolic link to a regular file inside ``docs/`` is followed: the file
  exists at the link's path, as MkDocs builds it;
- any other symbolic link is **KB107** and not followed: one that leads
  outside ``docs/`` (``→ /etc/passwd``), one to a folder (MkDocs would walk
  it, into other folders or round in circles, so the build refuses to start
  while one exists), one that leads nowhere or round in a circle;
- anything but a regular file (a named pipe, a device, a socket) is
  **KB108** and never opened;
- a page larger than ``max_page_size`` is **KB109** and not read;
- a file or folder whose name is not valid UTF-8 is **KB111** and not read
  (its finding shows the name's undecodable bytes as ``\\xNN``).

Pages are opened without blocking and read no further than that limit, and
the checks are made again on the open file, so a file swapped after the
walk cannot slip through.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..config import DEFAULT_MAX_PAGE_SIZE, Config
from ..diagnostics import Diagnostic, finding
from ..i18n import Message, msg
from ..text.escaping import printable
from .document import MARKDOWN_SUFFIXES
from .refusals import not_utf8, outside_link, special_file, too_large, undecodable

_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)  # a named pipe must not wait for a writer
    | getattr(os, "O_NOFOLLOW", 0)  # the path given is already resolved
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


_FOLDER_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_DIRECTORY", 0)
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
)


class Refused(Exception):
    """A file the bank does not read; *diagnostic* says why."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.text)
        self.diagnostic = diagnostic


class DocsTree:
    """The files of ``docs/`` that belong to the bank, and the ones refused
    (walked when made; a docs folder that does not exist holds nothing)."""

    def __init__(
        self,
        docs_dir: Path,
        *,
        max_page_size: int = DEFAULT_MAX_PAGE_SIZE,
        prefix: str = "",
        excluded: Callable[[str], bool] | None = None,
    ) -> None:
        """Walk *docs_dir*; findings name paths with *prefix* (``docs/``);
        what *excluded* names (a folder with a trailing ``/``) is left out."""
        self.docs_dir = docs_dir
        self._excluded = excluded or _hidden
        self.max_page_size = max_page_size
        self.files: list[str] = []  # docs-relative, sorted
        self.refused: list[Diagnostic] = []
        self.linked_folders: list[str] = []  # links to folders, which the engine follows
        self._prefix = prefix
        try:
            self._real_root = os.path.realpath(docs_dir, strict=True)
        except OSError:
            self._real_root = ""
            return
        self._walk()

    @classmethod
    def of(cls, config: Config) -> DocsTree:
        """The docs folder of a bank, walked with its settings."""
        return cls(config.docs_dir, max_page_size=config.kb.max_page_size,
                   prefix=config.docs_prefix, excluded=config.excluded)

    @property
    def pages(self) -> list[str]:
        """The Markdown files, sorted."""
        return [src for src in self.files if src.endswith(MARKDOWN_SUFFIXES)]

    def path(self, src: str) -> Path:
        return self.docs_dir / src

    def read(self, src: str, folders: _Folders | None = None) -> bytes:
        """The bytes of the page *src*: :class:`Refused` when it is no longer
        a regular file inside ``docs/`` or has grown past the limit,
        :class:`OSError` when it cannot be read. *folders* (open folders of
        ``docs/``) spare resolving the whole path of each page."""
        path = self.path(src)
        descriptor = folders.open(src) if folders is not None else None
        if descriptor is None:  # a symbolic link on the way: resolve it
            real = os.path.realpath(path)
            if not _inside(real, self._real_root):
                written = os.readlink(path) if os.path.islink(path) else real
                raise Refused(self._finding(src, *outside_link(written, folder=False)))
            descriptor = os.open(real, _OPEN_FLAGS)
        limit = self.max_page_size
        with os.fdopen(descriptor, "rb") as handle:
            info = os.fstat(descriptor)
            if not stat.S_ISREG(info.st_mode):
                raise Refused(self._finding(src, *special_file(info.st_mode, linked=False)))
            data = _read_at_most(handle, info.st_size, limit)
        if len(data) > limit:
            raise Refused(self._finding(src, *too_large(max(info.st_size, len(data)), limit)))
        return data

    def read_pages(self) -> tuple[dict[str, bytes], dict[str, str]]:
        """``({src: bytes}, {src: why it cannot be read})`` for every page.
        A page refused now (changed since the walk) leaves :attr:`files`
        and joins :attr:`refused`."""
        contents: dict[str, bytes] = {}
        unreadable: dict[str, str] = {}
        with _Folders.of(self._real_root) as folders:
            for src in self.pages:
                try:
                    contents[src] = self.read(src, folders)
                except Refused as refused:
                    self.files.remove(src)
                    self.refused.append(refused.diagnostic)
                except OSError as exc:
                    unreadable[src] = exc.strerror or str(exc)
        return contents, unreadable

    def unbuildable(self) -> Message | None:
        """Why the site engine must not walk this docs folder, if it must not:
        MkDocs follows every link to a folder, out of docs/ and round in
        circles, before any plugin can leave the files out."""
        if not self.linked_folders:
            return None
        links = ", ".join(f"'{self._prefix}{src}'" for src in self.linked_folders)
        return msg(
            "the docs folder holds symbolic links to folders ({links}), which MkDocs would "
            "follow; the site is not built while they are there (kb check reports KB107)",
            links=links,
        )

    # -- the walk ----------------------------------------------------------------

    def _walk(self) -> None:
        pending = [("", os.fspath(self.docs_dir))]
        while pending:
            prefix, folder = pending.pop()
            try:
                with os.scandir(folder) as scanned:
                    entries = sorted(scanned, key=lambda e: e.name)
            except OSError as exc:
                reason = exc.strerror or str(exc)
                self._refuse(
                    prefix.rstrip("/"),
                    "KB108",
                    msg("the folder cannot be read: {reason}", reason=reason),
                    msg("give the folder read permission, or move it out of the docs folder"),
                )
                continue
            for entry in entries:
                src = prefix + entry.name
                if undecodable(entry.name):
                    self._refuse(src, *not_utf8(entry.is_dir(follow_symlinks=False)))
                    continue
                try:
                    if entry.is_symlink():
                        # A linked folder counts even when it is excluded:
                        # MkDocs walks into it before it applies exclusions.
                        if not self._excluded(src) or entry.is_dir():
                            self._link(src, entry.path)
                    elif entry.is_dir(follow_symlinks=False):
                        if not self._excluded(src + "/"):
                            pending.append((src + "/", entry.path))
                    elif self._excluded(src):
                        continue
                    else:
                        info = entry.stat(follow_symlinks=False)
                        self._file(src, info.st_mode, info.st_size, linked=False)
                except OSError as exc:
                    self._refuse(
                        src,
                        "KB108",
                        msg("the file cannot be read: {reason}", reason=str(exc.strerror or exc)),
                        msg("check the file's permissions"),
                    )
        self.files.sort()
        self.refused.sort(key=lambda d: d.sort_key)
        self.linked_folders.sort()

    def _link(self, src: str, path: str) -> None:
        written = os.readlink(path)
        try:
            target = os.path.realpath(path, strict=True)
        except OSError as exc:
            if isinstance(exc, FileNotFoundError):
                self._refuse(
                    src,
                    "KB107",
                    msg("symbolic link to '{target}', which does not exist", target=written),
                    msg("fix the link's target or remove the link"),
                )
            else:
                self._refuse(
                    src,
                    "KB107",
                    msg("symbolic link that leads round in a circle ('{target}')", target=written),
                    msg("remove the link"),
                )
            return
        info = os.stat(target)
        folder = stat.S_ISDIR(info.st_mode)
        if folder:
            self.linked_folders.append(src)
        if not _inside(target, self._real_root):
            self._refuse(src, *outside_link(written, folder))
        elif folder:
            self._refuse(
                src,
                "KB107",
                msg(
                    "symbolic link to the folder '{target}': links to folders are not "
                    "followed, and the site is not built while one is in the docs folder",
                    target=written,
                ),
                msg("move or copy the pages into this folder instead of linking to them"),
            )
        else:
            self._file(src, info.st_mode, info.st_size, linked=True)

    def _file(self, src: str, mode: int, size: int, *, linked: bool) -> None:
        limit = self.max_page_size
        if not stat.S_ISREG(mode):
            self._refuse(src, *special_file(mode, linked))
        elif src.endswith(MARKDOWN_SUFFIXES) and size > limit:
            self._refuse(src, *too_large(size, limit))
        else:
            self.files.append(src)

    def _refuse(self, src: str, code: str, message: Message, hint: Message) -> None:
        self.refused.append(self._finding(src, code, message, hint))

    def _finding(self, src: str, code: str, message: Message, hint: Message) -> Diagnostic:
        path = (self._prefix + src).rstrip("/") or "."
        if undecodable(path):
            # No report can carry such a name, and no terminal can show it:
            # its undecodable bytes are shown as \xNN.
            path = printable(path)
        return finding(code, path, 1, 1, message, hint)


def _hidden(src: str) -> bool:
    """What MkDocs leaves out of every site: names that start with a dot."""
    return any(part.startswith(".") for part in src.rstrip("/").split("/"))


def _read_at_most(handle: Any, size: int, limit: int) -> bytes:
    """The file's bytes, up to one past *limit*: as many as fstat said it
    holds (asking for the limit would set aside that much memory for every
    page), then on only if it has grown since."""
    data: bytes = handle.read(min(size, limit) + 1)
    if len(data) > size and len(data) <= limit:
        data += handle.read(limit + 1 - len(data))
    return data


class _Folders:
    """The folders of ``docs/``, each opened once without following a
    symbolic link, relative to the folder that holds it: a page opened
    relative to its folder is inside ``docs/`` without resolving its whole
    path (a dozen system calls a page). :meth:`open` says None where a
    symbolic link stands in the way; the caller resolves the path then."""

    def __init__(self, root: int | None) -> None:
        self._folders: dict[str, int | None] = {"": root}

    @classmethod
    def of(cls, real_root: str) -> _Folders:
        if not real_root or os.open not in os.supports_dir_fd:
            return cls(None)
        try:
            return cls(os.open(real_root, _FOLDER_FLAGS))
        except OSError:
            return cls(None)

    def __enter__(self) -> _Folders:
        return self

    def __exit__(self, *_: object) -> None:
        for descriptor in self._folders.values():
            if descriptor is not None:
                os.close(descriptor)
        self._folders.clear()

    def open(self, src: str) -> int | None:
        """A descriptor of the page *src* opened for reading, or None."""
        folder, _, name = src.rpartition("/")
        parent = self._folder(folder)
        if parent is None:
            return None
        try:
            return os.open(name, _OPEN_FLAGS, dir_fd=parent)
        except OSError as exc:
            if exc.errno in (errno.ELOOP, errno.EMLINK):  # a link (EMLINK: FreeBSD)
                return None
            raise

    def _folder(self, folder: str) -> int | None:
        if folder in self._folders:
            return self._folders[folder]
        above, _, name = folder.rpartition("/")
        parent = self._folder(above)
        descriptor = None
        if parent is not None:
            try:
                descriptor = os.open(name, _FOLDER_FLAGS, dir_fd=parent)
            except OSError:
                descriptor = None  # a link, or gone: the caller resolves the path
        self._folders[folder] = descriptor
        return descriptor


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)
