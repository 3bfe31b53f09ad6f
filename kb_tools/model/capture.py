"""What Markdown extensions print while a page is rendered, caught.

Extensions and the libraries under them talk: markdown-include prints a
warning for a missing file, others use ``warnings`` or ``logging``. None of it
may reach standard output, where ``kb check --format json`` writes its
report. The loader renders each page inside :func:`capture_output` and keeps
what was said with the page (:attr:`Document.output`); the CLI shows it on
standard error, naming the page.
"""

from __future__ import annotations

import io
import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass, field

# A noisy extension must not flood the terminal: a few lines per page tell
# the editor what is wrong.
MAX_LINES = 20


@dataclass
class Captured:
    lines: list[str] = field(default_factory=list)
    # Something complained (a log record at WARNING or above, output on
    # stderr or stdout, a warning other than a deprecation): the page may not
    # have rendered as it does on the site.
    troubled: bool = False


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _logged(record: logging.LogRecord) -> str:
    try:
        message = record.getMessage()
    except Exception:  # a broken format string in someone else's logging call
        message = str(record.msg)
    return f"{record.levelname} ({record.name}): {message}"


@contextmanager
def capture_output() -> Iterator[Captured]:
    """Collect standard output and error, warnings and log records (at the
    levels the loggers let through) written inside the block, as lines."""
    captured = Captured()
    stream = io.StringIO()
    handler = _Collect()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        with (
            warnings.catch_warnings(record=True) as caught,
            redirect_stdout(stream),
            redirect_stderr(stream),
        ):
            warnings.simplefilter("always")
            yield captured
    finally:
        root.removeHandler(handler)
    lines = [line.rstrip() for line in stream.getvalue().splitlines() if line.strip()]
    captured.troubled = bool(lines) or any(
        not issubclass(w.category, DeprecationWarning | PendingDeprecationWarning) for w in caught
    )
    captured.troubled |= any(r.levelno >= logging.WARNING for r in handler.records)
    lines += [f"{w.category.__name__}: {w.message}" for w in caught]
    lines += [_logged(record) for record in handler.records]
    if len(lines) > MAX_LINES:
        more = len(lines) - MAX_LINES + 1
        lines = [*lines[: MAX_LINES - 1], f"... and {more} more lines"]
    captured.lines = lines
