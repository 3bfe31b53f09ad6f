"""The rooms of kb_tools and what may import what (handbook/architecture.md).

Each room imports only the rooms below it: the table below is the whole
contract, it has no cycle, and every import in the code keeps to it. The
libraries that tie a room to one engine or one use stay in that room: only
the MkDocs adapter imports MkDocs, only the CLI click and rich, only the
link checker aiohttp, only search Whoosh.
"""

from __future__ import annotations

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "kb_tools"

# room -> the rooms it may import. A room is a folder of kb_tools (site/mkdocs
# is one of its own) or one of the modules at the top ("kb_tools" is the
# package's public face, kb_tools/__init__.py).
MAY_IMPORT: dict[str, set[str]] = {
    "i18n": set(),
    "diagnostics": {"i18n"},
    "version": set(),
    "front_matter": {"i18n"},
    "storage": {"i18n"},
    "fields": {"front_matter", "i18n"},
    "text": {"fields", "i18n"},
    "safety": {"diagnostics", "fields", "front_matter", "i18n", "text"},
    "config": {"diagnostics", "fields", "front_matter", "i18n"},
    "markdown": {"config", "i18n", "text"},
    "model": {"config", "diagnostics", "fields", "front_matter", "i18n", "markdown", "safety",
              "storage", "text"},
    "checks": {"authoring", "config", "diagnostics", "fields", "i18n", "model"},
    "report": {"diagnostics", "i18n", "text"},
    "exports": {"fields", "i18n", "model", "text"},
    "search": {"config", "i18n", "model", "storage", "text"},
    "linkcheck": {"config", "diagnostics", "i18n", "model", "storage"},
    "authoring": {"fields", "i18n", "model"},
    "editing": {"fields", "front_matter", "i18n", "storage", "text"},
    "init": {"config", "fields", "front_matter", "i18n", "model"},
    "review": {"config", "exports", "fields", "front_matter", "i18n", "model", "storage", "text"},
    "importing": {"authoring", "fields", "i18n", "model", "safety"},
    "cms": {"authoring", "config", "fields", "i18n", "model", "text"},
    "site": {"config", "exports", "fields", "i18n", "model", "review", "search", "storage",
             "text"},
    "site/mkdocs": {"checks", "cms", "config", "diagnostics", "i18n", "markdown", "model",
                    "report", "site", "text", "version"},
    "deploy": {"cms", "config", "i18n", "site"},
    "kb_tools": {"checks", "config", "diagnostics", "i18n", "model"},
    "cli": {"authoring", "checks", "config", "deploy", "diagnostics", "editing", "fields",
            "i18n", "importing", "init", "linkcheck", "model", "report", "review", "search",
            "site/mkdocs", "storage", "text", "version"},
}

# Imports that cross the table on purpose, module by module, with the reason.
EXCEPTIONS: dict[tuple[str, str], str] = {
    # The cms: block is part of the configuration model, but it lives with the
    # editor it configures (with the pinned scripts); it imports only fields.
    ("config/settings.py", "cms"): "the cms: settings model",
    # extra_keys may not name a key kb reads: which keys those are is the
    # front-matter models' to say (imported late, in the validator).
    ("config/settings.py", "model"): "the keys the front-matter models read",
    # The plugin's old import path, kept for existing installs.
    ("site/plugin.py", "site/mkdocs"): "an alias of the plugin",
}

# Third-party libraries that belong to one room (or module) only.
ONLY_IN: dict[str, set[str]] = {
    "mkdocs": {"site/mkdocs"},
    "material": {"site/mkdocs"},
    "click": {"cli"},
    "rich": {"cli"},
    "aiohttp": {"linkcheck"},
    "whoosh": {"search"},
    "snowballstemmer": {"search"},
    "nh3": {"site/sanitize.py"},
    "mammoth": {"importing"},
    "bs4": {"importing"},
    "pypdf": {"importing"},
    "icalendar": {"exports"},
    "frontmatter": {"front_matter.py", "model/post.py"},
    "markdown": {"markdown"},
}


def _room(relative: Path) -> str:
    parts = relative.with_suffix("").parts
    if parts[:2] == ("site", "mkdocs"):
        return "site/mkdocs"
    if len(parts) == 1:
        return "kb_tools" if parts[0] == "__init__" else parts[0]
    return parts[0]


def _room_of_module(module: str) -> str:
    parts = module.split(".")[1:]
    if not parts:
        return "kb_tools"
    if parts[:2] == ["site", "mkdocs"]:
        return "site/mkdocs"
    return parts[0]


def _modules() -> list[tuple[str, str, ast.Module]]:
    """(path relative to kb_tools, room, syntax tree) of every module."""
    return [
        (path.relative_to(PACKAGE).as_posix(), _room(path.relative_to(PACKAGE)),
         ast.parse(path.read_text(encoding="utf-8")))
        for path in sorted(PACKAGE.rglob("*.py"))
    ]


def _own_imports(relative: str, tree: ast.Module) -> set[str]:
    """The kb_tools modules *relative* imports (relative imports, resolved)."""
    parts = ["kb_tools", *Path(relative).with_suffix("").parts][:-1]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level > 0:
            base = parts[: len(parts) - (node.level - 1)]
            module = ".".join([*base, *([node.module] if node.module else [])])
            if node.module:
                found.add(module)
            else:
                found.update(f"{module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [
                node.module or ""
            ]
            found.update(n for n in names if n.split(".")[0] == "kb_tools")
    return found


def _third_party(tree: ast.Module) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_the_table_has_no_cycle_so_nothing_runs_back_up() -> None:
    try:
        order = list(TopologicalSorter(MAY_IMPORT).static_order())
    except CycleError as exc:  # pragma: no cover - the message is the failure
        pytest.fail(f"the rooms import each other in a circle: {exc.args[1]}")
    assert set(order) == set(MAY_IMPORT)


def test_every_room_is_in_the_table() -> None:
    assert {room for _, room, _ in _modules()} == set(MAY_IMPORT)


def test_every_import_keeps_to_the_table() -> None:
    offenders = []
    used: set[tuple[str, str]] = set()
    for relative, room, tree in _modules():
        for module in _own_imports(relative, tree):
            target = _room_of_module(module)
            if target == room or target in MAY_IMPORT[room]:
                continue
            if (relative, target) in EXCEPTIONS:
                used.add((relative, target))
                continue
            offenders.append(f"{relative} ({room}) imports {module} ({target})")
    assert offenders == []
    assert used == set(EXCEPTIONS), "an exception no longer needed: remove it"


@pytest.mark.parametrize("library", sorted(ONLY_IN))
def test_a_library_stays_in_its_room(library: str) -> None:
    allowed = ONLY_IN[library]
    importers = {
        relative
        for relative, room, tree in _modules()
        if library in _third_party(tree) and room not in allowed and relative not in allowed
    }
    assert importers == set()


def test_the_engine_adapter_is_the_only_importer_of_mkdocs() -> None:
    importers = {
        relative for relative, _, tree in _modules() if {"mkdocs", "material"} & _third_party(tree)
    }
    assert importers == {
        "site/mkdocs/build.py",
        "site/mkdocs/config.py",
        "site/mkdocs/plugin.py",
        "site/mkdocs/serve.py",
    }


def test_every_room_says_what_it_holds() -> None:
    for init in sorted(PACKAGE.rglob("__init__.py")):
        docstring = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert docstring and len(docstring) > 80, init.relative_to(PACKAGE).as_posix()
