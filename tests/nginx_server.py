"""A built site behind real nginx with the configuration `kb deploy nginx`
writes: for tests of the configuration itself and for any browser test that
must run under the site's Content-Security-Policy.

    with serve_site(site_dir) as served:           # internal, basic auth
        get(served.base_url, auth=served.credentials)

The site is copied into the documented release layout (``releases/1`` and a
``current`` link) in a folder every user can traverse, because nginx started
as root runs its workers as ``nobody``. nginx runs in the foreground on a
free loopback port and is stopped when the block ends.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import http.client
import http.server
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

import pytest

from kb_tools.deploy import NginxConfig, NginxSettings, nginx_config

NGINX = shutil.which("nginx") or next(
    (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(p, os.X_OK)), None
)
requires_nginx = pytest.mark.skipif(
    NGINX is None,
    reason="nginx is not installed (sudo apt-get install nginx; scripts/test.sh does it as root)",
)

USER = "handlaggare"
PASSWORD = "Strandvik-2026!"
SESSION_COOKIE = "kb_session=inloggad"
FORBIDDEN_COOKIE = "kb_session=obehorig"
Auth = Literal["basic", "auth-request", "none"]


def htpasswd_line(user: str, password: str) -> str:
    """An htpasswd entry with nginx's ``{SHA}`` scheme (no htpasswd tool needed)."""
    digest = base64.b64encode(hashlib.sha1(password.encode("utf-8")).digest()).decode("ascii")
    return f"{user}:{{SHA}}{digest}\n"


@dataclass
class Served:
    """A running nginx: where it answers and how to log in."""

    base_url: str
    config: NginxConfig
    release: Path
    root: Path
    username: str | None = None
    password: str | None = None
    cookie: str | None = None

    @property
    def credentials(self) -> tuple[str, str] | None:
        if self.username is None or self.password is None:
            return None
        return self.username, self.password

    @property
    def csp(self) -> str:
        return self.config.csp


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def header(self, name: str) -> str | None:
        return self.headers.get(name)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


def get(
    url: str,
    *,
    auth: tuple[str, str] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """One GET without following redirects or decompressing."""
    parts = urlsplit(url)
    sent = dict(headers or {})
    if auth is not None:
        token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode("ascii")
        sent["Authorization"] = f"Basic {token}"
    connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=10)
    try:
        connection.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""),
                           headers=sent)
        response = connection.getresponse()
        return Response(response.status, response.headers, response.read())
    finally:
        connection.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_listening(process: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"nginx stopped: {log.read_text(errors='replace')}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.05)
    raise RuntimeError("nginx did not start listening within 10 s")


@contextlib.contextmanager
def serve_site(
    site_dir: Path,
    *,
    public: bool = False,
    auth: Auth = "basic",
    gateway: str | None = None,
    plant: Callable[[Path], None] | None = None,
    allow_origins: Sequence[str] = (),
    port: int | None = None,
) -> Iterator[Served]:
    """Serve a copy of *site_dir* with ``kb deploy nginx --standalone``.

    *auth* is ignored for a public site; ``"auth-request"`` needs the check
    URL of a running gateway (see :func:`auth_gateway`). *plant* may add files
    to the served release before the configuration is written. *allow_origins*
    are ``--allow-origin`` values; *port* is a port chosen beforehand (see
    :func:`free_port`), when another site must know this one's address first.
    """
    assert NGINX is not None, "guard the caller with requires_nginx"
    root = Path(tempfile.mkdtemp(prefix="kb-nginx-"))
    root.chmod(0o755)
    process: subprocess.Popen[bytes] | None = None
    try:
        release = root / "srv" / "releases" / "1"
        shutil.copytree(site_dir, release, symlinks=True)
        (root / "srv" / "current").symlink_to("releases/1")
        if plant is not None:
            plant(release)
        htpasswd = root / "htpasswd"
        htpasswd.write_text(htpasswd_line(USER, PASSWORD), encoding="utf-8")
        htpasswd.chmod(0o644)
        tries = 1 if port is not None else 3
        for _attempt in range(tries):
            listen_port = port if port is not None else free_port()
            settings = NginxSettings.create(
                site_dir=root / "srv" / "current",
                listen=f"127.0.0.1:{listen_port}",
                public=public,
                htpasswd=htpasswd if not public and auth == "basic" else None,
                auth_request=gateway if not public and auth == "auth-request" else None,
                no_auth=not public and auth == "none",
                standalone=True,
                prefix=root / "nginx",
                allow_origin=allow_origins,
            )
            config = nginx_config(settings)
            (root / "nginx").mkdir(exist_ok=True)
            conf = root / "nginx.conf"
            conf.write_text(config.text, encoding="utf-8")
            log = root / "nginx-stderr.log"
            with log.open("wb") as stderr:
                process = subprocess.Popen(
                    [NGINX, "-p", str(root / "nginx"), "-c", str(conf), "-g", "daemon off;"],
                    stdout=subprocess.DEVNULL,
                    stderr=stderr,
                )
            try:
                _wait_until_listening(process, listen_port, log)
                break
            except RuntimeError:
                if "Address already in use" not in log.read_text(errors="replace"):
                    raise
        else:
            raise RuntimeError(f"nginx found no free port in {tries} tries")
        basic = not public and auth == "basic"
        yield Served(
            base_url=f"http://127.0.0.1:{listen_port}/",
            config=config,
            release=release,
            root=root,
            username=USER if basic else None,
            password=PASSWORD if basic else None,
            cookie=SESSION_COOKIE if not public and auth == "auth-request" else None,
        )
    finally:
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        shutil.rmtree(root, ignore_errors=True)


@dataclass
class Gateway:
    """A stand-in for oauth2-proxy: ``/oauth2/auth`` answers 202 for the
    session cookie, 403 for the forbidden one and 401 otherwise;
    ``/oauth2/sign_in`` is its sign-in page."""

    check_url: str
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)


class _GatewayHandler(http.server.BaseHTTPRequestHandler):
    gateway: Gateway

    def do_GET(self) -> None:
        self.gateway.requests.append((self.path, dict(self.headers.items())))
        cookie = self.headers.get("Cookie") or ""
        if self.path == "/oauth2/auth":
            status = 202 if SESSION_COOKIE in cookie else 403 if FORBIDDEN_COOKIE in cookie else 401
            self._answer(status, b"")
        elif self.path.startswith("/oauth2/sign_in"):
            self._answer(401, b"<h1>Logga in med kommunens konto</h1>")
        else:
            self._answer(404, b"not found")

    def _answer(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def auth_gateway() -> Iterator[Gateway]:
    """A single-sign-on gateway on a free loopback port."""
    gateway = Gateway("")
    handler = type("Handler", (_GatewayHandler,), {"gateway": gateway})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    gateway.check_url = f"http://127.0.0.1:{server.server_address[1]}/oauth2/auth"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield gateway
    finally:
        server.shutdown()
        server.server_close()
