"""The rules of a day, who sees what, where a page lives and the contract's
names are each stated once (in the model and the vocabulary) and asked by
every room: these tests hold the rules, and hold the code to asking them."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import pytest

from kb_tools.config import config_from_dict
from kb_tools.config.settings import ExtraKeys, KBConfig
from kb_tools.exports import EXPORTS
from kb_tools.fields.vocabulary import DOC_TYPES, ORG_TYPES, STATUSES
from kb_tools.i18n import speaking
from kb_tools.model import (
    INTERNAL,
    PUBLIC,
    AgreementState,
    Audience,
    Bank,
    Document,
    metadata_model,
)
from kb_tools.review import KINDS, review_items
from kb_tools.review.formats import FORMATS
from kb_tools.review.remind import reminders
from kb_tools.site.assembly import Site
from kb_tools.site.generated import review_dashboard
from kb_tools.text.swedish import ORG_TYPE_NAMES, STATUS_NAMES, TYPE_NAMES, TYPE_PLURALS

PACKAGE = Path(__file__).resolve().parents[1] / "kb_tools"
TODAY = date(2026, 11, 23)
OWNERS = {"redaktion": {"name": "Redaktionen", "email": "redaktionen@example.se"}}


def _agreement(name: str, extra: str) -> str:
    return (
        f"---\ntitle: {name}\nowner: redaktion\nreviewed: 2026-10-01\nparties: [lernia]\n"
        f"valid_from: 2026-01-01\n{extra}---\n# {name}\n"
    )


FILES = {
    "overenskommelser/tills-vidare.md": _agreement("Tills vidare", ""),
    "overenskommelser/gar-ut.md": _agreement("Går ut", "valid_until: 2026-11-22\n"),
    "overenskommelser/i-dag.md": _agreement("I dag", "valid_until: 2026-11-23\n"),
    # agreement_warning is 90 days: 2027-02-21 is the last day it warns of.
    "overenskommelser/sista.md": _agreement("Sista", "valid_until: 2027-02-21\n"),
    "overenskommelser/galler.md": _agreement("Gäller", "valid_until: 2027-02-22\n"),
    "overenskommelser/upphord.md": _agreement(
        "Upphörd", "valid_until: 2020-01-01\nstatus: retired\n"
    ),
    "samverkansparter/lernia.md": (
        "---\ntitle: Lernia\norg_type: company\nowner: redaktion\nreviewed: 2026-10-01\n"
        "visibility: public\ncontacts:\n"
        "  - {name: Anna Berg, role: Handläggare, phone: 070-1740605, verified: 2026-05-23}\n"
        "  - {name: Bo Ek, role: Samordnare, phone: 070-1740606, verified: 2026-05-22,"
        " public: true}\n"
        "---\n# Lernia\n"
    ),
    "rutiner/forsenad.md": (
        "---\ntitle: Försenad\nowner: redaktion\nreviewed: 2025-11-22\n---\n# Försenad\n"
    ),
    "rutiner/i-tid.md": "---\ntitle: I tid\nowner: redaktion\nreviewed: 2025-11-23\n---\n# I tid\n",
    "rutiner/upphord.md": (
        "---\ntitle: Gammal\nowner: redaktion\nreviewed: 2020-01-01\nstatus: retired\n---\n"
        "# Gammal\n"
    ),
    "rutiner/utkast.md": (
        "---\ntitle: Utkast\nowner: redaktion\nreviewed: 2026-10-01\nstatus: draft\n"
        "visibility: public\n---\n# Utkast\n"
    ),
}


@pytest.fixture
def bank(tmp_path: Path) -> Bank:
    config = config_from_dict(tmp_path, {"owners": OWNERS}, site_url="https://kb.example.se/intra/")
    return Bank.from_files(config, FILES)


def _doc(bank: Bank, src: str) -> Document:
    return bank.by_src[src]


def test_where_an_agreement_stands(bank: Bank) -> None:
    states = {
        doc.id: bank.agreement_state(doc, TODAY) for doc in bank.of_type("agreement")
    }
    assert states == {
        "tills-vidare": AgreementState.UNTIL_FURTHER_NOTICE,
        "gar-ut": AgreementState.EXPIRED,
        "i-dag": AgreementState.ENDING,
        "sista": AgreementState.ENDING,
        "galler": AgreementState.ACTIVE,
        "upphord": AgreementState.RETIRED,
    }
    assert bank.agreement_state(_doc(bank, "rutiner/i-tid.md"), TODAY) is None
    assert [s for s in AgreementState if s.in_force] == [
        AgreementState.ACTIVE,
        AgreementState.UNTIL_FURTHER_NOTICE,
        AgreementState.ENDING,
    ]


def test_when_a_review_is_due_and_a_contact_stale(bank: Bank) -> None:
    overdue = _doc(bank, "rutiner/forsenad.md")
    on_time = _doc(bank, "rutiner/i-tid.md")
    retired = _doc(bank, "rutiner/upphord.md")
    assert (bank.next_review(overdue), bank.review_overdue(overdue, TODAY)) == (
        date(2026, 11, 22),
        True,
    )
    assert (bank.next_review(on_time), bank.review_overdue(on_time, TODAY)) == (TODAY, False)
    assert (bank.review_due(retired), bank.next_review(retired)) == (date(2021, 1, 1), None)
    assert not bank.review_overdue(retired, TODAY)
    anna, bo = _doc(bank, "samverkansparter/lernia.md").contacts
    # contact_max_age is 6 months: confirmed until that day, stale the day after.
    assert (bank.contact_stale_after(anna), bank.contact_stale(anna, TODAY)) == (TODAY, False)
    assert (bank.contact_stale_after(bo), bank.contact_stale(bo, TODAY)) == (
        date(2026, 11, 22),
        True,
    )


def test_who_sees_what(bank: Bank) -> None:
    lernia = _doc(bank, "samverkansparter/lernia.md")
    routine = _doc(bank, "rutiner/i-tid.md")
    retired = _doc(bank, "rutiner/upphord.md")
    draft = _doc(bank, "rutiner/utkast.md")
    kb = bank.config.kb
    assert [INTERNAL.sees(d, kb) for d in (lernia, routine, retired, draft)] == [
        True, True, True, False
    ]
    assert [PUBLIC.sees(d, kb) for d in (lernia, routine, retired, draft)] == [
        True, False, False, False
    ]
    assert [INTERNAL.finds(d, kb) for d in (lernia, routine, retired)] == [True, True, False]
    assert [PUBLIC.shows_contact(c) for c in lernia.contacts] == [False, True]
    assert (bank.visibility(lernia), bank.visibility(routine)) == ("public", "internal")
    assert Audience.named("public") == PUBLIC
    with pytest.raises(ValueError) as raised:
        Audience.named("alla")
    assert str(raised.value) == "expected 'internal' or 'public', found 'alla'"


def test_where_a_page_lives(bank: Bank, tmp_path: Path) -> None:
    lernia = _doc(bank, "samverkansparter/lernia.md")
    routine = _doc(bank, "rutiner/i-tid.md")
    assert bank.url(lernia) == "samverkansparter/lernia/"
    assert bank.absolute_url(lernia) == "https://kb.example.se/intra/samverkansparter/lernia/"
    assert bank.relative_url(routine, lernia) == "../../rutiner/i-tid/"
    flat = Bank.from_files(
        config_from_dict(tmp_path, {"owners": OWNERS}, use_directory_urls=False), FILES
    )
    lernia = flat.by_src["samverkansparter/lernia.md"]
    assert (flat.url(lernia), flat.absolute_url(lernia)) == (
        "samverkansparter/lernia.html",
        "samverkansparter/lernia.html",
    )


def test_the_public_start_page_carries_nothing_of_the_internal_one(tmp_path: Path) -> None:
    config = config_from_dict(tmp_path, {"owners": OWNERS})
    start = "---\ntitle: Start\nowner: redaktion\nreviewed: 2026-10-01\n---\n# Start\n"
    files = {**FILES, "index.md": start}
    bank = Bank.from_files(config, files)
    page = Site(bank, TODAY, PUBLIC).html("index.md", "<h1>Kunskapsbanken</h1><p>Lernia</p>")
    assert page == '<div data-pagefind-body><h1>Kunskapsbanken</h1><p>Lernia</p></div>'
    # The internal start page is the bank's own: its panel, for one.
    internal = Site(bank, TODAY, INTERNAL).html("index.md", "<h1>Start</h1>")
    assert internal.startswith('<div data-pagefind-body><h1>Start</h1><dl class="kb-meta"')


def test_one_label_per_review_kind_everywhere(bank: Bank) -> None:
    items = list(review_items(bank, TODAY, within_days=0))
    assert {i.kind for i in items} == set(KINDS)
    stale = next(i for i in items if i.contact == "Bo Ek")
    label = "Kontakt behöver bekräftas: Bo Ek"
    assert stale.swedish() == label
    dashboard = review_dashboard(bank, INTERNAL, TODAY)
    assert dashboard is not None and label in dashboard.markdown
    with speaking("sv"):
        assert label in FORMATS["markdown"](bank, items, TODAY)
        assert label in FORMATS["text"](bank, items, TODAY)
    mails, _ = reminders(bank, items, TODAY)  # always Swedish
    assert label in mails[0].body
    assert "Contact to confirm: Bo Ek" in FORMATS["text"](bank, items, TODAY)


def test_the_formats_and_the_exports_keep_their_contract(bank: Bank) -> None:
    items = list(review_items(bank, TODAY))
    assert list(FORMATS) == ["text", "markdown", "json", "ics"]
    assert all(isinstance(render(bank, items, TODAY), str) for render in FORMATS.values())
    internal: dict[str, bytes] = {}
    public: dict[str, bytes] = {}
    for export in EXPORTS.values():
        internal.update(export(bank, INTERNAL, TODAY))
        public.update(export(bank, PUBLIC, TODAY))
    assert sorted(internal) == [
        "granskning.ics",
        "kontakter.csv",
        "kontakter.vcf",
        "kontakter/lernia.vcf",
        "pages.json",
    ]
    assert sorted(public) == [
        "kontakter.csv", "kontakter.vcf", "kontakter/lernia.vcf", "pages.json"
    ]
    assert b"Anna Berg" in internal["kontakter.csv"]
    assert b"Anna Berg" not in public["kontakter.csv"]
    assert b"Bo Ek" in public["kontakter.vcf"]
    assert b"i-tid" not in public["pages.json"]


def test_the_contracts_names_are_stated_once() -> None:
    assert DOC_TYPES == ("routine", "partner", "agreement", "template", "glossary", "page")
    assert set(TYPE_NAMES) == set(TYPE_PLURALS) == set(DOC_TYPES)
    assert set(STATUS_NAMES) == set(STATUSES)
    assert set(ORG_TYPE_NAMES) == set(ORG_TYPES)
    assert set(ExtraKeys.model_fields) == {"all", *DOC_TYPES}
    assert {metadata_model(t).__name__ for t in DOC_TYPES} == {
        "RoutineMetadata", "PartnerMetadata", "AgreementMetadata", "TemplateMetadata",
        "GlossaryMetadata", "PageMetadata",
    }
    types = KBConfig.model_json_schema()["properties"]["types"]["additionalProperties"]
    assert tuple(types["enum"]) == DOC_TYPES


def _offenders(check) -> list[str]:  # type: ignore[no-untyped-def]
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if check(node):
                found.append(f"{path.relative_to(PACKAGE).as_posix()}:{node.lineno}")
    return found


def test_no_room_writes_its_own_list_of_types() -> None:
    def type_list(node: ast.AST) -> bool:
        if not isinstance(node, ast.Tuple | ast.List | ast.Set):
            return False
        names = [e.value for e in node.elts if isinstance(e, ast.Constant)]
        return sum(1 for n in names if n in DOC_TYPES) >= 3

    assert [o for o in _offenders(type_list) if not o.startswith("fields/vocabulary.py")] == []


def test_no_room_reaches_into_metadata_by_name() -> None:
    def getattr_meta(node: ast.AST) -> bool:
        return (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "getattr"
            and bool(node.args)
            and isinstance(node.args[0], ast.Attribute)
            and node.args[0].attr == "meta"
        )

    assert _offenders(getattr_meta) == []
