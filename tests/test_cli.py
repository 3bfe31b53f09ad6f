"""`kb check` as a command: exit codes, options, configuration errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import MKDOCS_YML, ROUTINE, BankDir, MakeBank


def test_clean_bank_exits_0(make_bank: MakeBank) -> None:
    result = make_bank({"rutiner/a.md": ROUTINE}).kb("check")
    assert (result.exit_code, result.output) == (0, "No problems found.\n")


def test_errors_exit_1_warnings_only_with_strict(make_bank: MakeBank) -> None:
    bank = make_bank({"rutiner/a.md": ROUTINE.replace("2026-09-01", "2025-01-01")})
    assert bank.kb("check").exit_code == 0
    assert bank.kb("check", "--strict").exit_code == 1
    bank.write("docs/rutiner/b.md", ROUTINE.replace("enhetschef-boende", "okand"))
    assert bank.kb("check").exit_code == 1


def test_today_decides_what_is_overdue(make_bank: MakeBank) -> None:
    bank = make_bank({"rutiner/a.md": ROUTINE})
    assert bank.kb("check", "--strict", today="2027-09-01").exit_code == 0
    assert bank.kb("check", "--strict", today="2027-09-02").exit_code == 1


def test_select_and_ignore(make_bank: MakeBank) -> None:
    bank = make_bank(
        {
            "rutiner/a.md": ROUTINE.replace("2026-09-01", "2025-01-01").replace(
                "enhetschef-boende", "okand"
            )
        }
    )

    def codes(*args):
        return [
            f["code"]
            for f in json.loads(bank.kb("check", "--format", "json", *args).output)["findings"]
        ]

    assert codes() == ["KB105", "KB301"]
    assert codes("--select", "KB3") == ["KB301"]
    assert codes("--ignore", "KB301,KB105") == []
    assert codes("--select", "KB1", "--select", "KB3") == ["KB105", "KB301"]


def test_unknown_code_is_a_usage_error(bank: BankDir) -> None:
    result = bank.kb("check", "--select", "KB999")
    assert result.exit_code == 2
    assert "Invalid value for '--select': unknown check code 'KB999'" in result.stderr


def test_paths_limit_the_report(make_bank: MakeBank) -> None:
    bank = make_bank(
        {
            "rutiner/a.md": ROUTINE.replace("enhetschef-boende", "x"),
            "mallar/b.md": ROUTINE.replace("enhetschef-boende", "y"),
        }
    )
    report = bank.check("docs/mallar")
    assert report.startswith("docs/mallar/b.md:3:8: KB105")
    assert "rutiner" not in report
    missing = bank.kb("check", "docs/saknas")
    assert (missing.exit_code, missing.stderr) == (
        2,
        "Error: no such file or folder: docs/saknas\n",
    )


def test_severity_override_from_config(make_bank: MakeBank) -> None:
    bank = make_bank({"rutiner/a.md": ROUTINE.replace("2026-09-01", "2025-01-01")})
    yml = MKDOCS_YML.replace("markdown_extensions:", "markdown_extensions:", 1)
    yml = yml.replace(
        "        samordnare: {name: Samordnare etablering, email: samordnare@example.se}\n",
        "        samordnare: {name: Samordnare etablering, email: samordnare@example.se}\n"
        "      severity: {KB301: error}\n",
    )
    bank.write("mkdocs.yml", yml)
    result = bank.kb("check")
    assert result.exit_code == 1
    assert "KB301 error: review overdue" in result.output
    bank.write("mkdocs.yml", yml.replace("KB301: error", "KB301: ignore"))
    assert bank.kb("check").output == "No problems found.\n"


def test_config_file_option_from_elsewhere(make_bank: MakeBank, tmp_path: Path) -> None:
    bank = make_bank({"rutiner/a.md": ROUTINE.replace("enhetschef-boende", "x")})
    result = BankDir(tmp_path / "docs").kb("check", "-f", str(bank.root / "mkdocs.yml"))
    assert result.exit_code == 1
    assert result.output.startswith("docs/rutiner/a.md:3:8: KB105")


@pytest.mark.parametrize(
    ("yml", "expected"),
    [
        (
            None,
            "Error: no mkdocs.yml in {root}\n"
            "  hint: run kb in the bank's root folder, or point to the file with -f "
            "PATH/mkdocs.yml\n",
        ),
        (
            "site_name: [oops\n",
            "Error: mkdocs.yml:2:1: YAML syntax error: expected ',' or ']', "
            "but got '<stream end>'\n",
        ),
        ("- a\n- b\n", "Error: mkdocs.yml: expected a mapping of settings, found a list\n"),
        (
            "site_name: X\nplugins: [search]\n",
            "Error: mkdocs.yml does not enable the 'kb' plugin\n"
            "  hint: add it under 'plugins:', e.g.\n  plugins:\n    - search\n    - kb:\n"
            "        owners: {...}\n",
        ),
        (
            "plugins:\n  - kb:\n      owner: {a: {name: A}}\n",
            "Error: invalid kb configuration in mkdocs.yml:\n"
            "  line 2: plugins.kb: missing required key 'owners'\n"
            "  line 3: plugins.kb: unknown key 'owner' (did you mean 'owners'?)\n",
        ),
        (
            "plugins:\n  - kb:\n      owners: {a: {name: A}}\n      contact_max_age: 6 monts\n",
            "Error: invalid kb configuration in mkdocs.yml: line 4: plugins.kb.contact_max_age: "
            "expected a duration such as '6 months', '1 year', '90 days' or "
            "'8 weeks', found '6 monts' (unknown unit 'monts'; use days, weeks, months or years)\n",
        ),
        (
            "plugins:\n  - kb:\n      owners: {a: {name: A}}\n      severity: {KB31: error}\n",
            "Error: invalid kb configuration in mkdocs.yml: line 4: plugins.kb.severity: "
            "expected a check code such as KB301, found a mapping (unknown code "
            "'KB31') (did you mean 'KB301'?)\n",
        ),
    ],
)
def test_configuration_errors_exit_2(tmp_path: Path, yml: str | None, expected: str) -> None:
    bank = BankDir(tmp_path)
    (tmp_path / "docs").mkdir()
    if yml is not None:
        bank.write("mkdocs.yml", yml)
    result = bank.kb("check")
    assert result.exit_code == 2
    assert result.stderr == expected.replace("{root}", str(tmp_path.resolve()))
    assert result.output == ""


def test_missing_docs_folder(tmp_path: Path) -> None:
    bank = BankDir(tmp_path)
    bank.write("mkdocs.yml", MKDOCS_YML)
    result = bank.kb("check")
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: the docs folder {tmp_path.resolve() / 'docs'} does not exist\n"
        "  hint: set 'docs_dir' in mkdocs.yml or create the folder\n"
    )


def test_output_file(make_bank: MakeBank) -> None:
    bank = make_bank({"rutiner/a.md": ROUTINE})
    result = bank.kb("check", "--format", "json", "-o", "report.json")
    assert result.output == ""
    assert json.loads((bank.root / "report.json").read_text())["findings"] == []


def test_codes_lists_every_code(bank: BankDir) -> None:
    lines = bank.kb("codes").output.splitlines()
    assert lines[0] == "KB100  error    front matter cannot be parsed"
    assert lines[10] == "KB110  error    page cannot be rendered by its Markdown extensions"
    assert lines[11] == "KB111  error    file name that is not valid UTF-8"
    assert lines[12] == "KB112  warning  example text of a kb new template left in a page"
    assert len(lines) == 31


def test_no_traceback_from_the_installed_command(tmp_path: Path) -> None:
    """The real console entry point, in a subprocess, on a broken bank."""
    (tmp_path / "mkdocs.yml").write_text("plugins: [kb]\n")
    (tmp_path / "docs").mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "kb_tools.cli", "check"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("Error: invalid kb configuration in mkdocs.yml")


def test_internal_error_is_caught(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from kb_tools import cli
    from kb_tools.cli import app

    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(app, "load_config", explode)
    with pytest.raises(SystemExit) as exited:
        cli.main(["check"])
    assert exited.value.code == 3
    assert capsys.readouterr().err == (
        "Error: unexpected internal error: RuntimeError: boom\n"
        "  hint: this is a bug in kb_tools; please report it with the command you ran\n"
    )
