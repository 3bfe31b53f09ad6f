"""Reading ``mkdocs.yml`` the way MkDocs reads it, without importing MkDocs
and without running code from it: PyYAML's safe loader with the Python tags
a site's Markdown settings need (:mod:`.python_tags`), the ``!ENV`` and
``!relative`` tags, and ``INHERIT`` merging; plus where each key is written,
for messages with line and column.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import yaml

from ..front_matter import FrontMatter, FrontMatterError, parse_yaml
from . import python_tags

CONFIG_FILE_NAMES = ("mkdocs.yml", "mkdocs.yaml")


class ConfigError(Exception):
    """The configuration cannot be used (exit code 2)."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message + (f"\n  hint: {self.hint}" if self.hint else "")


class _ConfigLoader(yaml.SafeLoader):
    """PyYAML's safe loader, plus MkDocs' own tags and the Python tags of
    Markdown settings (never one that runs code from the file)."""


def _construct_env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    elif isinstance(node, yaml.SequenceNode):
        items = loader.construct_sequence(node)
        names, default = items[:-1], items[-1] if len(items) > 1 else None
    else:
        raise yaml.constructor.ConstructorError(
            None, None, "!ENV expects a name or a list", node.start_mark
        )
    for name in names:
        if isinstance(name, str) and name in os.environ:
            return yaml.safe_load(os.environ[name]) if os.environ[name] else ""
    return default


def _construct_relative(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    return loader.construct_scalar(node) if isinstance(node, yaml.ScalarNode) else None


_ConfigLoader.add_constructor("!ENV", _construct_env)
_ConfigLoader.add_constructor("!relative", _construct_relative)
python_tags.register(_ConfigLoader)


def find_config_file(start: Path | None = None) -> Path:
    """``mkdocs.yml`` in *start* (the current directory by default)."""
    folder = Path(os.path.abspath(start or Path.cwd()))  # as named, symlinks kept
    for name in CONFIG_FILE_NAMES:
        candidate = folder / name
        if candidate.is_file():
            return candidate
    raise ConfigError(
        f"no mkdocs.yml in {folder}",
        "run kb in the bank's root folder, or point to the file with -f PATH/mkdocs.yml",
    )


def read_yaml_file(path: Path) -> tuple[dict[str, Any], FrontMatter]:
    """The settings in *path*, and where each key is written."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"{path.name} is not valid UTF-8 (byte offset {exc.start})", "save the file as UTF-8"
        ) from None
    try:
        data = yaml.load(text, Loader=_ConfigLoader)
    except python_tags.TagProblem as exc:
        hint = python_tags.HINT if isinstance(exc, python_tags.UntrustedTag) else None
        raise ConfigError(f"{_where(path, exc)}: {exc.problem}", hint) from None
    except yaml.MarkedYAMLError as exc:
        raise ConfigError(f"{_where(path, exc)}: YAML syntax error: {exc.problem}") from None
    except (yaml.YAMLError, ImportError, AttributeError, TypeError, ValueError) as exc:
        raise ConfigError(f"{path.name}: cannot be read: {exc}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(
            f"{path.name}: expected a mapping of settings, found {type(data).__name__}"
        )
    try:
        positions = _positions(text)
    except FrontMatterError:
        positions = FrontMatter()
    return data, positions


def _where(path: Path, error: yaml.MarkedYAMLError) -> str:
    mark = error.problem_mark
    return f"{path.name}:{mark.line + 1}:{mark.column + 1}" if mark else path.name


def _positions(text: str) -> FrontMatter:
    """Key positions of the config file (tags stripped, values unused)."""
    safe = "\n".join(_strip_tags(line) for line in text.split("\n"))
    return parse_yaml(safe, first_line=1)


def _strip_tags(line: str) -> str:
    # Positions only: neutralise custom tags so the safe parser can walk the file.
    return _TAG.sub("", line)


_TAG = re.compile(r"!!?[A-Za-z][\w/:.\-]*")


def merge(base: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    """*child* over *base*, mappings merged key by key (MkDocs' ``INHERIT``)."""
    result = dict(base)
    for key, value in child.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = merge(result[key], value)
        else:
            result[key] = value
    return result
