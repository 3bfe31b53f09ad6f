"""KB100–KB106: the front matter itself, ids and owners."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..diagnostics import Diagnostic, finding
from ..model import Bank, Document
from ..validation import did_you_mean


def check(bank: Bank, today: date) -> Iterator[Diagnostic]:
    for doc in bank.documents:
        yield from doc.problems
    yield from _duplicate_ids(bank)
    yield from _unknown_owners(bank)


def _duplicate_ids(bank: Bank) -> Iterator[Diagnostic]:
    groups: dict[str, list[Document]] = {}
    for doc in bank.documents:
        if doc.readable:
            groups.setdefault(doc.id, []).append(doc)
    for doc_id, docs in groups.items():
        if len(docs) < 2:
            continue
        explicit = [d for d in docs if "id" in d.front_matter.data]
        # The page that chose a taken id is the one to change; when all (or
        # none) chose it, every page in the clash is reported.
        flagged = explicit if explicit and len(explicit) < len(docs) else docs
        for doc in flagged:
            others = [d.path for d in docs if d is not doc]
            position = doc.front_matter.value_position(("id",))
            how = "set with 'id:'" if "id" in doc.front_matter.data else "from the file name"
            yield finding(
                "KB104",
                doc.path,
                position.line,
                position.column,
                f"duplicate id '{doc_id}' ({how}): also the id of {', '.join(others)}",
                "give one of the pages a unique 'id:' (or rename the file)",
            )


def _unknown_owners(bank: Bank) -> Iterator[Diagnostic]:
    owners = bank.config.kb.owners
    for doc in bank.documents:
        owner = doc.owner
        if owner is None or owner in owners:
            continue
        position = doc.position("owner")
        hint = did_you_mean(owner, owners) or (
            "owners are declared under plugins.kb.owners in mkdocs.yml: "
            + ", ".join(sorted(owners))
        )
        yield finding(
            "KB105", doc.path, position.line, position.column, f"unknown owner '{owner}'", hint
        )
