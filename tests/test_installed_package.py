"""A municipality's first five minutes, from the built wheel: install it into
a fresh virtual environment outside this repository, `kb init`, `kb check`,
`kb build`, and read the site in Chromium — styled, searchable, and turning
overdue on the day it is read. Then the same with a bank that has its own
overrides/main.html, no directory URLs, served under a sub-path.

Slow (a wheel and a virtual environment, once per module: ~15 s); CI runs it
with the rest. `pytest -m "not slow"` leaves it out while you work.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

from .browser import serve_static

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow

# Reviewed 2026-03-02, due 2027-03-02: current on the build day, overdue later.
ROUTINE = """\
---
title: Läkemedelshantering
owner: redaktionen
reviewed: 2026-03-02
summary: Hur läkemedel förvaras, delas ut och dokumenteras på boendet.
---

# Läkemedelshantering

## Så här gör vi

1. Läkemedel förvaras i ett låst skåp på kontoret.
2. Personalen delar ut läkemedel ur dosetten och signerar i signeringslistan.
3. En avvikelse rapporteras till enhetschefen samma dag.
"""
BUILD_DAY = "2026-11-23"
OWN_MAIN_HTML = """\
{% extends "base.html" %}
{% block announce %}Norrbys eget meddelande{% endblock %}
"""


@dataclass(frozen=True)
class Installed:
    wheel: Path
    venv: Path
    work: Path  # outside this repository

    def run(
        self, *argv: str, cwd: Path, without: tuple[str, ...] = ()
    ) -> subprocess.CompletedProcess[str]:
        left_out = ("PYTHONPATH", "VIRTUAL_ENV", *without)
        env = {k: v for k, v in os.environ.items() if k not in left_out}
        env["PATH"] = f"{self.venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
        env["NO_MKDOCS_2_WARNING"] = "1"
        return subprocess.run(
            [str(self.venv / "bin" / argv[0]), *argv[1:]],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )


def _pip(*argv: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pip", "--disable-pip-version-check", *argv],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, f"pip {' '.join(argv)} failed:\n{result.stderr[-3000:]}"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    work = tmp_path_factory.mktemp("installed")
    assert not work.resolve().is_relative_to(ROOT)
    # Build from a copy of the sources, so the repository gets no build/ or egg-info.
    source = work / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(
        ROOT / "kb_tools", source / "kb_tools", ignore=shutil.ignore_patterns("__pycache__")
    )
    _pip("wheel", "--quiet", "--no-deps", "--wheel-dir", str(work / "dist"), str(source))
    (wheel,) = (work / "dist").glob("kb_tools-*.whl")
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    # Not editable, not from the repository: the wheel and its dependencies.
    _pip("--python", str(venv / "bin" / "python"), "install", "--quiet", "--no-compile", str(wheel))
    return Installed(wheel, venv, work)


def test_the_wheel_carries_the_theme_and_the_new_bank(installed: Installed) -> None:
    names = set(zipfile.ZipFile(installed.wheel).namelist())
    data = [
        p.relative_to(ROOT).as_posix()
        for folder in ("kb_tools/site/theme", "kb_tools/init/files")
        for p in (ROOT / folder).rglob("*")
        if p.is_file()
    ]
    assert "kb_tools/site/theme/assets/kb/kb.css" in data
    assert [name for name in data if name not in names] == []


def test_kb_runs_from_the_installed_wheel(installed: Installed) -> None:
    where = installed.run(
        "python", "-c", "import kb_tools; print(kb_tools.__file__)", cwd=installed.work
    )
    assert Path(where.stdout.strip()).is_relative_to(installed.venv)


@dataclass(frozen=True)
class Bank:
    root: Path
    site: Path
    url: str  # where the site is served


def _make_bank(installed: Installed, name: str, *extra: str) -> Path:
    made = installed.run(
        "kb",
        "init",
        name,
        "--owner",
        "Redaktionen <redaktionen@example.se>",
        *extra,
        cwd=installed.work,
    )
    assert made.returncode == 0, made.stderr
    root = installed.work / name
    (root / "docs" / "rutiner" / "lakemedelshantering.md").write_text(ROUTINE, encoding="utf-8")
    check = installed.run("kb", "check", "--today", BUILD_DAY, cwd=root)
    assert (check.returncode, check.stdout) == (0, "No problems found.\n"), check.stderr
    return root


def _build(installed: Installed, root: Path, site: Path) -> None:
    built = installed.run(
        "kb", "build", "--strict", "--today", BUILD_DAY, "-d", str(site), cwd=root
    )
    assert built.returncode == 0, built.stderr


@pytest.fixture(scope="module")
def plain_bank(installed: Installed) -> Iterator[Bank]:
    """kb init, one routine, kb build: nothing else."""
    root = _make_bank(installed, "norrby")
    _build(installed, root, root / "site")
    with serve_static(root / "site") as url:
        yield Bank(root, root / "site", url)


@pytest.fixture(scope="module")
def own_bank(installed: Installed) -> Iterator[Bank]:
    """A bank with its own main.html overriding one block, no directory URLs,
    served under a sub-path."""
    root = _make_bank(installed, "egen", "--ci", "gitlab")
    (root / "overrides").mkdir()
    (root / "overrides" / "main.html").write_text(OWN_MAIN_HTML, encoding="utf-8")
    settings = (root / "mkdocs.yml").read_text(encoding="utf-8")
    settings = settings.replace("use_directory_urls: true", "use_directory_urls: false")
    settings = settings.replace("  # custom_dir: overrides", "  custom_dir: overrides  #")
    (root / "mkdocs.yml").write_text(settings, encoding="utf-8")
    served = installed.work / "served"
    _build(installed, root, served / "kb")
    with serve_static(served) as url:
        yield Bank(root, served / "kb", url + "kb/")


@pytest.fixture(params=["kb init as it is", "own main.html, file URLs, sub-path"])
def bank(request: pytest.FixtureRequest) -> Bank:
    fixture = "plain_bank" if request.param == "kb init as it is" else "own_bank"
    return request.getfixturevalue(fixture)  # type: ignore[no-any-return]


def _page_url(bank: Bank, page: str) -> str:
    if (bank.site / page / "index.html").exists():
        return f"{bank.url}{page}/"
    return f"{bank.url}{page}.html"


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    yield page
    context.close()


def test_the_routine_page_shows_the_styled_metadata_panel(page: object, bank: Bank) -> None:
    page.goto(_page_url(bank, "rutiner/lakemedelshantering"))  # type: ignore[attr-defined]
    panel = page.locator("dl.kb-meta")  # type: ignore[attr-defined]
    assert panel.is_visible()
    assert "Redaktionen" in panel.inner_text()
    # Styles that only kb.css gives: a grid with a coloured rule on the left.
    style = panel.evaluate(
        "e => [getComputedStyle(e).display, getComputedStyle(e).borderLeftStyle]"
    )
    assert style == ["grid", "solid"]
    version = installed_version(bank)
    footer = page.locator(".kb-generator")  # type: ignore[attr-defined]
    assert footer.inner_text().startswith(f"Byggd med kb-tools {version}")
    own = page.get_by_text("Norrbys eget meddelande")  # type: ignore[attr-defined]
    assert own.count() == (1 if (bank.root / "overrides").exists() else 0)


def test_a_fresh_install_speaks_the_banks_swedish(installed: Installed, plain_bank: Bank) -> None:
    names = set(zipfile.ZipFile(installed.wheel).namelist())
    assert "kb_tools/locale/sv/LC_MESSAGES/kb_tools.mo" in names
    # The tests speak English (KB_LANG=en); a bank from kb init is Swedish.
    page = plain_bank.root / "docs" / "rutiner" / "utan-agare.md"
    page.write_text("---\ntitle: Utan ägare\nreviewed: 2026-03-02\n---\nText.\n", "utf-8")
    try:
        check = installed.run(
            "kb", "check", "--today", BUILD_DAY, cwd=plain_bank.root, without=("KB_LANG",)
        )
    finally:
        page.unlink()
    assert check.returncode == 1
    assert check.stdout == (
        "docs/rutiner/utan-agare.md:1:1: KB101 fel: obligatorisk nyckel saknas: 'owner' "
        "(krävs för typen routine)\n"
        "  tips: lägg till 'owner:' med id för en ägare som finns i mkdocs.yml\n"
        "1 fel, 0 varningar i 1 fil.\n"
    )


def installed_version(bank: Bank) -> str:
    return (bank.root / "requirements.txt").read_text().splitlines()[-1].split("==")[1]


def test_the_overdue_banner_appears_when_the_day_comes(page: object, bank: Bank) -> None:
    url = _page_url(bank, "rutiner/lakemedelshantering")
    page.goto(url)  # type: ignore[attr-defined]
    banner = page.locator("[data-kb-overdue-banner]")  # type: ignore[attr-defined]
    assert not banner.is_visible()
    page.clock.set_fixed_time(datetime(2027, 4, 1, 9, 0))  # type: ignore[attr-defined]
    page.goto(url)  # type: ignore[attr-defined]
    assert banner.is_visible()
    assert "Granskningen är försenad" in banner.inner_text()


def test_the_header_search_finds_the_routine_by_an_inflected_word(page: object, bank: Bank) -> None:
    page.goto(bank.url)  # type: ignore[attr-defined]
    field = page.locator("#kb-header-query")  # type: ignore[attr-defined]
    field.fill("dosetter")  # the routine says "dosetten"
    field.press("Enter")
    search = _page_url(bank, "sok")
    page.wait_for_url(lambda url: url == f"{search}?q=dosetter")  # type: ignore[attr-defined]
    result = page.locator(".pagefind-ui__result-link").first  # type: ignore[attr-defined]
    result.wait_for(timeout=15000)
    assert result.inner_text() == "Läkemedelshantering"
    result.click()
    page.wait_for_load_state()  # type: ignore[attr-defined]
    assert page.url.startswith(_page_url(bank, "rutiner/lakemedelshantering"))  # type: ignore[attr-defined]
