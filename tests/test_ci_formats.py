"""What CI platforms read natively (SARIF, GitLab Code Quality), the
statistics of a large bank, and the baseline a bank adopts kb with."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from kb_tools.checks.baseline import fingerprint, stable_message
from kb_tools.diagnostics import CODES, finding
from kb_tools.report import sarif

from .conftest import ROUTINE, BankDir, MakeBank
from .golden import compare, in_language
from .test_formats import FILES

SCHEMAS = Path(__file__).parent / "schemas"
SARIF_SCHEMA = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
GITLAB_SCHEMA = json.loads(
    (SCHEMAS / "gitlab-code-quality.schema.json").read_text(encoding="utf-8")
)

# The same broken link twice in one file: two findings, one fingerprint.
TWICE: dict[str, str | bytes] = {
    **FILES,
    "rutiner/dubbel.md": ROUTINE.replace("Ankomst", "Dubbel")
    + "\n[a](borta.md)\n\n[b](borta.md)\n",
}


def _sarif(bank: BankDir, *args: str) -> dict[str, Any]:
    result = bank.kb("check", "--format", "sarif", *args)
    log: dict[str, Any] = json.loads(result.output)
    return log


def _versionless(text: str) -> str:
    version = sarif._version()
    return text.replace(f'"version": "{version}"', '"version": "X"').replace(
        f'"semanticVersion": "{version}"', '"semanticVersion": "X"'
    )


@pytest.mark.parametrize("language", ["en", "sv"])
@pytest.mark.parametrize(
    ("output_format", "golden"), [("sarif", "check.sarif"), ("gitlab", "check.gitlab.json")]
)
def test_ci_format_golden(
    make_bank: MakeBank, output_format: str, golden: str, language: str
) -> None:
    result = make_bank(TWICE).kb("check", "--format", output_format, "--lang", language)
    assert result.exit_code == 1
    compare(in_language(golden, language), _versionless(result.output))


@pytest.mark.parametrize("files", [TWICE, {"rutiner/a.md": ROUTINE}], ids=["findings", "clean"])
def test_sarif_is_valid_against_the_published_schema(
    make_bank: MakeBank, files: dict[str, str | bytes]
) -> None:
    log = _sarif(make_bank(files))
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    (run,) = log["runs"]
    assert [rule["id"] for rule in run["tool"]["driver"]["rules"]] == list(CODES)
    for result in run["results"]:
        assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        location = result["locations"][0]["physicalLocation"]["artifactLocation"]
        assert location["uriBaseId"] == "%SRCROOT%"
        assert not location["uri"].startswith("/")
    prints = [r["partialFingerprints"]["kbFingerprint/v1"] for r in run["results"]]
    assert len(prints) == len(set(prints))


def test_sarif_levels_and_uris(make_bank: MakeBank) -> None:
    bank = make_bank(
        {
            "rutiner/mål och syfte.md": ROUTINE.replace("2026-09-01", "2025-06-30"),
            "rutiner/b.md": ROUTINE + "\n[x](saknas.md)\n",
        }
    )
    (run,) = _sarif(bank)["runs"]
    found = {
        (
            r["ruleId"],
            r["level"],
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
        )
        for r in run["results"]
    }
    assert found == {
        ("KB202", "error", "docs/rutiner/b.md", 10),
        ("KB301", "warning", "docs/rutiner/m%C3%A5l%20och%20syfte.md", 4),
    }


@pytest.mark.parametrize("files", [TWICE, {"rutiner/a.md": ROUTINE}], ids=["findings", "clean"])
def test_gitlab_is_valid_against_its_documented_schema(
    make_bank: MakeBank, files: dict[str, str | bytes]
) -> None:
    report = json.loads(make_bank(files).kb("check", "--format", "gitlab").output)
    jsonschema.Draft7Validator(GITLAB_SCHEMA).validate(report)
    prints = [issue["fingerprint"] for issue in report]
    assert len(prints) == len(set(prints))


def test_gitlab_severities(make_bank: MakeBank) -> None:
    report = json.loads(make_bank(FILES).kb("check", "--format", "gitlab").output)
    assert sorted({(i["check_name"], i["severity"]) for i in report}) == [
        ("KB100", "major"),
        ("KB103", "minor"),
        ("KB105", "major"),
        ("KB202", "major"),
        ("KB203", "major"),
        ("KB301", "minor"),
        ("KB401", "critical"),
    ]


def test_schemas_reject_what_ci_would_reject() -> None:
    """The tests would notice a broken report: the schemas are not vacuous."""
    issue = {
        "description": "x",
        "check_name": "KB202",
        "fingerprint": "f",
        "severity": "error",
        "location": {"path": "docs/a.md", "lines": {"begin": 1}},
    }
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft7Validator(GITLAB_SCHEMA).validate([issue])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(SARIF_SCHEMA).validate({"version": "2.1.0", "runs": [{}]})


# -- statistics ---------------------------------------------------------------------------

STATISTICS_FILES: dict[str, str | bytes] = {
    "om.md": "---\ntilte: Om\n---\n[a](saknas.md) [b](borta.md)\n",
    "b.md": "---\nsumary: x\n---\n[c](finns-inte.md)\n",
    "rutiner/a.md": ROUTINE.replace("2026-09-01", "2025-06-30"),
}


def test_statistics(make_bank: MakeBank) -> None:
    result = make_bank(STATISTICS_FILES).kb("check", "--statistics")
    assert result.exit_code == 1
    assert result.output == (
        "3  KB202  error    link to '…': no page <path>\n"
        "2  KB103  warning  unknown key '…'\n"
        "1  KB301  warning  review overdue: reviewed <date>, due <date> (every N years), "
        "N days ago\n"
        "3 errors, 3 warnings in 3 files.\n"
    )


def test_statistics_as_json(make_bank: MakeBank) -> None:
    result = make_bank(STATISTICS_FILES).kb("check", "--statistics", "--format", "json")
    assert json.loads(result.output)["statistics"][:2] == [
        {
            "count": 3,
            "code": "KB202",
            "severity": "error",
            "pattern": "link to '…': no page <path>",
        },
        {"count": 2, "code": "KB103", "severity": "warning", "pattern": "unknown key '…'"},
    ]


def test_statistics_only_in_text_or_json(bank: BankDir) -> None:
    result = bank.kb("check", "--statistics", "--format", "github")
    assert result.exit_code == 2
    assert "Error: --statistics prints text or json, not --format github" in result.stderr


# -- baseline -----------------------------------------------------------------------------

ADOPTED: dict[str, str | bytes] = {
    "rutiner/a.md": ROUTINE.replace("2026-09-01", "2025-06-30")
    + "\n[x](saknas.md) och [igen](saknas.md)\n",
    "om.md": "---\nsumary: x\n---\n# Om\n",
}


def test_baseline_round_trip(make_bank: MakeBank) -> None:
    bank = make_bank(ADOPTED)
    written = bank.kb("check", "--write-baseline", "kb-baseline.json")
    assert (written.exit_code, written.output) == (0, "")
    assert written.stderr == "Wrote a baseline of 4 findings in 2 files to kb-baseline.json.\n"
    stored = json.loads((bank.root / "kb-baseline.json").read_text(encoding="utf-8"))
    assert stored["version"] == 1
    assert [(e["path"], e["code"], e["count"], e["message"]) for e in stored["findings"]] == [
        ("docs/om.md", "KB103", 1, "unknown key 'sumary'"),
        (
            "docs/rutiner/a.md",
            "KB202",
            2,
            "link to 'saknas.md': no page docs/rutiner/saknas.md",
        ),
        (
            "docs/rutiner/a.md",
            "KB301",
            1,
            "review overdue: reviewed 2025-06-30, due 2026-06-30 (every 1 year), 146 days ago",
        ),
    ]

    clean = bank.kb("check", "--baseline", "kb-baseline.json")
    assert (clean.exit_code, clean.output) == (0, "No problems found.\n")
    assert clean.stderr == "4 findings recorded in the baseline kb-baseline.json were left out.\n"

    # Edits above the findings, and days passing, do not bring them back.
    edited = ROUTINE.replace("2026-09-01", "2025-06-30").replace(
        "title: Ankomst", "title: Ankomst\ntags: [boende]\nsummary: Så tar vi emot."
    )
    bank.write(
        "docs/rutiner/a.md",
        edited + "\nNytt stycke.\n\n[x](saknas.md) och [igen](saknas.md), nu med mer text.\n",
    )
    later = bank.kb("check", "--baseline", "kb-baseline.json", today="2026-12-24")
    assert (later.exit_code, later.output) == (0, "No problems found.\n")

    # A new problem is reported, and so is a third copy of a known one.
    bank.write(
        "docs/rutiner/a.md",
        edited + "\n[x](saknas.md) [igen](saknas.md) [tredje](saknas.md) [ny](../ny.md)\n",
    )
    fresh = bank.kb("check", "--baseline", "kb-baseline.json")
    assert fresh.exit_code == 1
    assert fresh.output == (
        "docs/rutiner/a.md:12:43: KB202 error: link to 'saknas.md': no page "
        "docs/rutiner/saknas.md\n"
        "docs/rutiner/a.md:12:59: KB202 error: link to '../ny.md': no page docs/ny.md\n"
        "2 errors, 0 warnings in 1 file.\n"
    )

    # Fixed findings are noticed.
    bank.write("docs/om.md", "# Om\n")
    fixed = bank.kb("check", "--baseline", "kb-baseline.json")
    assert fixed.stderr.splitlines()[-1] == (
        "1 finding in the baseline kb-baseline.json no longer occurs; write the baseline "
        "again to drop it."
    )


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            None,
            "Error: the baseline file kb-baseline.json does not exist; write it with "
            "kb check --write-baseline kb-baseline.json\n",
        ),
        (
            '{"version": 1, "findings": [\n',
            "Error: kb-baseline.json:2:1: the baseline file is not valid JSON: Expecting value\n",
        ),
        (
            "[]",
            "Error: kb-baseline.json is not a kb baseline: expected an object with 'version' "
            "and 'findings'\n",
        ),
        (
            '{"version": 7, "findings": []}',
            "Error: kb-baseline.json: baseline version 7 is not supported (this kb reads "
            "version 1); write it again with --write-baseline\n",
        ),
        (
            '{"version": 1, "findings": [{"path": "docs/a.md", "code": "KB202", "count": 0}]}',
            "Error: kb-baseline.json: finding 1 must have 'path', 'code' and 'fingerprint' "
            "(text) and a 'count' of at least 1\n",
        ),
    ],
    ids=["missing", "broken json", "not an object", "version", "bad entry"],
)
def test_unusable_baseline_is_a_usage_error(
    make_bank: MakeBank, content: str | None, expected: str
) -> None:
    bank = make_bank({"rutiner/a.md": ROUTINE})
    if content is not None:
        bank.write("kb-baseline.json", content)
    result = bank.kb("check", "--baseline", "kb-baseline.json")
    assert (result.exit_code, result.output, result.stderr) == (2, "", expected)


def _sparse(path: Path, size: int) -> None:
    with path.open("wb") as file:
        file.truncate(size)


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (
            lambda path: path.write_text("[" * 100_000 + "]" * 100_000),
            "Error: kb-baseline.json is not a kb baseline: its JSON is nested far deeper than a "
            "baseline's\n",
        ),
        (
            os.mkfifo,
            "Error: the baseline file kb-baseline.json is not a regular file (a named pipe, a "
            "device or a folder); give the JSON file that kb check --write-baseline wrote\n",
        ),
        (
            lambda path: path.symlink_to("/dev/zero"),
            "Error: the baseline file kb-baseline.json is not a regular file (a named pipe, a "
            "device or a folder); give the JSON file that kb check --write-baseline wrote\n",
        ),
        (
            lambda path: _sparse(path, 100 * 2**20 + 1),
            "Error: the baseline file kb-baseline.json is larger than 100 MB, far more than any "
            "baseline kb writes; give the JSON file that kb check --write-baseline wrote\n",
        ),
    ],
    ids=["deep", "fifo", "dev-zero", "huge"],
)
def test_a_baseline_that_is_not_a_file_of_json_never_hangs(
    make_bank: MakeBank, make: Callable[[Path], object], expected: str
) -> None:
    """A FIFO hung `kb check --baseline`; /dev/zero and deep nesting ended
    in MemoryError and RecursionError (exit 3)."""
    bank = make_bank({"rutiner/a.md": ROUTINE})
    make(bank.root / "kb-baseline.json")
    result = bank.kb("check", "--baseline", "kb-baseline.json")
    assert (result.exit_code, result.output, result.stderr) == (2, "", expected)


def test_baseline_options_exclude_each_other(bank: BankDir) -> None:
    result = bank.kb("check", "--baseline", "a.json", "--write-baseline", "b.json")
    assert result.exit_code == 2
    assert "Error: give --baseline or --write-baseline, not both" in result.stderr


def test_fingerprint_ignores_what_changes_while_the_problem_stays() -> None:
    def message(text: str) -> str:
        return fingerprint(finding("KB304", "docs/a.md", 3, 1, text))

    assert message("agreement ends on 2027-01-31, in 69 days") == message(
        "agreement ends on 2027-01-31, in 68 days"
    )
    assert stable_message(
        "contact 'Anna Berg' differs from the same contact in docs/af.md:7: name 'Anna 2' here"
    ) == ("contact 'Anna Berg' differs from the same contact in docs/af.md:0: name 'Anna 2' here")
    assert stable_message("identity number 811218-XXXX in docs/r1.md (96% alike)") == (
        "identity number 811218-XXXX in docs/r1.md (0% alike)"
    )
