"""What each owner has to look at on a day: pages due for review, contacts to
confirm, agreements that end. Shared by the site's review dashboard,
``kb review`` and ``kb remind``.

Each kind of item has one label, stated here, a message: owners read it in
Swedish on the site and in their mail, and the tracking issue and the
terminal report show it in the run's language. When a page, contact or
agreement is due is the model's rule (:class:`kb_tools.model.Bank`); this
module only gathers.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from ..fields.durations import add_days
from ..i18n import SWEDISH, Message, msg, relative_day
from ..model import AgreementState, Bank, Document


@dataclass(frozen=True)
class ReviewKind:
    """A kind of review item and how it is told."""

    name: str
    label: Message  # the site, the mails, the tracking issue, the terminal report
    day: Message  # what the item's day is, with {date} and {when} ("ends on ...")
    late: bool  # its day has passed (the site marks it so)

    @property
    def swedish(self) -> str:
        """The label as owners read it on the site and in their mail."""
        return self.label.render(SWEDISH)


_KINDS = (
    ReviewKind("overdue", msg("Review overdue"), msg("was due {date} ({when})"), late=True),
    ReviewKind("due", msg("Review due soon"), msg("due {date} ({when})"), late=False),
    ReviewKind(
        "stale_contact", msg("Contact to confirm"), msg("confirm by {date} ({when})"), late=False
    ),
    ReviewKind(
        "agreement_expired",
        msg("Agreement has expired"),
        msg("was valid until {date} ({when})"),
        late=True,
    ),
    ReviewKind(
        "agreement_ending", msg("Agreement ends"), msg("valid until {date} ({when})"), late=False
    ),
)
KINDS: dict[str, ReviewKind] = {kind.name: kind for kind in _KINDS}


@dataclass(frozen=True)
class ReviewItem:
    kind: str
    doc: Document
    day: date  # when it was or will be due
    contact: str | None = None  # the contact's name, for stale_contact

    @property
    def owner(self) -> str:
        return self.doc.owner or ""

    @property
    def label(self) -> ReviewKind:
        return KINDS[self.kind]

    def what(self) -> Message:
        """What to look at: ``Contact to confirm: Anna Berg``."""
        if self.contact:
            return msg("{label}: {contact}", label=self.label.label, contact=self.contact)
        return self.label.label

    def swedish(self) -> str:
        """What to look at, as owners read it: ``Kontakt behöver bekräftas: Anna Berg``."""
        return self.what().render(SWEDISH)

    def when(self, today: date) -> Message:
        """The item's day and how far it is from *today*, labelled by what
        it is: ``due 2026-12-10 (in 17 days)``, ``valid until 2027-01-31 (in 69 days)``."""
        return self.label.day.with_args(date=self.day, when=relative_day(self.day, today))


def review_items(bank: Bank, today: date, within_days: int = 30) -> Iterator[ReviewItem]:
    """Everything due by ``today + within_days``, in a stable order."""
    horizon = add_days(today, within_days)
    for doc in bank.documents:
        if not doc.readable or doc.is_retired:
            continue
        due = bank.review_due(doc)
        if due is not None and due <= horizon:
            kind = "overdue" if bank.review_overdue(doc, today) else "due"
            yield ReviewItem(kind, doc, due)
        for contact in doc.contacts:
            stale_after = bank.contact_stale_after(contact)
            if stale_after <= horizon:
                yield ReviewItem("stale_contact", doc, stale_after, contact.name)
        state = bank.agreement_state(doc, today)
        valid_until = doc.valid_until
        if valid_until is None:
            continue
        if state is AgreementState.EXPIRED:
            yield ReviewItem("agreement_expired", doc, valid_until)
        elif state is AgreementState.ENDING or (
            state is AgreementState.ACTIVE and valid_until <= horizon
        ):
            yield ReviewItem("agreement_ending", doc, valid_until)


def by_owner(items: list[ReviewItem]) -> dict[str, list[ReviewItem]]:
    groups: dict[str, list[ReviewItem]] = {}
    for item in sorted(items, key=lambda i: (i.owner, i.day, i.doc.path, i.contact or "")):
        groups.setdefault(item.owner, []).append(item)
    return dict(sorted(groups.items()))
