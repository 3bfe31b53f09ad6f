"""The ``kb`` configuration and its loading from ``mkdocs.yml``.

The CLI and the MkDocs plugin validate the plugin's options with the same
model, :class:`KBConfig`; :mod:`.mkdocs_yaml` reads the file the way MkDocs
does, without importing MkDocs.
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

from .accessibility import AccessibilitySettings
from .cms.settings import CMSSettings
from .diagnostics import CODES, Severity
from .durations import Duration
from .federation import FederatedBank, Federation
from .fields import DurationValue, Email, FileSize, Slug, Text, format_error
from .frontmatter import FrontMatter, Position
from .mkdocs_yaml import ConfigError, find_config_file, merge, read_yaml_file
from .validation import Problem, did_you_mean, translate

PLUGIN_NAME = "kb"
DEFAULT_TYPES: dict[str, Any] = {
    "rutiner": "routine",
    "samverkansparter": "partner",
    "overenskommelser": "agreement",
    "mallar": "template",
}
MATERIAL_STATUSES = frozenset({"new", "deprecated"})
# Far above any page written by hand; bounds the time one file can cost.
DEFAULT_MAX_PAGE_SIZE = 2_000_000
# MkDocs always loads these, whatever markdown_extensions says.
BUILTIN_EXTENSIONS = ("toc", "tables", "fenced_code")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Owner(_Model):
    """A role that owns pages: declared once, referenced by id in ``owner:``."""

    name: Text
    email: Email | None = None


class LinkSettings(_Model):
    """External link checking (``kb check --external``)."""

    timeout: float = Field(default=10.0, gt=0)
    concurrency: int = Field(default=64, ge=1)
    per_host: int = Field(default=10, ge=1)
    interval: float = Field(default=0.05, ge=0)
    retries: int = Field(default=2, ge=0)
    exclude: list[str] = Field(default_factory=list)
    cache_max_age: DurationValue = Field(default_factory=lambda: Duration(days=1))
    cache_file: str = ".kb-cache/links.json"


TypeName = Literal["routine", "partner", "agreement", "template", "glossary", "page"]


class RemindSettings(_Model):
    """Reminder mails (``kb remind``); flags override each value."""

    smtp_host: str = "localhost"
    smtp_port: int = Field(default=25, ge=1, le=65535)
    sender: Email = "kunskapsbanken@example.se"
    starttls: bool = False
    state_file: str = ".kb-cache/remind.json"


def _default_review_every() -> dict[TypeName, Duration]:
    year = Duration(months=12)
    return {"routine": year, "template": year, "partner": year, "agreement": year}


SeverityName = Literal["error", "warning", "info", "ignore"]
KeyList = list[Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]]


class ExtraKeys(_Model):
    """A site's own front-matter keys (``extra_keys``), for every type
    (``all``) or per type: such keys are never reported as unknown (KB103).

    Written as a list, the keys apply to every type:
    ``extra_keys: [source_url]`` is ``extra_keys: {all: [source_url]}``.
    """

    all: KeyList = Field(default_factory=list)
    routine: KeyList = Field(default_factory=list)
    partner: KeyList = Field(default_factory=list)
    agreement: KeyList = Field(default_factory=list)
    template: KeyList = Field(default_factory=list)
    glossary: KeyList = Field(default_factory=list)
    page: KeyList = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _list_means_all(cls, value: Any) -> Any:
        if isinstance(value, list):
            return {"all": value}
        if not isinstance(value, dict):
            raise format_error("a list of keys, or a mapping from document types to lists of keys")
        return value

    def of(self, doc_type: str) -> frozenset[str]:
        """The extra keys a page of *doc_type* may carry."""
        own: list[str] = getattr(self, doc_type) if doc_type in type(self).model_fields else []
        return frozenset((*self.all, *own))


_TYPED: tuple[TypeName, ...] = ("routine", "partner", "agreement", "template")


class NearDuplicateSettings(_Model):
    """KB601: which types of page are compared with each other. Pages without
    a type (``page``) are left out by default: generated reference pages and
    section overviews are alike by design."""

    types: list[TypeName] = Field(default_factory=lambda: list(_TYPED))


class KBConfig(_Model):
    """Options of the ``kb`` plugin in ``mkdocs.yml``."""

    owners: dict[Slug, Owner]
    review_every: dict[TypeName, DurationValue] = Field(default_factory=_default_review_every)
    contact_max_age: DurationValue = Field(default_factory=lambda: Duration(months=6))
    agreement_warning: DurationValue = Field(default_factory=lambda: Duration(days=90))
    default_visibility: Literal["internal", "public"] = "internal"
    types: dict[str, TypeName] = Field(default_factory=lambda: dict(DEFAULT_TYPES))
    severity: dict[str, SeverityName] = Field(default_factory=dict)
    links: LinkSettings = Field(default_factory=LinkSettings)
    nav_section_limit: int = Field(default=60, ge=1)
    extra_keys: ExtraKeys = Field(default_factory=ExtraKeys)
    # Anchors that the site's hooks or plugins add while MkDocs builds (kb
    # renders without them): links to these are not checked (KB203).
    unchecked_anchors: list[Annotated[str, StringConstraints(min_length=1)]] = Field(
        default_factory=list
    )
    near_duplicates: NearDuplicateSettings = Field(default_factory=NearDuplicateSettings)
    max_page_size: FileSize = DEFAULT_MAX_PAGE_SIZE
    remind: RemindSettings = Field(default_factory=RemindSettings)
    cms: CMSSettings | None = None  # the browser editor at /admin/ (kb_tools.cms)
    # Other banks' public sites whose search the public build merges.
    federation: Federation = Field(default_factory=list)
    # The accessibility statement page, linked from every page's footer.
    accessibility: AccessibilitySettings | None = None

    @field_validator("review_every", mode="after")
    @classmethod
    def _fill_review_defaults(cls, value: dict[TypeName, Duration]) -> dict[TypeName, Duration]:
        return {**_default_review_every(), **value}

    @field_validator("severity", mode="after")
    @classmethod
    def _known_codes(cls, value: dict[str, str]) -> dict[str, str]:
        for code in value:
            if code not in CODES:
                hint = did_you_mean(code, CODES) or "codes look like KB301; see `kb codes`"
                raise format_error(
                    "a check code such as KB301", detail=f"unknown code '{code}'", hint=hint
                )
        return value

    @field_validator("extra_keys", mode="after")
    @classmethod
    def _not_read_by_kb(cls, value: ExtraKeys) -> ExtraKeys:
        # Declaring a key kb reads would switch its validation off.
        from .model.documents import metadata_model  # config loads first: import late

        for doc_type in ExtraKeys.model_fields:
            model = metadata_model("page" if doc_type == "all" else doc_type)
            for key in getattr(value, doc_type):
                if key in model.model_fields:
                    where = "every page" if doc_type in ("all", "page") else f"{doc_type} pages"
                    raise format_error(
                        "only keys kb does not read itself",
                        detail=f"kb reads '{key}' on {where}",
                        hint=f"remove '{key}' from extra_keys",
                    )
        return value

    def anchor_unchecked(self, anchor: str) -> bool:
        return any(fnmatch.fnmatchcase(anchor, pattern) for pattern in self.unchecked_anchors)

    def default_review_interval(self, doc_type: str) -> Duration | None:
        return next((v for k, v in self.review_every.items() if k == doc_type), None)

    def severity_of(self, code: str) -> Severity:
        override = self.severity.get(code)
        return Severity(override) if override else CODES[code].severity

    def type_for_folder(self, src_path: str) -> str | None:
        """The type configured for the longest folder prefix of *src_path*."""
        parts = src_path.split("/")[:-1]
        while parts:
            folder = "/".join(parts)
            if folder in self.types:
                return self.types[folder]
            parts.pop()
        return None


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
    language: str = "sv"
    edit_uri: str | None = None
    repo_url: str | None = None
    docs_as_configured: Path | None = None  # docs_dir before symlinks are resolved
    # Material's page status badges (front matter 'status: new'), and the
    # site's own under extra.status: on untyped pages they are not kb's status.
    page_statuses: frozenset[str] = MATERIAL_STATUSES

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


def _plugin_options(data: dict[str, Any]) -> tuple[dict[str, Any] | None, tuple[str | int, ...]]:
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
        raise ConfigError("the kb plugin options must be a mapping of settings")
    try:
        return KBConfig.model_validate(options, context=site)
    except ValidationError as exc:
        if positions is None:
            problems = translate(exc, KBConfig, FrontMatter(data=options))
            base = ()
        else:
            problems = translate(exc, KBConfig, positions, base)
        raise ConfigError(_config_message(problems, base, positions is not None)) from None


def _config_message(problems: list[Problem], base: tuple[str | int, ...], with_lines: bool) -> str:
    lines = []
    for problem in problems:
        relative = problem.path[len(base) :]
        key = relative[-1] if relative else ""
        where = "plugins.kb" + "".join(f".{p}" for p in relative[:-1])
        if problem.kind == "missing":
            text = f"{where}: missing required key '{key}'"
        elif problem.kind == "unknown":
            text = f"{where}: unknown key '{key}'"
        else:
            text = f"{where}.{key}: {problem.text}"
        if problem.hint:
            text += f" ({problem.hint})"
        lines.append((f"line {problem.position.line}: " if with_lines else "") + text)
    if len(lines) == 1:
        return f"invalid kb configuration in mkdocs.yml: {lines[0]}"
    return "invalid kb configuration in mkdocs.yml:\n  " + "\n  ".join(lines)


def load_config(config_file: Path | None = None) -> Config:
    """Read ``mkdocs.yml`` (found in the current directory when not given)."""
    # Like MkDocs, the config's folder as named, not resolved: a bank opened
    # through a symlink reports paths under the name the user gave.
    path = Path(os.path.abspath(config_file or find_config_file()))
    if path.is_dir():
        path = find_config_file(path)
    if not path.exists():
        raise ConfigError(f"config file not found: {path}")
    data, positions = read_yaml_file(path)
    parent = data.pop("INHERIT", None)
    if isinstance(parent, str):
        parent_data, _ = read_yaml_file((path.parent / parent).resolve())
        data = merge(parent_data, data)
    options, base = _plugin_options(data)
    if options is None:
        raise ConfigError(
            f"{path.name} does not enable the '{PLUGIN_NAME}' plugin",
            "add it under 'plugins:', e.g.\n  plugins:\n    - search\n"
            "    - kb:\n        owners: {...}",
        )
    own = {key: data.get(key) for key in ("site_name", "site_url")}
    kb = validate_kb_options(options, positions, base, own)
    root = path.parent
    docs_as_configured = Path(os.path.abspath(root / str(data.get("docs_dir") or "docs")))
    docs_dir = docs_as_configured.resolve()
    if not docs_dir.is_dir():
        raise ConfigError(
            f"the docs folder {docs_dir} does not exist",
            "set 'docs_dir' in mkdocs.yml or create the folder",
        )
    extensions, configs = _markdown_extensions(data.get("markdown_extensions"))
    theme = data.get("theme")
    language = theme.get("language", "sv") if isinstance(theme, dict) else "sv"
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
        language=str(language or "sv"),
        edit_uri=data.get("edit_uri"),
        repo_url=data.get("repo_url"),
        docs_as_configured=docs_as_configured,
        page_statuses=MATERIAL_STATUSES | _declared_statuses(data.get("extra")),
    )


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
        raise ConfigError("markdown_extensions must be a list of extension names")
    for entry in entries:
        if isinstance(entry, str):
            name, options = entry, None
        elif isinstance(entry, dict) and len(entry) == 1:
            name, options = next(iter(entry.items()))
        else:
            raise ConfigError(f"markdown_extensions: cannot read entry {entry!r}")
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


__all__ = [
    "Config",
    "ConfigError",
    "FederatedBank",
    "KBConfig",
    "LinkSettings",
    "Owner",
    "Position",
    "config_from_dict",
    "find_config_file",
    "load_config",
    "validate_kb_options",
]
