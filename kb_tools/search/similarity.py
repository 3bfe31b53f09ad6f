"""Which pages are alike, for the "Relaterat" section of every page (the
near-duplicate check, KB601, has its own: :mod:`kb_tools.model.resemblance`).
TF-IDF vectors with cosine similarity; candidates come from an inverted index
over each page's most telling terms, so a bank of 10,000 pages is compared
without comparing every pair.
"""

from __future__ import annotations

import heapq
import math
import operator
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

TOP_TERMS = 25
_weight = operator.itemgetter(1)
CROWDED = 50


@dataclass(frozen=True)
class Similar:
    key: str
    score: float


class SimilarityIndex:
    def __init__(self, documents: Mapping[str, Sequence[str]]) -> None:
        """*documents*: key → the page's terms (stems or words)."""
        counts = {key: Counter(terms) for key, terms in documents.items()}
        document_frequency: Counter[str] = Counter()
        for counter in counts.values():
            document_frequency.update(counter.keys())
        total = max(len(counts), 1)
        idf = {t: math.log(1 + total / df) for t, df in document_frequency.items()}
        tf = [0.0] + [1 + math.log(n) for n in range(1, 64)]
        self.vectors: dict[str, dict[str, float]] = {}
        self.top: dict[str, list[str]] = {}
        self.postings: dict[str, list[str]] = {}
        for key, counter in counts.items():
            vector = {
                t: (tf[c] if c < 64 else 1 + math.log(c)) * idf[t] for t, c in counter.items()
            }
            norm = math.sqrt(sum(w * w for w in vector.values())) or 1.0
            vector = {t: w / norm for t, w in vector.items()}
            self.vectors[key] = vector
            top = [t for t, _ in heapq.nlargest(TOP_TERMS, vector.items(), key=_weight)]
            self.top[key] = top
            for term in top:
                self.postings.setdefault(term, []).append(key)

    def cosine(self, a: str, b: str) -> float:
        first, second = self.vectors[a], self.vectors[b]
        if len(first) > len(second):
            first, second = second, first
        return sum(w * second.get(t, 0.0) for t, w in first.items())

    def similar(self, key: str, limit: int = 5, minimum: float = 0.05) -> list[Similar]:
        """The pages most like *key*, best first."""
        vector = self.vectors.get(key)
        if not vector:
            return []
        candidates: Counter[str] = Counter()
        # A term among the top terms of a great many pages says little, and
        # following it would make the comparison quadratic.
        crowded = CROWDED
        for term in self.top[key]:
            posting = self.postings.get(term, ())
            if len(posting) > crowded:
                continue
            candidates.update(other for other in posting if other != key)
        scored = [
            Similar(other, self.cosine(key, other))
            for other, _ in candidates.most_common(limit * 4)
        ]
        scored = [s for s in scored if s.score >= minimum]
        return sorted(scored, key=lambda s: (-s.score, s.key))[:limit]
