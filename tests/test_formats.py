"""Golden files for the four report formats (KB_UPDATE_GOLDEN=1 rewrites them)."""

from __future__ import annotations

import json

import pytest

from .conftest import ROUTINE, MakeBank
from .golden import compare, in_language

FILES: dict[str, str | bytes] = {
    "rutiner/ankomst.md": ROUTINE.replace("enhetschef-boende", "enhetschef-bonde")
    + "\nSe [mallen](../mallar/saknas.md) och [rubriken](#långsiktiga-mål).\n",
    "rutiner/gammal.md": ROUTINE.replace("2026-09-01", "2025-06-30").replace("Ankomst", "Gammal"),
    "mallar/samtal.md": "---\ntitle: Samtal, del 1\nowner: samordnare\nreviewed: 2026-09-01\n"
    "tags: [samtal]\nsumary: x\n---\nText med | och 811218-9876.\n",
    "trasig.md": b"---\ntitle: \xe5\n---\n",
}


@pytest.mark.parametrize("language", ["en", "sv"])
@pytest.mark.parametrize(
    ("output_format", "golden"),
    [
        ("text", "check.txt"),
        ("json", "check.json"),
        ("github", "check.github.txt"),
        ("markdown", "check.md"),
    ],
)
def test_report_format(
    make_bank: MakeBank, output_format: str, golden: str, language: str
) -> None:
    result = make_bank(FILES).kb("check", "--format", output_format, "--lang", language)
    assert result.exit_code == 1
    compare(in_language(golden, language), result.output)


def test_json_findings_have_exactly_the_contract_keys(make_bank: MakeBank) -> None:
    report = json.loads(make_bank(FILES).kb("check", "--format", "json").output)
    assert report["findings"]
    for item in report["findings"]:
        assert list(item) == ["path", "line", "column", "code", "severity", "message", "hint"]


def test_markdown_when_clean(make_bank: MakeBank) -> None:
    result = make_bank({"rutiner/a.md": ROUTINE}).kb("check", "--format", "markdown")
    assert result.output == "## Kunskapsbanken: kb check\n\n✅ No problems found.\n"
