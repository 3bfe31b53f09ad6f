"""Other banks searched together with this one: the ``federation`` setting.

Many municipalities run a bank each and learn from each other. Rather than
one giant build, each bank stays its own site, and the *public* search page
of a bank merges the public search indexes of the banks it lists (Pagefind's
multisite search, run in the reader's browser)::

    plugins:
      - kb:
          federation:
            - name: Kunskapsbanken – Ekby kommun
              url: https://kunskapsbanken.ekby.example.se/

Each entry names another bank's public site: ``url`` is its root (http or
https, nothing after the path), ``bundle`` the folder of its search index
relative to the root (``pagefind/``, kb's own layout), ``weight`` how much
its hits count against this bank's own (Pagefind's ``indexWeight``, 1 =
the same). The name labels that bank's results and its filter.

Only public builds search other banks, and only public sites are searched:
an entry may not point at this bank's own ``site_url`` (the site kb links
to), and ``kb deploy nginx`` lets other sites read a search index only for
the public site. Used by :mod:`kb_tools.config` (the model),
:mod:`kb_tools.site.generated` (the search page) and
:mod:`kb_tools.deploy` (the Content-Security-Policy).
"""

from __future__ import annotations

import ipaddress
import json
import re
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)

from ..fields import Text, format_error
from ..fields.values import did_you_mean
from ..i18n import msg

# The search page's element that carries the merged banks, as JSON.
ATTRIBUTE = "data-kb-federation"
DEFAULT_BUNDLE = "pagefind/"
_HOST_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
# A path of unreserved characters and percent escapes: nothing a browser,
# a CSP or JSON in an HTML attribute would read differently.
_PATH = re.compile(r"^/(?:[A-Za-z0-9._~!$&'()*+,;=:@/-]|%[0-9A-Fa-f]{2})*$")
_BUNDLE = re.compile(r"^(?:[A-Za-z0-9._~-]+/)*[A-Za-z0-9._~-]+/?$")
SITE_EXPECTED = msg(
    "the address of another bank's public site, such as https://kunskapsbanken.ekby.example.se/"
)


def _host(host: str) -> str | None:
    """*host* (as ``urlsplit`` gives it: IPv6 without brackets) in the ASCII
    form browsers and Content-Security-Policies use, or None."""
    if ":" in host:
        try:
            return f"[{ipaddress.IPv6Address(host).compressed}]"
        except ValueError:
            return None
    try:
        name = host.encode("idna").decode("ascii").lower().rstrip(".")
    except UnicodeError:
        return None
    if name.replace(".", "").isdigit():
        try:
            return str(ipaddress.IPv4Address(name))
        except ValueError:
            return None
    return name if all(_HOST_LABEL.match(label) for label in name.split(".")) else None


def site_url(value: Any) -> str:
    """A site's root address, normalised: lower-case scheme and host (IDNA),
    no default port, and a path that ends with ``/``."""
    if not isinstance(value, str):
        raise format_error(SITE_EXPECTED)
    text = value.strip()
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise format_error(SITE_EXPECTED) from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname or any(c.isspace() for c in text):
        typo = not parts.scheme and "." in text
        raise format_error(SITE_EXPECTED, hint=did_you_mean(f"https://{text}") if typo else "")
    if parts.username is not None or parts.password is not None:
        raise format_error(
            SITE_EXPECTED, detail=msg("the address carries a user name or password")
        )
    if parts.query or parts.fragment or text.endswith(("?", "#")):
        raise format_error(SITE_EXPECTED, hint=msg("leave out what follows '?' or '#'"))
    host = _host(parts.hostname)
    if host is None:
        raise format_error(
            SITE_EXPECTED, detail=msg("'{host}' is not a host name", host=parts.hostname)
        )
    path = parts.path or "/"
    if not _PATH.match(path):
        raise format_error(
            SITE_EXPECTED, hint=msg("percent-encode spaces, quotes and other special characters")
        )
    default_port = {"http": 80, "https": 443}[scheme]
    netloc = host if port is None or port == default_port else f"{host}:{port}"
    return f"{scheme}://{netloc}{path if path.endswith('/') else path + '/'}"


def _bundle(value: Any) -> str:
    expected = msg(
        "the folder of the bank's search index relative to its address, such as pagefind/"
    )
    if not isinstance(value, str):
        raise format_error(expected)
    text = value.strip()
    if not _BUNDLE.match(text) or any(part in (".", "..") for part in text.split("/")):
        raise format_error(
            expected, hint=msg("a relative path of letters, digits, '.', '_', '~' and '-'")
        )
    return text if text.endswith("/") else text + "/"


SiteURL = Annotated[
    str, BeforeValidator(site_url), WithJsonSchema({"type": "string", "format": "uri"})
]
BundlePath = Annotated[str, BeforeValidator(_bundle), WithJsonSchema({"type": "string"})]


def origin(url: str) -> str:
    """``https://host[:port]`` of a normalised address."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class FederatedBank(BaseModel):
    """Another bank's public site, searched from this bank's public search page."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Text = Field(max_length=100)
    url: SiteURL
    bundle: BundlePath = DEFAULT_BUNDLE
    weight: float = Field(default=1.0, gt=0, le=100)

    @property
    def bundle_url(self) -> str:
        """The absolute address of the bank's search index folder."""
        return self.url + self.bundle

    @field_validator("name", mode="after")
    @classmethod
    def _another_name(cls, value: str, info: ValidationInfo) -> str:
        if any(not c.isprintable() for c in value):
            raise format_error(
                msg("a name on one line"), hint=msg("leave out line breaks and tabs")
            )
        own = (info.context or {}).get("site_name")
        if isinstance(own, str) and value.casefold() == own.strip().casefold():
            raise format_error(
                msg("the name of another bank"),
                detail=msg("this bank's own site_name labels its own results"),
                hint=msg("give the other bank its own name"),
            )
        return value

    @field_validator("url", mode="after")
    @classmethod
    def _another_site(cls, value: str, info: ValidationInfo) -> str:
        # The context carries the bank's own site_url when mkdocs.yml is read.
        own = (info.context or {}).get("site_url")
        if not isinstance(own, str) or not own.strip():
            return value
        try:
            own_site = site_url(own)
        except ValueError:  # a site_url kb cannot read is MkDocs' to report
            return value
        if value.startswith(own_site):
            raise format_error(
                msg("the public site of another bank"),
                detail=msg("this bank's own site_url is {url}", url=own_site),
                hint=msg(
                    "list other banks only; an internal site is never searched from another site"
                ),
            )
        return value


def _distinct(banks: list[FederatedBank]) -> list[FederatedBank]:
    names: set[str] = set()
    urls: set[str] = set()
    for bank in banks:
        if bank.name.casefold() in names:
            raise format_error(
                msg("banks with different names"), detail=msg("'{name}' twice", name=bank.name)
            )
        if bank.url in urls:
            raise format_error(
                msg("banks at different addresses"), detail=msg("'{name}' twice", name=bank.url)
            )
        names.add(bank.name.casefold())
        urls.add(bank.url)
    return banks


Federation = Annotated[list[FederatedBank], AfterValidator(_distinct)]


@dataclass(frozen=True)
class SearchFederation:
    """What the public search page tells the browser: this bank's own label
    and the banks whose indexes it merges."""

    name: str
    banks: tuple[FederatedBank, ...]

    def to_json(self) -> str:
        return json.dumps(
            {
                "name": self.name,
                "banks": [
                    {"name": b.name, "url": b.url, "bundle": b.bundle_url, "weight": b.weight}
                    for b in self.banks
                ],
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, text: str) -> SearchFederation:
        """Read back what :meth:`to_json` wrote (``kb deploy`` does); every
        address is checked again. Raises ValueError for anything else."""
        data = json.loads(text)
        if not isinstance(data, dict) or not isinstance(data.get("banks"), list):
            raise ValueError("expected an object with a list of banks")
        banks = []
        for entry in data["banks"]:
            if not isinstance(entry, dict):
                raise ValueError("expected each bank as an object")
            bank = FederatedBank.model_validate(
                {key: entry[key] for key in ("name", "url", "weight") if key in entry}
            )
            bundle = entry.get("bundle")
            if not isinstance(bundle, str) or not bundle.startswith(bank.url):
                raise ValueError(f"the index of {bank.url} lies outside its site")
            banks.append(bank.model_copy(update={"bundle": _bundle(bundle[len(bank.url):])}))
        return cls(str(data.get("name", "")), tuple(banks))

    @property
    def origins(self) -> list[str]:
        """The other sites the browser fetches index files from, sorted."""
        return sorted({origin(bank.bundle_url) for bank in self.banks})
