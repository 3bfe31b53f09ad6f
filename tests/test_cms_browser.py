"""Editing in the browser, end to end: the internal build's ``/admin/`` in
Chromium, saving through decap-server (Decap's local backend, in git mode
with the editorial workflow) on loopback into a temporary git repository that
holds the sample bank. The admin page runs under its own
Content-Security-Policy, sent as a header too, and must not break it."""

from __future__ import annotations

import contextlib
import functools
import http.server
import io
import json
import os
import shutil
import socket
import subprocess
import tarfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

import pytest

from kb_tools.cms.csp import admin_csp, csp_text
from kb_tools.cms.settings import DECAP, JS_YAML
from kb_tools.config import load_config
from kb_tools.fields import slugify
from kb_tools.site.mkdocs.build import build_site
from tests.browser import PageWatch, requires_chromium
from tests.conftest import BankDir
from tests.npm_cache import npm_packages, sri

ROOT = Path(__file__).resolve().parents[1]
pytestmark = requires_chromium
TODAY = date(2026, 11, 23)


@dataclass
class Editor:
    url: str
    repo: Path

    def git(self, *args: str) -> str:
        result = subprocess.run(
            ["git", "-C", str(self.repo), *args], capture_output=True, text=True, check=True
        )
        return result.stdout


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for_port(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"decap-server stopped: {log.read_text(errors='replace')}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.1)
    pytest.fail("decap-server did not start within 20 seconds")


def _bank_repository(folder: Path, decap_port: int) -> Path:
    repo = folder / "kunskapsbanken"
    repo.mkdir()
    for name in ("docs", "overrides"):
        shutil.copytree(ROOT / name, repo / name)
    shutil.copy(ROOT / ".gitignore", repo / ".gitignore")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    cms = "        branch: main\n"
    assert cms in config
    # The test's own settings: the local backend, and the scripts from the
    # npm cache (with their integrity hashes, checked by the browser).
    config = config.replace(
        cms,
        cms
        + (
            f"        local_backend: http://127.0.0.1:{decap_port}/api/v1\n"
            "        script: /_npm/decap-cms/dist/decap-cms.js\n"
            f"        integrity: {DECAP.integrity}\n"
            "        yaml_script: /_npm/js-yaml/dist/js-yaml.min.js\n"
            f"        yaml_integrity: {JS_YAML.integrity}\n"
        ),
    )
    (repo / "mkdocs.yml").write_text(config, encoding="utf-8")
    for command in (
        ["init", "-q", "-b", "main"],
        ["config", "user.name", "Redaktionen"],
        ["config", "user.email", "kunskapsbanken@example.se"],
        ["add", "-A"],
        ["commit", "-q", "-m", "Kunskapsbanken"],
    ):
        subprocess.run(["git", "-C", str(repo), *command], check=True)
    return repo


def _handler(site: Path, npm: Path, policy: str) -> type[http.server.SimpleHTTPRequestHandler]:
    folders = {
        "/_npm/decap-cms/": npm / "decap-cms",
        "/_npm/js-yaml/": npm / "node_modules" / "js-yaml",
    }

    class Handler(http.server.SimpleHTTPRequestHandler):
        extensions_map: ClassVar[dict[str, str]] = {
            **http.server.SimpleHTTPRequestHandler.extensions_map,
            ".yml": "text/yaml",
            ".js": "text/javascript",
        }

        def translate_path(self, path: str) -> str:
            for prefix, folder in folders.items():
                if path.startswith(prefix):
                    return str(folder / path[len(prefix) :].split("?")[0])
            return super().translate_path(path)

        def end_headers(self) -> None:
            if self.path.startswith("/admin/"):
                self.send_header("Content-Security-Policy", policy)
            super().end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    return functools.partial(Handler, directory=str(site))  # type: ignore[return-value]


@pytest.fixture(scope="module")
def editor(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Editor]:
    npm = npm_packages()
    assert sri(npm / "decap-cms" / "dist" / "decap-cms.js") == DECAP.integrity
    assert sri(npm / "node_modules" / "js-yaml" / "dist" / "js-yaml.min.js") == JS_YAML.integrity
    folder = tmp_path_factory.mktemp("cms")
    decap_port = _free_port()
    repo = _bank_repository(folder, decap_port)
    config = load_config(repo / "mkdocs.yml")
    site = build_site(config, folder / "site", today=TODAY)
    log = folder / "decap-server.log"
    env = {
        **os.environ,
        "MODE": "git",
        "GIT_REPO_DIRECTORY": str(repo),
        "PORT": str(decap_port),
        "BIND_HOST": "127.0.0.1",
        "LOG_LEVEL": "warn",
    }
    with log.open("wb") as output:
        server_js = npm / "node_modules" / "decap-server" / "dist" / "index.js"
        process = subprocess.Popen(["node", str(server_js)], env=env, stdout=output, stderr=output)
    try:
        _wait_for_port(decap_port, process, log)
        assert config.kb.cms is not None
        policy = csp_text(admin_csp(config.kb.cms))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(site, npm, policy))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        yield Editor(f"http://127.0.0.1:{server.server_address[1]}/admin/", repo)
        server.shutdown()
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def page(browser: Any, editor: Editor) -> Iterator[Any]:
    watch = PageWatch(browser, viewport={"width": 1400, "height": 1000}, locale="sv-SE")
    page = watch.page
    page.goto(editor.url)
    page.get_by_role("button", name="Logga in").click()
    page.get_by_text("Samlingar").wait_for()
    yield page
    watch.close()
    problems = [f"page error: {error}" for error in watch.page_errors]
    problems += [m for m in watch.console if "Content Security Policy" in m]
    assert problems == []


def _wait_for_branch(editor: Editor, branch: str) -> None:
    deadline = time.monotonic() + 15
    while branch not in editor.git("branch", "--list", branch):
        if time.monotonic() > deadline:
            pytest.fail(f"no branch {branch}: {editor.git('branch', '-a')}")
        time.sleep(0.2)


def _findings(editor: Editor, branch: str, folder: Path) -> set[tuple[str, str, str]]:
    """``kb check`` on the tree of *branch*: (path, code, message) of each finding."""
    archive = subprocess.run(
        ["git", "-C", str(editor.repo), "archive", branch], capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    result = BankDir(folder).kb("check", "--format", "json", "--today", TODAY.isoformat())
    return {(f["path"], f["code"], f["message"]) for f in json.loads(result.output)["findings"]}


def test_a_routine_made_in_the_form_passes_kb_check(
    page: Any, editor: Editor, tmp_path: Path
) -> None:
    title = "Åtgärder vid avvikelse – rutin för tolkbokning"
    page.goto(editor.url + "#/collections/rutiner/new")
    page.get_by_label("Rubrik").fill(title)
    page.locator("[id^=owner-field]").fill("Samordnare etablering")
    page.keyboard.press("Enter")
    page.locator("[id^=reviewed-field]").fill("2026-11-20")
    page.locator("[contenteditable=true]").last.click()
    page.keyboard.type("## Så här gör vi\n\n1. Boka tolk minst två dagar före mötet.\n")
    preview = page.frame_locator("iframe").first
    panel = preview.locator("dl.kb-meta")
    assert panel.locator("dt").all_inner_texts() == [
        "Typ",
        "Ägare",
        "Senast granskad",
        "Nästa granskning",
        "Status",
    ]
    assert panel.locator("dd").all_inner_texts() == [
        "Rutin",
        "Samordnare etablering",
        "20 november 2026",
        "20 november 2027",
        "Gällande",
    ]
    assert preview.locator("h2").first.inner_text() == "Så här gör vi"

    page.get_by_role("button", name="Spara").click()
    page.get_by_text("Inlägg sparat").wait_for()
    slug = slugify(title)
    branch = f"cms/rutiner/{slug}"
    _wait_for_branch(editor, branch)
    path = f"docs/rutiner/{slug}.md"
    assert editor.git("show", f"{branch}:{path}") == (
        "---\n"
        f"title: {title}\n"
        "owner: samordnare-etablering\n"
        "reviewed: 2026-11-20\n"
        "---\n"
        "## Så här gör vi\n\n1. Boka tolk minst två dagar före mötet.\n"
    )
    main = _findings(editor, "main", tmp_path / "main")
    changed = _findings(editor, branch, tmp_path / "branch")
    assert changed - main == set()
    assert editor.git("diff", "--name-status", "main", branch) == f"A\t{path}\n"

    # Review: "Under granskning" marks the merge request ready for the owner.
    page.get_by_role("button", name="Status: Utkast").click()
    page.get_by_role("menuitem", name="Under granskning").click()
    page.get_by_text("Inläggsstatus uppdaterad").wait_for()
    description = editor.git("config", f"branch.{branch}.description").strip()
    assert description == "decap-cms/pending_review"


def test_editing_one_contact_changes_only_its_lines(page: Any, editor: Editor) -> None:
    page.goto(editor.url + "#/collections/samverkansparter/entries/lernia")
    item = page.get_by_text("Huda Jaber – Jobbcoach, unga vuxna")
    item.locator("xpath=..").locator("button").first.click()  # open the card
    phone = page.locator("[id^=phone-field]")
    number = next(i for i in range(phone.count()) if phone.nth(i).input_value() == "070-174 06 24")
    phone.nth(number).fill("070-174 06 98")

    preview = page.frame_locator("iframe").first
    cards = preview.locator("article.kb-contact")
    assert cards.count() == 3
    huda = cards.nth(1)
    assert huda.locator("h3").inner_text() == "Huda Jaber"
    assert huda.locator(".kb-contact__role").inner_text() == "Jobbcoach, unga vuxna"
    assert huda.locator(".kb-contact__phone a").get_attribute("href") == "tel:0701740698"
    assert preview.locator("section.kb-organisation dt").all_inner_texts() == [
        "Växel",
        "E-post",
        "Webbplats",
        "Adress",
    ]

    page.get_by_role("button", name="Spara").click()
    page.get_by_text("Inlägg sparat").wait_for()
    branch = "cms/samverkansparter/lernia"
    _wait_for_branch(editor, branch)
    diff = editor.git("diff", "--unified=0", "main", branch).splitlines()
    changes = [line for line in diff if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert changes == ["-    phone: 070-174 06 24", "+    phone: 070-174 06 98"]


def test_previews_of_an_agreement_and_the_glossary(page: Any, editor: Editor) -> None:
    page.goto(editor.url + "#/collections/overenskommelser/entries/praktik-lernia")
    preview = page.frame_locator("iframe").first
    panel = preview.locator("dl.kb-meta")
    panel.wait_for()
    rows = dict(
        zip(
            panel.locator("dt").all_inner_texts(),
            panel.locator("dd").all_inner_texts(),
            strict=True,
        )
    )
    assert rows == {
        "Typ": "Överenskommelse",
        "Ägare": "Arbetsmarknadsenheten (rekryterare)",
        "Senast granskad": "20 augusti 2026",
        "Nästa granskning": "20 augusti 2027",
        "Status": "Gällande",
        "Giltig från": "1 februari 2025",
        "Giltig till": "31 januari 2027",
        "Uppsägningstid": "3 månader",
    }
    titles = preview.locator("h1:visible").all_inner_texts()
    assert titles == ["Överenskommelse om praktik med Lernia"]
    page.get_by_text("Redigerar i samlingen Överenskommelser").click()  # back, as an editor
    page.get_by_role("link", name="Ordlista").first.click()
    page.locator("a[href$='/collections/ordlista/entries/ordlista']").click()
    terms = preview.locator("table tbody tr")
    terms.first.wait_for()
    first = terms.first.locator("td").all_inner_texts()
    assert first == [
        "ABO",
        "anläggningsboende",
        "Boende som Migrationsverket ordnar för asylsökande som inte ordnar bostad själva.",
    ]
