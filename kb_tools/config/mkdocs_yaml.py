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
from ..i18n import Message, as_message, msg
from ..i18n.yaml import yaml_problem
from . import python_tags

CONFIG_FILE_NAMES = ("mkdocs.yml", "mkdocs.yaml")


class ConfigError(Exception):
    """The configuration cannot be used (exit code 2). *language* is the
    site's ``theme.language`` when the file was read that far, so that the
    message can be shown in the bank's language."""

    def __init__(
        self, message: Message | str, hint: Message | str | None = None, language: object = None
    ) -> None:
        super().__init__(message)
        self.message = as_message(message)
        self.hint = None if hint is None else as_message(hint)
        self.language = language

    def __str__(self) -> str:
        if self.hint is None:
            return self.message.render()
        return msg("{message}\n  hint: {hint}", message=self.message, hint=self.hint).render()


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
        msg("no mkdocs.yml in {folder}", folder=str(folder)),
        msg("run kb in the bank's root folder, or point to the file with -f PATH/mkdocs.yml"),
    )


def read_yaml_file(path: Path) -> tuple[dict[str, Any], FrontMatter]:
    """The settings in *path*, and where each key is written."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(
            msg("cannot read {path}: {reason}", path=str(path), reason=str(exc.strerror or exc))
        ) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(
            msg("{file} is not valid UTF-8 (byte offset {offset})", file=path.name,
                offset=exc.start),
            msg("save the file as UTF-8"),
        ) from None
    try:
        data = yaml.load(text, Loader=_ConfigLoader)
    except python_tags.TagProblem as exc:
        raise ConfigError(
            msg("{where}: {problem}", where=_where(path, exc), problem=exc.message), exc.hint,
            language=written_language(text),
        ) from None
    except yaml.MarkedYAMLError as exc:
        raise ConfigError(
            msg("{where}: YAML syntax error: {problem}", where=_where(path, exc),
                problem=yaml_problem(str(exc.problem))),
            language=written_language(text),
        ) from None
    except (yaml.YAMLError, ImportError, AttributeError, TypeError, ValueError) as exc:
        raise ConfigError(
            msg("{file}: cannot be read: {reason}", file=path.name, reason=str(exc))
        ) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(
            msg("{file}: expected a mapping of settings, found {found}", file=path.name,
                found=msg("a list") if isinstance(data, list) else msg("a single value"))
        )
    try:
        positions = _positions(text)
    except FrontMatterError:
        positions = FrontMatter()
    return data, positions


def _where(path: Path, error: yaml.MarkedYAMLError) -> str:
    mark = error.problem_mark
    return f"{path.name}:{mark.line + 1}:{mark.column + 1}" if mark else path.name


# ``theme:`` and, indented below it (or in its braces), ``language: sv``.
_THEME_LANGUAGE = re.compile(
    r"^theme:[ \t]*(?:#.*)?\n(?:(?:[ \t]+.*|[ \t]*)\n)*?[ \t]+language:[ \t]*['\"]?([\w-]+)"
    r"|^theme:[ \t]*\{[^}\n]*\blanguage:[ \t]*['\"]?([\w-]+)",
    re.MULTILINE,
)


def written_language(text: str) -> str | None:
    """The ``theme.language`` a file that YAML cannot read seems to name, so
    that the message saying why is in the bank's language."""
    match = _THEME_LANGUAGE.search(text)
    return (match.group(1) or match.group(2)) if match else None


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
