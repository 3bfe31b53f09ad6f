"""A file name that is not valid UTF-8 is a finding, never a traceback.

``docs/rutiner/l\\xe5ng.md`` (a name saved in Windows-1252) made the SARIF
and GitLab reports, ``kb review --format markdown``/``ics``, ``kb search``
and ``kb build`` end in "unexpected internal error: UnicodeEncodeError". The
walk of docs/ now refuses such a name (KB111) with its undecodable bytes
shown as \\xNN, so no report, index or site ever holds it.
"""

from __future__ import annotations

import json
import os

import pytest

from .conftest import ROUTINE, BankDir

FINDING = (
    "docs/rutiner/l\\xe5ng.md:1:1: KB111 error: the file name is not valid UTF-8, so it "
    "cannot be published (the site's addresses are UTF-8): the file is not read\n"
    "  hint: rename the file; a name saved by an old program in another encoding (such as "
    "Windows-1252) is the usual cause\n"
)


@pytest.fixture
def latin1(bank: BankDir) -> BankDir:
    bank.write("docs/rutiner/ankomst.md", ROUTINE)
    folder = os.fsencode(bank.root / "docs" / "rutiner")
    with open(folder + b"/l\xe5ng.md", "wb") as page:
        page.write(ROUTINE.replace("Ankomst", "Lång").encode())
    os.mkdir(folder + b"/gr\xe4s")
    with open(folder + b"/gr\xe4s/sida.md", "wb") as page:
        page.write(b"# Sida\n")
    return bank


def test_check_names_the_file_with_its_bytes_escaped(latin1: BankDir) -> None:
    result = latin1.kb("check")
    assert result.exit_code == 1
    assert FINDING in result.output
    assert "docs/rutiner/gr\\xe4s:1:1: KB111 error: the folder name is not valid UTF-8" in (
        result.output
    )


@pytest.mark.parametrize(
    ("report", "written"),
    [
        ("json", '"path": "docs/rutiner/l\\\\xe5ng.md"'),
        ("github", "::error file=docs/rutiner/l\\xe5ng.md,line=1,col=1,title=KB111 error::"),
        ("markdown", "### `docs/rutiner/l\\xe5ng.md`"),
        ("sarif", '"uri": "docs/rutiner/l%5Cxe5ng.md"'),
        ("gitlab", '"path": "docs/rutiner/l\\\\xe5ng.md"'),
    ],
)
def test_every_check_format_writes_the_escaped_name(
    latin1: BankDir, report: str, written: str
) -> None:
    result = latin1.kb("check", "--format", report)
    assert (result.exit_code, result.stderr) == (1, "")
    assert written in result.output
    if report in ("json", "sarif", "gitlab"):
        json.loads(result.output)


@pytest.mark.parametrize("report", ["text", "markdown", "json", "ics"])
def test_every_review_format_works(latin1: BankDir, report: str) -> None:
    result = latin1.kb("review", "--format", report, "--today", "2026-11-23")
    assert (result.exit_code, result.stderr) == (0, "")


def test_search_and_the_build_leave_the_file_out(latin1: BankDir) -> None:
    search = latin1.kb("search", "ankomst")
    assert (search.exit_code, search.stderr) == (0, "")
    assert "docs/rutiner/ankomst.md" in search.output
    build = latin1.kb("build", "-q", "--today", "2026-11-23")
    assert build.exit_code == 0, build.stderr
    built = os.listdir(os.fsencode(latin1.root / "site" / "rutiner"))
    assert b"ankomst" in built
    assert [name for name in built if b"\xe5" in name or b"\xe4" in name] == []
