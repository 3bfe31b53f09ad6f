"""Benchmarks: each measurement against plain MkDocs + Material, in the same run.

    python benchmarks/run.py                      # 100, 1,100 and 10,000 pages
    python benchmarks/run.py --sizes 100 --repeat 1 --out /tmp/results.md

Generates banks with bankgen.py under benchmarks/out/ and runs each command
in a fresh process (benchmarks/measure.py: wall and processor time, the
wall time of an idle machine estimated from processor time, peak memory of
the whole process tree, the load average each run started at). Every time
is the median of --repeat runs, and a peer's the median of as many runs on
the same pages: plain ``mkdocs build`` (``--strict`` for the check) with
Material and without the kb plugin, from the bank's own mkdocs.yml. Plain
Material is run up to --plain-max pages: its navigation repeats the whole
tree on every page, so it grows with the square of the bank. A peer run that
fails fails the benchmark. Writes benchmarks/RESULTS.md, whose goals table
(benchmarks/goals.py) handbook/performance.md quotes, and exits 1 naming
each goal missed. Not part of the tests: the figures depend on the machine.
"""

from __future__ import annotations

import argparse
import json
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
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from bankgen import generate  # noqa: E402
from goals import Figure, goals_table, missed  # noqa: E402
from measure import PeerFailed, Run, peer, repeated  # noqa: E402
from querybench import QUERIES  # noqa: E402

BIN = Path(sys.executable).parent
TODAY = "2026-11-23"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KB_TODAY": TODAY}
HANDBOOK = ROOT / "handbook" / "performance.md"
START, END = "<!-- benchmarks/RESULTS.md: goals -->", "<!-- end of goals -->"


@dataclass
class Row:
    what: str
    pages: int
    load: str
    ours: str
    peer: str = "–"
    ratio: str = "–"

    def markdown(self) -> str:
        return (
            f"| {self.what} | {self.pages:,} | {self.load} | {self.ours} | {self.peer} "
            f"| {self.ratio} |"
        )


def seconds(run: Run) -> str:
    return f"{run.idle_seconds:.2f} s idle (wall {run.seconds:.2f} s, CPU {run.cpu_seconds:.2f} s)"


def waiting(run: Run) -> str:
    """A run that waits on servers: its wall time first."""
    return f"{run.seconds:.2f} s wall (CPU {run.cpu_seconds:.2f} s), {run.tree_mb:.0f} MB"


def now_load() -> str:
    return f"{os.getloadavg()[0]:.1f}"


def memory(run: Run) -> str:
    return f"{run.tree_mb:.0f} MB (largest process {run.process_mb:.0f} MB)"


def full(run: Run) -> str:
    text = f"{seconds(run)}, {memory(run)}"
    return text + (f", {run.output_mb:.0f} MB output" if run.output_mb is not None else "")


def times(ours: float, theirs: float) -> str:
    return f"{ours / theirs:.2f}×"


class Bench:
    def __init__(self, repeat: int, plain_max: int) -> None:
        self.repeat = repeat
        self.plain_max = plain_max
        self.rows: list[Row] = []
        self.figures: dict[str, Figure] = {}

    def add(self, row: Row) -> None:
        self.rows.append(row)
        print(row.markdown(), flush=True)

    def run(
        self,
        command: list[str],
        bank: Path,
        output: Path | None = None,
        before: object = None,
        times_: int | None = None,
    ) -> Run:
        return repeated(times_ or self.repeat, command, bank, ENV, output, before)

    # -- kb check ------------------------------------------------------------------

    def check(self, size: int, bank: Path) -> None:
        kb = [str(BIN / "kb"), "check", "--today", TODAY]
        cold = self.run(
            kb, bank, before=lambda: shutil.rmtree(bank / ".kb-cache", ignore_errors=True)
        )
        warm = self.run(kb, bank)
        plain = None
        if size <= self.plain_max:
            site = bank / "site-strict"
            plain = peer(
                self.run(
                    [
                        str(BIN / "mkdocs"),
                        "build",
                        "--strict",
                        "-q",
                        "-f",
                        str(plain_config(bank)),
                        "-d",
                        str(site),
                    ],
                    bank,
                ),
                "plain mkdocs build --strict",
            )
            shutil.rmtree(site, ignore_errors=True)
        for name, run in (("no cache", cold), ("warm (files unchanged)", warm)):
            if run.exit_code not in (0, 1):  # 1: findings, which a generated bank may have
                raise PeerFailed(f"kb check ({name}) failed with exit {run.exit_code}")
            row = Row(f"`kb check`, {name}", size, run.load, full(run))
            if plain is not None:
                row.peer = f"`mkdocs build --strict` (load {plain.load}): {full(plain)}"
                row.ratio = times(run.idle_seconds, plain.idle_seconds)
            self.add(row)
            key = "check-cold" if name == "no cache" else "check-warm"
            self.figures[f"{key}-{size}"] = Figure(run.idle_seconds, seconds(run))

    # -- kb build ------------------------------------------------------------------

    def build(self, size: int, bank: Path) -> Path:
        site = bank / "site-kb"
        kb = [str(BIN / "kb"), "build", "-q", "--today", TODAY, "-d", str(site)]
        # Beyond 100 pages a build is judged on memory, which hardly varies
        # between runs (and at 10,000 pages only its payload is): one run.
        times_ = None if size <= 100 else 1
        ours = self.run(kb, bank, site, times_=times_)
        if ours.exit_code:
            raise PeerFailed(f"kb build failed with exit {ours.exit_code}")
        row = Row("`kb build` (internal site with its Pagefind index)", size, ours.load, full(ours))
        if size <= self.plain_max:
            plain_site = bank / "site-plain"
            plain = peer(
                self.run(
                    [
                        str(BIN / "mkdocs"),
                        "build",
                        "-q",
                        "-f",
                        str(plain_config(bank)),
                        "-d",
                        str(plain_site),
                    ],
                    bank,
                    plain_site,
                    times_=times_,
                ),
                "plain mkdocs build",
            )
            shutil.rmtree(plain_site, ignore_errors=True)
            row.peer = f"plain Material with its search (load {plain.load}): {full(plain)}"
            row.ratio = (
                f"{times(ours.idle_seconds, plain.idle_seconds)} time, "
                f"{times(ours.tree_mb, plain.tree_mb)} memory"
            )
            self.figures[f"build-time-{size}"] = Figure(
                ours.idle_seconds, seconds(ours), plain.idle_seconds, seconds(plain)
            )
            self.figures[f"build-memory-{size}"] = Figure(
                ours.tree_mb, memory(ours), plain.tree_mb, memory(plain)
            )
        self.add(row)
        return site

    def payload(self, size: int, site: Path) -> None:
        """Bytes the browser downloads for the search when the first query is
        typed: as they travel from a server that compresses text as kb deploy
        nginx does, and as the files are on disk."""
        sys.path.insert(0, str(ROOT / "evaluation"))
        from browser import ARGS, CHROMIUM, SENT, first_query_payload, serve
        from playwright.sync_api import sync_playwright

        sizes, on_disk = [], []
        load = now_load()
        with serve(site) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for query in QUERIES[:10]:
                sizes.append(first_query_payload(browser.new_page(), base, "kb", query) / 1024)
                paths = {path.split("?")[0] for path, _ in SENT[base] if "/pagefind/" in path}
                on_disk.append(sum((site / p.lstrip("/")).stat().st_size for p in paths) / 1024)
            browser.close()
        median = statistics.median(sizes)
        text = (
            f"median {median:.0f} KB, largest {max(sizes):.0f} KB over 10 queries, text "
            f"gzipped as kb deploy nginx serves it (the files themselves: median "
            f"{statistics.median(on_disk):.0f} KB)"
        )
        self.add(Row("browser search, first query download (Pagefind)", size, load, text))
        self.figures[f"payload-{size}"] = Figure(median, f"median {median:.0f} KB")

    # -- search ----------------------------------------------------------------------

    def search(self, size: int, bank: Path) -> None:
        kb = str(BIN / "kb")
        full_index = self.run([kb, "index", "--full"], bank)
        routine = next((bank / "docs" / "rutiner").glob("*.md"))
        counter = iter(range(10**6))

        def change() -> None:
            with routine.open("a", encoding="utf-8") as handle:
                handle.write(f"\nEn ny rad om brandlarm nummer {next(counter)}.\n")

        one = self.run([kb, "index"], bank, before=change)
        for run, what in ((full_index, "kb index --full"), (one, "kb index")):
            if run.exit_code:
                raise PeerFailed(f"{what} failed with exit {run.exit_code}")
        self.add(Row("`kb index --full`", size, full_index.load, full(full_index)))
        self.add(Row("`kb index` after one file changed", size, one.load, full(one)))
        self.figures[f"index-full-{size}"] = Figure(full_index.idle_seconds, seconds(full_index))
        self.figures[f"index-one-{size}"] = Figure(one.idle_seconds, seconds(one))
        load = now_load()
        found = subprocess.run(
            [sys.executable, str(HERE / "querybench.py"), str(bank)],
            capture_output=True,
            text=True,
            env=ENV,
            check=True,
        )
        latencies = json.loads(found.stdout)

        def quantiles(values: list[float]) -> tuple[float, float]:
            return statistics.median(values) * 1000, statistics.quantiles(values, n=20)[-1] * 1000

        cpu50, cpu95 = quantiles(latencies["cpu"])
        wall50, wall95 = quantiles(latencies["wall"])
        text = (
            f"processor time p50 {cpu50:.1f} ms, p95 {cpu95:.1f} ms "
            f"(wall p50 {wall50:.1f} ms, p95 {wall95:.1f} ms)"
        )
        count = len(latencies["cpu"])
        self.add(Row(f"query latency ({count} queries, in process)", size, load, text))
        self.figures[f"query-p95-{size}"] = Figure(
            cpu95 / 1000, f"p95 {cpu95:.1f} ms (wall {wall95:.1f} ms)"
        )

    def links(self) -> None:
        import linkbench

        found = linkbench.run(self.repeat)
        ours, theirs, urls = found["kb_tools"], found["lychee"], found["urls"]
        assert isinstance(ours, Run) and isinstance(theirs, Run) and isinstance(urls, int)
        self.add(
            Row(
                f"external links, {urls:,} URLs on 10 loopback hosts (100 ms each)",
                urls,
                ours.load,
                waiting(ours),
                f"lychee (load {theirs.load}): {waiting(theirs)}",
                times(ours.seconds, theirs.seconds),
            )
        )
        self.figures["links"] = Figure(
            ours.seconds, f"{ours.seconds:.2f} s", theirs.seconds, f"lychee {theirs.seconds:.2f} s"
        )


def plain_config(bank: Path) -> Path:
    """The bank's mkdocs.yml without the kb plugin and its theme folder:
    plain Material, which brings its own search."""
    text = (bank / "mkdocs.yml").read_text(encoding="utf-8")
    text, removed = re.subn(r"\n  - kb:\n(?:      .*\n|\n)*", "\n", text)
    if removed != 1:
        raise PeerFailed("cannot find the kb plugin in the generated mkdocs.yml")
    text = text.replace("  custom_dir: overrides\n", "")
    text = text.replace("\nplugins:\n", "\nplugins:\n  - search\n")
    plain = bank / "mkdocs-plain.yml"
    plain.write_text(text, encoding="utf-8")
    return plain


def write(bench: Bench, out: Path, repeat: int, loads: tuple[str, str]) -> None:
    header = [
        "# Benchmark results",
        "",
        f"Measured {time.strftime('%Y-%m-%d')} on {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, by `python benchmarks/run.py`, in fresh "
        f"processes; each peer on the same pages in the same run. The machine was shared: "
        f"load average {loads[0]} at the start, {loads[1]} at the end, and each row gives "
        "the load its runs started at. "
        + (f"Times are the median of {repeat} runs" if repeat > 1 else "Each figure is one run")
        + " (a build beyond 100 pages, judged on memory, one run).",
        "",
        "- **idle**: the wall time on an idle machine, from processor time: the "
        "command's own process, plus its helpers (kb's worker processes, Pagefind) "
        f"spread over the {os.cpu_count()} cores (benchmarks/measure.py). Processor time "
        "depends far less on the load than wall time (with every core busy it grows "
        "by up to a fifth, so the estimate errs high); **wall** is given next to it.",
        "- **CPU**: user and system time, helpers included.",
        "- **memory**: the peak of the whole process tree's resident memory (kb's Python "
        "process and Pagefind run at the same time), and the largest single process.",
        "",
        "## Goals",
        "",
        *goals_table(bench.figures),
        "",
        "## Every measurement",
        "",
        "| what | pages | load | kb | plain peer, same run | kb ÷ peer |",
        "|---|---:|---|---|---|---|",
        *[row.markdown() for row in bench.rows],
    ]
    out.write_text("\n".join(header) + "\n", encoding="utf-8")


def quote_in_handbook(results: Path) -> None:
    """Put RESULTS.md's goals table into handbook/performance.md, between its markers."""
    if not HANDBOOK.exists():
        return
    lines = results.read_text(encoding="utf-8").splitlines()
    start = lines.index("## Goals") + 2
    table = lines[start : lines.index("", start)]
    text = HANDBOOK.read_text(encoding="utf-8")
    before, _, rest = text.partition(START)
    _, _, after = rest.partition(END)
    HANDBOOK.write_text(
        f"{before}{START}\n{lines[2]}\n\n" + "\n".join(table) + f"\n{END}{after}", encoding="utf-8"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1100, 10000])
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (the median)")
    parser.add_argument(
        "--plain-max",
        type=int,
        default=1100,
        help="largest bank to build with plain Material (quadratic navigation)",
    )
    parser.add_argument("--no-links", action="store_true", help="leave out the lychee comparison")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args()
    start_load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    bench = Bench(args.repeat, args.plain_max)
    try:
        for size in args.sizes:
            bank = generate(size, HERE / "out" / f"bank-{size}")
            bench.check(size, bank)
            site = bench.build(size, bank)
            bench.payload(size, site)
            shutil.rmtree(site, ignore_errors=True)
            bench.search(size, bank)
        if not args.no_links:
            bench.links()
    except PeerFailed as exc:
        sys.exit(f"benchmark failed: {exc}")
    end_load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    write(bench, args.out, args.repeat, (start_load, end_load))
    if args.out == HERE / "RESULTS.md":
        quote_in_handbook(args.out)
    print(f"Wrote {args.out}.")
    problems = missed(bench.figures)
    for problem in problems:
        print(f"Goal missed: {problem}", file=sys.stderr)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
