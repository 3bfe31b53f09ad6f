"""Running one command and measuring it, for benchmarks/run.py.

Each run is a fresh process. Wall time; processor time (user and system,
of the process and every child it waited for: kb's worker processes,
Pagefind); and memory two ways, read from /proc every 20 ms: the peak of the
whole process tree's resident memory (what the machine must have: kb's
Python process and Pagefind run at the same time), and the largest peak of
a single process (its VmHWM). Not wait4's ru_maxrss: Linux carries the
high-water mark of the process that started a program across exec, so every
command would seem to need at least what this benchmark process holds.
Linux only.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

SAMPLE_SECONDS = 0.02


@dataclass(frozen=True)
class Run:
    seconds: float  # wall
    cpu_seconds: float  # user + system, children included
    tree_mb: float  # peak of the sum over the process tree
    process_mb: float  # peak of the largest single process
    exit_code: int
    output_mb: float | None = None


class PeerFailed(Exception):
    """A command the benchmark compares with failed: no figure can come of it."""


def measure(
    command: Sequence[str], cwd: Path, env: dict[str, str], output: Path | None = None
) -> Run:
    """Run *command* once in *cwd* and measure it."""
    start = time.perf_counter()
    process = subprocess.Popen(
        list(command), cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    sampler = _TreeSampler(process.pid)
    sampler.start()
    stderr = process.stderr.read() if process.stderr else b""
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    sampler.stop()
    process.returncode = os.waitstatus_to_exitcode(status)
    output_mb = None
    if output is not None and output.exists():
        output_mb = sum(f.stat().st_size for f in output.rglob("*") if f.is_file()) / 2**20
    run = Run(
        seconds=seconds,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        tree_mb=sampler.peak_mb,
        process_mb=sampler.largest_mb,
        exit_code=process.returncode,
        output_mb=output_mb,
    )
    run_error = stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
    if run.exit_code and run_error:
        print(f"  exit {run.exit_code}: {' | '.join(run_error)}", flush=True)
    return run


def median_run(runs: Sequence[Run]) -> Run:
    """The run of median wall time, with the median of each other figure."""
    ordered = sorted(runs, key=lambda run: run.seconds)
    middle = ordered[len(ordered) // 2]
    return Run(
        seconds=middle.seconds,
        cpu_seconds=statistics.median(r.cpu_seconds for r in runs),
        tree_mb=statistics.median(r.tree_mb for r in runs),
        process_mb=statistics.median(r.process_mb for r in runs),
        exit_code=max(r.exit_code for r in runs),
        output_mb=middle.output_mb,
    )


def repeated(
    times: int,
    command: Sequence[str],
    cwd: Path,
    env: dict[str, str],
    output: Path | None = None,
    before: object = None,
) -> Run:
    """The median of *times* runs; *before* (a callable) runs before each."""
    runs = []
    for _ in range(times):
        if callable(before):
            before()
        runs.append(measure(command, cwd, env, output))
    return median_run(runs)


def peer(run: Run, what: str) -> Run:
    """*run*, or PeerFailed when the command compared with did not succeed."""
    if run.exit_code != 0:
        raise PeerFailed(f"{what} failed (exit {run.exit_code}): no comparison can be made")
    return run


class _TreeSampler:
    """The peak resident memory of a process and all its descendants, and
    the largest high-water mark of one of them."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak_mb = 0.0
        self.largest_mb = 0.0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._done.set()
        self._thread.join()

    def _sample(self) -> None:
        while not self._done.is_set():
            total = 0
            for pid in _tree(self.pid):
                resident, high_water = _memory_kb(pid)
                total += resident
                self.largest_mb = max(self.largest_mb, high_water / 1024)
            self.peak_mb = max(self.peak_mb, total / 1024)
            self._done.wait(SAMPLE_SECONDS)


def _tree(pid: int) -> list[int]:
    pids = [pid]
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as handle:
            children = handle.read().split()
    except OSError:
        return pids
    for child in children:
        pids += _tree(int(child))
    return pids


def _memory_kb(pid: int) -> tuple[int, int]:
    """VmRSS and VmHWM of *pid*, in kB ((0, 0) once it is gone)."""
    resident = high_water = 0
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    resident = int(line.split()[1])
                elif line.startswith("VmHWM:"):
                    high_water = int(line.split()[1])
    except (OSError, IndexError, ValueError):
        return 0, 0
    return resident, high_water
