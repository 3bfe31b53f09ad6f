"""Search that understands Swedish: analysis, the index, queries, similarity."""

from __future__ import annotations

from .engine import Filters
from .generations import Busy
from .index import IndexStats, index_dir, update_index
from .searching import Hit, search

__all__ = ["Busy", "Filters", "Hit", "IndexStats", "index_dir", "search", "update_index"]
