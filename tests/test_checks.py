"""Every check code with a failing and a passing case; exact messages."""

from __future__ import annotations

import pytest

from .conftest import ROUTINE, BankDir, MakeBank

PARTNER = """\
---
title: Lernia
org_type: company
owner: enhetschef-boende
reviewed: 2026-10-01
contacts:
  - name: Anna Berg
    role: Handledare
    email: anna.berg@lernia.example.org
    phone: 070-174 06 05
    verified: 2026-10-01
---
Text.
"""

AGREEMENT = """\
---
title: Praktik med Lernia
owner: enhetschef-boende
reviewed: 2026-10-01
parties: [lernia]
valid_from: 2025-01-01
valid_until: {until}
---
Text.
"""


def routine(**changes: str) -> str:
    """ROUTINE with front-matter lines replaced or added ('key': 'value')."""
    lines = ROUTINE.splitlines()
    end = lines.index("---", 1)
    for key, value in changes.items():
        for index in range(1, end):
            if lines[index].startswith(f"{key}:"):
                lines[index] = f"{key}: {value}"
                break
        else:
            lines.insert(end, f"{key}: {value}")
            end += 1
    return "\n".join(lines) + "\n"


LONG_TEXT = (
    "Kontaktpersonen bokar ett samtal med ungdomen och den gode mannen inom två veckor. "
    "Samtalet handlar om skola, boende, hälsa, fritid och ekonomi. Kontaktpersonen "
    "dokumenterar överenskommelser i verksamhetssystemet samma dag och informerar "
    "socialsekreteraren om det som behöver beslutas. Ungdomen får en skriftlig "
    "sammanfattning på lätt svenska, och tolk bokas vid behov. Nästa uppföljning "
    "planeras innan mötet avslutas så att alla vet vem som gör vad.\n"
)

CASES: dict[str, tuple[dict[str, str | bytes], str]] = {
    # -- KB1xx: front matter -------------------------------------------------
    "KB100 yaml error": (
        {"rutiner/a.md": "---\ntitle: Rutin: ankomst\n---\n"},
        "docs/rutiner/a.md:2:13: KB100 error: YAML syntax error: mapping values are not "
        "allowed here\n"
        "  hint: a value containing ': ' must be quoted, e.g. title: \"Rutin: ankomst\"",
    ),
    "KB100 only, no follow-on findings": (
        {"rutiner/a.md": b"---\ntitle: R\xe5tin\nowner: nobody\n---\n[x](saknas.md)\n"},
        "docs/rutiner/a.md:2:9: KB100 error: the file is not valid UTF-8: byte 0xE5 at byte "
        "offset 12 cannot be decoded\n"
        "  hint: the file looks like Windows-1252 (ANSI); open it and save it as UTF-8",
    ),
    "KB101 missing keys on line 1": (
        {"rutiner/a.md": "---\ntitle: Ankomst\n---\n"},
        "docs/rutiner/a.md:1:1: KB101 error: missing required key 'owner' (required for a "
        "routine)\n"
        "  hint: add 'owner:' with the id of an owner declared in mkdocs.yml\n"
        "docs/rutiner/a.md:1:1: KB101 error: missing required key 'reviewed' (required for a "
        "routine)\n"
        "  hint: add 'reviewed: YYYY-MM-DD', the date the owner last confirmed the page",
    ),
    "KB101 empty file": (
        {"mallar/a.md": ""},
        "docs/mallar/a.md:1:1: KB101 error: missing required key 'owner' (required for a "
        "template)\n"
        "  hint: add 'owner:' with the id of an owner declared in mkdocs.yml\n"
        "docs/mallar/a.md:1:1: KB101 error: missing required key 'reviewed' (required for a "
        "template)\n"
        "  hint: add 'reviewed: YYYY-MM-DD', the date the owner last confirmed the page\n"
        "docs/mallar/a.md:1:1: KB101 error: missing required key 'title' (required for a "
        "template)\n"
        "  hint: add a line such as 'title: Ankomst och inskrivning'",
    ),
    "KB101 contact without email or phone": (
        {
            "samverkansparter/lernia.md": PARTNER.replace(
                "    email: anna.berg@lernia.example.org\n    phone: 070-174 06 05\n", ""
            )
        },
        "docs/samverkansparter/lernia.md:7:5: KB101 error: contact 1 (Anna Berg): needs an "
        "'email' or a 'phone' (at least one)\n"
        "  hint: add 'email:' or 'phone:' to the contact",
    ),
    "KB102 impossible date": (
        {"rutiner/a.md": routine(reviewed="2026-02-30")},
        "docs/rutiner/a.md:4:11: KB102 error: 'reviewed': expected a date YYYY-MM-DD, found "
        "'2026-02-30' (day is out of range for month)",
    ),
    "KB102 enum with suggestion": (
        {"rutiner/a.md": routine(status="aktiv")},
        "docs/rutiner/a.md:5:9: KB102 error: 'status': expected one of 'active', 'draft', "
        "'retired', found 'aktiv'\n"
        "  hint: did you mean 'active'? Until the value is one of these, the page is a draft: "
        "neither site shows it and search does not find it",
    ),
    "KB102 unquoted phone": (
        {"samverkansparter/lernia.md": PARTNER.replace("070-174 06 05", "0701740605")},
        "docs/samverkansparter/lernia.md:10:12: KB102 error: 'phone' of contact 1 (Anna Berg): "
        "expected a phone number in quotes, found 0701740605 (YAML reads it as the number "
        "117948805)\n"
        '  hint: put the number in quotes, e.g. phone: "070-174 06 05"',
    ),
    "KB102 duration": (
        {"rutiner/a.md": routine(review_every="12 monhts")},
        "docs/rutiner/a.md:5:15: KB102 error: 'review_every': expected a duration such as "
        "'6 months', '1 year', '90 days' or '8 weeks', found '12 monhts' (unknown unit "
        "'monhts'; use days, weeks, months or years)",
    ),
    "KB102 slug": (
        {"rutiner/a.md": routine(id="Ankomst Rutin")},
        "docs/rutiner/a.md:5:5: KB102 error: 'id': expected an id of lowercase letters a-z, "
        "digits and hyphens, found 'Ankomst Rutin'\n"
        "  hint: did you mean 'ankomst-rutin'?",
    ),
    "KB102 url and email": (
        {
            "samverkansparter/lernia.md": PARTNER.replace(
                "org_type: company\n",
                "org_type: company\nwebsite: lernia.example.org\n"
                "email: info(at)lernia.example.org\n",
            )
        },
        "docs/samverkansparter/lernia.md:4:10: KB102 error: 'website': expected a web address "
        "starting with https://, found 'lernia.example.org'\n"
        "  hint: did you mean 'https://lernia.example.org'?\n"
        "docs/samverkansparter/lernia.md:5:8: KB102 error: 'email': expected an email address, "
        "found 'info(at)lernia.example.org' (An email address must have an @-sign)",
    ),
    "KB103 unknown key": (
        {"rutiner/a.md": routine(reviewd="2026-01-01")},
        "docs/rutiner/a.md:5:1: KB103 warning: unknown key 'reviewd'\n"
        "  hint: did you mean 'reviewed'?",
    ),
    "KB103 a Swedish word for a key": (
        {
            "overenskommelser/a.md": AGREEMENT.format(until="2028-01-01").replace(
                "---\nText", "giltig till: 2028-01-01\nsammanfattning: Praktik.\n---\nText"
            ),
            "samverkansparter/lernia.md": PARTNER.replace("    role:", "    roll:"),
        },
        "docs/overenskommelser/a.md:8:1: KB103 warning: unknown key 'giltig till'\n"
        "  hint: did you mean 'valid_until'?\n"
        "docs/overenskommelser/a.md:9:1: KB103 warning: unknown key 'sammanfattning'\n"
        "  hint: did you mean 'summary'?\n"
        "docs/samverkansparter/lernia.md:7:5: KB101 error: missing required key 'role' in "
        "contact 1 (Anna Berg)\n"
        "docs/samverkansparter/lernia.md:8:5: KB103 warning: unknown key 'roll' in contact 1 "
        "(Anna Berg)\n"
        "  hint: did you mean 'role'?",
    ),
    "KB103 key of another type": (
        {"rutiner/a.md": routine(valid_until="2027-01-01")},
        "docs/rutiner/a.md:5:1: KB103 warning: the key 'valid_until' is not used on a routine "
        "page\n"
        "  hint: 'valid_until' belongs on agreement pages",
    ),
    "KB103 unknown key in a contact": (
        {
            "samverkansparter/lernia.md": PARTNER.replace(
                "    verified:", "    telefon: x\n    verified:"
            )
        },
        "docs/samverkansparter/lernia.md:11:5: KB103 warning: unknown key 'telefon' in contact "
        "1 (Anna Berg)\n"
        "  hint: did you mean 'phone'?",
    ),
    "KB104 duplicate id": (
        {"rutiner/ankomst.md": ROUTINE, "mallar/samtal.md": routine(id="ankomst")},
        "docs/mallar/samtal.md:5:5: KB104 error: duplicate id 'ankomst' (set with 'id:'): also "
        "the id of docs/rutiner/ankomst.md\n"
        "  hint: give one of the pages a unique 'id:' (or rename the file)",
    ),
    "KB105 unknown owner": (
        {"rutiner/a.md": routine(owner="enhetschef-bonde")},
        "docs/rutiner/a.md:3:8: KB105 error: unknown owner 'enhetschef-bonde'\n"
        "  hint: did you mean 'enhetschef-boende'?",
    ),
    "KB106 duplicate key": (
        {"rutiner/a.md": ROUTINE.replace("reviewed: 2026-09-01", "reviewed: 2026-09-01\ntitle: B")},
        "docs/rutiner/a.md:5:1: KB106 warning: the key 'title' appears twice; only the last "
        "value is used\n"
        "  hint: remove one of them",
    ),
    # -- KB2xx: references and links ------------------------------------------
    "KB201 unknown reference": (
        {"rutiner/a.md": routine(partners="[lernai]"), "samverkansparter/lernia.md": PARTNER},
        "docs/rutiner/a.md:5:12: KB201 error: 'partners' refers to unknown id 'lernai'\n"
        "  hint: did you mean 'lernia'?",
    ),
    "KB201 parties must be partners": (
        {
            "overenskommelser/a.md": AGREEMENT.format(until="2028-01-01").replace(
                "[lernia]", "[lernia, b]"
            ),
            "samverkansparter/lernia.md": PARTNER,
            "rutiner/b.md": ROUTINE,
        },
        "docs/overenskommelser/a.md:5:19: KB201 error: 'parties' must name partner pages; 'b' "
        "is a routine",
    ),
    "KB202 missing page": (
        {"rutiner/a.md": ROUTINE + "\nSe [rutin B](rutin-b.md).\n", "rutiner/rutin-c.md": ROUTINE},
        "docs/rutiner/a.md:10:14: KB202 error: link to 'rutin-b.md': no page "
        "docs/rutiner/rutin-b.md\n"
        "  hint: did you mean 'rutin-c.md'?",
    ),
    "KB202 an unrelated sibling is not suggested": (
        {
            "rutiner/a.md": ROUTINE + "\nSe [översikten](README.md).\n",
            "rutiner/rutin-d.md": ROUTINE,
        },
        "docs/rutiner/a.md:10:17: KB202 error: link to 'README.md': no page "
        "docs/rutiner/README.md",
    ),
    "KB202 a moved page is found by its name": (
        {
            "rutiner/a.md": ROUTINE + "\nSe [mallen](samtal.md).\n",
            "mallar/samtal.md": ROUTINE,
        },
        "docs/rutiner/a.md:10:13: KB202 error: link to 'samtal.md': no page "
        "docs/rutiner/samtal.md\n"
        "  hint: did you mean '../mallar/samtal.md'?",
    ),
    "KB202 a path outside the docs folder is shown normalised": (
        {"rutiner/a.md": ROUTINE + "\nSe [filen](../../utanfor.md).\n"},
        "docs/rutiner/a.md:10:12: KB202 error: link to '../../utanfor.md': no page utanfor.md\n"
        "  hint: the link points outside the docs folder; link to a page inside it",
    ),
    "KB203 missing anchor": (
        {
            "rutiner/a.md": ROUTINE
            + "\n## Överlämning till skolan\n\n[Ö](#overlamning-till-skolan)\n"
        },
        "docs/rutiner/a.md:12:5: KB203 error: link to '#overlamning-till-skolan': this page has "
        "no heading or anchor '#overlamning-till-skolan'\n"
        "  hint: did you mean 'överlämning-till-skolan'?",
    ),
    "KB204 public links to internal": (
        {
            "a.md": "---\nvisibility: public\n---\n# Om\n\n[Rutin](rutiner/b.md)\n",
            "rutiner/b.md": ROUTINE,
        },
        "docs/a.md:6:9: KB204 error: this public page links to 'rutiner/b.md', an internal page "
        "(docs/rutiner/b.md)\n"
        "  hint: make the target 'visibility: public' if it may be published, or remove the "
        "link from the public page",
    ),
    "KB205 missing image and document": (
        {
            "rutiner/a.md": ROUTINE + "\n![Karta](bilder/karta.png)\n",
            "overenskommelser/b.md": AGREEMENT.format(until="2028-01-01").replace(
                "---\nText", "document: avtal.pdf\n---\nText"
            ),
            "samverkansparter/lernia.md": PARTNER,
        },
        "docs/overenskommelser/b.md:8:11: KB205 error: 'document' names 'avtal.pdf', but there "
        "is no file docs/overenskommelser/avtal.pdf\n"
        "  hint: put the signed document next to the page and give its path relative to the "
        "page\n"
        "docs/rutiner/a.md:10:10: KB205 error: image 'bilder/karta.png' not found: no file "
        "docs/rutiner/bilder/karta.png",
    ),
    "KB206 link to a draft": (
        {
            "rutiner/a.md": ROUTINE + "\n[Utkast](utkast.md)\n",
            "rutiner/utkast.md": routine(status="draft"),
        },
        "docs/rutiner/a.md:10:10: KB206 error: links to 'utkast.md', a draft "
        "(docs/rutiner/utkast.md) that will not be published\n"
        "  hint: publish the draft first (remove 'status: draft'), or remove the reference",
    ),
    # -- KB3xx: review ---------------------------------------------------------
    "KB301 overdue": (
        {"rutiner/a.md": routine(reviewed="2025-11-22")},
        "docs/rutiner/a.md:4:11: KB301 warning: review overdue: reviewed 2025-11-22, due "
        "2026-11-22 (every 1 year), 1 day ago\n"
        "  hint: have the owner confirm the page and set 'reviewed: 2026-11-23'",
    ),
    "KB302 stale contact": (
        {
            "samverkansparter/lernia.md": PARTNER.replace(
                "verified: 2026-10-01", "verified: 2026-05-22"
            )
        },
        "docs/samverkansparter/lernia.md:11:15: KB302 warning: contact 'Anna Berg' last verified "
        "2026-05-22, more than 6 months ago\n"
        "  hint: confirm the details with Anna Berg and set 'verified: 2026-11-23'",
    ),
    "KB303 expired agreement": (
        {
            "overenskommelser/a.md": AGREEMENT.format(until="2026-11-22"),
            "samverkansparter/lernia.md": PARTNER,
        },
        "docs/overenskommelser/a.md:7:14: KB303 error: agreement expired on 2026-11-22 but is "
        "still active\n"
        "  hint: renew it with a new 'valid_until', or set 'status: retired' if it has ended",
    ),
    "KB304 agreement ends soon": (
        {
            "overenskommelser/a.md": AGREEMENT.format(until="2027-02-21"),
            "samverkansparter/lernia.md": PARTNER,
        },
        "docs/overenskommelser/a.md:7:14: KB304 warning: agreement ends on 2027-02-21, in 90 "
        "days\n"
        "  hint: start the renewal with the parties now",
    ),
    "KB304 ends today": (
        {
            "overenskommelser/a.md": AGREEMENT.format(until="2026-11-23"),
            "samverkansparter/lernia.md": PARTNER,
        },
        "docs/overenskommelser/a.md:7:14: KB304 warning: agreement ends on 2026-11-23, today\n"
        "  hint: start the renewal with the parties now",
    ),
    "KB305 future date": (
        {"rutiner/a.md": routine(reviewed="2026-11-24")},
        "docs/rutiner/a.md:4:11: KB305 error: 'reviewed' is in the future: 2026-11-24 (today is "
        "2026-11-23)\n"
        "  hint: write the date it actually happened",
    ),
    # -- KB4xx: safety -----------------------------------------------------------
    "KB401 personnummer in body": (
        {"rutiner/a.md": ROUTINE + "Ungdomen (811218-9876) kom i går.\n"},
        "docs/rutiner/a.md:9:11: KB401 error: a Swedish personal identity number (personnummer) "
        "811218-XXXX must not be in the bank\n"
        "  hint: remove it: the bank is read by all staff and kept in git history; refer to the "
        "journal system instead",
    ),
    "KB401 samordningsnummer in front matter": (
        {"rutiner/a.md": routine(summary="Gäller 811278-9873")},
        "docs/rutiner/a.md:5:17: KB401 error: a Swedish personal identity number "
        "(samordningsnummer) 811278-XXXX must not be in the bank\n"
        "  hint: remove it: the bank is read by all staff and kept in git history; refer to the "
        "journal system instead",
    ),
    "KB402 script and handler": (
        {
            "rutiner/a.md": ROUTINE + "<script>alert(1)</script>\n<img src=x onerror=alert(1)>\n"
            "[Klicka](javascript:alert(1))\n"
        },
        "docs/rutiner/a.md:9:1: KB402 error: raw HTML that can run code: a <script> element\n"
        "  hint: remove it; embed nothing that runs in the reader's browser (link to the page "
        "instead)\n"
        "docs/rutiner/a.md:10:12: KB402 error: raw HTML that can run code: an on* event handler "
        "attribute\n"
        "  hint: remove it; embed nothing that runs in the reader's browser (link to the page "
        "instead)\n"
        "docs/rutiner/a.md:11:10: KB402 error: raw HTML that can run code: a javascript: URL\n"
        "  hint: remove it; embed nothing that runs in the reader's browser (link to the page "
        "instead)",
    ),
    "KB403 conflicting contact": (
        {
            "samverkansparter/lernia.md": PARTNER,
            "samverkansparter/af.md": PARTNER.replace("title: Lernia", "title: AF").replace(
                "name: Anna Berg", "name: Anna Bergström"
            ),
        },
        "docs/samverkansparter/lernia.md:7:5: KB403 warning: contact 'Anna Berg' differs from "
        "the same contact in docs/samverkansparter/af.md:7: name 'Anna Berg' here, "
        "'Anna Bergström' there\n"
        "  hint: make the details agree on both pages (or correct the one that is out of date)",
    ),
    # -- KB6xx: similar content --------------------------------------------------
    "KB601 near-duplicate": (
        {"rutiner/a.md": ROUTINE + LONG_TEXT, "rutiner/b.md": ROUTINE + LONG_TEXT + "Ny rad.\n"},
        "docs/rutiner/a.md:1:1: KB601 info: this page nearly duplicates docs/rutiner/b.md "
        "(96% alike)\n"
        "  hint: extend one page and remove the other, or link them if both must stay\n"
        "docs/rutiner/b.md:1:1: KB601 info: this page nearly duplicates docs/rutiner/a.md "
        "(96% alike)\n"
        "  hint: extend one page and remove the other, or link them if both must stay",
    ),
}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_finding(make_bank: MakeBank, case: str) -> None:
    files, expected = CASES[case]
    assert make_bank(files).check() == expected


PASSING: dict[str, dict[str, str | bytes]] = {
    "valid routine": {"rutiner/a.md": ROUTINE},
    "page needs no owner": {"om.md": "# Om banken\n\nText.\n"},
    "bom and crlf": {"rutiner/a.md": "\ufeff" + ROUTINE.replace("\n", "\r\n")},
    "review due exactly today": {"rutiner/a.md": routine(reviewed="2025-11-23")},
    "retired agreement past its end": {
        "overenskommelser/a.md": AGREEMENT.format(until="2026-01-01").replace(
            "---\nText", "status: retired\n---\nText"
        ),
        "samverkansparter/lernia.md": PARTNER,
    },
    "agreement until further notice": {
        "overenskommelser/a.md": AGREEMENT.format(until="").replace("valid_until: \n", ""),
        "samverkansparter/lernia.md": PARTNER,
    },
    "agreement ends the day after the warning window": {
        "overenskommelser/a.md": AGREEMENT.format(until="2027-02-22"),
        "samverkansparter/lernia.md": PARTNER,
    },
    "contact verified exactly six months ago": {
        "samverkansparter/lernia.md": PARTNER.replace(
            "verified: 2026-10-01", "verified: 2026-05-23"
        ),
    },
    "anchors with å/ä/ö": {
        "rutiner/a.md": ROUTINE + "\n## Överlämning till skolan\n\n[Ö](#överlämning-till-skolan)\n"
        "[B](b.md#långsiktiga-mål) [C](b.md#egen)\n",
        "rutiner/b.md": ROUTINE + "\n## Långsiktiga mål\n\n## Annat {#egen}\n",
    },
    "links to folder index and attachments": {
        "index.md": "# Start\n\n[Rutiner](rutiner/) [PDF](rutiner/bilaga.pdf) "
        "[R](rutiner/index.md)\n",
        "rutiner/index.md": "# Rutiner\n",
        "rutiner/bilaga.pdf": b"%PDF-1.4\n",
    },
    "luhn failure and organisation number": {
        "rutiner/a.md": ROUTINE + "Nummer 811218-9875 och org.nr 212000-0142, tel 0701740605.\n",
    },
    "script in code is not HTML": {
        "rutiner/a.md": ROUTINE
        + "Skriv `<script>` så här:\n\n```html\n<iframe src=x></iframe>\n```\n",
    },
    "same contact identical on two pages": {
        "samverkansparter/lernia.md": PARTNER,
        "samverkansparter/af.md": PARTNER.replace("title: Lernia", "title: AF"),
    },
    "same phone written two ways": {
        "samverkansparter/lernia.md": PARTNER,
        "samverkansparter/af.md": PARTNER.replace("title: Lernia", "title: AF").replace(
            "070-174 06 05", "+46 70 174 06 05"
        ),
    },
    "public page links to public page": {
        "a.md": "---\nvisibility: public\n---\n[B](b.md)\n",
        "b.md": "---\nvisibility: public\n---\n# B\n",
    },
    "different routines on the same theme are not duplicates": {
        "rutiner/a.md": ROUTINE + LONG_TEXT,
        "rutiner/b.md": ROUTINE + "Ungdomen och kontaktpersonen går igenom ekonomin varje "
        "månad: fickpengar, matpengar, sparande och räkningar. Kvitton sparas i pärmen och "
        "saldot stäms av med ungdomen. Vid avvikelser kontaktas enhetschefen samma vecka. "
        "Inför flytt till eget boende övar ungdomen på att betala hyra och el själv, med "
        "stöd av boendepersonalen och budgetrådgivningen.\n",
    },
    "draft may link to anything": {
        "rutiner/utkast.md": routine(status="draft") + "[X](b.md)\n",
        "rutiner/b.md": routine(status="draft"),
    },
}


@pytest.mark.parametrize("case", list(PASSING), ids=list(PASSING))
def test_no_finding(make_bank: MakeBank, case: str) -> None:
    bank = make_bank(PASSING[case])
    result = bank.kb("check")
    assert result.output == "No problems found.\n"
    assert result.exit_code == 0


def test_a_bad_value_in_a_contact_hides_no_other_finding(make_bank: MakeBank) -> None:
    """The phone is wrong and the contact is old: both are said at once, and
    the rest of the page's metadata still counts."""
    partner = PARTNER.replace("    email: anna.berg@lernia.example.org\n", "").replace(
        "phone: 070-174 06 05", "phone: 'ring växeln'"
    ).replace("verified: 2026-10-01", "verified: 2025-01-10")
    result = make_bank({"samverkansparter/lernia.md": partner}).check()
    assert [line.split(": ", 2)[1] for line in result.splitlines() if "KB" in line] == [
        "KB102 error", "KB302 warning"
    ]
    assert "contact 'Anna Berg' last verified 2025-01-10" in result


def test_example_text_of_a_kb_new_template_is_reported(make_bank: MakeBank) -> None:
    """KB112: the template's own sentences, as kb new wrote them, on a page
    that is published; a draft is being written and is left alone."""
    page = routine().replace("Text.\n", "") + (
        "# A\n\n## Så här gör vi\n\n1. Första steget: vem gör vad, och när.\n"
        "2. Ring boendet.\n3. Nästa steg.\n"
    )
    bank = make_bank({"rutiner/a.md": page, "rutiner/b.md": page.replace(
        "reviewed:", "status: draft\nreviewed:")})
    assert bank.check() == (
        "docs/rutiner/a.md:12:4: KB112 warning: the page still holds 2 lines of example text "
        "from its kb new template, the first 'Första steget: vem gör vad, och när.'\n"
        "  hint: write the page's own text in their place, or remove them"
    )


def test_kb_new_pages_are_reported_until_they_are_written(bank: BankDir) -> None:
    bank.kb("new", "routine", "Tolkbokning", "--owner", "samordnare", "--today", "2026-11-23")
    result = bank.kb("check")
    assert result.exit_code == 0  # a warning
    assert result.output.startswith(
        "docs/rutiner/tolkbokning.md:6:10: KB112 warning: the page still holds 6 lines of "
        "example text from its kb new template, the first 'En mening om vad rutinen gäller och "
        "för vem.'\n"
    )


def test_an_owner_that_is_no_id_is_offered_the_declared_owners(make_bank: MakeBank) -> None:
    result = make_bank({"rutiner/a.md": routine(owner="'<b>x</b>'")}).check()
    assert result.splitlines()[1] == (
        "  hint: owners are declared under plugins.kb.owners in mkdocs.yml: "
        "enhetschef-boende, samordnare"
    )
