"""The untrusted-content battery: hostile values in every field that reaches a
page, both sites built, every page opened in Chromium, nothing may run.

A copy of the sample bank (``tests/untrusted.py``) carries ``<script>``,
attribute-breaking ``"><img onerror>`` and ``javascript:`` payloads in titles,
summaries, owner names and the site name in ``mkdocs.yml``, partner and
contact fields, agreement parties, tags, glossary entries and the body. Each
page is checked three ways: no payload called ``window.__kbRan`` (defined
before any page script), no dialog opened, and nothing is left that would run
later — no event-handler attribute, no link, form or frame with a scheme
other than http(s), mailto and tel, no ``<base>``.

``served`` yields the base URL of each built site, twice: from a plain
static server (the escaping alone must hold) and from nginx with the
configuration ``kb deploy nginx`` writes, under its Content-Security-Policy
(defence in depth: the same pages and payloads, and the pages must still
work there).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from kb_tools.config import load_config
from kb_tools.site.mkdocs.build import build_site

from .browser import PageWatch, requires_chromium, serve_static, wait_for_results
from .nginx_server import NGINX, serve_site
from .untrusted import MARKER, hostile, write_hostile_bank

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Dialog, Page

pytestmark = requires_chromium
AUDIENCES = ("internal", "public")

# Pages that must show the hostile values (site-relative, per audience); every
# other built page is opened too, since the navigation carries the titles.
PAGES = {
    "internal": [
        "rutiner/att-fylla-18/",
        "samverkansparter/lernia/",
        "overenskommelser/praktik-lernia/",
        "ordlista/",
        "oversikt/samverkansparter/",
        "oversikt/overenskommelser/",
        "oversikt/granskning/",
        "oversikt/taggar/",
        "",
    ],
    "public": [
        "rutiner/att-fylla-18/",
        "samverkansparter/lernia/",
        "overenskommelser/praktik-lernia/",
        "ordlista/",
        "oversikt/samverkansparter/",
        "oversikt/overenskommelser/",
        "oversikt/taggar/",
        "",
    ],
}
# Search-page queries that find the hostile pages: results render their
# titles and excerpts.
SEARCHES = [f"sok/?q={MARKER}", "sok/?q=fylla", "sok/?q=lernia"]



# Runs before any script of the page: records calls and dialogs.
RECORDER = """
window.__kbRuns = [];
window.__kbRan = function (where) { window.__kbRuns.push(String(where)); };
"""

# What would run later: handlers, dangerous URLs, frames, a moved base URL.
LATENT = """
() => {
  const found = [];
  const safe = new Set(["http:", "https:", "mailto:", "tel:"]);
  if (document.baseURI !== location.href.split("#")[0]) found.push("base " + document.baseURI);
  for (const element of document.querySelectorAll("*")) {
    const tag = element.tagName.toLowerCase();
    if (["iframe", "frame", "object", "embed"].includes(tag)) found.push("element " + tag);
    for (const attribute of element.attributes) {
      const name = attribute.name.toLowerCase();
      if (name.startsWith("on")) found.push(tag + " " + name);
      if (["href", "src", "action", "formaction", "xlink:href", "data", "poster",
           "srcdoc"].includes(name)) {
        // Pagefind's own search form, not the bank's content.
        if (attribute.value === "javascript:void(0);" && element.closest(".pagefind-ui")) continue;
        let protocol;
        try { protocol = new URL(attribute.value, document.baseURI).protocol; }
        catch (error) { continue; }
        if (!safe.has(protocol)) found.push(tag + " " + name + "=" + attribute.value);
      }
    }
    // A JSON data block is not run (the editor's page embeds its settings so).
    const data = tag === "script" && element.type.toLowerCase() === "application/json";
    if (tag === "script" && !data && element.textContent.includes("__kbRan")) {
      found.push("inline script");
    }
  }
  return found;
}
"""


@pytest.fixture(scope="module")
def hostile_sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("hostile")
    config = load_config(write_hostile_bank(root / "bank"))
    today = date(2026, 11, 23)
    return {
        "internal": build_site(config, root / "internal", today=today),
        "public": build_site(config, root / "public", public=True, today=today),
    }


@pytest.fixture(scope="module", params=["static", "nginx-csp"])
def served(
    request: pytest.FixtureRequest, hostile_sites: dict[str, Path]
) -> Iterator[dict[str, str]]:
    """``{audience: base URL}`` of the built sites, on loopback: from a plain
    static server, then from nginx under the generated CSP."""
    if request.param == "nginx-csp" and NGINX is None:
        pytest.skip("nginx is not installed (scripts/test.sh installs it as root)")
    with contextlib.ExitStack() as stack:
        if request.param == "nginx-csp":
            yield {
                audience: stack.enter_context(
                    serve_site(folder, public=audience == "public", auth="none")
                ).base_url
                for audience, folder in hostile_sites.items()
            }
        else:
            yield {
                audience: stack.enter_context(serve_static(folder))
                for audience, folder in hostile_sites.items()
            }


def _all_pages(site: Path) -> list[str]:
    pages = []
    for html in sorted(site.rglob("index.html")):
        relative = html.parent.relative_to(site).as_posix()
        pages.append("" if relative == "." else relative + "/")
    return pages


class Visit(PageWatch):
    """One browser tab that records what ran on each page it opens."""

    def __init__(self, browser: Browser) -> None:
        super().__init__(browser)
        self.context.add_init_script(RECORDER)
        # Nothing leaves the machine: payloads point at example.org.
        self.context.route(
            "**/*",
            lambda route: route.continue_()
            if route.request.url.startswith("http://127.0.0.1")
            else route.abort(),
        )
        self.dialogs: list[str] = []
        self.page.on("dialog", self._dialog)

    def _dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(f"dialog {dialog.message!r}")
        dialog.dismiss()

    def problems(self, url: str, wait_for: Callable[[Page], Any] | None = None) -> list[str]:
        self.dialogs.clear()
        self.console.clear()
        self.page.goto(url, wait_until="load")
        if wait_for is not None:
            wait_for(self.page)
        ran = self.page.evaluate("window.__kbRuns")
        latent = self.page.evaluate(LATENT)
        said = [f"console {m!r}" for m in self.console if "kbRan" in m]
        return (
            [f"ran: {r}" for r in ran] + self.dialogs + said + [f"would run: {x}" for x in latent]
        )


@pytest.mark.parametrize("audience", AUDIENCES)
def test_no_payload_runs_on_any_page(
    audience: str, browser: Browser, served: dict[str, str], hostile_sites: dict[str, Path]
) -> None:
    site = hostile_sites[audience]
    pages = _all_pages(site)
    assert set(PAGES[audience]) <= set(pages)  # the pages that show the values were built
    visit = Visit(browser)
    try:
        found = {}
        for page in pages:
            problems = visit.problems(served[audience] + page)
            if problems:
                found[page] = problems
    finally:
        visit.close()
    assert found == {}


# (page, field, prefix): the value must be on the page as the editor wrote it.
SHOWN = [
    ("rutiner/att-fylla-18/", "routine title", "Att fylla 18"),
    ("oversikt/taggar/", "tag", ""),
    ("oversikt/granskning/", "owner name", "Enhetschef"),
    ("oversikt/granskning/", "contact name", "Tobias"),
    ("samverkansparter/lernia/", "contact role", "Samordnare"),
    ("samverkansparter/lernia/", "partner address", "Industrigatan 21"),
    ("ordlista/", "glossary description", "förklaring"),
]


def test_hostile_values_are_shown_as_text(browser: Browser, served: dict[str, str]) -> None:
    """Escaped, not dropped: the reader sees what the editor wrote."""
    visit = Visit(browser)
    try:
        for page, where, prefix in SHOWN:
            visit.page.goto(served["internal"] + page)
            assert hostile(where, prefix) in visit.page.inner_text("body"), where
        visit.page.goto(served["internal"] + "rutiner/att-fylla-18/")
        assert visit.page.title().startswith(hostile("routine title", "Att fylla 18") + " - ")
    finally:
        visit.close()


@pytest.mark.parametrize("query", SEARCHES)
def test_no_payload_runs_in_search_results(
    query: str, browser: Browser, served: dict[str, str]
) -> None:
    visit = Visit(browser)
    try:
        for audience in AUDIENCES:
            problems = visit.problems(
                served[audience] + query, wait_for=wait_for_results
            )
            assert problems == [], f"{audience} {query}"
    finally:
        visit.close()
