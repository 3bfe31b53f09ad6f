"""WCAG 2.1 AA, proven in the browser: axe-core (tests/axe.py) over every
page type of the sample bank's internal and public builds, on a phone and a
desktop, light and dark; then what axe cannot judge: the keyboard path
through a routine and a partner page with a visible focus ring at each stop,
glossary terms explained on focus, the phone menu, wide tables, and the
markup screen readers rely on (headings in banners, labelled phone links,
captioned tables, the language, the statement linked from every page).

One build of each audience for the module; Debian's Chromium via Playwright.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from kb_tools.config import load_config
from kb_tools.site.mkdocs.build import build_site

from . import axe
from .browser import RESULTS_LOADED, serve_static
from .wcag import NON_TEXT, contrast, parse

ROOT = Path(__file__).resolve().parents[1]
TODAY = date(2026, 11, 23)
LATE = datetime(2027, 12, 1, 12, 0)  # the routine overdue, contacts stale
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

# Every kind of page each build has: the bank's types, kb's generated pages,
# the search page with results, the theme's 404 page; and pages in the
# state they take later (banner shown, contacts stale).
INTERNAL_PAGES = {
    "start": "",
    "routine": "rutiner/att-fylla-18/",
    "routine-overdue": "rutiner/att-fylla-18/@late",
    "routine-with-terms": "rutiner/samverkan-kring-sip/",
    "partner": "samverkansparter/lernia/",
    "partner-stale": "samverkansparter/lernia/@late",
    "agreement-ending": "overenskommelser/praktik-lernia/",
    "agreement-retired": "overenskommelser/mentorskap-foreningen/",
    "template": "mallar/ankomstsamtal/",
    "page": "om-kunskapsbanken/",
    "editors-guide": "redaktorer/andra-i-kunskapsbanken/",
    "glossary": "ordlista/",
    "partner-directory": "oversikt/samverkansparter/",
    "agreement-register": "oversikt/overenskommelser/",
    "review-dashboard": "oversikt/granskning/",
    "tag-index": "oversikt/taggar/",
    "statement": "tillganglighet/",
    "search": "sok/?q=dosett",
    "not-found": "404.html",
}
PUBLIC_PAGES = {
    "start": "",
    "routine": "rutiner/kontakt-med-migrationsverket/",
    "partner": "samverkansparter/migrationsverket/",
    "page": "om-kunskapsbanken/",
    "glossary": "ordlista/",
    "partner-directory": "oversikt/samverkansparter/",
    "agreement-register": "oversikt/overenskommelser/",
    "tag-index": "oversikt/taggar/",
    "statement": "tillganglighet/",
    "search": "sok/?q=migrationsverket",
    "not-found": "404.html",
}
LOOKS = {
    "phone-light": (PHONE, "light"),
    "desktop-light": (DESKTOP, "light"),
    "desktop-dark": (DESKTOP, "dark"),
}


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    config = load_config(ROOT / "mkdocs.yml")
    out = tmp_path_factory.mktemp("a11y")
    return {
        "internal": build_site(config, out / "internal", today=TODAY),
        "public": build_site(config, out / "public", public=True, today=TODAY),
    }


@pytest.fixture(scope="module")
def urls(sites: dict[str, Path]) -> Iterator[dict[str, str]]:
    with contextlib.ExitStack() as stack:
        yield {name: stack.enter_context(serve_static(folder)) for name, folder in sites.items()}


@pytest.fixture
def open_page(browser: Any) -> Iterator[Any]:
    contexts: list[Any] = []

    def open_(url: str, viewport: dict[str, int] = DESKTOP, scheme: str = "light") -> Any:
        context = browser.new_context(viewport=viewport, color_scheme=scheme)
        contexts.append(context)
        page = context.new_page()
        late = url.endswith("@late")
        if late:
            url = url.removesuffix("@late")
            page.clock.set_fixed_time(LATE)
        page.goto(url)
        page.wait_for_load_state("load")
        if "/sok/?q=" in url:
            page.wait_for_function(RESULTS_LOADED, timeout=15_000)
        return page

    yield open_
    for context in contexts:
        context.close()


def _cases() -> list[Any]:
    cases = []
    for build, pages in (("internal", INTERNAL_PAGES), ("public", PUBLIC_PAGES)):
        for name, path in pages.items():
            for look in LOOKS:
                cases.append(pytest.param(build, path, look, id=f"{build}-{name}-{look}"))
    return cases


@pytest.mark.parametrize(("build", "path", "look"), _cases())
def test_axe_finds_no_wcag_aa_violations(
    urls: dict[str, str], open_page: Any, build: str, path: str, look: str
) -> None:
    script = axe.axe_script()
    viewport, scheme = LOOKS[look]
    page = open_page(urls[build] + path, viewport, scheme)
    expected_scheme = "slate" if scheme == "dark" else "default"
    assert page.evaluate("document.body.dataset.mdColorScheme") == expected_scheme
    if path.endswith("@late"):
        assert page.locator("[data-kb-overdue-banner], .kb-contact__stale").first.is_visible()
    page.add_script_tag(path=str(script))
    axe.assert_no_violations(page, f"{build} build, {path or 'start page'}, {look}")


# -- the keyboard --------------------------------------------------------------

# What has focus, whether it shows it, and the colours of its ring and of
# the nearest opaque background around the element (the ring is drawn
# outside it, with a gap: what it meets is the background behind it).
FOCUSED = """() => {
  const e = document.activeElement;
  const style = getComputedStyle(e);
  let back = e.parentElement, background = 'rgba(0, 0, 0, 0)';
  while (back && /rgba\\(.*, 0\\)|transparent/.test(background)) {
    background = getComputedStyle(back).backgroundColor;
    back = back.parentElement;
  }
  if (/rgba\\(.*, 0\\)|transparent/.test(background)) { background = 'rgb(255, 255, 255)'; }
  return {
    id: e.id, tag: e.tagName, href: e.getAttribute('href') || '',
    name: e.getAttribute('aria-label') || e.textContent.trim(),
    focusVisible: e.matches(':focus-visible'),
    outlineStyle: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth),
    outlineColor: style.outlineColor, background: background,
  };
}"""


def _tab_until(page: Any, matches: Any, limit: int = 200) -> tuple[int, dict[str, Any]]:
    """Press Tab until the focused element satisfies *matches*."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if matches(focused):
            return presses, focused
    raise AssertionError(f"Tab did not reach the element in {limit} presses")


def _assert_ring(focused: dict[str, Any]) -> None:
    """A visible focus ring: solid, 2 px or more, 3:1 against the background."""
    assert focused["focusVisible"], focused
    assert focused["outlineStyle"] == "solid", focused
    assert focused["outlineWidth"] >= 2, focused
    ratio = contrast(_css_colour(focused["outlineColor"]), _css_colour(focused["background"]))
    assert ratio >= NON_TEXT, f"focus ring {ratio:.2f}:1 against its background: {focused}"


def _css_colour(value: str) -> Any:
    numbers = re.findall(r"[\d.]+", value)
    alpha = numbers[3] if len(numbers) > 3 else "1"
    return parse(f"rgba({numbers[0]}, {numbers[1]}, {numbers[2]}, {alpha})")


def _is_search(focused: dict[str, Any]) -> bool:
    return bool(focused["id"] == "kb-header-query")


def _is_owner(focused: dict[str, Any]) -> bool:
    return str(focused["name"]).startswith("Skicka e-post till Enhetschef myndighetsutövning")


def test_tab_reaches_search_and_owner_in_order_with_a_ring(
    urls: dict[str, str], open_page: Any
) -> None:
    page = open_page(urls["internal"] + "rutiner/att-fylla-18/")
    to_search, search = _tab_until(page, _is_search)
    _assert_ring(search)
    more, owner = _tab_until(page, _is_owner)
    assert owner["href"] == "mailto:myndighet.barnochunga@example.se"
    _assert_ring(owner)
    assert to_search <= 3  # the skip link, the home link, the search field
    assert more > 1  # the navigation lies between them


def test_the_skip_link_leads_to_the_owner_link(urls: dict[str, str], open_page: Any) -> None:
    page = open_page(urls["internal"] + "rutiner/att-fylla-18/", PHONE)
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["name"] == "Gå till innehållet"
    page.keyboard.press("Enter")
    presses, owner = _tab_until(page, _is_owner, limit=3)
    assert presses == 1
    _assert_ring(owner)


def test_tab_reaches_the_first_contacts_phone_after_the_owner(
    urls: dict[str, str], open_page: Any
) -> None:
    page = open_page(urls["internal"] + "samverkansparter/lernia/")
    _, owner = _tab_until(page, lambda f: str(f["href"]) == "mailto:arbetsmarknad@example.se")
    _assert_ring(owner)
    _, phone = _tab_until(page, lambda f: str(f["name"]).startswith("Ring Tobias"), limit=40)
    assert phone["href"] == "tel:+46701740623"
    assert phone["name"] == "Ring Tobias Wennerberg, 070-174 06 23"
    _assert_ring(phone)
    first_card_phone = page.locator("li.kb-contact").first.locator(".kb-contact__phone a")
    assert first_card_phone.evaluate("e => e === document.activeElement")


@pytest.mark.parametrize("look", ["desktop-light", "desktop-dark"])
def test_every_stop_on_a_page_shows_a_ring(
    urls: dict[str, str], open_page: Any, look: str
) -> None:
    viewport, scheme = LOOKS[look]
    page = open_page(urls["internal"] + "samverkansparter/lernia/", viewport, scheme)
    page.keyboard.press("Tab")
    page.wait_for_timeout(300)  # the skip link slides in
    seen = 0
    while page.evaluate("document.activeElement !== document.body") and seen < 120:
        focused = page.evaluate(FOCUSED)
        if page.evaluate("document.activeElement.getBoundingClientRect().width > 0"):
            _assert_ring(focused)
        seen += 1
        page.keyboard.press("Tab")
    assert seen > 30


def test_a_glossary_term_is_explained_on_keyboard_focus(
    urls: dict[str, str], open_page: Any
) -> None:
    page = open_page(urls["internal"] + "rutiner/ankomst-och-inskrivning/")
    _, term = _tab_until(page, lambda f: f["tag"] == "ABBR")
    assert term["name"] == "LMA"
    _assert_ring(term)
    tooltip = page.locator(".md-tooltip2--active")
    tooltip.wait_for(timeout=2_000)
    assert tooltip.inner_text().strip() == "lagen om mottagande av asylsökande m.fl."
    described_by = page.evaluate("document.activeElement.getAttribute('aria-describedby')")
    assert tooltip.get_attribute("id") == described_by
    # Only the first use of each term is a tab stop.
    stops = page.locator("article abbr[tabindex='0']").all_inner_texts()
    assert len(stops) == len(set(stops))


def test_the_phone_menu_opens_from_the_keyboard(urls: dict[str, str], open_page: Any) -> None:
    page = open_page(urls["internal"] + "rutiner/att-fylla-18/", PHONE)
    sidebar = page.locator(".md-sidebar--primary")
    assert sidebar.evaluate("e => e.inert")  # closed: its links are not tab stops
    _, menu = _tab_until(page, lambda f: f["name"] == "Meny", limit=3)
    _assert_ring(menu)
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    assert not sidebar.evaluate("e => e.inert")
    # The open drawer shows the routines, the page's own section, first.
    _, link = _tab_until(
        page, lambda f: f["name"] == "Ankomst och inskrivning på Båtsmansgården", limit=10
    )
    assert page.evaluate("document.activeElement.getBoundingClientRect().left") >= 0
    _assert_ring(link)


def test_a_wide_table_scrolls_by_keyboard_on_a_phone(
    urls: dict[str, str], open_page: Any
) -> None:
    page = open_page(urls["internal"] + "oversikt/overenskommelser/", PHONE)
    region = page.get_by_role(
        "region", name="Överenskommelser med parter, giltighetstid, uppsägningstid och status"
    )
    assert region.get_attribute("tabindex") == "0"
    region.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_timeout(200)
    assert region.evaluate("e => e.scrollLeft") > 0
    # On a desktop the same table fits and is no tab stop.
    page.set_viewport_size(DESKTOP)
    page.wait_for_timeout(400)
    assert page.locator(".md-typeset__scrollwrap[tabindex]").count() == 0


def test_the_colour_scheme_switch_works_by_keyboard(urls: dict[str, str], open_page: Any) -> None:
    page = open_page(urls["internal"] + "rutiner/att-fylla-18/")
    _tab_until(page, lambda f: f["name"] == "Byt till mörkt läge", limit=6)
    page.keyboard.press("Enter")
    page.wait_for_timeout(200)
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"


# -- the markup ------------------------------------------------------------------


def _html(sites: dict[str, Path], build: str, relative: str) -> str:
    return (sites[build] / relative).read_text(encoding="utf-8")


def test_every_page_is_swedish_and_links_the_statement(sites: dict[str, Path]) -> None:
    for build, folder in sites.items():
        pages = sorted(folder.rglob("*.html"))
        assert len(pages) > 10
        for path in pages:
            html = path.read_text(encoding="utf-8")
            where = f"{build}: {path.relative_to(folder)}"
            assert '<html lang="sv"' in html, where
            if path.parent.name == "admin":
                continue  # the browser editor is Decap's own application, not a page
            link = re.search(r'<div class="kb-statement-link"><a href="([^"]+)">', html)
            assert link is not None, where
            target = (path.parent / link.group(1)).resolve()
            if path.name == "404.html":
                continue  # served for every missing path: its links are root-relative
            assert target == (folder / "tillganglighet").resolve(), where
        assert (folder / "tillganglighet" / "index.html").is_file()


def test_banners_are_headed_notes_not_alerts(sites: dict[str, Path]) -> None:
    html = _html(sites, "internal", "rutiner/att-fylla-18/index.html")
    assert 'role="alert"' not in html
    assert (
        '<div class="admonition warning kb-banner kb-banner--overdue" role="note" '
        'aria-labelledby="kb-banner-overdue" data-pagefind-ignore data-kb-overdue-banner hidden>'
        '<h2 class="admonition-title" id="kb-banner-overdue">Granskningen är försenad</h2>'
    ) in html
    retired = _html(sites, "internal", "overenskommelser/mentorskap-foreningen/index.html")
    assert '<h2 class="admonition-title" id="kb-banner-retired">Upphörd</h2>' in retired


def test_contacts_are_a_list_with_labelled_links(sites: dict[str, Path]) -> None:
    html = _html(sites, "internal", "samverkansparter/lernia/index.html")
    contacts = html[html.index('<ul class="kb-contact-grid">') :]
    contacts = contacts[: contacts.index("</ul>")]
    assert contacts.count('<li class="kb-contact"') == 3
    assert (
        "<h3>Tobias Wennerberg</h3><p class=\"kb-contact__role\">Praktiksamordnare</p><dl>"
        '<div class="kb-contact__phone"><dt>Telefon</dt><dd><a href="tel:+46701740623" '
        'aria-label="Ring Tobias Wennerberg, 070-174 06 23">070-174 06 23</a></dd></div>'
        '<div class="kb-contact__email"><dt>E-post</dt><dd>'
        '<a href="mailto:tobias.wennerberg@lernia.example.org" aria-label="Skicka e-post till '
        'Tobias Wennerberg, tobias.wennerberg@lernia.example.org">'
        "tobias.wennerberg@lernia.example.org</a></dd></div></dl>"
    ) in contacts


def test_kbs_tables_have_captions_and_header_scopes(sites: dict[str, Path]) -> None:
    register = _html(sites, "internal", "oversikt/overenskommelser/index.html")
    assert (
        "<table>\n<caption>Överenskommelser med parter, giltighetstid, uppsägningstid och "
        'status</caption>\n<thead>\n<tr>\n<th scope="col">Överenskommelse</th>'
    ) in register
    assert (
        '<tr>\n<th scope="row"><a href="../../overenskommelser/praktik-lernia/">'
        "Överenskommelse om praktik med Lernia</a></th>"
    ) in register
    directory = _html(sites, "public", "oversikt/samverkansparter/index.html")
    caption = "Myndigheter: växelnummer, kontaktpersoner och senaste granskning"
    assert f"<caption>{caption}</caption>" in directory
    dashboard = _html(sites, "internal", "oversikt/granskning/index.html")
    assert "<caption>Att se över för Arbetsmarknadsenheten (rekryterare)</caption>" in dashboard
    assert '<th scope="col">När</th>' in dashboard
    assert '<th scope="row"' not in dashboard  # its first column is no row's name
    glossary = _html(sites, "internal", "ordlista/index.html")
    assert glossary.count("<caption>") == 1
    assert "<caption>Förkortningar och begrepp, med betydelse och förklaring</caption>" in glossary
    guide = _html(sites, "internal", "redaktorer/andra-i-kunskapsbanken/index.html")
    assert "<caption>" not in guide  # an editor's tables: scopes, but no invented captions
    assert guide.count('<th scope="col">') > 20
