"""What each owner has to look at: pages due for review, stale contacts,
agreements that end. Shared by the site's review dashboard and ``kb review``."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from ..fields.durations import add_days
from ..model import Bank, Document

KINDS = ("overdue", "due", "stale_contact", "agreement_expired", "agreement_ending")


@dataclass(frozen=True)
class ReviewItem:
    kind: str
    doc: Document
    day: date  # when it was or will be due
    contact: str | None = None  # the contact's name, for stale_contact

    @property
    def owner(self) -> str:
        return self.doc.owner or ""


def review_items(bank: Bank, today: date, within_days: int = 30) -> Iterator[ReviewItem]:
    """Everything due by ``today + within_days``, in a stable order."""
    horizon = add_days(today, within_days)
    for doc in bank.documents:
        if not doc.readable or doc.status == "retired":
            continue
        due = bank.review_due(doc)
        if due is not None and due <= horizon:
            yield ReviewItem("overdue" if due < today else "due", doc, due)
        max_age = bank.config.kb.contact_max_age
        for contact in doc.contacts:
            stale_after = max_age.after(contact.verified)
            if stale_after <= horizon:
                yield ReviewItem("stale_contact", doc, stale_after, contact.name)
        valid_until = getattr(doc.meta, "valid_until", None)
        if doc.type == "agreement" and valid_until is not None:
            warning_end = bank.config.kb.agreement_warning.after(today)
            if valid_until < today:
                yield ReviewItem("agreement_expired", doc, valid_until)
            elif valid_until <= max(warning_end, horizon):
                yield ReviewItem("agreement_ending", doc, valid_until)


def by_owner(items: list[ReviewItem]) -> dict[str, list[ReviewItem]]:
    groups: dict[str, list[ReviewItem]] = {}
    for item in sorted(items, key=lambda i: (i.owner, i.day, i.doc.path, i.contact or "")):
        groups.setdefault(item.owner, []).append(item)
    return dict(sorted(groups.items()))
