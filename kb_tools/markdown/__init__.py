"""Links, headings and anchors of a page, as the site will render them.

The model asks :class:`PageScanner` for each page it loads (``kb check``,
``kb index`` and the build share that one rendering through the document
cache). The scanner (:mod:`.scanner`) renders with Python-Markdown and the
site's own extensions and options, so an anchor is valid here exactly when
it exists on the built page; :mod:`.collector` reads what the checks need
from the rendering, :mod:`.locate` finds each link's line and column in the
source, and :mod:`.shortcuts` and :mod:`.pruning` skip the work that cannot
change the result (held to the full rendering by tests).
"""

from __future__ import annotations

from .locate import locate_links
from .page import Heading, RawLink, ScannedPage
from .scanner import LinearLinks, PageScanner
from .shortcuts import reduce_for_scan

__all__ = [
    "Heading",
    "LinearLinks",
    "PageScanner",
    "RawLink",
    "ScannedPage",
    "locate_links",
    "reduce_for_scan",
]
