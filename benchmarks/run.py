"""Benchmarks: each measurement against its peer, in the same run.

    python benchmarks/run.py                       # 100, 1,000 and 10,000 documents
    python benchmarks/run.py --sizes 100 1000

Generates banks with bankgen.py under benchmarks/out/, runs each command in a
fresh process (wall time, and peak memory from wait4), and writes the Markdown
table to benchmarks/RESULTS.md, which the README quotes. Not part of the
tests: the figures depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bankgen import generate  # noqa: E402

sys.path.insert(0, str(HERE.parent))

BIN = Path(sys.executable).parent
TODAY = "2026-11-23"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KB_TODAY": TODAY}


@dataclass
class Run:
    seconds: float
    peak_mb: float
    exit_code: int
    output_mb: float | None = None


@dataclass
class Row:
    what: str
    size: int
    ours: Run
    peer_name: str = ""
    peer: Run | None = None
    goal: str = ""
    met: bool | None = None
    note: str = ""

    def markdown(self) -> str:
        def run_text(run: Run | None) -> str:
            if run is self.ours and self.note:
                return self.note
            if run is None:
                return "–"
            text = f"{run.seconds:.2f} s, {run.peak_mb:.0f} MB RAM"
            if run.output_mb is not None:
                text += f", {run.output_mb:.0f} MB output"
            if run.exit_code:
                text += f" (exit {run.exit_code})"
            return text

        ratio = f"{self.peer.seconds / self.ours.seconds:.1f}×" if self.peer else "–"
        verdict = "–" if self.met is None else ("met" if self.met else "**missed**")
        peer = f"{self.peer_name}: {run_text(self.peer)}" if self.peer_name else "–"
        return (
            f"| {self.what} | {self.size:,} | {run_text(self.ours)} | {peer} | {ratio} "
            f"| {self.goal or '–'} | {verdict} |"
        )


def measure(command: list[str], cwd: Path, output: Path | None = None) -> Run:
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV
    )
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    run = Run(seconds, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status))
    if output is not None and output.exists():
        run.output_mb = sum(f.stat().st_size for f in output.rglob("*") if f.is_file()) / 2**20
    return run


def median_run(runs: list[Run]) -> Run:
    return sorted(runs, key=lambda run: run.seconds)[len(runs) // 2]


def bench_check(size: int, bank: Path, peer: bool) -> list[Row]:
    kb = [str(BIN / "kb"), "check", "--today", TODAY]
    shutil.rmtree(bank / ".kb-cache", ignore_errors=True)
    cold = measure(kb, bank)
    warm = median_run([measure(kb, bank) for _ in range(3)])
    mkdocs = None
    if peer:
        site = bank / "site-strict"
        mkdocs = measure([str(BIN / "mkdocs"), "build", "--strict", "-q", "-d", str(site)], bank)
        shutil.rmtree(site, ignore_errors=True)
    big = size >= 10_000

    def met(ours: Run) -> bool | None:
        if not big:
            return None
        return ours.seconds < 5 and (mkdocs is None or mkdocs.seconds >= 10 * ours.seconds)

    goal = "10,000 docs < 5 s, ≥ 10× faster"
    peer_name = "mkdocs build --strict" if mkdocs else ""
    return [
        Row("`kb check`, cold (no cache)", size, cold, peer_name, mkdocs, goal, met(cold)),
        Row(
            "`kb check`, warm (files unchanged, median of 3)",
            size,
            warm,
            peer_name,
            mkdocs,
            goal,
            met(warm),
        ),
    ]


def _plain_material_config(bank: Path) -> Path:
    """The bank's mkdocs.yml without the kb plugin and overrides: plain Material."""
    text = (bank / "mkdocs.yml").read_text(encoding="utf-8")
    text = re.sub(r"\n  - kb:\n(?:      .*\n|\n)*", "\n", text)
    text = text.replace("  custom_dir: overrides\n", "")
    plain = bank / "mkdocs-plain.yml"
    plain.write_text(text, encoding="utf-8")
    return plain


def bench_build(size: int, bank: Path, peer: bool) -> list[Row]:
    site = bank / "site-kb"
    shutil.rmtree(site, ignore_errors=True)
    ours = measure([str(BIN / "kb"), "build", "-q", "--today", TODAY, "-d", str(site)], bank, site)
    plain = None
    if peer:
        plain_site = bank / "site-plain"
        shutil.rmtree(plain_site, ignore_errors=True)
        config = _plain_material_config(bank)
        plain = measure(
            [str(BIN / "mkdocs"), "build", "-q", "-f", str(config), "-d", str(plain_site)],
            bank,
            plain_site,
        )
        shutil.rmtree(plain_site, ignore_errors=True)
    met = None if plain is None else ours.seconds <= 1.2 * plain.seconds
    rows = [
        Row(
            "`kb build` (internal site, with its search index)",
            size,
            ours,
            "plain Material, navigation.prune",
            plain,
            "≤ 1.2× plain Material, linear output",
            met,
        )
    ]
    if ours.exit_code == 0:
        rows += bench_payload(size, site)
    shutil.rmtree(site, ignore_errors=True)
    return rows


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


def bench_search(size: int, bank: Path) -> list[Row]:
    kb = str(BIN / "kb")
    full = measure([kb, "index", "--full"], bank)
    routine = next((bank / "docs" / "rutiner").glob("*.md"))
    routine.write_text(
        routine.read_text(encoding="utf-8") + "\nEn ny rad om brandlarm.\n", encoding="utf-8"
    )
    incremental = measure([kb, "index"], bank)
    latencies = _query_latencies(bank)
    p50 = statistics.median(latencies)
    p95 = statistics.quantiles(latencies, n=20)[-1]
    big = size >= 10_000
    return [
        Row(
            "`kb index --full`",
            size,
            full,
            goal="10,000 docs < 60 s",
            met=full.seconds < 60 if big else None,
        ),
        Row(
            "`kb index` after one file changed",
            size,
            incremental,
            goal="< 1 s",
            met=incremental.seconds < 1 if big else None,
        ),
        Row(
            f"query latency ({len(latencies)} queries, in process)",
            size,
            Run(p95, 0, 0),
            goal="p95 < 50 ms",
            met=p95 < 0.05 if big else None,
            note=f"p50 {p50 * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms",
        ),
    ]


def _query_latencies(bank: Path) -> list[float]:
    from kb_tools.config import load_config
    from kb_tools.search import search

    config = load_config(bank / "mkdocs.yml")
    search(config, "uppvärmning", update=False)  # open the index once
    latencies = []
    for query in QUERIES * 3:
        start = time.perf_counter()
        search(config, query, update=False)
        latencies.append(time.perf_counter() - start)
    return latencies


def bench_payload(size: int, site: Path) -> list[Row]:
    """Bytes the browser downloads for the search when the first query is typed."""
    sys.path.insert(0, str(HERE.parent / "evaluation"))
    from browser import ARGS, CHROMIUM, first_query_payload, serve
    from playwright.sync_api import sync_playwright

    sizes = []
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for query in QUERIES[:10]:
            sizes.append(first_query_payload(browser.new_page(), base, "kb", query))
        browser.close()
    median_kb = statistics.median(sizes) / 1024
    largest_kb = max(sizes) / 1024
    return [
        Row(
            "browser search, first query download (Pagefind)",
            size,
            Run(0, 0, 0),
            goal="< 250 KB",
            met=largest_kb < 250 if size >= 10_000 else None,
            note=f"median {median_kb:.0f} KB, largest {largest_kb:.0f} KB over 10 queries",
        )
    ]


def bench_links() -> list[Row]:
    import linkbench

    figures = linkbench.run()
    ours, lychee = figures["kb_tools"], figures["lychee"]
    return [
        Row(
            f"external links, {figures['urls']:.0f} URLs on 10 loopback hosts (100 ms each)",
            int(figures["urls"]),
            Run(ours, 0, 0),
            "lychee",
            Run(lychee, 0, 0),
            "≤ 1.2× lychee at equal per-host politeness",
            ours <= 1.2 * lychee,
            note=f"{ours:.2f} s",
        )
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument(
        "--peer-max", type=int, default=10000, help="largest bank to run `mkdocs build --strict` on"
    )
    parser.add_argument(
        "--plain-max",
        type=int,
        default=1000,
        help="largest bank to build with plain Material (quadratic navigation)",
    )
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args()
    rows: list[Row] = []
    for size in args.sizes:
        bank = generate(size, HERE / "out" / f"bank-{size}")
        for row in bench_check(size, bank, size <= args.peer_max):
            rows.append(row)
            print(row.markdown(), flush=True)
        for row in bench_build(size, bank, size <= args.plain_max) + bench_search(size, bank):
            rows.append(row)
            print(row.markdown(), flush=True)
    for row in bench_links():
        rows.append(row)
        print(row.markdown(), flush=True)
    header = [
        f"Measured {time.strftime('%Y-%m-%d')} on {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, by `python benchmarks/run.py`.",
        "",
        "| what | documents | ours | peer (same run, same bank) | peer ÷ ours | goal | |",
        "|---|---:|---|---|---:|---|---|",
    ]
    args.out.write_text("\n".join(header + [r.markdown() for r in rows]) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
