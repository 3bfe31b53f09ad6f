"""Many banks searched as one, in Chromium: the sample bank's public site
searches a second bank served on another loopback port, each behind nginx as
`kb deploy nginx` configures it (the searching site's Content-Security-Policy
names the other banks; the searched one answers CORS with --allow-origin).

The sample bank (Strandvik) lists five banks: Ekby (a small bank built here,
which allows Strandvik to read its index), Ekby again at an address that
sends no CORS header, an address nothing listens on (in one test it takes
the connection and never answers), and a hostile index written by hand to
put markup and script URLs into the results.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from kb_tools.config import load_config
from kb_tools.model import PUBLIC
from kb_tools.site import pagefind
from kb_tools.site.manifest import write_manifest
from kb_tools.site.mkdocs.build import build_site

from .browser import PageWatch, requires_chromium, wait_for_results
from .conftest import BankDir
from .nginx_server import free_port, requires_nginx, serve_site

if TYPE_CHECKING:
    from playwright.sync_api import Browser

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

ROOT = Path(__file__).resolve().parents[1]
TODAY = date(2026, 11, 23)
pytestmark = [requires_nginx, requires_chromium]
STRANDVIK = "Kunskapsbanken – Strandviks kommun"
EKBY = "Kunskapsbanken – Ekby kommun"
NO_CORS = "Ekby utan CORS"
GONE = "Nedlagda banken"
SILENT = "Tysta banken"
HOSTILE = "Fientliga banken"
EKBY_FILES = {
    "mkdocs.yml": """\
        site_name: Kunskapsbanken – Ekby kommun
        theme:
          name: material
          language: sv
        plugins:
          - kb:
              owners:
                socialchef: {name: Socialchef, email: socialchef@example.se}
              default_visibility: public
        """,
    "docs/index.md": """\
        ---
        title: Kunskapsbanken i Ekby
        ---
        # Kunskapsbanken i Ekby

        Rutiner för socialtjänsten i Ekby kommun.
        """,
    "docs/rutiner/fardtjanst.md": """\
        ---
        title: Färdtjänst för ensamkommande
        owner: socialchef
        reviewed: 2026-10-01
        ---
        # Färdtjänst för ensamkommande

        Så ansöker en ungdom om färdtjänstkort hos Ekbyresor. Handläggaren fyller i
        blanketten tillsammans med ungdomen och skickar den till kollektivtrafiken.
        """,
    "docs/rutiner/samrad.md": """\
        ---
        title: Samråd med Migrationsverket i Ekby
        owner: socialchef
        reviewed: 2026-10-01
        ---
        # Samråd med Migrationsverket i Ekby

        När Migrationsverket kallar till samråd bokar handläggaren tolk och tar med
        ungdomens gode man.
        """,
}
# Markup where Pagefind's interface writes HTML, a script URL where it writes
# links, and a forged bank label: all of it must reach the reader as text.
HOSTILE_PAGE = """\
<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>Fientlig</title></head><body>
<main data-pagefind-body>
<h1 data-pagefind-meta="url:javascript:window.kbInjected='meta-url'">Fientlig sida</h1>
<span data-pagefind-meta="kunskapsbank:Kunskapsbanken – Strandviks kommun"></span>
<span data-pagefind-filter="&lt;img src=x onerror=window.kbInjected='filter-name'&gt;"
>&lt;img src=x onerror=window.kbInjected='filter-value'&gt;</span>
<p>Ett ord som bara finns här: spökbanken.</p>
<h2 id="mer">Mer</h2>
<p>Spökbanken igen, under en rubrik.</p>
</main></body></html>
"""


@dataclass
class Banks:
    strandvik: str
    ekby: str
    silent: str


def _strandvik(root: Path, partners: list[tuple[str, str]]) -> Path:
    """The sample bank, copied, with a federation of *partners* (name, URL)."""
    for folder in ("docs", "overrides"):
        shutil.copytree(ROOT / folder, root / folder)
    entries = "".join(f"        - name: {name}\n          url: {url}\n" for name, url in partners)
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("  - kb:\n", "  - kb:\n      federation:\n" + entries, 1)
    (root / "mkdocs.yml").write_text(text, encoding="utf-8")
    return root / "mkdocs.yml"


def _hostile_site(root: Path) -> Path:
    for relative in ("index.html", "fientlig/index.html"):
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(HOSTILE_PAGE, encoding="utf-8")
    pagefind.index_site(root)
    write_manifest(root, PUBLIC, "test")
    return root


@pytest.fixture(scope="module")
def banks(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Banks]:
    if not pagefind.available():
        pytest.skip("Pagefind is not installed")
    work = tmp_path_factory.mktemp("federation")
    ekby = BankDir(work / "ekby")
    for name, content in EKBY_FILES.items():
        ekby.write(name, content)
    ekby_site = build_site(
        load_config(ekby.root / "mkdocs.yml"), work / "ekby-site", public=True, today=TODAY
    )
    hostile_site = _hostile_site(work / "hostile-site")
    port = free_port()
    strandvik_origin = f"http://127.0.0.1:{port}"
    with contextlib.ExitStack() as stack:
        ekby_served = stack.enter_context(
            serve_site(ekby_site, public=True, allow_origins=[strandvik_origin])
        )
        no_cors = stack.enter_context(serve_site(ekby_site, public=True))
        hostile = stack.enter_context(
            serve_site(hostile_site, public=True, allow_origins=[strandvik_origin])
        )
        partners = [
            (EKBY, ekby_served.base_url),
            (NO_CORS, no_cors.base_url),
            (GONE, f"http://127.0.0.1:{free_port()}/"),
            (SILENT, f"http://127.0.0.1:{free_port()}/"),
            (HOSTILE, hostile.base_url),
        ]
        config = load_config(_strandvik(work / "strandvik", partners))
        site = build_site(config, work / "strandvik-site", public=True, today=TODAY)
        strandvik = stack.enter_context(serve_site(site, public=True, port=port))
        assert "connect-src 'self' http://127.0.0.1:" in strandvik.csp
        yield Banks(strandvik.base_url, ekby_served.base_url, partners[3][1])


class Reader(PageWatch):
    """The search page in Chromium, with what its console said, what it threw
    and what the policy blocked."""

    def __init__(self, browser: Browser) -> None:
        super().__init__(browser, viewport={"width": 1280, "height": 900})

    def search(self, url: str) -> None:
        self.page.goto(url)
        wait_for_results(self.page, timeout=20_000)

    def results(self) -> list[tuple[str, str, list[str]]]:
        """(title, link, tags) of each result shown."""
        shown = []
        for result in self.page.locator(".pagefind-ui__result").all():
            link = result.locator(".pagefind-ui__result-link").first
            tags = result.locator(".pagefind-ui__result-tag").all_inner_texts()
            shown.append((link.inner_text(), link.get_attribute("href") or "", tags))
        return shown

    def filter_values(self) -> list[str]:
        """Every filter checkbox's label, also of filters folded away."""
        labels = self.page.locator(".pagefind-ui__filter-label").all_text_contents()
        return [label.strip() for label in labels]


@pytest.fixture
def reader(browser: Browser) -> Iterator[Reader]:
    reader = Reader(browser)
    yield reader
    reader.close()


def test_a_word_only_the_other_bank_has(reader: Reader, banks: Banks) -> None:
    reader.search(banks.strandvik + "sok/?q=ekbyresor")
    assert reader.results() == [
        (
            "Färdtjänst för ensamkommande",
            banks.ekby + "rutiner/fardtjanst/",
            [f"Kunskapsbank: {EKBY}"],
        )
    ]
    assert reader.page_errors == [] and reader.violations() == []


def test_a_word_both_banks_have_and_the_filter_per_bank(reader: Reader, banks: Banks) -> None:
    reader.search(banks.strandvik + "sok/?q=migrationsverket")
    results = reader.results()
    assert {tags[0] for _, _, tags in results} == {
        f"Kunskapsbank: {STRANDVIK}",
        f"Kunskapsbank: {EKBY}",
    }
    ekby = [r for r in results if r[2] == [f"Kunskapsbank: {EKBY}"]]
    assert [(title, link) for title, link, _ in ekby] == [
        ("Samråd med Migrationsverket i Ekby", banks.ekby + "rutiner/samrad/")
    ]
    own = [link for _, link, tags in results if tags == [f"Kunskapsbank: {STRANDVIK}"]]
    assert "/samverkansparter/migrationsverket/" in own
    # One checkbox per bank that answered, with its number of hits.
    labels = reader.filter_values()
    assert f"{EKBY} (1)" in labels
    assert any(label.startswith(f"{STRANDVIK} (") for label in labels)
    assert not any(name in label for label in labels for name in (NO_CORS, GONE, SILENT))

    reader.page.locator(".pagefind-ui__filter-label", has_text=EKBY).click()
    expect(reader.page.locator(".pagefind-ui__result")).to_have_count(1)
    assert [tags for _, _, tags in reader.results()] == [[f"Kunskapsbank: {EKBY}"]]

    reader.page.locator(".pagefind-ui__filter-label", has_text=EKBY).click()
    reader.page.locator(".pagefind-ui__filter-label", has_text=STRANDVIK).click()
    expect(reader.page.locator(".pagefind-ui__result-tag", has_text=EKBY)).to_have_count(0)
    narrowed = reader.results()
    assert narrowed and all(tags == [f"Kunskapsbank: {STRANDVIK}"] for _, _, tags in narrowed)
    assert reader.page_errors == [] and reader.violations() == []


def test_banks_that_cannot_be_read_are_left_out(reader: Reader, banks: Banks) -> None:
    # This time the silent bank takes the request and never answers it.
    reader.context.route(banks.silent + "**", lambda route: None)
    reader.search(banks.strandvik + "sok/?q=arbetsförmedlingen")
    own = ("/samverkansparter/arbetsformedlingen/", [f"Kunskapsbank: {STRANDVIK}"])
    assert ("Arbetsförmedlingen", *own) in reader.results()
    assert reader.page_errors == [] and reader.violations() == []
    warnings = sorted(m for m in reader.console if m.startswith("warning: kb:"))
    assert len(warnings) == 3
    assert warnings[0].startswith(f"warning: kb: {NO_CORS} is not searched: http://127.0.0.1:")
    assert warnings[1].startswith(f"warning: kb: {GONE} is not searched: http://127.0.0.1:")
    assert warnings[2].startswith(f"warning: kb: {SILENT} is not searched: http://127.0.0.1:")
    assert warnings[2].endswith("/pagefind/ cannot be read (no answer within 3 s).")


def test_another_bank_s_index_is_text_and_links_stay_on_its_site(
    reader: Reader, banks: Banks
) -> None:
    reader.search(banks.strandvik + "sok/?q=spökbanken")
    results = reader.results()
    assert results
    for title, link, tags in results:
        assert title == "Fientlig sida"
        assert link.startswith("http://127.0.0.1:") and "javascript" not in link
        assert tags == [f"Kunskapsbank: {HOSTILE}"]
    search = reader.page.locator("#kb-search")
    sub_links = search.locator(".pagefind-ui__result-nested a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert sub_links and not any("javascript" in link for link in sub_links)
    # The hostile filter's name and value are shown as text (Pagefind keeps a
    # name as written in the attribute, entities and all), and make no element.
    assert search.locator("img").count() == 0
    assert "<img src=x onerror=window.kbInjected='filter-value'> (2)" in reader.filter_values()
    names = search.locator(".pagefind-ui__filter-name").all_text_contents()
    assert "&lt;img src=x onerror=window.kbInjected='filter-name'&gt;" in names
    assert reader.page.evaluate("typeof window.kbInjected") == "undefined"
    assert reader.page_errors == []
