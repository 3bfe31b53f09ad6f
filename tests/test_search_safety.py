"""The search index: Whoosh's pickles cannot run code, and a damaged index heals.

Every test plants something in `.kb-cache/search/` that would create a marker
file if it were unpickled as Whoosh does, and checks that the marker never
appears and that `kb search` still answers (after rebuilding the index and
saying so in one line).
"""

from __future__ import annotations

import collections
import os
import pickle
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import kb_tools.search.engine  # noqa: F401  (installs the restricted unpickler)
from kb_tools.config import load_config
from kb_tools.model import INTERNAL, PUBLIC
from kb_tools.search import index as index_module
from kb_tools.search import search, update_index
from kb_tools.search import whoosh_safety as safety
from kb_tools.search.engine import schema

from .conftest import BankDir, MakeBank

WARNING = "Warning: the search index in .kb-cache/search could not be read ("
REBUILT = "); it is rebuilt.\n"
SYSTEM = f"{os.system.__module__}.system"


class Payload:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {self.marker}",))


def _page(title: str, body: str, extra: str = "") -> str:
    return (
        f"---\ntitle: {title}\nowner: enhetschef-boende\nreviewed: 2026-09-01\n{extra}---\n{body}\n"
    )


@pytest.fixture
def indexed(make_bank: MakeBank) -> BankDir:
    bank = make_bank(
        {
            "ordlista.md": "---\ntitle: Ordlista\ntype: glossary\nterms:\n"
            "  - {term: HVB, expansion: hem för vård eller boende}\n---\nOrdlistan.\n",
            "rutiner/lakemedel.md": _page(
                "Läkemedelshantering", "Personalen förvarar läkemedlen i ett låst skåp."
            ),
            "rutiner/placering.md": _page(
                "Placering", "Ungdomen placeras på ett hem för vård eller boende."
            ),
            "samverkansparter/apotek.md": _page(
                "Apoteket",
                "Läkemedel hämtas på apoteket.",
                "org_type: company\nvisibility: public\ncontacts: []\n",
            ),
        }
    )
    assert bank.kb("index").exit_code == 0
    return bank


def _generation(bank: BankDir) -> Path:
    folder = bank.root / ".kb-cache" / "search"
    return folder / (folder / "CURRENT").read_text().strip()


def _answers(bank: BankDir, marker: Path, warned: bool = True) -> str:
    """Run two searches that read every kind of file (phrases read positions);
    the stderr of the first, which must be the only one with a warning."""
    first = bank.kb("search", "HVB")
    second = bank.kb("search", "läkemedel")
    assert not marker.exists()
    assert first.exit_code == second.exit_code == 0
    assert first.output.startswith(" 1. Placering")
    assert second.output.startswith(" 1. Läkemedelshantering")
    assert second.stderr == ""
    if warned:
        assert first.stderr.startswith(WARNING) and first.stderr.endswith(REBUILT)
        assert first.stderr.count("\n") == 1
    else:
        assert first.stderr == ""
    return first.stderr


def test_the_allowlist_is_exactly_what_our_index_holds(
    indexed: BankDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    found: set[tuple[str, str]] = set()
    allowed = safety._Unpickler.find_class

    def recording(self: Any, module: str, name: str) -> Any:
        found.add((module, name))
        return allowed(self, module, name)

    monkeypatch.setattr(safety._Unpickler, "find_class", recording)
    config = load_config(indexed.root / "mkdocs.yml")
    queries = ["HVB", "läkemedel", "lakemedelshantring", "hantering", "hem för vård"]
    for audience in (INTERNAL, PUBLIC):
        update_index(config, audience=audience, full=True)
        for query in queries:
            search(config, query, audience=audience, update=False)
    indexed.write("docs/rutiner/ny.md", _page("Ny", "Om brandlarm."))
    (indexed.root / "docs/rutiner/placering.md").unlink()
    update_index(config)
    assert [hit.id for hit in search(config, "brandlarm", update=False)] == ["ny"]
    monkeypatch.setattr(index_module, "PARALLEL_MIN_DOCUMENTS", 2)
    update_index(config, full=True)
    for query in queries:
        search(config, query, update=False)
    assert found == safety.ALLOWED


def test_no_whoosh_module_unpickles_unchecked() -> None:
    # Modules Whoosh imports later (lazily) must not bring their own pickle.
    program = (
        "import importlib, pkgutil, whoosh\n"
        "import kb_tools.search.engine\n"
        "from kb_tools.search.whoosh_safety import unsafe_references\n"
        "for module in pkgutil.walk_packages(whoosh.__path__, 'whoosh.'):\n"
        "    try:\n"
        "        importlib.import_module(module.name)\n"
        "    except Exception:\n"
        "        pass\n"
        "print(unsafe_references())\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True
    )
    assert result.stdout == "[]\n"


Site = tuple[str, str]


def _caller() -> Site:
    here = sys._getframe(2)
    above = here.f_back
    assert above is not None
    return (
        f"{here.f_globals['__name__']}.{here.f_code.co_name}",
        f"{above.f_globals['__name__']}.{above.f_code.co_name}",
    )


def _planting(
    monkeypatch: pytest.MonkeyPatch, data: bytes, target: Callable[[], Site | None]
) -> collections.Counter[Site]:
    """Make Whoosh write *data* instead of the pickle it means to write at
    the call site target() names; count the call sites."""
    seen: collections.Counter[Site] = collections.Counter()

    def dumps(value: Any, protocol: int | None = None, **kwargs: Any) -> bytes:
        site = _caller()
        seen[site] += 1
        return data if site == target() else safety.safe_dumps(value, protocol)

    def dump(value: Any, file: Any, protocol: int | None = None, **kwargs: Any) -> None:
        site = _caller()
        seen[site] += 1
        if site == target():
            file.write(data)
        else:
            safety.safe_dump(value, file, protocol)

    for name, module in list(sys.modules.items()):
        if name.split(".")[0] == "whoosh":
            for attribute, value in list(vars(module).items()):
                if value is safety.safe_dumps:
                    monkeypatch.setattr(module, attribute, dumps)
                elif value is safety.safe_dump:
                    monkeypatch.setattr(module, attribute, dump)
    monkeypatch.setattr(safety._PICKLE, "dumps", dumps)
    monkeypatch.setattr(safety._PICKLE, "dump", dump)
    return seen


# Where Whoosh keeps pickles it reads back when searching.
READ_SITES = {
    ("whoosh.codec.whoosh3._write_block", "whoosh.codec.whoosh3.finish_postings"),
    ("whoosh.columns.add", "whoosh.codec.base.add_column_value"),
    ("whoosh.filedb.structfile.write_pickle", "whoosh.filedb.compound.write_dir"),
    ("whoosh.filedb.structfile.write_pickle", "whoosh.filedb.filetables._write_extras"),
    ("whoosh.formats.encode", "whoosh.formats.word_values"),
}
# The schema, which kb never reads (it opens every index with its own).
SCHEMA_SITES = {
    ("whoosh.index.write", "whoosh.index.create"),
    ("whoosh.index.write", "whoosh.writing._commit_toc"),
}
# The segment list in the TOC, read back by the writer itself: planted below.
TOC_SITE = ("whoosh.filedb.structfile.write_pickle", "whoosh.index.write")


def test_a_pickle_planted_wherever_whoosh_keeps_one_never_runs(
    indexed: BankDir, tmp_path: Path
) -> None:
    marker = tmp_path / "pwned"
    data = pickle.dumps(Payload(marker), protocol=3)
    config = load_config(indexed.root / "mkdocs.yml")
    target: list[Site | None] = [None]
    with pytest.MonkeyPatch.context() as patch:
        seen = _planting(patch, data, lambda: target[0])
        update_index(config, full=True)
    assert set(seen) == READ_SITES | SCHEMA_SITES | {TOC_SITE}
    for site in sorted(READ_SITES | SCHEMA_SITES):
        with pytest.MonkeyPatch.context() as patch:
            _planting(patch, data, lambda: target[0])
            target[0] = site
            update_index(config, full=True)
            target[0] = None
        stderr = _answers(indexed, marker, warned=site in READ_SITES)
        assert not stderr or f"refers to {SYSTEM}," in stderr, site


def test_a_crafted_table_of_contents_never_runs(indexed: BankDir, tmp_path: Path) -> None:
    from whoosh.filedb.filestore import FileStorage
    from whoosh.index import TOC

    marker = tmp_path / "pwned"
    generation = _generation(indexed)
    (toc,) = generation.glob("_MAIN_*.toc")
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    number = int(toc.stem.split("_")[-1])
    TOC(schema(), Payload(marker), number).write(FileStorage(str(scratch)), "MAIN")
    toc.unlink()
    toc.write_bytes((scratch / toc.name).read_bytes())
    assert f"refers to {SYSTEM}," in _answers(indexed, marker)


def test_segment_names_cannot_leave_the_index_folder(indexed: BankDir, tmp_path: Path) -> None:
    from whoosh.filedb.filestore import FileStorage
    from whoosh.index import TOC

    marker = tmp_path / "pwned"
    generation = _generation(indexed)
    (toc,) = generation.glob("_MAIN_*.toc")
    number = int(toc.stem.split("_")[-1])
    storage = safety.SafeStorage(str(generation), schema())
    segments = TOC.read(storage, "MAIN", schema=schema()).segments
    segments[0].segid = "../../../../outside"
    (generation / "MAIN_..").mkdir()  # makes the climb resolve
    (tmp_path / "outside.seg").write_bytes(pickle.dumps(Payload(marker)))
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    TOC(schema(), segments, number).write(FileStorage(str(scratch)), "MAIN")
    toc.unlink()
    toc.write_bytes((scratch / toc.name).read_bytes())
    stderr = _answers(indexed, marker)
    assert "is not the name of a file of the search index" in stderr
    with pytest.raises(ValueError):
        storage.open_file("../files.json")


def _damage(kind: str, path: Path, marker: Path) -> None:
    content = path.read_bytes()
    path.unlink()
    if kind == "emptied":
        path.write_bytes(b"")
    elif kind == "truncated":
        path.write_bytes(content[: len(content) // 2])
    else:
        path.write_bytes(pickle.dumps(Payload(marker)))


@pytest.mark.parametrize("kind", ["emptied", "truncated", "a pickle"])
def test_every_file_of_the_index_damaged_is_rebuilt(
    indexed: BankDir, tmp_path: Path, kind: str
) -> None:
    marker = tmp_path / "pwned"
    files = {p.name for p in _generation(indexed).iterdir()} - {"MAIN_WRITELOCK"}
    patterns = ["_MAIN_*.toc", "MAIN_*.seg", "analyzer.json", "files.json"]
    assert files == {p.name for pattern in patterns for p in _generation(indexed).glob(pattern)}
    for pattern in patterns:
        (path,) = _generation(indexed).glob(pattern)
        _damage(kind, path, marker)
        _answers(indexed, marker)
    _damage(kind, indexed.root / ".kb-cache" / "search" / "CURRENT", marker)
    _answers(indexed, marker)


def test_an_emptied_toc_no_longer_fails_every_run(indexed: BankDir, tmp_path: Path) -> None:
    (toc,) = _generation(indexed).glob("_MAIN_*.toc")
    toc.write_bytes(b"")
    stderr = _answers(indexed, tmp_path / "pwned")
    assert stderr.startswith(WARNING + "damaged or truncated files (")
    index = indexed.kb("index")
    assert (index.exit_code, index.stderr) == (0, "")


def test_the_old_single_folder_index_is_never_read_and_goes(bank: BankDir, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    bank.write("docs/rutiner/lakemedel.md", _page("Läkemedelshantering", "Om läkemedel."))
    legacy = bank.root / ".kb-cache" / "search"
    for name in ("analyzer.pickle", "_MAIN_1.toc", "MAIN_abc.seg"):
        bank.write(f".kb-cache/search/{name}", pickle.dumps(Payload(marker)))
    bank.write(".kb-cache/search/files.json", '{"fingerprint": "x", "files": {}}')
    result = bank.kb("search", "läkemedel")
    assert not marker.exists()
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.output.startswith(" 1. Läkemedelshantering")
    assert sorted(p.name for p in legacy.iterdir() if not p.name.startswith("gen-")) == [
        "CURRENT",
        "writer.lock",
    ]


def _kb(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kb_tools.cli", *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )


@pytest.fixture
def fifo_ok() -> Iterator[None]:
    if not hasattr(os, "mkfifo"):
        pytest.skip("needs FIFOs")
    yield


@pytest.mark.usefixtures("fifo_ok")
@pytest.mark.parametrize("what", ["toc to /dev/zero", "segment as a FIFO", "CURRENT as a FIFO"])
def test_a_symlink_or_fifo_in_the_index_does_not_hang_the_run(indexed: BankDir, what: str) -> None:
    generation = _generation(indexed)
    if what.startswith("toc"):
        (path,) = generation.glob("_MAIN_*.toc")
        path.unlink()
        path.symlink_to("/dev/zero")
    elif what.startswith("segment"):
        (path,) = generation.glob("*.seg")
        path.unlink()
        os.mkfifo(path)
    else:
        path = generation.parent / "CURRENT"
        path.unlink()
        os.mkfifo(path)
    result = _kb(indexed.root, "search", "läkemedel")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(" 1. Läkemedelshantering")
    assert result.stderr.startswith(WARNING) and result.stderr.endswith(REBUILT)
    assert Path("/dev/zero").exists()


def test_a_search_answers_from_the_last_index_while_another_process_writes(
    indexed: BankDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kb_tools.search import searching

    monkeypatch.setattr(searching, "BUSY_WAIT", 0.2)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, os, sys, time\n"
            "fd = os.open(sys.argv[1], os.O_RDWR)\n"
            "fcntl.flock(fd, fcntl.LOCK_EX)\n"
            "print('locked', flush=True)\n"
            "time.sleep(600)\n",
            str(indexed.root / ".kb-cache" / "search" / "writer.lock"),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        indexed.write("docs/rutiner/ny.md", _page("Ny", "Om läkemedel och brandlarm."))
        result = indexed.kb("search", "läkemedel")
        assert result.exit_code == 0
        assert result.output.startswith(" 1. Läkemedelshantering")
        assert "docs/rutiner/ny.md" not in result.output  # not indexed yet
        assert result.stderr == (
            "Note: another kb process is updating the search index; "
            "these results come from the last complete index.\n"
        )
        monkeypatch.setattr(index_module, "WRITER_WAIT", 1.0)
        index = indexed.kb("index")
        assert index.exit_code == 2
        assert index.stderr == (
            "Waiting for another kb process to finish writing the search index in "
            ".kb-cache/search ...\n"
            "Error: another kb process kept the search index locked for 1 s; "
            "try again when it has finished\n"
        )
    finally:
        holder.kill()
        holder.wait()
    assert "docs/rutiner/ny.md" in indexed.kb("search", "brandlarm").output
