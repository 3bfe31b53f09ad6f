"""Search that understands Swedish: analysis, the index, queries, similarity."""

from __future__ import annotations

from .engine import Filters
from .index import Hit, IndexStats, index_dir, search, update_index

__all__ = ["Filters", "Hit", "IndexStats", "index_dir", "search", "update_index"]
