"""``pages.json``: every page's title, url, type, owner, review dates, status.

``<``, ``>``, ``&``, U+2028 and U+2029 are written as ``\\u`` escapes (the
same JSON), so the file stays inert even when a tool pastes it into an HTML
page or a script.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date

from ..model import Audience, Bank, Document


def pages_json(bank: Bank, documents: Iterable[tuple[Document, str]]) -> str:
    """*documents*: (document, site-relative url)."""
    pages = []
    for doc, url in documents:
        due = bank.next_review(doc)
        pages.append(
            {
                "id": doc.id,
                "title": doc.title,
                "url": url,
                "type": doc.type,
                "owner": doc.owner,
                "reviewed": doc.reviewed.isoformat() if doc.reviewed else None,
                "review_due": due.isoformat() if due else None,
                "status": doc.status,
                "summary": doc.meta.summary,
                "tags": list(doc.meta.tags),
            }
        )
    text = json.dumps({"pages": pages}, ensure_ascii=False, indent=2)
    return text.translate(_INERT) + "\n"


_INERT = {ord(char): f"\\u{ord(char):04x}" for char in "<>&\u2028\u2029"}


def files(bank: Bank, audience: Audience, today: date) -> dict[str, bytes]:
    """``pages.json``: every page *audience* may see."""
    documents = [(doc, bank.url(doc)) for doc in audience.documents(bank)]
    return {"pages.json": pages_json(bank, documents).encode("utf-8")}
