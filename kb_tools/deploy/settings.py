"""What ``kb deploy nginx`` was asked for, checked as a whole.

Each option is checked on its own by :mod:`kb_tools.deploy.values`; here
they are checked together: one way to log in for the internal site (or an
explicit ``--no-auth``), none for the public one, other sites allowed to read
the search index (``--allow-origin``) for the public one only, a prefix
exactly when the configuration is standalone, a built site to serve, and no
secret or log inside the served folder. Problems raise :class:`DeployError`
with a message that says what to do; what is merely doubtful becomes a
warning.

Used by :mod:`kb_tools.deploy.nginx` and ``kb deploy nginx``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..site.manifest import MANIFEST_NAME, read_manifest
from .values import (
    DeployError,
    GatewayURL,
    Listen,
    config_path,
    cors_origin,
    gateway_url,
    inside,
    listen_address,
)


@dataclass(frozen=True)
class NginxSettings:
    """What ``kb deploy nginx`` was asked for, checked."""

    site_dir: str
    listen: Listen
    public: bool = False
    htpasswd: str | None = None
    gateway: GatewayURL | None = None
    prefix: str | None = None
    # Other sites whose pages may read the public search index (CORS).
    allow_origins: tuple[str, ...] = ()
    warnings: tuple[str, ...] = field(default=(), compare=False)

    @property
    def standalone(self) -> bool:
        return self.prefix is not None

    @classmethod
    def create(
        cls,
        *,
        site_dir: str | Path,
        listen: str,
        public: bool = False,
        htpasswd: str | Path | None = None,
        auth_request: str | None = None,
        no_auth: bool = False,
        standalone: bool = False,
        prefix: str | Path | None = None,
        allow_origin: Iterable[str] = (),
    ) -> NginxSettings:
        """Check every option and how they combine; raise :class:`DeployError`."""
        warnings: list[str] = []
        site = config_path("--site-dir", site_dir)
        address = listen_address(listen)
        if htpasswd is not None and auth_request is not None:
            raise DeployError(
                "--htpasswd and --auth-request are two ways to log in; give one of them."
            )
        login = htpasswd is not None or auth_request is not None
        if public and login:
            raise DeployError(
                "--public serves the site to everyone without login; drop --htpasswd and "
                "--auth-request, or drop --public for the internal site."
            )
        if no_auth and login:
            raise DeployError(
                "--no-auth says that nginx asks for no login, but --htpasswd or --auth-request "
                "asks for one; give only one of them."
            )
        if not public and not login and not no_auth:
            raise DeployError(
                "The internal site must only be readable after login: give --htpasswd FILE "
                "or --auth-request URL, or --no-auth if a server in front of nginx already "
                "asks for a login."
            )
        if standalone and prefix is None:
            raise DeployError("--standalone needs --prefix DIR for its pid file, logs and "
                              "temporary files.")
        if prefix is not None and not standalone:
            raise DeployError("--prefix is only used with --standalone; add --standalone or "
                              "drop --prefix.")
        user_file = config_path("--htpasswd", htpasswd) if htpasswd is not None else None
        gateway = gateway_url(auth_request) if auth_request is not None else None
        home = config_path("--prefix", prefix) if prefix is not None else None
        origins = tuple(dict.fromkeys(cors_origin(value) for value in allow_origin))
        if origins and not public:
            raise DeployError(
                "--allow-origin lets other banks' search pages read this site's search index; "
                "only the public site may be searched from other sites: add --public, or drop "
                "--allow-origin for the internal site."
            )
        if "*" in origins and len(origins) > 1:
            raise DeployError(
                "--allow-origin * already lets every site read the search index; drop the "
                "other --allow-origin values or the *."
            )
        _check_site(site, public)
        if user_file is not None:
            if inside(user_file, site):
                raise DeployError(
                    f"--htpasswd {user_file} lies inside the served folder {site}, so anyone "
                    "could download it; keep it outside, for example in /etc/nginx/."
                )
            if not Path(user_file).is_file():
                warnings.append(
                    f"{user_file} does not exist here; nginx will refuse every login until "
                    "it does (create it with: htpasswd -c FILE USER)."
                )
        if home is not None and inside(home, site):
            raise DeployError(
                f"--prefix {home} lies inside the served folder {site}, so its logs would "
                "be served; choose a folder outside it."
            )
        if not public and login and htpasswd is not None and not address.loopback:
            warnings.append(
                f"nginx listens on {address} without TLS: basic-auth passwords cross the "
                "network readable unless a TLS proxy sits in front; listen on 127.0.0.1 "
                "behind it or add ssl_certificate to the server block."
            )
        return cls(site, address, public, user_file, gateway, home, origins, tuple(warnings))


def _check_site(site: str, public: bool) -> None:
    folder = Path(site)
    if not folder.is_dir():
        raise DeployError(
            f"--site-dir {site} is not a folder; build the site first (kb build -d {site})."
        )
    if not (folder / "index.html").is_file():
        raise DeployError(
            f"--site-dir {site} has no index.html; is it a built site? "
            f"(kb build -d {site})"
        )
    if public:
        _check_public(folder, site)


def _check_public(folder: Path, site: str) -> None:
    """Only a site built for the public is served without login: the build
    says which it is in its manifest (:mod:`kb_tools.site.manifest`)."""
    manifest = read_manifest(folder)
    if manifest is None:
        raise DeployError(
            f"--site-dir {site} does not say who it was built for (it has no {MANIFEST_NAME}, "
            "which kb build writes), so --public cannot be sure it holds no internal pages; "
            "build it again with kb build --public."
        )
    if not manifest.public:
        raise DeployError(
            f"--site-dir {site} holds the internal site, and --public would serve its internal "
            "pages to everyone without login; serve the public build instead (kb build "
            "--public writes it to site-public/)."
        )
