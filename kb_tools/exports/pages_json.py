"""``pages.json``: every page's title, url, type, owner, review dates, status."""

from __future__ import annotations

import json
from collections.abc import Iterable

from ..model import Bank, Document


def pages_json(bank: Bank, documents: Iterable[tuple[Document, str]]) -> str:
    """*documents*: (document, site-relative url)."""
    pages = []
    for doc, url in documents:
        due = bank.review_due(doc)
        pages.append(
            {
                "id": doc.id,
                "title": doc.title,
                "url": url,
                "type": doc.type,
                "owner": doc.owner,
                "reviewed": doc.reviewed.isoformat() if doc.reviewed else None,
                "review_due": due.isoformat() if due and doc.status != "retired" else None,
                "status": doc.status,
                "summary": doc.meta.summary,
                "tags": list(doc.meta.tags),
            }
        )
    return json.dumps({"pages": pages}, ensure_ascii=False, indent=2) + "\n"
