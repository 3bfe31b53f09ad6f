"""The library stays engine-independent: only kb_tools.site imports MkDocs."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "kb_tools"


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


ENGINE_ADAPTERS = {"site/mkdocs/plugin.py", "site/mkdocs/build.py", "site/mkdocs/serve.py"}


def test_only_the_engine_adapters_import_mkdocs() -> None:
    importers = {
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*.py")
        if {"mkdocs", "material"} & _imports(path)
    }
    assert importers == ENGINE_ADAPTERS


def test_only_the_cli_imports_click() -> None:
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if "cli" not in path.relative_to(PACKAGE).parts and "click" in _imports(path)
    ]
    assert offenders == []
