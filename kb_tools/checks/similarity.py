"""KB601: a page that nearly duplicates another (extend that one instead)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..diagnostics import Diagnostic, finding
from ..model import Bank
from ..search.analysis import words
from ..search.similarity import SimilarityIndex
from ..search.stopwords import STOPWORDS

NEAR_DUPLICATE = 0.9
MIN_WORDS = 40  # short pages (a partner's two lines) are alike by nature


def check(bank: Bank, today: date) -> Iterator[Diagnostic]:
    texts = {}
    for doc in bank.documents:
        if doc.readable and doc.is_published and doc.type != "glossary":
            terms = [w for w in words(f"{doc.title} {doc.body}") if w not in STOPWORDS]
            if len(terms) >= MIN_WORDS:
                texts[doc.src_path] = terms
    index = SimilarityIndex(texts)
    for src in sorted(texts):
        doc = bank.by_src[src]
        for similar in index.similar(src, limit=3, minimum=NEAR_DUPLICATE, min_shared=12):
            other = bank.by_src[similar.key]
            yield finding(
                "KB601",
                doc.path,
                1,
                1,
                f"this page nearly duplicates {other.path} ({round(similar.score * 100)}% alike)",
                "extend one page and remove the other, or link them if both must stay",
            )
