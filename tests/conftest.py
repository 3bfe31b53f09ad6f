"""Throwaway banks in tmp_path, and the `kb` command run in-process."""

from __future__ import annotations

import contextlib
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner
from hypothesis import settings

from kb_tools.cli import cli

from .browser import launched

if TYPE_CHECKING:
    from playwright.sync_api import Browser

# Property tests try the same examples on every run (a failure reproduces,
# CI never turns red by chance) and are not timed per example on a busy machine.
settings.register_profile("kb", derandomize=True, deadline=None)
settings.load_profile("kb")

TODAY = "2026-11-23"

MKDOCS_YML = """\
site_name: Testbanken
theme:
  name: material
  language: sv
plugins:
  - kb:
      owners:
        enhetschef-boende: {name: Enhetschef boende, email: boende@example.se}
        samordnare: {name: Samordnare etablering, email: samordnare@example.se}
markdown_extensions:
  - attr_list
  - toc:
      slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}
"""

ROUTINE = """\
---
title: Ankomst
owner: enhetschef-boende
reviewed: 2026-09-01
---
# Ankomst

Text.
"""


@dataclass
class Result:
    exit_code: int
    output: str
    stderr: str


@dataclass
class BankDir:
    root: Path

    def write(self, relative: str, content: str | bytes) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
        return path

    def kb(self, *args: str, today: str | None = TODAY) -> Result:
        """Run `kb ARGS` in the bank's root; `check` gets `--today`."""
        argv = list(args)
        if today and argv[:1] == ["check"]:
            argv += ["--today", today]
        with contextlib.chdir(self.root):
            result = CliRunner().invoke(cli, argv, catch_exceptions=False)
        return Result(result.exit_code, result.stdout, result.stderr)

    def check(self, *args: str) -> str:
        """The text report of `kb check` without its summary line."""
        lines = self.kb("check", *args).output.splitlines()
        return "\n".join(lines[:-1])


MakeBank = Callable[[dict[str, str | bytes]], BankDir]


@pytest.fixture(autouse=True, scope="session")
def english() -> Iterator[None]:
    """Every test speaks English unless it asks for another language: the
    fixture bank is Swedish (``theme.language: sv``), and ``KB_LANG=en``
    overrides it, from the first fixture on (module fixtures build sites).
    Tests of the Swedish output use ``speaks_bank_language`` or ``--lang sv``."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KB_LANG", "en")
        yield


@pytest.fixture(autouse=True, scope="session")
def no_trusted_packages() -> Iterator[None]:
    """kb trusts only the Markdown dialect's packages in mkdocs.yml, whatever
    the shell that runs the tests trusts (``KB_TRUSTED_PACKAGES``)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("KB_TRUSTED_PACKAGES", raising=False)
        yield


@pytest.fixture(autouse=True, scope="session")
def kb_tools_from_the_package_index() -> Iterator[None]:
    """kb init writes what it knows of where kb-tools came from: the tests
    run as if from the package index, whatever installed this checkout."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("kb_tools.init.requirement._direct_url", lambda: None)
        yield


@pytest.fixture
def speaks_bank_language(monkeypatch: pytest.MonkeyPatch) -> None:
    """No ``KB_LANG``: the bank's ``theme.language`` decides."""
    monkeypatch.delenv("KB_LANG", raising=False)


@pytest.fixture
def bank(tmp_path: Path) -> BankDir:
    """An empty bank with a valid mkdocs.yml."""
    bank = BankDir(tmp_path)
    bank.write("mkdocs.yml", MKDOCS_YML)
    (tmp_path / "docs").mkdir()
    return bank


@pytest.fixture
def make_bank(bank: BankDir) -> MakeBank:
    """A bank with the given files (paths relative to docs/, or mkdocs.yml)."""

    def make(files: dict[str, str | bytes]) -> BankDir:
        for name, content in files.items():
            bank.write(name if name.startswith("mkdocs") else f"docs/{name}", content)
        return bank

    return make


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium for the browser tests of a module (see tests/browser.py).

    One a module, not one a session: while Playwright's sync API is open its
    event loop counts as running in the main thread, so ``asyncio.run`` in a
    later module (the link checker's tests) would fail.
    """
    with launched() as chromium:
        yield chromium
