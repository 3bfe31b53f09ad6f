"""Near-duplicate pages: the resemblance of their word shingles.

Two pages' resemblance is the Jaccard similarity of their sets of
overlapping four-word runs (Broder's w-shingling): 100% for the same text,
about 90% when one page is the other with a paragraph added.

Comparing every pair of pages is quadratic, so each page gets a small
fingerprint when its file is read, kept in the document cache with the rest
of the parsed page: one-permutation MinHash, the smallest shingle hash in each
of 32 equal ranges of the 32-bit hash space. Two pages agree on a range with a
probability equal to their resemblance, so pages that agree on all four ranges
of one of eight bands are candidates (locality-sensitive hashing: a pair 80%
alike becomes one with probability 0.985, a pair 30% alike with 0.06), and
only candidates are compared in full.
"""

from __future__ import annotations

import bisect
import itertools
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

SHINGLE = 4
BINS = 32
ROWS = 4  # ranges per band
EMPTY = -1  # no shingle hashed into the range
_WIDTH = 2**32 // BINS
_BOUNDS = tuple(range(0, 2**32 + 1, _WIDTH))
_LOW_32_BITS = (2**32 - 1).__and__
# A bucket this full holds boilerplate or many copies of one page: pairing
# each page with its neighbours still reports them all, without n² pairs.
CROWDED = 50


@dataclass(frozen=True)
class Fingerprint:
    words: int
    minima: tuple[int, ...]


def shingles(words: Sequence[str]) -> set[str]:
    return set(map(" ".join, zip(*(words[i:] for i in range(SHINGLE)), strict=False)))


def fingerprint(words: Sequence[str]) -> Fingerprint:
    # Each word's CRC-32, then each run of four as the hash of their tuple:
    # hashes of integers and tuples are not salted (unlike those of strings),
    # so the same in every process, and all of it runs in C.
    codes = list(map(zlib.crc32, map(str.encode, words)))
    runs = zip(*(codes[i:] for i in range(SHINGLE)), strict=False)
    hashes = sorted(set(map(_LOW_32_BITS, map(hash, runs))))
    minima = []
    for low, high in itertools.pairwise(_BOUNDS):
        index = bisect.bisect_left(hashes, low)
        minima.append(hashes[index] if index < len(hashes) and hashes[index] < high else EMPTY)
    return Fingerprint(len(words), tuple(minima))


def resemblance(first: set[str], second: set[str]) -> float:
    union = len(first | second)
    return len(first & second) / union if union else 0.0


def estimate(first: Fingerprint, second: Fingerprint) -> float:
    """The resemblance as the fingerprints tell it (within about ±0.1)."""
    agree = compared = 0
    for a, b in zip(first.minima, second.minima, strict=True):
        if a == EMPTY and b == EMPTY:
            continue
        compared += 1
        agree += a == b
    return agree / compared if compared else 0.0


def candidate_pairs(fingerprints: Mapping[str, Fingerprint]) -> set[tuple[str, str]]:
    """Pairs of keys (in sorted order) whose fingerprints agree on a band."""
    buckets: dict[tuple[int, ...], list[str]] = {}
    for key in sorted(fingerprints):
        minima = fingerprints[key].minima
        for start in range(0, BINS, ROWS):
            band = minima[start : start + ROWS]
            if EMPTY not in band:
                buckets.setdefault((start, *band), []).append(key)
    pairs: set[tuple[str, str]] = set()
    for keys in buckets.values():
        if len(keys) > CROWDED:
            pairs.update(itertools.pairwise(keys))
        elif len(keys) > 1:
            pairs.update(itertools.combinations(keys, 2))
    return pairs


@dataclass(frozen=True)
class NearDuplicate:
    key: str
    other: str
    score: float


def near_duplicates(
    fingerprints: Mapping[str, Fingerprint],
    words_of: Callable[[str], Sequence[str]],
    minimum: float,
) -> Iterator[NearDuplicate]:
    """Each pair at least *minimum* alike, both ways round, in key order.
    *words_of* gives a key's words; only candidates' words are asked for."""
    cache: dict[str, set[str]] = {}

    def shingles_of(key: str) -> set[str]:
        if key not in cache:
            cache[key] = shingles(words_of(key))
        return cache[key]

    found: list[NearDuplicate] = []
    for first, second in candidate_pairs(fingerprints):
        # The estimate only screens out the clearly different; the exact
        # score decides (and is what the reader is told).
        if estimate(fingerprints[first], fingerprints[second]) < minimum - 0.25:
            continue
        score = resemblance(shingles_of(first), shingles_of(second))
        if score >= minimum:
            found += [NearDuplicate(first, second, score), NearDuplicate(second, first, score)]
    yield from sorted(found, key=lambda d: (d.key, -d.score, d.other))
