"""The accessibility statement: its settings (``accessibility:``) validated
with messages that say what to write, its text for each compliance status,
escaping, and the page with its footer link on every page of both builds."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from kb_tools.config import ConfigError, load_config, validate_kb_options
from kb_tools.config.accessibility import AccessibilitySettings
from kb_tools.site.mkdocs.build import build_site
from kb_tools.site.statement import statement_markdown

from .conftest import MKDOCS_YML, ROUTINE, BankDir

TODAY = date(2026, 11, 23)
OWNERS = {"redaktionen": {"name": "Redaktionen"}}
ACCESSIBILITY = """\
      accessibility:
        contact: {email: tillganglighet@example.se}
        known_issues: [Inskannade PDF-filer går inte att läsa med skärmläsare.]
"""


def _settings(**options: Any) -> AccessibilitySettings:
    config = validate_kb_options({"owners": OWNERS, "accessibility": options})
    assert config.accessibility is not None
    return config.accessibility


def _error(**options: Any) -> str:
    with pytest.raises(ConfigError) as raised:
        validate_kb_options({"owners": OWNERS, "accessibility": options})
    return str(raised.value)


def test_defaults() -> None:
    settings = _settings(contact={"email": "a@example.se"}, known_issues=["En brist."])
    assert settings.status == "partial"
    assert settings.method == "self-assessment"
    assert settings.report_url == "https://www.digg.se/tdosanmalan"
    assert settings.reviewed is None and settings.last_updated is None
    assert settings.organisation is None
    assert validate_kb_options({"owners": OWNERS}).accessibility is None


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            {"contact": {}, "known_issues": ["x"]},
            "plugins.kb.accessibility.contact: expected at least one of 'email', 'phone' and "
            "'form', found a mapping (add the mailbox, phone number or web form where readers "
            "report problems)",
        ),
        (
            {"contact": {"emial": "a@example.se"}, "known_issues": ["x"]},
            "plugins.kb.accessibility.contact: unknown key 'emial' (did you mean 'email'?)",
        ),
        (
            {"contact": {"email": "a@example.se"}},
            "plugins.kb.accessibility.known_issues: expected a list of what is not accessible "
            "(status 'partial' says something is), found nothing (list each known issue, or set "
            "'status: full' if there is none)",
        ),
        (
            {"contact": {"email": "a@example.se"}, "status": "full", "known_issues": ["x"]},
            "plugins.kb.accessibility.known_issues: expected no known issues (status 'full' says "
            "there are none), found a list (set 'status: partial', or remove the issues that are "
            "fixed)",
        ),
        (
            {"contact": {"email": "a@example.se"}, "status": "delvis", "known_issues": ["x"]},
            "plugins.kb.accessibility.status: expected one of 'full', 'partial', 'none', "
            "found 'delvis'",
        ),
        (
            {"contact": {"form": "www.example.se/tillganglighet"}, "known_issues": ["x"]},
            "plugins.kb.accessibility.contact.form: expected a web address starting with "
            "https://, found 'www.example.se/tillganglighet' (did you mean "
            "'https://www.example.se/tillganglighet'?)",
        ),
        (
            {"contact": {"phone": "12"}, "known_issues": ["x"]},
            "plugins.kb.accessibility.contact.phone: expected a phone number such as "
            "070-174 06 05 or +46 70 174 06 05, found '12' (not a valid number in the "
            "numbering plan)",
        ),
        (
            {"known_issues": ["x"]},
            "plugins.kb.accessibility: missing required key 'contact'",
        ),
        (
            {"contact": {"email": "a@example.se"}, "known_issues": ["x"], "reviewed": "20/11/2026"},
            "plugins.kb.accessibility.reviewed: expected a date YYYY-MM-DD, found '20/11/2026' "
            "(write the date as year-month-day, e.g. 2026-03-05)",
        ),
    ],
    ids=["no-contact", "misspelt", "partial-without-issues", "full-with-issues", "status",
         "form", "phone", "contact-missing", "date"],
)
def test_mistakes_are_explained(options: dict[str, Any], message: str) -> None:
    assert _error(**options) == f"invalid kb configuration in mkdocs.yml: {message}"


def test_kb_check_names_the_line_of_a_mistake(bank: BankDir) -> None:
    bank.write("mkdocs.yml", MKDOCS_YML.replace(
        "markdown_extensions:",
        "      accessibility:\n        contact: {email: a@example.se}\n        status: full\n"
        "        known_issues: [Något.]\nmarkdown_extensions:",
    ))
    bank.write("docs/index.md", "# Start\n")
    result = bank.kb("check")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: invalid kb configuration in mkdocs.yml: line 13: "
        "plugins.kb.accessibility.known_issues: expected no known issues (status 'full' says "
        "there are none), found a list (set 'status: partial', or remove the issues that are "
        "fixed)\n"
    )


def test_a_fully_compliant_site_lists_nothing_inaccessible() -> None:
    text = statement_markdown(
        _settings(
            contact={"email": "a@example.se", "phone": "070-174 06 90",
                     "form": "https://kommun.example.se/tillganglighet"},
            organisation="Exempels kommun", status="full", method="external",
            reviewed="2026-10-01", updated="2026-11-02",
        ),
        "Kunskapsbanken",
    )
    assert text.startswith("Exempels kommun står bakom Kunskapsbanken. Vi vill att alla")
    assert "Vi känner inte till något på webbplatsen som inte är tillgängligt." in text
    assert "Webbplatsen är helt förenlig med lagen om tillgänglighet till digital offentlig " \
        "service.\n" in text
    assert "Innehåll som inte är tillgängligt" not in text
    assert (
        "- E-post: [a&#64;example.se](mailto:a@example.se)\n"
        "- Telefon: [070-174 06 90](tel:+46701740690)\n"
        "- Webbformulär: [Rapportera ett tillgänglighetsproblem]"
        "(https://kommun.example.se/tillganglighet)\n"
    ) in text
    assert "En extern granskare har bedömt webbplatsens tillgänglighet. Den senaste " \
        "bedömningen gjordes den 1 oktober 2026." in text
    assert text.endswith("Redogörelsen uppdaterades senast den 2 november 2026.\n")


def test_sections_follow_diggs_model_statement() -> None:
    text = statement_markdown(
        _settings(
            contact={"email": "a@example.se"}, status="none",
            known_issues=["Ett.", "Två."], disproportionate_burden=["Gamla filmer."],
            out_of_scope=["Dokument från före 2018."],
        ),
        "Kunskapsbanken",
    )
    assert re.findall(r"^#+ .*", text, re.M) == [
        "## Hur tillgänglig är webbplatsen?",
        "## Vad kan du göra om du inte kan använda delar av webbplatsen?",
        "## Rapportera brister i webbplatsens tillgänglighet",
        "## Tillsyn",
        "## Teknisk information om webbplatsens tillgänglighet",
        "### Innehåll som inte är tillgängligt",
        "### Oskäligt betungande anpassning",
        "### Innehåll som inte omfattas av lagen",
        "## Hur vi testat webbplatsen",
    ]
    assert text.startswith("Vi som står bakom Kunskapsbanken vill att alla")
    assert "Webbplatsen är inte förenlig med lagen" in text
    assert "- Ett.\n- Två.\n" in text
    assert "[anmäla det till Digg](https://www.digg.se/tdosanmalan)" in text
    assert "Webbplatsens innehåll har ännu inte bedömts." in text
    assert "uppdaterades senast" not in text


def test_every_value_is_text() -> None:
    text = statement_markdown(
        _settings(
            contact={"email": "a@example.se"},
            organisation="<script>alert(1)</script> [länk](javascript:alert(1))",
            known_issues=["*Viktigt* <img src=x onerror=alert(1)> | cell"],
        ),
        "Bank <b>",
    )
    assert "<script>" not in text and "<img" not in text and "<b>" not in text
    assert "[länk]" not in text and "*Viktigt*" not in text
    assert "&#60;script&#62;alert(1)&#60;/script&#62; &#91;länk&#93;(javascript:alert(1))" in text


def _build(bank: BankDir, extra: str = "", **files: str) -> Path:
    yml = MKDOCS_YML.replace("markdown_extensions:", extra + "markdown_extensions:")
    bank.write("mkdocs.yml", yml)
    bank.write("docs/index.md", "# Start\n")
    bank.write("docs/rutiner/ankomst.md", ROUTINE)
    for relative, content in files.items():
        bank.write(relative, content)
    return build_site(load_config(bank.root / "mkdocs.yml"), strict=True, today=TODAY)


def _footer_link(html: str) -> str | None:
    found = re.search(r'<div class="kb-statement-link"><a href="([^"]+)">', html)
    return found.group(1) if found else None


def test_the_statement_is_built_and_linked_from_every_page(bank: BankDir) -> None:
    site = _build(bank, ACCESSIBILITY)
    statement = (site / "tillganglighet" / "index.html").read_text()
    assert "<h1" in statement and "Tillgänglighetsredogörelse</h1>" in statement
    assert "Inskannade PDF-filer går inte att läsa med skärmläsare." in statement
    assert _footer_link((site / "index.html").read_text()) == "tillganglighet/"
    assert _footer_link((site / "rutiner" / "ankomst" / "index.html").read_text()) == (
        "../../tillganglighet/"
    )
    public = build_site(load_config(bank.root / "mkdocs.yml"), bank.root / "public",
                        public=True, today=TODAY)
    assert (public / "tillganglighet" / "index.html").is_file()
    assert _footer_link((public / "index.html").read_text()) == "tillganglighet/"


def test_without_settings_there_is_no_statement_and_no_link(bank: BankDir) -> None:
    site = _build(bank)
    assert not (site / "tillganglighet").exists()
    assert _footer_link((site / "index.html").read_text()) is None


def test_a_banks_own_statement_wins_and_is_linked(bank: BankDir) -> None:
    own = "---\ntitle: Tillgänglighetsredogörelse\n---\n# Tillgänglighetsredogörelse\n\nVår egen.\n"
    site = _build(bank, ACCESSIBILITY, **{"docs/tillganglighet.md": own})
    assert "Vår egen." in (site / "tillganglighet" / "index.html").read_text()
    site = _build(bank, **{"docs/tillganglighet.md": own})
    assert _footer_link((site / "index.html").read_text()) == "tillganglighet/"


def test_the_link_without_directory_urls(bank: BankDir) -> None:
    site = _build(bank, ACCESSIBILITY + "use_directory_urls: false\n")
    html = (site / "rutiner" / "ankomst.html").read_text()
    assert _footer_link(html) == "../tillganglighet.html"
    assert (site / "tillganglighet.html").is_file()
