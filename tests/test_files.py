"""One walk of docs/ decides what a bank holds, for the check, the search and
the build: symbolic links, named pipes, devices and oversized pages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kb_tools.config import load_config
from kb_tools.model import Bank
from kb_tools.model.files import DocsTree, Refused
from kb_tools.search import search
from kb_tools.site.mkdocs.build import BuildFailed, build_site

from .conftest import ROUTINE, TODAY, BankDir, MakeBank

SECRET = """\
---
title: Hemlig rutin
owner: samordnare
reviewed: 2026-09-01
status: {status}
---
# Hemlig rutin

Lösenordet till kassaskåpet står här.
"""

pytestmark = pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")


def _elsewhere(tmp_path: Path) -> Path:
    """A folder outside the bank with an internal page and a draft."""
    folder = tmp_path.parent / f"{tmp_path.name}-elsewhere"
    folder.mkdir()
    (folder / "hemlig.md").write_text(SECRET.format(status="active"), encoding="utf-8")
    (folder / "utkast.md").write_text(SECRET.format(status="draft"), encoding="utf-8")
    return folder


def _kb_check_in_subprocess(bank: BankDir) -> subprocess.CompletedProcess[str]:
    """`kb check` as a user runs it, stopped after a minute if it hangs."""
    return subprocess.run(
        [sys.executable, "-m", "kb_tools.cli", "check", "--today", TODAY],
        cwd=bank.root,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _searched(bank: BankDir, query: str) -> list[str]:
    result = bank.kb("search", query, "--json")
    assert result.exit_code == 0, result.stderr
    return [hit["path"] for hit in json.loads(result.output)]


def test_a_linked_folder_outside_docs_is_a_finding_and_never_read(
    make_bank: MakeBank, tmp_path: Path
) -> None:
    bank = make_bank({"rutiner/a.md": ROUTINE})
    (bank.root / "docs" / "rutiner" / "extra").symlink_to(_elsewhere(tmp_path))
    assert bank.check() == (
        f"docs/rutiner/extra:1:1: KB107 error: symbolic link to '{tmp_path}-elsewhere', "
        "a folder outside the docs folder: it is not followed, and the site is not built "
        "while it is there\n"
        "  hint: copy the folder into the docs folder instead of linking to it"
    )
    config = load_config(bank.root / "mkdocs.yml")
    assert sorted(Bank.load(config).by_src) == ["rutiner/a.md"]
    assert _searched(bank, "kassaskåpet") == []


@pytest.mark.parametrize("public", [False, True], ids=["internal", "public"])
def test_the_site_is_not_built_while_docs_links_to_a_folder(
    make_bank: MakeBank, tmp_path: Path, public: bool
) -> None:
    """MkDocs follows folder links before any plugin runs: out of docs/ and
    round in circles (``docs/rutiner/varv -> ..``)."""
    bank = make_bank({"index.md": "# Start\n", "rutiner/a.md": ROUTINE})
    (bank.root / "docs" / "rutiner" / "extra").symlink_to(_elsewhere(tmp_path))
    (bank.root / "docs" / "rutiner" / "varv").symlink_to("..")
    target = tmp_path / "site"
    with pytest.raises(BuildFailed) as failed:
        build_site(load_config(bank.root / "mkdocs.yml"), target, public=public)
    assert str(failed.value) == (
        "build failed: the docs folder holds symbolic links to folders "
        "('docs/rutiner/extra', 'docs/rutiner/varv'), which MkDocs would follow; the site is "
        "not built while they are there (kb check reports KB107); no site written"
    )
    assert not target.exists()


def test_plain_mkdocs_build_refuses_a_folder_link_too(make_bank: MakeBank) -> None:
    bank = make_bank({"index.md": "# Start\n"})
    (bank.root / "docs" / "varv").symlink_to(".")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(bank.root / "out")],
        cwd=bank.root,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 1
    assert (
        "the docs folder holds symbolic links to folders ('docs/varv'), which MkDocs would "
        "follow" in result.stderr
    )


def test_a_linked_file_outside_docs_is_neither_read_nor_published(
    make_bank: MakeBank, tmp_path: Path
) -> None:
    bank = make_bank({"index.md": "# Start\n", "rutiner/a.md": ROUTINE})
    elsewhere = _elsewhere(tmp_path)
    passwd = elsewhere / "passwd"
    passwd.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    (bank.root / "docs" / "rutiner" / "passwd.md").symlink_to(passwd)
    (bank.root / "docs" / "rutiner" / "hemlig.md").symlink_to(elsewhere / "hemlig.md")
    (bank.root / "docs" / "bild.png").symlink_to(passwd)
    assert bank.check() == "\n".join(
        f"{path}:1:1: KB107 error: symbolic link to '{elsewhere / name}', outside the docs "
        "folder: it is not read or published\n"
        "  hint: copy the file into the docs folder instead of linking to it"
        for path, name in [
            ("docs/bild.png", "passwd"),
            ("docs/rutiner/hemlig.md", "hemlig.md"),
            ("docs/rutiner/passwd.md", "passwd"),
        ]
    )
    assert _searched(bank, "kassaskåpet") == []
    config = load_config(bank.root / "mkdocs.yml")
    for public in (False, True):
        site = build_site(config, tmp_path / f"site-{public}", public=public)
        built = [p for p in site.rglob("*") if p.is_file()]
        assert not (site / "rutiner" / "hemlig").exists()
        assert not (site / "rutiner" / "passwd").exists()
        assert not (site / "bild.png").exists()
        assert [p for p in built if b"root:x:0:0" in p.read_bytes()] == []
        assert [p for p in built if b"Hemlig rutin" in p.read_bytes()] == []
        assert [p for p in built if "kassaskåpet".encode() in p.read_bytes()] == []


def test_a_linked_file_inside_docs_is_a_page_for_check_search_and_build(
    make_bank: MakeBank, tmp_path: Path
) -> None:
    bank = make_bank(
        {
            "index.md": "# Start\n",
            "rutiner/a.md": ROUTINE.replace("Text.", "Kassaskåpet öppnas av nattpersonalen."),
        }
    )
    (bank.root / "docs" / "mallar").mkdir()
    (bank.root / "docs" / "mallar" / "kopia.md").symlink_to("../rutiner/a.md")
    config = load_config(bank.root / "mkdocs.yml")
    assert sorted(Bank.load(config).by_src) == ["index.md", "mallar/kopia.md", "rutiner/a.md"]
    assert _searched(bank, "kassaskåpet") == ["docs/mallar/kopia.md", "docs/rutiner/a.md"]
    site = build_site(config, tmp_path / "site")
    assert "Kassaskåpet" in (site / "mallar" / "kopia" / "index.html").read_text("utf-8")


def test_links_that_lead_nowhere_or_in_a_circle(make_bank: MakeBank) -> None:
    bank = make_bank({"rutiner/a.md": ROUTINE})
    docs = bank.root / "docs"
    (docs / "borta.md").symlink_to("finns-inte.md")
    (docs / "ett.md").symlink_to("två.md")
    (docs / "två.md").symlink_to("ett.md")
    assert bank.check() == (
        "docs/borta.md:1:1: KB107 error: symbolic link to 'finns-inte.md', which does not exist\n"
        "  hint: fix the link's target or remove the link\n"
        "docs/ett.md:1:1: KB107 error: symbolic link that leads round in a circle ('två.md')\n"
        "  hint: remove the link\n"
        "docs/två.md:1:1: KB107 error: symbolic link that leads round in a circle ('ett.md')\n"
        "  hint: remove the link"
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_named_pipes_and_devices_are_never_opened(make_bank: MakeBank) -> None:
    bank = make_bank({"rutiner/a.md": ROUTINE})
    docs = bank.root / "docs"
    os.mkfifo(docs / "x.md")
    (docs / "y.md").symlink_to("x.md")
    (docs / "noll.md").symlink_to("/dev/zero")
    result = _kb_check_in_subprocess(bank)
    assert result.stdout.splitlines()[:-1] == [
        "docs/noll.md:1:1: KB107 error: symbolic link to '/dev/zero', outside the docs folder: "
        "it is not read or published",
        "  hint: copy the file into the docs folder instead of linking to it",
        "docs/x.md:1:1: KB108 error: a named pipe (FIFO), not a regular file: it is not read",
        "  hint: remove it; pages and attachments must be regular files",
        "docs/y.md:1:1: KB108 error: symbolic link to a named pipe (FIFO), not a regular file: "
        "it is not read",
        "  hint: remove it; pages and attachments must be regular files",
    ]
    assert result.returncode == 1
    assert _searched(bank, "ankomst") == ["docs/rutiner/a.md"]


def test_pages_over_the_size_limit_are_refused(bank: BankDir, tmp_path: Path) -> None:
    settings = (bank.root / "mkdocs.yml").read_text()
    bank.write("mkdocs.yml", settings.replace("owners:", "max_page_size: 2 kB\n      owners:"))
    bank.write("docs/rutiner/a.md", ROUTINE)
    bank.write("docs/rutiner/stor.md", ROUTINE + "Mer text om kassaskåpet.\n" * 100)
    bank.write("docs/bilaga.pdf", b"%PDF" + b"0" * 5000)  # attachments are not pages
    assert bank.check() == (
        "docs/rutiner/stor.md:1:1: KB109 error: the page is 2.7 kB, larger than max_page_size "
        "(2 kB): it is not read or published\n"
        "  hint: split it into smaller pages, or raise 'max_page_size' in the kb settings "
        "in mkdocs.yml"
    )
    assert _searched(bank, "kassaskåpet") == []
    site = build_site(load_config(bank.root / "mkdocs.yml"), tmp_path / "site")
    assert not (site / "rutiner" / "stor").exists()
    assert (site / "bilaga.pdf").is_file()


def test_the_default_size_limit_is_two_megabytes(make_bank: MakeBank) -> None:
    bank = make_bank({"a.md": "# Stor\n\n" + "Text om boendet.\n" * 120_000})
    assert bank.check().startswith(
        "docs/a.md:1:1: KB109 error: the page is 2 MB, larger than max_page_size (2 MB)"
    )


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("2 parsecs", "unknown unit 'parsecs'; use B, kB, MB or GB"),
        ("stor", "write a number and a unit, e.g. '2 MB'"),
        ("0", "the size must be above zero"),
    ],
)
def test_a_bad_size_limit_is_a_configuration_error(bank: BankDir, value: str, why: str) -> None:
    settings = (bank.root / "mkdocs.yml").read_text()
    setting = f"max_page_size: '{value}'\n      owners:"
    bank.write("mkdocs.yml", settings.replace("owners:", setting))
    result = bank.kb("check")
    assert (result.exit_code, result.stderr) == (
        2,
        "Error: invalid kb configuration in mkdocs.yml: line 7: plugins.kb.max_page_size: "
        f"expected a size such as '2 MB', '500 kB' or a number of bytes, found '{value}' ({why})\n",
    )


def test_a_page_swapped_for_a_link_after_the_walk_is_refused(
    make_bank: MakeBank, tmp_path: Path
) -> None:
    bank = make_bank({"rutiner/a.md": ROUTINE, "rutiner/b.md": ROUTINE})
    tree = DocsTree.of(load_config(bank.root / "mkdocs.yml"))
    assert tree.pages == ["rutiner/a.md", "rutiner/b.md"]
    page = bank.root / "docs" / "rutiner" / "b.md"
    page.unlink()
    page.symlink_to(_elsewhere(tmp_path) / "hemlig.md")
    with pytest.raises(Refused) as refused:
        tree.read("rutiner/b.md")
    assert refused.value.diagnostic.message == (
        f"symbolic link to '{tmp_path}-elsewhere/hemlig.md', outside the docs folder: "
        "it is not read or published"
    )
    contents, unreadable = tree.read_pages()
    assert (list(contents), unreadable, tree.files) == (["rutiner/a.md"], {}, ["rutiner/a.md"])
    assert [d.path for d in tree.refused] == ["docs/rutiner/b.md"]


def test_search_forgets_a_page_that_became_a_link_outside_docs(
    make_bank: MakeBank, tmp_path: Path
) -> None:
    bank = make_bank({"rutiner/a.md": ROUTINE.replace("Text.", "Om kassaskåpet.")})
    config = load_config(bank.root / "mkdocs.yml")
    assert [hit.path for hit in search(config, "kassaskåpet")] == ["rutiner/a.md"]
    page = bank.root / "docs" / "rutiner" / "a.md"
    page.unlink()
    page.symlink_to(_elsewhere(tmp_path) / "hemlig.md")
    assert search(config, "kassaskåpet") == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_page_swapped_for_a_pipe_or_grown_after_the_walk_is_refused(bank: BankDir) -> None:
    settings = (bank.root / "mkdocs.yml").read_text()
    bank.write("mkdocs.yml", settings.replace("owners:", "max_page_size: 1 kB\n      owners:"))
    bank.write("docs/a.md", ROUTINE)
    bank.write("docs/b.md", ROUTINE)
    tree = DocsTree.of(load_config(bank.root / "mkdocs.yml"))
    (bank.root / "docs" / "a.md").unlink()
    os.mkfifo(bank.root / "docs" / "a.md")  # opened without blocking: no writer needed
    bank.write("docs/b.md", ROUTINE * 20)
    messages = []
    for src in ("a.md", "b.md"):
        with pytest.raises(Refused) as refused:
            tree.read(src)
        messages.append(refused.value.diagnostic.message)
    assert messages == [
        "a named pipe (FIFO), not a regular file: it is not read",
        "the page is 1.7 kB, larger than max_page_size (1 kB): it is not read or published",
    ]


def test_a_folder_swapped_for_a_link_after_the_walk_is_not_followed(
    make_bank: MakeBank, tmp_path: Path
) -> None:
    bank = make_bank({"rutiner/a.md": ROUTINE, "mallar/b.md": ROUTINE})
    tree = DocsTree.of(load_config(bank.root / "mkdocs.yml"))
    outside = _elsewhere(tmp_path)
    (outside / "a.md").write_text(ROUTINE.replace("Text.", "Hemligt."), encoding="utf-8")
    folder = bank.root / "docs" / "rutiner"
    (folder / "a.md").unlink()
    folder.rmdir()
    folder.symlink_to(outside)
    contents, unreadable = tree.read_pages()
    assert (list(contents), unreadable, tree.files) == (["mallar/b.md"], {}, ["mallar/b.md"])
    assert [(d.path, d.message) for d in tree.refused] == [
        (
            "docs/rutiner/a.md",
            f"symbolic link to '{outside}/a.md', outside the docs folder: "
            "it is not read or published",
        )
    ]


def test_pages_read_together_are_read_whole_and_grown_ones_refused(bank: BankDir) -> None:
    settings = (bank.root / "mkdocs.yml").read_text()
    bank.write("mkdocs.yml", settings.replace("owners:", "max_page_size: 1 kB\n      owners:"))
    bank.write("docs/a.md", ROUTINE)
    bank.write("docs/rutiner/b.md", ROUTINE)
    tree = DocsTree.of(load_config(bank.root / "mkdocs.yml"))
    bank.write("docs/rutiner/b.md", ROUTINE * 20)
    contents, unreadable = tree.read_pages()
    assert (contents, unreadable) == ({"a.md": ROUTINE.encode()}, {})
    assert [d.message for d in tree.refused] == [
        "the page is 1.7 kB, larger than max_page_size (1 kB): it is not read or published"
    ]
