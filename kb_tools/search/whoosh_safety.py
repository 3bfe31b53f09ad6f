"""Reading a Whoosh index that anyone may have planted, without running code.

Whoosh keeps pickles in its index files: the table of contents
(``_MAIN_*.toc``) holds the schema and the list of segments, and the
segment files hold pickled stored fields, posting-block headers, inlined
postings and the compound-file directory. The index lives in
``.kb-cache/``, which CI restores from a shared cache, so unpickling those
files as Whoosh does would run whatever a crafted file asks for.

Two options were weighed. *Authenticating* the files with a key kept outside
the working tree would need key management, and a runner that starts without
the key (every CI job) would throw the cached index away. A *restricted
unpickler* needs nothing and holds wherever the index comes from, so that is
what this module does:

- Every place Whoosh unpickles (``whoosh.compat.loads``/``load``, the
  ``pickle`` module some modules hold, names imported from either, the
  legacy TOC loaders) is redirected to :class:`_Unpickler`, and ``marshal``
  in legacy modules is refused outright. Its ``find_class`` allows exactly
  the classes our own index writes: :data:`ALLOWED`. Those are classes
  whose construction and ``__dict__`` update run no code of the file's
  choosing; no function is allowed, since ``REDUCE`` on an allowed function
  would call it with arguments of the file's choosing.
  ``tests/test_search_safety.py`` records every global the pickles of a
  fresh, a parallel, an incremental and a public index refer to and checks
  that the set equals :data:`ALLOWED`.
- Whoosh writes some pickles with protocol 2, which stores bytes as a call
  of ``_codecs.encode``; its writers are redirected to the highest protocol,
  where bytes are plain data, so that no function has to be allowed.
- The schema is never unpickled: :class:`SafeStorage` opens every index
  (in child processes of a parallel build too) with our schema, so the
  pickled schema's tokenizers and compiled expressions never need loading.
- Files are opened only by plain names inside the index folder (a segment
  name taken from a crafted TOC cannot climb out with ``../``), never through
  a symbolic link, and only when they are regular files (a FIFO or
  ``/dev/zero`` would hang the run). A file is never written through an
  existing name: incremental updates share unchanged files with the previous
  index generation by hard links, which must stay as they were.

Anything still wrong in a crafted index makes Whoosh raise; the caller treats
that as a damaged index and rebuilds it. Used by :mod:`.engine`.
"""

from __future__ import annotations

import contextlib
import errno
import importlib
import io
import marshal
import os
import pickle
import re
import stat
import sys
import types
from typing import IO, Any

import whoosh.compat
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import StructFile

# What pickle protocol 5 needs for the segment list a W3Codec index writes
# (TOC) and for its stored fields and postings (builtin values only).
ALLOWED: frozenset[tuple[str, str]] = frozenset(
    {
        ("whoosh.codec.whoosh3", "W3Segment"),
        ("whoosh.codec.whoosh3", "W3Codec"),
        ("collections", "defaultdict"),
        ("builtins", "int"),
    }
)


class UnsafeIndexFile(ValueError):
    """A name or file the index must not read (the reason is the message)."""


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(
            f"the index file refers to {module}.{name}, which kb's search index never holds"
        )


def safe_loads(data: bytes, /, *args: Any, **kwargs: Any) -> Any:
    return _Unpickler(io.BytesIO(data)).load()


def safe_load(file: IO[bytes], /, *args: Any, **kwargs: Any) -> Any:
    return _Unpickler(file).load()


# Whoosh asks for protocol 2 in places, which writes bytes as a call of
# _codecs.encode, a function the reader would have to allow. From protocol 3
# on bytes are plain data, and from protocol 4 on a pickle is one frame,
# which an Unpickler reading from a file (as the restricted one must) takes
# in one read rather than one per opcode: faster for Whoosh's small pickles.


def safe_dumps(value: Any, protocol: int | None = None, **kwargs: Any) -> bytes:
    return pickle.dumps(value, pickle.HIGHEST_PROTOCOL)


def safe_dump(value: Any, file: IO[bytes], protocol: int | None = None, **kwargs: Any) -> None:
    pickle.dump(value, file, pickle.HIGHEST_PROTOCOL)


def _no_marshal(*args: Any, **kwargs: Any) -> Any:
    raise ValueError("kb does not read marshal data from a search index")


_PICKLE = types.SimpleNamespace(
    loads=safe_loads,
    load=safe_load,
    dumps=safe_dumps,
    dump=safe_dump,
    Unpickler=_Unpickler,
    Pickler=pickle.Pickler,
    PicklingError=pickle.PicklingError,
    UnpicklingError=pickle.UnpicklingError,
    HIGHEST_PROTOCOL=pickle.HIGHEST_PROTOCOL,
)
_REPLACEMENTS: dict[int, Any] = {
    id(pickle.loads): safe_loads,
    id(pickle.load): safe_load,
    id(pickle.dumps): safe_dumps,
    id(pickle.dump): safe_dump,
    id(pickle): _PICKLE,
    id(marshal.loads): _no_marshal,
    id(marshal.load): _no_marshal,
}
_UNSAFE = (
    pickle.loads,
    pickle.load,
    pickle.dumps,
    pickle.dump,
    pickle,
    marshal.loads,
    marshal.load,
)
# Modules that unpickle on the paths kb uses; imported after whoosh.compat is
# patched, so that their `from whoosh.compat import loads` gets the safe one.
_MODULES = (
    "whoosh.index",
    "whoosh.legacy",
    "whoosh.util.loading",
    "whoosh.filedb.fileindex",
    "whoosh.filedb.structfile",
    "whoosh.filedb.compound",
    "whoosh.filedb.filetables",
    "whoosh.codec.whoosh3",
    "whoosh.columns",
    "whoosh.formats",
    "whoosh.multiproc",
    "whoosh.externalsort",
    "whoosh.writing",
    "whoosh.reading",
    "whoosh.searching",
)


def unsafe_references() -> list[str]:
    """``module.name`` of every loaded Whoosh global that still unpickles
    unchecked (empty after :func:`install`)."""
    found = []
    for module_name, module in list(sys.modules.items()):
        if module_name.split(".")[0] != "whoosh" or module is None:
            continue
        for attribute, value in list(vars(module).items()):
            if _unsafe(value):
                found.append(f"{module_name}.{attribute}")
    return sorted(found)


def _unsafe(value: Any) -> bool:
    if any(value is unsafe for unsafe in _UNSAFE):
        return True
    # An Unpickler subclass of Whoosh's own, unless it finds classes as ours does.
    return (
        isinstance(value, type)
        and issubclass(value, pickle.Unpickler)
        and value.find_class is not _Unpickler.find_class
    )


def install() -> None:
    """Redirect every unpickling in Whoosh to the restricted unpickler."""
    _patch(whoosh.compat)
    for name in _MODULES:
        importlib.import_module(name)
    for module_name, module in list(sys.modules.items()):
        if module_name.split(".")[0] == "whoosh" and module is not None:
            _patch(module)
    # Old index formats are read by a loader with its own, unrestricted
    # unpickler; kb never wrote them, so a TOC claiming one is refused.
    sys.modules["whoosh.legacy"].toc_loaders.clear()
    sys.modules["whoosh.util.loading"].RenamingUnpickler.find_class = _Unpickler.find_class


def _patch(module: types.ModuleType) -> None:
    for attribute, value in list(vars(module).items()):
        if any(value is unsafe for unsafe in _UNSAFE):
            setattr(module, attribute, _REPLACEMENTS[id(value)])


# Whoosh's own names: _MAIN_3.toc, MAIN_k2j4h5.seg, MAIN_WRITELOCK, MAIN.tmp.
_FILE_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")
_READ = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)


class SafeStorage(FileStorage):  # type: ignore[misc]
    """A Whoosh folder read and written only through plain names, regular
    files and our schema."""

    def __init__(self, path: str, schema: Any) -> None:
        super().__init__(path, supports_mmap=True)
        self._schema = schema

    def open_index(
        self, indexname: str = "MAIN", schema: Any = None, indexclass: Any = None
    ) -> Any:
        return super().open_index(indexname, schema or self._schema, indexclass)

    def _fpath(self, fname: str) -> str:
        if not _FILE_NAME.fullmatch(fname):
            raise UnsafeIndexFile(f"{fname!r} is not the name of a file of the search index")
        return os.path.join(self.folder, fname)

    def open_file(self, name: str, **kwargs: Any) -> StructFile:
        try:
            fd = os.open(self._fpath(name), _READ)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise UnsafeIndexFile(f"{name} is a symbolic link") from None
            raise
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise UnsafeIndexFile(f"{name} is not a regular file")
            handle = os.fdopen(fd, "rb")
        except BaseException:
            os.close(fd)
            raise
        return StructFile(handle, name=name, **kwargs)

    def create_file(
        self, name: str, excl: bool = False, mode: str = "wb", **kwargs: Any
    ) -> StructFile:
        path = self._fpath(name)
        # Never write through an existing name: it may be a hard link into
        # the previous generation of the index, or a planted symlink.
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
        access = os.O_RDWR if "+" in mode else os.O_WRONLY
        flags = os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | access | getattr(os, "O_CLOEXEC", 0)
        handle = os.fdopen(os.open(path, flags, 0o644), mode)
        return StructFile(handle, name=name, **kwargs)

    def temp_storage(self, name: str | None = None) -> SafeStorage:
        name = name or f"{os.urandom(8).hex()}.tmp"
        return SafeStorage(self._fpath(name), self._schema).create()  # type: ignore[no-any-return]
