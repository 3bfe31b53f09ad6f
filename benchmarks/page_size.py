"""How the time to read one page grows with its size (issue 18, D3).

    python benchmarks/page_size.py                 # a realistic page at 0.5 to 8 MB
    python benchmarks/page_size.py --shapes        # also unusual pages, 8 and 32 kB

The realistic page is a routine of the sample bank repeated to size. Each
size is checked by ``kb check --no-cache`` in a fresh process, on a bank
holding that one page with ``max_page_size`` raised above it, and timed in
processor seconds of that process (wall time on a shared machine says more
about the neighbours); time per megabyte stays flat when reading is linear.

``--shapes`` reads unusual pages in this process at two sizes: a growth well
above 4 marks work that is quadratic, in kb_tools or in Python-Markdown,
which renders every page for the check and the site alike (the sizes are
small because some of these take minutes at 100 kB).

Not part of the tests: the figures depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kb_tools.config import load_config  # noqa: E402
from kb_tools.model.loader import DocumentLoader  # noqa: E402


def _settings() -> str:
    """The sample bank's mkdocs.yml (its Markdown extensions: permalinks on
    every heading), with the page size limit raised."""
    text = (ROOT / "mkdocs.yml").read_text("utf-8")
    return text.replace("      owners:", "      max_page_size: 64 MB\n      owners:", 1)


def _sample() -> tuple[str, str]:
    text = (ROOT / "docs" / "rutiner" / "ankomst-och-inskrivning.md").read_text("utf-8")
    head, body = text.split("\n---\n", 1)
    return head + "\n---\n", body


def _page(megabytes: float) -> str:
    head, body = _sample()
    return head + body * max(1, int(megabytes * 1_000_000 / len(body.encode())))


def check_seconds(megabytes: float) -> float:
    with tempfile.TemporaryDirectory() as folder:
        bank = Path(folder)
        (bank / "mkdocs.yml").write_text(_settings(), encoding="utf-8")
        (bank / "docs").mkdir()
        (bank / "docs" / "stor.md").write_text(_page(megabytes), encoding="utf-8")
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(
            [sys.executable, "-m", "kb_tools.cli", "check", "--no-cache", "--today", "2026-11-23"],
            cwd=bank,
            capture_output=True,
            check=False,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        return (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def _repeat(unit: str, size: int) -> str:
    return unit * max(1, size // len(unit))


SHAPES: dict[str, Callable[[int], str]] = {
    "prose paragraphs": lambda n: _repeat("Ett stycke text om boendet.\nMer text.\n\n", n),
    "links, defined in reverse": lambda n: (
        " ".join(f"[l{i}][r{i}]" for i in range(n // 40))
        + "\n\n"
        + "".join(f"[r{i}]: sida{i}.md\n" for i in reversed(range(n // 40)))
    ),
    "identity numbers on one line": lambda n: _repeat("19811218-9876 ", n),
    "raw HTML, one paragraph": lambda n: _repeat('<span id="x" onclick="y">a</span>\n', n),
    "entities, one paragraph": lambda n: _repeat("&amp; &#1; ", n),
    "unclosed brackets": lambda n: _repeat("[a ", n),
    "unmatched backticks": lambda n: _repeat("``a`", n),
}


def shape_seconds(loader: DocumentLoader, text: str) -> float:
    raw = ("---\ntitle: Stor\n---\n" + text).encode()
    start = time.process_time()
    loader.load("stor.md", raw)
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[0.5, 1, 2, 4, 8])
    parser.add_argument("--shapes", action="store_true")
    args = parser.parse_args()
    print("| page | kb check --no-cache (CPU) | per MB |")
    print("|---:|---:|---:|")
    for megabytes in args.sizes:
        seconds = check_seconds(megabytes)
        print(f"| {megabytes:g} MB | {seconds:.2f} s | {seconds / megabytes:.2f} s |", flush=True)
    if args.shapes:
        loader = DocumentLoader(load_config(ROOT / "mkdocs.yml"))
        print("\n| page | 8 kB | 32 kB | growth |")
        print("|---|---:|---:|---:|")
        for name, make in SHAPES.items():
            small = shape_seconds(loader, make(8_000))
            large = shape_seconds(loader, make(32_000))
            growth = large / max(small, 1e-4)
            print(f"| {name} | {small:.2f} s | {large:.2f} s | {growth:.1f}× |", flush=True)


if __name__ == "__main__":
    main()
