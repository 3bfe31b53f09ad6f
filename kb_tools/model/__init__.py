"""The knowledge-bank model: typed documents and the Bank that holds them."""

from __future__ import annotations

from .bank import Bank
from .document import Document, Link, Reference
from .documents import DOC_TYPES, REQUIRED_KEYS, Contact, metadata_model

__all__ = [
    "DOC_TYPES",
    "REQUIRED_KEYS",
    "Bank",
    "Contact",
    "Document",
    "Link",
    "Reference",
    "metadata_model",
]
