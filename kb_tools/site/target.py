"""Where ``kb build`` may write a site: the folders it must never replace.

A build swaps the finished site in for the folder it was given and deletes
what was there (:mod:`kb_tools.site.mkdocs.build`). Given ``-d ..``, ``-d .``,
``-d docs``, ``-d ~`` or ``site_dir: ..`` that would delete the pages, the
bank's repository, a home folder or a whole file system, so such a folder is
refused before anything is written. The rule: a build replaces only a folder
that does not exist, is empty, or holds a site (:func:`.manifest.built_site`),
and never one that is, holds or lies inside the docs folder, holds the
bank's configuration or a git repository, lies inside one's ``.git``, or is
a home folder or the root of a file system — even if it looks like a site.

Used by :func:`kb_tools.site.mkdocs.build.build_site`; each refusal is one
sentence naming the folder and what it would destroy.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..config import Config
from ..i18n import Message, msg
from ..text.escaping import printable
from .manifest import built_site

HINT = msg(
    "choose a new or empty folder, or one that an earlier kb build wrote (such as site/), "
    "with -d or 'site_dir' in mkdocs.yml"
)


def refusal(target: Path, config: Config) -> Message | None:
    """Why the site must not be written to *target* (an absolute path with
    symbolic links resolved), or None if it may."""
    docs = config.docs_dir.resolve()
    config_file = config.config_file.resolve()
    folder, docs_shown = printable(str(target)), printable(str(docs))
    if target == Path(target.anchor) or os.path.ismount(target):
        return msg("cannot build the site into {folder}: it is the root of a file system",
                   folder=folder)
    if target == Path.home().resolve():
        return msg("cannot build the site into {folder}: it is the home folder", folder=folder)
    if target == docs or _inside(docs, target):
        return msg(
            "cannot build the site into {folder}: it holds the docs folder {docs}, which the "
            "build would delete",
            folder=folder, docs=docs_shown,
        )
    if _inside(target, docs):
        return msg(
            "cannot build the site into {folder}: it lies inside the docs folder {docs}, so the "
            "site would be built into the pages it is built from",
            folder=folder, docs=docs_shown,
        )
    if _inside(config_file, target):
        return msg(
            "cannot build the site into {folder}: it holds the bank's configuration {file}, "
            "which the build would delete",
            folder=folder, file=printable(str(config_file)),
        )
    if ".git" in target.parts:
        return msg(
            "cannot build the site into {folder}: it lies inside the .git folder of a git "
            "repository",
            folder=folder,
        )
    if os.path.lexists(target / ".git"):
        return msg(
            "cannot build the site into {folder}: it holds a git repository ({folder}/.git), "
            "which the build would delete",
            folder=folder,
        )
    if target.exists() and not target.is_dir():
        return msg("cannot build the site into {folder}: it is a file, not a folder",
                   folder=folder)
    example = _first_entry(target)
    if example is not None and not built_site(target):
        return msg(
            "cannot build the site into {folder}: it holds files that are not a site kb built "
            "(such as '{example}'), which the build would delete",
            folder=folder, example=printable(example),
        )
    return None


def _inside(path: Path, folder: Path) -> bool:
    """Whether *path* lies below *folder* (not *folder* itself)."""
    return path != folder and path.is_relative_to(folder)


def _first_entry(folder: Path) -> str | None:
    """The name of some entry of *folder*, or None if it is empty or absent."""
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                return entry.name
    except OSError:
        return None
    return None
