"""A complete new bank in an empty folder: what ``kb init`` does where there
is no ``mkdocs.yml`` yet.

The bank has the site settings with the kb plugin and its owners, the typed
folders each with an index page, a start page, the glossary, the editors'
guide in Swedish, a ``requirements.txt`` pinning the kb-tools version that
made it, the CI templates of the chosen platform, ``.gitignore`` and a
pre-commit configuration; then a git repository. Nothing is overwritten.
Used by :mod:`kb_tools.cli.init`.

The accessibility statement (tillgänglighetsredogörelse) is a page the site
builds from the ``accessibility:`` settings, which the new bank's
``mkdocs.yml`` holds with the first owner as the contact and a known issue
to replace after the first review (see :mod:`kb_tools.site.statement`).
"""

from __future__ import annotations

from .owners import Owner, OwnerError, parse_owner, parse_owners
from .repository import Repository, init_repository
from .starter import (
    CI_FILES,
    Settings,
    StarterError,
    Written,
    check_site_name,
    conflicts,
    default_site_name,
    starter_files,
    write,
)

__all__ = [
    "CI_FILES",
    "Owner",
    "OwnerError",
    "Repository",
    "Settings",
    "StarterError",
    "Written",
    "check_site_name",
    "conflicts",
    "default_site_name",
    "init_repository",
    "parse_owner",
    "parse_owners",
    "starter_files",
    "write",
]
