"""KB100–KB109: the files the bank refused to read, the front matter
itself, ids and owners."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..diagnostics import Diagnostic, finding
from ..fields.validation import did_you_mean
from ..i18n import msg
from ..model import Bank
from ..model.loader import owners_hint


def check(bank: Bank, today: date) -> Iterator[Diagnostic]:
    yield from bank.refused
    for doc in bank.documents:
        yield from doc.problems
    yield from _duplicate_ids(bank)
    yield from _unknown_owners(bank)


def _duplicate_ids(bank: Bank) -> Iterator[Diagnostic]:
    """KB104 only where a page chose a taken id with ``id:``. Ids that come
    from file names may collide (``faq.md`` in two folders): such an id is
    ambiguous, and only a reference that uses it is a problem (KB201)."""
    for doc_id, docs in bank.ids.items():
        declared = [d for d in docs if d.id_declared]
        if len(docs) < 2 or not declared:
            continue
        for doc in declared:
            others = [d.path for d in docs if d is not doc]
            position = doc.front_matter.value_position(("id",))
            yield finding(
                "KB104",
                doc.path,
                position.line,
                position.column,
                msg(
                    "duplicate id '{id}' (set with 'id:'): also the id of {paths}",
                    id=doc_id,
                    paths=", ".join(others),
                ),
                msg("give one of the pages a unique 'id:' (or rename the file)"),
            )


def _unknown_owners(bank: Bank) -> Iterator[Diagnostic]:
    owners = bank.config.kb.owners
    for doc in bank.documents:
        owner = doc.owner
        if owner is None or owner in owners:
            continue
        position = doc.position("owner")
        hint = did_you_mean(owner, owners) or owners_hint(list(owners))
        yield finding(
            "KB105",
            doc.path,
            position.line,
            position.column,
            msg("unknown owner '{owner}'", owner=owner),
            hint,
        )
