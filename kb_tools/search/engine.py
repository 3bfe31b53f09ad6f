"""The Whoosh adapter: the only module that knows Whoosh.

Text is analysed by :mod:`.analysis` before it reaches Whoosh, which stores
ready-made Swedish terms (space-separated) and ranks them with BM25F; nothing
Swedish is pickled into the index, and swapping the engine means rewriting
this module only.
"""

from __future__ import annotations

import os
import pickle
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh import query as Q
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.scoring import BM25F

from ..words import words
from .analysis import Analyzer, fold, stem
from .corpus import SearchDocument
from .stopwords import STOPWORDS

_TERMS = SpaceSeparatedTokenizer()

# Field weights: a word in the title counts most, then headings, tags, summary.
MAIN_FIELDS = {"title": 6.0, "headings": 3.0, "tags_text": 3.0, "summary": 2.0, "body": 1.0}
FUZZY_FIELDS = {"title": 1.2, "body": 0.25}
# The glossary and general pages (start page, guides) mention everything;
# staff look for the routine, partner or agreement itself.
TYPE_PRIOR = {"glossary": 0.5, "page": 0.75}
# Reversed long terms: a prefix query on them is a suffix query, which finds
# the tail of a compound (hantering → läkemedelshantering) even when the
# decompounder could not split it.
SUFFIX_FIELDS = {"title_rev": 2.0, "body_rev": 0.5}
PREFIX_FIELDS = {"title": 3.0, "body": 0.3}
MIN_SUFFIX_QUERY = 5
MIN_COMPOUND_TERM = 8


def schema() -> Schema:
    text = {name: TEXT(analyzer=_TERMS, phrase=True) for name in MAIN_FIELDS}
    text.update({name: TEXT(analyzer=_TERMS, phrase=False) for name in (*SUFFIX_FIELDS, "words_f")})
    return Schema(
        path=ID(stored=True, unique=True),
        id=ID(stored=True),
        type=ID(stored=True),
        owner=ID(stored=True),
        status=ID(stored=True),
        tags=KEYWORD(commas=True, lowercase=True, stored=True),
        partners=KEYWORD(commas=True, stored=True),
        url=STORED,
        title_text=STORED,
        summary_text=STORED,
        content=STORED,
        **text,
    )


@dataclass(frozen=True)
class Filters:
    type: str | None = None
    tag: str | None = None
    owner: str | None = None
    partner: str | None = None

    def query(self) -> Q.Query | None:
        terms = []
        if self.type:
            terms.append(Q.Term("type", self.type))
        if self.tag:
            terms.append(Q.Term("tags", self.tag.lower()))
        if self.owner:
            terms.append(Q.Term("owner", self.owner))
        if self.partner:
            terms.append(Q.Term("partners", self.partner))
        return Q.And(terms) if terms else None


@dataclass(frozen=True)
class RawHit:
    fields: dict[str, Any]
    score: float


class WhooshStore:
    """A Whoosh index in a folder, plus the analyzer it was built with."""

    ANALYZER_FILE = "analyzer.pickle"

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        # Kept open between queries: opening the index and unpickling the
        # analyzer cost more than a query on a large bank. Both are reloaded
        # when the files on disk change.
        self._searcher: Any = None
        self._searcher_stamp = 0
        self._analyzer: tuple[int, Analyzer] | None = None

    def exists(self) -> bool:
        return (
            whoosh_index.exists_in(str(self.directory))
            and (self.directory / self.ANALYZER_FILE).is_file()
        )

    def create(self, analyzer: Analyzer) -> None:
        self.close()
        if self.directory.exists():
            shutil.rmtree(self.directory)
        self.directory.mkdir(parents=True)
        whoosh_index.create_in(str(self.directory), schema())
        self.save_analyzer(analyzer)

    def save_analyzer(self, analyzer: Analyzer) -> None:
        with (self.directory / self.ANALYZER_FILE).open("wb") as handle:
            pickle.dump(analyzer, handle, protocol=pickle.HIGHEST_PROTOCOL)

    def load_analyzer(self) -> Analyzer:
        path = self.directory / self.ANALYZER_FILE
        stamp = path.stat().st_mtime_ns
        if self._analyzer is None or self._analyzer[0] != stamp:
            with path.open("rb") as handle:
                self._analyzer = (stamp, pickle.load(handle))
        return self._analyzer[1]

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
        self._analyzer = None

    def _current_searcher(self) -> Any:
        # Every write saves the analyzer too: its time stamp tells whether
        # the index changed, even when it was rebuilt from scratch.
        stamp = (self.directory / self.ANALYZER_FILE).stat().st_mtime_ns
        if self._searcher is not None and self._searcher_stamp != stamp:
            self._searcher.close()
            self._searcher = None
        if self._searcher is None:
            ix = whoosh_index.open_dir(str(self.directory))
            self._searcher = ix.searcher(weighting=BM25F(B=0.6, K1=1.2))
            self._searcher_stamp = stamp
        return self._searcher

    def write(
        self,
        analyzer: Analyzer,
        add: Iterable[SearchDocument],
        remove: Iterable[str] = (),
        *,
        fresh: bool = False,
        parallel: bool = False,
    ) -> int:
        ix = whoosh_index.open_dir(str(self.directory))
        if fresh and parallel and (os.cpu_count() or 1) > 1:
            # A first build of a large bank: Whoosh spreads the work over the
            # cores, each writing a segment of its own.
            writer = ix.writer(procs=min(os.cpu_count() or 1, 4), limitmb=128, multisegment=True)
        else:
            writer = ix.writer(limitmb=256)
        count = 0
        try:
            for path in remove:
                writer.delete_by_term("path", path)
            for document in add:
                fields = _fields(analyzer, document)
                if fresh:
                    writer.add_document(**fields)
                else:
                    writer.update_document(**fields)
                count += 1
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        return count

    def search(
        self,
        analyzer: Analyzer,
        text: str,
        filters: Filters,
        limit: int,
    ) -> list[RawHit]:
        searcher = self._current_searcher()
        reader = searcher.reader()
        word_queries = [
            q for q in (_word_query(analyzer, w, reader) for w in _query_words(text)) if q
        ]
        if not word_queries:
            return []
        phrase_bonus = _synonym_phrases(analyzer, text)
        hits: dict[str, RawHit] = {}
        mask = Q.Term("status", "retired")
        strict: Q.Query = Q.And(word_queries) if len(word_queries) > 1 else word_queries[0]
        # Pages with every word first; then pages with some of them.
        rounds: list[Q.Query] = [Q.Or([strict, *phrase_bonus])]
        if len(word_queries) > 1:
            rounds.append(Q.Or([*word_queries, *phrase_bonus]))
        for rank_query in rounds:
            if len(hits) >= limit:
                break
            results = searcher.search(
                rank_query, limit=limit * 2, filter=filters.query(), mask=mask
            )
            found = [
                RawHit(dict(hit.fields()), float(hit.score) * TYPE_PRIOR.get(hit["type"], 1))
                for hit in results
                if hit["path"] not in hits
            ]
            for raw in sorted(found, key=lambda r: -r.score):
                hits[raw.fields["path"]] = raw
        return list(hits.values())[:limit]


def _query_words(text: str) -> list[str]:
    """The query's words without stop words: "för" and "och" match nothing."""
    return [w for w in words(text) if w not in STOPWORDS]


def _word_query(analyzer: Analyzer, word: str, reader: Any) -> Q.Query | None:
    # The index holds folded stems (å/ä→a, ö→o): a word typed with or without
    # Swedish letters finds the same pages.
    term = fold(stem(word))
    folded = fold(stem(fold(word)))
    surface = fold(word)
    alternatives: list[Q.Query] = [Q.Term(f, term, boost=b) for f, b in MAIN_FIELDS.items()]
    if folded != term:
        alternatives += [Q.Term(f, folded, boost=b * 0.8) for f, b in MAIN_FIELDS.items()]
    parts = [fold(stem(p)) for p in analyzer.decompounder.split(word)]
    if parts:
        alternatives.append(Q.And([Q.Term("body", p) for p in parts], boost=0.5))
    expansion = analyzer.synonyms.expansions.get(word)
    if expansion:
        for field, boost in (("title", 4.0), ("body", 1.0)):
            alternatives.append(_phrase(field, [fold(t) for t in expansion], boost))
    if len(surface) >= MIN_SUFFIX_QUERY:
        # The head of a compound (läkemedel → läkemedelshantering) and its
        # tail (hantering → läkemedelshantering, via the reversed terms).
        for field, boost in PREFIX_FIELDS.items():
            alternatives += _expanded(field, reader.expand_prefix(field, surface), boost)
        for field, boost in SUFFIX_FIELDS.items():
            alternatives += _expanded(field, reader.expand_prefix(field, folded[::-1]), boost)
    if len(term) >= 5:
        for field, boost in FUZZY_FIELDS.items():
            alternatives += _expanded(field, reader.terms_within(field, term, 1, prefix=2), boost)
        # Typos are compared with the words as written, not with stems.
        distance = 2 if len(surface) >= 10 else 1
        near = reader.terms_within("words_f", surface, distance, prefix=1)
        alternatives += _expanded("words_f", near, 0.3)
    return Q.Or(alternatives)


MAX_EXPANSIONS = 8


def _expanded(field: str, terms: Iterable[Any], boost: float) -> list[Q.Query]:
    """Term queries (scored by BM25 like any term) for expanded terms."""
    found = []
    for term in terms:
        text = term.decode("utf-8") if isinstance(term, bytes) else str(term)
        found.append(Q.Term(field, text, boost=boost))
        if len(found) >= MAX_EXPANSIONS:
            break
    return found


def _phrase(field: str, terms: Sequence[str], boost: float) -> Q.Query:
    if len(terms) == 1:
        return Q.Term(field, terms[0], boost=boost)
    return Q.Phrase(field, list(terms), boost=boost)


def _synonym_phrases(analyzer: Analyzer, text: str) -> list[Q.Query]:
    """A query that spells out an abbreviation also finds the abbreviation."""
    stems = [stem(w) for w in words(text) if w not in STOPWORDS]
    return [
        Q.Term(f, fold(abbreviation), boost=b)
        for abbreviation in analyzer.synonyms.abbreviations_in(stems)
        for f, b in (("title", 4.0), ("body", 1.0))
    ]


def _fields(analyzer: Analyzer, document: SearchDocument) -> dict[str, Any]:
    # Folded stems everywhere: å/ä/ö typed or not, the same pages are found.
    title = analyzer.folded(analyzer.terms(document.title))
    headings = analyzer.folded(analyzer.terms(document.headings))
    body = analyzer.folded(analyzer.terms(f"{document.summary} {document.body}"))
    synonyms = analyzer.folded(analyzer.synonym_terms(document.all_text))
    return {
        "path": document.path,
        "id": document.id,
        "type": document.type,
        "owner": document.owner,
        "status": document.status,
        "tags": ",".join(document.tags),
        "partners": ",".join(document.partners),
        "url": document.url,
        "title_text": document.title,
        "summary_text": document.summary,
        "content": document.body,
        "title": " ".join(title),
        "headings": " ".join(headings),
        "tags_text": " ".join(analyzer.folded(analyzer.terms(" ".join(document.tags)))),
        "summary": " ".join(analyzer.folded(analyzer.terms(document.summary))),
        "body": " ".join(body + synonyms),
        "words_f": " ".join({fold(w) for w in words(document.all_text) if len(w) >= 5}),
        "title_rev": _reversed_compounds(title),
        "body_rev": _reversed_compounds(headings + body),
    }


def _reversed_compounds(terms: Iterable[str]) -> str:
    return " ".join({t[::-1] for t in terms if len(t) >= MIN_COMPOUND_TERM})
