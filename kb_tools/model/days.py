"""Where an agreement stands on a given day.

The other rules of a day are the Bank's methods too, stated once there and
asked by the checks, ``kb review`` and ``kb remind``, the site's panels and
generated pages and the calendar export: when a page's review is due and
whether it is overdue (:meth:`~kb_tools.model.Bank.review_due`,
:meth:`~kb_tools.model.Bank.review_overdue`), when a contact's details go
stale (:meth:`~kb_tools.model.Bank.contact_stale_after`), and
:meth:`~kb_tools.model.Bank.agreement_state`, whose answers are these.
"""

from __future__ import annotations

from enum import StrEnum


class AgreementState(StrEnum):
    """An agreement's state on a day. ``ENDING``: it ends within the bank's
    ``agreement_warning`` (that day included); ``EXPIRED``: its
    ``valid_until`` has passed though the page is not retired."""

    ACTIVE = "active"
    UNTIL_FURTHER_NOTICE = "until_further_notice"  # no valid_until
    ENDING = "ending"
    EXPIRED = "expired"
    RETIRED = "retired"

    @property
    def in_force(self) -> bool:
        return self in (AgreementState.ACTIVE, AgreementState.UNTIL_FURTHER_NOTICE,
                        AgreementState.ENDING)
