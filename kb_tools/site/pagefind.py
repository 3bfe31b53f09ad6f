"""The browser search: a Pagefind index of the built site, fed with the
bank's Swedish knowledge (compound parts, glossary synonyms) at build time.

Pagefind stems Swedish, ignores å/ä/ö differences and splits its index into
chunks, so the first query downloads a small part of it however large the
bank is. What it lacks — compound parts and abbreviations — each page
carries in a hidden, low-weighted element.
"""

from __future__ import annotations

import html
import shutil
import subprocess
import sys
from pathlib import Path

from ..model import Bank, Document
from ..search.analysis import Analyzer, Decompounder, Synonyms
from ..search.stopwords import STOPWORDS
from ..text.words import words

OUTPUT = "pagefind"
TERMS_WEIGHT = 0.5
TITLE_TERMS_WEIGHT = 7.0  # as much as the title (an h1) itself
MIN_PART_SHOWN = 5


class PagefindError(Exception):
    pass


def available() -> bool:
    try:
        import pagefind  # noqa: F401
    except ImportError:
        return False
    return True


def index_site(site_dir: Path) -> None:
    """Write the Pagefind index into ``site_dir/pagefind``."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir",
               OUTPUT, "--force-language", "sv", "--exclude-selectors", ".headerlink",
               "--silent"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=900)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PagefindError(f"the search index could not be built: {exc}") from None
    if result.returncode != 0:
        shutil.rmtree(site_dir / OUTPUT, ignore_errors=True)
        message = (result.stderr or result.stdout).strip().splitlines()
        raise PagefindError("the search index could not be built: "
                            + (message[-1] if message else f"exit {result.returncode}"))


class SearchTerms:
    """Extra words for each page: the parts of its compounds and the
    glossary's abbreviations and expansions for what it mentions."""

    def __init__(self, bank: Bank) -> None:
        vocabulary: set[str] = set()
        glossary = [(t.term, t.expansion) for g in bank.of_type("glossary")
                    for t in g.terms]
        for doc in bank.documents:
            if doc.readable:
                vocabulary.update(words(f"{doc.title} {doc.body}"))
        vocabulary.update(w for _, expansion in glossary for w in words(expansion))
        self.analyzer = Analyzer(Decompounder(vocabulary), Synonyms.from_terms(glossary))
        self.expansions = {term.lower(): expansion for term, expansion in glossary}
        self.terms_by_expansion = {tuple(words(e)): term for term, e in glossary}

    def title_terms(self, doc: Document) -> str:
        """The parts of the title's compounds: a title word in its own right."""
        return " ".join(self._parts(words(doc.title)))

    def for_document(self, doc: Document) -> str:
        text = f"{doc.title} {doc.meta.summary or ''} {doc.body}"
        found = words(text)
        extra = self._parts(found)
        for word in dict.fromkeys(found):  # in text order: builds are reproducible
            if word in self.expansions:
                extra.append(self.expansions[word])
        joined = " ".join(found)
        for phrase, term in self.terms_by_expansion.items():
            if " ".join(phrase) in joined:
                extra.append(term)
        return " ".join(dict.fromkeys(extra))

    def _parts(self, found: list[str]) -> list[str]:
        parts: list[str] = []
        for word in dict.fromkeys(found):
            if word not in STOPWORDS:
                parts.extend(p for p in self.analyzer.decompounder.split(word)
                             if len(p) >= MIN_PART_SHOWN)
        return parts


def _hidden_terms(terms: str, weight: float) -> str:
    # An attribute's value is searchable but never shown in an excerpt.
    if not terms:
        return ""
    return (f'<span hidden data-pagefind-index-attrs="data-kb-terms" '
            f'data-kb-terms="{html.escape(terms)}" data-pagefind-weight="{weight}"></span>')


def wrap(content: str, terms: str, title_terms: str = "") -> str:
    """Mark the page's content for indexing, with its extra terms hidden."""
    hidden = _hidden_terms(title_terms, TITLE_TERMS_WEIGHT) + _hidden_terms(terms, TERMS_WEIGHT)
    return f"<div data-pagefind-body>{content}{hidden}</div>"
