"""kb speaks Swedish and English: the catalogs are complete and compiled,
translations keep their placeholders, click's words are click's, the
language of a run is chosen in the documented order, and dates and numbers
are the language's."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click
import pytest
from babel.messages.catalog import Catalog

from kb_tools.cli.click_words import MESSAGES
from kb_tools.config import config_from_dict
from kb_tools.i18n import (
    Message,
    choose,
    format_date,
    format_number,
    msg,
    msg_n,
    relative_day,
    speaking,
)
from kb_tools.i18n.messages import PLACEHOLDER
from kb_tools.model import INTERNAL, Bank
from kb_tools.site.generated import partner_directory
from kb_tools.text.swedish import age

from .conftest import MKDOCS_YML, ROUTINE, TODAY, BankDir, MakeBank

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import catalog  # noqa: E402

OVERDUE = ROUTINE.replace("2026-09-01", "2025-06-30")


@pytest.fixture(scope="module")
def swedish() -> Catalog:
    return catalog.read(catalog.po_path("sv"), "sv")


def _forms(value: object) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, tuple | list) else (str(value),)


# -- the catalogs ---------------------------------------------------------------------


def test_the_catalogs_are_up_to_date_with_the_code() -> None:
    """Every message of the code is in the template and in the Swedish
    catalog, and the committed .mo is the .po compiled."""
    assert catalog.problems() == []


def test_every_message_id_has_a_swedish_translation(swedish: Catalog) -> None:
    messages = [m for m in swedish if m.id]
    assert len(messages) > 700
    untranslated = [m.id for m in messages if not all(_forms(m.string))]
    fuzzy = [m.id for m in messages if m.fuzzy]
    assert (untranslated, fuzzy) == ([], [])
    assert swedish.plural_forms == "nplurals=2; plural=(n != 1);"


def test_the_compiled_catalog_is_the_po_compiled(swedish: Catalog) -> None:
    assert catalog.mo_path("sv").read_bytes() == catalog.mo_bytes(swedish)


def test_translations_keep_the_placeholders(swedish: Catalog) -> None:
    """A translation that names a placeholder its message lacks would not
    render (kb shows the English then), and one that drops a placeholder
    drops what the message says. A plural's singular may leave the number
    out ("i morgon" for "in 1 day")."""
    wrong = []
    for message in swedish:
        if not message.id:
            continue
        ids = _forms(message.id)
        for index, form in enumerate(_forms(message.string)):
            wanted = set(PLACEHOLDER.findall(ids[min(index, len(ids) - 1)]))
            found = set(PLACEHOLDER.findall(form))
            required = wanted - {"n"} if index == 0 and len(ids) > 1 else wanted
            if not required <= found <= wanted:
                wrong.append((ids[0], form))
    assert wrong == []


def test_click_words_are_clicks_own() -> None:
    """kb's catalog translates click's messages by their exact wording."""
    source = "\n".join(
        path.read_text(encoding="utf-8") for path in Path(click.__file__).parent.glob("*.py")
    )
    words = [text for entry in MESSAGES for text in _forms(entry)]
    written = [text.replace("\n", "\\n").replace("\t", "\\t") for text in words]
    assert [text for text in written if text not in source] == []


# -- rendering ------------------------------------------------------------------------


def test_dates_and_numbers_are_the_languages() -> None:
    day = date(2027, 1, 31)
    assert (format_date(day, "sv"), format_date(day, "en")) == ("31 januari 2027", "2027-01-31")
    assert (format_number(12345, "sv"), format_number(12345, "en")) == ("12\xa0345", "12,345")
    assert format_number(999, "sv") == "999"
    today = date(2026, 11, 23)
    with speaking("sv"):
        said = [relative_day(date(2026, 11, d), today).render() for d in (21, 22, 23, 24, 25)]
    assert said == ["för 2 dagar sedan", "i går", "i dag", "i morgon", "om 2 dagar"]


def test_a_message_is_rendered_in_the_language_it_is_shown_in() -> None:
    ends = msg(
        "agreement ends on {date}, {when}",
        date=date(2027, 1, 31),
        when=relative_day(date(2027, 1, 31), date(2026, 11, 23)),
    )
    with speaking("sv"):
        assert str(ends) == "överenskommelsen löper ut 31 januari 2027, om 69 dagar"
    assert str(ends) == "agreement ends on 2027-01-31, in 69 days"
    assert ends.english == "agreement ends on 2027-01-31, in 69 days"
    assert msg_n("{n} file", "{n} files", 1).render("sv") == "1 fil"
    assert msg_n("{n} file", "{n} files", 2).render("sv") == "2 filer"


def test_a_translation_that_cannot_be_filled_falls_back_to_english() -> None:
    unknown = Message("not in any catalog: {x}", (("x", "y"),))
    assert unknown.render("sv") == "not in any catalog: y"


@pytest.mark.parametrize(
    ("option", "environment", "site", "expected"),
    [
        ("sv", "en", "en", "sv"),
        (None, "sv", "en", "sv"),
        (None, None, "sv", "sv"),
        (None, None, "sv-SE", "sv"),
        (None, None, "en", "en"),
        (None, None, "de", "en"),
        (None, None, None, "en"),
        (None, "fi", "sv", "sv"),  # a language kb does not speak is passed over
    ],
)
def test_the_language_is_chosen_in_order(
    monkeypatch: pytest.MonkeyPatch,
    option: str | None,
    environment: str | None,
    site: str | None,
    expected: str,
) -> None:
    if environment is None:
        monkeypatch.delenv("KB_LANG", raising=False)
    else:
        monkeypatch.setenv("KB_LANG", environment)
    assert choose(option, site) == expected


# -- the language of a run ------------------------------------------------------------


def _bank_in(make_bank: MakeBank, language: str | None) -> BankDir:
    settings = MKDOCS_YML.replace("  language: sv\n", "" if language is None else
                                  f"  language: {language}\n")
    return make_bank({"mkdocs.yml": settings, "rutiner/gammal.md": OVERDUE})


SWEDISH_LINE = (
    "docs/rutiner/gammal.md:4:11: KB301 varning: granskningen är 146 dagar försenad: sidan "
    "granskades 30 juni 2025 och skulle ha granskats igen senast 30 juni 2026 "
    "(granskningsintervall 1 år)"
)
ENGLISH_LINE = (
    "docs/rutiner/gammal.md:4:11: KB301 warning: review overdue: reviewed 2025-06-30, due "
    "2026-06-30 (every 1 year), 146 days ago"
)


@pytest.mark.usefixtures("speaks_bank_language")
@pytest.mark.parametrize(
    ("language", "expected"), [("sv", SWEDISH_LINE), ("en", ENGLISH_LINE), (None, ENGLISH_LINE)]
)
def test_a_bank_speaks_its_theme_language(
    make_bank: MakeBank, language: str | None, expected: str
) -> None:
    output = _bank_in(make_bank, language).kb("check").output
    assert output.splitlines()[0] == expected


@pytest.mark.usefixtures("speaks_bank_language")
def test_lang_and_kb_lang_win_over_the_bank(
    make_bank: MakeBank, monkeypatch: pytest.MonkeyPatch
) -> None:
    bank = _bank_in(make_bank, "sv")
    assert bank.kb("check", "--lang", "en").output.splitlines()[0] == ENGLISH_LINE
    first = bank.kb("--lang", "en", "check", "--today", TODAY).output.splitlines()[0]
    assert first == ENGLISH_LINE
    monkeypatch.setenv("KB_LANG", "en")
    assert bank.kb("check").output.splitlines()[0] == ENGLISH_LINE
    assert bank.kb("check", "--lang", "sv").output.splitlines()[0] == SWEDISH_LINE
    english = _bank_in(make_bank, "en")
    monkeypatch.setenv("KB_LANG", "sv")
    assert english.kb("check").output.splitlines()[0] == SWEDISH_LINE


@pytest.mark.usefixtures("speaks_bank_language")
def test_json_keys_stay_and_message_and_hint_follow(make_bank: MakeBank) -> None:
    import json

    report = json.loads(_bank_in(make_bank, "sv").kb("check", "--format", "json").output)
    (found,) = report["findings"]
    assert list(found) == ["path", "line", "column", "code", "severity", "message", "hint"]
    assert (found["code"], found["severity"]) == ("KB301", "warning")
    assert found["message"].startswith("granskningen är 146 dagar försenad")
    assert found["hint"] == "be ägaren bekräfta att sidan stämmer och skriv 'reviewed: 2026-11-23'"
    assert list(report["summary"]) == ["errors", "warnings", "infos", "files"]


@pytest.mark.usefixtures("speaks_bank_language")
def test_a_configuration_error_is_said_in_the_banks_language(make_bank: MakeBank) -> None:
    broken = MKDOCS_YML.replace("samordnare: {", "samordnare: {emial: x, ")
    result = make_bank({"mkdocs.yml": broken}).kb("check")
    assert result.exit_code == 2
    assert result.stderr == (
        "Fel: felaktiga kb-inställningar i mkdocs.yml: rad 9: plugins.kb.owners.samordnare: "
        "okänd nyckel 'emial'\n"
    )


@pytest.mark.usefixtures("speaks_bank_language")
def test_a_usage_error_is_said_in_the_language_asked_for(bank: BankDir) -> None:
    result = bank.kb("check", "--format", "pdf", "--lang", "sv")
    assert result.exit_code == 2
    assert result.stderr == (
        "Användning: cli check [FLAGGOR] [SÖKVÄGAR]...\n"
        "Skriv 'cli check --help' för hjälp.\n\n"
        "Fel: Ogiltigt värde för '--format': 'pdf' är inte något av 'github', 'gitlab', "
        "'json', 'markdown', 'sarif', 'text'.\n"
    )
    result = bank.kb("check", "--select", "KB999", "--lang", "sv")
    assert result.stderr.endswith(
        "Fel: Ogiltigt värde för '--select': okänd kontrollkod 'KB999'; menade du 'KB109'?\n"
    )
    result = bank.kb("chek", "--lang", "sv")
    assert result.stderr.endswith(
        "Fel: Kommandot 'chek' finns inte. (Menade du någon av: 'check', 'schema'?)\n"
    )


@pytest.mark.parametrize("command", ["new", "serve", "verify-contact", "review"])
def test_the_help_of_the_commands_editors_use_is_swedish(bank: BankDir, command: str) -> None:
    text = bank.kb(command, "--help", "--lang", "sv").output
    assert text.startswith(f"Användning: cli {command} [FLAGGOR]")  # CliRunner names kb "cli"
    assert "Flaggor:" in text and "Visa den här hjälpen och avsluta." in text
    assert "Show this message" not in text and "Options:" not in text
    english = bank.kb(command, "--help", "--lang", "en").output
    assert english.startswith(f"Usage: cli {command} [OPTIONS]") and "Options:" in english


def test_the_usage_line_of_kb_new_is_swedish(bank: BankDir) -> None:
    text = bank.kb("new", "--help", "--lang", "sv").output
    assert text.splitlines()[0] == "Användning: cli new [FLAGGOR] TYP RUBRIK"
    assert "  --today ÅÅÅÅ-MM-DD " in text and "  -f, --config-file SÖKVÄG " in text



@pytest.mark.usefixtures("speaks_bank_language")
def test_help_speaks_the_banks_language(bank: BankDir, tmp_path: Path) -> None:
    """--help is shown before a command reads the bank: kb reads its
    theme.language first (the current folder's mkdocs.yml, or -f's)."""
    assert bank.kb("new", "--help").output.startswith("Användning: cli new [FLAGGOR] TYP RUBRIK")
    elsewhere = tmp_path / "utanfor"
    elsewhere.mkdir()
    outside = BankDir(elsewhere)
    assert outside.kb("new", "--help").output.startswith("Usage: cli new [OPTIONS] TYPE TITLE")
    config = str(bank.root / "mkdocs.yml")
    assert outside.kb("new", "-f", config, "--help").output.startswith("Användning: ")


# -- counts agree with their words ----------------------------------------------------


def test_the_sites_counts_agree_with_their_words(tmp_path: Path) -> None:
    owners = {"redaktion": {"name": "Redaktionen", "email": "redaktionen@example.se"}}
    partner = (
        "---\ntitle: Lernia\norg_type: company\nowner: redaktion\nreviewed: 2026-10-01\n"
        "contacts: []\n---\nText.\n"
    )
    config = config_from_dict(tmp_path, {"owners": owners})
    one = Bank.from_files(config, {"samverkansparter/l.md": partner})
    page = partner_directory(one, INTERNAL, date(2026, 11, 23)).markdown
    assert "\n1 organisation. Klicka på en organisation för kontaktpersoner.\n" in page
    two = Bank.from_files(
        config,
        {"samverkansparter/l.md": partner, "samverkansparter/m.md": partner.replace("Lernia", "M")},
    )
    page = partner_directory(two, INTERNAL, date(2026, 11, 23)).markdown
    assert "\n2 organisationer. Klicka" in page
    assert age(date(2026, 9, 30), date(2026, 11, 30)) == "för 2 månader sedan"
    assert age(date(2026, 10, 1), date(2026, 11, 30)) == "för 1 månad sedan"
    assert age(date(2026, 11, 16), date(2026, 11, 30)) == "för 2 veckor sedan"


@pytest.mark.usefixtures("speaks_bank_language")
def test_the_review_summary_agrees_with_its_counts(make_bank: MakeBank) -> None:
    bank = make_bank({"rutiner/gammal.md": OVERDUE})
    english = bank.kb("review", "--today", TODAY, "--lang", "en").output
    assert english.splitlines()[-1] == "1 item to look at for 1 owner."
    swedish = bank.kb("review", "--today", TODAY).output
    assert swedish.splitlines()[-1] == "1 sak att se över för 1 ägare."


# -- what does not depend on the language ---------------------------------------------


@pytest.mark.usefixtures("speaks_bank_language")
def test_a_baseline_and_the_cache_are_the_same_in_every_language(make_bank: MakeBank) -> None:
    bank = _bank_in(make_bank, "sv")
    bank.kb("check", "--lang", "en", "--write-baseline", "kb-baseline.json")
    kept = bank.kb("check", "--baseline", "kb-baseline.json")  # Swedish
    assert (kept.exit_code, kept.output) == (0, "Inga problem hittades.\n")
    assert kept.stderr == "1 fynd som finns i baslinjen kb-baseline.json utelämnades.\n"
    # The cache a Swedish run wrote tells an English run its findings in English.
    assert bank.kb("check", "--lang", "en").output.splitlines()[0] == ENGLISH_LINE
    assert bank.kb("check").output.splitlines()[0] == SWEDISH_LINE


def test_the_swedish_list_of_codes_in_the_handbook_is_up_to_date() -> None:
    import subprocess

    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "codes_reference.py"), "--check"],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout
    chapter = (ROOT / "handbook" / "koder.md").read_text(encoding="utf-8")
    assert "### KB304: överenskommelse löper snart ut" in chapter
    assert "överenskommelsen löper ut 31 januari 2027, om 69 dagar" in chapter
