"""The Whoosh adapter: the only module that uses Whoosh (with
:mod:`.whoosh_safety`, which makes its files safe to read).

Text is analysed by :mod:`.analysis` before it reaches Whoosh, which stores
ready-made Swedish terms (space-separated) and ranks them with BM25F; nothing
Swedish is kept in the index, and swapping the engine means rewriting this
module only. Any failure to read an existing index is :class:`IndexDamaged`:
the caller rebuilds it.
"""

from __future__ import annotations

import contextlib
import os
import pickle
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh import query as Q
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.scoring import BM25F

from ..text.words import words
from .analysis import Analyzer, fold, stem
from .corpus import SearchDocument
from .stopwords import STOPWORDS
from .whoosh_safety import SafeStorage, UnsafeIndexFile, install

install()  # before Whoosh reads anything: see whoosh_safety

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


class IndexDamaged(Exception):
    """The index files cannot be read (the reason is the message)."""


class IncompleteIndex(Exception):
    """A parallel build lost documents (a worker process died)."""


class WhooshIndex:
    """The Whoosh index in one folder (a generation of the index)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.storage = SafeStorage(str(directory), schema())
        self._searcher: Any = None

    def create(self) -> None:
        self.storage.create_index(schema())

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None

    def write(
        self,
        analyzer: Analyzer,
        add: Iterable[SearchDocument],
        remove: Iterable[str] = (),
        *,
        fresh: bool = False,
        parallel: bool = False,
    ) -> int:
        """Add, replace and remove documents. Updating an existing index reads
        it: IndexDamaged when that fails."""
        try:
            ix = self.storage.open_index()
        except Exception as exc:
            raise IndexDamaged(_describe(exc)) from exc
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
            writer.commit()
        except BaseException as exc:
            with contextlib.suppress(Exception):
                writer.cancel()
            if fresh or not isinstance(exc, Exception):
                raise
            raise IndexDamaged(_describe(exc)) from exc
        if fresh and parallel:
            # Whoosh's parallel writer drops the segment of a worker that
            # died (killed for memory, say) without a word.
            indexed = self.storage.open_index().doc_count_all()
            if indexed != count:
                raise IncompleteIndex(f"{indexed} of {count} pages were indexed")
        return count

    def check(self) -> None:
        """Open the index and its segments; IndexDamaged if that fails."""
        try:
            with self.storage.open_index().reader() as reader:
                reader.doc_count()
        except Exception as exc:
            raise IndexDamaged(_describe(exc)) from exc

    def search(
        self,
        analyzer: Analyzer,
        text: str,
        filters: Filters,
        limit: int,
    ) -> list[RawHit]:
        """The best pages for *text*; IndexDamaged when the files cannot be read."""
        try:
            if self._searcher is None:
                ix = self.storage.open_index()
                self._searcher = ix.searcher(weighting=BM25F(B=0.6, K1=1.2))
            return _search(self._searcher, analyzer, text, filters, limit)
        except Exception as exc:
            self.close()
            raise IndexDamaged(_describe(exc)) from exc


STORED_TEXT = ("path", "id", "type", "url", "title_text")


def _stored(hit: Any) -> dict[str, Any]:
    """The stored fields of a hit, checked: they come from a file."""
    fields = dict(hit.fields())
    for name in (*STORED_TEXT, "summary_text", "content", "tags"):
        missing = name in STORED_TEXT and name not in fields
        if missing or not isinstance(fields.get(name, ""), str):
            raise ValueError(f"the stored field '{name}' of a page is damaged")
    return fields


def _describe(exc: BaseException) -> str:
    """Why the index could not be read, in a few words."""
    if isinstance(exc, pickle.UnpicklingError | UnsafeIndexFile):
        return str(exc)
    if isinstance(exc, OSError) and exc.strerror:
        name = Path(exc.filename).name if exc.filename else "a file"
        return f"{name}: {exc.strerror}"
    return f"damaged or truncated files ({type(exc).__name__})"


def _search(
    searcher: Any, analyzer: Analyzer, text: str, filters: Filters, limit: int
) -> list[RawHit]:
    reader = searcher.reader()
    word_queries = [q for q in (_word_query(analyzer, w, reader) for w in query_words(text)) if q]
    if not word_queries:
        return []
    phrase_bonus = _synonym_phrases(analyzer, text)
    hits: dict[str, RawHit] = {}
    mask = Q.Term("status", "retired")
    strict: Q.Query = Q.And(word_queries) if len(word_queries) > 1 else word_queries[0]
    # Pages with every word first; then pages with some of them.
    rounds: list[Q.Query] = [_Union([strict, *phrase_bonus])]
    if len(word_queries) > 1:
        rounds.append(_Union([*word_queries, *phrase_bonus]))
    for rank_query in rounds:
        if len(hits) >= limit:
            break
        results = searcher.search(rank_query, limit=limit * 2, filter=filters.query(), mask=mask)
        found = [
            RawHit(fields, float(hit.score) * TYPE_PRIOR.get(fields["type"], 1))
            for fields, hit in ((_stored(hit), hit) for hit in results)
            if fields["path"] not in hits
        ]
        for raw in sorted(found, key=lambda r: -r.score):
            hits[raw.fields["path"]] = raw
    return list(hits.values())[:limit]


# A query is a few words; a pasted paragraph is cut here, so that the query
# stays small (each word becomes a dozen alternatives) and fast.
MAX_QUERY_WORDS = 32


def query_words(text: str) -> list[str]:
    """The query's words without stop words ("för" and "och" match nothing)
    and repeats, the first :data:`MAX_QUERY_WORDS` of them."""
    return list(dict.fromkeys(w for w in words(text) if w not in STOPWORDS))[:MAX_QUERY_WORDS]


def words_left_out(text: str) -> int:
    """How many of the query's words :func:`query_words` leaves out."""
    distinct = len(dict.fromkeys(w for w in words(text) if w not in STOPWORDS))
    return max(distinct - MAX_QUERY_WORDS, 0)


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
    return _Union(_merged(alternatives))


MAX_EXPANSIONS = 8


class _Union(Q.Or):  # type: ignore[misc]  # Whoosh has no type hints
    """Whoosh's Or, always as a tree of union matchers. For an index
    segment of fewer than 5,000 pages Whoosh would load and score every
    matching page (the array matcher); the tree tells the top-k collector
    the best score each block of pages can still reach, so blocks that
    cannot enter the top k are skipped unscored."""

    matcher_type = Q.Or.DEFAULT_MATCHER


def _merged(alternatives: list[Q.Query]) -> list[Q.Query]:
    """The alternatives with each term asked for once: a prefix, suffix or
    typo expansion often finds the word itself again. A term's score is its
    boost times its BM25F score, so one term with the boosts added scores
    every page exactly as the repeats did, and its postings are read once."""
    boosts: dict[tuple[str, str], float] = {}
    merged: list[Q.Query] = []
    for query in alternatives:
        if type(query) is not Q.Term:
            merged.append(query)
            continue
        key = (query.fieldname, query.text)
        if key not in boosts:
            merged.append(query)
        boosts[key] = boosts.get(key, 0.0) + query.boost
    return [
        Q.Term(q.fieldname, q.text, boost=boosts[(q.fieldname, q.text)]) if type(q) is Q.Term else q
        for q in merged
    ]


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
    stems = [stem(w) for w in words(text) if w not in STOPWORDS][:MAX_QUERY_WORDS]
    return [
        Q.Term(f, fold(abbreviation), boost=b)
        for abbreviation in analyzer.synonyms.abbreviations_in(stems)
        for f, b in (("title", 4.0), ("body", 1.0))
    ]


def _fields(analyzer: Analyzer, document: SearchDocument) -> dict[str, Any]:
    # Each part of the page is split into words once; the words of the
    # whole page are those of its parts (they are joined by spaces).
    title_words = words(document.title)
    heading_words = words(document.headings)
    summary_words = words(document.summary)
    body_words = words(document.body)
    all_words = title_words + heading_words + summary_words + body_words
    terms = analyzer.terms_of_words
    summary = terms(summary_words)
    body = summary + terms(body_words)
    # Folded stems everywhere: å/ä/ö typed or not, the same pages are found.
    folded = analyzer.folded_text
    title = folded(terms(title_words))
    headings = folded(terms(heading_words))
    body_text = folded(body)
    long_words = folded(w for w in all_words if len(w) >= 5)
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
        "title": title,
        "headings": headings,
        "tags_text": folded(analyzer.terms(" ".join(document.tags))),
        "summary": folded(summary),
        "body": _joined(body_text, folded(analyzer.synonym_terms_of_words(all_words))),
        "words_f": " ".join(set(long_words.split())),
        "title_rev": _reversed_compounds(title.split()),
        "body_rev": _reversed_compounds([*headings.split(), *body_text.split()]),
    }


def _joined(*texts: str) -> str:
    return " ".join(text for text in texts if text)


def _reversed_compounds(terms: Iterable[str]) -> str:
    return " ".join({t[::-1] for t in terms if len(t) >= MIN_COMPOUND_TERM})
