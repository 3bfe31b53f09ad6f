"""Each place a bank value is written escapes it for that place (D5)."""

from __future__ import annotations

import html
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from kb_tools.config import config_from_dict, load_config
from kb_tools.model import Bank
from kb_tools.model.audience import Audience
from kb_tools.site.assembly import Site
from kb_tools.site.generated import section_listing
from kb_tools.site.mkdocs.build import build_site
from kb_tools.site.sanitize import clean_body, safe_meta
from kb_tools.text.escaping import (
    gfm_code,
    markdown_text,
    markdown_url,
    one_line,
    printable,
    safe_url,
)

from .conftest import MakeBank

TODAY = date(2026, 11, 23)
EVIL = '<script>alert(1)</script> "><img src=x onerror=alert(1)> [x](javascript:alert(1))'
# Every extension a bank may enable that gives characters a meaning.
EXTENSIONS = [
    "abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables", "toc",
    "pymdownx.details", "pymdownx.superfences", "pymdownx.tasklist", "pymdownx.magiclink",
    "pymdownx.mark", "pymdownx.tilde", "pymdownx.caret", "pymdownx.keys", "pymdownx.critic",
]


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += attrs


def _render(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS)


def _elements(rendered: str) -> _Elements:
    parser = _Elements()
    parser.feed(rendered)
    return parser


@pytest.mark.parametrize(
    "value",
    [
        EVIL,
        "{: onclick=alert(1) }",
        "*fet* _kursiv_ `kod` ~~struken~~ ==markerad== ^^in^^ ++ctrl+alt++ {++x++}",
        "https://evil.example.org www.evil.example.org a@evil.example.org",
        "&lt;script&gt; &amp; &#60;",
        "[^1] *[HVB]: x | cell | \\ escaped",
        "Rad ett\nRad två\r\u2028tre",
    ],
)
def test_markdown_text_is_shown_exactly_as_written(value: str) -> None:
    rendered = _render(f"Före {markdown_text(value)} efter")
    elements = _elements(rendered)
    assert elements.tags == ["p"] and elements.attributes == []
    assert html.unescape(rendered[3:-4]) == f"Före {one_line(value)} efter"


@given(st.text(max_size=40))
def test_markdown_text_never_makes_markup(value: str) -> None:
    rendered = _render(f"| a |\n|---|\n| {markdown_text(value)} |")
    assert set(_elements(rendered).tags) <= {"table", "thead", "tbody", "tr", "th", "td"}


def test_markdown_url_keeps_a_link_a_link() -> None:
    rendered = _render(f"[x]({markdown_url('../a) <b onclick=x>.md')})")
    assert rendered == '<p><a href="../a%29%20%3Cb%20onclick%3Dx%3E.md">x</a></p>'
    assert markdown_url("javascript:alert(1)") == "javascript%3Aalert%281%29"
    assert markdown_url("tel:+46701740605") == "tel:+46701740605"


def test_printable_one_line_and_urls() -> None:
    assert printable("a\nb\r\x1b[2J\u2028\u202ec\td") == "a\\nb\\r\\x1b[2J\\u2028\\u202ec\\td"
    assert one_line(" a\r\nb\u2028c\x00d\x85e ") == "a b cd e"
    assert gfm_code("a`b|c") == "``a`b\\|c``"
    assert safe_url("https://example.org") == "https://example.org"
    for url in ("javascript:x", " JaVa\tScRiPt:x", "jav&#x61;script:x", "data:text/html,x"):
        assert safe_url(url) is None


def test_clean_body_removes_what_runs_and_keeps_markup() -> None:
    body = (
        '<p class="a" id="b">x<script>alert(1)</script><img src="x.png" onerror="alert(1)">'
        '<a href="javascript:alert(1)">j</a><a href="../a/#h" title="t">r</a></p>'
        '<table><tr><td style="text-align: left; position: fixed">c</td></tr></table>'
        '<input type="checkbox" checked disabled><input type="text" name="q">'
        "<iframe src=x></iframe><base href=//evil.example.org/>"
    )
    assert clean_body(body) == (
        '<p class="a" id="b">x<img src="x.png"><a>j</a><a href="../a/#h" title="t">r</a></p>'
        '<table><tbody><tr><td style="text-align:left">c</td></tr></tbody></table>'
        '<input type="checkbox" checked="" disabled=""><input name="q">'
    )


def test_safe_meta_escapes_values_and_refuses_the_redirect_template() -> None:
    meta = {"title": EVIL, "hide": ["toc"], "search": {"exclude": True},
            "template": "redirect.html", "location": "javascript:alert(1)"}
    assert safe_meta(meta) == {
        "title": html.escape(EVIL),
        "hide": ["toc"],
        "search": {"exclude": True},
        "location": "javascript:alert(1)",
    }


def _hostile_site(public: bool = False) -> Site:
    config = config_from_dict(
        Path("/bank"),
        {"owners": {"a": {"name": f"Ägare {EVIL}", "email": "a@example.se"}},
         "types": {"samverkansparter": "partner", "overenskommelser": "agreement",
                   "rutiner": "routine"}},
        site_name=f"Banken {EVIL}",
    )
    quoted = EVIL.replace("'", "''")
    partner = (
        f"---\ntitle: 'Lernia {quoted}'\norg_type: company\nowner: a\nreviewed: 2025-01-01\n"
        f"visibility: public\ntags: ['{quoted}']\nsummary: 'Om {quoted}'\ncontacts:\n"
        f"  - name: 'Anna {quoted}'\n    role: 'Roll {quoted}'\n    note: 'Not {quoted}'\n"
        "    email: anna@example.org\n    verified: 2025-01-01\n    public: true\n"
        f"---\nText {EVIL}\n"
    )
    agreement = (
        f"---\ntitle: 'Avtal {quoted}'\nowner: a\nreviewed: 2026-09-01\nparties: [lernia]\n"
        "valid_from: 2025-01-01\nvisibility: public\n---\nText.\n"
    )
    glossary = (
        f"---\ntitle: Ordlista\ntype: glossary\nterms:\n  - term: 'T {quoted}'\n"
        f"    expansion: 'E {quoted}'\n    description: 'D {quoted}'\n---\n"
    )
    bank = Bank.from_files(config, {
        "samverkansparter/lernia.md": partner,
        "overenskommelser/avtal.md": agreement,
        "ordlista.md": glossary,
    })
    return Site(bank, TODAY, Audience(public=public))


@pytest.mark.parametrize("public", [False, True], ids=["internal", "public"])
def test_generated_pages_render_no_markup_from_values(public: bool) -> None:
    site = _hostile_site(public)
    pages = {page.src_path: page.markdown for page in site.generated()}
    pages["ordlista.md"] = site.markdown("ordlista.md", "")
    pages["listing"] = section_listing(
        site.bank, "samverkansparter", "X", site.bank.of_type("partner")
    )
    for name, text in pages.items():
        body = text.split("---\n", 2)[-1] if text.startswith("---\n") else text
        rendered = _render(body)
        elements = _elements(rendered)
        assert not {"script", "img", "iframe"} & set(elements.tags), name
        for attribute, value in elements.attributes:
            assert not attribute.startswith("on"), name
            if attribute == "href":
                assert value is not None and not value.lower().startswith("javascript"), name
    directory = _render(pages["oversikt/samverkansparter.md"].split("---\n", 2)[-1])
    assert f"Lernia {EVIL}" in html.unescape(directory)
    if not public:
        dashboard = _render(pages["oversikt/granskning.md"].split("---\n", 2)[-1])
        assert f"Ägare {EVIL}" in html.unescape(dashboard)
        assert f"Anna {EVIL}" in html.unescape(dashboard)
    else:
        home = pages["index.md"]
        assert f"# {markdown_text('Banken ' + EVIL)}" in home
        assert yaml.safe_load(home.split("---\n")[1])["title"] == f"Banken {EVIL}"


def test_panels_escape_every_value() -> None:
    site = _hostile_site()
    rendered = site.html("samverkansparter/lernia.md", f"<h1>Lernia</h1><p>{EVIL}</p>")
    elements = _elements(rendered)
    assert "script" not in elements.tags and "iframe" not in elements.tags
    assert all(not name.startswith("on") for name, _ in elements.attributes)
    assert all(
        not (value or "").lower().startswith("javascript") for _, value in elements.attributes
    )
    text = html.unescape(rendered)
    for shown in (f"Anna {EVIL}", f"Roll {EVIL}", f"Not {EVIL}", f"Ägare {EVIL}"):
        assert shown in text


def test_built_pages_escape_titles_folders_and_front_matter(make_bank: MakeBank) -> None:
    bank = make_bank(
        {
            "index.md": "# Start\n",
            '"><svg onload=alert(1)>/a.md': f"---\ntitle: 'A {EVIL.replace(chr(39), chr(39) * 2)}'"
            f"\ndescription: '\"><script>alert(2)</script>'\ntemplate: redirect.html\n"
            "location: javascript:alert(3)\n---\n# Rubrik\n",
            "b.md": "# B <b onmouseover=alert(4)\n\nText.\n",
        }
    )
    site = build_site(load_config(bank.root / "mkdocs.yml"), bank.root / "site", today=TODAY)
    page = (site / '"><svg onload=alert(1)>' / "a" / "index.html").read_text()
    assert f"<title>A {html.escape(EVIL)} - Testbanken</title>" in page
    assert '<meta name="description" content="&quot;&gt;&lt;script&gt;alert(2)' in page
    assert "window.location.replace" not in page  # not the redirect template
    other = (site / "b" / "index.html").read_text()
    for needle in ("<svg onload", "<b onmouseover", "<script>alert", "<img src=x"):
        assert needle not in page and needle not in other
    assert "&quot;&gt;&lt;svg onload=alert(1)&gt;" in other  # the folder's section title
    assert "B &lt;b onmouseover=alert(4)" in other  # a title from the first heading


def test_panel_links_to_a_file_named_like_a_scheme_stay_paths() -> None:
    config = config_from_dict(
        Path("/bank"), {"owners": {"a": {"name": "A"}}}, use_directory_urls=False
    )
    routine = "---\ntitle: {}\nowner: a\nreviewed: 2026-09-01\nrelated: [{}]\n---\nText.\n"
    bank = Bank.from_files(config, {
        "rutiner/a.md": routine.format("A", "'javascript:alert(1)'"),
        "rutiner/javascript:alert(1).md": routine.format("J", "a"),
    })
    rendered = Site(bank, TODAY).html("rutiner/a.md", "<h1>A</h1>")
    assert '<a href="javascript%3Aalert%281%29.html">J</a>' in rendered
