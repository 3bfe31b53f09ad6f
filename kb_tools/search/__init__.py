"""Search that understands Swedish (``kb search``, ``kb index``): the
analysis (stemming, compound parts, synonyms from the glossary, folding),
the Whoosh index (only here) kept in generations, queries with snippets, and
the similarity the site's related pages use. Asks the model which pages an
audience finds (:class:`kb_tools.model.Audience`).

The names below are imported when first asked for: the site build needs the
analysis and the similarity of pages, not the engine (Whoosh) behind
``kb search``, and should not pay for importing it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .engine import Filters
    from .generations import Busy
    from .index import IndexStats, index_dir, update_index
    from .searching import Hit, search

_WHERE = {
    "Busy": ".generations",
    "Filters": ".engine",
    "Hit": ".searching",
    "IndexStats": ".index",
    "index_dir": ".index",
    "search": ".searching",
    "update_index": ".index",
}

__all__ = ["Busy", "Filters", "Hit", "IndexStats", "index_dir", "search", "update_index"]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_WHERE[name], __name__), name)
