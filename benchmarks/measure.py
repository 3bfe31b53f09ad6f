"""Running one command and measuring it, for benchmarks/run.py.

Each run is a fresh process. Measured:

- wall time, and the machine's load average (1 minute) when it started:
  on a shared machine the wall time says as much about the others as
  about the command;
- processor time (user and system) of the process and of every child it
  waited for (kb's worker processes, Pagefind), from wait4, and of the
  process itself, read from /proc every 20 ms: from these,
  :attr:`Run.idle_seconds`, the wall time the command would take on an
  idle machine with this many cores if its helpers kept them busy (its own
  processor time, plus its helpers' shared over the cores). Processor time
  depends far less than wall time on what else runs (with every core busy
  it grows by up to a fifth: the estimate errs high), so this is the
  figure the goals judge;
- memory two ways, read from /proc every 20 ms: the peak of the whole
  process tree's resident memory (what the machine must have: kb's Python
  process and Pagefind run at the same time), and the largest peak of a
  single process (its VmHWM). Not wait4's ru_maxrss: Linux carries the
  high-water mark of the process that started a program across exec, so
  every command would seem to need at least what this benchmark process
  holds.

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
CORES = os.cpu_count() or 1
TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Run:
    seconds: float  # wall
    cpu_seconds: float  # user + system, children included
    tree_mb: float  # peak of the sum over the process tree
    process_mb: float  # peak of the largest single process
    exit_code: int
    output_mb: float | None = None
    own_cpu_seconds: float = 0.0  # of the process itself, without its children
    loads: tuple[float, ...] = ()  # load average at the start of each run

    @property
    def idle_seconds(self) -> float:
        """The wall time on an idle machine, estimated from processor time:
        the process's own, plus its helpers' spread over every core."""
        own = min(self.own_cpu_seconds, self.cpu_seconds)
        return own + (self.cpu_seconds - own) / CORES

    @property
    def load(self) -> str:
        """The load averages the runs started at, as text."""
        if not self.loads:
            return "?"
        low, high = f"{min(self.loads):.1f}", f"{max(self.loads):.1f}"
        return low if low == high else f"{low}–{high}"


class PeerFailed(Exception):
    """A command the benchmark compares with failed: no figure can come of it."""


def measure(
    command: Sequence[str], cwd: Path, env: dict[str, str], output: Path | None = None
) -> Run:
    """Run *command* once in *cwd* and measure it."""
    load = os.getloadavg()[0]
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
        own_cpu_seconds=sampler.own_cpu_seconds,
        loads=(load,),
    )
    run_error = stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
    if run.exit_code and run_error:
        print(f"  exit {run.exit_code}: {' | '.join(run_error)}", flush=True)
    return run


def median_run(runs: Sequence[Run]) -> Run:
    """The median of each figure over *runs*."""
    return Run(
        seconds=statistics.median(r.seconds for r in runs),
        cpu_seconds=statistics.median(r.cpu_seconds for r in runs),
        tree_mb=statistics.median(r.tree_mb for r in runs),
        process_mb=statistics.median(r.process_mb for r in runs),
        exit_code=max(r.exit_code for r in runs),
        output_mb=runs[-1].output_mb,
        own_cpu_seconds=statistics.median(r.own_cpu_seconds for r in runs),
        loads=tuple(load for r in runs for load in r.loads),
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
    """The peak resident memory of a process and all its descendants, the
    largest high-water mark of one of them, and the processor time of the
    process itself (last seen, at most one sample before it ended)."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak_mb = 0.0
        self.largest_mb = 0.0
        self.own_cpu_seconds = 0.0
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
            own = _own_cpu_seconds(self.pid)
            if own is not None:
                self.own_cpu_seconds = own
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


def _own_cpu_seconds(pid: int) -> float | None:
    """User and system time of *pid* itself (None once it is gone)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    try:  # utime and stime: fields 14 and 15 of the line, 12 and 13 after the name
        return (int(fields[11]) + int(fields[12])) / TICKS
    except (IndexError, ValueError):
        return None
