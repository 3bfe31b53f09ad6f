"""HTML fragments around a page's content: the metadata panel, banners,
contact cards, partners, backlinks and related pages.

Plain functions from (bank, document, today, audience) to escaped HTML, so any
site engine can place them; the MkDocs plugin injects them into the page.
Dates are rendered for the build day and carry ``data-kb-*`` attributes so
``kb.js`` can re-decide "overdue" and "stale" on the day the page is read.

Made for screen readers and keyboards too. A banner is a note whose title
is a heading, found among the page's headings; it is no live region: it is
part of the page as it opens (``kb.js`` shows an overdue banner before the
page is read), and announcing it over the page's title on every visit would
interrupt more than it tells. Contacts are a list of cards, each a
definition list, and every phone and mail link says whom it reaches
("Ring Leila Haddad, 070-174 06 23": the name of the link holds its visible
text, WCAG 2.5.3).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from html import escape
from urllib.parse import quote

from ..fields import national_format, tel_number
from ..fields.vocabulary import DOC_TYPES
from ..model import AgreementState, Audience, Bank, Contact, Document
from ..text.escaping import WEB_SCHEMES, safe_url
from ..text.swedish import (
    STATUS_NAMES,
    TYPE_NAMES,
    TYPE_PLURALS,
    age,
    days_until,
    duration,
    format_date,
)


@dataclass(frozen=True)
class PageContext:
    bank: Bank
    doc: Document
    today: date
    audience: Audience
    suggestions: tuple[Document, ...] = ()  # similar pages, from the search analysis

    def url_of(self, target: Document) -> str:
        return self.bank.relative_url(target, self.doc)

    def link(self, target: Document) -> str:
        # Percent-encoded like the engine's own links: a file named
        # "javascript:….md" must stay a path, not become a scheme.
        href = quote(self.url_of(target), safe="/#")
        return f'<a href="{escape(href)}">{escape(target.title)}</a>'


def _time(day: date) -> str:
    return f'<time datetime="{day.isoformat()}">{format_date(day)}</time>'


def _row(label: str, value: str) -> str:
    return f"<div><dt>{label}</dt><dd>{value}</dd></div>"


def header(ctx: PageContext) -> str:
    """Metadata panel and banners, placed under the page title."""
    doc, bank = ctx.doc, ctx.bank
    if doc.type == "page" and doc.owner is None and doc.reviewed is None:
        return ""
    rows = [_row("Typ", TYPE_NAMES[doc.type])]
    owner = bank.config.kb.owners.get(doc.owner or "")
    if owner is not None:
        name = escape(owner.name)
        if owner.email and not ctx.audience.public:
            name = _mailto(owner.email, f"Skicka e-post till {owner.name}", shown=owner.name)
        rows.append(_row("Ägare", name))
    if doc.reviewed is not None:
        rows.append(_row("Senast granskad", _time(doc.reviewed)))
    due = bank.next_review(doc)
    if due is not None:
        rows.append(_row("Nästa granskning", _time(due)))
    rows.append(_row("Status", STATUS_NAMES[doc.status]))
    rows += _agreement_rows(ctx)
    # kb.js decides "overdue" again on the day the page is read (due < that day).
    attributes = f' data-kb-review-due="{due.isoformat()}"' if due is not None else ""
    panel = f'<dl class="kb-meta" data-pagefind-ignore{attributes}>{"".join(rows)}</dl>'
    return panel + "".join(_banners(ctx, due))


def _agreement_rows(ctx: PageContext) -> list[str]:
    doc = ctx.doc
    if doc.type != "agreement":
        return []
    rows = []
    valid_from, valid_until, notice = doc.valid_from, doc.valid_until, doc.notice
    if valid_from is not None:
        rows.append(_row("Giltig från", _time(valid_from)))
    rows.append(_row("Giltig till", _time(valid_until) if valid_until else "Tills vidare"))
    if notice is not None:
        rows.append(_row("Uppsägningstid", escape(duration(notice))))
    return rows


def _banner(kind: str, level: str, title: str, text: str, attributes: str = "") -> str:
    """An admonition whose title is a heading that names the note. Search
    leaves it out: it says how the page stands, not what it is about."""
    heading = f"kb-banner-{kind}"
    return (
        f'<div class="admonition {level} kb-banner kb-banner--{kind}" role="note"'
        f' aria-labelledby="{heading}" data-pagefind-ignore{attributes}>'
        f'<h2 class="admonition-title" id="{heading}">{title}</h2><p>{text}</p></div>'
    )


def _banners(ctx: PageContext, due: date | None) -> Iterable[str]:
    doc, today = ctx.doc, ctx.today
    if doc.is_retired:
        yield _banner(
            "retired", "danger", "Upphörd",
            "Den här sidan gäller inte längre. Den finns kvar som referens; "
            "följ den inte i nya ärenden.",
        )
        return
    if due is not None:
        owner = ctx.bank.config.kb.owners.get(doc.owner or "")
        who = f" med ägaren ({escape(owner.name)})" if owner else ""
        # Hidden until overdue; kb.js shows it on the day it becomes so.
        hidden = "" if ctx.bank.review_overdue(doc, today) else " hidden"
        yield _banner(
            "overdue", "warning", "Granskningen är försenad",
            f"Sidan skulle ha granskats senast {_time(due)}. Kontrollera uppgifterna{who} "
            "innan du går efter den.",
            f" data-kb-overdue-banner{hidden}",
        )
    if doc.type == "agreement":
        yield from _agreement_banner(ctx)


def _agreement_banner(ctx: PageContext) -> Iterable[str]:
    valid_until = ctx.doc.valid_until
    state = ctx.bank.agreement_state(ctx.doc, ctx.today)
    if valid_until is None:
        return
    if state is AgreementState.EXPIRED:
        yield _banner(
            "expired", "danger", "Överenskommelsen har gått ut",
            f"Den gällde till och med {_time(valid_until)}.",
        )
    elif state is AgreementState.ENDING:
        yield _banner(
            "ending", "warning", "Överenskommelsen löper snart ut",
            f"Den gäller till och med {_time(valid_until)} "
            f"({days_until(valid_until, ctx.today)}).",
        )


def footer(ctx: PageContext) -> str:
    """Sections after the content: organisation, contacts, partners,
    backlinks and related pages."""
    parts = [
        _organisation(ctx),
        _contacts(ctx),
        _partners(ctx),
        _backlinks(ctx),
        _related(ctx),
    ]
    return "".join(part for part in parts if part)


def _organisation(ctx: PageContext) -> str:
    doc = ctx.doc
    if doc.type != "partner":
        return ""
    rows = []
    phone, email, website, address = doc.phone, doc.email, doc.website, doc.address
    if phone:
        rows.append(_row("Växel", _tel(phone, f"Ring växeln hos {ctx.doc.title}")))
    if email:
        rows.append(_row("E-post", _mailto(email, f"Skicka e-post till {ctx.doc.title}")))
    if website and safe_url(website, WEB_SCHEMES):  # validated too; a link runs nothing else
        rows.append(_row("Webbplats", f'<a href="{escape(website)}">{escape(website)}</a>'))
    if address:
        rows.append(_row("Adress", escape(address)))
    if not rows:
        return ""
    return (
        '<section class="kb-section kb-organisation"><h2 id="kb-organisation">Organisationen</h2>'
        f'<dl class="kb-meta kb-meta--plain">{"".join(rows)}</dl></section>'
    )


def _tel(phone: str, action: str) -> str:
    """A phone link named by *action* and the number it shows."""
    shown = national_format(phone)
    return (
        f'<a href="tel:{escape(tel_number(phone))}" aria-label="{escape(f"{action}, {shown}")}">'
        f"{escape(shown)}</a>"
    )


def _mailto(email: str, action: str, shown: str | None = None) -> str:
    """A mail link named by *action* and what it shows (the address)."""
    label = action if shown is not None else f"{action}, {email}"
    return (
        f'<a href="mailto:{escape(email)}" aria-label="{escape(label)}">'
        f"{escape(shown if shown is not None else email)}</a>"
    )


def _detail(css: str, term: str, value: str) -> str:
    return f'<div class="{css}"><dt>{term}</dt><dd>{value}</dd></div>'


def contact_card(bank: Bank, contact: Contact, today: date) -> str:
    """One contact as an item of the contact list. It carries the last day
    its details count as confirmed, which ``kb.js`` compares with the day
    the page is read."""
    stale_after = bank.contact_stale_after(contact)
    stale = bank.contact_stale(contact, today)
    lines = [
        f"<h3>{escape(contact.name)}</h3>",
        f'<p class="kb-contact__role">{escape(contact.role)}</p>',
    ]
    details = []
    if contact.phone:
        details.append(_detail(
            "kb-contact__phone", "Telefon", _tel(contact.phone, f"Ring {contact.name}")
        ))
    if contact.email:
        details.append(_detail(
            "kb-contact__email", "E-post",
            _mailto(contact.email, f"Skicka e-post till {contact.name}"),
        ))
    lines.append(f'<dl>{"".join(details)}</dl>')
    if contact.note:
        lines.append(f'<p class="kb-contact__note">{escape(contact.note)}</p>')
    lines.append(
        f'<p class="kb-contact__verified">Uppgifterna bekräftade {_time(contact.verified)} '
        f"({age(contact.verified, today)})</p>"
    )
    hidden = "" if stale else " hidden"
    lines.append(
        f'<p class="kb-contact__stale" data-kb-stale-note{hidden}>'
        "Behöver bekräftas igen: uppgifterna kan vara inaktuella.</p>"
    )
    css = "kb-contact kb-contact--stale" if stale else "kb-contact"
    return (
        f'<li class="{css}" data-kb-stale-after="{stale_after.isoformat()}">'
        f'{"".join(lines)}</li>'
    )


def _contacts(ctx: PageContext) -> str:
    if ctx.doc.type != "partner":
        return ""
    cards = [
        contact_card(ctx.bank, c, ctx.today)
        for c in ctx.doc.contacts
        if ctx.audience.shows_contact(c)
    ]
    if not cards:
        return ""
    return (
        '<section class="kb-section kb-contacts"><h2 id="kb-kontaktpersoner">Kontaktpersoner</h2>'
        f'<ul class="kb-contact-grid">{"".join(cards)}</ul></section>'
    )


def _visible(ctx: PageContext, docs: Iterable[Document]) -> list[Document]:
    return [d for d in docs if ctx.audience.includes(ctx.bank, d) and d is not ctx.doc]


def _partners(ctx: PageContext) -> str:
    ids = ctx.doc.partner_ids
    partners = _visible(ctx, _unique(ctx.bank.get(i, "partner") for i in ids))
    if not partners:
        return ""
    items = []
    for partner in partners:
        phone = partner.phone
        extra = f" – växel {_tel(phone, f'Ring växeln hos {partner.title}')}" if phone else ""
        items.append(f"<li>{ctx.link(partner)}{extra}</li>")
    title = "Parter" if ctx.doc.type == "agreement" else "Berörda samverkansparter"
    return (
        '<section class="kb-section kb-partners" data-pagefind-ignore>'
        f'<h2 id="kb-parter">{title}</h2>'
        f'<ul>{"".join(items)}</ul></section>'
    )


def _unique(docs: Iterable[Document | None]) -> list[Document]:
    seen: dict[str, Document] = {}
    for doc in docs:
        if doc is not None:
            seen.setdefault(doc.src_path, doc)
    return list(seen.values())


def _backlinks(ctx: PageContext) -> str:
    sources = _visible(ctx, ctx.bank.backlinks(ctx.doc))
    if not sources:
        return ""
    groups: dict[str, list[Document]] = {}
    for source in sources:
        groups.setdefault(source.type, []).append(source)
    blocks = []
    for doc_type in DOC_TYPES:
        docs = sorted(groups.get(doc_type, []), key=lambda d: d.title.casefold())
        if docs:
            items = "".join(f"<li>{ctx.link(d)}</li>" for d in docs)
            blocks.append(f"<h3>{TYPE_PLURALS[doc_type]}</h3><ul>{items}</ul>")
    heading = (
        "Rutiner, överenskommelser och mallar som rör parten"
        if ctx.doc.type == "partner"
        else "Här används sidan"
    )
    return (
        '<section class="kb-section kb-backlinks" data-pagefind-ignore>'
        f'<h2 id="kb-hanvisningar">{heading}</h2>'
        f'{"".join(blocks)}</section>'
    )


RELATED_LIMIT = 5


def _related(ctx: PageContext) -> str:
    """Hand-picked related pages first, then the most similar ones."""
    chosen = [ctx.bank.get(i) for i in ctx.doc.meta.related]
    related = _visible(ctx, _unique([*chosen, *ctx.suggestions]))
    related = related[: max(RELATED_LIMIT, len(ctx.doc.meta.related))]
    if not related:
        return ""
    items = "".join(
        f'<li>{ctx.link(d)} <span class="kb-type">{TYPE_NAMES[d.type]}</span></li>'
        for d in related
    )
    return (
        '<section class="kb-section kb-related" data-pagefind-ignore>'
        '<h2 id="kb-relaterat">Relaterat</h2>'
        f"<ul>{items}</ul></section>"
    )
