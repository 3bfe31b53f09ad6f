"""``kb new``: a complete, valid page from a template for its type."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..fields import slugify
from ..i18n import Message, msg
from ..model import Bank

TEMPLATES = {
    "routine": """\
---
title: {title}
owner: {owner}
reviewed: {today}
tags: []
summary: En mening om vad rutinen gäller och för vem.
{partners}---

# {title}

## Syfte

Varför rutinen finns och vilka den gäller.

## Så här gör vi

1. Första steget: vem gör vad, och när.
2. Nästa steg.

## Ansvar

Vem som ansvarar för vad.

## Dokumentation

Vad som dokumenteras i verksamhetssystemet, och när.
""",
    "template": """\
---
title: {title}
owner: {owner}
reviewed: {today}
tags: [samtal]
summary: En mening om när samtalsguiden används.
{partners}---

# {title}

## Före samtalet

Förberedelser, tolk, vem som deltar.

## Samtalet

- Frågor att ställa.

## Efter samtalet

Vad som dokumenteras och vem som följer upp.
""",
    "partner": """\
---
title: {title}
org_type: other  # municipality, region, agency, school, company, association eller other
owner: {owner}
reviewed: {today}
summary: En mening om vad organisationen gör för ungdomarna.
contacts: []  # - {{name: …, role: …, email: …, phone: …, verified: {today}}}
---

# {title}

## Vad vi samarbetar om

Beskriv samarbetet.

## Så kontaktar du dem

Växel, funktionsbrevlåda och när man når dem bäst.
""",
    "agreement": """\
---
title: {title}
owner: {owner}
reviewed: {today}
parties: [{parties}]
valid_from: {today}
summary: En mening om vad överenskommelsen gäller.
---

# {title}

## Vad vi har kommit överens om

Beskriv åtagandena.

## Så följer vi upp

Hur och när överenskommelsen följs upp.
""",
    "page": """\
---
title: {title}
summary: En mening om vad sidan handlar om.
---

# {title}

Skriv sidans text här.
""",
}

# What to write in a new page of each type (the command names the file).
NEXT_STEPS = {
    "routine": msg(
        "Fill in the steps, who is responsible and what is documented, then run: kb check {path}"
    ),
    "template": msg("Fill in the questions and what is documented, then run: kb check {path}"),
    "partner": msg(
        "Fill in org_type, the contact persons and what you work on together, then run: "
        "kb check {path}"
    ),
    "agreement": msg(
        "Fill in what was agreed, valid_until if it ends, and the signed document, then run: "
        "kb check {path}"
    ),
    "page": msg("Fill in the text, then run: kb check {path}"),
}


class ScaffoldError(Exception):
    """The page cannot be created; the message says why (nothing was written)."""

    def __init__(self, message: Message) -> None:
        super().__init__(message)


@dataclass(frozen=True)
class NewPage:
    path: Path
    doc_type: str
    owner: str | None


def folder_for(bank: Bank, doc_type: str) -> str:
    for folder, folder_type in bank.config.kb.types.items():
        if folder_type == doc_type:
            return folder
    return ""


def usual_owner(bank: Bank, folder: str) -> str | None:
    """The owner of most pages in *folder*: a good guess for a new one."""
    owners = Counter(
        d.owner for d in bank.documents if d.owner and d.src_path.startswith(folder + "/")
    )
    return owners.most_common(1)[0][0] if owners else None


def create(
    bank: Bank,
    doc_type: str,
    title: str,
    today: date,
    *,
    owner: str | None = None,
    partners: tuple[str, ...] = (),
    folder: str | None = None,
) -> NewPage:
    if doc_type not in TEMPLATES:
        raise ScaffoldError(
            msg("cannot create a '{type}' page; choose one of {types}", type=doc_type,
                types=", ".join(TEMPLATES))
        )
    title = title.strip()
    slug = slugify(title)
    if not slug:
        raise ScaffoldError(msg("the title needs at least one letter or digit"))
    folder = folder if folder is not None else folder_for(bank, doc_type)
    owners = bank.config.kb.owners
    if doc_type != "page":
        owner = owner or usual_owner(bank, folder)
        if owner is None:
            raise ScaffoldError(
                msg("no owner: give one with --owner ({owners})", owners=", ".join(owners))
            )
        if owner not in owners:
            raise ScaffoldError(
                msg("unknown owner '{owner}'; owners are {owners}", owner=owner,
                    owners=", ".join(owners))
            )
    for partner in partners:
        page = bank.get(partner, "partner")
        if page is None or page.type != "partner":
            raise ScaffoldError(msg("'{id}' is not a partner page", id=partner))
    if doc_type == "agreement" and not partners:
        raise ScaffoldError(msg("an agreement needs its parties: --partner ID (one or more)"))
    slug = _unique(bank, slug)
    relative = f"{folder}/{slug}.md" if folder else f"{slug}.md"
    target = bank.config.docs_dir / relative
    if target.exists():
        raise ScaffoldError(
            msg("{path} already exists; nothing written", path=bank.config.relative(target))
        )
    text = TEMPLATES[doc_type].format(
        title=_yaml_text(title),
        owner=owner,
        today=today.isoformat(),
        parties=", ".join(partners),
        partners=f"partners: [{', '.join(partners)}]\n" if partners else "",
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as handle:  # never overwrite
        handle.write(text.replace(f"# {_yaml_text(title)}", f"# {title}"))
    return NewPage(target, doc_type, owner)


def _unique(bank: Bank, slug: str) -> str:
    taken = set(bank.ids)
    candidate, number = slug, 2
    while candidate in taken:
        candidate = f"{slug}-{number}"
        number += 1
    return candidate


def _yaml_text(text: str) -> str:
    """A title as a YAML value: quoted when plain YAML would misread it."""
    needs_quotes = (
        ": " in text
        or text.startswith(("-", "[", "{", "!", "&", "*", "#", "'", '"'))
        or text.endswith(":")
        or " #" in text
    )
    if needs_quotes:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text
