"""The editing commands and the file system: atomic replacement, permission
bits, links and pipes, a killed run, a full disk, concurrent edits, and the
CLI end to end (exit codes, exact messages, no traceback)."""

from __future__ import annotations

import errno
import functools
import os
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from kb_tools.editing import edits as edit
from kb_tools.editing.edits import EditError, mark_reviewed, verify_contact
from kb_tools.front_matter import read
from kb_tools.storage import atomic_file

from .conftest import BankDir

DAY = date(2026, 11, 23)
ROOT = Path(__file__).resolve().parents[1]
PAGE = "---\ntitle: Ankomst\nowner: enhetschef-boende\nreviewed: 2025-06-30\n---\nText.\n"


def _page(tmp_path: Path, text: str = PAGE) -> Path:
    path = tmp_path / "sida.md"
    path.write_text(text, encoding="utf-8")
    return path


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".kb-edit.tmp"))


def test_the_permission_bits_and_owner_are_kept(tmp_path: Path) -> None:
    path = _page(tmp_path)
    path.chmod(0o640)
    if os.geteuid() == 0:  # only root may give the file to someone else
        os.chown(path, 1234, 5678)
    owner = (path.stat().st_uid, path.stat().st_gid)
    mark_reviewed(path, DAY)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert (path.stat().st_uid, path.stat().st_gid) == owner
    assert path.read_text() == PAGE.replace("2025-06-30", "2026-11-23")


def test_an_unchanged_date_is_not_written(tmp_path: Path) -> None:
    path = _page(tmp_path, PAGE.replace("2025-06-30", "2026-11-23"))
    before = path.stat()
    result = mark_reviewed(path, DAY)
    assert (result.changed, result.old, result.new) == (False, "2026-11-23", "2026-11-23")
    assert path.stat().st_ino == before.st_ino and path.stat().st_mtime_ns == before.st_mtime_ns


def test_a_symbolic_link_is_not_followed(tmp_path: Path) -> None:
    target = _page(tmp_path)
    link = tmp_path / "lank.md"
    link.symlink_to(target)
    with pytest.raises(EditError) as refusal:
        mark_reviewed(link, DAY)
    assert refusal.value.render("lank.md") == (
        "lank.md: the file is a symbolic link, and kb edits only regular files, so it did not "
        "change the link or what it points to.\n"
        "  hint: run the command on the file the link points to"
    )
    assert link.is_symlink() and target.read_text() == PAGE


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_a_pipe_or_folder_is_not_read(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "x.md"
    if kind == "fifo":
        os.mkfifo(path)  # reading it would wait for a writer for ever
    else:
        path.mkdir()
    with pytest.raises(EditError) as refusal:
        verify_contact(path, "Anna Berg", DAY)
    assert refusal.value.render("x.md") == (
        "x.md: this is not a regular file but a folder, pipe or device, so kb did not read "
        "or change it.\n  hint: name a Markdown file"
    )


def test_a_failed_write_leaves_the_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _page(tmp_path)

    def disk_full(source: str, target: Path) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(atomic_file.os, "replace", disk_full)
    with pytest.raises(EditError) as refusal:
        mark_reviewed(path, DAY)
    assert refusal.value.render("sida.md") == (
        "sida.md: kb cannot write the file (no space left on device), so it did not change it.\n"
        "  hint: check that the folder is writable and the disk is not full"
    )
    assert path.read_text() == PAGE
    assert _leftovers(tmp_path) == []


def test_a_killed_run_leaves_the_old_file_and_the_next_run_cleans_up(tmp_path: Path) -> None:
    path = _page(tmp_path)
    ready = tmp_path / "ready"
    # The child writes its temporary file, then is killed just before the rename.
    script = (
        "import sys, time\n"
        "from datetime import date\n"
        "from pathlib import Path\n"
        "from kb_tools.storage import atomic_file\n"
        "from kb_tools.editing.edits import mark_reviewed\n"
        "def stall(source, target):\n"
        "    Path(sys.argv[2]).write_text('ready')\n"
        "    time.sleep(60)\n"
        "atomic_file.os.replace = stall\n"
        "mark_reviewed(Path(sys.argv[1]), date(2026, 11, 23))\n"
    )
    child = subprocess.Popen([sys.executable, "-c", script, str(path), str(ready)], cwd=ROOT)
    try:
        deadline = time.monotonic() + 30
        while not ready.exists() and time.monotonic() < deadline and child.poll() is None:
            time.sleep(0.02)
        assert ready.exists(), "the child never reached the rename"
    finally:
        child.kill()
        child.wait()
    assert path.read_text() == PAGE
    assert len(_leftovers(tmp_path)) == 1
    assert mark_reviewed(path, DAY).changed
    assert path.read_text() == PAGE.replace("2025-06-30", "2026-11-23")
    assert _leftovers(tmp_path) == []


def test_a_file_saved_by_someone_else_meanwhile_is_not_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _page(tmp_path)
    saved = PAGE.replace("Text.", "Texten som redaktören just sparade.")
    real_prove = edit.prove

    def prove_while_an_editor_saves(*args: object) -> None:
        real_prove(*args)  # type: ignore[arg-type]
        path.write_text(saved, encoding="utf-8")

    monkeypatch.setattr(edit, "prove", prove_while_an_editor_saves)
    with pytest.raises(EditError) as refusal:
        mark_reviewed(path, DAY)
    assert refusal.value.render("sida.md") == (
        "sida.md: the file changed on disk while kb was editing it, so kb did not change it.\n"
        "  hint: run the command again"
    )
    assert path.read_text() == saved


def test_waiting_for_another_kb_ends_with_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fcntl = pytest.importorskip("fcntl")
    path = _page(tmp_path)
    monkeypatch.setattr(atomic_file, "LOCK_TIMEOUT", 0.2)
    with path.open("rb") as other:
        fcntl.flock(other, fcntl.LOCK_EX)
        with pytest.raises(EditError) as refusal:
            mark_reviewed(path, DAY)
    assert refusal.value.render("sida.md") == (
        "sida.md: another kb command has been editing the file for 0.2 seconds, "
        "so kb did not change it.\n"
        "  hint: run the command again when the other one has finished"
    )
    assert path.read_text() == PAGE


def test_concurrent_edits_of_one_file_all_land(tmp_path: Path) -> None:
    names = [f"Kontakt {n}" for n in range(8)]
    contacts = "".join(
        f"  - name: {name}\n    verified: 2025-01-0{i + 1}\n" for i, name in enumerate(names)
    )
    path = _page(tmp_path, PAGE.replace("---\nText.", f"contacts:\n{contacts}---\nText."))
    jobs: list[Callable[[], object]] = [
        *(functools.partial(verify_contact, path, name, DAY) for name in names),
        functools.partial(mark_reviewed, path, DAY),
    ]
    start = threading.Barrier(len(jobs))
    errors: list[BaseException] = []

    def run(job: Callable[[], object]) -> None:
        start.wait()
        try:
            job()
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    data = read(path.read_bytes()).front_matter.data
    assert data["reviewed"] == DAY
    assert [c["verified"] for c in data["contacts"]] == [DAY] * len(names)
    assert _leftovers(tmp_path) == []


# --- the CLI ------------------------------------------------------------------


def test_cli_refusal_exit_code_message_and_untouched_file(bank: BankDir) -> None:
    text = PAGE.replace("reviewed: 2025-06-30\n", "reviewed: &d 2025-06-30\nsenast: *d\n")
    path = bank.write("docs/rutiner/ankomst.md", text.encode())
    result = bank.kb(
        "review", "--mark-reviewed", "docs/rutiner/ankomst.md", "--today", "2026-11-23"
    )
    assert result.exit_code == 2
    assert result.output == ""
    assert result.stderr == (
        "Error: docs/rutiner/ankomst.md:4: 'reviewed' carries the YAML anchor '&d', and line 5 "
        "repeats it as '*d'; changing one would change both, so kb did not change the file.\n"
        "  hint: write the date out where '*d' stands, then run this again\n"
    )
    assert path.read_bytes() == text.encode()


def test_cli_marks_what_it_can_and_names_what_it_cannot(bank: BankDir) -> None:
    bank.write("docs/rutiner/a.md", PAGE.encode())
    broken = bank.write("docs/rutiner/b.md", PAGE.replace("owner:", "owner: [").encode())
    bank.write("docs/rutiner/c.md", PAGE.replace("\n", "\r\n").encode())
    result = bank.kb(
        "review",
        "--mark-reviewed",
        "docs/rutiner/a.md",
        "docs/rutiner/b.md",
        "docs/rutiner/c.md",
        "--today",
        "2026-11-23",
    )
    assert result.exit_code == 2
    assert result.output == (
        "docs/rutiner/a.md: reviewed 2025-06-30 -> 2026-11-23\n"
        "docs/rutiner/c.md: reviewed 2025-06-30 -> 2026-11-23\n"
    )
    assert result.stderr == (
        "Error: docs/rutiner/b.md:4: kb cannot read the front matter, so it did not change the "
        "file: YAML syntax error: did not find expected ',' or ']' (while parsing a flow "
        "sequence).\n"
        "  hint: fix the front matter (kb check shows the problem), then run this again\n"
    )
    assert broken.read_bytes() == PAGE.replace("owner:", "owner: [").encode()
    assert (bank.root / "docs/rutiner/c.md").read_bytes() == (
        PAGE.replace("2025-06-30", "2026-11-23").replace("\n", "\r\n").encode()
    )


def test_cli_verify_contact_with_a_block_scalar_name(bank: BankDir) -> None:
    text = (
        "---\ntitle: Lernia\norg_type: company\nowner: samordnare\nreviewed: 2026-10-01\n"
        "contacts:\n  - name: >-\n      Anna Berg\n"
        "    role: Handledare\n    email: anna.berg@lernia.example.org\n---\nText.\n"
    )
    path = bank.write("docs/samverkansparter/lernia.md", text.encode())
    result = bank.kb(
        "verify-contact",
        "docs/samverkansparter/lernia.md",
        "--name",
        "anna berg",
        "--today",
        "2026-11-23",
    )
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.output == (
        "docs/samverkansparter/lernia.md: verified of anna berg: (none) -> 2026-11-23\n"
    )
    assert path.read_text() == text.replace(
        "example.org\n", "example.org\n    verified: 2026-11-23\n"
    )
    check = bank.kb("check", "docs/samverkansparter/lernia.md")
    assert check.output == "No problems found.\n"


def test_cli_escapes_control_characters_in_messages(bank: BankDir) -> None:
    bank.write(
        "docs/samverkansparter/lernia.md",
        '---\ntitle: Lernia\ncontacts:\n  - name: "Anna\\rKB100 error: falsk"\n---\n',
    )
    result = bank.kb("verify-contact", "docs/samverkansparter/lernia.md", "--name", "Omar\nX")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: docs/samverkansparter/lernia.md: no contact is named 'Omar\\nX', "
        "so kb did not change the file.\n"
        "  hint: the contacts are 'Anna\\rKB100 error: falsk'\n"
    )


def test_cli_names_every_file_it_could_not_mark(bank: BankDir) -> None:
    bank.write("docs/rutiner/a.md", PAGE.replace("reviewed:", "reviewed: [").encode())
    bank.write("docs/rutiner/c.md", PAGE.replace("2025-06-30", "2026-11-23").encode())
    bank.write("docs/rutiner/d.md", PAGE.replace("---\nText", "reviewed: 2024-01-01\n---\nText"))
    result = bank.kb(
        "review",
        "--mark-reviewed",
        "docs/rutiner/a.md",
        "docs/rutiner/c.md",
        "docs/rutiner/d.md",
        "--today",
        "2026-11-23",
    )
    assert result.exit_code == 2
    assert result.output == "docs/rutiner/c.md: already reviewed 2026-11-23\n"
    assert result.stderr == (
        "Error: docs/rutiner/a.md:5: kb cannot read the front matter, so it did not change the "
        "file: YAML syntax error: did not find expected ',' or ']' (while parsing a flow "
        "sequence).\n"
        "  hint: fix the front matter (kb check shows the problem), then run this again\n"
        "Error: docs/rutiner/d.md:5: 'reviewed' is written 2 times (lines 4, 5); kb cannot tell "
        "which one counts, so kb did not change the file.\n"
        "  hint: delete all but one of them, then run this again\n"
        "Error: 2 of 3 files were left unchanged (see above).\n"
    )


def test_cli_verify_contact_already_today(bank: BankDir) -> None:
    text = "---\ntitle: Lernia\ncontacts:\n  - {name: Anna Berg, verified: 2026-11-23}\n---\n"
    path = bank.write("docs/samverkansparter/lernia.md", text.encode())
    result = bank.kb(
        "verify-contact",
        "docs/samverkansparter/lernia.md",
        "--name",
        "Anna Berg",
        "--today",
        "2026-11-23",
    )
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.output == (
        "docs/samverkansparter/lernia.md: verified of Anna Berg: already 2026-11-23\n"
    )
    assert path.read_bytes() == text.encode()


def test_cli_escapes_a_file_name_that_would_forge_a_line(bank: BankDir) -> None:
    name = "docs/rutiner/a\nKB100 error: falsk.md"
    bank.write(name, PAGE.encode())
    result = bank.kb("review", "--mark-reviewed", name, "--today", "2026-11-23")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.output == (
        "docs/rutiner/a\\nKB100 error: falsk.md: reviewed 2025-06-30 -> 2026-11-23\n"
    )


def test_cli_edits_only_the_bank_s_pages(bank: BankDir) -> None:
    """`kb review --mark-reviewed mkdocs.yml .github/workflows/ci.yml` once
    wrote a front matter into both; nothing outside the pages is touched."""
    bank.write("docs/rutiner/a.md", PAGE.encode())
    workflow = bank.write(".github/workflows/ci.yml", "on: push\njobs: {}\n")
    notes = bank.write("docs/bilagor/anteckning.txt", "reviewed: 2020-01-01\n")
    config = (bank.root / "mkdocs.yml").read_bytes()
    result = bank.kb(
        "review", "--mark-reviewed", "docs/rutiner/a.md", "mkdocs.yml",
        ".github/workflows/ci.yml", "docs/bilagor/anteckning.txt", "--today", "2026-11-23",
    )
    assert (result.exit_code, result.output) == (2, "")
    assert result.stderr == (
        "Error: not a page of the bank: mkdocs.yml, .github/workflows/ci.yml, "
        "docs/bilagor/anteckning.txt; kb changed nothing.\n"
        "  hint: kb changes only the Markdown pages under docs/\n"
    )
    assert (bank.root / "mkdocs.yml").read_bytes() == config
    assert workflow.read_text() == "on: push\njobs: {}\n"
    assert notes.read_text() == "reviewed: 2020-01-01\n"
    assert (bank.root / "docs/rutiner/a.md").read_bytes() == PAGE.encode()
    contact = bank.kb("verify-contact", "mkdocs.yml", "--name", "Anna Berg")
    assert (contact.exit_code, contact.stderr) == (
        2,
        "Error: not a page of the bank: mkdocs.yml; kb changed nothing.\n"
        "  hint: kb changes only the Markdown pages under docs/\n",
    )
