"""``kb init``: start using kb, in an empty folder or on an existing site.

- Where there is no ``mkdocs.yml`` yet, a complete new bank (:mod:`.starter`,
  from the package data under ``files/``): the site settings with the kb
  plugin and its owners, the typed folders each with an index page, a start
  page, the glossary, the editors' guide in Swedish, a ``requirements.txt``
  pinning the kb-tools version that made it, the CI templates of the chosen
  platform, ``.gitignore`` and a pre-commit configuration; then a git
  repository (:mod:`.repository`). Nothing is overwritten. The accessibility
  statement is built from the ``accessibility:`` settings the new
  ``mkdocs.yml`` holds, with the first owner as the contact (see
  :mod:`kb_tools.site.statement`).
- On an existing MkDocs site, :func:`adopt` adds the ``kb`` plugin to its
  ``mkdocs.yml`` as text (:mod:`.insert`) without touching anything else,
  and surveys the site's own front-matter keys to propose ``extra_keys``
  (:mod:`.survey`).

Both declare their owners the same way (:mod:`.owners`). Used by
:mod:`kb_tools.cli.init`.
"""

from __future__ import annotations

from .adopt import Adoption, AlreadyAdopted, adopt
from .insert import Insertion
from .owners import Owner, OwnerError, at_least_one, parse_owner, parse_owners
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
from .survey import MIN_PAGES, KeyCount, Survey

__all__ = [
    "CI_FILES",
    "MIN_PAGES",
    "Adoption",
    "AlreadyAdopted",
    "Insertion",
    "KeyCount",
    "Owner",
    "OwnerError",
    "Repository",
    "Settings",
    "StarterError",
    "Survey",
    "Written",
    "adopt",
    "at_least_one",
    "check_site_name",
    "conflicts",
    "default_site_name",
    "init_repository",
    "parse_owner",
    "parse_owners",
    "starter_files",
    "write",
]
