"""Search that understands Swedish (``kb search``, ``kb index``): the
analysis (stemming, compound parts, synonyms from the glossary, folding),
the Whoosh index (only here) kept in generations, queries with snippets, and
the similarity the site's related pages use. Asks the model which pages an
audience finds (:class:`kb_tools.model.Audience`)."""

from __future__ import annotations

from .engine import Filters
from .generations import Busy
from .index import IndexStats, index_dir, update_index
from .searching import Hit, search

__all__ = ["Busy", "Filters", "Hit", "IndexStats", "index_dir", "search", "update_index"]
