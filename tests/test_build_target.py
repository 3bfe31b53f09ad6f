"""`kb build` never deletes a folder it did not build as a site.

A build swaps the new site in for its target folder and deletes the old one:
given the bank's parent, the bank itself, its docs folder, a home folder or
a folder of other files, it once deleted them (the bank's .git included).
Every such target is refused with exit code 2 before anything is written;
an empty folder, a missing one and an earlier build are replaced.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from kb_tools.config import load_config
from kb_tools.site.manifest import read_manifest
from kb_tools.site.mkdocs.build import BuildFailed, build_site

from .conftest import MKDOCS_YML, ROUTINE, BankDir

HINT = (
    "  hint: choose a new or empty folder, or one that an earlier kb build wrote (such as "
    "site/), with -d or 'site_dir' in mkdocs.yml\n"
)


@pytest.fixture
def nested(tmp_path: Path) -> BankDir:
    """A bank in outer/bank, a git repository, beside a file of its owner's."""
    root = tmp_path / "outer" / "bank"
    bank = BankDir(root)
    bank.write("mkdocs.yml", MKDOCS_YML)
    bank.write("docs/rutiner/ankomst.md", ROUTINE)
    (tmp_path / "outer" / "IMPORTANT.txt").write_text("keep\n")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    return bank


def _everything(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")}


@pytest.mark.parametrize(
    ("site_dir", "why"),
    [
        ("..", "it holds the docs folder {docs}, which the build would delete"),
        (".", "it holds the docs folder {docs}, which the build would delete"),
        ("docs", "it holds the docs folder {docs}, which the build would delete"),
        (
            "docs/site",
            "it lies inside the docs folder {docs}, so the site would be built into the pages "
            "it is built from",
        ),
        (".git", "it lies inside the .git folder of a git repository"),
    ],
)
def test_a_folder_that_holds_the_bank_is_refused(nested: BankDir, site_dir: str, why: str) -> None:
    outer = nested.root.parent
    before = _everything(outer)
    result = nested.kb("build", "-d", site_dir, "--today", "2026-11-23")
    target = (nested.root / site_dir).resolve()
    docs = nested.root / "docs"
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: cannot build the site into {target}: {why.format(docs=docs)}\n{HINT}"
    )
    assert _everything(outer) == before


def test_site_dir_in_mkdocs_yml_is_held_to_the_same_rule(nested: BankDir) -> None:
    config = nested.root / "mkdocs.yml"
    config.write_text(config.read_text() + "site_dir: ..\n")
    result = nested.kb("build")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"Error: cannot build the site into {nested.root.parent}: it holds the docs folder "
    )
    assert (nested.root.parent / "IMPORTANT.txt").read_text() == "keep\n"
    assert (nested.root / ".git").is_dir()


def test_the_configuration_outside_docs_is_protected_too(tmp_path: Path) -> None:
    shared = tmp_path / "shared-docs"
    shared.mkdir()
    bank = BankDir(tmp_path / "bank")
    config_file = bank.write("mkdocs.yml", MKDOCS_YML + f"docs_dir: {shared}\n")
    result = bank.kb("build", "-d", ".")
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: cannot build the site into {bank.root}: it holds the bank's configuration "
        f"{config_file}, which the build would delete\n{HINT}"
    )


def test_the_home_folder_is_refused(
    bank: BankDir, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path.parent / f"{tmp_path.name}-home"
    home.mkdir()
    (home / ".bashrc").write_text("# mine\n")
    monkeypatch.setenv("HOME", str(home))
    result = bank.kb("build", "-d", str(home))
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: cannot build the site into {home}: it is the home folder\n{HINT}"
    )
    assert (home / ".bashrc").read_text() == "# mine\n"


def test_the_root_of_the_file_system_is_refused(bank: BankDir) -> None:
    result = bank.kb("build", "-d", "/")
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: cannot build the site into /: it is the root of a file system\n{HINT}"
    )


def test_another_repository_is_refused(bank: BankDir, tmp_path: Path) -> None:
    other = tmp_path.parent / f"{tmp_path.name}-other"
    subprocess.run(["git", "init", "-q", str(other)], check=True)
    result = bank.kb("build", "-d", str(other))
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: cannot build the site into {other}: it holds a git repository "
        f"({other / '.git'}), which the build would delete\n{HINT}"
    )


def test_a_folder_of_other_files_is_refused_with_an_escaped_name(bank: BankDir) -> None:
    folder = bank.root / "utdata"
    folder.mkdir()
    (folder / "rapport\n2026.txt").write_text("viktig\n")
    result = bank.kb("build", "-d", "utdata")
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: cannot build the site into {folder}: it holds files that are not a site kb "
        f"built (such as 'rapport\\n2026.txt'), which the build would delete\n{HINT}"
    )
    assert (folder / "rapport\n2026.txt").read_text() == "viktig\n"


def test_a_file_is_refused(bank: BankDir) -> None:
    config = bank.root / "mkdocs.yml"
    config.write_text(config.read_text() + "site_dir: notes.txt\n")
    (bank.root / "notes.txt").write_text("mine\n")
    result = bank.kb("build")
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: cannot build the site into {bank.root / 'notes.txt'}: it is a file, not a "
        f"folder\n{HINT}"
    )


def test_a_site_kb_built_is_replaced_and_says_who_it_is_for(bank: BankDir) -> None:
    bank.write("docs/rutiner/ankomst.md", ROUTINE)
    config = load_config(bank.root / "mkdocs.yml")
    empty = bank.root / "ut"
    empty.mkdir()
    site = build_site(config, empty, today=None)
    manifest = json.loads((site / ".kb-site.json").read_text())
    assert manifest["generator"] == "kb-tools"
    assert manifest["audience"] == "internal"
    (site / "left-over.txt").write_text("from the previous build\n")
    build_site(config, site, public=True)
    assert not (site / "left-over.txt").exists()
    found = read_manifest(site)
    assert found is not None and found.public


def test_a_site_mkdocs_built_before_manifests_is_replaced(bank: BankDir) -> None:
    bank.write("docs/rutiner/ankomst.md", ROUTINE)
    old = bank.root / "site"
    old.mkdir()
    (old / "index.html").write_text(
        '<html><head><meta name="generator" content="mkdocs-1.6.1, mkdocs-material-9.6.1">'
        "</head></html>"
    )
    build_site(load_config(bank.root / "mkdocs.yml"))
    assert read_manifest(old) is not None


def test_a_refused_build_raises_before_writing(bank: BankDir) -> None:
    with pytest.raises(BuildFailed) as refused:
        build_site(load_config(bank.root / "mkdocs.yml"), bank.root / "docs")
    assert refused.value.hint is not None
    assert sorted(p.name for p in bank.root.iterdir()) == ["docs", "mkdocs.yml"]
