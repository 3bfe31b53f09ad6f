"""The accessibility statement (tillgänglighetsredogörelse) as Markdown, from
the bank's ``accessibility:`` settings (:mod:`kb_tools.config.accessibility`).

The sections follow the order of the model statement that Digg, the Swedish
agency for digital government, publishes for websites: how accessible the
site is, what you can do when you cannot use part of it, reporting problems,
supervision (Digg's complaint form), technical information with what is not
accessible (and what is exempt), and how the site was tested. The wording is
kb's own. Every value from the settings is escaped for Markdown.

:func:`kb_tools.site.generated.accessibility_statement` makes it a page of
both builds; the footer links it from every page.
"""

from __future__ import annotations

from ..config.accessibility import AccessibilitySettings
from ..fields import national_format, tel_number
from ..text.escaping import markdown_text, markdown_url
from ..text.swedish import format_date

TITLE = "Tillgänglighetsredogörelse"
SUMMARY = (
    "Hur tillgänglig webbplatsen är, vilka brister vi känner till och hur du rapporterar problem."
)
LAW = "lagen om tillgänglighet till digital offentlig service"

_HOW_ACCESSIBLE = {
    "full": "Vi känner inte till något på webbplatsen som inte är tillgängligt.",
    "partial": (
        "Delar av webbplatsen är inte helt tillgängliga. Vilka de är, och varför, står nedan "
        "under *Innehåll som inte är tillgängligt*."
    ),
    "none": (
        "Stora delar av webbplatsen är inte tillgängliga. Vilka de är, och varför, står nedan "
        "under *Innehåll som inte är tillgängligt*."
    ),
}
_COMPLIANCE = {
    "full": f"Webbplatsen är helt förenlig med {LAW}.",
    "partial": (
        f"Webbplatsen är delvis förenlig med {LAW}, på grund av de brister som beskrivs nedan."
    ),
    "none": f"Webbplatsen är inte förenlig med {LAW}, på grund av de brister som beskrivs nedan.",
}
_METHOD = {
    "self-assessment": "Vi har själva bedömt webbplatsens tillgänglighet (självskattning).",
    "external": "En extern granskare har bedömt webbplatsens tillgänglighet.",
}


def statement_markdown(settings: AccessibilitySettings, site_name: str) -> str:
    """The statement's body, after its title."""
    site = markdown_text(site_name)
    if settings.organisation:
        intro = f"{markdown_text(settings.organisation)} står bakom {site}. Vi vill"
    else:
        intro = f"Vi som står bakom {site} vill"
    out = [
        f"{intro} att alla ska kunna använda webbplatsen, oavsett funktionsnedsättning och "
        "vilka hjälpmedel de använder. Här beskriver vi hur webbplatsen uppfyller lagen "
        "(2018:1937) om tillgänglighet till digital offentlig service, vilka brister vi känner "
        "till och hur du meddelar oss om problem, så att vi kan rätta dem.\n",
        "## Hur tillgänglig är webbplatsen?\n",
        _HOW_ACCESSIBLE[settings.status] + "\n",
        "## Vad kan du göra om du inte kan använda delar av webbplatsen?\n",
        "Behöver du något från webbplatsen i en annan form, till exempel ett dokument som ditt "
        "hjälpmedel inte kan läsa, så kontakta oss. Berätta vilken sida det gäller och vad du "
        "behöver.\n",
        _contact_list(settings),
        "## Rapportera brister i webbplatsens tillgänglighet\n",
        "Vi arbetar hela tiden med att göra webbplatsen bättre. Hittar du problem som inte står "
        "på den här sidan, eller tycker du att vi inte uppfyller lagens krav, vill vi veta det: "
        "kontakta oss på något av sätten ovan.\n",
        "## Tillsyn\n",
        f"Myndigheten för digital förvaltning (Digg) har tillsyn över {LAW}. Är du inte nöjd "
        "med hur vi har tagit hand om dina synpunkter kan du "
        f"[anmäla det till Digg]({markdown_url(settings.report_url)}).\n",
        "## Teknisk information om webbplatsens tillgänglighet\n",
        _COMPLIANCE[settings.status] + "\n",
    ]
    if settings.known_issues:
        out.append("### Innehåll som inte är tillgängligt\n")
        out.append(
            "Det här uppfyller ännu inte alla krav i standarden EN 301 549, som bygger på "
            "riktlinjerna WCAG 2.1 nivå AA:\n"
        )
        out.append(_items(settings.known_issues))
    if settings.disproportionate_burden:
        out.append("### Oskäligt betungande anpassning\n")
        out.append(
            "Följande innehåll har vi undantagit från kraven, eftersom det vore oskäligt "
            f"betungande att göra det tillgängligt (12 § {LAW}):\n"
        )
        out.append(_items(settings.disproportionate_burden))
    if settings.out_of_scope:
        out.append("### Innehåll som inte omfattas av lagen\n")
        out.append(f"Följande innehåll omfattas inte av kraven (9 § {LAW}):\n")
        out.append(_items(settings.out_of_scope))
    out.append("## Hur vi testat webbplatsen\n")
    out.append(_tested(settings))
    return "\n".join(out)


def _contact_list(settings: AccessibilitySettings) -> str:
    contact = settings.contact
    lines = []
    if contact.email:
        shown = markdown_text(contact.email)
        lines.append(f"- E-post: [{shown}]({markdown_url('mailto:' + contact.email)})")
    if contact.phone:
        shown = markdown_text(national_format(contact.phone))
        lines.append(f"- Telefon: [{shown}]({markdown_url('tel:' + tel_number(contact.phone))})")
    if contact.form:
        lines.append(
            f"- Webbformulär: [Rapportera ett tillgänglighetsproblem]({markdown_url(contact.form)})"
        )
    return "\n".join(lines) + "\n"


def _items(items: list[str]) -> str:
    return "\n".join(f"- {markdown_text(item)}" for item in items) + "\n"


def _tested(settings: AccessibilitySettings) -> str:
    sentences = []
    if settings.reviewed is not None:
        sentences.append(
            f"{_METHOD[settings.method]} Den senaste bedömningen gjordes den "
            f"{format_date(settings.reviewed)}."
        )
    else:
        sentences.append("Webbplatsens innehåll har ännu inte bedömts.")
    sentences.append(
        "Verktyget som bygger webbplatsen, kb-tools, testas automatiskt i webbläsaren mot "
        "WCAG 2.1 nivå AA med axe-core: sidmallarna och de sidor verktyget skapar "
        "(översikterna, sökningen och den här sidan), på mobil och dator."
    )
    text = " ".join(sentences) + "\n"
    if settings.last_updated is not None:
        text += f"\nRedogörelsen uppdaterades senast den {format_date(settings.last_updated)}.\n"
    return text
