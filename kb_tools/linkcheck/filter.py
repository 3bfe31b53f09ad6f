"""Filter: drop excluded URLs and keep each unique URL once."""

from __future__ import annotations

import re
from collections.abc import Iterable

from .extract import LinkUse


def unique_urls(uses: Iterable[LinkUse], exclude: Iterable[str]) -> dict[str, list[LinkUse]]:
    """``{url: [uses]}`` for every URL not matching an exclude pattern."""
    patterns = [re.compile(p) for p in exclude]
    grouped: dict[str, list[LinkUse]] = {}
    for use in uses:
        if any(p.search(use.url) for p in patterns):
            continue
        grouped.setdefault(use.url, []).append(use)
    return grouped
