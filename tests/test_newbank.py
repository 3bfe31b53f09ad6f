"""`kb init` in an empty folder: a complete new bank that checks clean and
builds, written without overwriting anything."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from kb_tools.config import load_config
from kb_tools.diagnostics import CODES
from kb_tools.init import Settings, parse_owner, starter_files
from kb_tools.init.starter import _yaml_scalar
from kb_tools.site.mkdocs.build import build_site
from kb_tools.version import tool_version

from .conftest import TODAY, BankDir

ROOT = Path(__file__).resolve().parents[1]
PACKAGE_FILES = ROOT / "kb_tools" / "init" / "files"
REDAKTIONEN = "Redaktionen <redaktionen@kommun.example.se>"
STODBOENDE = "Enhetschef stödboende <stodboende@kommun.example.se>"
BANK_FILES = [
    ".github/workflows/kb-publish.yml",
    ".github/workflows/kb-pull-request.yml",
    ".github/workflows/kb-weekly.yml",
    ".gitignore",
    ".pre-commit-config.yaml",
    "README.md",
    "ci-templates/kb-release.sh",
    "docs/index.md",
    "docs/mallar/index.md",
    "docs/ordlista.md",
    "docs/overenskommelser/index.md",
    "docs/redaktorer/andra-i-kunskapsbanken.md",
    "docs/rutiner/index.md",
    "docs/samverkansparter/index.md",
    "mkdocs.yml",
    "requirements.txt",
]


def _files(folder: Path) -> list[str]:
    return sorted(
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and ".git" not in p.relative_to(folder).parts[:1]
    )


def test_init_makes_a_complete_bank_that_checks_clean_and_builds(tmp_path: Path) -> None:
    runner = BankDir(tmp_path)
    result = runner.kb(
        "init", "min-bank", "--owner", REDAKTIONEN, "--owner", STODBOENDE, "--no-git"
    )
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.output == (
        "Created the bank 'Min bank' in min-bank/: 16 files.\n"
        "\n"
        "Next:\n"
        "  cd min-bank\n"
        '  kb new routine "Vår första rutin"\n'
        "  kb serve\n"
    )
    folder = tmp_path / "min-bank"
    assert _files(folder) == BANK_FILES
    config = load_config(folder / "mkdocs.yml")
    assert config.site_name == "Min bank"
    assert config.language == "sv"
    assert {k: (o.name, o.email) for k, o in config.kb.owners.items()} == {
        "redaktionen": ("Redaktionen", "redaktionen@kommun.example.se"),
        "enhetschef-stodboende": ("Enhetschef stödboende", "stodboende@kommun.example.se"),
    }
    requirement = (folder / "requirements.txt").read_text().splitlines()[-1]
    assert requirement == f"kb-tools=={tool_version()}"
    assert (folder / ".gitignore").read_text().splitlines()[1:4] == [
        "/site/",
        "/site-public/",
        ".kb-cache/",
    ]
    bank = BankDir(folder)
    # The section pages name an owner, so `kb new` needs no --owner.
    made = bank.kb("new", "routine", "Vår första rutin", "--today", TODAY)
    assert made.output.splitlines()[0] == "Created docs/rutiner/var-forsta-rutin.md"
    check = bank.kb("check")
    assert check.exit_code == 0, check.output
    assert check.output.endswith("0 errors, 1 warning in 1 file.\n")  # KB112 until written
    site = build_site(load_config(folder / "mkdocs.yml"), strict=True)
    assert (site / "redaktorer" / "andra-i-kunskapsbanken" / "index.html").is_file()
    assert (site / "assets" / "kb" / "kb.css").is_file()
    statement = (site / "tillganglighet" / "index.html").read_text()
    assert "mailto:redaktionen@kommun.example.se" in statement
    assert "Webbplatsens innehåll har ännu inte granskats för tillgänglighet." in statement
    assert '<a href="tillganglighet/">Tillgänglighetsredogörelse</a>' in (
        site / "index.html"
    ).read_text()


def test_init_in_the_current_folder(tmp_path: Path) -> None:
    bank = BankDir(tmp_path / "Kunskapsbank_Norrby")
    bank.root.mkdir()
    result = bank.kb("init", "--owner", REDAKTIONEN, "--ci", "gitlab", "--no-git")
    assert result.output == (
        "Created the bank 'Kunskapsbank Norrby' in the current folder: 13 files.\n"
        "\n"
        "Next:\n"
        '  kb new routine "Vår första rutin"\n'
        "  kb check\n"
        "  kb serve\n"
    )
    assert (bank.root / ".gitlab-ci.yml").read_bytes() == (
        ROOT / "ci-templates" / "gitlab-ci.yml"
    ).read_bytes()
    assert not (bank.root / ".github").exists()


def test_init_overwrites_nothing(tmp_path: Path) -> None:
    bank = BankDir(tmp_path)
    bank.write("nb/docs/index.md", "# Vår egen startsida\n")
    result = bank.kb("init", "nb", "--owner", REDAKTIONEN)
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: nb/docs/index.md already exists and kb init writes no file over another: "
        "move it aside, or start the bank in an empty folder (nothing was written)\n"
    )
    assert _files(tmp_path / "nb") == ["docs/index.md"]
    bank.write("nb/docs/ordlista.md", "# Ordlista\n")
    result = bank.kb("init", "nb", "--owner", REDAKTIONEN)
    assert result.stderr == (
        "Error: 2 files that kb init writes already exist and it writes no file over "
        "another: move them aside, or start the bank in an empty folder (nothing was written):\n"
        "  nb/docs/index.md\n"
        "  nb/docs/ordlista.md\n"
    )


def test_init_keeps_a_readme_and_completes_a_gitignore(tmp_path: Path) -> None:
    bank = BankDir(tmp_path / "norrby")
    bank.write("README.md", "# Vår bank\n")
    bank.write(".gitignore", "__pycache__/\n/site/\n")
    result = bank.kb("init", "--owner", REDAKTIONEN, "--ci", "none", "--no-git")
    assert result.output.splitlines()[:3] == [
        "Created the bank 'Norrby' in the current folder: 10 files.",
        "Kept README.md as it was.",
        "Added the lines kb needs to .gitignore.",
    ]
    assert (bank.root / "README.md").read_text() == "# Vår bank\n"
    assert (bank.root / ".gitignore").read_text() == (
        "__pycache__/\n/site/\n\n"
        "# Built sites and kb's cache: made from docs/, never committed.\n"
        "/site-public/\n.kb-cache/\n.venv/\n"
    )
    again = bank.kb("init", "--owner", REDAKTIONEN, "--ci", "none", "--no-git")
    assert again.exit_code == 2


def test_init_on_an_existing_mkdocs_site_adopts_it(tmp_path: Path) -> None:
    # A folder with a mkdocs.yml is an existing site: kb init adds the plugin
    # to it (tests/test_init.py) and writes none of a new bank's files.
    bank = BankDir(tmp_path)
    bank.write("mkdocs.yml", "site_name: Befintlig\n")
    bank.write("docs/index.md", "# Start\n")
    result = bank.kb("init", "--owner", REDAKTIONEN)
    assert result.exit_code == 0, result.stderr
    assert result.output.startswith("Added the kb plugin to mkdocs.yml (lines 2-6).\n")
    assert _files(tmp_path) == ["docs/index.md", "mkdocs.yml"]


@pytest.mark.parametrize(
    ("owners", "message"),
    [
        (
            ["redaktionen@kommun.example.se"],
            "--owner 'redaktionen@kommun.example.se': expected a role's name and its email "
            "address, as in 'Redaktionen <redaktionen@kommun.example.se>'",
        ),
        (
            ["<redaktionen@kommun.example.se>"],
            "--owner '<redaktionen@kommun.example.se>': the owner needs a name before the "
            "address, a role such as 'Redaktionen', as in "
            "'Redaktionen <redaktionen@kommun.example.se>'",
        ),
        (
            ["Redaktionen <redaktionen.kommun.example.se>"],
            "--owner 'Redaktionen <redaktionen.kommun.example.se>': "
            "'redaktionen.kommun.example.se' is not an email address (An email address "
            "must have an @-sign)",
        ),
        (
            [REDAKTIONEN, "REDAKTIONEN! <annan@kommun.example.se>"],
            "--owner 'REDAKTIONEN! <annan@kommun.example.se>': its id 'redaktionen' is already "
            "the id of 'Redaktionen'; give the two roles names that differ in more than case "
            "and punctuation",
        ),
        (
            [],
            "a new bank needs at least one owner, the role that answers for its pages: "
            "--owner 'Redaktionen <redaktionen@kommun.example.se>' (repeat it for more)",
        ),
    ],
)
def test_init_explains_a_bad_owner(tmp_path: Path, owners: list[str], message: str) -> None:
    bank = BankDir(tmp_path)
    result = bank.kb("init", "nb", *(a for o in owners for a in ("--owner", o)))
    assert (result.exit_code, result.stderr) == (2, f"Error: {message}\n")
    assert not (tmp_path / "nb").exists()


def test_an_owner_id_is_made_from_the_role() -> None:
    owner = parse_owner("  Enhetschef Båtsmansgården <Batsmansgarden@Kommun.Example.SE> ")
    assert (owner.id, owner.name, owner.email) == (
        "enhetschef-batsmansgarden",
        "Enhetschef Båtsmansgården",
        "Batsmansgarden@kommun.example.se",
    )


@pytest.mark.parametrize(
    "name", ["Ja", "no", "1862", "Kunskapsbanken: Norrby #1", '"Citat"', "Anna's bank", "  ~"]
)
def test_any_site_name_reads_back_as_written(name: str) -> None:
    assert yaml.safe_load(f"site_name: {_yaml_scalar(name.strip())}") == {"site_name": name.strip()}


def test_a_site_name_with_yaml_and_markdown_in_it(tmp_path: Path) -> None:
    bank = BankDir(tmp_path)
    name = "Norrby: <kunskap> & #stöd"
    result = bank.kb("init", "nb", "--site-name", name, "--owner", REDAKTIONEN, "--no-git")
    assert result.exit_code == 0
    assert load_config(tmp_path / "nb" / "mkdocs.yml").site_name == name
    home = (tmp_path / "nb" / "docs" / "index.md").read_text()
    assert 'title: "Norrby: <kunskap> & #stöd"' in home
    assert "# Norrby: &lt;kunskap&gt; &amp; #stöd" in home


def test_the_ci_templates_are_this_repositorys_own() -> None:
    pairs = {
        "ci/github/kb-pull-request.yml": ".github/workflows/kb-pull-request.yml",
        "ci/github/kb-weekly.yml": ".github/workflows/kb-weekly.yml",
        "ci/github/kb-publish.yml": ".github/workflows/kb-publish.yml",
        "ci/github/kb-release.sh": "ci-templates/kb-release.sh",
        "ci/gitlab/gitlab-ci.yml": "ci-templates/gitlab-ci.yml",
    }
    for packaged, own in pairs.items():
        assert (PACKAGE_FILES / packaged).read_bytes() == (ROOT / own).read_bytes(), own
        if own.endswith(".yml"):
            assert "pip install -r requirements.txt" in (ROOT / own).read_text()
    assert (ROOT / "requirements.txt").read_text().splitlines()[-1] == "-e ."


def test_the_pre_commit_configuration_runs_the_published_hook() -> None:
    (published,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    config = yaml.safe_load((PACKAGE_FILES / "bank" / "dot_pre-commit-config.yaml").read_text())
    (repo,) = config["repos"]
    (hook,) = repo["hooks"]
    assert repo["repo"] == "local"
    # The bank runs the kb that requirements.txt installed, the version CI runs.
    assert hook["language"] == "system"
    for key in ("id", "name", "description", "entry", "files", "pass_filenames"):
        assert hook[key] == published[key], key


@pytest.mark.parametrize(
    "guide",
    [
        PACKAGE_FILES / "bank" / "docs" / "redaktorer" / "andra-i-kunskapsbanken.md",
        ROOT / "docs" / "redaktorer" / "andra-i-kunskapsbanken.md",
    ],
    ids=["new bank", "sample bank"],
)
def test_the_editors_guide_explains_every_check_code(guide: Path) -> None:
    text = guide.read_text()
    assert [code for code in CODES if f"| {code} |" not in text] == []


def test_every_placeholder_is_filled() -> None:
    owners = (parse_owner(REDAKTIONEN),)
    for ci in ("github", "gitlab"):
        planned = starter_files(Settings("Norrby", owners, ci, "9.9.9"))
        assert [path for path, text in planned.items() if "{{ " in text and "${{" not in text] == []


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_init_makes_a_git_repository_unless_inside_one(tmp_path: Path) -> None:
    bank = BankDir(tmp_path)
    result = bank.kb("init", "nb", "--owner", REDAKTIONEN)
    assert result.output.splitlines()[1] == "Made a git repository (git init)."
    assert (tmp_path / "nb" / ".git").is_dir()
    inner = BankDir(tmp_path / "nb")
    result = inner.kb("init", "underbank", "--owner", REDAKTIONEN)
    assert result.output.splitlines()[1] == (
        "Left git alone: underbank/ is inside a git repository already."
    )
    assert not (tmp_path / "nb" / "underbank" / ".git").exists()
    status = subprocess.run(
        ["git", "status", "--porcelain"], cwd=tmp_path / "nb", capture_output=True, text=True
    )
    assert ".gitignore" in status.stdout


def test_init_needs_a_folder(tmp_path: Path) -> None:
    bank = BankDir(tmp_path)
    bank.write("nb", "en fil\n")
    result = bank.kb("init", "nb", "--owner", REDAKTIONEN)
    assert (result.exit_code, result.stderr) == (
        2,
        "Error: nb is a file; kb init makes a bank in a folder\n",
    )


def test_requirements_name_where_ci_can_install_kb_tools(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bank = BankDir(tmp_path)
    bank.kb("init", "a", "--owner", REDAKTIONEN, "--no-git")
    assert (tmp_path / "a" / "requirements.txt").read_text().splitlines()[-1] == (
        "kb-tools==" + tool_version()
    )
    spec = "kb-tools @ git+https://git.kommun.example.se/kb-tools.git@v0.1.0"
    bank.kb("init", "b", "--owner", REDAKTIONEN, "--no-git", "--requirement", spec)
    assert (tmp_path / "b" / "requirements.txt").read_text().splitlines()[-1] == spec
    refused = bank.kb("init", "c", "--owner", REDAKTIONEN, "--no-git", "--requirement", "mkdocs")
    assert (refused.exit_code, refused.stderr) == (2, (
        "Error: --requirement must name kb-tools, not 'mkdocs' (e.g. 'kb-tools==0.1.0' or "
        "'kb-tools @ git+https://git.kommun.example.se/kb-tools.git@v0.1.0')\n"
    ))
    git = {"url": "https://example.org/kb-tools.git",
           "vcs_info": {"vcs": "git", "commit_id": "1a2b3c"}}
    monkeypatch.setattr("kb_tools.init.requirement._direct_url", lambda: git)
    bank.kb("init", "d", "--owner", REDAKTIONEN, "--no-git")
    assert (tmp_path / "d" / "requirements.txt").read_text().splitlines()[-1] == (
        "kb-tools @ git+https://example.org/kb-tools.git@1a2b3c"
    )
    local = {"url": "file:///home/anna/kb-tools", "dir_info": {}}
    monkeypatch.setattr("kb_tools.init.requirement._direct_url", lambda: local)
    said = bank.kb("init", "e", "--owner", REDAKTIONEN, "--no-git").output
    assert (
        f"Note: requirements.txt asks for kb-tools=={tool_version()}, but this kb-tools was "
        "installed from a folder or file on this machine"
    ) in said
