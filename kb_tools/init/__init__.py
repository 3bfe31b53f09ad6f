"""``kb init``: start using kb.

Today it adopts an existing MkDocs site (:func:`adopt`): the ``kb`` plugin is
added to ``mkdocs.yml`` without touching anything else, and the site's own
front-matter keys are surveyed to propose ``extra_keys``. Creating a new bank
in an empty folder is a later addition beside it.
"""

from __future__ import annotations

from .adopt import Adoption, AlreadyAdopted, adopt, parse_owner
from .insert import Insertion, Owner
from .survey import MIN_PAGES, KeyCount, Survey

__all__ = [
    "MIN_PAGES",
    "Adoption",
    "AlreadyAdopted",
    "Insertion",
    "KeyCount",
    "Owner",
    "Survey",
    "adopt",
    "parse_owner",
]
