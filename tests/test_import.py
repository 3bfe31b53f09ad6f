"""`kb import`: Word files (made here with python-docx, and one saved by
LibreOffice), web pages with their site around them, and PDF text become
draft pages that `kb check` accepts; personal identity numbers, tracked
changes and comments are never imported silently; nothing is overwritten
except with --update. Golden files: tests/golden/import/ (KB_UPDATE_GOLDEN=1
rewrites them)."""

from __future__ import annotations

import shutil
import zipfile
from datetime import datetime
from pathlib import Path

import pytest

from kb_tools.cli.importing import _IMPORT_TYPES
from kb_tools.importing import IMPORT_TYPES

from .conftest import MKDOCS_YML, BankDir
from .golden import compare
from .word_files import WordFile, png, routine

FIXTURES = Path(__file__).parent / "fixtures" / "import"
OWNER = "samordnare"


def _import(bank: BankDir, *args: str) -> tuple[int, str]:
    result = bank.kb("import", *args, "--today", "2026-11-23")
    return result.exit_code, result.output


def _check_errors(bank: BankDir) -> list[str]:
    """The error lines of `kb check` (warnings such as an overdue review of
    an old document are expected)."""
    result = bank.kb("check")
    return [line for line in result.output.splitlines() if " error: " in line]


def test_a_word_routine_becomes_a_page_kb_check_accepts(bank: BankDir) -> None:
    source = routine(bank.root / "inkommande" / "Rutin ankomst.docx")
    code, output = _import(bank, str(source), "--type", "routine", "--owner", OWNER)
    assert code == 0, output
    assert output == (
        "inkommande/Rutin ankomst.docx: imported as docs/rutiner/ankomst-till-stodboendet.md\n"
        "  needs attention: 2 merged table cells in 1 table were split (text merged over "
        "rows is repeated in each row); check the tables\n"
        "1 imported, 0 updated, 0 skipped, 0 not imported; 1 needs attention.\n"
    )
    page = bank.root / "docs/rutiner/ankomst-till-stodboendet.md"
    compare("import/ankomst-till-stodboendet.md", page.read_text(encoding="utf-8"))
    image = bank.root / "docs/rutiner/bilagor/ankomst-till-stodboendet/bild-1.png"
    assert image.read_bytes() == png()
    assert _check_errors(bank) == []
    assert "KB205" not in bank.kb("check").output  # the image link resolves


def test_a_file_saved_by_libreoffice_keeps_its_footnote(bank: BankDir) -> None:
    """tests/fixtures/import/samverkan.docx is samverkan.fodt converted with
    `libreoffice --headless --convert-to docx`; the bank has the footnotes
    extension, so the note is a Markdown footnote."""
    bank.write("mkdocs.yml", MKDOCS_YML + "  - footnotes\n")
    source = FIXTURES / "samverkan.docx"
    code, output = _import(bank, str(source), "--type", "routine", "--owner", OWNER)
    assert code == 0, output
    page = bank.root / "docs/rutiner/samverkan-med-skolan-vid-franvaro.md"
    compare("import/samverkan-med-skolan-vid-franvaro.md", page.read_text(encoding="utf-8"))
    assert _check_errors(bank) == []


def test_the_libreoffice_fixture_carries_no_personal_metadata() -> None:
    with zipfile.ZipFile(FIXTURES / "samverkan.docx") as package:
        core = package.read("docProps/core.xml").decode()
    assert "<dc:creator></dc:creator>" in core
    assert "<cp:lastModifiedBy></cp:lastModifiedBy>" in core


def test_without_the_footnotes_extension_notes_are_numbered_at_the_end(bank: BankDir) -> None:
    code, _ = _import(bank, str(FIXTURES / "samverkan.docx"), "--type", "routine", "--owner", OWNER)
    assert code == 0
    text = (bank.root / "docs/rutiner/samverkan-med-skolan-vid-franvaro.md").read_text()
    assert "från skolan.<sup>1</sup>" in text
    assert text.endswith("---\n\n1. Med hög frånvaro menas mer än 15 procent under en månad.\n")
    assert _check_errors(bank) == []


def test_a_personal_identity_number_stops_the_document(bank: BankDir) -> None:
    word = WordFile(title="Kontakt med god man")
    word.heading("Bakgrund")
    word.paragraph("Ungdomen Elias Berg, 19811218-9876, har fått en god man.")
    source = word.save(bank.root / "in" / "god-man.docx")
    code, output = _import(bank, str(source), "--type", "routine", "--owner", OWNER)
    assert code == 1
    assert output == (
        "in/god-man.docx: not imported\n"
        "  needs attention: it holds a personal identity number (personnummer) 19811218-XXXX "
        "on line 14 of the page, in the text beginning "
        '"Ungdomen Elias Berg, 19811218-XXXX, har fått"\n'
        "  needs attention: not written: remove the number from the original and import "
        "again (or give --allow-personal-data)\n"
        "0 imported, 0 updated, 0 skipped, 1 not imported; 1 needs attention.\n"
    )
    assert not (bank.root / "docs/rutiner").exists()
    code, output = _import(
        bank, str(source), "--type", "routine", "--owner", OWNER, "--allow-personal-data"
    )
    assert code == 0
    assert output.startswith("in/god-man.docx: imported as docs/rutiner/kontakt-med-god-man.md\n")
    assert "KB401" in bank.kb("check").output


def test_tracked_changes_and_comments_are_listed(bank: BankDir) -> None:
    word = WordFile(title="Fickpengar")
    word.heading("Utbetalning")
    paragraph = word.paragraph("Fickpengar betalas ut varannan fredag.")
    word.comment(paragraph, "Stämmer detta fortfarande?")
    word.tracked_change("enhetschefen", "kontaktpersonen")
    source = word.save(bank.root / "fickpengar.docx")
    code, output = _import(bank, str(source), "--type", "routine", "--owner", OWNER)
    assert code == 0
    assert output == (
        "fickpengar.docx: imported as docs/rutiner/fickpengar.md\n"
        "  needs attention: it has 2 tracked changes: the page shows them as if accepted; "
        "accept or reject them in Word and import again with --update\n"
        "  needs attention: it has 1 comment, which is not imported; resolve it in Word "
        "and import again with --update\n"
        "1 imported, 0 updated, 0 skipped, 0 not imported; 1 needs attention.\n"
    )
    text = (bank.root / "docs/rutiner/fickpengar.md").read_text()
    assert "Ansvarig är enhetschefen" in text
    assert "kontaktpersonen" not in text and "Stämmer" not in text


def test_dry_run_writes_nothing(bank: BankDir) -> None:
    source = routine(bank.root / "ankomst.docx")
    code, output = _import(bank, str(source), "--type", "routine", "--owner", OWNER, "--dry-run")
    assert code == 0
    assert output.splitlines()[0] == (
        "ankomst.docx: would be imported as docs/rutiner/ankomst-till-stodboendet.md"
    )
    assert output.splitlines()[-1] == (
        "1 would be imported, 0 would be updated, 0 skipped, 0 not imported; "
        "1 needs attention. Dry run: nothing was written."
    )
    assert list((bank.root / "docs").iterdir()) == []


def test_never_overwrites_and_update_keeps_the_front_matter(bank: BankDir) -> None:
    source = routine(bank.root / "ankomst.docx")
    _import(bank, str(source), "--type", "routine", "--owner", OWNER)
    page = bank.root / "docs/rutiner/ankomst-till-stodboendet.md"
    edited = (
        page.read_bytes()
        .replace(b"owner: samordnare\n", b"owner: enhetschef-boende  # tog over 2026\n")
        .replace(b"status: draft\n", b"status: active\ntags: [ankomst]\n")
    )
    page.write_bytes(edited.replace(b"\n", b"\r\n"))
    front = page.read_bytes().split(b"---\r\n\r\n# ", 1)[0]

    code, output = _import(bank, str(source), "--type", "routine", "--owner", OWNER)
    assert code == 0
    assert output.splitlines()[:2] == [
        "ankomst.docx: skipped",
        "  needs attention: it was imported before as docs/rutiner/ankomst-till-stodboendet.md; "
        "give --update to replace that page's body",
    ]

    word = WordFile(title="Ankomst till stödboendet")
    word.heading("Syfte")
    word.paragraph("Ny text efter revideringen.")
    word.save(source)
    code, output = _import(bank, str(source), "--type", "routine", "--owner", OWNER, "--update")
    assert code == 0, output
    assert output.splitlines()[0] == (
        "ankomst.docx: updated as docs/rutiner/ankomst-till-stodboendet.md"
    )
    assert page.read_bytes() == front + (
        b"---\r\n\r\n# Ankomst till st\xc3\xb6dboendet\r\n\r\n## Syfte\r\n\r\n"
        b"Ny text efter revideringen.\r\n"
    )
    assert not (bank.root / "docs/rutiner/bilagor/ankomst-till-stodboendet/bild-1.png").exists()


def test_a_new_document_with_a_taken_title_gets_a_new_slug(bank: BankDir) -> None:
    bank.write(
        "docs/rutiner/fickpengar.md",
        "---\ntitle: Fickpengar\nowner: samordnare\nreviewed: 2026-09-01\n---\n# Fickpengar\n",
    )
    word = WordFile(title="Fickpengar")
    word.paragraph("Text.")
    source = word.save(bank.root / "fickpengar.docx")
    code, output = _import(bank, str(source), "--type", "routine", "--owner", OWNER)
    assert code == 0
    assert output.splitlines()[0] == "fickpengar.docx: imported as docs/rutiner/fickpengar-2.md"
    assert "Text." not in (bank.root / "docs/rutiner/fickpengar.md").read_text()


def test_links_between_imported_documents_point_at_the_pages(bank: BankDir) -> None:
    first = WordFile(title="Läkemedel")
    paragraph = first.paragraph("Se även ")
    first.link(paragraph, "rutinen om avvikelser", "Avvikelser.docx")
    first.paragraph("Och ")
    first.link(first.doc.paragraphs[-1], "budgeten", "file:///S:/Ekonomi/Budget.xlsx")
    first.save(bank.root / "mapp" / "Läkemedel.docx")
    second = WordFile(title="Avvikelser och lex Sarah")
    second.paragraph("Text.")
    second.save(bank.root / "mapp" / "Avvikelser.docx")
    code, output = _import(bank, str(bank.root / "mapp"), "--type", "routine", "--owner", OWNER)
    assert code == 0, output
    text = (bank.root / "docs/rutiner/lakemedel.md").read_text()
    assert "Se även [rutinen om avvikelser](avvikelser-och-lex-sarah.md)" in text
    assert "Och budgeten\n" in text
    assert (
        "  needs attention: 1 link to a document outside the bank is kept as text: "
        "file:///S:/Ekonomi/Budget.xlsx"
    ) in output
    assert _check_errors(bank) == []


WEB_PAGE = """\
<!DOCTYPE html>
<html lang="sv"><head>
<meta charset="utf-8">
<title>Rutin för nattpersonal | Intranätet Strandvik</title>
<meta name="dcterms.modified" content="2025-10-06">
<script>track()</script><style>body{color:red}</style>
</head><body>
<header class="site-header"><a href="/">Start</a><form><input name="q"></form></header>
<div id="cookie-banner">Vi använder kakor. <button>OK</button></div>
<nav aria-label="Huvudmeny"><ul><li><a href="/rutiner">Rutiner</a></li></ul></nav>
<div class="breadcrumbs"><a href="/">Start</a> / Rutiner</div>
<main>
  <article>
    <header><h1>Rutin för nattpersonal</h1><p class="meta">Senast ändrad 6 oktober</p></header>
    <p>Nattpersonalen går en <b>rond</b> varannan timme <span onclick="evil()">och</span>
    skriver i <a href="javascript:alert(1)">loggboken</a>.</p>
    <iframe src="https://evil.example.org/"></iframe>
    <h2>Vid oro</h2>
    <ol><li>Ring jourhavande, <a href="tel:+46701740650">070-174 06 50</a>.</li>
        <li>Skriv en avvikelse<ul><li>samma natt</li></ul></li></ol>
    <p>&lt;script&gt;alert(2)&lt;/script&gt; är text här.</p>
    <img src="bilder/karta.png" alt="Karta över huset" onerror="evil()">
    <img src="../hemlig.png" alt="Utanför">
    <p>Läs <a href="https://www.example.se/natt" onmouseover="evil()">mer</a>.</p>
    <aside class="share">Dela sidan</aside>
  </article>
</main>
<aside>Relaterade länkar</aside>
<footer>Strandviks kommun</footer>
</body></html>
"""


def test_a_web_page_keeps_its_content_and_nothing_that_runs(bank: BankDir) -> None:
    folder = bank.root / "intranat"
    (folder / "bilder").mkdir(parents=True)
    (folder / "bilder" / "karta.png").write_bytes(png(2, 2))
    (bank.root / "hemlig.png").write_bytes(png(1, 1))
    (folder / "natt.html").write_text(WEB_PAGE, encoding="utf-8")
    code, output = _import(bank, str(folder), "--type", "routine", "--owner", OWNER)
    assert code == 0, output
    assert output == (
        "intranat/natt.html: imported as docs/rutiner/rutin-for-nattpersonal.md\n"
        "  needs attention: image 2 is left out: '../hemlig.png' is outside the page's folder\n"
        "  note: 1 link that would run code (javascript:) is kept as text\n"
        "1 imported, 0 updated, 0 skipped, 0 not imported; 1 needs attention.\n"
    )
    page = bank.root / "docs/rutiner/rutin-for-nattpersonal.md"
    compare("import/rutin-for-nattpersonal.md", page.read_text(encoding="utf-8"))
    assert _check_errors(bank) == []
    assert "KB402" not in bank.kb("check").output


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        (
            "gammal.doc",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,
            "it is an old Word document (.doc); open it in Word and save it as .docx",
        ),
        (
            "trasig.docx",
            b"PK\x03\x04 inte en zip",
            "the file is not a Word document: it is not a .docx package",
        ),
        (
            "losen.docx",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,
            "the file is an old Word document (.doc) or protected with a password; "
            "open it in Word and save it as a .docx without a password",
        ),
    ],
)
def test_files_that_cannot_be_imported_say_why(
    bank: BankDir, name: str, content: bytes, reason: str
) -> None:
    (bank.root / name).write_bytes(content)
    code, output = _import(bank, name, "--type", "routine", "--owner", OWNER)
    assert f"  needs attention: {reason}\n" in output
    assert code == (0 if name.endswith(".doc") else 1)


def _zip(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return path


def test_a_zip_bomb_and_a_dtd_are_refused(bank: BankDir) -> None:
    _zip(bank.root / "bomb.docx", {"word/document.xml": b"<a>" + b" " * 30_000_000 + b"</a>"})
    _zip(
        bank.root / "dtd.docx",
        {
            "[Content_Types].xml": b"<Types/>",
            "word/document.xml": b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM '
            b'"file:///etc/passwd">]><a>&x;</a>',
        },
    )
    _zip(bank.root / "sokvag.docx", {"../../utanfor.xml": b"<a/>"})
    code, output = _import(
        bank, "bomb.docx", "dtd.docx", "sokvag.docx", "--type", "page", "--owner", OWNER
    )
    assert code == 1
    assert output.splitlines()[:6] == [
        "bomb.docx: not imported",
        "  needs attention: the part 'word/document.xml' unpacks to 30,000,007 bytes from "
        f"{zipfile.ZipFile(bank.root / 'bomb.docx').getinfo('word/document.xml').compress_size:,}"
        "; that is a zip bomb, not a document",
        "dtd.docx: not imported",
        "  needs attention: the part 'word/document.xml' declares a DTD; Word never writes one, "
        "so the file is refused",
        "sokvag.docx: not imported",
        "  needs attention: the package holds a part with an unsafe name ('../../utanfor.xml')",
    ]
    assert list((bank.root / "docs").iterdir()) == []


def test_embedded_files_are_extracted_and_listed(bank: BankDir) -> None:
    word = WordFile(title="Budgetrutin")
    word.paragraph("Se bilagan.")
    source = word.save(bank.root / "budget.docx")
    with zipfile.ZipFile(source, "a") as package:
        package.writestr("word/embeddings/Budget 2026.xlsx", b"PK fake workbook")
        package.writestr("word/embeddings/oleObject1.bin", b"\xd0\xcf\x11\xe0")
    code, output = _import(bank, "budget.docx", "--type", "routine", "--owner", OWNER)
    assert code == 0
    assert (
        "  needs attention: 'oleObject1.bin' is an embedded object (bin) that cannot be opened "
        "outside Word; it is left out"
    ) in output
    text = (bank.root / "docs/rutiner/budgetrutin.md").read_text()
    assert text.endswith(
        "Se bilagan.\n\n## Bilagor\n\n- [budget-2026.xlsx](bilagor/budgetrutin/budget-2026.xlsx)\n"
    )
    assert (bank.root / "docs/rutiner/bilagor/budgetrutin/budget-2026.xlsx").exists()
    assert _check_errors(bank) == []


def test_images_in_formats_browsers_cannot_show_are_reported(bank: BankDir) -> None:
    word = WordFile(title="Karta")
    word.image(png(), "Karta")
    source = word.save(bank.root / "karta.docx")
    with zipfile.ZipFile(source) as package:
        parts = {info.filename: package.read(info) for info in package.infolist()}
    media = next(name for name in parts if name.startswith("word/media/"))
    parts[media] = b"\x01\x00\x00\x00" + b"\x00" * 60  # an EMF header
    _zip(bank.root / "karta.docx", parts)
    code, output = _import(bank, "karta.docx", "--type", "routine", "--owner", OWNER)
    assert code == 0
    assert (
        "  needs attention: image 1 is left out: it is in EMF format, which browsers cannot show\n"
        in output
    )


def test_reviewed_today_or_a_date_and_other_types(bank: BankDir) -> None:
    bank.write(
        "docs/samverkansparter/lernia.md",
        "---\ntitle: Lernia\norg_type: company\nowner: samordnare\nreviewed: 2026-09-01\n"
        "contacts: []\n---\n# Lernia\n",
    )
    word = WordFile(title="Praktikavtal", modified=datetime(2030, 1, 1))
    word.paragraph("Parterna är överens.")
    source = word.save(bank.root / "avtal.docx")
    code, output = _import(
        bank, str(source), "--type", "agreement", "--owner", OWNER, "--partner", "lernia"
    )
    assert code == 0, output
    text = (bank.root / "docs/overenskommelser/praktikavtal.md").read_text()
    assert text.startswith(
        "---\ntitle: Praktikavtal\ntype: agreement\nowner: samordnare\nreviewed: 2026-11-23\n"
        "parties: [lernia]\nvalid_from: 2026-11-23\nstatus: draft\nsource: avtal.docx\n---\n"
    )
    assert "  note: 'reviewed' is today: the document's date 2030-01-01 is later\n" in output
    shutil.rmtree(bank.root / "docs/overenskommelser")
    code, output = _import(
        bank,
        str(source),
        "--type",
        "page",
        "--owner",
        OWNER,
        "--to",
        "docs/om",
        "--reviewed",
        "2026-01-05",
    )
    assert code == 0, output
    assert (
        (bank.root / "docs/om/praktikavtal.md")
        .read_text()
        .startswith(
            "---\ntitle: Praktikavtal\ntype: page\nstatus: draft\nsource: avtal.docx\n---\n"
        )
    )
    assert _check_errors(bank) == []


def test_usage_errors(bank: BankDir) -> None:
    word = WordFile(title="X")
    source = word.save(bank.root / "x.docx")
    result = bank.kb("import", str(source), "--type", "routine", "--owner", "samordnar")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: unknown owner 'samordnar'; owners are enhetschef-boende, samordnare "
        "(did you mean 'samordnare'?)\n"
    )
    result = bank.kb("import", str(source), "--type", "agreement", "--owner", OWNER)
    assert result.stderr == "Error: an agreement needs its parties: --partner ID (one or more)\n"
    result = bank.kb("import", str(source), "--type", "routine", "--owner", OWNER, "--to", "../ut")
    assert result.stderr == "Error: the folder '../ut' is not inside docs/\n"
    result = bank.kb(
        "import", str(source), "--type", "routine", "--owner", OWNER, "--reviewed", "igår"
    )
    assert result.exit_code == 2
    assert "expected 'document', 'today' or a date YYYY-MM-DD, found 'igår'" in result.stderr


def test_pdf_text_is_imported_for_manual_review(bank: BankDir) -> None:
    stream = (
        b"BT /F1 12 Tf 72 720 Td (Rutin for nattronder) Tj "
        b"0 -20 Td (Ronden gors varannan timme.) Tj ET"
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Title (Nattronder) /ModDate (D:20250301120000Z) >>",
    ]
    pdf = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    (bank.root / "natt.pdf").write_bytes(pdf)
    code, output = _import(bank, "natt.pdf", "--type", "routine", "--owner", OWNER)
    assert code == 0, output
    assert output == (
        "natt.pdf: imported as docs/rutiner/nattronder.md\n"
        "  needs attention: it is a PDF: only its text is imported, without headings, lists, "
        "tables or images; compare the page with the original and add them by hand\n"
        "1 imported, 0 updated, 0 skipped, 0 not imported; 1 needs attention.\n"
    )
    text = (bank.root / "docs/rutiner/nattronder.md").read_text()
    assert "reviewed: 2025-03-01\n" in text
    assert text.endswith("# Nattronder\n\nRutin for nattronder Ronden gors varannan timme.\n")


def test_the_command_and_the_library_offer_the_same_types() -> None:
    assert _IMPORT_TYPES == IMPORT_TYPES


def test_on_a_terminal_the_summary_is_a_table(capsys: pytest.CaptureFixture[str]) -> None:
    from kb_tools.cli.import_summary import print_summary
    from kb_tools.i18n import verbatim
    from kb_tools.importing import ImportReport, Outcome

    report = ImportReport(
        [
            Outcome(
                "a.docx", "imported", "docs/rutiner/a.md",
                notes=[verbatim("[bold]inte markup[/bold]")],
            ),
            Outcome("b.doc", "skipped", attention=[verbatim("it is an old Word document")]),
        ]
    )
    print_summary(report, rich=True)
    output = capsys.readouterr().out
    assert "┃ Document" in output and "┃ Why" in output
    assert "docs/rutiner/a.md" in output and "[bold]inte markup[/bold]" in output
    assert output.rstrip().endswith(
        "1 imported, 0 updated, 1 skipped, 0 not imported; 1 needs attention."
    )
