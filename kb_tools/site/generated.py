"""Pages nobody writes by hand, always current: partner directory, agreement
register, review dashboard, tag index, the accessibility statement, and the
glossary's term table.

Each is Markdown with relative ``.md`` links, so the site engine resolves and
validates the links like any other page. Every value from the bank goes
through :func:`~kb_tools.text.escaping.markdown_text` (or ``markdown_url``), so a
title, tag or name is shown as written and can never become markup. Each
page names its tables (:class:`~kb_tools.site.tables.Table`: a caption, and
whether the first column heads each row), which Markdown cannot say.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import yaml

from ..config.federation import ATTRIBUTE, SearchFederation
from ..fields import national_format, tel_number
from ..fields.vocabulary import DOC_TYPES
from ..i18n import SWEDISH, msg_n
from ..model import AgreementState, Audience, Bank, Document
from ..review.items import by_owner, review_items
from ..text.escaping import html_text, markdown_text, markdown_url, one_line
from ..text.swedish import (
    ORG_TYPE_NAMES,
    TYPE_NAMES,
    TYPE_PLURALS,
    days_until,
    duration,
    format_date,
)
from . import statement, theming
from .tables import Table

FOLDER = "oversikt"
STATEMENT_PAGE = f"{theming.STATEMENT_PAGE}.md"
GLOSSARY_TABLE = Table("Förkortningar och begrepp, med betydelse och förklaring")


@dataclass(frozen=True)
class GeneratedPage:
    src_path: str
    title: str
    markdown: str
    tables: tuple[Table, ...] = ()  # the page's tables, in order


def _link(target: Document, source: str) -> str:
    relative = posixpath.relpath(target.src_path, posixpath.dirname(source) or ".")
    return f"[{markdown_text(target.title)}]({markdown_url(relative)})"


def _front(title: str, summary: str) -> str:
    front = yaml.safe_dump(
        {"title": one_line(title), "summary": one_line(summary)},
        allow_unicode=True, sort_keys=False, width=1_000_000,
    )
    return f"---\n{front}---\n\n# {markdown_text(title)}\n\n"


def partner_directory(bank: Bank, audience: Audience, today: date) -> GeneratedPage:
    src = f"{FOLDER}/samverkansparter.md"
    partners = [d for d in audience.documents(bank) if d.type == "partner"]
    out = [_front("Samverkansparter", "Alla samverkansparter, ordnade efter typ av organisation.")]
    count = msg_n(
        "{n} organisation. Click an organisation for its contact persons.",
        "{n} organisations. Click an organisation for its contact persons.",
        len(partners),
    )
    out.append(count.render(SWEDISH) + "\n")
    groups: dict[str, list[Document]] = {}
    for partner in partners:
        groups.setdefault(partner.org_type or "other", []).append(partner)
    tables = []
    for org_type, heading in ORG_TYPE_NAMES.items():
        members = sorted(groups.get(org_type, []), key=lambda d: d.title.casefold())
        if not members:
            continue
        tables.append(Table(f"{heading}: växelnummer, kontaktpersoner och senaste granskning"))
        out.append(f"## {heading}\n\n| Organisation | Växel | Kontaktpersoner | Senast granskad |")
        out.append("|---|---|---:|---|")
        for partner in members:
            phone = partner.phone
            contacts = sum(1 for c in partner.contacts if audience.shows_contact(c))
            reviewed = format_date(partner.reviewed) if partner.reviewed else "–"
            shown_phone = (f"[{markdown_text(national_format(phone))}]"
                           f"({markdown_url('tel:' + tel_number(phone))})" if phone else "–")
            out.append(f"| {_link(partner, src)} | {shown_phone} | {contacts} | {reviewed} |")
        out.append("")
    return GeneratedPage(src, "Samverkansparter", "\n".join(out), tuple(tables))


_STATUS_TEXT = {
    AgreementState.RETIRED: "Upphörd",
    AgreementState.UNTIL_FURTHER_NOTICE: "Gäller tills vidare",
    AgreementState.EXPIRED: "Har gått ut",
    AgreementState.ACTIVE: "Gäller",
}


def _agreement_status(doc: Document, bank: Bank, today: date) -> str:
    state = bank.agreement_state(doc, today) or AgreementState.ACTIVE
    # The CSS classes: an agreement without an end date is simply in force.
    css = "active" if state is AgreementState.UNTIL_FURTHER_NOTICE else state.value
    if state is AgreementState.ENDING and doc.valid_until is not None:
        text = f"Löper snart ut ({days_until(doc.valid_until, today)})"
    else:
        text = _STATUS_TEXT[state]
    return f'<span class="kb-status kb-status--{css}">{text}</span>'


def agreement_register(bank: Bank, audience: Audience, today: date) -> GeneratedPage:
    src = f"{FOLDER}/overenskommelser.md"
    agreements = sorted(
        (d for d in audience.documents(bank) if d.type == "agreement"),
        key=lambda d: (d.is_retired, d.title.casefold()),
    )
    out = [_front("Överenskommelser", "Register över överenskommelser med samverkansparter.")]
    out.append("| Överenskommelse | Parter | Giltig | Uppsägningstid | Status |")
    out.append("|---|---|---|---|---|")
    for doc in agreements:
        parties = []
        for party_id in doc.parties:
            party = bank.get(party_id, "partner")
            if party is not None and audience.includes(bank, party):
                parties.append(_link(party, src))
        valid_from, valid_until, notice = doc.valid_from, doc.valid_until, doc.notice
        start = format_date(valid_from) if valid_from else "–"
        end = format_date(valid_until) if valid_until else "tills vidare"
        out.append(
            f"| {_link(doc, src)} | {', '.join(parties) or '–'} | {start} – {end} "
            f"| {duration(notice) if notice else '–'} | {_agreement_status(doc, bank, today)} |"
        )
    out.append("")
    table = Table("Överenskommelser med parter, giltighetstid, uppsägningstid och status")
    return GeneratedPage(src, "Överenskommelser", "\n".join(out), (table,))


def review_dashboard(bank: Bank, audience: Audience, today: date) -> GeneratedPage | None:
    """Overdue and soon due, per owner. Internal builds only."""
    if audience.public:
        return None
    src = f"{FOLDER}/granskning.md"
    items = [i for i in review_items(bank, today, within_days=30) if audience.includes(bank, i.doc)]
    out = [_front("Granskning", "Vad som är försenat eller ska granskas inom 30 dagar, per ägare.")]
    status = msg_n(
        "As of {date}: {n} thing to look at.", "As of {date}: {n} things to look at.", len(items),
        date=today,
    )
    out.append(status.render(SWEDISH) + "\n")
    if not items:
        out.append("Allt är granskat i tid. :material-check:\n")
    tables = []
    for owner_id, owned in by_owner(items).items():
        owner = bank.config.kb.owners.get(owner_id)
        name = owner.name if owner else (owner_id or "Utan ägare")
        out.append(f"## {markdown_text(name)}\n")
        if owner is not None and owner.email:
            email = markdown_text(owner.email)
            out.append(f"E-post: [{email}]({markdown_url('mailto:' + owner.email)})\n")
        tables.append(Table(f"Att se över för {one_line(name)}", row_headers=False))
        out.append("| Vad | Sida | Datum | När |\n|---|---|---|---|")
        for item in owned:
            css = "expired" if item.label.late else "ending"
            what = markdown_text(item.swedish())
            out.append(
                f'| <span class="kb-status kb-status--{css}">{what}</span> '
                f"| {_link(item.doc, src)} | {format_date(item.day)} "
                f"| {days_until(item.day, today)} |"
            )
        out.append("")
    return GeneratedPage(src, "Granskning", "\n".join(out), tuple(tables))


def tag_index(bank: Bank, audience: Audience, today: date) -> GeneratedPage:
    src = f"{FOLDER}/taggar.md"
    tags: dict[str, list[Document]] = {}
    for doc in audience.documents(bank):
        for tag in doc.meta.tags:
            tags.setdefault(tag, []).append(doc)
    out = [_front("Taggar", "Alla sidor ordnade efter ämne.")]
    for tag in sorted(tags, key=str.casefold):
        out.append(f"## {markdown_text(tag)}\n")
        for doc in sorted(tags[tag], key=lambda d: d.title.casefold()):
            out.append(f"- {_link(doc, src)} ({TYPE_NAMES[doc.type].lower()})")
        out.append("")
    return GeneratedPage(src, "Taggar", "\n".join(out))


def glossary_table(doc: Document) -> str:
    """The glossary page's terms as a table (:data:`GLOSSARY_TABLE`),
    appended to its own text."""
    terms = sorted(doc.terms, key=lambda t: t.term.casefold())
    if not terms:
        return ""
    out = ["", "| Förkortning | Betydelse | Förklaring |", "|---|---|---|"]
    for term in terms:
        out.append(
            f"| **{markdown_text(term.term)}** | {markdown_text(term.expansion)} "
            f"| {markdown_text(term.description or '')} |"
        )
    return "\n".join(out) + "\n"


def abbreviation_definitions(bank: Bank) -> list[tuple[str, str]]:
    """``(term, definition line)`` for each glossary abbreviation: the
    ``abbr`` extension's tooltips, on every page that uses the term."""
    lines = []
    for glossary in bank.of_type("glossary"):
        for term in glossary.terms:
            if not (term.term.isupper() or any(ch.isupper() for ch in term.term[1:])):
                continue
            # A definition is one line whose term sits between brackets: a
            # term that would end it early, or a line break, could turn the
            # rest into Markdown on every page.
            if one_line(term.term) != term.term or any(c in term.term for c in "[]\\"):
                continue
            lines.append((term.term, f"*[{term.term}]: {one_line(term.expansion)}"))
    return lines


def section_listing(bank: Bank, folder: str, title: str, docs: list[Document]) -> str:
    """An alphabetical list of a large section's pages (its navigation)."""
    src = f"{folder}/index.md"
    out = [msg_n("{n} page.", "{n} pages.", len(docs)).render(SWEDISH) + "\n"]
    letter = ""
    for doc in sorted(docs, key=lambda d: d.title.casefold()):
        first = doc.title[:1].upper()
        if first != letter:
            letter = first
            out.append(f"\n## {markdown_text(letter)}\n")
        summary = f" – {markdown_text(doc.meta.summary)}" if doc.meta.summary else ""
        out.append(f"- {_link(doc, src)}{summary}")
    return "\n".join(out) + "\n"


def search_page(bank: Bank, audience: Audience, today: date) -> GeneratedPage:
    """The page the header's search form opens; Pagefind fills it in."""
    out = [_front("Sök", "Sök bland rutiner, samverkansparter, överenskommelser och mallar.")]
    federation = _federation(bank, audience)
    out.append(f'<div id="kb-search" data-pagefind-base="../pagefind/"{federation}></div>\n')
    out.append(
        "Sökningen förstår böjningar (*avvikelserna*), delar av sammansatta ord "
        "(*hantering* hittar *läkemedelshantering*), förkortningar ur ordlistan och "
        "ord skrivna utan å, ä och ö.\n"
    )
    if federation:
        names = ", ".join(markdown_text(b.name) for b in bank.config.kb.federation)
        out.append(
            f"Sökningen omfattar också andra kunskapsbanker: {names}. Varje träff visar "
            "vilken bank den kommer från, och under *Kunskapsbank* väljer du vilka banker "
            "du söker i.\n"
        )
    return GeneratedPage("sok.md", "Sök", "\n".join(out))


def _federation(bank: Bank, audience: Audience) -> str:
    """The other banks whose public indexes the search page merges, as an
    attribute for ``kb.js``. Public builds only: a search on the intranet
    stays on the intranet (no word typed there reaches another site)."""
    banks = bank.config.kb.federation
    if not audience.public or not banks:
        return ""
    data = SearchFederation(bank.config.site_name, tuple(banks)).to_json()
    return f' {ATTRIBUTE}="{html_text(data)}"'


def public_home(bank: Bank, audience: Audience, today: date) -> GeneratedPage | None:
    """A start page for the public build when the bank's own is internal."""
    home = bank.by_src.get("index.md")
    if not audience.public or (home is not None and audience.includes(bank, home)):
        return None
    src = "index.md"
    out = [_front(bank.config.site_name, "Det som får visas utanför kommunens intranät.")]
    out.append("Här finns den del av kunskapsbanken som är öppen för alla.\n")
    groups: dict[str, list[Document]] = {}
    for doc in audience.documents(bank):
        groups.setdefault(doc.type, []).append(doc)
    for doc_type in DOC_TYPES:
        docs = sorted(groups.get(doc_type, []), key=lambda d: d.title.casefold())
        if docs:
            out.append(f"## {TYPE_PLURALS[doc_type]}\n")
            out += [f"- {_link(doc, src)}" for doc in docs]
            out.append("")
    return GeneratedPage(src, bank.config.site_name, "\n".join(out))


def accessibility_statement(bank: Bank, audience: Audience, today: date) -> GeneratedPage | None:
    """The accessibility statement, on both builds, when the bank has its
    settings (``accessibility:``); a bank's own page of that name wins."""
    settings = bank.config.kb.accessibility
    if settings is None:
        return None
    body = statement.statement_markdown(settings, bank.config.site_name)
    return GeneratedPage(STATEMENT_PAGE, statement.TITLE,
                         _front(statement.TITLE, statement.SUMMARY) + body)


Generator = Callable[[Bank, Audience, date], GeneratedPage | None]
GENERATORS: tuple[Generator, ...] = (
    public_home,
    search_page,
    partner_directory,
    agreement_register,
    review_dashboard,
    tag_index,
    accessibility_statement,
)


def generated_pages(bank: Bank, audience: Audience, today: date) -> list[GeneratedPage]:
    pages = [generate(bank, audience, today) for generate in GENERATORS]
    return [p for p in pages if p is not None]
