"""On a bank whose ``theme.language`` is ``sv``, what an editor reads holds
no English prose: ``kb check`` in every format (the JSON's message and
hint), ``kb review``, ``kb codes --examples`` and the errors of a broken
configuration, run on faulty banks: every case of ``test_checks.py`` and
front matter broken in the ways editors and tools break it.

What stays as written is left out before the words are looked at: quoted
values, keys and file names (``'owner'``), code spans, paths, web
addresses, options (``--update``), check codes and GitHub's own
``::error file=...::``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import MKDOCS_YML, ROUTINE, TODAY, BankDir
from .test_checks import CASES, PARTNER, routine
from .test_formats import FILES
from .test_owner_reports_golden import EVERY_KIND

# English words that are not Swedish ones, and not the name of a key, a type
# or a value an editor writes (those stay English: 'owner', routine, active).
# Not "a" ('a-z' in a message) nor "be" (Swedish, as in "be ägaren").
ENGLISH = frozenset(
    {
        "the", "an", "is", "are", "was", "were", "not", "no", "found", "expected", "missing",
        "unknown", "error", "errors", "warning", "warnings", "hint", "did", "you", "mean", "file",
        "files", "key", "keys", "value", "values", "overdue", "due", "day", "days", "ago", "ends",
        "ended", "expired", "contact", "pages", "should", "must", "cannot", "with", "and", "of",
        "to", "has", "have", "this", "that", "which", "there", "here", "when", "where", "what",
        "only", "also", "but", "or", "for", "from", "at", "on", "it", "its", "set", "write",
        "remove", "add", "line", "lines", "link", "links", "heading", "anchor", "would", "could",
        "been", "than", "more", "less", "after", "before", "between", "every", "never", "already",
        "invalid", "allowed", "character", "characters", "number", "numbers", "date", "dates",
        "empty", "list", "mapping", "quotes", "quote"
    }
)

_KEPT = re.compile(
    r"'[^'\n]*'"  # quoted values, keys, file names
    r"|\"[^\"\n]*\""  # a value written in double quotes
    r"|`[^`\n]*`"  # code spans
    r"|https?://\S+|mailto:\S+|file:\S+"  # addresses
    r"|--?[A-Za-z][\w-]*"  # options
    r"|\bKB\d{3}\b|\bon\\?\*"  # codes, the on* attributes
    r"|[\w.~-]*/[\w./~-]*|\b[\w-]+(?:\.[\w-]+)+\b"  # paths, file names, settings (a.b)
    r"|^::(?:error|warning|notice)[^:]*::"  # GitHub's annotation command
    ,
    re.MULTILINE,
)
_WORD = re.compile(r"[A-Za-zÅÄÖåäöÉé]+(?:'[a-z]+)?")


def english_words(text: str) -> list[str]:
    """The English words in *text*, once the parts that stay as written are out."""
    prose = _KEPT.sub(" ", text)
    return [word for word in _WORD.findall(prose) if word.lower() in ENGLISH]


def test_english_words_are_found_and_kept_parts_are_not() -> None:
    assert english_words("docs/a.md:1:1: KB301 warning: review overdue, 3 days ago") == [
        "warning", "overdue", "days", "ago",
    ]
    assert english_words(
        "docs/a.md:2:1: KB103 varning: okänd nyckel 'the owner'\n  tips: menade du 'owner'?"
    ) == []
    assert english_words("::error file=docs/a.md,line=1::sidan finns inte") == []


# Front matter broken the ways editors, Word and tools break it.
BROKEN: dict[str, str | bytes] = {
    "rutiner/tabb.md": "---\ntitle: Tabb\n\towner: x\n---\n",
    "rutiner/tabb-lista.md": "---\ntitle: Lista\ntags:\n\t- a\n---\n",
    "rutiner/kolon.md": "---\ntitle: Rutin: ankomst\n---\n",
    "rutiner/hakparentes.md": "---\ntitle: A\ntags: [a, b\n---\n",
    "rutiner/klammer.md": "---\ntitle: A\nx: {a: 1\n---\n",
    "rutiner/citat.md": "---\ntitle: \"A\n---\n",
    "rutiner/alias.md": "---\ntitle: *A\n---\n",
    "rutiner/ankare.md": "---\ntitle: &a A\nsummary: &a B\n---\n",
    "rutiner/snabel.md": "---\ntitle: @A\n---\n",
    "rutiner/backtick.md": "---\ntitle: `A`\n---\n",
    "rutiner/escape.md": "---\ntitle: \"A\\q\"\n---\n",
    "rutiner/hex.md": "---\ntitle: \"A\\xZZ\"\n---\n",
    "rutiner/indrag.md": "---\ntitle: A\n  owner: b\n---\n",
    "rutiner/lista.md": "---\n- a\n- b\n---\n",
    "rutiner/mening.md": "---\nBara en mening\n---\n",
    "rutiner/aldrig-stangd.md": "---\ntitle: A\n",
    "rutiner/tva-dokument.md": "---\ntitle: A\n--- \nowner: b\n---\n",
    "rutiner/tagg.md": "---\ntitle: !foo A\n---\n",
    "rutiner/bool.md": "---\ntitle: A\npublic: !!bool kanske\n---\n",
    "rutiner/tid.md": "---\ntitle: A\nreviewed: !!timestamp i dag\n---\n",
    "rutiner/flyttal.md": "---\ntitle: A\nx: !!float x\n---\n",
    "rutiner/python.md": "---\ntitle: !!python/name:os.system A\n---\n",
    "rutiner/sammanslagning.md": "---\n<<: 1\ntitle: A\n---\n",
    "rutiner/nyckel-lista.md": "---\n[a, b]: 1\n---\n",
    "rutiner/block.md": "---\ntitle: |0\n  A\n---\n",
    "rutiner/ansi.md": b"---\ntitle: R\xe5tin\n---\n",
    "rutiner/nul.md": b"---\ntitle: A\n---\n\x00\x01",
    "rutiner/styrtecken.md": "---\ntitle: A\x07\n---\n",
    "rutiner/tom.md": "",
    "rutiner/datum.md": routine(reviewed="2026-13-45"),
    "rutiner/datumtid.md": routine(reviewed="2026-11-01 10:00"),
    "rutiner/datum-snedstreck.md": routine(reviewed="1/11/2026"),
    "rutiner/datum-siffror.md": routine(reviewed="2026-1-5"),
    "rutiner/intervall.md": routine(review_every="ett år"),
    "rutiner/intervall-tal.md": routine(review_every="12"),
    "rutiner/status.md": routine(status="aktiv"),
    "rutiner/synlighet.md": routine(visibility="alla"),
    "rutiner/id.md": routine(id="Ankomst Rutin"),
    "rutiner/taggar.md": routine(tags="{a: 1}"),
    "rutiner/titel-lista.md": routine(title="[a, b]"),
    "rutiner/titel-tom.md": routine(title="''"),
    "rutiner/titel-tal.md": routine(title="12"),
    "rutiner/storlek.md": routine(summary="x" * 200 + ": y"),
    "samverkansparter/epost.md": PARTNER.replace(
        "anna.berg@lernia.example.org", "anna berg@lernia"
    ),
    "samverkansparter/epost-punkt.md": PARTNER.replace(
        "anna.berg@lernia.example.org", "anna..berg@lernia.example.org"
    ),
    "samverkansparter/telefon.md": PARTNER.replace("070-174 06 05", "'12'"),
    "samverkansparter/telefon-land.md": PARTNER.replace("070-174 06 05", "'+999 1234'"),
    "samverkansparter/webb.md": PARTNER.replace(
        "org_type: company\n", "org_type: företag\nwebsite: ftp://lernia.example.org\n"
    ),
    "samverkansparter/kontakter.md": PARTNER.replace(
        "contacts:\n", "contacts: en kontakt\nx:\n"
    ),
    "samverkansparter/kontakt-nyckel.md": PARTNER.replace("    role:", "    roll:"),
    "overenskommelser/parter.md": (
        "---\ntitle: A\nowner: samordnare\nreviewed: 2026-10-01\nparties: []\n"
        "valid_from: 2026-01-01\nnotice: tre månader\ndocument: avtal.pdf\n---\nText.\n"
    ),
}


def _bank(root: Path, files: dict[str, str | bytes], settings: str = MKDOCS_YML) -> BankDir:
    bank = BankDir(root)
    bank.write("mkdocs.yml", settings)
    (root / "docs").mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        path = root / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return bank


def _banks(tmp_path: Path) -> Iterator[BankDir]:
    for number, (files, _) in enumerate(CASES.values()):
        yield _bank(tmp_path / f"fall-{number}", files)
    yield _bank(tmp_path / "format", FILES)
    yield _bank(tmp_path / "trasig", BROKEN)


def _read(bank: BankDir, output_format: str, text: str) -> str:
    """What an editor reads in *text*: a JSON report's messages and hints."""
    if output_format != "json":
        return text
    report = json.loads(text)
    return "\n".join(
        value for finding in report["findings"] for value in (finding["message"], finding["hint"])
        if value
    )


@pytest.mark.usefixtures("speaks_bank_language")
@pytest.mark.parametrize("output_format", ["text", "markdown", "github", "json", "sarif",
                                           "gitlab"])
def test_kb_check_speaks_swedish_on_faulty_banks(tmp_path: Path, output_format: str) -> None:
    found: dict[str, list[str]] = {}
    for bank in _banks(tmp_path):
        result = bank.kb("check", "--format", output_format)
        assert result.exit_code in (0, 1), result.stderr
        shown = _read(bank, output_format, result.output)
        if output_format in ("sarif", "gitlab"):
            shown = "\n".join(_texts(json.loads(result.output)))
        for line in (shown + "\n" + result.stderr).splitlines():
            words = english_words(line)
            if words:
                found[line] = words
    assert found == {}


def _texts(value: object) -> Iterator[str]:
    """The prose of a SARIF or GitLab report: its ``text`` and ``description`` values."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("text", "description", "markdown") and isinstance(item, str):
                yield item
            else:
                yield from _texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)


@pytest.mark.usefixtures("speaks_bank_language")
@pytest.mark.parametrize("output_format", ["text", "markdown"])
def test_kb_review_speaks_swedish(tmp_path: Path, output_format: str) -> None:
    bank = _bank(tmp_path, EVERY_KIND)
    result = bank.kb("review", "--today", TODAY, "--format", output_format)
    assert result.exit_code == 0
    assert [line for line in result.output.splitlines() if english_words(line)] == []


@pytest.mark.usefixtures("speaks_bank_language")
def test_kb_codes_speaks_swedish(tmp_path: Path) -> None:
    bank = _bank(tmp_path, {})
    output = bank.kb("codes", "--examples").output
    assert output.startswith("KB100  fel      sidans uppgifter kan inte läsas\n")
    assert [line for line in output.splitlines() if english_words(line)] == []


BROKEN_SETTINGS = {
    "an unknown key": MKDOCS_YML.replace("  - kb:\n", "  - kb:\n      ownres: {}\n"),
    "a bad severity": MKDOCS_YML.replace("  - kb:\n", "  - kb:\n      severity: {KB301: hög}\n"),
    "a bad code": MKDOCS_YML.replace("  - kb:\n", "  - kb:\n      severity: {KB999: error}\n"),
    "an owner without a name": MKDOCS_YML.replace("{name: Samordnare etablering, ", "{"),
    "a bad duration": MKDOCS_YML.replace("  - kb:\n", "  - kb:\n      contact_max_age: snart\n"),
    "no kb plugin": MKDOCS_YML.replace("  - kb:\n", "  - search\n  - x:\n"),
    "broken YAML": MKDOCS_YML + "plugins: [\n",
    "a missing docs folder": MKDOCS_YML + "docs_dir: saknas\n",
    "a Python tag that runs code": MKDOCS_YML + "extra:\n  x: !!python/object/apply:os.system "
    "['true']\n",
    "a package kb does not trust": MKDOCS_YML + "extra:\n  x: !!python/name:mermaid2.fence\n",
    "an extension that is not installed": MKDOCS_YML + "  - saknat_tillagg\n",
    "a bad extension option": MKDOCS_YML + "  - admonition:\n      nosuchoption: 1\n",
}


@pytest.mark.usefixtures("speaks_bank_language")
@pytest.mark.parametrize("case", BROKEN_SETTINGS)
def test_configuration_errors_speak_swedish(tmp_path: Path, case: str) -> None:
    bank = _bank(tmp_path, {"rutiner/a.md": ROUTINE}, BROKEN_SETTINGS[case])
    result = bank.kb("check")
    assert result.exit_code == 2
    assert result.stderr.startswith("Fel: ")
    assert [line for line in result.stderr.splitlines() if english_words(line)] == []


@pytest.mark.usefixtures("speaks_bank_language")
def test_the_same_banks_in_english_are_caught(tmp_path: Path) -> None:
    """The word list finds English where there is some: in English, nearly
    every line of the same report has a word of it."""
    output = _bank(tmp_path, BROKEN).kb("check", "--lang", "en").output
    lines = output.splitlines()
    missed = [line for line in lines if not english_words(line)]
    assert len(lines) > 80
    assert len(missed) <= len(lines) // 20, missed


# -- what kb build, kb review and kb search refuse or note, said in Swedish -----------

PUBLIC_NUMBER = ROUTINE.replace(
    "reviewed: 2026-09-01\n", "reviewed: 2026-09-01\nvisibility: public\n"
).replace("Text.", "Klienten 811218-9876 ringde.")
BUILD_TARGET_HINT = (
    "  tips: välj en ny eller tom mapp, eller en som ett tidigare kb build skrev (som site/), "
    "med -d eller 'site_dir' i mkdocs.yml\n"
)


def _no_english(text: str) -> None:
    assert [line for line in text.splitlines() if english_words(line)] == []


@pytest.mark.usefixtures("speaks_bank_language")
def test_kb_build_refuses_a_target_in_swedish(tmp_path: Path) -> None:
    bank = _bank(tmp_path, {"rutiner/a.md": ROUTINE})
    result = bank.kb("build", "-d", "docs")
    docs = bank.root / "docs"
    assert result.exit_code == 2
    assert result.stderr == (
        f"Fel: kan inte bygga webbplatsen i {docs}: mappen innehåller docs-mappen {docs}, som "
        f"bygget skulle radera\n{BUILD_TARGET_HINT}"
    )
    (bank.root / "rapporter").mkdir()
    (bank.root / "rapporter" / "mars.txt").write_text("behåll\n", encoding="utf-8")
    result = bank.kb("build", "-d", "rapporter")
    assert result.stderr == (
        f"Fel: kan inte bygga webbplatsen i {bank.root / 'rapporter'}: mappen innehåller filer "
        "som inte är en webbplats som kb har byggt (till exempel 'mars.txt'), och bygget skulle "
        f"radera dem\n{BUILD_TARGET_HINT}"
    )
    _no_english(result.stderr)
    result = bank.kb("build", "-d", "rapporter/mars.txt")  # click's own check, its words translated
    assert result.stderr.endswith(
        "Fel: Ogiltigt värde för '-d' / '--site-dir': Mappen 'rapporter/mars.txt' är en fil.\n"
    )


@pytest.mark.usefixtures("speaks_bank_language")
def test_the_public_build_stops_at_identity_numbers_in_swedish(tmp_path: Path) -> None:
    bank = _bank(tmp_path, {"index.md": "# Start\n", "rutiner/a.md": PUBLIC_NUMBER})
    result = bank.kb("build", "--public", "-q")
    assert result.exit_code == 2
    assert result.stderr.endswith(
        "Fel: bygget misslyckades: den publika webbplatsen byggs inte: ett svenskt personnummer "
        "(KB401) står på en sida som den skulle publicera, på docs/rutiner/a.md:9:10; ta bort "
        "det (ingen inställning av allvarlighetsgrad låter den publika webbplatsen publicera "
        "det); ingen webbplats skrevs\n"
    )
    bank.write("docs/rutiner/b.md", PUBLIC_NUMBER.replace("Ankomst", "Avresa"))
    result = bank.kb("build", "--public", "-q")
    assert result.stderr.endswith(
        "Fel: bygget misslyckades: den publika webbplatsen byggs inte: 2 svenska personnummer "
        "(KB401) står på sidor som den skulle publicera, på docs/rutiner/a.md:9:10, "
        "docs/rutiner/b.md:9:10; ta bort dem (ingen inställning av allvarlighetsgrad låter den "
        "publika webbplatsen publicera dem); ingen webbplats skrevs\n"
    )
    _no_english(result.stderr)


@pytest.mark.usefixtures("speaks_bank_language")
def test_a_build_ends_with_the_count_in_swedish(tmp_path: Path) -> None:
    bank = _bank(tmp_path, {"index.md": "# Start\n", "rutiner/a.md": PUBLIC_NUMBER})
    result = bank.kb("build", "-q", "--today", TODAY)
    assert result.exit_code == 0
    assert result.stderr.endswith(
        "Byggde den interna webbplatsen i site/\n"
        "kb check hittade 1 fel och 0 varningar i kunskapsbanken (kb check listar dem); "
        "webbplatsen byggdes ändå, och kb build --strict vägrar bygga så länge det finns fel.\n"
    )
    bank.write("docs/rutiner/a.md", ROUTINE.replace("2026-09-01", "2024-01-01"))
    result = bank.kb("build", "-q", "--today", TODAY)
    assert result.stderr.endswith(
        "kb check hittade 0 fel och 1 varning i kunskapsbanken (kb check listar dem).\n"
    )


@pytest.mark.usefixtures("speaks_bank_language")
def test_held_back_status_and_visibility_and_kb111_in_swedish(tmp_path: Path) -> None:
    bank = _bank(tmp_path, {
        "rutiner/status.md": routine(status="aktiv"),
        "rutiner/synlighet.md": routine(visibility="alla"),
    })
    folder = bank.root / "docs" / "rutiner"
    with open(bytes(folder) + b"/l\xe5ng.md", "wb") as page:
        page.write(ROUTINE.encode())
    output = bank.kb("check").output
    assert (
        "docs/rutiner/l\\xe5ng.md:1:1: KB111 fel: filnamnet är inte giltig UTF-8, så filen kan "
        "inte publiceras (webbplatsens adresser är UTF-8): filen läses inte\n"
        "  tips: byt namn på filen; oftast har ett äldre program sparat namnet med en annan "
        "teckenkodning (till exempel Windows-1252)\n"
    ) in output
    assert (
        "  tips: menade du 'active'? Tills värdet är ett av dessa räknas sidan som ett utkast: "
        "ingen av webbplatserna visar den och sökningen hittar den inte\n"
    ) in output
    assert (
        "  tips: tills värdet är ett av dessa räknas sidan som intern: den publika webbplatsen "
        "visar den inte\n"
    ) in output
    _no_english(output)


@pytest.mark.usefixtures("speaks_bank_language")
def test_kb_review_and_kb_search_speak_swedish(tmp_path: Path) -> None:
    bank = _bank(tmp_path, {"rutiner/a.md": ROUTINE})
    result = bank.kb("review", "--mark-reviewed", "mkdocs.yml")
    assert result.exit_code == 2
    assert result.stderr == (
        "Fel: ingen sida i kunskapsbanken: mkdocs.yml; kb ändrade ingenting.\n"
        "  tips: kb ändrar bara Markdown-sidorna i docs/\n"
    )
    result = bank.kb("verify-contact", "docs/saknas.md", "--name", "Anna Berg")
    assert result.stderr.endswith(
        "Fel: Ogiltigt värde för 'SÖKVÄG': Filen 'docs/saknas.md' finns inte.\n"
    )
    result = bank.kb("search", " ".join(f"ord{number}" for number in range(33)))
    assert result.exit_code == 0
    assert result.stderr == "Obs: sökningen är lång; de första 32 orden söks och 1 ord utelämnas.\n"
    _no_english(result.stderr + result.output)
