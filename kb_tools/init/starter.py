"""The files of a new bank, and writing them without overwriting anything.

The bank is the tree under ``files/bank/`` (package data), so the installed
package carries it. Each file is text with ``{{ name }}`` placeholders that
:func:`starter_files` fills in; a path segment ``dot_x`` is written as ``.x``
(package data keeps no dotfiles). Every page under ``files/bank/docs/``
becomes a page of each new bank; the accessibility statement
(tillgänglighetsredogörelse) is built from ``mkdocs.yml``'s ``accessibility:``
settings instead, so that it stays current with the site. The CI
templates under ``files/ci/`` are copied as they are: they are the same files
as this repository's own workflows (a test holds them equal).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

import yaml

from ..i18n import msg
from .owners import Owner

CI_FILES: Mapping[str, Mapping[str, str]] = {
    "github": {
        "github/kb-pull-request.yml": ".github/workflows/kb-pull-request.yml",
        "github/kb-weekly.yml": ".github/workflows/kb-weekly.yml",
        "github/kb-publish.yml": ".github/workflows/kb-publish.yml",
        "github/kb-release.sh": "ci-templates/kb-release.sh",
    },
    "gitlab": {"gitlab/gitlab-ci.yml": ".gitlab-ci.yml"},
    "none": {},
}
# Files a freshly made repository often has already (a hosting service's
# README, a language's .gitignore): kept, or completed, instead of refused.
KEPT_IF_PRESENT = frozenset({"README.md"})
COMPLETED_IF_PRESENT = frozenset({".gitignore"})

_PLACEHOLDER = re.compile(r"\{\{ ([a-z_]+) \}\}")


class StarterError(ValueError):
    """A setting a new bank cannot be made with; the message says why."""


@dataclass(frozen=True)
class Settings:
    """What ``kb init`` asks for."""

    site_name: str
    owners: tuple[Owner, ...]
    ci: str
    kb_version: str
    # The requirements.txt line that installs kb-tools (default: this version).
    requirement: str | None = None


@dataclass
class Written:
    """What :func:`write` did, path by path (relative to the bank's root)."""

    created: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    completed: list[str] = field(default_factory=list)


def default_site_name(folder: Path) -> str:
    """A site name from the folder's name: ``min-bank`` → ``Min bank``."""
    words = re.sub(r"[\s_-]+", " ", folder.resolve().name).strip()
    return words[:1].upper() + words[1:] if words else "Kunskapsbanken"


def check_site_name(name: str) -> str:
    stripped = name.strip()
    if not stripped:
        raise StarterError(msg("--site-name: the site needs a name, such as 'Kunskapsbanken'"))
    if any(ord(c) < 32 for c in stripped):
        raise StarterError(msg("--site-name: the name cannot hold a line break or a tab"))
    return stripped


def starter_files(settings: Settings) -> dict[str, str]:
    """Every file of the new bank: its path relative to the bank's root and its text."""
    if settings.ci not in CI_FILES:
        raise StarterError(
            msg("--ci: expected one of {choices}, found '{found}'",
                choices=", ".join(CI_FILES), found=settings.ci)
        )
    values = _values(settings)
    root = files("kb_tools.init").joinpath("files")
    result = {
        _destination(relative): _render(resource.read_text(encoding="utf-8"), values, relative)
        for relative, resource in _walk(root.joinpath("bank"), "")
    }
    for source, target in CI_FILES[settings.ci].items():
        result[target] = root.joinpath("ci", *source.split("/")).read_text(encoding="utf-8")
    return dict(sorted(result.items()))


def conflicts(target: Path, planned: Mapping[str, str]) -> list[str]:
    """The planned files that exist already and would be overwritten."""
    return [
        relative
        for relative in planned
        if relative not in KEPT_IF_PRESENT | COMPLETED_IF_PRESENT and (target / relative).exists()
    ]


def write(target: Path, planned: Mapping[str, str]) -> Written:
    """Write *planned* under *target*; never replaces a file (check
    :func:`conflicts` first: a conflict found here raises ``FileExistsError``)."""
    done = Written()
    for relative, text in planned.items():
        path = target / relative
        if path.exists() and relative in KEPT_IF_PRESENT:
            done.kept.append(relative)
            continue
        if path.exists() and relative in COMPLETED_IF_PRESENT:
            if _complete(path, text):
                done.completed.append(relative)
            else:
                done.kept.append(relative)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        done.created.append(relative)
    return done


def _complete(path: Path, text: str) -> bool:
    """Add the lines of *text* that the file at *path* lacks; True if any."""
    present = path.read_text(encoding="utf-8", errors="replace")
    have = {line.strip() for line in present.splitlines()}
    missing = [line for line in text.splitlines() if line.strip() and line.strip() not in have]
    if not [line for line in missing if not line.startswith("#")]:
        return False
    separator = "" if present.endswith("\n") or not present else "\n"
    with path.open("a", encoding="utf-8", newline="\n") as handle:
        handle.write(separator + "\n" + "\n".join(missing) + "\n")
    return True


def _email(owner: Owner) -> str:
    # parse_owner gives every owner of a new bank an address (email_required).
    if owner.email is None:
        raise StarterError(
            msg("the owner '{name}' of a new bank needs an email address", name=owner.name)
        )
    return owner.email


def _values(settings: Settings) -> dict[str, str]:
    first = settings.owners[0]
    return {
        "site_name_yaml": _yaml_scalar(settings.site_name),
        "site_name_md": html.escape(settings.site_name, quote=False),
        "owners_yaml": _owners_yaml(settings.owners),
        "owner_id": _yaml_scalar(first.id),
        "owner_name_md": html.escape(first.name, quote=False),
        "owner_email": _email(first),
        "kb_version": settings.kb_version,
        "requirement": settings.requirement or f"kb-tools=={settings.kb_version}",
    }


def _owners_yaml(owners: tuple[Owner, ...]) -> str:
    lines = []
    for owner in owners:
        lines += [
            f"        {_yaml_scalar(owner.id)}:",
            f"          name: {_yaml_scalar(owner.name)}",
            f"          email: {_yaml_scalar(_email(owner))}",
        ]
    return "\n".join(lines)


def _yaml_scalar(text: str) -> str:
    """*text* as YAML that reads back as the same string: bare where it
    does (``redaktionen``), double-quoted where it would not (``no``, ``1``, ``a: b``)."""
    try:
        if yaml.safe_load(text) == text and "#" not in text:
            return text
    except yaml.YAMLError:
        pass
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted one


def _render(text: str, values: Mapping[str, str], name: str) -> str:
    def value(match: re.Match[str]) -> str:
        key = match[1]
        if key not in values:
            raise ValueError(f"{name}: unknown placeholder '{key}'")  # a packaging bug
        return values[key]

    return _PLACEHOLDER.sub(value, text)


def _walk(node: Traversable, prefix: str) -> Iterator[tuple[str, Traversable]]:
    for child in sorted(node.iterdir(), key=lambda c: c.name):
        if child.name == "__pycache__":
            continue
        if child.is_dir():
            yield from _walk(child, f"{prefix}{child.name}/")
        else:
            yield f"{prefix}{child.name}", child


def _destination(relative: str) -> str:
    return "/".join(
        "." + part[len("dot_") :] if part.startswith("dot_") else part
        for part in relative.split("/")
    )
