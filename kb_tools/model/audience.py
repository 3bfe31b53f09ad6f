"""Who a build is for: the internal site, or the public one.

The public build holds only published ``visibility: public`` pages and only
contact details marked ``public: true``; everything that lists pages or
contacts (panels, backlinks, generated pages, exports) asks this class.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import Bank, Contact, Document


@dataclass(frozen=True)
class Audience:
    public: bool = False

    @property
    def name(self) -> str:
        return "public" if self.public else "internal"

    def includes(self, bank: Bank, doc: Document) -> bool:
        if not doc.readable or not doc.is_published:
            return False
        return not self.public or bank.visibility(doc) == "public"

    def shows_contact(self, contact: Contact) -> bool:
        return not self.public or contact.public

    def documents(self, bank: Bank) -> list[Document]:
        return [d for d in bank.documents if self.includes(bank, d)]
