"""Keeping the bank current: what each owner has to look at, told to them.

- :mod:`.items`: the review items of a day (pages due or overdue, contacts
  to confirm, agreements that end) and the one label of each kind;
- :mod:`.formats`: ``kb review``'s reports, one function per format
  (:data:`~.formats.FORMATS`: text, markdown, json, ics);
- :mod:`.remind`: ``kb remind``'s mails, one per owner, sent once a day.

Used by the CLI and the site's review dashboard. The rules of a day (when a
review is due, when a contact is stale, when an agreement ends) are the
model's (:class:`kb_tools.model.Bank`); this room only gathers and tells.
"""

from __future__ import annotations

from .items import KINDS, ReviewItem, by_owner, review_items

__all__ = ["KINDS", "ReviewItem", "by_owner", "review_items"]
