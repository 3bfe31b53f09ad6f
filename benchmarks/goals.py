"""The performance goals, and the verdict on the figures of one run.

Each goal names the measurement it judges (a row of benchmarks/run.py, by
key), the figure it judges it on, and when it is met. The machine the
benchmarks run on may be shared, so the goals judge figures that hardly
depend on what else runs: processor time (turned into the wall time of an
idle machine, benchmarks/measure.py), peak memory, bytes downloaded. Only
the link checker, which spends its time waiting for servers, is judged on
wall time. benchmarks/run.py fails when a goal is missed, and writes the
verdicts as the first table of benchmarks/RESULTS.md, which
handbook/performance.md quotes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

IDLE = "processor time → idle-machine wall time"


@dataclass(frozen=True)
class Figure:
    """What a goal is judged on: a value, its text, and the peer's value."""

    value: float
    text: str
    peer: float | None = None
    peer_text: str = ""


@dataclass(frozen=True)
class Goal:
    key: str  # the measurement judged
    what: str
    target: str
    judged_on: str
    met: Callable[[Figure], bool]

    def verdict(self, figure: Figure | None) -> str:
        if figure is None:
            return "not measured"
        return "met" if self.met(figure) else "**missed**"


def _at_most(limit: float) -> Callable[[Figure], bool]:
    return lambda figure: figure.value <= limit


def _ratio_at_most(limit: float) -> Callable[[Figure], bool]:
    def met(figure: Figure) -> bool:
        return figure.peer is not None and figure.value <= limit * figure.peer

    return met


GOALS = [
    Goal("check-cold-10000", "`kb check`, 10,000 pages, no cache", "≤ 10 s", IDLE, _at_most(10)),
    Goal("check-warm-10000", "`kb check`, 10,000 pages, warm", "≤ 3 s", IDLE, _at_most(3)),
    Goal("index-full-10000", "`kb index --full`, 10,000 pages", "≤ 60 s", IDLE, _at_most(60)),
    Goal(
        "index-one-10000", "`kb index` after one change, 10,000 pages", "≤ 1 s", IDLE, _at_most(1)
    ),
    Goal(
        "query-p95-10000",
        "query p95 in process, 10,000 pages",
        "≤ 100 ms",
        "processor time per query",
        _at_most(0.1),
    ),
    Goal(
        "payload-10000",
        "browser first-query download, median, 10,000 pages",
        "≤ 250 KB",
        "bytes Chromium downloads",
        _at_most(250),
    ),
    Goal(
        "build-memory-1100",
        "`kb build` peak memory, 1,100 pages",
        "≤ 1.5× plain Material",
        "peak resident memory of the process tree",
        _ratio_at_most(1.5),
    ),
    Goal(
        "build-time-100",
        "`kb build`, 100 pages",
        "≤ 1.2× plain Material",
        IDLE,
        _ratio_at_most(1.2),
    ),
    Goal(
        "links",
        "external links, 1,000 URLs on 10 hosts",
        "≤ 1.2× lychee",
        "wall time (both wait on the servers)",
        _ratio_at_most(1.2),
    ),
]


def goals_table(figures: dict[str, Figure]) -> list[str]:
    """The goals as a Markdown table: figure, peer, target, verdict."""
    lines = [
        "| goal | judged on | measured | plain peer, same run | target | |",
        "|---|---|---|---|---|---|",
    ]
    for goal in GOALS:
        figure = figures.get(goal.key)
        measured = figure.text if figure else "–"
        peer = figure.peer_text if figure and figure.peer_text else "–"
        lines.append(
            f"| {goal.what} | {goal.judged_on} | {measured} | {peer} | {goal.target} | "
            f"{goal.verdict(figure)} |"
        )
    return lines


def missed(figures: dict[str, Figure]) -> list[str]:
    """The goals the figures miss, or that were not measured, as sentences."""
    out = []
    for goal in GOALS:
        figure = figures.get(goal.key)
        if figure is None:
            out.append(f"{goal.what}: not measured in this run (goal {goal.target}).")
        elif not goal.met(figure):
            peer = f" against {figure.peer_text}" if figure.peer_text else ""
            out.append(f"{goal.what}: {figure.text}{peer}, goal {goal.target}.")
    return out
