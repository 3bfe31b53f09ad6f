"""Properties of the checks on arbitrary input, not only that nothing raises.

For any bank made of arbitrary front matter, bodies and bytes (hostile
names and line separators included):

- every finding names a file of the bank, at a line and column inside it;
- the same input gives the same findings, twice in the library, and from
  ``kb check`` with a cold cache (``--no-cache``) and a warm one;
- the exit code follows the severities: 1 exactly when there is an error,
  or a warning with ``--strict``;
- the JSON report parses and has exactly the contract's keys;
- the text report has one line a finding, one a hint and the summary, and
  nothing else: no value can print a line of its own.

Derandomized, so a run is the same every time; each test takes seconds.
"""

from __future__ import annotations

import contextlib
import json
import tempfile
from datetime import date
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb_tools.checks import CheckOptions, run_checks
from kb_tools.cli import cli
from kb_tools.config import config_from_dict
from kb_tools.diagnostics import Diagnostic, Severity, Summary
from kb_tools.i18n import verbatim
from kb_tools.model import Bank
from kb_tools.text.escaping import printable

from .conftest import MKDOCS_YML, TODAY

CONFIG = config_from_dict(Path("/bank"), {"owners": {"a": {"name": "A"}}})
FINDING_KEYS = ["path", "line", "column", "code", "severity", "message", "hint"]
BOM = b"\xef\xbb\xbf"

# Values that reach messages (unknown keys and owners, bad dates), some with
# line breaks and separators that would print a line of their own if a
# report let them through.
HOSTILE = ['"x\\ny"', '"rad\\u2028två"', '"a\\rb"', '"\\x1b[2J"', '"tab\\tbort"']
# Characters YAML ends a line at but a file's lines (and editors) do not.
YAML_BREAKS = ["a\x85b", "\u2028\u2028", '"c\u2029d"']
yaml_scalars = st.one_of(
    st.text(max_size=20),
    st.integers(),
    st.booleans(),
    st.none(),
    st.sampled_from(
        [
            "2026-02-30",
            "2026-01-01",
            "6 months",
            "070-174 06 05",
            "no",
            "~",
            "811218-9876",
            "[a, b",
            "{x: }",
            "&a",
            "*a",
            "!!python/name:os.system",
            "[{name: A, phone: x}]",
            *HOSTILE,
            *YAML_BREAKS,
        ]
    ),
)
keys = st.sampled_from(
    [
        "title",
        "owner",
        "reviewed",
        "type",
        "status",
        "contacts",
        "parties",
        "valid_until",
        "related",
        "tags",
        "phone",
        "verified",
        "x",
        "terms",
        *HOSTILE,
    ]
)
front_matter_text = st.lists(
    st.tuples(keys, yaml_scalars).map(lambda kv: f"{kv[0]}: {kv[1]}"), max_size=8
).map("\n".join)
raw_bytes = st.binary(max_size=200)
bodies = st.lists(
    st.sampled_from(
        [
            *"abc åäö#[]()<>`-:\n*!|{}\"'\t\r",
            "\u2028",
            "\x85",
            "](",
            "## ",
            "<script>",
            "```\n",
            "[x](#y)",
            "[x](saknas.md)",
            "811218-9876",
        ]
    ),
    max_size=60,
).map("".join)
pages = st.tuples(front_matter_text, bodies).map(lambda fb: f"---\n{fb[0]}\n---\n{fb[1]}")
line_ends = st.sampled_from(["\n", "\r\n", "\r"])
encoded_pages = st.tuples(pages, line_ends, st.booleans()).map(
    lambda p: (BOM if p[2] else b"") + p[0].replace("\n", p[1]).encode()
)
contents = st.one_of(encoded_pages, raw_bytes, raw_bytes.map(lambda raw: b"---\n" + raw))
# Typed folders, an untyped page, and names no report may print as they are.
NAMES = [
    "rutiner/a.md",
    "samverkansparter/b.md",
    "overenskommelser/c.md",
    "mallar/d.md",
    "e.md",
    "rutiner/rad\nbryt.md",
    "rutiner/\u2028\x1b[31m.md",
]
banks = st.dictionaries(st.sampled_from(NAMES), contents, min_size=1, max_size=3)

PROPERTIES = settings(
    max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
# Each example runs `kb check` three times in a fresh folder.
CLI_PROPERTIES = settings(PROPERTIES, max_examples=40)


def _check(files: dict[str, bytes]) -> list[Diagnostic]:
    bank = Bank.from_files(CONFIG, files)
    return run_checks(bank, CheckOptions(today=date(2026, 11, 23)))


def _lines(raw: bytes) -> list[str] | list[bytes]:
    """The file's lines as findings count them: text lines (``\\r\\n``, ``\\r``
    and ``\\n`` end a line, a BOM is not text), or byte lines for a file that
    is not UTF-8 text, whose finding names a byte offset."""
    try:
        if b"\x00" in raw:
            raise UnicodeDecodeError("utf-8", raw, 0, 1, "NUL")
        text = raw.removeprefix(BOM).decode("utf-8")
    except UnicodeDecodeError:
        return raw.split(b"\n")
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _assert_inside(findings: list[Diagnostic], files: dict[str, bytes]) -> None:
    by_path = {f"docs/{name}": raw for name, raw in files.items()}
    for finding in findings:
        assert finding.path in by_path, finding
        lines = _lines(by_path[finding.path])
        assert 1 <= finding.line <= len(lines), (finding, len(lines))
        assert 1 <= finding.column <= len(lines[finding.line - 1]) + 1, (
            finding,
            lines[finding.line - 1],
        )


@PROPERTIES
@given(front_matter_text, bodies)
def test_arbitrary_front_matter_and_body(front_matter: str, body: str) -> None:
    raw = f"---\n{front_matter}\n---\n{body}".encode()
    files = {"rutiner/a.md": raw, "samverkansparter/b.md": raw}
    findings = _check(files)
    _assert_inside(findings, files)
    assert _check(files) == findings


@settings(PROPERTIES, max_examples=100)
@given(raw_bytes)
def test_arbitrary_bytes(raw: bytes) -> None:
    files = {"a.md": raw, "mallar/b.md": b"---\n" + raw}
    findings = _check(files)
    _assert_inside(findings, files)
    assert _check(files) == findings


@PROPERTIES
@given(banks)
def test_findings_lie_inside_their_files(files: dict[str, bytes]) -> None:
    findings = _check(files)
    _assert_inside(findings, files)
    assert _check(files) == findings


def _kb(root: Path, *args: str) -> tuple[int, str]:
    with contextlib.chdir(root):
        result = CliRunner().invoke(cli, ["check", "--today", TODAY, *args], catch_exceptions=False)
    return result.exit_code, result.stdout


@CLI_PROPERTIES
@given(banks)
def test_kb_check_reports(files: dict[str, bytes]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
        for name, raw in files.items():
            path = root / "docs" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(raw)
        cold_code, cold = _kb(root, "--format", "json", "--no-cache")
        warm_code, warm = _kb(root, "--format", "json")
        strict_code, text = _kb(root, "--strict")

    assert (warm_code, warm) == (cold_code, cold)

    report = json.loads(cold)
    assert list(report) == ["findings", "summary"]
    findings = report["findings"]
    assert all(list(finding) == FINDING_KEYS for finding in findings)
    severities = {finding["severity"] for finding in findings}
    assert cold_code == (1 if "error" in severities else 0)
    assert strict_code == (1 if severities & {"error", "warning"} else 0)
    _assert_inside(
        [
            Diagnostic(
                f["path"], f["line"], f["column"], f["code"], Severity(f["severity"]),
                verbatim(f["message"]), None if f["hint"] is None else verbatim(f["hint"]),
            )
            for f in findings
        ],
        files,
    )

    lines = text.split("\n")
    assert lines.pop() == ""  # the report ends with a newline
    hints = sum(bool(finding["hint"]) for finding in findings)
    assert len(lines) == len(findings) + hints + 1
    assert lines.pop() == Summary(**report["summary"]).sentence().render()
    for finding in findings:
        where = f"{printable(finding['path'])}:{finding['line']}:{finding['column']}: "
        assert lines.pop(0).startswith(f"{where}{finding['code']} {finding['severity']}: ")
        if finding["hint"]:
            assert lines.pop(0).startswith("  hint: ")
    assert lines == []


def test_huge_file_is_checked() -> None:
    body = ("Ett stycke text om rutiner och [länk](saknas.md).\n\n" * 20000).encode()
    bank = Bank.from_files(CONFIG, {"a.md": b"---\ntitle: Stor\n---\n" + body})
    findings = run_checks(bank, CheckOptions(today=date(2026, 11, 23)))
    assert len(findings) == 20000
    assert {f.code for f in findings} == {"KB202"}
