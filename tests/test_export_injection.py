"""Export files cannot be forged from a value: vCard, iCalendar, CSV, pages.json."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
import vobject
from icalendar import Calendar

from kb_tools.config import config_from_dict
from kb_tools.exports import contacts_csv, pages_json, partner_vcards, review_calendar
from kb_tools.exports.contacts_csv import cell
from kb_tools.model import Bank

TODAY = date(2026, 11, 23)
# Every line break some reader splits on, as YAML double-quoted escapes:
# CR alone, U+2028, U+2029, NEL, VT, FF.
BREAKS = {"cr": "\\r", "ls": "\\L", "ps": "\\P", "nel": "\\N", "vt": "\\v", "ff": "\\f"}


def _bank(name: str, title: str, note: str = "Ring före tio.") -> Bank:
    config = config_from_dict(Path("/bank"), {"owners": {"a": {"name": "A"}}})
    partner = (
        "---\n"
        f'title: "{title}"\n'
        "org_type: company\nowner: a\nreviewed: 2026-09-01\n"
        "contacts:\n"
        f'  - name: "{name}"\n'
        "    role: Samordnare\n"
        "    email: anna.berg@example.org\n"
        "    phone: 070-174 06 05\n"
        "    verified: 2026-10-01\n"
        f'    note: "{note}"\n'
        "---\nText.\n"
    )
    agreement = (
        "---\n"
        f'title: "{title}"\n'
        "owner: a\nreviewed: 2026-09-01\nparties: [p]\nvalid_from: 2025-01-01\n"
        "valid_until: 2027-01-31\n---\nText.\n"
    )
    return Bank.from_files(
        config, {"samverkansparter/p.md": partner, "overenskommelser/o.md": agreement}
    )


@pytest.mark.parametrize("kind", list(BREAKS), ids=list(BREAKS))
def test_vcard_line_breaks_cannot_add_properties_or_cards(kind: str) -> None:
    brk = BREAKS[kind]
    bank = _bank(
        name=f"Anna Berg{brk}URL:javascript:alert(1){brk}END:VCARD{brk}BEGIN:VCARD",
        title=f"Lernia{brk}NOTE:injicerad",
    )
    partner = bank.by_src["samverkansparter/p.md"]
    text = partner_vcards(partner, partner.contacts)
    # Every line a splitting reader sees starts a property we wrote, or folds.
    for line in text.splitlines():
        assert line.startswith(
            (" ", "BEGIN:", "VERSION:", "UID:", "FN:", "N:", "ORG:", "TITLE:", "TEL;", "EMAIL;",
             "NOTE:", "REV:", "END:")
        ), line
    starts = [line.split(":")[0] for line in text.splitlines() if not line.startswith(" ")]
    assert starts.count("BEGIN") == 1 and "URL" not in starts
    (card,) = vobject.readComponents(text)
    assert "url" not in card.contents
    assert card.fn.value == "Anna Berg\nURL:javascript:alert(1)\nEND:VCARD\nBEGIN:VCARD"
    assert card.org.value == ["Lernia\nNOTE:injicerad"]
    assert [n.value for n in card.contents["note"]] == ["Ring före tio."]


def test_vcard_drops_other_control_characters() -> None:
    bank = _bank(name="Anna\\x1b[31mBerg\\x00", title="Lernia", note="Rad ett\\r\\nRad två\\tslut")
    partner = bank.by_src["samverkansparter/p.md"]
    (card,) = vobject.readComponents(partner_vcards(partner, partner.contacts))
    assert card.fn.value == "Anna[31mBerg"
    assert card.note.value == "Rad ett\nRad två slut"


@pytest.mark.parametrize("kind", list(BREAKS), ids=list(BREAKS))
def test_calendar_line_breaks_cannot_add_properties_or_events(kind: str) -> None:
    brk = BREAKS[kind]
    title = f"Praktik{brk}END:VEVENT{brk}BEGIN:VEVENT{brk}SUMMARY:falsk{brk}URL:javascript:x"
    bank = _bank(name="Anna Berg", title=title)
    data = review_calendar(bank, bank.documents, TODAY)
    text = data.decode("utf-8")
    lines = text.splitlines()
    for line in lines:
        assert not line.startswith(("SUMMARY:falsk", "URL")), line
    events = Calendar.from_ical(data).walk("VEVENT")
    assert len(events) == 3  # the two pages' reviews and the agreement's end, nothing more
    assert sum(line == "BEGIN:VEVENT" for line in lines) == 3
    summaries = sorted(str(e["summary"]) for e in events)
    assert "Överenskommelse upphör: Praktik\nEND:VEVENT\nBEGIN:VEVENT\nSUMMARY:falsk\n" \
        "URL:javascript:x" in summaries
    assert all("url" not in e for e in events)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("=HYPERLINK(\"https://evil.example.org\")", "'=HYPERLINK(\"https://evil.example.org\")"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("＝1+1", "'＝1+1"),
        ("Anna Berg", "Anna Berg"),
        ("Ring 070-174 06 05", "Ring 070-174 06 05"),
    ],
)
def test_csv_cells_never_start_a_formula(value: str, shown: str) -> None:
    assert cell(value) == shown


def test_csv_export_neutralises_every_column_but_a_valid_e164_number() -> None:
    bank = _bank(name="=1+1", title="@Lernia", note="-Anteckning")
    partner = bank.by_src["samverkansparter/p.md"]
    text = contacts_csv([(partner, c, "+https://x") for c in partner.contacts])
    header, row = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    values = dict(zip(header, row, strict=True))
    assert values["organisation"] == "'@Lernia"
    assert values["namn"] == "'=1+1"
    assert values["anteckning"] == "'-Anteckning"
    assert values["sida"] == "'+https://x"
    assert values["telefon_e164"] == "+46701740605"  # a number, usable as it is
    assert values["telefon"] == "070-174 06 05"


def test_pages_json_is_inert_in_html() -> None:
    bank = _bank(name="Anna", title="</script><script>alert(1)</script>\u2028&")
    text = pages_json(bank, [(d, "x/") for d in bank.documents])
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    titles = {p["title"] for p in json.loads(text)["pages"]}
    assert "</script><script>alert(1)</script>\u2028&" in titles
