"""The look the kb plugin brings to any bank: kb's partials and assets with
no custom_dir, a bank's own overrides on top, one search, the tool's version."""

from __future__ import annotations

import logging
import re
from datetime import date
from pathlib import Path

import pytest

from kb_tools.config import load_config
from kb_tools.site import theming
from kb_tools.site.mkdocs.build import build_site
from kb_tools.version import tool_version

from .conftest import MKDOCS_YML, ROUTINE, BankDir

TODAY = date(2026, 11, 23)
VERSION = tool_version()


def _build(bank: BankDir, mkdocs_yml: str = MKDOCS_YML, **files: str) -> Path:
    bank.write("mkdocs.yml", mkdocs_yml)
    bank.write("docs/index.md", "# Start\n")
    bank.write("docs/rutiner/ankomst.md", ROUTINE)
    for relative, content in files.items():
        bank.write(relative, content)
    return build_site(load_config(bank.root / "mkdocs.yml"), strict=True, today=TODAY)


def _stylesheets(html: str) -> list[str]:
    return re.findall(r'<link rel="stylesheet" href="([^"]+)">', html)


def _scripts(html: str) -> list[str]:
    return re.findall(r'<script src="([^"]+)"', html)


def test_a_bank_without_overrides_gets_kbs_look(bank: BankDir) -> None:
    site = _build(bank)
    for asset in (theming.STYLESHEET, theming.SCRIPT):
        assert (site / asset).read_bytes() == (theming.THEME_DIR / asset).read_bytes()
    html = (site / "rutiner" / "ankomst" / "index.html").read_text()
    assert _stylesheets(html)[-1] == "../../assets/kb/kb.css"
    assert _scripts(html)[-1] == "../../assets/kb/kb.js"
    assert '<form class="kb-header-search" action="../../sok/" method="get"' in html
    assert (site / "sok" / "index.html").is_file()
    assert f'<meta name="generator" content="kb-tools {VERSION}"></head>' in html
    assert f'<span class="kb-generator">Byggd med kb-tools {VERSION} och' in html
    assert '<dl class="kb-meta"' in html


def test_asset_and_search_urls_without_directory_urls(bank: BankDir) -> None:
    site = _build(bank, MKDOCS_YML + "use_directory_urls: false\n")
    html = (site / "rutiner" / "ankomst.html").read_text()
    assert _stylesheets(html)[-1] == "../assets/kb/kb.css"
    assert _scripts(html)[-1] == "../assets/kb/kb.js"
    assert '<form class="kb-header-search" action="../sok.html" method="get"' in html
    assert (site / "sok.html").is_file()


def test_a_banks_own_main_html_overrides_one_block_and_keeps_the_rest(bank: BankDir) -> None:
    yml = MKDOCS_YML.replace("  language: sv\n", "  language: sv\n  custom_dir: overrides\n")
    site = _build(
        bank,
        yml,
        **{
            "overrides/main.html": """\
                {% extends "base.html" %}
                {% block announce %}Testbankens eget meddelande{% endblock %}
                """,
        },
    )
    html = (site / "rutiner" / "ankomst" / "index.html").read_text()
    assert "Testbankens eget meddelande" in html
    assert 'class="kb-header-search"' in html
    assert _stylesheets(html)[-1] == "../../assets/kb/kb.css"
    assert _scripts(html)[-1] == "../../assets/kb/kb.js"


def test_a_banks_own_files_win_over_kbs(bank: BankDir) -> None:
    yml = MKDOCS_YML.replace("  language: sv\n", "  language: sv\n  custom_dir: overrides\n")
    site = _build(
        bank,
        yml + "extra_css: [extra.css]\n",
        **{
            "overrides/assets/kb/kb.css": ".kb-meta { color: red; }\n",
            "overrides/partials/header.html": '<header class="own-header"></header>\n',
            "docs/extra.css": "body { margin: 0; }\n",
        },
    )
    assert (site / "assets/kb/kb.css").read_text() == ".kb-meta { color: red; }\n"
    html = (site / "rutiner" / "ankomst" / "index.html").read_text()
    assert '<header class="own-header"></header>' in html
    assert "kb-header-search" not in html
    # The bank's own stylesheets come after kb's, so they win in the cascade.
    assert _stylesheets(html)[-2:] == ["../../assets/kb/kb.css", "../../extra.css"]


def test_a_bank_that_lists_material_search_gets_one_search(
    bank: BankDir, caplog: pytest.LogCaptureFixture
) -> None:
    yml = MKDOCS_YML.replace("plugins:\n", "plugins:\n  - search\n")
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.kb"):
        site = _build(bank, yml)
    assert not (site / "search" / "search_index.json").exists()
    html = (site / "rutiner" / "ankomst" / "index.html").read_text()
    assert 'data-md-component="search"' not in html
    assert 'class="kb-header-search"' in html
    assert (site / "pagefind" / "pagefind-ui.js").is_file()
    assert (
        "kb: Material's search is switched off; the site's search is the kb plugin's Swedish "
        "search page (you can remove '- search' from plugins in mkdocs.yml)"
    ) in caplog.messages


def test_the_theme_folder_goes_between_the_banks_own_and_material() -> None:
    own, kb, material, mkdocs = "/bank/overrides", str(theming.THEME_DIR), "/m", "/mk"
    assert theming.theme_dirs([own, material, mkdocs], own) == [own, kb, material, mkdocs]
    assert theming.theme_dirs([material, mkdocs], None) == [kb, material, mkdocs]
    assert theming.theme_dirs([own, kb, material, mkdocs], own) == [own, kb, material, mkdocs]


def test_kbs_extra_files_come_first_and_once() -> None:
    assert theming.first(["extra.css", theming.STYLESHEET], theming.STYLESHEET) == [
        theming.STYLESHEET,
        "extra.css",
    ]


def test_the_generator_goes_at_the_end_of_the_head() -> None:
    page = "<html><head><title>x</title></head><body></body></html>"
    assert theming.with_generator(page, "1.2.3") == (
        '<html><head><title>x</title><meta name="generator" content="kb-tools 1.2.3">'
        "</head><body></body></html>"
    )
    assert theming.with_generator("<p>no head</p>", "1.2.3") == "<p>no head</p>"


def test_the_skip_link_leads_to_the_start_of_the_article(bank: BankDir) -> None:
    site = _build(bank, **{"docs/utan-rubriker.md": "Bara text, ingen rubrik.\n"})
    html = (site / "rutiner" / "ankomst" / "index.html").read_text()
    assert html.count('class="md-skip"') == 1
    assert '<a href="#kb-innehall" class="md-skip">' in html
    assert '<article class="md-content__inner md-typeset" id="kb-innehall">' in html
    # A page without headings gets the link too (Material gives it none).
    plain = (site / "utan-rubriker" / "index.html").read_text()
    assert '<a href="#kb-innehall" class="md-skip">Gå till innehållet</a>' in plain


def test_a_primary_colour_that_fails_wcag_is_named_in_the_build(
    bank: BankDir, caplog: pytest.LogCaptureFixture
) -> None:
    yml = MKDOCS_YML.replace("  language: sv\n", "  language: sv\n  palette: {primary: teal}\n")
    bank.write("mkdocs.yml", yml)
    bank.write("docs/index.md", "# Start\n")
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.kb"):
        build_site(load_config(bank.root / "mkdocs.yml"), today=TODAY)
    assert [m for m in caplog.messages if m.startswith("theme.palette")] == [
        "theme.palette: primary 'teal' gives the header's text or the links a contrast of "
        "3.77:1, under the 4.5:1 that WCAG 2.1 AA asks of text; choose one of indigo, "
        "deep-purple, purple, brown, grey, blue-grey, black, white, or a custom colour "
        "(primary: custom and your own stylesheet)"
    ]


def test_the_light_and_dark_switch_only_with_toggles(bank: BankDir) -> None:
    switch = (
        "  palette:\n"
        "    - {scheme: default, toggle: {icon: material/weather-night, name: Mörkt}}\n"
        "    - {scheme: slate, toggle: {icon: material/weather-sunny, name: Ljust}}\n"
    )
    site = _build(bank, MKDOCS_YML.replace("  language: sv\n", "  language: sv\n" + switch))
    html = (site / "index.html").read_text()
    header = html[html.index("<header") : html.index("</header>")]
    assert 'data-md-component="palette"' in header
    assert 'aria-label="Mörkt"' in header
    assert 'var palette=__md_get("__palette")' in header
    single = "  palette: [{scheme: default, primary: indigo}]\n"
    site = _build(bank, MKDOCS_YML.replace("  language: sv\n", "  language: sv\n" + single))
    assert 'data-md-component="palette"' not in (site / "index.html").read_text()
