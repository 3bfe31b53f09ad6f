"""The knowledge-bank model: typed documents, the Bank that holds them, and
the rules of a day, each stated once.

- :mod:`.documents`: the front-matter models per type (the contract's
  tables as code); :mod:`.document`: a page with typed accessors;
- :mod:`.bank`: the Bank (ids, owners, references, the link graph) and the
  rules every other room asks it: when a review is due, when a contact is
  stale, where an agreement stands (:mod:`.days`), where a page lives
  (:mod:`.urls`);
- :mod:`.audience`: who sees what (internal or public) and a page's visibility;
- :mod:`.files`, :mod:`.loader`, :mod:`.cache`: reading ``docs/`` safely,
  in parallel, and reusing what an earlier run parsed.

Used by every room above the configuration; imports nothing of the site
engine, the CLI or the search engine.
"""

from __future__ import annotations

from ..fields.vocabulary import DOC_TYPES
from .audience import INTERNAL, PUBLIC, Audience, visibility
from .bank import Bank
from .days import AgreementState
from .document import Document, Link, Reference
from .documents import REQUIRED_KEYS, Contact, metadata_model

__all__ = [
    "DOC_TYPES",
    "INTERNAL",
    "PUBLIC",
    "REQUIRED_KEYS",
    "AgreementState",
    "Audience",
    "Bank",
    "Contact",
    "Document",
    "Link",
    "Reference",
    "metadata_model",
    "visibility",
]
