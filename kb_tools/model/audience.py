"""Who sees what: the internal site or the public one, and a page's visibility.

The public build, ``kb search --public`` and ``kb index --public`` hold only
published ``visibility: public`` pages, and only the contact details marked
``public: true``; everything that lists pages or contacts (the site's panels,
backlinks, generated pages and exports, the search index) asks an
:class:`Audience`. The rule for a page's visibility, :func:`visibility`, is
stated here and nowhere else (:meth:`kb_tools.model.Bank.visibility` asks it).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..fields.vocabulary import Visibility

if TYPE_CHECKING:
    from ..config import KBConfig
    from .bank import Bank
    from .document import Document
    from .documents import Contact


def visibility(doc: Document, kb: KBConfig) -> Visibility:
    """The page's own ``visibility``, else the bank's ``default_visibility``."""
    return doc.meta.visibility or kb.default_visibility


@dataclass(frozen=True)
class Audience:
    public: bool = False
    # Pages the site engine left out although kb would show them (another
    # plugin excluded them): nothing may list or link them.
    withheld: frozenset[str] = frozenset()

    @classmethod
    def named(cls, name: str) -> Audience:
        """``"public"`` or ``"internal"`` (what ``kb build`` and the plugin's
        ``audience`` option say) as an audience."""
        if name not in ("public", "internal"):
            raise ValueError(f"expected 'internal' or 'public', found '{name}'")
        return cls(public=name == "public")

    def without(self, src_paths: frozenset[str]) -> Audience:
        """This audience, with the pages *src_paths* withheld as well."""
        return replace(self, withheld=self.withheld | src_paths)

    @property
    def name(self) -> str:
        return "public" if self.public else "internal"

    def sees(self, doc: Document, kb: KBConfig) -> bool:
        """Whether a page is shown to this audience at all: readable,
        published (not a draft), and public where the audience is."""
        if not doc.readable or not doc.is_published or doc.src_path in self.withheld:
            return False
        return not self.public or visibility(doc, kb) == "public"

    def finds(self, doc: Document, kb: KBConfig) -> bool:
        """Whether search finds the page: shown, and in force (a retired page
        is shown, with its banner, but no search leads to it)."""
        return self.sees(doc, kb) and doc.is_active

    def includes(self, bank: Bank, doc: Document) -> bool:
        return self.sees(doc, bank.config.kb)

    def shows_contact(self, contact: Contact) -> bool:
        return not self.public or contact.public

    def documents(self, bank: Bank) -> list[Document]:
        return [d for d in bank.documents if self.includes(bank, d)]


INTERNAL = Audience()
PUBLIC = Audience(public=True)
