"""Query latency in one process, for benchmarks/run.py.

    python benchmarks/querybench.py BANK_FOLDER

Opens the bank's search index with one query, then times each query of
QUERIES three times, as ``kb search`` and the evaluation call it (the index
is not updated), and prints the latencies in seconds as JSON: the wall time
and the processor time of each (a query runs in one thread, so on a quiet
machine the two agree; on a busy one only the second means much).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kb_tools.config import load_config
from kb_tools.search import search

QUERIES = [
    "läkemedel",
    "avvikelserna",
    "god man",
    "hantering",
    "HVB",
    "lakemedel",
    "uppehållstillståndet",
    "praktik lernia",
    "skolgång",
    "fickpengar",
    "orosanmälan",
    "träningslägenhet",
    "samverkan skola",
    "extrajobbet",
    "migrationsverkt",
    "SIP",
    "ankomstsamtal",
    "boendet",
    "kontaktperson",
    "överenskommelse",
]


def latencies(bank: Path) -> dict[str, list[float]]:
    """``{"wall": [...], "cpu": [...]}``, one value per query run."""
    config = load_config(bank / "mkdocs.yml")
    search(config, "uppvärmning", update=False)  # open the index once
    found: dict[str, list[float]] = {"wall": [], "cpu": []}
    for query in QUERIES * 3:
        start, start_cpu = time.perf_counter(), time.process_time()
        search(config, query, update=False)
        found["cpu"].append(time.process_time() - start_cpu)
        found["wall"].append(time.perf_counter() - start)
    return found


if __name__ == "__main__":
    print(json.dumps(latencies(Path(sys.argv[1]))))
