"""The built sample site in a real browser (Debian's Chromium via Playwright)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest

from kb_tools.config import load_config
from kb_tools.site.mkdocs.build import build_site

from .browser import RESULTS_LOADED, requires_chromium, serve_static

ROOT = Path(__file__).resolve().parents[1]
pytestmark = requires_chromium


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = build_site(
        load_config(ROOT / "mkdocs.yml"),
        tmp_path_factory.mktemp("b") / "site",
        today=date(2026, 11, 23),
    )
    with serve_static(site) as url:
        yield url


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 390, "height": 844})  # type: ignore[attr-defined]
    page = context.new_page()
    yield page
    context.close()


def test_metadata_panel_on_a_phone(page: object, site_url: str) -> None:
    page.goto(site_url + "rutiner/att-fylla-18/")  # type: ignore[attr-defined]
    panel = page.locator("dl.kb-meta")  # type: ignore[attr-defined]
    assert panel.is_visible()
    assert panel.locator("dt").all_inner_texts() == [
        "Typ",
        "Ägare",
        "Senast granskad",
        "Nästa granskning",
        "Status",
    ]
    assert "11 juni 2026" in panel.inner_text()
    box = panel.bounding_box()
    assert box is not None and box["width"] <= 390


def test_overdue_banner_appears_after_the_due_date(page: object, site_url: str) -> None:
    url = site_url + "rutiner/att-fylla-18/"  # due 2027-06-11, built 2026-11-23
    page.goto(url)  # type: ignore[attr-defined]
    banner = page.locator("[data-kb-overdue-banner]")  # type: ignore[attr-defined]
    assert not banner.is_visible()
    page.clock.set_fixed_time(datetime(2027, 7, 1, 12, 0))  # type: ignore[attr-defined]
    page.goto(url)  # type: ignore[attr-defined]
    assert banner.is_visible()
    assert "Granskningen är försenad" in banner.inner_text()
    assert "11 juni 2027" in banner.inner_text()


def test_contact_card_tel_link(page: object, site_url: str) -> None:
    page.goto(site_url + "samverkansparter/lernia/")  # type: ignore[attr-defined]
    card = page.locator("ul.kb-contact-grid > li.kb-contact").first  # type: ignore[attr-defined]
    link = card.locator(".kb-contact__phone a")
    assert link.get_attribute("href") == "tel:+46701740623"
    assert link.inner_text() == "070-174 06 23"
    assert link.get_attribute("aria-label") == "Ring Tobias Wennerberg, 070-174 06 23"


def test_agreement_register_highlights_ending_agreements(page: object, site_url: str) -> None:
    page.goto(site_url + "oversikt/overenskommelser/")  # type: ignore[attr-defined]
    ending = page.locator(".kb-status--ending")  # type: ignore[attr-defined]
    assert ending.count() == 1
    assert ending.inner_text() == "Löper snart ut (om 69 dagar)"
    row = page.locator("tr", has=ending)  # type: ignore[attr-defined]
    assert "Överenskommelse om praktik med Lernia" in row.inner_text()
    background = ending.evaluate("e => getComputedStyle(e).backgroundColor")
    assert background == "rgb(255, 243, 224)"


def test_site_search_finds_a_routine_by_a_body_word(page: object, site_url: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page.goto(site_url)  # type: ignore[attr-defined]
    field = page.locator("#kb-header-query")  # type: ignore[attr-defined]
    field.fill("dosett")
    field.press("Enter")
    page.wait_for_url("**/sok/?q=dosett")  # type: ignore[attr-defined]
    page.wait_for_function(RESULTS_LOADED, timeout=15000)  # type: ignore[attr-defined]
    results = page.locator(".pagefind-ui__result-title")  # type: ignore[attr-defined]
    assert results.first.inner_text() == "Läkemedelshantering"


def test_site_search_downloads_no_web_worker(page: object, site_url: str) -> None:
    # Pagefind searches in the page (noWorker): its 40 KB worker script is
    # not part of what the first query downloads.
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))  # type: ignore[attr-defined]
    page.goto(site_url + "sok/?q=dosett")  # type: ignore[attr-defined]
    page.wait_for_function(RESULTS_LOADED, timeout=15000)  # type: ignore[attr-defined]
    results = page.locator(".pagefind-ui__result-title")  # type: ignore[attr-defined]
    assert results.first.inner_text() == "Läkemedelshantering"
    assert any(url.endswith("/pagefind/pagefind.js") for url in requested)
    assert not [url for url in requested if "worker" in url]


def test_site_search_understands_inflections_and_compounds(page: object, site_url: str) -> None:
    page.goto(site_url + "sok/?q=hantering")  # type: ignore[attr-defined]
    page.wait_for_function(RESULTS_LOADED, timeout=15000)  # type: ignore[attr-defined]
    results = page.locator(".pagefind-ui__result-title")  # type: ignore[attr-defined]
    assert results.first.inner_text() == "Läkemedelshantering"


def test_print_shows_no_navigation_and_writes_out_links(page: object, site_url: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page.goto(site_url + "samverkansparter/lernia/")  # type: ignore[attr-defined]
    page.emulate_media(media="print")  # type: ignore[attr-defined]
    assert not page.locator(".md-sidebar--primary").is_visible()  # type: ignore[attr-defined]
    assert not page.locator(".md-header").is_visible()  # type: ignore[attr-defined]
    assert page.locator("dl.kb-meta").first.is_visible()  # type: ignore[attr-defined]
    after = page.locator(".kb-contact__phone a").first.evaluate(  # type: ignore[attr-defined]
        "e => getComputedStyle(e, '::after').content"
    )
    assert after == '" (" attr(href) ")"' or "tel:+4670174" in after
