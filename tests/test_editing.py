"""Editors' workflow, driven in a real git repository in tmp_path."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import jsonschema
import pytest

from kb_tools import load_bank
from kb_tools.authoring.schema import schema_for

from .conftest import MKDOCS_YML, ROUTINE, BankDir

ROOT = Path(__file__).resolve().parents[1]

PARTNER = """\
---
# Lernia: utbildningsföretag
title: Lernia
org_type: company
owner: samordnare
reviewed: 2025-06-30   # förra granskningen
contacts:
  - name: Anna Berg
    role: Handledare
    email: anna.berg@lernia.example.org
    verified: '2026-05-01'
  - {name: Omar Ali, role: Praktiksamordnare, phone: "070-174 06 07", verified: 2026-01-02}
---
Text.
"""


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(root), *args], capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture
def repo(tmp_path: Path) -> BankDir:
    bank = BankDir(tmp_path)
    bank.write("mkdocs.yml", MKDOCS_YML)
    bank.write("docs/rutiner/ankomst.md", ROUTINE)
    bank.write(
        "docs/rutiner/gammal.md",
        ROUTINE.replace("2026-09-01", "2024-01-01").replace("Ankomst", "Gammal"),
    )
    bank.write("docs/rutiner/trasig.md", ROUTINE.replace("enhetschef-boende", "okand"))
    bank.write("docs/samverkansparter/lernia.md", PARTNER)
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "-c", "user.name=Test", "-c", "user.email=test@example.se", "add", ".")
    git(
        tmp_path,
        "-c",
        "user.name=Test",
        "-c",
        "user.email=test@example.se",
        "commit",
        "-qm",
        "start",
    )
    return bank


@pytest.mark.parametrize(
    ("doc_type", "title", "extra", "expected"),
    [
        ("routine", "Rutin för tolkbokning", [], "docs/rutiner/rutin-for-tolkbokning.md"),
        (
            "template",
            "Samtal: första veckan",
            ["--owner", "samordnare"],
            "docs/mallar/samtal-forsta-veckan.md",
        ),
        (
            "partner",
            "Idrottsföreningen Strandvik",
            ["--owner", "samordnare"],
            "docs/samverkansparter/idrottsforeningen-strandvik.md",
        ),
        (
            "agreement",
            "Överenskommelse om läxhjälp",
            ["--partner", "lernia", "--owner", "samordnare"],
            "docs/overenskommelser/overenskommelse-om-laxhjalp.md",
        ),
        ("page", "Om Strandvik", [], "docs/om-strandvik.md"),
    ],
)
def test_new_page_is_valid_and_asks_for_its_own_text(
    repo: BankDir, doc_type: str, title: str, extra: list[str], expected: str
) -> None:
    result = repo.kb("new", doc_type, title, "--today", "2026-11-23", *extra)
    assert result.exit_code == 0, result.stderr
    assert result.output.splitlines()[0] == f"Created {expected}"
    text = (repo.root / expected).read_text(encoding="utf-8")
    assert "reviewed: 2026-11-23" in text or doc_type == "page"
    check = repo.kb("check", expected)
    # Valid as it is; only the template's example text waits to be replaced.
    assert check.exit_code == 0, check.output
    assert check.output.endswith("0 errors, 1 warning in 1 file.\n"), check.output
    assert check.output.startswith(f"{expected}:") and " KB112 warning: " in check.output


def test_new_page_slug_owner_and_no_overwrite(repo: BankDir) -> None:
    first = repo.kb("new", "routine", "Ankomst", "--today", "2026-11-23")
    assert first.output.splitlines() == [
        "Created docs/rutiner/ankomst-2.md",
        "Fill in the steps, who is responsible and what is documented, then run: "
        "kb check docs/rutiner/ankomst-2.md",
    ]
    assert "owner: enhetschef-boende" in (repo.root / "docs/rutiner/ankomst-2.md").read_text()
    agreement = repo.kb("new", "agreement", "Avtal", "--owner", "samordnare")
    assert (agreement.exit_code, agreement.stderr) == (
        2,
        "Error: an agreement needs its parties: --partner ID (one or more)\n",
    )


def test_mark_reviewed_changes_only_the_date(repo: BankDir) -> None:
    path = repo.root / "docs/samverkansparter/lernia.md"
    before = path.read_bytes()
    result = repo.kb("review", "--mark-reviewed", str(path), "--today", "2026-11-23")
    assert result.output == "docs/samverkansparter/lernia.md: reviewed 2025-06-30 -> 2026-11-23\n"
    after = path.read_bytes()
    assert after == before.replace(b"reviewed: 2025-06-30   #", b"reviewed: 2026-11-23   #")


def test_mark_reviewed_keeps_crlf_and_bom(repo: BankDir) -> None:
    path = repo.write(
        "docs/rutiner/crlf.md", b"\xef\xbb\xbf" + ROUTINE.replace("\n", "\r\n").encode()
    )
    repo.kb("review", "--mark-reviewed", str(path), "--today", "2026-11-23")
    assert (
        path.read_bytes()
        == b"\xef\xbb\xbf"
        + ROUTINE.replace("\n", "\r\n").replace("2026-09-01", "2026-11-23").encode()
    )


def test_mark_reviewed_for_an_owner_s_overdue_pages(repo: BankDir) -> None:
    result = repo.kb(
        "review",
        "--mark-reviewed",
        "--owner",
        "enhetschef-boende",
        "--overdue",
        "--today",
        "2026-11-23",
    )
    assert result.output == "docs/rutiner/gammal.md: reviewed 2024-01-01 -> 2026-11-23\n"


def test_verify_contact(repo: BankDir) -> None:
    path = repo.root / "docs/samverkansparter/lernia.md"
    before = path.read_text()
    result = repo.kb("verify-contact", str(path), "--name", "anna berg", "--today", "2026-11-23")
    assert result.output.endswith("verified of anna berg: 2026-05-01 -> 2026-11-23\n")
    # The quoting of the old value is kept.
    assert path.read_text() == before.replace("verified: '2026-05-01'", "verified: '2026-11-23'")
    flow = repo.kb("verify-contact", str(path), "--name", "Omar Ali", "--today", "2026-11-23")
    assert flow.exit_code == 0
    assert 'phone: "070-174 06 07", verified: 2026-11-23}' in path.read_text()
    missing = repo.kb("verify-contact", str(path), "--name", "Ana Berg")
    assert missing.stderr == (
        f"Error: {path}: no contact is named 'Ana Berg', so kb did not change the file.\n"
        "  hint: did you mean 'Anna Berg'?\n"
    )
    check = repo.kb("check", "docs/samverkansparter", "--select", "KB1,KB3")
    assert "KB302" not in check.output and "KB1" not in check.output


def test_changed_checks_only_what_the_branch_changed(repo: BankDir) -> None:
    full = repo.kb("check")
    assert "trasig.md" in full.output
    git(repo.root, "checkout", "-qb", "andring")
    repo.write("docs/rutiner/ankomst.md", ROUTINE + "\nSe [ny rutin](ny-rutin.md).\n")
    git(repo.root, "-c", "user.name=T", "-c", "user.email=t@example.se", "commit", "-qam", "x")
    changed = repo.kb("check", "--changed", "--base", "main")
    assert changed.output == (
        "docs/rutiner/ankomst.md:10:15: KB202 error: link to 'ny-rutin.md': no page "
        "docs/rutiner/ny-rutin.md\n"
        "1 error, 0 warnings in 1 file.\n"
    )
    assert changed.exit_code == 1


def test_changed_includes_pages_pointing_at_a_removed_page(repo: BankDir) -> None:
    repo.write("docs/rutiner/ankomst.md", ROUTINE + "\n[Gammal](gammal.md)\n")
    git(repo.root, "-c", "user.name=T", "-c", "user.email=t@example.se", "commit", "-qam", "y")
    git(repo.root, "checkout", "-qb", "bort")
    (repo.root / "docs/rutiner/gammal.md").unlink()
    result = repo.kb("check", "--changed", "--base", "main")
    assert result.output.startswith(
        "docs/rutiner/ankomst.md:10:10: KB202 error: link to 'gammal.md'"
    )


def test_changed_includes_references_a_new_page_makes_ambiguous(repo: BankDir) -> None:
    repo.write("docs/rutiner/ankomst.md", ROUTINE.replace("---\n#", "related: [gammal]\n---\n#"))
    git(repo.root, "-c", "user.name=T", "-c", "user.email=t@example.se", "commit", "-qam", "z")
    git(repo.root, "checkout", "-qb", "kopia")
    repo.write("docs/arkiv/gammal.md", "# Gammal, arkiverad\n")
    result = repo.kb("check", "--changed", "--base", "main")
    assert result.output == (
        "docs/rutiner/ankomst.md:5:11: KB201 error: 'related' refers to 'gammal', which is the "
        "id of 2 pages: docs/arkiv/gammal.md, docs/rutiner/gammal.md\n"
        "  hint: give the page you mean a unique 'id:' and refer to that\n"
        "1 error, 0 warnings in 1 file.\n"
    )


def test_changed_outside_git(tmp_path: Path) -> None:
    bank = BankDir(tmp_path)
    bank.write("mkdocs.yml", MKDOCS_YML)
    bank.write("docs/index.md", "# Start\n")
    result = bank.kb("check", "--changed")
    assert result.exit_code == 2
    assert (
        result.stderr == f"Error: {tmp_path.resolve()} is not in a git repository; "
        "--changed needs git\n"
    )


def test_schema_matches_the_checker() -> None:
    bank = load_bank(ROOT / "mkdocs.yml")
    for doc in bank.documents:
        if doc.readable and doc.front_matter.data:
            data = json.loads(json.dumps(doc.front_matter.data, default=str))
            jsonschema.validate(data, schema_for(doc.type), cls=jsonschema.Draft7Validator)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(
            {"title": "x", "status": "aktiv"}, schema_for("routine"), cls=jsonschema.Draft7Validator
        )


def test_schema_command_writes_files(tmp_path: Path) -> None:
    result = BankDir(tmp_path).kb("schema", "-o", str(tmp_path / "s"))
    assert result.exit_code == 0
    written = sorted(p.name for p in (tmp_path / "s").iterdir())
    assert written == [
        "agreement.schema.json",
        "glossary.schema.json",
        "page.schema.json",
        "partner.schema.json",
        "routine.schema.json",
        "template.schema.json",
    ]
    schema = json.loads((tmp_path / "s" / "routine.schema.json").read_text())
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert schema["required"] == ["title", "owner", "reviewed"]
