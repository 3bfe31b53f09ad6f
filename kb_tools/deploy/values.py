"""Values that go into an nginx configuration, checked before they do.

nginx reads its configuration as text: a ``;`` ends a directive, braces open
and close blocks, ``$`` starts a variable (in ``root``, ``proxy_pass`` and log
paths alike) and quotes and backslashes change how the rest of the line is
read. A folder or URL given on the command line must therefore never carry any
of these, or the configuration would mean something other than what was
asked. Rather than escape (nginx has no escape for ``$``), the few characters
that could change the meaning are refused, with a message that names the
option, the value and the character. Everything that passes is written
between double quotes by :func:`quoted`.

Used by :mod:`kb_tools.deploy.nginx` and, through it, by ``kb deploy nginx``.
"""

from __future__ import annotations

import ipaddress
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit


class DeployError(Exception):
    """A value that cannot go into the configuration; the message says why."""


# Characters that end a directive, open or close a block, start a variable or
# a comment, or quote and escape: any of them would let a path change what
# the configuration says.
_UNSAFE_IN_PATH = frozenset(";{}$\"'\\#`")
_HOST_LABEL = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")
# RFC 3986 path and query characters, without the ones nginx treats specially.
_URL_PATH = re.compile(r"^[A-Za-z0-9._~!&()*+,=:@%/-]*$")
_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def _describe(char: str) -> str:
    if char == "\n":
        return "a line break"
    if char == "\r":
        return "a carriage return"
    if char == "\t":
        return "a tab"
    if unicodedata.category(char).startswith("C"):
        return f"the control character U+{ord(char):04X}"
    if char == " ":
        return "a space"
    return f"'{char}'"


def _unsafe_char(value: str, unsafe: frozenset[str]) -> str | None:
    for char in value:
        if char in unsafe or unicodedata.category(char).startswith("C"):
            return char
    return None


def config_path(option: str, value: str | os.PathLike[str]) -> str:
    """An absolute path that can be written into the configuration as it is.

    Symbolic links are kept, not resolved: ``/srv/kunskapsbanken/current``
    must stay the link that a deploy switches, not the release it points to
    today.
    """
    text = os.fspath(value)
    if not text.strip():
        raise DeployError(f"{option} is empty; give the path of a folder or file.")
    char = _unsafe_char(text, _UNSAFE_IN_PATH)
    if char is not None:
        raise DeployError(
            f"{option} {text!r} contains {_describe(char)}, which nginx would not read as "
            "part of a path; choose a path without ; { } $ # ` quotes, backslashes or "
            "control characters."
        )
    return os.path.abspath(text)


def quoted(value: str) -> str:
    """*value* between double quotes, for a value :func:`config_path` or
    :func:`gateway_url` has already checked (they refuse quotes, backslashes
    and ``$``, so nothing inside needs escaping)."""
    if _unsafe_char(value, frozenset('"\\$')) is not None:
        raise ValueError(f"unchecked value reached the nginx writer: {value!r}")
    return f'"{value}"'


def inside(path: str, folder: str) -> bool:
    """Whether *path* lies in *folder* (both as written and with links resolved)."""
    for a, b in ((path, folder), (os.path.realpath(path), os.path.realpath(folder))):
        if Path(a) == Path(b) or Path(b) in Path(a).parents:
            return True
    return False


@dataclass(frozen=True)
class Listen:
    """Where nginx listens: ``host:port`` as the ``listen`` directive takes it."""

    host: str
    port: int

    def __str__(self) -> str:
        return f"{self.host}:{self.port}"

    @property
    def loopback(self) -> bool:
        name = self.host.strip("[]")
        if name == "localhost":
            return True
        try:
            return ipaddress.ip_address(name).is_loopback
        except ValueError:
            return False


def listen_address(value: str) -> Listen:
    """``ADDR:PORT`` for ``--listen``: an IPv4 address, ``[IPv6]``, ``*`` or a
    host name, and a port from 1 to 65535."""
    host, sep, port_text = value.rpartition(":")
    example = "127.0.0.1:8080, [::1]:8080 or *:80"
    if not sep or not host:
        raise DeployError(f"--listen expects ADDR:PORT such as {example}, found {value!r}.")
    if not port_text.isascii() or not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise DeployError(
            f"--listen {value!r} has the port {port_text!r}; expected a number from 1 to 65535."
        )
    if host != "*" and not _valid_host(host):
        raise DeployError(
            f"--listen {value!r} has the address {host!r}; expected an IPv4 address, "
            f"an IPv6 address in brackets, * or a host name, as in {example}."
        )
    return Listen(host, int(port_text))


def _valid_host(host: str) -> bool:
    if host.startswith("[") and host.endswith("]"):
        try:
            ipaddress.IPv6Address(host[1:-1])
        except ValueError:
            return False
        return True
    try:
        ipaddress.IPv4Address(host)
    except ValueError:
        pass
    else:
        return True
    labels = host.rstrip(".").split(".")
    return (
        host.isascii()
        and not host.replace(".", "").isdigit()
        and all(_HOST_LABEL.match(label) for label in labels)
    )


@dataclass(frozen=True)
class GatewayURL:
    """The single-sign-on gateway's check URL, split the way nginx needs it."""

    url: str
    origin: str
    path: str

    @property
    def folder(self) -> str | None:
        """The folder the check URL lies in (``/oauth2/`` for
        ``/oauth2/auth``): the gateway's own pages (sign in, callback, sign
        out) live there, on the site's host. ``None`` when the check URL sits
        at the root, where a folder would swallow the whole site."""
        parent = self.path.rsplit("/", 1)[0] + "/"
        return None if parent == "/" else parent

    @property
    def tls(self) -> bool:
        return self.url.startswith("https:")


def gateway_url(value: str) -> GatewayURL:
    """``--auth-request``: an absolute ``http``/``https`` URL with a host and a
    path, without credentials, fragment or characters nginx reads specially."""
    option = "--auth-request"
    char = _unsafe_char(value, _UNSAFE_IN_PATH | frozenset(" <>"))
    if char is not None:
        raise DeployError(
            f"{option} {value!r} contains {_describe(char)}, which cannot be written safely "
            "into an nginx configuration; percent-encode it or choose another URL."
        )
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError as exc:
        raise DeployError(f"{option} {value!r} is not a valid URL: {exc}.") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise DeployError(
            f"{option} expects the gateway's check URL, such as "
            f"http://127.0.0.1:4180/oauth2/auth, found {value!r}."
        )
    if parts.username is not None or parts.password is not None:
        raise DeployError(
            f"{option} {value!r} carries a user name or password; the configuration would "
            "show it to everyone who can read it, so give the URL without them."
        )
    host = parts.hostname
    netloc_host = f"[{host}]" if ":" in host else host
    if not _valid_host(netloc_host):
        raise DeployError(f"{option} {value!r} has the host {host!r}, which is not a host name.")
    path = parts.path or "/"
    if not path.startswith("/") or not _URL_PATH.match(path) or not _URL_PATH.match(parts.query):
        raise DeployError(
            f"{option} {value!r} has a path or query with characters nginx cannot take "
            "as they are; percent-encode them."
        )
    if _PERCENT.search(path + parts.query):
        raise DeployError(f"{option} {value!r} has a '%' that does not start a %XX escape.")
    origin = f"{parts.scheme}://{netloc_host}" + (f":{port}" if port is not None else "")
    query = f"?{parts.query}" if parts.query else ""
    return GatewayURL(url=f"{origin}{path}{query}", origin=origin, path=path)


ANY_ORIGIN = "*"
_ORIGIN_EXAMPLE = "https://kunskapsbanken.ekby.example.se"


def cors_origin(value: str) -> str:
    """``--allow-origin``: ``*``, or the origin (``scheme://host[:port]``) of
    a site whose pages may read the search index, normalised as a browser
    sends it in ``Origin`` (lower case, the host in its ``xn--`` form, no
    default port, no trailing slash)."""
    option = "--allow-origin"
    text = value.strip()
    if text == ANY_ORIGIN:
        return text
    char = _unsafe_char(text, _UNSAFE_IN_PATH | frozenset(" <>"))
    if char is not None:
        raise DeployError(
            f"{option} {value!r} contains {_describe(char)}, which cannot be written safely "
            "into an nginx configuration; give an origin such as "
            f"{_ORIGIN_EXAMPLE}."
        )
    expected = DeployError(
        f"{option} expects the origin of another bank's public site, such as "
        f"{_ORIGIN_EXAMPLE} (scheme, host and port, nothing after them), or * for every "
        f"site; found {value!r}."
    )
    try:
        parts = urlsplit(text)
        port = parts.port
        host = (parts.hostname or "").encode("idna").decode("ascii")
    except (ValueError, UnicodeError):
        raise expected from None
    scheme = parts.scheme.lower()
    after = parts.path not in ("", "/") or parts.query or parts.fragment
    if scheme not in ("http", "https") or not host or after or text.endswith(("?", "#")):
        raise expected
    if parts.username is not None or parts.password is not None:
        raise DeployError(
            f"{option} {value!r} carries a user name or password; an origin never does, "
            "so give only the scheme, host and port."
        )
    netloc_host = f"[{host}]" if ":" in host else host.lower()
    if not _valid_host(netloc_host):
        raise DeployError(f"{option} {value!r} has the host {host!r}, which is not a host name.")
    default = {"http": 80, "https": 443}[scheme]
    return f"{scheme}://{netloc_host}" + (f":{port}" if port not in (None, default) else "")
