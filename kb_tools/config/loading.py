"""Reading the configuration from ``mkdocs.yml``: the engine's settings the
library needs (:class:`Config`) and the ``kb`` plugin's options, validated
by :class:`~.settings.KBConfig` with the line of every problem.

:mod:`.mkdocs_yaml` reads the file the way MkDocs does, without importing
MkDocs. Used by every command through :func:`load_config`, and by the MkDocs
plugin, which reads the same file the same way.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pathspec.gitignore import GitIgnoreSpec
from pydantic import ValidationError

from ..fields.validation import Problem, translate
from ..front_matter import FrontMatter
from ..i18n import Message, msg
from .mkdocs_yaml import ConfigError, find_config_file, merge, read_yaml_file
from .settings import (
    BUILTIN_EXTENSIONS,
    MATERIAL_STATUSES,
    PLUGIN_NAME,
    KBConfig,
)


@dataclass
class Config:
    """What the library needs from ``mkdocs.yml``: the engine's settings that
    change how pages render and link, and the ``kb`` options."""

    config_file: Path
    root: Path
    docs_dir: Path
    kb: KBConfig
    site_name: str = "Kunskapsbanken"
    site_url: str | None = None
    site_dir: Path | None = None
    use_directory_urls: bool = True
    markdown_extensions: list[Any] = field(default_factory=list)
    mdx_configs: dict[str, dict[str, Any]] = field(default_factory=dict)
    # The site's language as Material reads it (theme.language; English when
    # it is not set); kb's messages follow it unless --lang or KB_LANG say
    # otherwise (kb_tools.i18n.choose).
    language: str = "en"
    edit_uri: str | None = None
    repo_url: str | None = None
    docs_as_configured: Path | None = None  # docs_dir before symlinks are resolved
    # Material's page status badges (front matter 'status: new'), and the
    # site's own under extra.status: on untyped pages they are not kb's status.
    page_statuses: frozenset[str] = MATERIAL_STATUSES
    # MkDocs' exclude_docs: gitignore patterns of files the site leaves out,
    # which are then no pages of the bank either.
    exclude_docs: str | None = None
    # Where a templating plugin (mkdocs-macros) expands the Markdown before
    # it is rendered: what it starts an expression with. A link written with
    # one is known only after the expansion, so it is not checked.
    template_markers: tuple[str, ...] = ()

    @functools.cached_property
    def _excluded(self) -> GitIgnoreSpec:
        # MkDocs' own defaults, then the site's patterns, read as MkDocs does.
        patterns = [".*", "/templates/", *(self.exclude_docs or "").splitlines()]
        return GitIgnoreSpec.from_lines(patterns)

    def excluded(self, src: str) -> bool:
        """Whether MkDocs leaves the docs-relative *src* out of the site (a
        folder ends in ``/``)."""
        return self._excluded.match_file(src)

    def relative(self, path: Path) -> str:
        """*path* relative to the bank root, with forward slashes, also through
        symlinks: the root as the user named it, the root's real location, or
        the docs folder's real location (``docs`` may be a link elsewhere)."""
        found = self._under_root(path)
        if found is not None:
            return found
        inside_docs = _inside(path.resolve(), self.docs_dir.resolve())
        if inside_docs is not None:
            return (self.docs_prefix + inside_docs).removesuffix("/.") or "."
        return os.path.relpath(os.path.abspath(path), os.path.abspath(self.root)).replace(
            os.sep, "/"
        )

    def _under_root(self, path: Path) -> str | None:
        lexical = _inside(Path(os.path.abspath(path)), Path(os.path.abspath(self.root)))
        return lexical if lexical is not None else _inside(path.resolve(), self.root.resolve())

    @property
    def docs_prefix(self) -> str:
        docs = self.docs_as_configured or self.docs_dir
        prefix = self._under_root(docs)
        if prefix is None:
            prefix = os.path.relpath(os.path.abspath(docs), os.path.abspath(self.root))
            prefix = prefix.replace(os.sep, "/")
        return "" if prefix in ("", ".") else prefix + "/"


def _inside(path: Path, folder: Path) -> str | None:
    """*path* relative to *folder* (``.`` for the folder itself), or None."""
    try:
        return path.relative_to(folder).as_posix()
    except ValueError:
        return None


# --- reading mkdocs.yml -----------------------------------------------------


def plugin_options(data: dict[str, Any]) -> tuple[dict[str, Any] | None, tuple[str | int, ...]]:
    """The kb plugin's options in the settings *data* of ``mkdocs.yml`` (None
    when it is not enabled), and where they are written."""
    plugins = data.get("plugins")
    if isinstance(plugins, dict):
        options = plugins.get(PLUGIN_NAME, None if PLUGIN_NAME not in plugins else {})
        return (options or {}) if PLUGIN_NAME in plugins else None, ("plugins", PLUGIN_NAME)
    if isinstance(plugins, list):
        for index, entry in enumerate(plugins):
            if entry == PLUGIN_NAME:
                return {}, ("plugins", index)
            if isinstance(entry, dict) and PLUGIN_NAME in entry:
                return entry[PLUGIN_NAME] or {}, ("plugins", index, PLUGIN_NAME)
    return None, ()


def validate_kb_options(
    options: Any,
    positions: FrontMatter | None = None,
    base: tuple[str | int, ...] = (),
    site: dict[str, Any] | None = None,
) -> KBConfig:
    """Validate the plugin's options; :class:`ConfigError` lists every problem.

    *positions* are the key positions of the whole config file and *base* the
    location of the options in it, so problems can name their line. *site*
    holds the settings outside the plugin that options are checked against
    (``site_name``, ``site_url``: a federated bank is never this one).
    """
    if not isinstance(options, dict):
        raise ConfigError(msg("the kb plugin options must be a mapping of settings"))
    try:
        return KBConfig.model_validate(options, context=site)
    except ValidationError as exc:
        if positions is None:
            problems = translate(exc, KBConfig, FrontMatter(data=options))
            base = ()
        else:
            problems = translate(exc, KBConfig, positions, base)
        raise ConfigError(_config_message(problems, base, positions is not None)) from None


def _config_message(
    problems: list[Problem], base: tuple[str | int, ...], with_lines: bool
) -> Message:
    lines = []
    for problem in problems:
        relative = problem.path[len(base) :]
        key = str(relative[-1]) if relative else ""
        where = "plugins.kb" + "".join(f".{p}" for p in relative[:-1])
        text: Message
        if problem.kind == "missing":
            text = msg("{where}: missing required key '{key}'", where=where, key=key)
        elif problem.kind == "unknown":
            text = msg("{where}: unknown key '{key}'", where=where, key=key)
        else:
            text = msg("{where}: {problem}", where=f"{where}.{key}",
                       problem=problem.text or problem.message)
        if problem.hint:
            text = msg("{problem} ({hint})", problem=text, hint=problem.hint)
        if with_lines:
            text = msg("line {line}: {problem}", line=str(problem.position.line), problem=text)
        lines.append(text)
    if len(lines) == 1:
        return msg("invalid kb configuration in mkdocs.yml: {problem}", problem=lines[0])
    listed = lines[0]
    for line in lines[1:]:
        listed = msg("{lines}\n  {line}", lines=listed, line=line)
    return msg("invalid kb configuration in mkdocs.yml:\n  {problems}", problems=listed)


def load_config(config_file: Path | None = None) -> Config:
    """Read ``mkdocs.yml`` (found in the current directory when not given)."""
    # Like MkDocs, the config's folder as named, not resolved: a bank opened
    # through a symlink reports paths under the name the user gave.
    path = Path(os.path.abspath(config_file or find_config_file()))
    if path.is_dir():
        path = find_config_file(path)
    if not path.exists():
        raise ConfigError(msg("config file not found: {path}", path=str(path)))
    data, positions = read_yaml_file(path)
    parent = data.pop("INHERIT", None)
    if isinstance(parent, str):
        parent_data, _ = read_yaml_file((path.parent / parent).resolve())
        data = merge(parent_data, data)
    theme = data.get("theme")
    language = theme.get("language") if isinstance(theme, dict) else None
    try:
        return _config(path, data, positions, language)
    except ConfigError as exc:
        exc.language = language  # said in the bank's language, though the bank is unusable
        raise


def site_language(config_file: Path | None = None) -> object:
    """The bank's ``theme.language``, read without judging the rest of
    ``mkdocs.yml`` (the CLI speaks it from a run's first word, ``--help``
    included); None without a readable file."""
    try:
        path = Path(os.path.abspath(config_file or find_config_file()))
        if path.is_dir():
            path = find_config_file(path)
        data, _ = read_yaml_file(path)
    except ConfigError as exc:
        return exc.language
    except (OSError, ValueError):
        return None
    theme = data.get("theme")
    return theme.get("language") if isinstance(theme, dict) else None


def _config(path: Path, data: dict[str, Any], positions: FrontMatter, language: Any) -> Config:
    options, base = plugin_options(data)
    if options is None:
        raise ConfigError(
            msg("{file} does not enable the '{plugin}' plugin", file=path.name,
                plugin=PLUGIN_NAME),
            msg(
                "add it under 'plugins:', e.g.\n  plugins:\n    - search\n"
                "    - kb:\n        owners: {{...}}"
            ),
        )
    own = {key: data.get(key) for key in ("site_name", "site_url")}
    kb = validate_kb_options(options, positions, base, own)
    root = path.parent
    docs_as_configured = Path(os.path.abspath(root / str(data.get("docs_dir") or "docs")))
    docs_dir = docs_as_configured.resolve()
    if not docs_dir.is_dir():
        raise ConfigError(
            msg("the docs folder {folder} does not exist", folder=str(docs_dir)),
            msg("set 'docs_dir' in mkdocs.yml or create the folder"),
        )
    extensions, configs = _markdown_extensions(data.get("markdown_extensions"))
    site_dir = data.get("site_dir")
    return Config(
        config_file=path,
        root=root,
        docs_dir=docs_dir,
        kb=kb,
        site_name=str(data.get("site_name") or "Kunskapsbanken"),
        site_url=data.get("site_url") or None,
        site_dir=(root / str(site_dir)).resolve() if site_dir else root / "site",
        use_directory_urls=bool(data.get("use_directory_urls", True)),
        markdown_extensions=extensions,
        mdx_configs=configs,
        language=str(language or "en"),
        edit_uri=data.get("edit_uri"),
        repo_url=data.get("repo_url"),
        docs_as_configured=docs_as_configured,
        page_statuses=MATERIAL_STATUSES | _declared_statuses(data.get("extra")),
        exclude_docs=_exclude_docs(data.get("exclude_docs")),
        template_markers=_template_markers(data.get("plugins")),
    )


def _exclude_docs(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, list):  # MkDocs takes a string; a list is forgiven
        return "\n".join(str(item) for item in value)
    return None


MACRO_PLUGINS = ("macros", "mkdocs-macros", "markdownextradata")


def _template_markers(plugins: Any) -> tuple[str, ...]:
    """The strings that open a template expression or statement, when a
    plugin that expands templates in the Markdown is enabled."""
    entries = plugins.items() if isinstance(plugins, dict) else (
        next(iter(entry.items())) if isinstance(entry, dict) and entry else (entry, None)
        for entry in plugins or ()
    )
    for name, options in entries:
        if name in MACRO_PLUGINS:
            settings = options if isinstance(options, dict) else {}
            return tuple(
                str(settings.get(key) or default)
                for key, default in (
                    ("j2_variable_start_string", "{{"),
                    ("j2_block_start_string", "{%"),
                )
            )
    return ()


def _declared_statuses(extra: Any) -> frozenset[str]:
    statuses = extra.get("status") if isinstance(extra, dict) else None
    return frozenset(str(k) for k in statuses) if isinstance(statuses, dict) else frozenset()


def _markdown_extensions(value: Any) -> tuple[list[Any], dict[str, dict[str, Any]]]:
    names: list[Any] = list(BUILTIN_EXTENSIONS)
    configs: dict[str, dict[str, Any]] = {}
    entries: list[Any]
    if value is None:
        entries = []
    elif isinstance(value, dict):
        entries = [{k: v} for k, v in value.items()]
    elif isinstance(value, list):
        entries = value
    else:
        raise ConfigError(msg("markdown_extensions must be a list of extension names"))
    for entry in entries:
        if isinstance(entry, str):
            name, options = entry, None
        elif isinstance(entry, dict) and len(entry) == 1:
            name, options = next(iter(entry.items()))
        else:
            raise ConfigError(
                msg("markdown_extensions: cannot read entry {entry}", entry=repr(entry))
            )
        if name not in names:
            names.append(name)
        if isinstance(options, dict):
            configs[name] = options
    return names, configs


def config_from_dict(
    root: Path, kb_options: dict[str, Any], *, docs_dir: str = "docs", **site: Any
) -> Config:
    """A configuration without a file on disk (tests, embedding)."""
    extensions, configs = _markdown_extensions(site.pop("markdown_extensions", None))
    return Config(
        config_file=root / "mkdocs.yml",
        root=root,
        docs_dir=root / docs_dir,
        kb=validate_kb_options(
            kb_options, site={key: site.get(key) for key in ("site_name", "site_url")}
        ),
        markdown_extensions=extensions,
        mdx_configs=configs,
        **site,
    )
