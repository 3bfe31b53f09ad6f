"""What counts as a word, for search, snippets and the near-duplicate check."""

from __future__ import annotations

import re

WORD = re.compile(r"[^\W_]+", re.UNICODE)


def words(text: str) -> list[str]:
    """Lower-cased words, stop words included."""
    return WORD.findall(text.lower())
