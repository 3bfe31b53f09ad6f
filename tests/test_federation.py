"""Many banks searched as one: the ``federation`` setting, the search page it
writes in public builds only, and what ``kb deploy nginx`` makes of it (the
Content-Security-Policy of the searching site, CORS on the searched one).

The search across two banks in Chromium is in test_federation_browser.py.
"""

from __future__ import annotations

import html
import json
import subprocess
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from kb_tools import load_bank
from kb_tools.cli import cli
from kb_tools.config import ConfigError, load_config
from kb_tools.config.federation import ATTRIBUTE, FederatedBank, SearchFederation, site_url
from kb_tools.deploy import NginxSettings, ThemeScripts, nginx_config
from kb_tools.deploy.federation import federated_search
from kb_tools.model.audience import PUBLIC, Audience
from kb_tools.site.generated import search_page
from kb_tools.site.manifest import write_manifest
from kb_tools.site.mkdocs.build import build_site

from .conftest import MKDOCS_YML, BankDir
from .golden import compare
from .nginx_server import NGINX, get, requires_nginx, serve_site

TODAY = date(2026, 11, 23)
EKBY = "https://kunskapsbanken.ekby.example.se/"
FEDERATION = """\
      federation:
        - name: Kunskapsbanken – Ekby kommun
          url: https://Kunskapsbanken.EKBY.example.se
        - name: Trelleborgsmodellen <Norrby & Söderby>
          url: https://www.norrby.example.se:8443/socialtjanst/kunskapsbank/
          bundle: sok/pagefind
          weight: 0.5
"""
ROUTINE = """\
---
title: Ankomst
owner: samordnare
reviewed: 2026-09-01
visibility: public
---
# Ankomst

Så tar vi emot en ungdom som kommer till boendet.
"""


def _with_kb_options(options: str, head: str = "") -> str:
    """The test bank's mkdocs.yml with more site settings and kb options."""
    text = MKDOCS_YML.replace(
        "markdown_extensions:", options.rstrip("\n") + "\nmarkdown_extensions:", 1
    )
    return head + text


@pytest.fixture
def federated(bank: BankDir) -> BankDir:
    bank.write("mkdocs.yml", _with_kb_options(FEDERATION))
    bank.write("docs/rutiner/ankomst.md", ROUTINE)
    return bank


# -- the setting ----------------------------------------------------------------


def test_the_setting_is_read_and_normalised(federated: BankDir) -> None:
    banks = load_config(federated.root / "mkdocs.yml").kb.federation
    assert banks == [
        FederatedBank(name="Kunskapsbanken – Ekby kommun", url=EKBY),
        FederatedBank(
            name="Trelleborgsmodellen <Norrby & Söderby>",
            url="https://www.norrby.example.se:8443/socialtjanst/kunskapsbank/",
            bundle="sok/pagefind/",
            weight=0.5,
        ),
    ]
    assert banks[0].bundle_url == EKBY + "pagefind/"
    assert banks[1].bundle_url == (
        "https://www.norrby.example.se:8443/socialtjanst/kunskapsbank/sok/pagefind/"
    )


def test_no_federation_by_default(bank: BankDir) -> None:
    assert load_config(bank.root / "mkdocs.yml").kb.federation == []


@pytest.mark.parametrize(
    ("written", "normalised"),
    [
        ("https://Kunskapsbanken.EKBY.example.se:443/sok", "https://kunskapsbanken.ekby.example.se/sok/"),
        ("http://127.0.0.1:8702", "http://127.0.0.1:8702/"),
        ("http://[::1]:80/a%20b", "http://[::1]/a%20b/"),
        ("https://kunskapsbank.malmö.example.se/", "https://kunskapsbank.xn--malm-8qa.example.se/"),
    ],
)
def test_addresses_are_normalised_as_browsers_send_them(written: str, normalised: str) -> None:
    assert site_url(written) == normalised


def test_mistakes_name_their_line_and_the_fix(bank: BankDir) -> None:
    bank.write(
        "mkdocs.yml",
        _with_kb_options(
            """\
      federation:
        - name: Ekby
          url: https://kunskapsbanken.ekby.example.se/
          wieght: 2
        - name: testbanken
          url: kunskapsbanken.norrby.example.se
        - name: Intern
          url: https://kb.testbanken.example.se/intern/rutiner/
          bundle: ../pagefind
        - name: Noll
          url: ftp://kb.example.se/
          weight: 0
        - name: Söderby
          url: https://kb.soderby.example.se/?sida=1
""",
            head="site_url: https://KB.testbanken.example.se/intern\n",
        ),
    )
    result = bank.kb("check")
    assert (result.exit_code, result.output) == (2, "")
    assert result.stderr == (
        "Error: invalid kb configuration in mkdocs.yml:\n"
        "  line 14: plugins.kb.federation.0: unknown key 'wieght' (did you mean 'weight'?)\n"
        "  line 15: plugins.kb.federation.1.name: expected the name of another bank, found "
        "'testbanken' (this bank's own site_name labels its own results) (give the other bank "
        "its own name)\n"
        "  line 16: plugins.kb.federation.1.url: expected the address of another bank's public "
        "site, such as https://kunskapsbanken.ekby.example.se/, found "
        "'kunskapsbanken.norrby.example.se' (did you mean "
        "'https://kunskapsbanken.norrby.example.se'?)\n"
        "  line 18: plugins.kb.federation.2.url: expected the public site of another bank, "
        "found 'https://kb.testbanken.example.se/intern/rutiner/' (this bank's own site_url is "
        "https://kb.testbanken.example.se/intern/) (list other banks only; an internal site is "
        "never searched from another site)\n"
        "  line 19: plugins.kb.federation.2.bundle: expected the folder of the bank's search "
        "index relative to its address, such as pagefind/, found '../pagefind' (a relative path "
        "of letters, digits, '.', '_', '~' and '-')\n"
        "  line 21: plugins.kb.federation.3.url: expected the address of another bank's public "
        "site, such as https://kunskapsbanken.ekby.example.se/, found 'ftp://kb.example.se/'\n"
        "  line 22: plugins.kb.federation.3.weight: expected a number above 0.0, found 0\n"
        "  line 24: plugins.kb.federation.4.url: expected the address of another bank's public "
        "site, such as https://kunskapsbanken.ekby.example.se/, found "
        "'https://kb.soderby.example.se/?sida=1' (leave out what follows '?' or '#')\n"
    )


def test_the_same_bank_twice(bank: BankDir) -> None:
    bank.write(
        "mkdocs.yml",
        _with_kb_options(
            """\
      federation:
        - {name: Ekby, url: "https://kunskapsbanken.ekby.example.se/"}
        - {name: Ekby igen, url: "https://KUNSKAPSBANKEN.ekby.example.se"}
"""
        ),
    )
    with pytest.raises(ConfigError) as raised:
        load_config(bank.root / "mkdocs.yml")
    assert str(raised.value) == (
        "invalid kb configuration in mkdocs.yml: line 11: plugins.kb.federation: expected "
        "banks at different addresses, found a list ('https://kunskapsbanken.ekby.example.se/' "
        "twice)"
    )


def test_hosts_and_names_that_are_no_such_thing() -> None:
    for url in ("https://999.1.1.1/", "https://under_streck.example.se/", "https://u:p@x.se/"):
        with pytest.raises(ValueError):
            site_url(url)
    with pytest.raises(ValueError):
        FederatedBank(name="Ekby\nkommun", url=EKBY)


# -- the search page --------------------------------------------------------------


def test_the_public_search_page_lists_the_banks_golden(federated: BankDir) -> None:
    bank = load_bank(federated.root / "mkdocs.yml")
    page = search_page(bank, Audience(public=True), TODAY)
    compare("site/federation/sok.md", page.markdown)


def test_the_internal_search_page_searches_only_its_own_bank(federated: BankDir) -> None:
    own = load_bank(federated.root / "mkdocs.yml")
    internal = search_page(own, Audience(public=False), TODAY).markdown
    assert ATTRIBUTE not in internal and "kunskapsbanker" not in internal
    federated.write("mkdocs.yml", MKDOCS_YML)
    alone = load_bank(federated.root / "mkdocs.yml")
    assert internal == search_page(alone, Audience(public=False), TODAY).markdown
    assert internal == search_page(alone, Audience(public=True), TODAY).markdown


def test_the_built_search_page_carries_the_banks(federated: BankDir, tmp_path: Path) -> None:
    config = load_config(federated.root / "mkdocs.yml")
    public = build_site(config, tmp_path / "public", public=True, today=TODAY)
    internal = build_site(config, tmp_path / "internal", today=TODAY)
    page = (public / "sok" / "index.html").read_text(encoding="utf-8")
    start = page.index(f'{ATTRIBUTE}="') + len(ATTRIBUTE) + 2
    data = json.loads(html.unescape(page[start : page.index('"', start)]))
    assert data == {
        "name": "Testbanken",
        "banks": [
            {"name": "Kunskapsbanken – Ekby kommun", "url": EKBY,
             "bundle": EKBY + "pagefind/", "weight": 1.0},
            {"name": "Trelleborgsmodellen <Norrby & Söderby>",
             "url": "https://www.norrby.example.se:8443/socialtjanst/kunskapsbank/",
             "bundle": "https://www.norrby.example.se:8443/socialtjanst/kunskapsbank/sok/pagefind/",
             "weight": 0.5},
        ],
    }
    # A name is text wherever it is shown, never markup.
    assert "<Norrby" not in page
    assert "Trelleborgsmodellen &lt;Norrby &amp; Söderby&gt;" in page
    assert ATTRIBUTE not in (internal / "sok" / "index.html").read_text(encoding="utf-8")
    for relative in ("assets/kb/federation/pagefind.js", "assets/kb/federation/federation.css"):
        assert (public / relative).is_file()
    assert federated_search(public).origins == (
        "https://kunskapsbanken.ekby.example.se", "https://www.norrby.example.se:8443"
    )
    assert federated_search(internal).origins == ()


def test_the_page_data_reads_back_and_refuses_what_kb_never_writes() -> None:
    written = SearchFederation(
        "Strandvik", (FederatedBank(name="Ekby", url=EKBY, bundle="sok/pagefind/", weight=2),)
    )
    assert SearchFederation.from_json(written.to_json()) == written
    for text in (
        "[]",
        '{"banks": [1]}',
        '{"banks": [{"name": "Ekby", "url": "javascript:alert(1)", "bundle": "x"}]}',
        f'{{"banks": [{{"name": "Ekby", "url": "{EKBY}", "bundle": "https://evil.example/"}}]}}',
        f'{{"banks": [{{"name": "Ekby", "url": "{EKBY}", "bundle": "{EKBY}../x/"}}]}}',
        "{",
    ):
        with pytest.raises(ValueError):
            SearchFederation.from_json(text)


# -- kb deploy nginx --------------------------------------------------------------


def _search_site(root: Path, data: str | None) -> Path:
    """A built site whose search page lists *data* (JSON) as its banks."""
    attribute = f' {ATTRIBUTE}="{html.escape(data)}"' if data is not None else ""
    for relative, body in (
        ("index.html", "<p>Start</p>"),
        ("sok/index.html", f'<div id="kb-search" data-pagefind-base="../pagefind/"{attribute}>'),
    ):
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"<!doctype html><html><body>{body}</body></html>", encoding="utf-8")
    write_manifest(root, PUBLIC, "test")
    return root


TWO_BANKS = SearchFederation(
    "Strandvik",
    (
        FederatedBank(name="Ekby", url=EKBY),
        FederatedBank(name="Norrby", url="http://127.0.0.1:8702/kb/"),
    ),
).to_json()


def test_the_public_policy_connects_to_the_banks_it_searches(tmp_path: Path) -> None:
    site = _search_site(tmp_path / "site", TWO_BANKS)
    listen = "127.0.0.1:80"
    public = nginx_config(NginxSettings.create(site_dir=site, listen=listen, public=True))
    connect = "connect-src 'self' http://127.0.0.1:8702 https://kunskapsbanken.ekby.example.se"
    assert f"; {connect}; " in public.csp
    # The internal site searches only itself, whatever its search page says.
    internal = nginx_config(NginxSettings.create(site_dir=site, listen=listen, no_auth=True))
    assert "; connect-src 'self'; " in internal.csp


def test_the_search_page_without_directory_urls(tmp_path: Path) -> None:
    site = _search_site(tmp_path / "site", TWO_BANKS)
    (site / "sok" / "index.html").rename(site / "sok.html")
    (site / "sok").rmdir()
    assert federated_search(site).origins == (
        "http://127.0.0.1:8702", "https://kunskapsbanken.ekby.example.se"
    )


def test_a_search_page_kb_did_not_write_is_a_warning(tmp_path: Path) -> None:
    site = _search_site(tmp_path / "site", '{"banks": [{"name": "x", "url": "javascript:1"}]}')
    config = nginx_config(NginxSettings.create(site_dir=site, listen="127.0.0.1:80", public=True))
    assert "; connect-src 'self'; " in config.csp
    assert (
        "The search page sok/index.html lists other banks in a form kb does not read, so the "
        "Content-Security-Policy lets it search none of them; build the site again with this "
        "version of kb-tools."
    ) in config.warnings


def test_public_configuration_with_other_banks_golden(tmp_path: Path) -> None:
    site = _search_site(tmp_path / "site", TWO_BANKS)
    settings = NginxSettings.create(
        site_dir=site,
        listen="*:80",
        public=True,
        allow_origin=["https://Kunskapsbanken.Ekby.example.se/", "http://127.0.0.1:8702"],
    )
    text = nginx_config(settings, ThemeScripts([])).text.replace(str(site), "/srv/kb/current")
    compare("deploy/public-federated.conf", text)


def _kb(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["deploy", "nginx", *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            ["--no-auth", "--allow-origin", "https://kb.ekby.example.se"],
            "--allow-origin lets other banks' search pages read this site's search index; only "
            "the public site may be searched from other sites: add --public, or drop "
            "--allow-origin for the internal site.",
        ),
        (
            ["--public", "--allow-origin", "*", "--allow-origin", "https://kb.ekby.example.se"],
            "--allow-origin * already lets every site read the search index; drop the other "
            "--allow-origin values or the *.",
        ),
        (
            ["--public", "--allow-origin", "https://kb.ekby.example.se/sok/"],
            "--allow-origin expects the origin of another bank's public site, such as "
            "https://kunskapsbanken.ekby.example.se (scheme, host and port, nothing after them), "
            "or * for every site; found 'https://kb.ekby.example.se/sok/'.",
        ),
        (
            ["--public", "--allow-origin", "https://kb.ekby.example.se;add_header X 1"],
            "--allow-origin 'https://kb.ekby.example.se;add_header X 1' contains ';', which "
            "cannot be written safely into an nginx configuration; give an origin such as "
            "https://kunskapsbanken.ekby.example.se.",
        ),
        (
            ["--public", "--allow-origin", "https://ekby:hemligt@kb.ekby.example.se"],
            "--allow-origin 'https://ekby:hemligt@kb.ekby.example.se' carries a user name or "
            "password; an origin never does, so give only the scheme, host and port.",
        ),
        (
            ["--public", "--allow-origin", "https://kb_ekby.example.se"],
            "--allow-origin 'https://kb_ekby.example.se' has the host 'kb_ekby.example.se', "
            "which is not a host name.",
        ),
    ],
    ids=["internal", "star-and-more", "path", "semicolon", "password", "host"],
)
def test_allow_origin_refusals(tmp_path: Path, options: list[str], message: str) -> None:
    site = _search_site(tmp_path / "site", None)
    code, out, err = _kb("--site-dir", str(site), "--listen", "127.0.0.1:8080", *options)
    assert (code, out, err) == (2, "", f"Error: {message}\n")


def test_allow_origin_is_written_as_browsers_send_it(tmp_path: Path) -> None:
    site = _search_site(tmp_path / "site", None)
    settings = NginxSettings.create(
        site_dir=site,
        listen="127.0.0.1:80",
        public=True,
        allow_origin=["https://KB.Malmö.example.se:443/", "http://[::1]:8080", "http://[::1]:8080/"],
    )
    assert settings.allow_origins == ("https://kb.xn--malm-8qa.example.se", "http://[::1]:8080")
    text = nginx_config(settings, ThemeScripts([])).text
    pattern = r"^(?:https://kb\.xn--malm-8qa\.example\.se|http://\[::1\]:8080)$"
    assert f'if ($http_origin ~ "{pattern}") {{' in text


@requires_nginx
@pytest.mark.parametrize("origins", [["*"], ["https://kb.ekby.example.se", "http://[::1]:8702"]])
def test_nginx_accepts_the_cors_configuration(tmp_path: Path, origins: list[str]) -> None:
    site = _search_site(tmp_path / "site", TWO_BANKS)
    prefix = tmp_path / "prefix"
    conf = tmp_path / "nginx.conf"
    options = [arg for origin in origins for arg in ("--allow-origin", origin)]
    code, _, err = _kb("--site-dir", str(site), "--listen", "127.0.0.1:8080", "--public",
                       *options, "--standalone", "--prefix", str(prefix), "-o", str(conf))
    assert code == 0, err
    result = subprocess.run([str(NGINX), "-t", "-q", "-p", str(prefix), "-c", str(conf)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


@requires_nginx
def test_only_the_search_index_is_shared_and_only_with_the_named_banks(tmp_path: Path) -> None:
    site = _search_site(tmp_path / "site", None)
    (site / "pagefind").mkdir()
    (site / "pagefind" / "pagefind-entry.json").write_text('{"version": "1.5.2"}', encoding="utf-8")
    (site / "pagefind" / "pagefind.sv_0123456789.pf_meta").write_bytes(b"\x1f\x8b")
    allowed = "https://kunskapsbanken.ekby.example.se"
    with serve_site(site, public=True, allow_origins=[allowed]) as served:
        entry = served.base_url + "pagefind/pagefind-entry.json"
        chunk = served.base_url + "pagefind/pagefind.sv_0123456789.pf_meta"
        for url, cache in ((entry, "no-cache"), (chunk, "public, max-age=31536000, immutable")):
            answer = get(url, headers={"Origin": allowed})
            assert answer.status == 200
            assert answer.header("Access-Control-Allow-Origin") == allowed
            assert "Origin" in answer.headers.get_all("Vary", [])
            assert answer.header("Cache-Control") == cache
            assert answer.header("Content-Security-Policy") == served.csp
            other = get(url, headers={"Origin": "https://elak.example.org"})
            assert other.header("Access-Control-Allow-Origin") is None
            assert get(url).header("Access-Control-Allow-Origin") is None
        page = get(served.base_url + "sok/", headers={"Origin": allowed})
        assert page.status == 200 and page.header("Access-Control-Allow-Origin") is None
    with serve_site(site, public=True, allow_origins=["*"]) as served:
        answer = get(served.base_url + "pagefind/pagefind-entry.json")
        assert answer.header("Access-Control-Allow-Origin") == "*"
    with serve_site(site, auth="none") as served:
        answer = get(served.base_url + "pagefind/pagefind-entry.json", headers={"Origin": allowed})
        assert answer.status == 200 and answer.header("Access-Control-Allow-Origin") is None
