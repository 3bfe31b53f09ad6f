"""Golden files: the expected reports, pages, mails and configurations under
``tests/golden/``, compared byte for byte. A report kb prints in the
reader's language has a golden file in each: English at its name, Swedish
under ``sv/`` (:func:`in_language`).

A mismatch fails with a unified diff. ``KB_UPDATE_GOLDEN=1`` rewrites the
files instead of comparing; review what changed with ``git diff`` before
committing it.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden"


def in_language(name: str, language: str) -> str:
    """The golden file *name* in *language*: ``sv/check.txt`` for Swedish."""
    return name if language == "en" else f"{language}/{name}"


def compare(name: str, actual: str) -> None:
    """*actual* must be the text of ``tests/golden/NAME``."""
    path = GOLDEN / name
    if os.environ.get("KB_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(actual.encode("utf-8"))
    if not path.exists():
        pytest.fail(f"{path} is missing: run the test with KB_UPDATE_GOLDEN=1 to write it")
    expected = path.read_bytes().decode("utf-8")
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(True), actual.splitlines(True), str(path), "actual"
            )
        )
        pytest.fail(f"{name} differs from the golden file:\n{diff}")
