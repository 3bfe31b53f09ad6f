"""Browser search engines for the evaluation, driven in Debian's Chromium.

- "browser search (Pagefind + kb terms)": the site `kb build` writes.
- "Material default search": the same pages built with plain Material.

The sites are served as ``kb deploy nginx`` serves them, text compressed
with gzip (GitLab and GitHub Pages compress it too), so the bytes a first
query downloads are counted as they travel: Pagefind's script and Material's
search index are text, Pagefind's index chunks are compressed already.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import json
import mimetypes
import os
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
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from kb_tools.deploy.mime import GZIP_TYPES  # noqa: E402

# nginx's level in kb deploy nginx (gzip_comp_level 5).
GZIP_LEVEL = 5
# What each server of serve() sent, by its address: (path, bytes of the body).
SENT: dict[str, list[tuple[str, int]]] = {}


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve *directory* on a free loopback port, text gzipped as nginx does."""

    sent: list[tuple[str, int]] = []

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def send_head(self) -> Any:
            path = self.translate_path(self.path)
            if os.path.isdir(path):
                path = os.path.join(path, "index.html")
            kind = mimetypes.guess_type(path)[0] or ""
            accepts = "gzip" in self.headers.get("Accept-Encoding", "")
            if not (accepts and kind.startswith(("text/html", *GZIP_TYPES))):
                head = super().send_head()
                if head is not None:
                    sent.append((self.path, os.fstat(head.fileno()).st_size))
                return head
            if not os.path.isfile(path):
                return super().send_head()
            with open(path, "rb") as handle:
                body = gzip.compress(handle.read(), compresslevel=GZIP_LEVEL, mtime=0)
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            sent.append((self.path, len(body)))
            return io.BytesIO(body)

    handler = functools.partial(Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    SENT[base] = sent
    try:
        yield base
    finally:
        server.shutdown()
        del SENT[base]


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
    """Bytes the server at *base* (:func:`serve`) sent for the search when
    the first query is typed: as they travel, compressed where it compresses."""
    sent = SENT[base]
    sent.clear()
    if kind == "kb":
        pagefind_engine(page, base, {})(query)
    else:
        material_engine(page, base, {})(query)
    return sum(
        size
        for path, size in list(sent)
        if "/pagefind/" in path or "search_index" in path or "/workers/search" in path
    )


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
