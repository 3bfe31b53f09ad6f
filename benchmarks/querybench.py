"""Query latency in one process, for benchmarks/run.py.

    python benchmarks/querybench.py BANK_FOLDER

Opens the bank's search index with one query, then times each query of
QUERIES three times, as ``kb search`` and the evaluation call it (the index
is not updated), and prints the latencies in seconds as JSON.
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


def latencies(bank: Path) -> list[float]:
    config = load_config(bank / "mkdocs.yml")
    search(config, "uppvärmning", update=False)  # open the index once
    found = []
    for query in QUERIES * 3:
        start = time.perf_counter()
        search(config, query, update=False)
        found.append(time.perf_counter() - start)
    return found


if __name__ == "__main__":
    print(json.dumps(latencies(Path(sys.argv[1]))))
