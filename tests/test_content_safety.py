"""KB402: markup that can run code, in the body and in front-matter values."""

from __future__ import annotations

import pytest

from kb_tools.front_matter import split
from kb_tools.safety.content import unsafe_html, unsafe_values

from .conftest import MakeBank

FRONT = "---\ntitle: A\n---\n"


def _body_findings(body: str) -> list[str]:
    text = FRONT + body
    return [f"{d.line}:{d.column} {d.message}" for d in unsafe_html("a.md", text, 4)]


# (body, expected findings as "line:column message"); the body starts on line 4.
RUNS = {
    "attr_list handler": (
        "Stycke {: onmouseover=alert(1) }\n",
        ["4:11 raw HTML that can run code: an on* event handler attribute"],
    ),
    "attr_list handler without colon": (
        '![x](y.png){ onerror="alert(1)" }\n',
        ["4:14 raw HTML that can run code: an on* event handler attribute"],
    ),
    "attr_list href": (
        '[x](y.md){: href="javascript:alert(1)" }\n',
        ["4:19 raw HTML that can run code: a javascript: URL"],
    ),
    "reference definition": (
        "[Klicka][r]\n\n[r]: javascript:alert(1)\n",
        ["6:6 raw HTML that can run code: a javascript: URL"],
    ),
    "reference definition on the next line": (
        "[r]:\n    <javascript:alert(1)>\n",
        ["5:6 raw HTML that can run code: a javascript: URL"],
    ),
    "form action": (
        '<form action="javascript:alert(1)"><button>x</button></form>\n',
        ["4:15 raw HTML that can run code: a javascript: URL"],
    ),
    "formaction": (
        "<button formaction=javascript:alert(1)>x</button>\n",
        ["4:20 raw HTML that can run code: a javascript: URL"],
    ),
    "data: link": (
        "[x](data:text/html;base64,PHNjcmlwdD4=)\n",
        ["4:5 raw HTML that can run code: a data: URL"],
    ),
    "vbscript: link": (
        '<a href="VBScript:msgbox(1)">x</a>\n',
        ["4:10 raw HTML that can run code: a vbscript: URL"],
    ),
    "entity-encoded scheme": (
        "[x](jav&#x61;script:alert(1)) [y](javascript&colon;alert(1))\n",
        [
            "4:5 raw HTML that can run code: a javascript: URL",
            "4:35 raw HTML that can run code: a javascript: URL",
        ],
    ),
    "tab and control characters in the scheme": (
        '<a href="java&#09;script:alert(1)">x</a> <a href=" \x01javascript:alert(1)">y</a>\n',
        [
            "4:10 raw HTML that can run code: a javascript: URL",
            "4:51 raw HTML that can run code: a javascript: URL",
        ],
    ),
    "svg link and handler after a slash": (
        '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg><svg/onload=alert(1)>\n',
        [
            "4:21 raw HTML that can run code: a javascript: URL",
            "4:71 raw HTML that can run code: an on* event handler attribute",
        ],
    ),
    "math href": (
        '<math><mi href="javascript:alert(1)">x</mi></math>\n',
        ["4:17 raw HTML that can run code: a javascript: URL"],
    ),
    "svg animation into a handler": (
        '<svg><set attributeName="onmouseover" to="alert(1)"/></svg>\n',
        ["4:25 raw HTML that can run code: an on* event handler attribute"],
    ),
    "handler in braces beside words": (
        "Mötet {onsdag onclick=alert(1)}\n",
        ["4:15 raw HTML that can run code: an on* event handler attribute"],
    ),
    "handler right after a quote": (
        '<img src="x"onerror=alert(1)>\n',
        ["4:13 raw HTML that can run code: an on* event handler attribute"],
    ),
    "base and meta": (
        '<base href="https://evil.example.org/">\n<meta http-equiv="refresh" content="0">\n',
        [
            "4:1 raw HTML that can run code: a <base> element (it redirects the page's links and "
            "scripts)",
            "5:1 raw HTML that can run code: a <meta> element (it can redirect the page)",
        ],
    ),
    "script after an abruptly closed comment": (
        "<!--> <script>alert(1)</script> -->\n",
        ["4:7 raw HTML that can run code: a <script> element"],
    ),
    "backtick inside a tag is no code span": (
        '<div><img src="`" onerror="alert(1)" title="`"></div>\n',
        ["4:19 raw HTML that can run code: an on* event handler attribute"],
    ),
    "object with a data URL": (
        '<object data="data:text/html,x"></object>\n',
        [
            "4:1 raw HTML that can run code: an <object>/<embed> element",
            "4:15 raw HTML that can run code: a data: URL",
        ],
    ),
}


@pytest.mark.parametrize("case", list(RUNS), ids=list(RUNS))
def test_body_markup_that_runs(case: str) -> None:
    body, expected = RUNS[case]
    assert _body_findings(body) == expected


CLEAN = {
    "code span": "Skriv aldrig `<script>` eller `[x](javascript:alert(1))` i en sida.\n",
    "fenced code": "```html\n<a href=\"javascript:alert(1)\" onclick=\"x\">x</a>\n```\n",
    "tilde fence": "~~~\n{: onclick=alert(1) }\n~~~\n",
    "comment": "<!-- <script>alert(1)</script> -->\nText.\n",
    "prose about JavaScript": "Sidan kräver JavaScript: slå på det i webbläsaren.\n"
    "Läs om javascript:-länkar i guiden.\n",
    "ordinary links and attributes": '[Länk](https://example.org/a?b=c) <a href="#x">x</a>\n'
    '![Bild](bild.png){: width="200" .bred }\n<img src="data:image/png;base64,iVBOR">\n',
    "braces in prose": "Skriv {namn} och {datum} i mallen.\n",
    # Words that begin with "on" are not handlers ("onsdag": Wednesday).
    "braces around Swedish words": "Mötet hålls {onsdag eller torsdag} kl. 9.\n"
    "Tider: {ons 9–12, tors 13–16} och {onsdagar: ojämna veckor}.\n",
    "a template comment": "{# Fyll i dagen då mötet hålls on site #}\n{#onsdag#}\n",
    "a handler name without code": '<img src="bild.png" onerror> {: onclick }\n',
    "mailto and tel": "[Mejla](mailto:a@example.se) [Ring](tel:+46701740605)\n",
}


@pytest.mark.parametrize("case", list(CLEAN), ids=list(CLEAN))
def test_body_without_markup_that_runs(case: str) -> None:
    assert _body_findings(CLEAN[case]) == []


def _value_findings(front: str) -> list[str]:
    text = f"---\n{front}---\nText.\n"
    source = split(text)
    return [
        f"{d.line}:{d.column} {d.message}"
        for d in unsafe_values("a.md", text, source.front_matter, source.body_line)
    ]


VALUES = {
    "title": (
        "title: Att fylla 18 <img src=x onerror=alert(1)>\n",
        ["2:32 raw HTML that can run code in 'title': an on* event handler attribute"],
    ),
    "quoted title": (
        "title: \"Att fylla 18 <script>alert(1)</script>\"\n",
        ["2:22 raw HTML that can run code in 'title': a <script> element"],
    ),
    "tag": (
        "tags: [ekonomi, '<script>alert(1)</script>']\n",
        ["2:18 raw HTML that can run code in item 2 of 'tags': a <script> element"],
    ),
    "contact name": (
        "contacts:\n  - name: Anna <svg onload=alert(1)>\n    role: Chef\n",
        ["3:21 raw HTML that can run code in 'name' of contact 1: an on* event handler "
         "attribute"],
    ),
    "glossary term, expansion and description": (
        "terms:\n  - term: <iframe src=x>\n    expansion: a <script>x</script>\n"
        "    description: |\n      Rad ett\n      <img src=x onerror=alert(1)>\n",
        [
            "3:11 raw HTML that can run code in 'term' of term 1: an <iframe> element",
            "4:18 raw HTML that can run code in 'expansion' of term 1: a <script> element",
            "7:18 raw HTML that can run code in 'description' of term 1: an on* event handler "
            "attribute",
        ],
    ),
    "a URL that runs": (
        "website: 'jav&#x61;script:alert(1)'\n",
        ["2:11 raw HTML that can run code in 'website': a javascript: URL"],
    ),
}


@pytest.mark.parametrize("case", list(VALUES), ids=list(VALUES))
def test_front_matter_values_that_run(case: str) -> None:
    front, expected = VALUES[case]
    assert _value_findings(front) == expected


def test_front_matter_values_without_markup() -> None:
    front = (
        "title: Rutin för 18-åringar & deras ekonomi\n"
        "summary: 'JavaScript: behövs inte; a < b och c > d'\n"
        "website: https://example.org/a?b=c\n"
        "tags: [ekonomi, myndig]\n"
    )
    assert _value_findings(front) == []


def test_kb_check_reports_front_matter_markup(make_bank: MakeBank) -> None:
    bank = make_bank(
        {
            "rutiner/a.md": "---\ntitle: Att fylla 18 <img src=x onerror=alert(1)>\n"
            "owner: samordnare\nreviewed: 2026-09-01\n---\nText.\n"
        }
    )
    assert bank.check() == (
        "docs/rutiner/a.md:2:32: KB402 error: raw HTML that can run code in 'title': an on* "
        "event handler attribute\n"
        "  hint: remove it: front-matter values are shown as plain text, so markup is never "
        "needed"
    )
