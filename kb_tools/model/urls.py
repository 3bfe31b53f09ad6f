"""Page URLs as the site engine makes them (``use_directory_urls``)."""

from __future__ import annotations

import posixpath

from .document import INDEX_NAMES


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
