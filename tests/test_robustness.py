"""No input makes the library raise: arbitrary front matter and bodies."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb_tools.checks import CheckOptions, run_checks
from kb_tools.config import config_from_dict
from kb_tools.model import Bank

CONFIG = config_from_dict(Path("/bank"), {"owners": {"a": {"name": "A"}}})

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
    ]
)
front_matter_text = st.lists(
    st.tuples(keys, yaml_scalars).map(lambda kv: f"{kv[0]}: {kv[1]}"), max_size=8
).map("\n".join)
raw_bytes = st.binary(max_size=200)
bodies = st.lists(
    st.sampled_from([*"abc åäö#[]()<>`-:\n*!|{}\"'", "](", "## ", "<script>", "```\n", "[x](#y)"]),
    max_size=60,
).map("".join)


def _check(files: dict[str, bytes]) -> None:
    bank = Bank.from_files(CONFIG, files)
    run_checks(bank, CheckOptions(today=date(2026, 11, 23)))


@settings(
    max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(front_matter_text, bodies)
def test_arbitrary_front_matter_and_body(front_matter: str, body: str) -> None:
    text = f"---\n{front_matter}\n---\n{body}"
    _check({"rutiner/a.md": text.encode(), "samverkansparter/b.md": text.encode()})


@settings(max_examples=100, deadline=None, derandomize=True)
@given(raw_bytes)
def test_arbitrary_bytes(raw: bytes) -> None:
    _check({"a.md": raw, "mallar/b.md": b"---\n" + raw})


def test_huge_file_is_checked() -> None:
    body = ("Ett stycke text om rutiner och [länk](saknas.md).\n\n" * 20000).encode()
    bank = Bank.from_files(CONFIG, {"a.md": b"---\ntitle: Stor\n---\n" + body})
    findings = run_checks(bank, CheckOptions(today=date(2026, 11, 23)))
    assert len(findings) == 20000
    assert {f.code for f in findings} == {"KB202"}
