"""The sentence of a page that best shows why it matched, with the matching
words marked."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..text.words import WORD
from .analysis import fold, stem

_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")
MAX_LENGTH = 220


@dataclass(frozen=True)
class Snippet:
    text: str
    highlights: tuple[tuple[int, int], ...]  # character spans in text


def _matches(word: str, wanted: set[str]) -> bool:
    lowered = word.lower()
    stemmed = stem(lowered)
    return (
        stemmed in wanted
        or fold(stemmed) in wanted
        or any(len(w) >= 5 and w in lowered for w in wanted)
    )


def snippet(content: str, query_terms: set[str]) -> Snippet:
    """*query_terms*: stems (and folded stems) of the query's words."""
    best, best_score = "", -1
    # A sentence can only match if it contains the start of a wanted term.
    probes = {fold(t)[:4] for t in query_terms if t}
    for match in _SENTENCE.finditer(content):
        sentence = match.group(0).strip()
        if len(sentence) < 3:
            continue
        folded = fold(sentence.lower())
        if best_score >= 0 and not any(p in folded for p in probes):
            continue
        score = sum(1 for w in WORD.findall(sentence) if _matches(w, query_terms))
        if score > best_score:
            best, best_score = sentence, score
            if score >= len(query_terms) and score > 0:
                break
    if len(best) > MAX_LENGTH:
        best = best[: MAX_LENGTH - 1].rsplit(" ", 1)[0] + "…"
    spans = tuple(
        (m.start(), m.end()) for m in WORD.finditer(best) if _matches(m.group(0), query_terms)
    )
    return Snippet(best, spans)
