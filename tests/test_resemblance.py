"""Near-duplicate detection: exact resemblance, and the fingerprints that
find candidates without comparing every pair."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys

import pytest

from kb_tools.model.resemblance import (
    CROWDED,
    candidate_pairs,
    estimate,
    fingerprint,
    near_duplicates,
    resemblance,
    shingles,
)
from kb_tools.text.words import words

VOCABULARY = words(
    "ungdomen kontaktpersonen skolan boendet praktik samtal uppföljning god man "
    "socialsekreterare tolk ekonomi fritid hälsa beslut plan vecka möte stöd"
)


def page(seed: int, length: int = 300) -> list[str]:
    rng = random.Random(seed)
    return [rng.choice(VOCABULARY) + str(rng.randrange(40)) for _ in range(length)]


def edited(words: list[str], changes: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    copy = list(words)
    for _ in range(changes):
        copy[rng.randrange(len(copy))] = "ändrat"
    return copy


def test_shingles_are_overlapping_runs_of_four_words() -> None:
    assert shingles(words("a b c d e")) == {"a b c d", "b c d e"}
    assert shingles(words("a b c")) == set()


def test_resemblance_is_jaccard_of_shingles() -> None:
    first = shingles(words("a b c d e"))
    second = shingles(words("a b c d f"))
    assert resemblance(first, second) == 1 / 3
    assert resemblance(set(), set()) == 0.0


def test_fingerprints_estimate_resemblance() -> None:
    original = page(1)
    copy = edited(original, 8, seed=2)
    exact = resemblance(shingles(original), shingles(copy))
    assert 0.8 < exact < 0.95
    assert abs(estimate(fingerprint(original), fingerprint(copy)) - exact) < 0.15
    assert estimate(fingerprint(original), fingerprint(page(3))) < 0.1


@pytest.mark.parametrize("seed", ["0", "1", "4711"])
def test_fingerprint_is_the_same_in_every_process(seed: str) -> None:
    # Cached between runs: it must not depend on the salt of str's hash().
    minima = fingerprint(["a", "b", "c", "d"]).minima
    assert minima.count(-1) == 31
    program = (
        "from kb_tools.model.resemblance import fingerprint; "
        "print(list(fingerprint(%r).minima))"
    )
    other = subprocess.run(
        [sys.executable, "-c", program % (page(1),)],
        env={**os.environ, "PYTHONHASHSEED": seed},
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(other.stdout) == list(fingerprint(page(1)).minima)


def test_near_duplicates_among_many_pages_are_found_and_nothing_else() -> None:
    pages = {f"p{n:03}": page(n) for n in range(300)}
    pages["copy-of-p007"] = edited(pages["p007"], 5, seed=9)
    pages["rewrite-of-p011"] = edited(pages["p011"], 60, seed=10)  # about 40% alike
    prints = {key: fingerprint(words) for key, words in pages.items()}
    found = list(near_duplicates(prints, pages.__getitem__, 0.8))
    assert [(d.key, d.other) for d in found] == [("copy-of-p007", "p007"), ("p007", "copy-of-p007")]
    assert found[0].score == resemblance(shingles(pages["p007"]), shingles(pages["copy-of-p007"]))


def test_only_candidates_are_compared() -> None:
    pages = {f"p{n:03}": page(n) for n in range(200)}
    asked: list[str] = []

    def words_of(key: str) -> list[str]:
        asked.append(key)
        return pages[key]

    assert list(near_duplicates({k: fingerprint(w) for k, w in pages.items()}, words_of, 0.8)) == []
    assert asked == []


def test_many_copies_of_one_page_are_paired_without_every_pair() -> None:
    copies = {f"copy{n:03}": page(1) for n in range(CROWDED * 4)}
    pairs = candidate_pairs({key: fingerprint(words) for key, words in copies.items()})
    assert ("copy000", "copy001") in pairs
    assert len(pairs) < len(copies) * 2
