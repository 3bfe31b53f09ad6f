"""What search sees of a document: plain-text fields from the Bank."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..model import Bank, Document
from ..text.words import composed, words
from .analysis import Analyzer, Decompounder, Synonyms

_FENCE = re.compile(r"^[ \t]*(```|~~~).*?^[ \t]*\1[ \t]*$", re.M | re.S)
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_REF_DEF = re.compile(r"^\s*\[[^\]]+\]:\s*\S+.*$", re.M)
_TAG = re.compile(r"<[^>]+>")
_ADMONITION = re.compile(r'^[ \t]*(?:!!!|\?\?\?\+?)\s*\w+(?:\s+"([^"]*)")?\s*$', re.M)
_ATTR = re.compile(r"\{[:#.][^}]*\}")
_MARKUP = re.compile(r"[*_`>|#]+")


def plain_text(markdown: str) -> str:
    """Readable text of a Markdown body: link texts kept, URLs, code blocks,
    HTML tags and markup dropped."""
    text = _FENCE.sub(" ", markdown)
    text = _REF_DEF.sub(" ", text)
    text = _LINK.sub(r"\1", text)
    text = _ADMONITION.sub(lambda m: m.group(1) or " ", text)
    text = _TAG.sub(" ", text)
    text = _ATTR.sub(" ", text)
    text = _MARKUP.sub(" ", text)
    text = re.sub(r"^[ \t]*[-+]{1,3}[ \t]+|^[ \t]*\d+\.[ \t]+|^:[ \t]+", "", text, flags=re.M)
    return re.sub(r"[ \t]+", " ", text).strip()


@dataclass(frozen=True)
class SearchDocument:
    path: str
    id: str
    url: str
    title: str
    headings: str
    summary: str
    body: str
    tags: tuple[str, ...]
    type: str
    owner: str
    partners: tuple[str, ...]
    status: str
    visibility: str
    digest: str

    @property
    def all_text(self) -> str:
        return " ".join((self.title, self.headings, self.summary, self.body))


def search_document(doc: Document, url: str, visibility: str) -> SearchDocument:
    headings = " ".join(h.text for h in doc.scanned.headings if h.level > 1)
    body = plain_text(doc.body)
    partners = tuple(doc.partner_ids)
    contacts = " ".join(f"{c.name} {c.role}" for c in doc.contacts)
    if contacts:
        body = f"{body} {contacts}"
    terms = doc.terms
    if terms:
        body += " " + " ".join(f"{t.term} {t.expansion} {t.description or ''}" for t in terms)
    document = SearchDocument(
        path=doc.src_path,
        id=doc.id,
        url=url,
        # Composed (NFC), as queries are: snippets mark what words() found.
        title=composed(doc.title),
        headings=composed(headings),
        summary=composed(doc.meta.summary or ""),
        body=composed(body),
        tags=tuple(doc.meta.tags),
        type=doc.type,
        owner=doc.owner or "",
        partners=partners,
        status=doc.status,
        visibility=visibility,
        digest="",
    )
    return dataclasses.replace(document, digest=_digest(document))


def _digest(document: SearchDocument) -> str:
    """What is indexed of a page, hashed: a page is written to the index
    again when this changes (a new review date changes nothing there)."""
    fields = dataclasses.astuple(dataclasses.replace(document, digest=""))
    data = json.dumps(fields, ensure_ascii=False)
    return hashlib.blake2b(data.encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()


def vocabulary(documents: Iterable[SearchDocument], extra: Iterable[str] = ()) -> set[str]:
    """The bank's own words: the decompounder's dictionary."""
    found: set[str] = set()
    for document in documents:
        found.update(words(document.all_text))
    for text in extra:
        found.update(words(text))
    return found


def analyzer_for(bank: Bank, documents: Iterable[SearchDocument]) -> Analyzer:
    glossary = [
        (t.term, t.expansion)
        for g in bank.of_type("glossary")
        for t in g.terms
    ]
    vocab = vocabulary(documents, (e for _, e in glossary))
    return Analyzer(Decompounder(vocab), Synonyms.from_terms(glossary))
