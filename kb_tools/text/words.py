"""What counts as a word, for search, snippets and the near-duplicate check.

Text is read in Unicode's composed form (NFC) first: a page saved by an
editor that writes "ö" as "o" and a combining diaeresis (NFD, as macOS file
tools may) has the same words as one that writes "ö".
"""

from __future__ import annotations

import re
import unicodedata

WORD = re.compile(r"[^\W_]+", re.UNICODE)


def words(text: str) -> list[str]:
    """Lower-cased words, stop words included."""
    return WORD.findall(composed(text).lower())


def composed(text: str) -> str:
    """*text* in Unicode's composed form (NFC)."""
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)
