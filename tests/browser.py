"""Chromium for the browser tests, set up once: Debian's Chromium (never a
downloaded browser) driven by Playwright, a static server for a built site,
and a watch on what a page reports.

The ``browser`` fixture in ``tests/conftest.py`` launches :data:`CHROMIUM`
with :data:`ARGS`; a test module marks itself :data:`requires_chromium` and
serves its site with :func:`serve_static` (or ``nginx_server.serve_site``,
under the site's Content-Security-Policy). :class:`PageWatch` opens a page
and records its console, its uncaught errors and every policy violation, so
each test states which of them must stay empty.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
requires_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="Debian's chromium is not installed (sudo apt-get install chromium)"
)


@contextlib.contextmanager
def launched() -> Iterator[Browser]:
    """Chromium, closed when the block ends; the test is skipped without it."""
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed (sudo apt-get install chromium)")
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serve_static(folder: Path) -> Iterator[str]:
    """*folder* served on a free loopback port, as a plain static server does
    (no headers of its own): yields the base URL, ending in ``/``."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


# Pagefind shows placeholder results until each result's data has loaded.
RESULTS_LOADED = (
    "document.querySelector('.pagefind-ui__result-link') "
    "&& !document.querySelector('.pagefind-ui__loading')"
)


def wait_for_results(page: Any, timeout: float = 15_000) -> None:
    """Wait until Pagefind's results have loaded, as :data:`RESULTS_LOADED`
    does, with locators instead of a script: the page may run under a policy
    that forbids evaluating strings."""
    page.locator(".pagefind-ui__result-link").first.wait_for(timeout=timeout)
    page.locator(".pagefind-ui__loading").first.wait_for(state="detached", timeout=timeout)


# Runs before any script of the page: the violations the browser reports to
# the page itself (the console words them differently in every version).
_RECORD_VIOLATIONS = """
window.__kbViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__kbViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


class PageWatch:
    """A page in a fresh browser context, and what it reported: console
    messages (``"type: text"``), uncaught errors, and Content-Security-Policy
    violations. *context_options* go to ``Browser.new_context``."""

    def __init__(self, browser: Browser, **context_options: Any) -> None:
        self.context = browser.new_context(**context_options)
        self.context.add_init_script(_RECORD_VIOLATIONS)
        self.page = self.context.new_page()
        self.console: list[str] = []
        self.page_errors: list[str] = []
        self.page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.page_errors.append(str(e)))

    def violations(self) -> list[str]:
        """``"directive blocked-URI"`` of each violation on the current page."""
        return list(self.page.evaluate("window.__kbViolations"))

    def errors(self) -> list[str]:
        """Uncaught errors, and console messages above info (warnings, errors)."""
        said = [m for m in self.console if not m.startswith(("log:", "info:", "debug:"))]
        return said + [f"pageerror: {error}" for error in self.page_errors]

    def close(self) -> None:
        self.context.close()
