"""Progress while ``kb check --external`` checks links: a rich progress bar
on a terminal, a plain line every tenth of the way in CI logs. A part of the
command line (rich is the CLI's), handed to the link checker as a callback."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from ..linkcheck import LinkResult

Progress = Callable[[int, int, LinkResult], None]


@contextmanager
def progress_reporter() -> Iterator[Progress]:
    if sys.stderr.isatty() and not os.environ.get("CI"):
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        with Progress(
            TextColumn("Checking links"), BarColumn(), MofNCompleteColumn(), transient=True
        ) as bar:
            task = bar.add_task("links", total=None)

            def update(done: int, total: int, result: LinkResult) -> None:
                bar.update(task, completed=done, total=total)

            yield update
        return

    step = {"next": 0.1}

    def line(done: int, total: int, result: LinkResult) -> None:
        if total and (done / total >= step["next"] or done == total):
            print(f"checked {done} of {total} external links", file=sys.stderr, flush=True)
            while step["next"] <= done / total:
                step["next"] += 0.1

    yield line
