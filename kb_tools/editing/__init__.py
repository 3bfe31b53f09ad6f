"""Changing front matter in place: ``kb review --mark-reviewed`` sets
``reviewed``, ``kb verify-contact`` a contact's ``verified``.

An edit changes the characters of one value and nothing else. The steps,
one module each: where each value stands in the file (:mod:`.layout`), which
characters change or why not (:mod:`.plan`), proof that the result differs
in that value only (:mod:`.proof`), and the edits themselves with the file
read under a lock and replaced atomically (:mod:`.edits`, through
:mod:`kb_tools.storage.atomic_file`). Used by the CLI.
"""

from __future__ import annotations

from .edits import Edit, mark_reviewed, verify_contact
from .proof import EditError

__all__ = ["Edit", "EditError", "mark_reviewed", "verify_contact"]
