"""KB601: a page that nearly duplicates another (extend that one instead)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from itertools import groupby

from ..diagnostics import Diagnostic, finding
from ..i18n import msg
from ..model import Bank
from ..model.resemblance import near_duplicates

NEAR_DUPLICATE = 0.8  # of four-word runs shared: a page copied with a paragraph changed
MIN_WORDS = 40  # short pages (a partner's two lines) are alike by nature
LIMIT = 3  # pages named per page


def check(bank: Bank, today: date) -> Iterator[Diagnostic]:
    types = set(bank.config.kb.near_duplicates.types)
    fingerprints = {
        doc.src_path: doc.fingerprint
        for doc in bank.documents
        if doc.readable
        and doc.is_published
        and doc.type in types
        and doc.fingerprint is not None
        and doc.fingerprint.words >= MIN_WORDS
    }
    pairs = near_duplicates(fingerprints, lambda src: bank.by_src[src].words(), NEAR_DUPLICATE)
    for src, alike in groupby(pairs, key=lambda pair: pair.key):
        doc = bank.by_src[src]
        for pair in list(alike)[:LIMIT]:
            other = bank.by_src[pair.other]
            yield finding(
                "KB601",
                doc.path,
                1,
                1,
                msg(
                    "this page nearly duplicates {path} ({percent}% alike)",
                    path=other.path,
                    percent=int(pair.score * 100),
                ),
                msg("extend one page and remove the other, or link them if both must stay"),
            )
