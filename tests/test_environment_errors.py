"""What the machine refuses is a message, not "this is a bug".

A read-only checkout, a full disk, a ``.kb-cache`` that is a file, a long
pasted query and a Markdown extension with a bad option once ended in
"unexpected internal error ... this is a bug" (exit 3). Now ``kb check`` and
``kb search`` work without a writable cache (the search builds a temporary
index), and what cannot work says why, with exit code 2.

The tests run as any user, root included, so the file system's refusals
are raised where kb meets them rather than made with chmod.
"""

from __future__ import annotations

import errno
import os
import time
from pathlib import Path

import pytest

from kb_tools.search import generations

from .conftest import MKDOCS_YML, ROUTINE, BankDir

SECOND = ROUTINE.replace("Ankomst", "Utskrivning").replace("Text.", "Boendet skriver ut.")


@pytest.fixture
def two_pages(bank: BankDir) -> BankDir:
    bank.write("docs/rutiner/ankomst.md", ROUTINE)
    bank.write("docs/rutiner/utskrivning.md", SECOND)
    return bank


def _refuse_writes_in(root: Path, code: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """The search index folders under *root* cannot be written (*code*)."""
    writing = generations.IndexFolder.writing

    def refused(self: generations.IndexFolder, **kwargs: object):  # type: ignore[no-untyped-def]
        if self.path.is_relative_to(root):
            raise OSError(code, os.strerror(code), str(self.path))
        return writing(self, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(generations.IndexFolder, "writing", refused)


def test_a_cache_that_is_a_file_leaves_check_and_search_working(two_pages: BankDir) -> None:
    (two_pages.root / ".kb-cache").write_text("mine\n")
    check = two_pages.kb("check")
    assert (check.exit_code, check.output) == (0, "No problems found.\n")
    search = two_pages.kb("search", "utskrivning")
    assert search.exit_code == 0
    assert "docs/rutiner/utskrivning.md" in search.output
    assert search.stderr == (
        "Note: the search index cannot be kept in .kb-cache/search (.kb-cache is a file, not a "
        "folder); this search builds a temporary one, which takes longer.\n"
    )
    assert (two_pages.root / ".kb-cache").read_text() == "mine\n"


def test_a_read_only_checkout_still_searches(
    two_pages: BankDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    _refuse_writes_in(two_pages.root, errno.EROFS, monkeypatch)
    search = two_pages.kb("search", "utskrivning")
    assert search.exit_code == 0
    assert "docs/rutiner/utskrivning.md" in search.output
    assert search.stderr == (
        "Note: the search index cannot be kept in .kb-cache/search (Read-only file system); "
        "this search builds a temporary one, which takes longer.\n"
    )


def test_a_full_disk_is_an_environment_error_not_a_bug(
    two_pages: BankDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    _refuse_writes_in(two_pages.root, errno.ENOSPC, monkeypatch)
    result = two_pages.kb("index", "--full")
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {two_pages.root / '.kb-cache' / 'search'}: No space left on device\n"
        "  hint: the disk is full: free some space, then run the command again\n"
    )


def test_a_build_that_cannot_write_says_so(
    two_pages: BankDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kb_tools.site import staging

    def claim(target: Path) -> object:
        raise OSError(errno.EROFS, "Read-only file system", str(target.parent / ".x.tmp"))

    monkeypatch.setattr(staging, "_claim", claim)
    result = two_pages.kb("build", "-q")
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: build failed: the site cannot be written in {two_pages.root} (Read-only file "
        "system); no site written\n"
    )


def test_a_pasted_paragraph_is_searched_by_its_first_words(two_pages: BankDir) -> None:
    query = " ".join(f"ord{number}" for number in range(2000)) + " utskrivning"
    started = time.monotonic()
    result = two_pages.kb("search", query)
    assert time.monotonic() - started < 30  # a thousand words made Whoosh recurse and fail
    assert result.exit_code == 0
    assert result.stderr == (
        "Note: the query is long; its first 32 words are searched and 1,969 are left out.\n"
    )
    assert result.output.startswith("No pages match 'ord0 ord1 ord2 ord3 ord4 ord5 ord6 ord7 ")
    assert result.output.endswith(
        "… (14,901 characters)' (common words such as 'och' are not searched).\n"
    )


@pytest.mark.parametrize("command", [["check"], ["search", "ankomst"], ["index"], ["build"]])
def test_a_bad_extension_option_is_a_configuration_error_everywhere(
    two_pages: BankDir, command: list[str]
) -> None:
    two_pages.write("mkdocs.yml", MKDOCS_YML + "  - admonition:\n      nosuchoption: 1\n")
    result = two_pages.kb(*command)
    assert result.exit_code == 2
    assert result.stderr.endswith(
        "markdown_extensions in mkdocs.yml cannot be loaded ('admonition'): 'nosuchoption'\n"
        "  hint: check the extension names and options, and that their packages are installed\n"
    )
    assert "Traceback" not in result.stderr and "bug" not in result.stderr


def test_check_runs_when_the_cache_cannot_be_written(
    two_pages: BankDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kb_tools.model import cache

    def refused(path: Path, data: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system", str(path))

    monkeypatch.setattr(cache, "write_atomically", refused)
    result = two_pages.kb("check")
    assert (result.exit_code, result.output, result.stderr) == (0, "No problems found.\n", "")


def test_a_new_page_on_a_read_only_checkout(
    two_pages: BankDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    opening = Path.open

    def refused(self: Path, mode: str = "r", *args: object, **kwargs: object) -> object:
        if mode == "x":  # the new page; reading the configuration still works
            raise OSError(errno.EROFS, "Read-only file system", str(self))
        return opening(self, mode, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", refused)
    result = two_pages.kb("new", "routine", "Ny rutin", "--owner", "samordnare")
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {two_pages.root / 'docs' / 'rutiner' / 'ny-rutin.md'}: Read-only file system\n"
        "  hint: the folder is on a read-only file system: run the command in a copy of the "
        "bank that can be written\n"
    )
