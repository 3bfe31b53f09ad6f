"""Where a page lives: its address as the site engine makes it
(``use_directory_urls``), relative to another page, and under ``site_url``.

Stated once here and asked through the Bank (:meth:`~.bank.Bank.url`,
:meth:`~.bank.Bank.absolute_url`) by the site, the exports, the search
index, ``kb review`` and the reminder mails; the search index, which updates
single files without a Bank, asks :func:`page_url` directly.
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING

from .document import INDEX_NAMES

if TYPE_CHECKING:
    from ..config import Config


def page_url(src_path: str, use_directory_urls: bool = True) -> str:
    """``rutiner/att-fylla-18.md`` → ``rutiner/att-fylla-18/`` (or ``.html``)."""
    folder, name = posixpath.split(src_path)
    stem = posixpath.splitext(name)[0]
    prefix = f"{folder}/" if folder else ""
    if name in INDEX_NAMES:
        return prefix
    if use_directory_urls:
        return f"{prefix}{stem}/"
    return f"{prefix}{stem}.html"


def relative_url(target: str, source: str) -> str:
    """The link from the page at URL *source* to the URL *target* (both
    site-relative), as the engine writes it."""
    source_dir = source if source.endswith("/") or not source else posixpath.dirname(source) + "/"
    relative = posixpath.relpath("/" + target, "/" + source_dir)
    if target.endswith("/") and relative != ".":
        relative += "/"
    elif relative == ".":
        relative = "./"
    return relative


def absolute_url(config: Config, src_path: str) -> str:
    """The page's address under ``site_url`` (relative when there is none)."""
    url = page_url(src_path, config.use_directory_urls)
    base = (config.site_url or "").rstrip("/")
    return f"{base}/{url}" if base else url
