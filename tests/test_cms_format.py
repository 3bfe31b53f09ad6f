"""The editor's front-matter format (kb_tools/cms/static/kb-frontmatter.js),
run under node with the pinned js-yaml, its output read back by the same
YAML reader ``kb check`` uses."""

from __future__ import annotations

import difflib
import json
import os
import random
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from kb_tools.cms.widgets import date_keys, item_orders, keep_empty, key_order
from kb_tools.front_matter import split
from tests import npm_cache
from tests.npm_cache import npm_packages

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "kb_tools" / "cms" / "static" / "kb-frontmatter.js"
DRIVER = Path(__file__).parent / "fixtures" / "cms" / "frontmatter-driver.js"
SETTINGS = {"dateKeys": date_keys(), "itemOrder": item_orders(), "keepEmpty": keep_empty()}
SAMPLES = sorted((ROOT / "docs").rglob("*.md"))


@pytest.fixture(scope="module")
def node_modules() -> Path:
    return npm_packages() / "node_modules"


def run(node_modules: Path, cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    request = {"settings": SETTINGS, "cases": cases}
    result = subprocess.run(
        ["node", str(DRIVER), str(SCRIPT)],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        env={**os.environ, "NODE_PATH": str(node_modules)},
        timeout=60,
        check=True,
    )
    answers: list[dict[str, Any]] = json.loads(result.stdout)
    return answers


def write(node_modules: Path, **case: Any) -> str:
    answer = run(node_modules, [{"content": None, "data": None, "changes": [], **case}])[0]
    assert "error" not in answer, answer
    return str(answer["text"])


def changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_every_sample_page_is_written_back_byte_for_byte(node_modules: Path) -> None:
    texts = [path.read_text(encoding="utf-8") for path in SAMPLES]
    answers = run(node_modules, [{"content": t, "data": None, "changes": []} for t in texts])
    differing = [
        str(p.relative_to(ROOT))
        for p, t, a in zip(SAMPLES, texts, answers, strict=True)
        if a.get("text") != t
    ]
    assert len(SAMPLES) > 40
    assert differing == []


def test_editing_one_contact_changes_only_that_line(node_modules: Path) -> None:
    text = (ROOT / "docs" / "samverkansparter" / "lernia.md").read_text(encoding="utf-8")
    after = write(node_modules, content=text, changes=[[["contacts", 1, "phone"], "070-174 06 98"]])
    assert changed_lines(text, after) == ["-    phone: 070-174 06 24", "+    phone: 070-174 06 98"]


def test_adding_removing_and_clearing_values(node_modules: Path) -> None:
    text = (ROOT / "docs" / "samverkansparter" / "lernia.md").read_text(encoding="utf-8")
    new_contact = {
        "name": "Sara Lind",
        "role": "Studie- och yrkesvägledare",
        "email": "",
        "phone": "070-174 06 41",
        "verified": "2026-11-20",
        "public": False,
        "note": None,
    }
    after = write(
        node_modules,
        content=text,
        changes=[
            [["contacts", 0, "note"], ""],
            [["contacts", 3], new_contact],
            [["review_every"], "6 months"],
            [["address"], None],
        ],
        order=key_order("partner"),
    )
    assert changed_lines(text, after) == [
        "+review_every: 6 months",
        "-address: Industrigatan 21, 231 51 Strandvik",
        "-    note: Tar emot alla förfrågningar om praktikplatser från kommunens rekryterare.",
        "+  - name: Sara Lind",
        "+    role: Studie- och yrkesvägledare",
        "+    phone: 070-174 06 41",
        "+    verified: 2026-11-20",
        "+    public: false",
    ]
    assert split(after).front_matter.data["contacts"][3]["verified"] == date(2026, 11, 20)


def test_a_new_routine_is_written_in_the_order_kb_new_writes(node_modules: Path) -> None:
    data = {
        "body": "# Rutin för tolkbokning\n\nBoka tolk i god tid.\n",
        "related": [],
        "partners": ["migrationsverket"],
        "reviewed": "2026-11-20",
        "tags": ["tolk", "språk"],
        "owner": "samordnare-etablering",
        "title": "Rutin för tolkbokning: så gör vi",
        "summary": "",
        "status": None,
    }
    text = write(node_modules, data=data, order=key_order("routine"))
    assert text == (
        "---\n"
        'title: "Rutin för tolkbokning: så gör vi"\n'
        "owner: samordnare-etablering\n"
        "reviewed: 2026-11-20\n"
        "tags: [tolk, språk]\n"
        "partners: [migrationsverket]\n"
        "---\n"
        "# Rutin för tolkbokning\n\nBoka tolk i god tid.\n"
    )


def test_a_partner_without_contacts_keeps_the_empty_list(node_modules: Path) -> None:
    data = {
        "title": "Tolkförmedlingen",
        "org_type": "company",
        "owner": "redaktion",
        "reviewed": "2026-11-20",
        "contacts": [],
        "body": "",
    }
    text = write(node_modules, data=data, order=key_order("partner"))
    assert text.splitlines()[1:6] == [
        "title: Tolkförmedlingen",
        "org_type: company",
        "owner: redaktion",
        "reviewed: 2026-11-20",
        "contacts: []",
    ]


def test_comments_crlf_bom_and_dots_are_kept(node_modules: Path) -> None:
    text = (
        "\ufeff---\r\n# Skapad med kb new\r\ntitle: Ny part\r\norg_type: other  # eller school\r\n"
        "owner: redaktion\r\n...\r\nText.\r\n"
    )
    after = write(node_modules, content=text, changes=[[["title"], "Ny samverkanspart"]])
    assert after == text.replace("title: Ny part", "title: Ny samverkanspart")


TRICKY = [
    "yes",
    "No",
    "on",
    "OFF",
    "true",
    "null",
    "~",
    "",
    " leading",
    "trailing ",
    "0701740622",
    "012",
    "0o17",
    "1_000",
    "3.14",
    ".inf",
    "1e3",
    "12:30",
    "190:20:30",
    "2026-11-20",
    "2026-11-20 10:00:00",
    "- list",
    "? key",
    ": colon",
    "a: b",
    "a #b",
    "a#b",
    "#tag",
    "[x]",
    "{x}",
    "x, y",
    "x]",
    "&anchor",
    "*alias",
    "!tag",
    "|",
    ">",
    "'quoted'",
    '"double"',
    "%percent",
    "@at",
    "`tick`",
    "tab\there",
    "line\nbreak",
    "back\\slash",
    "ending:",
    "https://example.se/a#b",
    "Växel: 070-174 06 05",
    "<<",
    "=",
    "\u2028",
    "nbsp\u00a0inside",
    "emoji 🙂",
    "control\u0007char",
    "del\u007fchar",
    "\ufeffbom",
]


def _random_texts(count: int) -> list[str]:
    alphabet = "ab åÖ0129-_:#,[]{}'\"!&*?|>%@`.\\/ \t\nyesnoYNtrue~"
    generator = random.Random(20261123)
    return [
        "".join(generator.choice(alphabet) for _ in range(generator.randint(1, 12)))
        for _ in range(count)
    ]


def test_any_text_is_read_back_by_pyyaml_as_the_same_text(node_modules: Path) -> None:
    texts = [t for t in TRICKY + _random_texts(400) if t.strip()]
    cases = [
        {
            "content": None,
            "changes": [],
            "order": [],
            "data": {"title": t, "tags": [t, "ord"], "contacts": [{"name": t, "note": t}]},
        }
        for t in texts
    ]
    wrong = []
    for text, answer in zip(texts, run(node_modules, cases), strict=True):
        data = split(answer["text"]).front_matter.data
        expected = {
            "title": text,
            "tags": [text, "ord"],
            "contacts": [{"name": text, "note": text}],
        }
        if data != expected:
            wrong.append((text, answer["text"]))
    assert wrong == []


def test_dates_stay_dates_and_date_like_text_stays_text(node_modules: Path) -> None:
    data = {"title": "2026-11-20", "reviewed": "2026-11-20", "valid_until": "{{now}}"}
    parsed = split(write(node_modules, data=data)).front_matter.data
    assert parsed["title"] == "2026-11-20"
    assert parsed["reviewed"] == date(2026, 11, 20)
    assert isinstance(parsed["valid_until"], date)


def test_yaml_1_1_booleans_are_read_as_kb_check_reads_them(node_modules: Path) -> None:
    answer = run(
        node_modules,
        [{"content": "---\npublic: yes\ncount: 012\n---\n", "data": None, "changes": []}],
    )[0]
    assert answer["read"]["public"] is True


def test_without_the_npm_registry_the_tests_skip_and_say_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if shutil.which("npm") is None:
        pytest.skip("npm is not installed")
    monkeypatch.setattr(npm_cache, "CACHE", tmp_path / "npm")
    monkeypatch.setenv("npm_config_registry", "http://127.0.0.1:9/")
    monkeypatch.setenv("npm_config_fetch_retries", "0")
    with pytest.raises(pytest.skip.Exception) as skipped:
        npm_packages()
    prefix, _, reason = str(skipped.value).partition(": ")
    assert prefix == "npm could not install the editor's packages (is the registry reachable?)"
    assert "ECONNREFUSED" in reason  # npm's own words, e.g. "FetchError: request to … failed"
