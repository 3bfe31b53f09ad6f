"""Benchmarks: each measurement against its peer, in the same run.

    python benchmarks/run.py                 # 1,000 and 10,000 documents
    python benchmarks/run.py --sizes 100 1000 --no-mkdocs

Generates banks with bankgen.py under benchmarks/out/, runs each command in a
fresh process (wall time and peak memory from wait4), and writes the
Markdown table to benchmarks/RESULTS.md, which the README includes.
Not part of the tests: the figures depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bankgen import generate  # noqa: E402

BIN = Path(sys.executable).parent
TODAY = "2026-11-23"


@dataclass
class Measurement:
    seconds: float
    peak_mb: float
    exit_code: int


def measure(command: list[str], cwd: Path) -> Measurement:
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    return Measurement(seconds, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status))


def _row(
    name: str,
    size: int,
    ours: Measurement,
    peer: Measurement | None,
    peer_name: str,
    goal: str,
    met: bool | None,
) -> str:
    peer_text = f"{peer.seconds:.1f} s ({peer_name})" if peer else "not run"
    ratio = f"{peer.seconds / ours.seconds:.0f}×" if peer else "–"
    verdict = "–" if met is None else ("met" if met else "**missed**")
    return (
        f"| {name} | {size:,} | {ours.seconds:.2f} s | {ours.peak_mb:.0f} MB | {peer_text} "
        f"| {ratio} | {goal} | {verdict} |"
    )


def bench_check(size: int, bank: Path, with_mkdocs: bool) -> list[str]:
    kb = [str(BIN / "kb"), "check", "--today", TODAY]
    shutil.rmtree(bank / ".kb-cache", ignore_errors=True)
    cold = measure(kb, bank)
    warm = measure(kb, bank)
    peer = None
    if with_mkdocs:
        site = bank / "site"
        shutil.rmtree(site, ignore_errors=True)
        peer = measure([str(BIN / "mkdocs"), "build", "--strict", "-q", "-d", str(site)], bank)
        shutil.rmtree(site, ignore_errors=True)
    goal_met = None if size < 10_000 else cold.seconds < 5
    rows = [
        _row(
            "`kb check` (cold: no cache)",
            size,
            cold,
            peer,
            "mkdocs build --strict",
            "10,000 docs < 5 s, ≥ 10× mkdocs",
            goal_met,
        ),
        _row(
            "`kb check` (warm: unchanged files cached)",
            size,
            warm,
            peer,
            "mkdocs build --strict",
            "10,000 docs < 5 s",
            None if size < 10_000 else warm.seconds < 5,
        ),
    ]
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument(
        "--no-mkdocs", action="store_true", help="skip the mkdocs build peer (slow on large banks)"
    )
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args()
    rows = []
    for size in args.sizes:
        bank = generate(size, HERE / "out" / f"bank-{size}")
        rows += bench_check(size, bank, not args.no_mkdocs)
        print("\n".join(rows[-2:]), flush=True)
    header = [
        f"Measured {time.strftime('%Y-%m-%d')} on {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; `python benchmarks/run.py` reproduces it.",
        "",
        "| what | documents | time | peak memory | peer | peer / ours | goal | goal |",
        "|---|---:|---:|---:|---|---:|---|---|",
    ]
    args.out.write_text("\n".join(header + rows) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
