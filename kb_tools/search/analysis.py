"""Swedish text analysis for search: words, stems, compound parts, folding,
glossary synonyms. Plain Python, shared by ``kb search``, related pages
and the browser search's build-time terms.

- **Stems**: modern Snowball (``snowballstemmer``; PyStemmer speeds it up when
  installed), plus two normalisations Snowball lacks: the definite neuter
  ``-et`` goes (``beslutet`` → ``beslut``), and an unstressed ``e`` before a
  final ``l``/``r`` is dropped, so ``läkemedel`` and ``läkemedlen``, ``regel``
  and ``regler`` meet.
- **Compounds**: a word is split into parts that occur as words of their own
  in the bank (or the glossary), with the linking ``s``
  (``läkemedelshantering`` → ``läkemedel`` + ``hantering``).
- **Folding**: å/ä→a, ö→o, é→e, for queries typed without Swedish letters.
- **Synonyms**: each glossary abbreviation and its expansion find each other.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import snowballstemmer

from ..text.words import words
from .stopwords import STOPWORDS

_FOLD = str.maketrans(
    {
        "å": "a",
        "ä": "a",
        "ö": "o",
        "é": "e",
        "è": "e",
        "ü": "u",
        "á": "a",
        "à": "a",
        "ø": "o",
        "æ": "a",
    }
)
_UNSTRESSED_E = re.compile(r"(?<=[bcdfghjklmnpqrstvwxz])e([lr])$")
MIN_PART = 4  # shorter "parts" are mostly accidents (kon+takt)
MIN_COMPOUND = 8
MIN_RECURRING_TAIL = 6  # shorter recurring endings are inflections (-eras, -ades)
MIN_TAIL_HEADS = 3


def is_part(word: str) -> bool:
    """Whether *word* can be a part of a compound: four letters or more.
    Numbers and words with digits (ids, years, "lss9") never are, and would
    only make the vocabulary kept with the index larger."""
    return len(word) >= MIN_PART and word.isalpha()


def fold(word: str) -> str:
    return word.translate(_FOLD)


class SwedishStemmer:
    """Snowball's Swedish stemmer with a cache; picklable (it keeps no
    stemmer object in its state) for engines that store analyzers."""

    def __init__(self) -> None:
        self._stemmer: Any = None

    def __getstate__(self) -> dict[str, Any]:
        return {}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._stemmer = None

    def stem(self, word: str) -> str:
        return _stem(word)


@functools.lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    stemmed: str = _snowball().stemWord(word)
    # Snowball keeps the definite neuter "-et" (beslutet, extrajobbet).
    if len(stemmed) >= 6 and stemmed.endswith("et") and stemmed == word:
        stemmed = _snowball().stemWord(stemmed[:-2])
    return _UNSTRESSED_E.sub(r"\1", stemmed) if len(stemmed) > 4 else stemmed


@functools.lru_cache(maxsize=1)
def _snowball() -> Any:
    return snowballstemmer.stemmer("swedish")


stem = _stem


class Decompounder:
    """Splits compounds into parts that are words of the bank's vocabulary."""

    def __init__(self, vocabulary: Iterable[str]) -> None:
        self.words = {w for w in vocabulary if is_part(w)}
        self.stems = {stem(w) for w in self.words}
        self.tails = self._recurring_tails()
        self.tail_stems = {stem(t) for t in self.tails}
        self._cache: dict[str, tuple[str, ...]] = {}

    def _recurring_tails(self) -> set[str]:
        """Word endings that follow three or more different known words
        (``-hantering`` in läkemedels-, avvikelse- and kontanthantering):
        parts in their own right even when the bank never writes them alone."""
        heads_by_tail: dict[str, set[str]] = {}
        for word in self.words:
            if len(word) < MIN_COMPOUND:
                continue
            for cut in range(MIN_PART, len(word) - MIN_RECURRING_TAIL + 1):
                head = self._head(word[:cut])
                if head is not None:
                    heads_by_tail.setdefault(word[cut:], set()).add(head)
        return {tail for tail, heads in heads_by_tail.items() if len(heads) >= MIN_TAIL_HEADS}

    def to_data(self) -> dict[str, list[str]]:
        """The vocabulary and what was derived from it, as JSON data."""
        return {
            "words": sorted(self.words),
            "stems": sorted(self.stems),
            "tails": sorted(self.tails),
            "tail_stems": sorted(self.tail_stems),
        }

    @classmethod
    def from_data(cls, data: Any) -> Decompounder:
        """The decompounder :meth:`to_data` described, without deriving the
        tails again (seconds for a large bank). ValueError if *data* is not
        such a description."""
        decompounder = cls(())
        for name in ("words", "stems", "tails", "tail_stems"):
            setattr(decompounder, name, _strings(data, name))
        return decompounder

    def split(self, word: str) -> tuple[str, ...]:
        """The parts of *word* (``()`` when it is not a known compound)."""
        if len(word) < MIN_COMPOUND:
            return ()
        cached = self._cache.get(word)
        if cached is None:
            cached = self._cache[word] = self._split(word, depth=0)
        return cached

    def _split(self, word: str, depth: int) -> tuple[str, ...]:
        # Prefer the longest head: "hyresavtal" is hyres|avtal, not hyr|esavtal.
        for cut in range(len(word) - MIN_PART, MIN_PART - 1, -1):
            head, tail = word[:cut], word[cut:]
            head_word = self._head(head)
            if head_word is None:
                continue
            if self._known_tail(tail):
                return (head_word, tail)
            if depth < 2 and len(tail) >= MIN_COMPOUND:
                rest = self._split(tail, depth + 1)
                if rest:
                    return (head_word, *rest)
        return ()

    def _head(self, head: str) -> str | None:
        if head in self.words:
            return head
        if head.endswith("s") and head[:-1] in self.words:  # linking s: läkemedel-s-
            return head[:-1]
        return None

    def _known_tail(self, tail: str) -> bool:
        return len(tail) >= MIN_PART and (
            tail in self.words
            or tail in self.tails
            or stem(tail) in self.stems
            or stem(tail) in self.tail_stems
        )


@dataclass
class Synonyms:
    """Glossary abbreviations and expansions, both ways."""

    expansions: dict[str, tuple[str, ...]] = field(default_factory=dict)  # hvb → stems
    abbreviations: dict[tuple[str, ...], str] = field(default_factory=dict)  # stems → hvb

    @classmethod
    def from_terms(cls, terms: Iterable[tuple[str, str]]) -> Synonyms:
        synonyms = cls()
        for term, expansion in terms:
            key = term.lower()
            phrase = tuple(stem(w) for w in words(expansion) if w not in STOPWORDS)
            if not phrase or not key:
                continue
            synonyms.expansions[key] = phrase
            synonyms.abbreviations[phrase] = key
        return synonyms

    def to_data(self) -> dict[str, list[Any]]:
        return {
            "expansions": [[key, list(phrase)] for key, phrase in self.expansions.items()],
            "abbreviations": [[list(phrase), key] for phrase, key in self.abbreviations.items()],
        }

    @classmethod
    def from_data(cls, data: Any) -> Synonyms:
        """ValueError if *data* is not what :meth:`to_data` writes."""
        synonyms = cls()
        for key, phrase in _pairs(data, "expansions"):
            synonyms.expansions[_string(key)] = _phrase(phrase)
        for phrase, key in _pairs(data, "abbreviations"):
            synonyms.abbreviations[_phrase(phrase)] = _string(key)
        return synonyms

    def abbreviations_in(self, stems: Sequence[str]) -> Iterator[str]:
        """Abbreviations whose expansion occurs in the stem sequence, in the
        glossary's order, each once."""
        if not self.abbreviations:
            return
        # One pass over the text, looking only at the phrases that start
        # with the stem at hand (was: every phrase at every position).
        starting: dict[str, list[tuple[str, ...]]] = {}
        for phrase in self.abbreviations:
            starting.setdefault(phrase[0], []).append(phrase)
        found: set[tuple[str, ...]] = set()
        for start, first in enumerate(stems):
            for phrase in starting.get(first, ()):
                if phrase not in found and tuple(stems[start : start + len(phrase)]) == phrase:
                    found.add(phrase)
        for phrase, abbreviation in self.abbreviations.items():
            if phrase in found:
                yield abbreviation


@dataclass
class Analyzer:
    """Everything Swedish about search, configured with the bank's words."""

    decompounder: Decompounder = field(default_factory=lambda: Decompounder(()))
    synonyms: Synonyms = field(default_factory=Synonyms)

    def __post_init__(self) -> None:
        # word -> its terms (its stem, then its parts' stems; () for a stop
        # word): a bank's text repeats a few thousand words a million times.
        # Cached as the decompounder caches its splits: words added to its
        # vocabulary later do not change what a word already analysed gives.
        self._terms: dict[str, tuple[str, ...]] = {}

    def terms(self, text: str) -> list[str]:
        """Index terms: stems of the words, stop words dropped, with the stems
        of compound parts after each compound."""
        return self.terms_of_words(words(text))

    def terms_of_words(self, found: Iterable[str]) -> list[str]:
        """:meth:`terms` of a text already split into :func:`words`."""
        out: list[str] = []
        cache = self._terms
        for word in found:
            known = cache.get(word)
            if known is None:
                known = cache[word] = self._word_terms(word)
            out.extend(known)
        return out

    def _word_terms(self, word: str) -> tuple[str, ...]:
        if word in STOPWORDS:
            return ()
        return (stem(word), *(stem(part) for part in self.decompounder.split(word)))

    def folded(self, terms: Iterable[str]) -> list[str]:
        return [fold(t) for t in terms]

    @staticmethod
    def folded_text(terms: Iterable[str]) -> str:
        """The terms folded, space-separated: one ``translate`` for them all."""
        return " ".join(terms).translate(_FOLD)

    def synonym_terms(self, text: str) -> list[str]:
        """Terms a text gains from the glossary: the abbreviation for each
        expansion it contains, the expansion's stems for each abbreviation."""
        return self.synonym_terms_of_words(words(text))

    def synonym_terms_of_words(self, found: list[str]) -> list[str]:
        """:meth:`synonym_terms` of a text already split into :func:`words`."""
        if not self.synonyms.abbreviations and not self.synonyms.expansions:
            return []
        stems = [stem(w) for w in found if w not in STOPWORDS]
        extra = list(self.synonyms.abbreviations_in(stems))
        for word in set(found):
            extra.extend(self.synonyms.expansions.get(word, ()))
        return extra

    def to_data(self) -> dict[str, Any]:
        """The analyzer as JSON data: stored with the search index, which
        must never hold anything that runs code when read."""
        return {"decompounder": self.decompounder.to_data(), "synonyms": self.synonyms.to_data()}

    @classmethod
    def from_data(cls, data: Any) -> Analyzer:
        """ValueError if *data* is not what :meth:`to_data` writes."""
        if not isinstance(data, dict):
            raise ValueError("the analyzer is not an object")
        return cls(
            Decompounder.from_data(data.get("decompounder")),
            Synonyms.from_data(data.get("synonyms")),
        )


def _string(value: Any) -> str:
    if type(value) is not str:
        raise ValueError(f"expected a string, found {type(value).__name__}")
    return value


def _strings(data: Any, key: str) -> set[str]:
    values = data.get(key) if isinstance(data, dict) else None
    if type(values) is not list:
        raise ValueError(f"'{key}' is not a list")
    return {_string(value) for value in values}


def _phrase(value: Any) -> tuple[str, ...]:
    if type(value) is not list:
        raise ValueError(f"expected a list of words, found {type(value).__name__}")
    return tuple(_string(word) for word in value)


def _pairs(data: Any, key: str) -> list[list[Any]]:
    values = data.get(key) if isinstance(data, dict) else None
    if type(values) is not list or not all(type(p) is list and len(p) == 2 for p in values):
        raise ValueError(f"'{key}' is not a list of pairs")
    return values
