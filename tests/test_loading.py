"""Loading a bank: the document cache and parallel parsing give the same Bank."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from kb_tools.checks import CheckOptions, run_checks
from kb_tools.config import load_config
from kb_tools.model import Bank, Document
from kb_tools.model import parallel as parallel_loading

from .conftest import ROUTINE, MakeBank

OPTIONS = CheckOptions(today=date(2026, 11, 23))


def _report(bank: Bank) -> list[str]:
    return [f"{d.path}:{d.line} {d.code} {d.message}" for d in run_checks(bank, OPTIONS)]


def test_cache_is_used_and_invalidated(make_bank: MakeBank) -> None:
    bank_dir = make_bank(
        {
            "rutiner/a.md": ROUTINE + "\n[B](b.md#saknas)\n",
            "rutiner/b.md": ROUTINE,
        }
    )
    config = load_config(bank_dir.root / "mkdocs.yml")
    first = Bank.load(config)
    assert (bank_dir.root / ".kb-cache" / "documents.json").is_file()
    second = Bank.load(config)
    assert (
        _report(first)
        == _report(second)
        == [
            "docs/rutiner/a.md:10 KB203 link to 'b.md#saknas': docs/rutiner/b.md has no heading "
            "or anchor '#saknas'"
        ]
    )
    assert second.by_src["rutiner/a.md"].body == first.by_src["rutiner/a.md"].body

    bank_dir.write("docs/rutiner/b.md", ROUTINE + "\n## Saknas\n")
    assert _report(Bank.load(config)) == []
    (bank_dir.root / "docs/rutiner/b.md").unlink()
    assert _report(Bank.load(config)) == [
        "docs/rutiner/a.md:10 KB202 link to 'b.md#saknas': no page docs/rutiner/b.md"
    ]


def test_damaged_cache_is_a_cold_start(make_bank: MakeBank) -> None:
    bank_dir = make_bank({"rutiner/a.md": ROUTINE})
    bank_dir.write(".kb-cache/documents.pickle", b"not a pickle")
    assert _report(Bank.load(load_config(bank_dir.root / "mkdocs.yml"))) == []


def _as_cached(documents: list[Document]) -> list[Document]:
    """The documents without the front matter as written, which the cache
    does not keep (validation, done when the file was read, needs it)."""
    return [
        dataclasses.replace(d, front_matter=dataclasses.replace(d.front_matter, source={}))
        for d in documents
    ]


def test_parallel_parsing_equals_serial(
    make_bank: MakeBank, monkeypatch: pytest.MonkeyPatch
) -> None:
    files: dict[str, str | bytes] = {
        f"rutiner/r{i}.md": ROUTINE.replace("Ankomst", f"Rutin {i}") + f"\n[n](r{i + 1}.md#x)\n"
        for i in range(40)
    }
    files["rutiner/trasig.md"] = b"---\ntitle: \xe5\n---\n"
    bank_dir = make_bank(files)
    config = load_config(bank_dir.root / "mkdocs.yml")
    serial = Bank.load(config, use_cache=False)
    monkeypatch.setattr(parallel_loading, "PARALLEL_MIN_FILES", 2)
    parallel = Bank.load(config, use_cache=False)
    assert _report(parallel) == _report(serial)
    assert len(_report(serial)) == 41
    # Workers send documents without the text the parent holds: it is put back.
    assert parallel.documents == serial.documents
    # ... and encode the cache entries, which a later run reads as its own.
    warm = Bank.load(config)
    assert _as_cached(warm.documents) == _as_cached(serial.documents)
    assert all(d.fingerprint is not None for d in warm.documents if d.readable)
