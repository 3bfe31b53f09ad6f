"""Search quality on the sample bank: MRR@10, recall@10 and success@1.

    python evaluation/evaluate.py                  # kb search only
    python evaluation/evaluate.py --browser        # also the site's search in Chromium

Engines: ``kb search`` (the library), the built site's browser search with
Kunskapsbanken's Swedish knowledge, and Material's default search on the same
pages as the baseline. Writes evaluation/RESULTS.md.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kb_tools.config import load_config  # noqa: E402
from kb_tools.search import search, update_index  # noqa: E402

KINDS = ("exact", "inflected", "compound", "abbreviation", "typo")


@dataclass(frozen=True)
class Judged:
    query: str
    kind: str
    relevant: tuple[str, ...]


def load_queries(path: Path = ROOT / "evaluation" / "queries.yml") -> list[Judged]:
    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Judged(str(i["query"]), i["kind"], tuple(i["relevant"])) for i in items]


@dataclass(frozen=True)
class Scores:
    mrr: float
    recall: float
    success: float
    count: int


def score(queries: Sequence[Judged], results: Sequence[Sequence[str]]) -> Scores:
    reciprocal, recall, success = [], [], []
    for judged, ranked in zip(queries, results, strict=True):
        top = list(ranked[:10])
        rank = next((i for i, doc in enumerate(top, 1) if doc in judged.relevant), None)
        reciprocal.append(1 / rank if rank else 0.0)
        recall.append(len(set(top) & set(judged.relevant)) / len(judged.relevant))
        success.append(1.0 if rank == 1 else 0.0)
    return Scores(
        statistics.fmean(reciprocal),
        statistics.fmean(recall),
        statistics.fmean(success),
        len(queries),
    )


Engine = Callable[[str], list[str]]


def kb_engine() -> Engine:
    config = load_config(ROOT / "mkdocs.yml")
    update_index(config, full=True)
    return lambda query: [hit.id for hit in search(config, query, limit=10)]


def evaluate(name: str, engine: Engine, queries: Sequence[Judged]) -> list[str]:
    results = [engine(q.query) for q in queries]
    rows = []
    for kind in (*KINDS, "all"):
        chosen = [
            (q, r) for q, r in zip(queries, results, strict=True) if kind == "all" or q.kind == kind
        ]
        if not chosen:
            continue
        s = score([q for q, _ in chosen], [r for _, r in chosen])
        label = f"**{kind}**" if kind == "all" else kind
        rows.append(
            f"| {name} | {label} | {s.count} | {s.mrr:.2f} | {s.recall:.2f} | {s.success:.2f} |"
        )
    misses = [
        q.query for q, r in zip(queries, results, strict=True) if not set(r[:10]) & set(q.relevant)
    ]
    if misses:
        rows.append(f"| {name} | misses | {len(misses)} | {', '.join(misses)} | | |")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--browser",
        action="store_true",
        help="also evaluate the site's search in Chromium (needs playwright)",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "evaluation" / "RESULTS.md")
    args = parser.parse_args()
    queries = load_queries()
    rows = evaluate("kb search", kb_engine(), queries)
    if args.browser:
        from browser import browser_engines

        for name, engine in browser_engines(ROOT, queries):
            rows += evaluate(name, engine, queries)
    table = [
        "| engine | queries | n | MRR@10 | recall@10 | success@1 |",
        "|---|---|---:|---:|---:|---:|",
        *rows,
    ]
    print("\n".join(table))
    args.out.write_text(
        f"{len(queries)} judged queries over the sample bank "
        f"(`evaluation/queries.yml`), by `python evaluation/evaluate.py"
        f"{' --browser' if args.browser else ''}`.\n\n" + "\n".join(table) + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
