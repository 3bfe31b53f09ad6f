"""The index's fields, worked out the quick way (each part of a page split
into words once, a word's terms looked up once, folding done on the joined
text, abbreviations found in one pass), equal those of the plain analysis
word by word, on every page of the sample bank and of a generated one."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kb_tools.config import load_config
from kb_tools.model import Bank
from kb_tools.search.analysis import Analyzer, Synonyms, fold, stem
from kb_tools.search.corpus import SearchDocument, analyzer_for, search_document
from kb_tools.search.engine import _fields
from kb_tools.search.stopwords import STOPWORDS
from kb_tools.text.words import words

ROOT = Path(__file__).resolve().parents[1]


def _plain_terms(analyzer: Analyzer, text: str) -> list[str]:
    out: list[str] = []
    for word in words(text):
        if word not in STOPWORDS:
            out.append(stem(word))
            out.extend(stem(part) for part in analyzer.decompounder.split(word))
    return out


def _plain_abbreviations(synonyms: Synonyms, stems: list[str]) -> list[str]:
    """Every expansion looked for at every position, as the analysis did."""
    found = []
    for phrase, abbreviation in synonyms.abbreviations.items():
        if any(
            tuple(stems[start : start + len(phrase)]) == phrase
            for start in range(len(stems) - len(phrase) + 1)
        ):
            found.append(abbreviation)
    return found


def _plain_fields(analyzer: Analyzer, document: SearchDocument) -> dict[str, Any]:
    def folded(terms: list[str]) -> list[str]:
        return [fold(t) for t in terms]

    title = folded(_plain_terms(analyzer, document.title))
    headings = folded(_plain_terms(analyzer, document.headings))
    body = folded(_plain_terms(analyzer, f"{document.summary} {document.body}"))
    found = words(document.all_text)
    stems = [stem(w) for w in found if w not in STOPWORDS]
    synonyms = _plain_abbreviations(analyzer.synonyms, stems)
    for word in set(found):
        synonyms.extend(analyzer.synonyms.expansions.get(word, ()))
    return {
        "title": " ".join(title),
        "headings": " ".join(headings),
        "tags_text": " ".join(folded(_plain_terms(analyzer, " ".join(document.tags)))),
        "summary": " ".join(folded(_plain_terms(analyzer, document.summary))),
        "body": " ".join(body + folded(synonyms)),
        "words_f": {fold(w) for w in found if len(w) >= 5},
        "title_rev": {t[::-1] for t in title if len(t) >= 8},
        "body_rev": {t[::-1] for t in headings + body if len(t) >= 8},
    }


def _generated(root: Path) -> Path:
    spec = importlib.util.spec_from_file_location("bankgen", ROOT / "benchmarks" / "bankgen.py")
    assert spec is not None and spec.loader is not None
    bankgen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bankgen)
    generated: Path = bankgen.generate(120, root)
    return generated


@pytest.mark.parametrize("which", ["sample", "generated"])
def test_the_fields_are_those_of_the_plain_analysis(which: str, tmp_path: Path) -> None:
    root = ROOT if which == "sample" else _generated(tmp_path / "bank")
    bank = Bank.load(load_config(root / "mkdocs.yml"))
    documents = [search_document(d, bank.url(d), bank.visibility(d)) for d in bank.documents]
    analyzer = analyzer_for(bank, documents)
    assert analyzer.synonyms.abbreviations  # the glossary's synonyms take part
    with_synonyms = 0
    for document in documents:
        quick = _fields(analyzer, document)
        plain = _plain_fields(Analyzer(analyzer.decompounder, analyzer.synonyms), document)
        for name in ("words_f", "title_rev", "body_rev"):  # sets: their order is arbitrary
            assert set(quick[name].split()) == plain[name], (document.path, name)
            assert len(quick[name].split()) == len(plain[name]), (document.path, name)
        for name in ("title", "headings", "tags_text", "summary", "body"):
            assert quick[name] == plain[name], (document.path, name)
        with_synonyms += quick["body"] != " ".join(
            fold(t) for t in _plain_terms(analyzer, f"{document.summary} {document.body}")
        )
    assert with_synonyms > 0


@given(
    st.lists(st.sampled_from(["hem", "för", "vård", "av", "unga", "god", "man", "x"]), max_size=40)
)
def test_abbreviations_are_found_in_one_pass_as_at_every_position(stems: list[str]) -> None:
    synonyms = Synonyms.from_terms(
        [("HVB", "hem för vård av unga"), ("GM", "god man"), ("H", "hem"), ("VU", "vård unga")]
    )
    assert sorted(len(phrase) for phrase in synonyms.abbreviations) == [1, 1, 2, 3]
    text = [stem(w) for w in stems]
    assert list(synonyms.abbreviations_in(text)) == _plain_abbreviations(synonyms, text)
