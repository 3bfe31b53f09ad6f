"""The npm packages the editor tests run: Decap CMS, js-yaml and decap-server,
pinned, installed once into ``.kb-test-cache/npm`` (git-ignored).

Without node and npm, or without the npm registry, the tests that need them
skip and say why; CI reaches the registry and runs them.
"""

from __future__ import annotations

import base64
import hashlib
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest

from kb_tools.cms.settings import DECAP, JS_YAML

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / ".kb-test-cache" / "npm"
DECAP_SERVER = "3.11.3"


def sri(path: Path) -> str:
    """The Subresource Integrity hash of a file (sha384)."""
    return "sha384-" + base64.b64encode(hashlib.sha384(path.read_bytes()).digest()).decode()


def _run(command: list[str]) -> None:
    try:
        result = subprocess.run(
            command, cwd=CACHE, capture_output=True, text=True, timeout=600, check=False
        )
    except subprocess.TimeoutExpired:
        pytest.skip(f"npm did not finish within 10 minutes: {' '.join(command)}")
    if result.returncode != 0:
        pytest.skip(
            "npm could not install the editor's packages (is the registry reachable?): "
            + _reason(result.stderr)
        )


def _reason(stderr: str) -> str:
    """The line of npm's error output that says what went wrong."""
    lines = [line.removeprefix("npm error").strip() for line in stderr.splitlines()]
    noise = ("code ", "syscall ", "errno ", "at ", "A complete log", "{", "}")
    useful = [line for line in lines if line and not line.startswith(noise)]
    return useful[0] if useful else "no message"


def npm_packages() -> Path:
    """The cache folder with ``decap-cms/dist/``, ``node_modules/js-yaml`` and
    ``node_modules/decap-server``; skips the test where that cannot be had."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("node and npm are not installed (Debian: apt-get install nodejs npm)")
    ready = CACHE / f".ready-decap-{DECAP.version}-js-yaml-{JS_YAML.version}-server-{DECAP_SERVER}"
    if ready.exists():
        return CACHE
    CACHE.mkdir(parents=True, exist_ok=True)
    npm = ["npm", "--no-audit", "--no-fund", "--loglevel=error"]
    _run(
        [
            *npm,
            "install",
            "--prefix",
            str(CACHE),
            "--no-save",
            "--no-package-lock",
            f"decap-server@{DECAP_SERVER}",
            f"js-yaml@{JS_YAML.version}",
        ]
    )
    # The decap-cms package carries its bundle in dist/; its 700 dependencies
    # are only for building it, so take the tarball rather than install it.
    _run([*npm, "pack", f"decap-cms@{DECAP.version}", "--pack-destination", str(CACHE)])
    tarball = CACHE / f"decap-cms-{DECAP.version}.tgz"
    target = CACHE / "decap-cms"
    shutil.rmtree(target, ignore_errors=True)
    with tarfile.open(tarball) as archive:
        members = [
            m
            for m in archive.getmembers()
            if m.isfile() and m.name.startswith("package/dist/") and m.name.endswith(".js")
        ]
        for member in members:
            member.name = member.name.removeprefix("package/")
        archive.extractall(target, members=members, filter="data")
    tarball.unlink()
    ready.touch()
    return CACHE
