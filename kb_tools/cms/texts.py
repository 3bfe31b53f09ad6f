"""The Swedish words of the editor's form: labels, hints and option names.

Hints quote the editors' guide (``docs/redaktorer/andra-i-kunskapsbanken.md``)
where it explains a key, so the form says what the guide says; a test keeps
the two in step. :mod:`.widgets` puts them on the fields.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..text.swedish import STATUS_NAMES


@dataclass(frozen=True)
class Hint:
    """A field's help text: *guide* is quoted from the editors' guide (a test
    keeps the two in step), *form* adds what only the form needs."""

    guide: str = ""
    form: str = ""

    def text(self) -> str:
        guide = self.guide[:1].upper() + self.guide[1:]
        return " ".join(part for part in (guide + "." if guide else "", self.form) if part)


LABELS = {
    "title": "Rubrik",
    "owner": "Ägare",
    "reviewed": "Senast granskad",
    "review_every": "Granskningsintervall",
    "status": "Status",
    "visibility": "Synlighet",
    "tags": "Ämnesord",
    "summary": "Sammanfattning",
    "partners": "Samverkansparter",
    "related": "Relaterade sidor",
    "org_type": "Typ av organisation",
    "website": "Webbplats",
    "phone": "Växelnummer",
    "email": "Funktionsbrevlåda",
    "address": "Adress",
    "contacts": "Kontaktpersoner",
    "parties": "Parter",
    "valid_from": "Giltig från",
    "valid_until": "Giltig till",
    "signed": "Undertecknad",
    "notice": "Uppsägningstid",
    "document": "Undertecknat dokument",
    "terms": "Termer",
    "body": "Text",
}
ITEM_LABELS = {
    "contacts": {
        "name": "Namn",
        "role": "Roll",
        "email": "E-post",
        "phone": "Telefon",
        "verified": "Uppgifterna bekräftade",
        "public": "Får synas i den publika versionen",
        "note": "Anteckning",
    },
    "terms": {"term": "Term", "expansion": "Betydelse", "description": "Förklaring"},
}
ITEM_NAMES = {
    "contacts": ("kontaktperson", "{{fields.name}} – {{fields.role}}"),
    "terms": ("term", "{{fields.term}} – {{fields.expansion}}"),
}

HINTS = {
    "title": Hint("sidans rubrik", "Filnamnet och sidans id görs av rubriken när sidan skapas."),
    "owner": Hint("den roll som äger sidan"),
    "reviewed": Hint("senaste dag ägaren bekräftade att sidan stämmer"),
    "review_every": Hint("hur ofta sidan ska granskas, till exempel 6 months eller 1 year"),
    "status": Hint(
        form="Lämna tomt för gällande. Ett utkast publiceras inte; en upphörd sida "
        "finns kvar med en tydlig markering."
    ),
    "visibility": Hint(form="Lämna tomt för standard."),
    "tags": Hint("ämnesord som hjälper sökningen", "Skriv orden med kommatecken emellan."),
    "summary": Hint("en mening om vad sidan handlar om; visas i listor och sökresultat"),
    "partners": Hint("samverkansparter som sidan gäller"),
    "related": Hint("andra sidor som är bra att läsa"),
    "org_type": Hint("typ av organisation"),
    "website": Hint("webbplatsens adress", "Börjar med https://."),
    "phone": Hint("växelnummer"),
    "email": Hint("funktionsbrevlåda"),
    "address": Hint("besöks- eller postadress"),
    "contacts": Hint("lista med kontaktpersoner"),
    "parties": Hint("samverkansparterna som överenskommelsen är tecknad med"),
    "valid_from": Hint("första dag överenskommelsen gäller"),
    "valid_until": Hint("sista dag den gäller; utelämnas om den gäller tills vidare"),
    "signed": Hint("datum då den undertecknades"),
    "notice": Hint("uppsägningstid, till exempel 3 months"),
    "document": Hint(
        "sökväg till den undertecknade filen",
        "Ladda upp filen här; den sparas i mappen dokument bredvid sidan.",
    ),
    "terms": Hint(form="Förkortningar och begrepp; de förklaras på varje sida där de står."),
    "body": Hint(
        form="Skrivs i Markdown: ## för rubriker, 1. och - för listor. "
        "Rutor med !!! och förkortningar skrivs bara i Markdown-läget."
    ),
}
ITEM_HINTS = {
    "contacts": {
        "email": Hint(form="Fyll i e-post eller telefon, eller båda."),
        "phone": Hint(form="Fyll i e-post eller telefon, eller båda."),
        "verified": Hint("senaste dag någon kontrollerade att uppgifterna stämmer"),
        "public": Hint("om personen får synas i den publika versionen"),
        "note": Hint("till exempel när personen nås bäst"),
    },
    "terms": {
        "term": Hint("förkortningen, till exempel HVB"),
        "expansion": Hint("vad den står för"),
        "description": Hint("en mening som förklarar"),
    },
}
OPTION_LABELS = {
    "status": dict(STATUS_NAMES),
    "visibility": {
        "internal": "Intern (bara intranätet)",
        "public": "Publik (även den publika versionen)",
    },
    "org_type": {
        "municipality": "Kommun",
        "region": "Region",
        "agency": "Myndighet",
        "school": "Skola",
        "company": "Företag",
        "association": "Förening",
        "other": "Annan",
    },
}
PATTERN_MESSAGES = {
    "duration": "Skriv till exempel 6 months, 1 year, 90 days eller 8 weeks.",
    "slug": "Bara små bokstäver a–z, siffror och bindestreck.",
    "email": "Skriv en e-postadress, till exempel namn@example.se.",
    "uri": "Skriv en webbadress som börjar med https://.",
    "phone": "Skriv ett telefonnummer, till exempel 070-174 06 05 eller 114 14.",
}
