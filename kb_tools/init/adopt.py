"""``kb init`` on an existing MkDocs site: add the ``kb`` plugin to its
``mkdocs.yml`` (see :mod:`.insert`), prove the result, survey the pages.

The new file is checked before it replaces the old one: it must parse the
way MkDocs parses it, enable ``kb`` with valid options, and hold every other
setting exactly as before (compared node by node, tags and all). The file is
replaced atomically; nothing is written when any of this fails.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..config import PLUGIN_NAME, plugin_options, validate_kb_options
from ..config.mkdocs_yaml import ConfigError, read_yaml_file
from ..i18n import msg
from .insert import Insertion, compose, plan, plugins_node
from .owners import Owner
from .survey import Survey, survey


class AlreadyAdopted(ConfigError):
    """The site already enables the kb plugin (exit code 2)."""


@dataclass(frozen=True)
class Adoption:
    config_file: Path
    insertion: Insertion
    lines: tuple[int, int]  # first and last line of the inserted text
    owners: tuple[Owner, ...]
    survey: Survey


def adopt(config_file: Path, owners: list[Owner]) -> Adoption:
    """Add the kb plugin to *config_file* and survey the site's pages;
    *owners* as :func:`.owners.parse_owners` gives them (ids distinct)."""
    try:
        raw = config_file.read_bytes()
    except OSError as exc:
        raise ConfigError(
            msg("cannot read {path}: {reason}", path=str(config_file),
                reason=str(exc.strerror or exc))
        ) from None
    data, _ = read_yaml_file(config_file)  # also rejects what MkDocs could not read
    text = raw.decode("utf-8")
    options, _ = plugin_options(data)
    if options is not None:
        raise AlreadyAdopted(
            msg("{file} already enables the '{plugin}' plugin; kb init changes nothing",
                file=config_file.name, plugin=PLUGIN_NAME),
            msg("run kb check to see what it finds"),
        )
    _refuse_inherited_plugins(config_file, data, text)
    docs_dir = config_file.parent / str(data.get("docs_dir") or "docs")
    if not docs_dir.is_dir():
        raise ConfigError(
            msg("the docs folder {folder} does not exist", folder=str(docs_dir)),
            msg("kb init adopts an existing MkDocs site: run it where mkdocs.yml and its docs are"),
        )
    insertion = plan(text, owners)
    new_text = insertion.apply(text)
    _verify(config_file, text, new_text)
    _replace(config_file, new_text.encode("utf-8"))
    return Adoption(
        config_file, insertion, _lines(new_text, insertion), tuple(owners), survey(docs_dir)
    )


def _refuse_inherited_plugins(config_file: Path, data: dict[str, object], text: str) -> None:
    # MkDocs merges INHERIT key by key but replaces lists: a plugins list
    # written here would drop the parent's plugins.
    parent = data.get("INHERIT")
    if isinstance(parent, str) and plugins_node(compose(text)) is None:
        parent_data, _ = read_yaml_file((config_file.parent / parent).resolve())
        if parent_data.get("plugins") is not None:
            raise ConfigError(
                msg("the plugins of {file} come from {parent} (INHERIT)",
                    file=config_file.name, parent=str(parent)),
                msg("add the kb plugin to {parent}, or copy its plugins list into {file} and "
                    "run kb init again", parent=str(parent), file=config_file.name),
            )


def _verify(config_file: Path, old: str, new: str) -> None:
    """The new text parses as MkDocs reads it, enables kb with valid options,
    and keeps every other setting and every existing plugin as it was."""
    old_root, new_root = compose(old), compose(new)
    old_pairs = _pairs(old_root)
    new_pairs = _pairs(new_root)
    others_old = [(k, v) for k, v in old_pairs if k != "plugins"]
    others_new = [(k, v) for k, v in new_pairs if k != "plugins"]
    same = len(others_old) == len(others_new) and all(
        k1 == k2 and _same(v1, v2)
        for (k1, v1), (k2, v2) in zip(others_old, others_new, strict=True)
    )
    old_plugins = dict(old_pairs).get("plugins")
    new_plugins = dict(new_pairs).get("plugins")
    if not same or not _plugins_kept(old_plugins, new_plugins):
        raise ConfigError(
            msg("kb init could not add the plugin without changing other settings")
        )
    with tempfile.TemporaryDirectory() as folder:
        probe = Path(folder) / config_file.name
        probe.write_text(new, encoding="utf-8")
        data, _ = read_yaml_file(probe)
    options, _ = plugin_options(data)
    if options is None:
        raise ConfigError(msg("kb init could not add the plugin: mkdocs.yml does not enable it"))
    validate_kb_options(options)


def _pairs(root: yaml.MappingNode | None) -> list[tuple[str, yaml.Node]]:
    if root is None:
        return []
    return [(str(k.value), v) for k, v in root.value]


def _same(a: yaml.Node, b: yaml.Node) -> bool:
    if type(a) is not type(b) or a.tag != b.tag:
        return False
    if isinstance(a, yaml.ScalarNode):
        return bool(a.value == b.value)
    if isinstance(a, yaml.SequenceNode):
        return len(a.value) == len(b.value) and all(
            _same(x, y) for x, y in zip(a.value, b.value, strict=True)
        )
    return len(a.value) == len(b.value) and all(
        _same(k1, k2) and _same(v1, v2) for (k1, v1), (k2, v2) in zip(a.value, b.value, strict=True)
    )


def _plugins_kept(old: yaml.Node | None, new: yaml.Node | None) -> bool:
    if new is None:
        return False
    if old is None or (isinstance(old, yaml.ScalarNode) and not old.value):
        return isinstance(new, yaml.SequenceNode) and len(new.value) == 2
    if isinstance(old, yaml.SequenceNode) and isinstance(new, yaml.SequenceNode):
        kept = new.value[:-1]
        return len(kept) == len(old.value) and all(
            _same(x, y) for x, y in zip(old.value, kept, strict=True)
        )
    if isinstance(old, yaml.MappingNode) and isinstance(new, yaml.MappingNode):
        kept = new.value[:-1]
        return len(kept) == len(old.value) and all(
            _same(k1, k2) and _same(v1, v2)
            for (k1, v1), (k2, v2) in zip(old.value, kept, strict=True)
        )
    return False


def _replace(path: Path, content: bytes) -> None:
    """Write *content* to *path* atomically, keeping the file's permissions."""
    mode = path.stat().st_mode & 0o7777
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise ConfigError(
            msg("cannot write {path}: {reason}", path=str(path), reason=str(exc.strerror or exc))
        ) from None


def _lines(new_text: str, insertion: Insertion) -> tuple[int, int]:
    inserted = insertion.text.lstrip("\r\n")
    start = insertion.offset + len(insertion.text) - len(inserted)
    first = new_text.count("\n", 0, start) + 1
    last = first + inserted.rstrip("\r\n").count("\n")
    return first, last
