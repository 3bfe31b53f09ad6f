"""Real processes at once: searches while the index is written, two indexers,
and a `kb build` killed halfway. Nothing fails and nothing is left behind."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from kb_tools.config import load_config
from kb_tools.site.mkdocs.build import build_site
from kb_tools.site.staging import LEGACY_AGE_SECONDS, remove_stale

from .conftest import ROUTINE, MakeBank

ROOT = Path(__file__).resolve().parents[1]
TODAY = "2026-11-23"


def _sample_bank(tmp_path: Path) -> Path:
    bank = tmp_path / "bank"
    bank.mkdir()
    shutil.copytree(ROOT / "docs", bank / "docs")
    shutil.copytree(ROOT / "overrides", bank / "overrides")
    shutil.copy(ROOT / "mkdocs.yml", bank / "mkdocs.yml")
    return bank


def _start(bank: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "kb_tools.cli", *args],
        cwd=bank,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


def _all_at_once(bank: Path, searches: int, indexers: int) -> None:
    processes = [_start(bank, "search", "läkemedel") for _ in range(searches)]
    processes += [_start(bank, "index") for _ in range(indexers)]
    for process in processes:
        out, err = process.communicate(timeout=600)
        assert process.returncode == 0, err
        assert "Traceback" not in err and "Error" not in err
        if process.args[3] == "search":  # type: ignore[index]
            assert out.startswith(" 1. Läkemedelshantering  (Rutin)"), (out, err)
        else:
            assert out.startswith(("Built the search index", "Updated the search index")), out


def test_concurrent_searches_and_indexers_on_a_fresh_and_a_changed_bank(
    tmp_path: Path,
) -> None:
    bank = _sample_bank(tmp_path)
    _all_at_once(bank, searches=8, indexers=2)
    routine = bank / "docs" / "rutiner" / "lakemedelshantering.md"
    routine.write_text(routine.read_text(encoding="utf-8") + "\nOm brandlarm.\n", "utf-8")
    (bank / "docs" / "rutiner" / "ny.md").write_text("# Ny rutin\n\nOm läkemedel.\n", "utf-8")
    _all_at_once(bank, searches=8, indexers=2)
    search = _start(bank, "search", "brandlarm")
    out, _ = search.communicate(timeout=120)
    assert out.startswith(" 1. Läkemedelshantering")
    folder = bank / ".kb-cache" / "search"
    names = sorted(p.name for p in folder.iterdir())
    assert names[0] == "CURRENT" and names[-1] == "writer.lock"
    assert len(names) == 3  # one generation: every superseded one was removed


def _leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith(".site"))


def test_a_killed_build_leaves_nothing_behind_after_the_next(tmp_path: Path) -> None:
    bank = _sample_bank(tmp_path)
    build = _start(bank, "build", "-q", "--today", TODAY)
    deadline = time.monotonic() + 300
    staging: list[Path] = []
    while time.monotonic() < deadline and build.poll() is None:
        staging = [p for p in bank.glob(".site-building-*") if p.is_dir()]
        if staging and any(staging[0].rglob("*.html")):
            break  # MkDocs is writing pages: kill it halfway
        time.sleep(0.05)
    assert build.poll() is None, "the build finished before it could be killed"
    build.send_signal(signal.SIGKILL)
    build.wait()
    left = _leftovers(bank)
    assert len(left) == 2 and left[1] == left[0] + ".lock", left
    site = build_site(load_config(bank / "mkdocs.yml"), today=date(2026, 11, 23))
    assert (site / "index.html").is_file()
    assert _leftovers(bank) == []


HOLD = """
import sys, time
from pathlib import Path
from kb_tools.site.staging import staging_for
with staging_for(Path(sys.argv[1])) as staging:
    (staging.folder / "page.html").write_text("building")
    print(staging.folder.name, flush=True)
    time.sleep(600)
"""


def test_stale_folders_go_but_a_running_build_keeps_its_own(tmp_path: Path) -> None:
    target = tmp_path / "site"
    running = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(target)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert running.stdout is not None
        live = tmp_path / running.stdout.readline().strip()
        elsewhere = tmp_path / "elsewhere"
        elsewhere.mkdir()
        (elsewhere / "keep.txt").write_text("not ours")
        (tmp_path / ".site-building-1-deadbeef").symlink_to(elsewhere)
        (tmp_path / ".site-building-notours").mkdir()
        (tmp_path / ".other-building-1-deadbeef").mkdir()
        old = time.time() - LEGACY_AGE_SECONDS - 60
        for name in (".site-building-abcd1234", ".site-previous-4242", ".site-building-recent12"):
            (tmp_path / name).mkdir()
            (tmp_path / name / "index.html").write_text("left by an earlier version")
            if name != ".site-building-recent12":
                os.utime(tmp_path / name, (old, old))
        removed = remove_stale(target)
        assert sorted(p.name for p in removed) == [".site-building-abcd1234", ".site-previous-4242"]
        assert (live / "page.html").read_text() == "building"
        assert (elsewhere / "keep.txt").exists()
        for kept in (
            ".site-building-notours",
            ".other-building-1-deadbeef",
            ".site-building-recent12",
        ):
            assert (tmp_path / kept).is_dir()
    finally:
        running.kill()
        running.wait()
    # Its process is gone (whatever process may get its pid): now it is stale.
    assert remove_stale(target) == [live]
    assert not live.exists()
    assert sorted(p.name for p in tmp_path.glob(".site-building-*.lock")) == []


def test_a_finished_build_leaves_only_the_site(make_bank: MakeBank) -> None:
    bank = make_bank({"rutiner/a.md": ROUTINE})
    config = load_config(bank.root / "mkdocs.yml")
    site = build_site(config, today=date(2026, 11, 23))
    assert build_site(config, today=date(2026, 11, 23)) == site
    assert _leftovers(bank.root) == []
