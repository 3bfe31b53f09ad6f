"""Two builds of the same bank on the same day are byte-for-byte equal,
whatever the hash seed of the process and the real date."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TODAY = "2026-11-23"


def _build(target: Path, seed: str, *extra: str) -> Path:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    env.pop("SOURCE_DATE_EPOCH", None)
    subprocess.run(
        [sys.executable, "-m", "kb_tools.cli", "build", "-f", str(ROOT / "mkdocs.yml"),
         "-d", str(target), "--today", TODAY, "-q", *extra],
        check=True, env=env, capture_output=True,
    )
    return target


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_two_builds_with_different_hash_seeds_are_identical(tmp_path: Path) -> None:
    first = _files(_build(tmp_path / "a", "1"))
    second = _files(_build(tmp_path / "b", "4242"))
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []
    # The sitemap is dated by --today, not by the clock of the machine.
    sitemap = first["sitemap.xml"].decode()
    assert f"<lastmod>{TODAY}</lastmod>" in sitemap
    assert gzip.decompress(first["sitemap.xml.gz"]).decode() == sitemap
