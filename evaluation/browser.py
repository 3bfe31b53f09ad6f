"""Browser search engines for the evaluation, driven in Debian's Chromium.

- "browser search (Pagefind + kb terms)": the site `kb build` writes.
- "Material default search": the same pages built with plain Material.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, sync_playwright

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
BIN = Path(sys.executable).parent
TODAY = "2026-11-23"


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


def build_sites(root: Path, out: Path) -> dict[str, Path]:
    out.mkdir(parents=True, exist_ok=True)
    kb_site = out / "site-kb"
    subprocess.run(
        [str(BIN / "kb"), "build", "-q", "--today", TODAY, "-d", str(kb_site)], cwd=root, check=True
    )
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    text = re.sub(r"\n  - kb:\n(?:      .*\n|\n)*", "\n", text)
    text = text.replace("  custom_dir: overrides\n", "")
    plain_config = root / ".mkdocs-plain.yml"
    plain_config.write_text(text, encoding="utf-8")
    plain_site = out / "site-plain"
    try:
        subprocess.run(
            [str(BIN / "mkdocs"), "build", "-q", "-f", str(plain_config), "-d", str(plain_site)],
            cwd=root,
            check=True,
            env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
        )
    finally:
        plain_config.unlink()
    return {"kb": kb_site, "plain": plain_site}


def url_ids(site: Path) -> dict[str, str]:
    pages = json.loads((site / "pages.json").read_text(encoding="utf-8"))["pages"]
    return {page["url"]: page["id"] for page in pages}


def _path_of(url: str, base: str) -> str:
    path = url.split("#", 1)[0].split("?", 1)[0].replace(base, "").lstrip("/")
    return path if path.endswith("/") or not path else path + ("" if "." in path else "/")


# Pagefind's options as the site's search page sets them (kb.js).
PAGEFIND_OPTIONS = {"noWorker": True}


def pagefind_engine(page: Page, base: str, ids: dict[str, str]) -> Callable[[str], list[str]]:
    page.goto(base)
    script = """async ([query, options]) => {
        const pagefind = await import(new URL("pagefind/pagefind.js", document.baseURI).href);
        await pagefind.options(options);
        const found = await pagefind.search(query);
        const data = await Promise.all(found.results.slice(0, 10).map(r => r.data()));
        return data.map(d => d.url);
    }"""

    def run(query: str) -> list[str]:
        urls = page.evaluate(script, [query, PAGEFIND_OPTIONS])
        return [ids.get(_path_of(u, base), u) for u in urls]

    return run


def material_engine(page: Page, base: str, ids: dict[str, str]) -> Callable[[str], list[str]]:
    with page.expect_response("**/search/search_index.json"):
        page.goto(base)
    search = page.locator(".md-search__input")

    def run(query: str) -> list[str]:
        search.click()
        search.fill("")
        search.press_sequentially(query, delay=20)
        page.wait_for_function(
            "q => { const m = document.querySelector('.md-search-result__meta');"
            " return m && /sökresultat/.test(m.textContent) &&"
            " document.querySelector('.md-search__input').value === q; }",
            arg=query,
        )
        page.wait_for_timeout(150)
        hrefs = page.eval_on_selector_all(
            ".md-search-result__list > .md-search-result__item > a",
            "links => links.map(a => a.href)",
        )
        found = [ids.get(_path_of(h, base), h) for h in hrefs]
        return list(dict.fromkeys(found))[:10]

    return run


def first_query_payload(page: Page, base: str, kind: str, query: str) -> int:
    """Bytes downloaded for the search when the first query is typed."""
    sizes: list[int] = []

    def count(response: Any) -> None:
        url = response.url
        if ("/pagefind/" in url) or ("search_index" in url) or ("/workers/search" in url):
            # A redirect or an aborted response has no body.
            with contextlib.suppress(Exception):
                sizes.append(len(response.body()))

    page.on("response", count)
    if kind == "kb":
        pagefind_engine(page, base, {})(query)
    else:
        material_engine(page, base, {})(query)
    page.remove_listener("response", count)
    return sum(sizes)


def browser_engines(
    root: Path, queries: Sequence[Any]
) -> Iterator[tuple[str, Callable[[str], list[str]]]]:
    sites = build_sites(root, root / "evaluation" / "out")
    ids = url_ids(sites["kb"])
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for name, key, factory in (
            ("browser search (Pagefind + kb terms)", "kb", pagefind_engine),
            ("Material default search", "plain", material_engine),
        ):
            with serve(sites[key]) as base:
                page = browser.new_page()
                payload = first_query_payload(browser.new_page(), base, key, "läkemedel")
                print(f"{name}: first query downloads {payload / 1024:.0f} KB", flush=True)
                yield f"{name}", factory(page, base, ids)
                page.close()
        browser.close()
