"""A Markdown extension that raises on a page: the page gets KB110, the
rest of the bank is checked as usual, and nothing is silently lost."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kb_tools.config import load_config
from kb_tools.diagnostics import CODES, Severity
from kb_tools.markdown import PageScanner
from kb_tools.model import parallel as parallel_loading

from .conftest import MKDOCS_YML, ROUTINE, MakeBank

FAILING_EXTENSION = """\
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor


class Include(Preprocessor):
    def run(self, lines):
        for line in lines:
            if line.startswith("{{!include"):
                raise ValueError("cannot include\\n" + line[11:-2])
        return lines


class IncludeExtension(Extension):
    def extendMarkdown(self, md):
        md.preprocessors.register(Include(md), "kb_failing", 100)


def makeExtension(**kwargs):
    return IncludeExtension(**kwargs)
"""

BROKEN = ROUTINE + "\n## Del två\n\n{{!include saknas.md}}\n\n[x](saknas.md)\n"
LINKING = ROUTINE + "\n[Del två](r1.md#del-tva) och [fel](r3.md#finns-inte)\n"

EXPECTED = (
    "docs/rutiner/r1.md:6:1: KB110 error: the page could not be rendered by the site's Markdown "
    "extensions: ValueError: cannot include saknas.md\n"
    "  hint: mkdocs build stops at this page too, and its links and anchors are not checked "
    "until it renders: change what the extension cannot handle, or fix the extension\n"
    "docs/rutiner/r2.md:10:36: KB203 error: link to 'r3.md#finns-inte': docs/rutiner/r3.md "
    "has no heading or anchor '#finns-inte'\n"
)


@pytest.fixture
def failing_extension(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    module_dir = tmp_path / "extensions"
    module_dir.mkdir()
    (module_dir / "kb_failing_extension.py").write_text(FAILING_EXTENSION, encoding="utf-8")
    monkeypatch.syspath_prepend(str(module_dir))


def test_the_code_is_an_error_in_the_registry() -> None:
    assert CODES["KB110"].severity is Severity.ERROR


@pytest.mark.usefixtures("failing_extension")
@pytest.mark.parametrize("parallel", [False, True], ids=["serial", "forked"])
def test_a_page_an_extension_raises_on_is_a_finding(
    make_bank: MakeBank, monkeypatch: pytest.MonkeyPatch, parallel: bool
) -> None:
    if parallel:
        monkeypatch.setattr(parallel_loading, "PARALLEL_MIN_FILES", 2)
    bank = make_bank(
        {
            "mkdocs.yml": MKDOCS_YML + "  - kb_failing_extension\n",
            "rutiner/r1.md": BROKEN,
            "rutiner/r2.md": LINKING,
            "rutiner/r3.md": ROUTINE,
        }
    )
    cold = bank.kb("check", "--no-cache")
    # The links of r1 could not be read; the link into r1 is not judged
    # against anchors the check could not see; r2 and r3, scanned by the same
    # Markdown instance after the failure, are checked as usual.
    assert cold.output == EXPECTED + "2 errors, 0 warnings in 2 files.\n"
    assert cold.exit_code == 1
    assert cold.stderr == ""
    warm = bank.kb("check")
    assert warm.output == cold.output


@pytest.mark.usefixtures("failing_extension")
def test_the_finding_in_json(make_bank: MakeBank) -> None:
    bank = make_bank(
        {"mkdocs.yml": MKDOCS_YML + "  - kb_failing_extension\n", "rutiner/r1.md": BROKEN}
    )
    findings = json.loads(bank.kb("check", "--format", "json").output)["findings"]
    assert findings == [
        {
            "path": "docs/rutiner/r1.md",
            "line": 6,
            "column": 1,
            "code": "KB110",
            "severity": "error",
            "message": "the page could not be rendered by the site's Markdown extensions: "
            "ValueError: cannot include saknas.md",
            "hint": "mkdocs build stops at this page too, and its links and anchors are not "
            "checked until it renders: change what the extension cannot handle, or fix the "
            "extension",
        }
    ]


@pytest.mark.usefixtures("failing_extension")
def test_a_long_exception_is_shown_by_its_start(make_bank: MakeBank) -> None:
    bank = make_bank(
        {
            "mkdocs.yml": MKDOCS_YML + "  - kb_failing_extension\n",
            "rutiner/r1.md": ROUTINE + "\n{{!include " + "å" * 500 + "}}\n",
        }
    )
    [finding] = json.loads(bank.kb("check", "--format", "json").output)["findings"]
    prefix = "the page could not be rendered by the site's Markdown extensions: "
    assert finding["message"] == prefix + "ValueError: cannot include " + "å" * 172 + "…"


@pytest.mark.usefixtures("failing_extension")
def test_the_scanner_says_why_and_recovers(make_bank: MakeBank) -> None:
    bank = make_bank({"mkdocs.yml": MKDOCS_YML + "  - kb_failing_extension\n"})
    config = load_config(bank.root / "mkdocs.yml")
    scanner = PageScanner(config.markdown_extensions, config.mdx_configs)
    failed = scanner.scan("# Rubrik\n\n{{!include x}}\n\n[a](a.md)\n")
    assert failed.failure == "ValueError: cannot include\nx"
    assert (failed.links, failed.headings, failed.anchors) == ([], [], set())
    after = scanner.scan("# Rubrik\n\n[a](a.md)\n")
    assert after.failure is None
    assert [link.url for link in after.links] == ["a.md"]
    assert after.anchors == {"rubrik"}


LAZY_EXTENSION = """\
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor


class Diagram(Preprocessor):
    def run(self, lines):
        if any(line.startswith("```diagram") for line in lines):
            import kb_diagram_renderer  # installed on its own, imported when needed
        return lines


class DiagramExtension(Extension):
    def extendMarkdown(self, md):
        md.preprocessors.register(Diagram(md), "kb_diagram", 100)


def makeExtension(**kwargs):
    return DiagramExtension(**kwargs)
"""


def test_the_cache_is_stale_once_a_package_is_uninstalled(
    make_bank: MakeBank, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cached kb check said "No problems" after `pip uninstall` of a package
    a page's extension imports: the installed distributions are part of the
    cache's fingerprint."""
    import importlib
    import shutil
    import sys

    site = tmp_path / "site-packages"
    site.mkdir()
    (site / "kb_diagram_extension.py").write_text(LAZY_EXTENSION, encoding="utf-8")
    (site / "kb_diagram_renderer.py").write_text("RENDERER = True\n", encoding="utf-8")
    (site / "kb_diagram_renderer-1.0.dist-info").mkdir()
    monkeypatch.syspath_prepend(str(site))
    bank = make_bank(
        {
            "mkdocs.yml": MKDOCS_YML + "  - kb_diagram_extension\n",
            "rutiner/r1.md": ROUTINE + "\n```diagram\nA -> B\n```\n",
        }
    )
    assert bank.check() == ""
    # pip uninstall kb-diagram-renderer
    (site / "kb_diagram_renderer.py").unlink()
    shutil.rmtree(site / "kb_diagram_renderer-1.0.dist-info")
    monkeypatch.delitem(sys.modules, "kb_diagram_renderer")
    importlib.invalidate_caches()
    assert bank.check() == (
        "docs/rutiner/r1.md:6:1: KB110 error: the page could not be rendered by the site's "
        "Markdown extensions: ModuleNotFoundError: No module named 'kb_diagram_renderer'\n"
        "  hint: mkdocs build stops at this page too, and its links and anchors are not checked "
        "until it renders: change what the extension cannot handle, or fix the extension"
    )
