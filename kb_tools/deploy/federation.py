"""The other banks a built public site searches, read back from the site.

A public build whose ``kb`` configuration lists ``federation`` writes the
banks into its search page (``data-kb-federation`` on ``#kb-search``); the
reader's browser then fetches those banks' index files, so the site's
Content-Security-Policy must let it connect to their origins. Reading them
from the built site, like the inline scripts, keeps the policy true to what
is served. Every address is checked again: a search page is a file on disk.

Reads only a regular file (never a link). Used by :mod:`kb_tools.deploy.nginx`.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from ..config.federation import ATTRIBUTE, SearchFederation
from ..site.theming import SEARCH_PAGE

# The search page with and without directory URLs.
SEARCH_FILES = (f"{SEARCH_PAGE}/index.html", f"{SEARCH_PAGE}.html")


@dataclass(frozen=True)
class FederatedSearch:
    """The origins the search page fetches from, and what could not be read."""

    origins: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()


class _SearchElement(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.data: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id") == "kb-search" and self.data is None:
            self.data = found.get(ATTRIBUTE) or ""


def federated_search(site_dir: Path) -> FederatedSearch:
    """The other banks' origins the built site's search page merges."""
    for relative in SEARCH_FILES:
        path = site_dir / relative
        if path.is_file() and not path.is_symlink():
            return _read(relative, path.read_text(encoding="utf-8", errors="replace"))
    return FederatedSearch()


def _read(relative: str, page: str) -> FederatedSearch:
    parser = _SearchElement()
    parser.feed(page)
    parser.close()
    if not parser.data:
        return FederatedSearch()
    try:
        federation = SearchFederation.from_json(parser.data)
    except ValueError:
        return FederatedSearch(
            warnings=(
                f"The search page {relative} lists other banks in a form kb does not read, so "
                "the Content-Security-Policy lets it search none of them; build the site "
                "again with this version of kb-tools.",
            )
        )
    return FederatedSearch(tuple(federation.origins))
