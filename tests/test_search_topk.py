"""Queries read each term once and score only what can enter the top k,
with exactly the results of scoring every matching page."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest
from whoosh import query as Q
from whoosh.searching import Searcher

from kb_tools.config import load_config
from kb_tools.search import search, update_index
from kb_tools.search.analysis import Decompounder, is_part
from kb_tools.search.engine import _merged
from kb_tools.search.generations import IndexFolder
from kb_tools.search.index import index_dir

ROOT = Path(__file__).resolve().parents[1]
QUERIES = [
    "läkemedel",
    "lakemedel",
    "avvikelserna",
    "god man",
    "hantering",
    "HVB",
    "boendet",
    "praktik lernia",
    "skolgång",
    "kontaktperson",
    "samverkan skola",
    "migrationsverkt",
    "uppehållstillståndet",
    "orosanmälan",
    "fickpengar",
    "svenska för invandrare",
]


def test_a_term_asked_for_twice_is_read_once_with_the_boosts_added() -> None:
    phrase = Q.Phrase("body", ["hem", "vard"])
    merged = _merged(
        [
            Q.Term("title", "lakemedl", boost=6.0),
            Q.Term("body", "lakemedl"),
            phrase,
            Q.Term("title", "lakemedl", boost=1.2),
            Q.Term("body", "lakemedl", boost=0.25),
            Q.Term("title_rev", "ldemekal", boost=2.0),
        ]
    )
    assert [(q.fieldname, q.text, q.boost) for q in merged if isinstance(q, Q.Term)] == [
        ("title", "lakemedl", 7.2),
        ("body", "lakemedl", 1.25),
        ("title_rev", "ldemekal", 2.0),
    ]
    assert merged[2] is phrase


@pytest.fixture(scope="module")
def generated_bank(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated bank large enough for posting lists of several blocks."""
    spec = importlib.util.spec_from_file_location("bankgen", ROOT / "benchmarks" / "bankgen.py")
    assert spec is not None and spec.loader is not None
    bankgen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bankgen)
    root: Path = bankgen.generate(300, tmp_path_factory.mktemp("topk") / "bank")
    update_index(load_config(root / "mkdocs.yml"), full=True)
    return root


def _results(root: Path) -> dict[str, list[tuple[str, float]]]:
    config = load_config(root / "mkdocs.yml")
    return {
        query: [(hit.path, hit.score) for hit in search(config, query, update=False)]
        for query in QUERIES
    }


def test_the_top_k_are_those_of_scoring_every_page(
    generated_bank: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pruned = _results(generated_bank)
    exhaustive_search = Searcher.search

    def exhaustive(self: Searcher, query: Any, **options: Any) -> Any:
        return exhaustive_search(self, query, **{**options, "optimize": False})

    monkeypatch.setattr(Searcher, "search", exhaustive)
    assert _results(generated_bank) == pruned
    assert all(pruned[query] for query in QUERIES if query != "migrationsverkt")


def test_numbers_are_no_compound_parts() -> None:
    assert [w for w in ("läkemedel", "2026", "00417", "lss9", "hem", "årsdagen") if is_part(w)] == [
        "läkemedel",
        "årsdagen",
    ]
    assert Decompounder(["00417", "rutin", "2026", "boende"]).words == {"rutin", "boende"}


def test_the_vocabulary_kept_with_the_index_has_no_numbers(generated_bank: Path) -> None:
    folder = IndexFolder(index_dir(load_config(generated_bank / "mkdocs.yml")))
    generation = folder.open_current()
    assert generation is not None
    try:
        stored = json.loads((generation.path / "analyzer.json").read_text(encoding="utf-8"))
    finally:
        generation.close()
    words = stored["decompounder"]["words"]
    assert "boende" in words and not [w for w in words if not w.isalpha()]
