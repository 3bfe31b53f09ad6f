"""The sample bank in docs/ is realistic, fictional and passes `kb check`."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kb_tools import load_bank

from .conftest import TODAY, BankDir

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def sample() -> BankDir:
    return BankDir(ROOT)


def test_sample_bank_passes_check(sample: BankDir) -> None:
    result = sample.kb("check", "--format", "json")
    findings = json.loads(result.output)["findings"]
    assert result.exit_code == 0
    # The agreement with Lernia ends soon on purpose, to show KB304.
    assert [(f["path"], f["code"]) for f in findings] == [
        ("docs/overenskommelser/praktik-lernia.md", "KB304")
    ]


def test_sample_bank_has_the_promised_content() -> None:
    bank = load_bank(ROOT / "mkdocs.yml")
    count = {t: len(bank.of_type(t)) for t in ("routine", "partner", "agreement", "template")}
    assert count["routine"] >= 15
    assert count["partner"] >= 8
    assert count["agreement"] >= 5
    assert count["template"] >= 4
    assert len(bank.of_type("glossary")) == 1
    glossary_terms = {t.term for t in bank.of_type("glossary")[0].meta.terms}  # type: ignore[attr-defined]
    assert {"HVB", "SoL", "LVU", "BBIC", "SIP", "AF"} <= glossary_terms
    assert all(len(p.contacts) >= 2 for p in bank.of_type("partner"))
    agreements = bank.of_type("agreement")
    assert any(a.meta.valid_until is None for a in agreements)  # type: ignore[attr-defined]
    assert {d.src_path for d in bank.documents} >= {
        "index.md",
        "redaktorer/andra-i-kunskapsbanken.md",
    }


def test_only_fictional_contact_details() -> None:
    for path in (ROOT / "docs").rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        for email in re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", text):
            assert email.endswith(("example.se", "example.org")), (path, email)
        for number in re.findall(r"\b0\d{1,3}-\d[\d ]{4,9}\d\b", text):
            digits = re.sub(r"\D", "", number)
            assert digits.startswith("0701740") and 5 <= int(digits[-2:]) <= 99, (path, number)
            assert 605 <= int(digits[-3:]) <= 699, (path, number)


def test_mkdocs_build_strict(tmp_path: Path) -> None:
    """The site engine builds the sample bank with the kb plugin, strictly."""
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin", "KB_TODAY": TODAY},
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "rutiner" / "att-fylla-18" / "index.html").is_file()
