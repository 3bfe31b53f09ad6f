"""axe-core, the accessibility engine, for the browser tests: installed from
npm at a pinned version into a cache folder, injected into a Playwright page,
run with the WCAG 2.0/2.1 A and AA rules.

    script = axe_script()                    # skips the test when npm cannot get it
    page.add_script_tag(path=str(script))
    assert_no_violations(page, "rutiner/att-fylla-18/")

The cache is ``$KB_TEST_CACHE/npm`` (default ``~/.cache/kb-tests/npm``), so
the package is fetched once per machine and version; CI reaches npm. Used by
``tests/test_accessibility.py`` and ``tests/test_deploy_nginx.py``.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

import pytest

AXE_VERSION = "4.14.1"
# WCAG 2.0 and 2.1, levels A and AA: what the law (EN 301 549) asks of a site.
WCAG_AA_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
RUN_AXE = """(tags) => axe.run(document, {
  runOnly: {type: 'tag', values: tags},
  resultTypes: ['violations'],
})"""


def cache_dir() -> Path:
    base = os.environ.get("KB_TEST_CACHE")
    root = Path(base) if base else Path.home() / ".cache" / "kb-tests"
    return root / "npm"


@cache
def _install() -> Path | str:
    """The path of ``axe.min.js``, or why it could not be had."""
    folder = cache_dir() / f"axe-core-{AXE_VERSION}"
    script = folder / "node_modules" / "axe-core" / "axe.min.js"
    if _installed_version(folder) == AXE_VERSION and script.is_file():
        return script
    npm = shutil.which("npm")
    if npm is None:
        return "npm is not installed, so axe-core cannot be installed (apt-get install npm)"
    # Installed beside the final folder and moved into place, so that test
    # runs on the same machine never see half an installation.
    folder.parent.mkdir(parents=True, exist_ok=True)
    partial = Path(tempfile.mkdtemp(prefix=f"{folder.name}.", dir=folder.parent))
    try:
        result = subprocess.run(
            [npm, "install", "--prefix", str(partial), "--no-save", "--no-package-lock",
             "--no-audit", "--no-fund", "--ignore-scripts", f"axe-core@{AXE_VERSION}"],
            capture_output=True, text=True, timeout=180, check=False,
        )
        if result.returncode != 0 or _installed_version(partial) != AXE_VERSION:
            last = (result.stderr.strip().splitlines() or ["no output"])[-1]
            return (f"npm could not install axe-core@{AXE_VERSION} "
                    f"(is the registry reachable?): {last}")
        shutil.rmtree(folder, ignore_errors=True)
        with contextlib.suppress(OSError):  # another run moved its copy first
            partial.rename(folder)
    except subprocess.TimeoutExpired:
        return (f"npm did not install axe-core@{AXE_VERSION} within 180 s "
                "(is the registry reachable?)")
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    return script


def _installed_version(folder: Path) -> str | None:
    manifest = folder / "node_modules" / "axe-core" / "package.json"
    try:
        return str(json.loads(manifest.read_text(encoding="utf-8"))["version"])
    except (OSError, ValueError, KeyError):
        return None


def axe_script() -> Path:
    """``axe.min.js`` of the pinned version; skips the calling test, with
    the reason, when npm cannot provide it."""
    found = _install()
    if isinstance(found, str):
        pytest.skip(found)
    return found


def violations(page: Any) -> list[dict[str, Any]]:
    """axe's WCAG 2.1 A/AA violations on the page as it is now (axe must
    already be on the page)."""
    result = page.evaluate(RUN_AXE, list(WCAG_AA_TAGS))
    return list(result["violations"])


def describe(found: list[dict[str, Any]]) -> str:
    """Each violation with the elements it was found on."""
    lines = []
    for violation in found:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            target = " ".join(map(str, node["target"]))
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"  {target}: {summary}")
    return "\n".join(lines)


def assert_no_violations(page: Any, where: str) -> None:
    found = violations(page)
    count = sum(len(v["nodes"]) for v in found)
    assert not found, f"{where}: {count} WCAG 2.1 A/AA violations\n{describe(found)}"
