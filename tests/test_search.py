"""Swedish analysis with exact tokens, ranking on small banks, the index, `kb search`."""

from __future__ import annotations

import json
import pickle

import pytest

from kb_tools.config import load_config
from kb_tools.model import PUBLIC
from kb_tools.search import Filters, search, update_index
from kb_tools.search.analysis import (
    Analyzer,
    Decompounder,
    SwedishStemmer,
    Synonyms,
    fold,
    stem,
)

from .conftest import BankDir, MakeBank


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("avvikelserna", "avvik"),
        ("avvikelse", "avvik"),
        ("hyresavtalet", "hyresavtal"),
        ("extrajobbet", "extrajobb"),
        ("beslutet", "beslut"),
        ("läkemedel", "läkemedl"),
        ("läkemedlen", "läkemedl"),
        ("regler", "regl"),
        ("regel", "regl"),
        ("ungdomarna", "ungdom"),
    ],
)
def test_stems(word: str, expected: str) -> None:
    assert stem(word) == expected


def test_stemmer_is_picklable() -> None:
    stemmer = pickle.loads(pickle.dumps(SwedishStemmer()))
    assert stemmer.stem("rutinerna") == "rutin"


def test_folding() -> None:
    assert fold("överförmyndarenhetens läkemedel") == "overformyndarenhetens lakemedel"


def test_compounds_split_into_known_parts_with_linking_s() -> None:
    decompounder = Decompounder(
        ["läkemedel", "hantering", "avvikelse", "hyres", "avtal", "kontakt", "person"]
    )
    assert decompounder.split("läkemedelshantering") == ("läkemedel", "hantering")
    assert decompounder.split("dokumenteras") == ()  # an inflection, not a part
    assert decompounder.split("avvikelsehanteringen") == ("avvikelse", "hanteringen")
    assert decompounder.split("kontaktpersonerna") == ("kontakt", "personerna")
    assert decompounder.split("kontakter") == ()
    assert decompounder.split("samverkan") == ()


def test_recurring_tails_count_as_parts() -> None:
    decompounder = Decompounder(
        [
            "läkemedel",
            "avvikelse",
            "kontant",
            "läkemedelshantering",
            "avvikelsehantering",
            "kontanthantering",
            "dokument",
            "dokumenteras",
            "kontakt",
            "kontakteras",
            "information",
            "informationeras",
        ]
    )
    assert decompounder.split("läkemedelshantering") == ("läkemedel", "hantering")
    assert decompounder.split("dokumenteras") == ()  # an inflection, not a part


def test_index_terms_with_compound_parts_and_no_stop_words() -> None:
    analyzer = Analyzer(Decompounder(["läkemedel", "hantering"]))
    assert analyzer.terms("Rutin för läkemedelshanteringen och HVB") == [
        "rutin",
        "läkemedelshantering",
        "läkemedl",
        "hantering",
        "hvb",
    ]


def test_synonyms_both_ways() -> None:
    analyzer = Analyzer(synonyms=Synonyms.from_terms([("HVB", "hem för vård eller boende")]))
    assert analyzer.synonym_terms("Placering på ett hem för vård eller boende") == ["hvb"]
    assert analyzer.synonym_terms("Placering på HVB") == ["hem", "vård", "boend"]


def _page(title: str, body: str, **front: str) -> str:
    lines = ["---", f"title: {title}", "owner: enhetschef-boende", "reviewed: 2026-09-01"]
    lines += [f"{k}: {v}" for k, v in front.items()]
    return "\n".join([*lines, "---", body]) + "\n"


@pytest.fixture
def small_bank(make_bank: MakeBank) -> BankDir:
    return make_bank(
        {
            "ordlista.md": "---\ntitle: Ordlista\ntype: glossary\nterms:\n"
            "  - {term: HVB, expansion: hem för vård eller boende}\n---\nOrdlistan.\n",
            "rutiner/lakemedel.md": _page(
                "Läkemedelshantering",
                "Personalen förvarar läkemedlen i ett låst skåp. Avvikelser rapporteras.",
            ),
            "rutiner/avvikelser.md": _page(
                "Avvikelser",
                "Så rapporterar du en avvikelse, till exempel fel dos av läkemedel.",
                tags="[kvalitet]",
            ),
            "rutiner/placering.md": _page(
                "Placering", "Ungdomen placeras på ett hem för vård eller boende när det behövs."
            ),
            "rutiner/gammal.md": _page(
                "Läkemedel förr", "Gamla läkemedelsrutinen.", status="retired"
            ),
            "rutiner/utkast.md": _page("Läkemedel utkast", "Utkast om läkemedel.", status="draft"),
            "samverkansparter/apotek.md": _page(
                "Apoteket",
                "Läkemedel hämtas på apoteket.",
                org_type="company",
                visibility="public",
                contacts="[]",
            ),
        }
    )


def _ids(bank: BankDir, query: str, **kwargs: object) -> list[str]:
    config = load_config(bank.root / "mkdocs.yml")
    return [hit.id for hit in search(config, query, **kwargs)]  # type: ignore[arg-type]


def test_title_hits_rank_above_body_hits(small_bank: BankDir) -> None:
    assert _ids(small_bank, "läkemedel")[0] == "lakemedel"
    assert _ids(small_bank, "avvikelserna")[0] == "avvikelser"


def test_compound_part_typo_folding_and_synonyms(small_bank: BankDir) -> None:
    assert _ids(small_bank, "hantering")[0] == "lakemedel"
    assert _ids(small_bank, "lakemedelshantring")[0] == "lakemedel"
    assert _ids(small_bank, "HVB")[0] == "placering"
    assert _ids(small_bank, "hem för vård eller boende")[0] == "placering"


def test_typos_rank_below_exact_matches(small_bank: BankDir) -> None:
    config = load_config(small_bank.root / "mkdocs.yml")
    exact = search(config, "avvikelse")
    typo = search(config, "avvikelsr")
    assert exact[0].id == typo[0].id == "avvikelser"
    assert typo[0].score < exact[0].score


def test_retired_drafts_and_stop_words_are_not_found(small_bank: BankDir) -> None:
    found = _ids(small_bank, "läkemedel")
    assert "gammal" not in found and "utkast" not in found
    assert _ids(small_bank, "för och att") == []


def test_filters_and_public_index(small_bank: BankDir) -> None:
    assert _ids(small_bank, "läkemedel", filters=Filters(type="partner")) == ["apotek"]
    assert _ids(small_bank, "läkemedel", filters=Filters(tag="kvalitet")) == ["avvikelser"]
    assert _ids(small_bank, "läkemedel", audience=PUBLIC) == ["apotek"]


def test_incremental_update(small_bank: BankDir) -> None:
    config = load_config(small_bank.root / "mkdocs.yml")
    assert update_index(config).sentence() == (
        "Built the search index: 5 added, 0 updated, 0 removed, 0 unchanged."
    )
    assert update_index(config).sentence() == (
        "Updated the search index: 0 added, 0 updated, 0 removed, 7 unchanged."
    )
    small_bank.write(
        "docs/rutiner/avvikelser.md", _page("Avvikelser", "Nu handlar det om brandlarm.")
    )
    small_bank.write("docs/rutiner/ny.md", _page("Ny rutin", "Om brandlarm och utrymning."))
    (small_bank.root / "docs" / "rutiner" / "placering.md").unlink()
    assert update_index(config).sentence() == (
        "Updated the search index: 1 added, 1 updated, 1 removed, 5 unchanged."
    )
    assert sorted(_ids(small_bank, "brandlarm")) == ["avvikelser", "ny"]
    assert "placering" not in _ids(small_bank, "boende")


def test_an_open_searcher_sees_updates_and_rebuilds(small_bank: BankDir) -> None:
    # Queries in one process share an open searcher; it must never be stale.
    config = load_config(small_bank.root / "mkdocs.yml")
    assert _ids(small_bank, "brandlarm", update=False) == []
    small_bank.write("docs/rutiner/ny.md", _page("Ny rutin", "Om brandlarm och utrymning."))
    update_index(config)
    assert _ids(small_bank, "brandlarm", update=False) == ["ny"]
    small_bank.write("docs/rutiner/ny.md", _page("Ny rutin", "Om utrymning."))
    update_index(config, full=True)
    assert _ids(small_bank, "brandlarm", update=False) == []
    assert _ids(small_bank, "utrymning", update=False) == ["ny"]


def test_kb_search_command(small_bank: BankDir) -> None:
    result = small_bank.kb("search", "läkemedel", "-n", "2")
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        " 1. Läkemedelshantering  (Rutin) docs/rutiner/lakemedel.md",
        "    Personalen förvarar läkemedlen i ett låst skåp.",
        " 2. Apoteket  (Samverkanspart) docs/samverkansparter/apotek.md",
        "    Läkemedel hämtas på apoteket.",
    ]
    hits = json.loads(small_bank.kb("search", "läkemedel", "--json", "-n", "1").output)
    assert hits == [
        {
            "path": "docs/rutiner/lakemedel.md",
            "id": "lakemedel",
            "title": "Läkemedelshantering",
            "url": "rutiner/lakemedel/",
            "type": "routine",
            "score": hits[0]["score"],
            "snippet": "Personalen förvarar läkemedlen i ett låst skåp.",
            "highlights": [[20, 30]],
        }
    ]
    nothing = small_bank.kb("search", "och")
    assert nothing.output == "No pages match 'och' (common words such as 'och' are not searched).\n"


def test_a_page_written_in_decomposed_unicode_is_found(bank: BankDir) -> None:
    """'ö' as 'o' + U+0308 (NFD, as macOS tools may save it) split every word
    at the mark: 'gruppbostäderna' found nothing."""
    import unicodedata

    page = (
        "---\ntitle: Rutin för gruppbostäder\nowner: samordnare\nreviewed: 2026-10-01\n---\n"
        "# Rutin för gruppbostäder\n\nLäkemedel på gruppbostäderna följer föreskrifterna om "
        "övertagande.\n"
    )
    bank.write("docs/rutiner/nfd.md", unicodedata.normalize("NFD", page).encode())
    for query in ("gruppbostäderna", "övertagande", unicodedata.normalize("NFD", "övertagande")):
        result = bank.kb("search", query, "--json")
        (hit,) = json.loads(result.output)
        assert hit["path"] == "docs/rutiner/nfd.md", query
        assert hit["title"] == "Rutin för gruppbostäder"  # composed, as it is shown
        assert unicodedata.is_normalized("NFC", hit["snippet"])
    result = bank.kb("search", "övertagande", "--json")
    assert json.loads(result.output)[0]["snippet"] == (
        "Läkemedel på gruppbostäderna följer föreskrifterna om övertagande."
    )
