"""A copy of the sample bank with hostile values in every field that reaches
a page, for the untrusted-content battery (``test_untrusted_content.py``).

Payloads and fields are data: each payload is a template that names the
field it sits in, so a payload that runs says where it came from. Every
payload calls ``window.__kbRan(where)``, which the battery defines in the
browser before any page script; some also call ``alert`` so a dialog gives
them away too.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]

# {where} is replaced by the field's name.
PAYLOADS: dict[str, str] = {
    "script": '<script>window.__kbRan("{where} script");alert(1)</script>',
    "attribute": '"><img src=x onerror="window.__kbRan(\'{where} img\')">',
    "javascript-url": 'javascript:window.__kbRan("{where} url")',
}


def hostile(where: str, prefix: str = "") -> str:
    """Every payload in one value, after a readable *prefix*."""
    values = [template.format(where=where) for template in PAYLOADS.values()]
    return " ".join([prefix, *values]).strip()


def url_payload(where: str) -> str:
    return PAYLOADS["javascript-url"].format(where=where)


# Markdown and HTML in a page's body that would run if passed through (D6).
BODY = """
# {title}

Vanlig text om rutinen {marker}.

{script}

{attribute}

[Klicka här](javascript:window.__kbRan("body md link"))
[Entitet](jav&#x61;script:window.__kbRan("body entity link"))
[Referens][r]
[Data](data:text/html,<script>window.__kbRan("body data")</script>)

[r]: javascript:window.__kbRan("body reference")

Stycke med attributlista {{ onclick="window.__kbRan('body attr_list')" }}

![bild](x.png){{: onerror="window.__kbRan('body attr_list img')" }}

<form action="javascript:window.__kbRan('body form')"><button>Skicka</button></form>
<button formaction="javascript:window.__kbRan('body formaction')">Knapp</button>
<svg><a xlink:href="javascript:window.__kbRan('body svg')"><text>svg</text></a></svg>
<svg onload="window.__kbRan('body svg onload')"></svg>
<math><mi href="javascript:window.__kbRan('body math')">x</mi></math>
<a href="java&#09;script:window.__kbRan('body tab url')">tabb</a>
<iframe srcdoc="<script>parent.__kbRan('body iframe')</script>"></iframe>
<details open ontoggle="window.__kbRan('body ontoggle')"><summary>x</summary></details>
<img src=x onerror=window.__kbRan('body unquoted')>
<base href="https://evil.example.org/">
"""

MARKER = "giftigtvarde"  # a word the search page looks for


def _front_matter(path: Path) -> tuple[dict[str, object], str]:
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body


def _write(path: Path, data: dict[str, object], body: str) -> None:
    front = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1_000_000)
    path.write_text(f"---\n{front}---\n{body}", encoding="utf-8")


def write_hostile_bank(target: Path) -> Path:
    """Copy the sample bank into *target* and poison it; returns the config."""
    for name in ("docs", "overrides"):
        shutil.copytree(ROOT / name, target / name)
    config_text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    # A JSON string is a YAML double-quoted scalar.
    config_text = config_text.replace(
        "site_name: Kunskapsbanken – Strandviks kommun",
        "site_name: " + json.dumps(hostile("site_name", "Kunskapsbanken"), ensure_ascii=False),
    ).replace(
        "name: Enhetschef myndighetsutövning barn och unga",
        "name: " + json.dumps(hostile("owner name", "Enhetschef"), ensure_ascii=False),
    )
    (target / "mkdocs.yml").write_text(config_text, encoding="utf-8")
    docs = target / "docs"

    routine = docs / "rutiner" / "att-fylla-18.md"
    data, _ = _front_matter(routine)
    title = hostile("routine title", "Att fylla 18")
    data.update(
        title=title,
        summary=hostile("routine summary", "Sammanfattning"),
        description=hostile("routine description"),
        tags=[hostile("tag"), "myndig"],
        reviewed="2025-01-01",  # overdue: on the review dashboard with its owner
        visibility="public",
    )
    body = BODY.format(
        title=hostile("routine heading", "Rubrik"),
        marker=MARKER,
        script=PAYLOADS["script"].format(where="body"),
        attribute=PAYLOADS["attribute"].format(where="body"),
    )
    _write(routine, data, body)

    partner = docs / "samverkansparter" / "lernia.md"
    data, body = _front_matter(partner)
    contacts = data["contacts"]
    assert isinstance(contacts, list)
    contacts[0].update(
        name=hostile("contact name", "Tobias"),
        role=hostile("contact role", "Samordnare"),
        note=hostile("contact note", "Anteckning"),
        email=hostile("contact email", "a@example.org"),
        verified="2025-01-01",  # stale: on the review dashboard
        public=True,
    )
    data.update(
        title=hostile("partner title", "Lernia"),
        address=hostile("partner address", "Industrigatan 21"),
        website=url_payload("partner website"),
        email=hostile("partner email"),
        summary=hostile("partner summary"),
        visibility="public",
    )
    _write(partner, data, body)

    agreement = docs / "overenskommelser" / "praktik-lernia.md"
    data, body = _front_matter(agreement)
    parties = data["parties"]
    assert isinstance(parties, list)
    data.update(
        title=hostile("agreement title", "Praktik"),
        parties=[*parties, hostile("agreement party")],
        visibility="public",
    )
    _write(agreement, data, body)

    glossary = docs / "ordlista.md"
    data, body = _front_matter(glossary)
    terms = data["terms"]
    assert isinstance(terms, list)
    terms.append(
        {
            "term": hostile("glossary term", "XSS"),
            "expansion": hostile("glossary expansion", "utvidgning"),
            "description": hostile("glossary description", "förklaring"),
        }
    )
    terms.append({"term": "GIFT", "expansion": hostile("abbreviation title", "gift")})
    _write(glossary, data, body + "\nOrdet GIFT förklaras i ordlistan.\n")
    return target / "mkdocs.yml"
