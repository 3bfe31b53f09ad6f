"""Which pages are alike: related pages for the site and the near-duplicate
check (KB601). TF-IDF vectors with cosine similarity; candidates come from an
inverted index over each page's most telling terms, so a bank of 10,000
pages is compared without comparing every pair.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

TOP_TERMS = 25


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
        self.vectors: dict[str, dict[str, float]] = {}
        for key, counter in counts.items():
            vector = {
                term: (1 + math.log(count)) * math.log(1 + total / document_frequency[term])
                for term, count in counter.items()
            }
            norm = math.sqrt(sum(w * w for w in vector.values())) or 1.0
            self.vectors[key] = {t: w / norm for t, w in vector.items()}
        self.postings: dict[str, list[str]] = {}
        for key, vector in self.vectors.items():
            for term in self._top(vector):
                self.postings.setdefault(term, []).append(key)

    @staticmethod
    def _top(vector: Mapping[str, float]) -> list[str]:
        return heapq.nsmallest(TOP_TERMS, vector, key=lambda t: (-vector[t], t))

    def cosine(self, a: str, b: str) -> float:
        first, second = self.vectors[a], self.vectors[b]
        if len(first) > len(second):
            first, second = second, first
        return sum(w * second.get(t, 0.0) for t, w in first.items())

    def similar(
        self, key: str, limit: int = 5, minimum: float = 0.05, min_shared: int = 1
    ) -> list[Similar]:
        """The pages most like *key*, best first. *min_shared*: how many of
        the page's most telling terms a candidate must share (near-duplicates
        share most of them, which makes that search cheap)."""
        vector = self.vectors.get(key)
        if not vector:
            return []
        candidates: Counter[str] = Counter()
        # A term among the top terms of a great many pages says little.
        crowded = max(50, len(self.vectors) // 20)
        for term in self._top(vector):
            posting = self.postings.get(term, ())
            if len(posting) > crowded:
                continue
            candidates.update(other for other in posting if other != key)
        scored = [
            Similar(other, self.cosine(key, other))
            for other, shared in candidates.most_common(limit * 4)
            if shared >= min_shared
        ]
        scored = [s for s in scored if s.score >= minimum]
        return sorted(scored, key=lambda s: (-s.score, s.key))[:limit]
