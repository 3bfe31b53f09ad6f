"""PDF to HTML: the text only, with pypdf (the optional ``pdf`` extra).

A PDF keeps where letters stand on the page, not what they are: headings,
lists and tables cannot be told apart from paragraphs reliably. So only the
text is imported, one paragraph per block of lines, and every PDF is listed
as needing attention: an editor compares the page with the original and adds
the headings and lists by hand.

Used by :mod:`.run` when pypdf is installed.
"""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup, Tag
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from ..i18n import msg
from .source import Source, SourceError

MAX_PAGES = 500


def read_pdf(path: Path) -> Source:
    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise SourceError(
                msg("the PDF is protected with a password; save a copy without one")
            )
        if len(reader.pages) > MAX_PAGES:
            raise SourceError(
                msg("the PDF has more than {count} pages; it is not a routine", count=MAX_PAGES)
            )
        texts = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata
        title = " ".join(str(info.title).split()) if info and info.title else None
        modified = info.modification_date.date() if info and info.modification_date else None
    except SourceError:
        raise
    except (PyPdfError, OSError, ValueError, KeyError, TypeError) as exc:
        raise SourceError(msg("the PDF cannot be read: {reason}", reason=str(exc))) from None
    document = BeautifulSoup("<body></body>", "html.parser")
    root = document.body
    assert isinstance(root, Tag)
    for text in texts:
        for block in re.split(r"\n\s*\n", text):
            joined = re.sub(r"(\w)-\n(\w)", r"\1\2", block.strip())
            joined = " ".join(joined.split())
            if joined:
                paragraph = document.new_tag("p")
                paragraph.string = joined
                root.append(paragraph)
    source = Source(path, "pdf", root, title or None, modified)
    source.attention.append(
        msg(
            "it is a PDF: only its text is imported, without headings, lists, tables or "
            "images; compare the page with the original and add them by hand"
        )
    )
    if not root.find("p"):
        source.attention.append(
            msg("the PDF has no text (a scanned image?); nothing to import")
        )
    return source
