"""What a built site says about itself: ``.kb-site.json`` at its root.

Every build writes the file (the MkDocs plugin, after the pages): which tool
and version made the site and for which audience. Two readers depend on it.
``kb build`` replaces a folder only if it is empty or a site (this file, or
for sites built before it existed, an ``index.html`` that MkDocs generated),
so a mistyped ``-d`` can never delete a folder of other files
(:mod:`kb_tools.site.target`). ``kb deploy nginx --public`` serves only a site
built for the public (:mod:`kb_tools.deploy.settings`), so an internal build
is never served without login by mistake.

The name starts with a dot: ``kb deploy nginx`` serves no dotfiles, and the
file holds nothing secret anyway. It is read as untrusted data (a regular
file, small, JSON), like everything in a folder someone else may have filled.
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from ..model import Audience

MANIFEST_NAME = ".kb-site.json"
GENERATOR = "kb-tools"
# Far more than the few fields written; anything larger is not ours.
_MAX_BYTES = 64 * 1024
# MkDocs names itself in every page it writes, with or without kb.
_MKDOCS_GENERATOR = b'<meta name="generator" content="mkdocs-'


@dataclass(frozen=True)
class SiteManifest:
    """The audience a site was built for, and by which version of kb."""

    audience: str
    version: str

    @property
    def public(self) -> bool:
        return self.audience == "public"


def write_manifest(site_dir: Path, audience: Audience, version: str) -> None:
    """Record in *site_dir* that kb built it, for *audience*."""
    content = {"generator": GENERATOR, "version": version, "audience": audience.name}
    (site_dir / MANIFEST_NAME).write_text(json.dumps(content, indent=2) + "\n", encoding="utf-8")


def read_manifest(site_dir: Path) -> SiteManifest | None:
    """The manifest of the site in *site_dir*, or None when there is none
    (a folder kb did not build, or a build from before the manifest) or it
    is not one kb wrote."""
    raw = _read_small(site_dir / MANIFEST_NAME)
    if raw is None:
        return None
    try:
        content = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    if not isinstance(content, dict) or content.get("generator") != GENERATOR:
        return None
    audience, version = content.get("audience"), content.get("version")
    if audience not in ("internal", "public") or not isinstance(version, str):
        return None
    return SiteManifest(audience, version)


def built_site(folder: Path) -> bool:
    """Whether *folder* holds a site: one kb built (its manifest), or one
    MkDocs built before kb wrote manifests (its ``index.html`` says so)."""
    if read_manifest(folder) is not None:
        return True
    page = _read_small(folder / "index.html", limit=_MAX_BYTES, whole=False)
    return page is not None and _MKDOCS_GENERATOR in page


def _read_small(path: Path, limit: int = _MAX_BYTES, whole: bool = True) -> bytes | None:
    """The first *limit* bytes of the regular file *path* (None if it is
    not one, cannot be read, or, with *whole*, is larger)."""
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return None
            data = handle.read(limit + 1)
    except OSError:
        return None
    if whole and len(data) > limit:
        return None
    return data[:limit]
