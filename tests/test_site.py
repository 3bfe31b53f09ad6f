"""The built site: panels, generated pages, exports, the public build, atomic builds."""

from __future__ import annotations

import gzip
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
import vobject
from icalendar import Calendar

from kb_tools import load_bank
from kb_tools.config import load_config
from kb_tools.fields import national_format
from kb_tools.model.audience import Audience
from kb_tools.site.assembly import Site
from kb_tools.site.mkdocs.build import BuildFailed, build_site

from .conftest import MKDOCS_YML, MakeBank
from .golden import compare

ROOT = Path(__file__).resolve().parents[1]
TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    config = load_config(ROOT / "mkdocs.yml")
    out = tmp_path_factory.mktemp("sites")
    return {
        "internal": build_site(config, out / "internal", today=TODAY),
        "public": build_site(config, out / "public", public=True, today=TODAY),
    }


def _site(public: bool = False) -> Site:
    return Site(load_bank(ROOT / "mkdocs.yml"), TODAY, Audience(public=public))


@pytest.mark.parametrize("public", [False, True], ids=["internal", "public"])
def test_generated_pages_golden(public: bool) -> None:
    audience = "public" if public else "internal"
    for page in _site(public).generated():
        compare(f"site/{audience}/{page.src_path}", page.markdown)


@pytest.mark.parametrize(
    "name",
    ["kontakter.vcf", "kontakter.csv", "granskning.ics", "pages.json", "kontakter/lernia.vcf"],
)
def test_exports_golden(name: str) -> None:
    content = _site().exports()[name].decode("utf-8")
    compare(f"site/exports/{name}", content)


def test_vcards_parse_back() -> None:
    exports = _site().exports()
    cards = list(vobject.readComponents(exports["kontakter.vcf"].decode("utf-8")))
    bank = load_bank(ROOT / "mkdocs.yml")
    contacts = [c for p in bank.of_type("partner") for c in p.contacts]
    assert len(cards) == len(contacts)
    first = next(c for c in cards if c.fn.value == "Tobias Wennerberg")
    assert first.version.value == "4.0"
    assert first.org.value == ["Lernia"]
    assert first.tel.value.startswith("tel:+4670174")
    assert exports["kontakter.vcf"].count(b"\r\n") > 100
    assert all(len(line) <= 75 for line in exports["kontakter.vcf"].split(b"\r\n"))


def test_calendar_parses_back() -> None:
    calendar = Calendar.from_ical(_site().exports()["granskning.ics"])
    events = calendar.walk("VEVENT")
    summaries = {str(e["summary"]) for e in events}
    assert "Överenskommelse upphör: Överenskommelse om praktik med Lernia" in summaries
    assert "Granska: Att fylla 18 år" in summaries
    lernia = next(
        e for e in events if str(e["uid"]) == "agreement-end-praktik-lernia@kunskapsbanken"
    )
    assert lernia.decoded("dtstart") == date(2027, 1, 31)
    (alarm,) = lernia.walk("VALARM")
    assert str(alarm["trigger"].to_ical(), "ascii") == "-P14D"


def test_the_start_page_is_titled_by_the_site_name_alone(sites: dict[str, Path]) -> None:
    start = (sites["internal"] / "index.html").read_text()
    routine = (sites["internal"] / "rutiner" / "att-fylla-18" / "index.html").read_text()
    assert "<title>Kunskapsbanken – Strandviks kommun</title>" in start
    assert "<title>Att fylla 18 år - Kunskapsbanken – Strandviks kommun</title>" in routine
    assert '<h1 id="kunskapsbanken">Kunskapsbanken' in start


def test_metadata_panel_and_contact_cards(sites: dict[str, Path]) -> None:
    html = (sites["internal"] / "samverkansparter" / "lernia" / "index.html").read_text()
    assert '<dl class="kb-meta" data-pagefind-ignore data-kb-review-due="2027-07-14">' in html
    assert (
        '<dt>Ägare</dt><dd><a href="mailto:arbetsmarknad@example.se" aria-label="Skicka '
        'e-post till Arbetsmarknadsenheten (rekryterare)">Arbetsmarknadsenheten (rekryterare)</a>'
    ) in html
    assert '<dt>Senast granskad</dt><dd><time datetime="2026-07-14">14 juli 2026</time>' in html
    assert (
        '<div class="kb-contact__phone"><dt>Telefon</dt><dd><a href="tel:+46701740623" '
        'aria-label="Ring Tobias Wennerberg, 070-174 06 23">070-174 06 23</a></dd></div>'
    ) in html
    assert "Uppgifterna bekräftade" in html
    assert (
        'href="../../overenskommelser/praktik-lernia/">Överenskommelse om praktik med Lernia'
        in html
    )


def test_overdue_banner_is_built_for_a_late_day(tmp_path: Path) -> None:
    site = build_site(load_config(ROOT / "mkdocs.yml"), tmp_path / "late", today=date(2027, 12, 1))
    html = (site / "rutiner" / "att-fylla-18" / "index.html").read_text()
    assert "data-kb-overdue-banner>" in html  # not hidden
    html_now = _site().html("rutiner/att-fylla-18.md", "<h1>Att fylla 18 år</h1>")
    assert "data-kb-overdue-banner hidden>" in html_now


def test_drafts_are_not_built_and_retired_not_searchable(sites: dict[str, Path]) -> None:
    internal = sites["internal"]
    assert not (internal / "rutiner" / "digitala-uppfoljningssamtal").exists()
    retired = internal / "overenskommelser" / "mentorskap-foreningen" / "index.html"
    assert "kb-banner--retired" in retired.read_text()
    # Pagefind indexes only what is marked data-pagefind-body.
    assert "data-pagefind-body" not in retired.read_text()
    active = internal / "rutiner" / "att-fylla-18" / "index.html"
    assert "<div data-pagefind-body>" in active.read_text()
    assert (internal / "pagefind" / "pagefind.js").is_file()


def _needles(public_audience: Audience, config_file: Path = ROOT / "mkdocs.yml") -> dict[str, str]:
    bank = load_bank(config_file)
    needles: dict[str, str] = {}

    def contact_details(contact: object) -> list[str]:
        values = [contact.name, contact.email, contact.phone]  # type: ignore[attr-defined]
        if contact.phone:  # type: ignore[attr-defined]
            values.append(national_format(contact.phone))  # type: ignore[attr-defined]
        return [v for v in values if v]

    for doc in bank.documents:
        if public_audience.includes(bank, doc):
            for contact in doc.contacts:
                if not contact.public:
                    needles.update(
                        {v: f"non-public contact on {doc.id}" for v in contact_details(contact)}
                    )
            continue
        if doc.src_path == "index.md":
            continue  # its title is the site's name and its id is a file name
        needles[doc.title] = f"title of internal {doc.id}"
        needles[f"/{doc.id}/"] = f"id of internal {doc.id}"
        needles[f'"{doc.id}"'] = f"id of internal {doc.id}"
        for contact in doc.contacts:
            needles.update({v: f"contact on internal {doc.id}" for v in contact_details(contact)})
    return needles


def _site_texts(site: Path) -> dict[str, str]:
    """Every file of a built site as text, gzip-compressed ones decompressed:
    they are found by their first bytes, since Pagefind's index files
    (``.pf_fragment``, ``.pf_index``, ``.pf_meta``) are gzip without ``.gz``."""
    texts = {}
    for path in sorted(site.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if data[:2] == b"\x1f\x8b":
                data = gzip.decompress(data)
            texts[path.relative_to(site).as_posix()] = data.decode("utf-8", "ignore")
    return texts


def _leaks(site: Path, needles: dict[str, str]) -> list[str]:
    return [
        f"{name}: {why} ({needle!r})"
        for name, text in _site_texts(site).items()
        for needle, why in needles.items()
        if needle in text
    ]


def test_public_build_leaks_nothing_internal(sites: dict[str, Path]) -> None:
    needles = _needles(Audience(public=True))
    assert len(needles) > 100
    texts = _site_texts(sites["public"])
    assert len(texts) > 20
    # The search index is read too: a public page's words are in its fragments.
    fragments = [text for name, text in texts.items() if name.endswith(".pf_fragment")]
    assert any("Kontakt med Migrationsverket" in text for text in fragments)
    assert _leaks(sites["public"], needles) == []


SECRET_PAGE = """\
---
title: {title}
owner: samordnare-etablering
reviewed: 2026-09-01
visibility: {visibility}
status: {status}
---
# {title}

{body}
"""

EXPLICIT_NAV = """
nav:
  - Start: index.md
  - Rutiner:
      - rutiner/kontakt-med-migrationsverket.md
      - Navtitel för en intern rutin: rutiner/att-fylla-18.md
      - rutiner/ankomst-och-inskrivning.md
      - Navtitel för ett utkast: rutiner/digitala-uppfoljningssamtal.md
      - Navtitel för en länk utanför docs: rutiner/utanfor.md
      - Navtitel för en länkad intern sida: rutiner/lankad.md
  - Navtitel för en avdelning med bara interna sidor:
      - mallar/ankomstsamtal.md
      - Navtitel för en intern mall: mallar/samtal-infor-18.md
  - Om: om-kunskapsbanken.md
  - https://www.example.se/
"""


@pytest.fixture(scope="module")
def attacked(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample bank with an explicit nav: naming internal pages and a
    draft, and links to pages that live outside docs/ or are internal."""
    root = tmp_path_factory.mktemp("attacked")
    shutil.copytree(ROOT / "docs", root / "bank" / "docs")
    shutil.copytree(ROOT / "overrides", root / "bank" / "overrides")
    settings = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "bank" / "mkdocs.yml").write_text(settings + EXPLICIT_NAV, encoding="utf-8")
    outside = root / "elsewhere"
    outside.mkdir()
    for name, status in (("utanfor", "active"), ("utkast", "draft")):
        (outside / f"{name}.md").write_text(
            SECRET_PAGE.format(
                title=f"Sida utanför docs ({status})",
                visibility="public",
                status=status,
                body="Koden till förrådet är ZQX-4711.",
            ),
            encoding="utf-8",
        )
    docs = root / "bank" / "docs"
    (docs / "rutiner" / "utanfor.md").symlink_to(outside / "utanfor.md")
    (docs / "rutiner" / "utkast-utanfor.md").symlink_to(outside / "utkast.md")
    (docs / "rutiner" / "lankad.md").symlink_to("ankomst-och-inskrivning.md")
    config = load_config(root / "bank" / "mkdocs.yml")
    return {
        "config": root / "bank" / "mkdocs.yml",
        "internal": build_site(config, root / "internal", today=TODAY),
        "public": build_site(config, root / "public", public=True, today=TODAY),
    }


def test_public_build_with_an_explicit_nav_and_links_leaks_nothing(
    attacked: dict[str, Path],
) -> None:
    needles = _needles(Audience(public=True), attacked["config"])
    needles.update(
        {
            title: "title of an explicit nav entry for an internal page"
            for title in re.findall(r"(Navtitel[^:]*):", EXPLICIT_NAV)
        }
    )
    needles["rutiner/att-fylla-18"] = "address of an internal page in the nav"
    needles["ZQX-4711"] = "body of a page outside docs"
    needles["Sida utanför docs"] = "title of a page outside docs"
    assert _leaks(attacked["public"], needles) == []
    page = _site_texts(attacked["public"])["rutiner/kontakt-med-migrationsverket/index.html"]
    assert "Kontakt med Migrationsverket" in page
    assert 'href="https://www.example.se/"' in page


_NAV_ENTRY = re.compile(
    r'(?:<a href="(?P<href>[^"]*)"|<label class="md-nav__link[^"]*" for="(?P<for>[^"]*)")[^>]*>'
    r'\s*<span class="md-ellipsis">\s*(?P<label>.*?)\s*</span>',
    re.S,
)


def test_public_build_with_a_linked_folder_publishes_nothing(
    attacked: dict[str, Path], tmp_path: Path
) -> None:
    """MkDocs would follow the link and publish the folder's pages: the build
    stops before MkDocs walks docs/ (KB107 in kb check)."""
    bank = tmp_path / "bank"
    shutil.copytree(attacked["config"].parent, bank, symlinks=True)
    (bank / "docs" / "rutiner" / "extra").symlink_to(attacked["config"].parent.parent / "elsewhere")
    with pytest.raises(BuildFailed) as failed:
        build_site(load_config(bank / "mkdocs.yml"), tmp_path / "public", public=True, today=TODAY)
    assert "symbolic links to folders ('docs/rutiner/extra')" in str(failed.value)
    assert not (tmp_path / "public").exists()


def _nav_labels(html: str) -> list[str]:
    """The entries of the site navigation (left column) of a page, without
    the page's own table of contents that Material nests in it."""
    start = html.index('<nav class="md-nav md-nav--primary"')
    nav = html[start : html.index('<div class="md-content"', start)]
    return [
        entry["label"]
        for entry in _NAV_ENTRY.finditer(nav)
        if not (entry["href"] or "").startswith("#") and entry["for"] != "__toc"
    ]


def test_explicit_nav_lists_only_pages_of_the_build_and_never_none(
    attacked: dict[str, Path],
) -> None:
    internal = _site_texts(attacked["internal"])
    labels = _nav_labels(internal["mallar/ankomstsamtal/index.html"])
    assert labels[:8] == [
        "Start",
        "Rutiner",
        "Kontakt med Migrationsverket",
        "Navtitel för en intern rutin",
        "Ankomst och inskrivning på Båtsmansgården",
        "Navtitel för en länkad intern sida",  # a link inside docs/ is a page
        "Mallar",
        "Ankomstsamtal",
    ]
    assert labels[8:] == [
        "Navtitel för en intern mall",
        "Om",
        "https://www.example.se/",  # a link without a title shows its address
    ]
    for gone in ("Navtitel för ett utkast", "Navtitel för en länk utanför docs", "ZQX-4711"):
        assert [name for name, text in internal.items() if gone in text] == []
    public = _site_texts(attacked["public"])
    assert _nav_labels(public["om-kunskapsbanken/index.html"]) == [
        "Start",
        "Rutiner",
        "Kontakt med Migrationsverket",
        "Om",
        "https://www.example.se/",
    ]
    for texts in (internal, public):
        pages = [text for text in texts.values() if 'class="md-nav md-nav--primary"' in text]
        assert len(pages) > 10
        assert [label for text in pages for label in _nav_labels(text) if label == "None"] == []


def test_public_build_has_public_pages(sites: dict[str, Path]) -> None:
    public = sites["public"]
    assert (public / "rutiner" / "kontakt-med-migrationsverket" / "index.html").is_file()
    assert (public / "index.html").is_file()
    assert not (public / "oversikt" / "granskning").exists()
    assert not (public / "granskning.ics").exists()
    assert not (public / "admin").exists()  # the editor is for the intranet only
    assert (sites["internal"] / "admin" / "config.yml").is_file()
    home = (public / "index.html").read_text()
    assert "Kontakt med Migrationsverket" in home


def test_failed_build_keeps_the_previous_site(tmp_path: Path) -> None:
    bank = tmp_path / "bank"
    shutil.copytree(ROOT / "docs", bank / "docs")
    shutil.copytree(ROOT / "overrides", bank / "overrides")
    shutil.copy(ROOT / "mkdocs.yml", bank / "mkdocs.yml")
    config = load_config(bank / "mkdocs.yml")
    site = build_site(config, today=TODAY)
    (site / "marker.txt").write_text("previous build")
    routine = bank / "docs" / "rutiner" / "att-fylla-18.md"
    routine.write_text(routine.read_text().replace("myndighet-barn-unga", "okand-agare", 1))
    with pytest.raises(BuildFailed) as failed:
        build_site(load_config(bank / "mkdocs.yml"), strict=True, today=TODAY)
    assert str(failed.value) == (
        f"build failed: Aborted with 1 warnings in strict mode!; the previous site in {site} "
        "is unchanged"
    )
    assert (site / "marker.txt").read_text() == "previous build"
    assert [p.name for p in bank.iterdir() if p.name.startswith(".site")] == []
    build_site(load_config(bank / "mkdocs.yml"), today=TODAY)
    assert not (site / "marker.txt").exists()


def test_large_sections_get_an_index_page_instead_of_a_long_navigation(tmp_path: Path) -> None:
    from .conftest import MKDOCS_YML, ROUTINE

    (tmp_path / "mkdocs.yml").write_text(
        MKDOCS_YML.replace("      owners:", "      nav_section_limit: 3\n      owners:")
    )
    docs = tmp_path / "docs" / "rutiner"
    docs.mkdir(parents=True)
    (tmp_path / "docs" / "index.md").write_text("# Start\n")
    for number in range(5):
        (docs / f"r{number}.md").write_text(ROUTINE.replace("Ankomst", f"Rutin {number}"))
    site = build_site(load_config(tmp_path / "mkdocs.yml"), today=TODAY)
    listing = (site / "rutiner" / "index.html").read_text()
    for number in range(5):
        assert f'href="../rutiner/r{number}/"' in listing or f'href="r{number}/"' in listing
    page = (site / "rutiner" / "r0" / "index.html").read_text()
    start = page.index('<nav class="md-nav md-nav--primary"')
    nav = page[start : page.index('<div class="md-content"', start)]
    assert "Rutin 4" not in nav
    assert "Rutiner" in nav


def test_a_large_section_s_own_readme_keeps_its_text_and_gets_the_listing(
    tmp_path: Path,
) -> None:
    """A section's landing page may be README.md: it is neither replaced by a
    generated index.md nor lost; the listing is added to it."""
    from .conftest import MKDOCS_YML, ROUTINE

    (tmp_path / "mkdocs.yml").write_text(
        MKDOCS_YML.replace("      owners:", "      nav_section_limit: 3\n      owners:")
    )
    docs = tmp_path / "docs" / "rutiner"
    docs.mkdir(parents=True)
    (tmp_path / "docs" / "index.md").write_text("# Start\n")
    (docs / "README.md").write_text("# Rutiner\n\nSå arbetar vi med rutinerna på boendet.\n")
    for number in range(4):
        (docs / f"r{number}.md").write_text(ROUTINE.replace("Ankomst", f"Rutin {number}"))
    site = build_site(load_config(tmp_path / "mkdocs.yml"), today=TODAY, strict=True)
    landing = (site / "rutiner" / "index.html").read_text()
    assert "Så arbetar vi med rutinerna på boendet." in landing
    for number in range(4):
        assert f"Rutin {number}" in landing


def test_related_pages_merge_hand_picked_and_similar_pages() -> None:
    site = _site()
    html = site.html("rutiner/att-fylla-18.md", "<h1>Att fylla 18 år</h1>")
    related = html[html.index('id="kb-relaterat"') :]
    picked = site.bank.by_src["rutiner/att-fylla-18.md"].meta.related
    titles = [site.bank.get(i).title for i in picked]  # type: ignore[union-attr]
    positions = [related.index(t) for t in titles]
    assert positions == sorted(positions)
    assert "Samtal inför 18" in related


def test_pages_without_hand_picked_related_get_similar_pages(tmp_path: Path) -> None:
    from kb_tools.config import config_from_dict
    from kb_tools.model import Bank

    config = config_from_dict(tmp_path, {"owners": {"a": {"name": "A"}}})
    routine = "---\ntitle: {}\nowner: a\nreviewed: 2026-09-01\n---\n{}\n"
    bank = Bank.from_files(
        config,
        {
            "rutiner/lakemedel.md": routine.format(
                "Läkemedel", "Läkemedel förvaras i låst skåp och delas ut av personalen vid måltid."
            ),
            "rutiner/dosetter.md": routine.format(
                "Dosetter",
                "Personalen delar ut läkemedel ur dosett vid måltid och förvarar dem låst.",
            ),
            "rutiner/fritid.md": routine.format("Fritid", "Föreningar, idrott och läxhjälp."),
        },
    )
    html = Site(bank, TODAY).html("rutiner/lakemedel.md", "<h1>Läkemedel</h1>")
    related = html[html.index('id="kb-relaterat"') :]
    assert "Dosetter" in related
    assert "Fritid" not in related


def test_folder_navigation_puts_the_typed_sections_first(
    make_bank: MakeBank, tmp_path: Path
) -> None:
    """Without ``nav:``: start page, the typed sections in the order of
    ``types:``, other pages and folders (a folder titled by its index page),
    the overview last; search and the statement are not menu entries."""
    routine = "---\ntitle: {0}\nowner: samordnare\nreviewed: 2026-09-01\n---\n# {0}\n"
    bank = make_bank({
        "index.md": "# Start\n",
        "ordlista.md": "# Ordlista\n",
        "redaktorer/index.md": "---\ntitle: För redaktörer\n---\n# För redaktörer\n",
        "redaktorer/andra.md": "# Ändra en sida\n",
        "rutiner/ankomst.md": routine.format("Ankomst"),
        "mallar/samtal.md": routine.format("Samtal"),
        "tillganglighet.md": "# Tillgänglighetsredogörelse\n",
    })
    site = build_site(load_config(bank.root / "mkdocs.yml"), tmp_path / "site", today=TODAY)
    labels = _nav_labels((site / "ordlista" / "index.html").read_text())
    assert labels[0] == "Start"
    wanted = {"Rutiner", "Mallar", "Ordlista", "För redaktörer", "Översikt", "Sök",
              "Tillgänglighetsredogörelse"}
    top = list(dict.fromkeys(label for label in labels if label in wanted))
    assert top == ["Rutiner", "Mallar", "Ordlista", "För redaktörer", "Översikt"]
    assert (site / "sok" / "index.html").is_file()
    assert (site / "tillganglighet" / "index.html").is_file()


def test_generated_pages_leave_out_pages_another_plugin_dropped(
    make_bank: MakeBank, tmp_path: Path
) -> None:
    """A site whose own hook drops a page after kb chose its files: the tag
    index and the backlinks neither list nor link it, and strict builds."""
    routine = (
        "---\ntitle: {0}\nowner: samordnare\nreviewed: 2026-09-01\ntags: [boende]\n---\n"
        "# {0}\n\nSe [ankomst](ankomst.md).\n"
    )
    bank = make_bank({
        "mkdocs.yml": MKDOCS_YML + "hooks:\n  - filter.py\n",
        "index.md": "# Start\n",
        "rutiner/ankomst.md": routine.format("Ankomst"),
        "rutiner/villkorad.md": routine.format("Villkorad sida"),
    })
    bank.write(
        "filter.py",
        "def on_files(files, config):\n"
        "    files.remove(files.get_file_from_path('rutiner/villkorad.md'))\n"
        "    return files\n",
    )
    site = build_site(
        load_config(bank.root / "mkdocs.yml"), tmp_path / "site", strict=True, today=TODAY
    )
    tags = (site / "oversikt" / "taggar" / "index.html").read_text()
    assert "Ankomst" in tags and "Villkorad" not in tags
    assert "Villkorad" not in (site / "rutiner" / "ankomst" / "index.html").read_text()
    assert not (site / "rutiner" / "villkorad").exists()


def test_a_page_that_is_not_utf8_is_left_out_and_the_rest_is_built(
    make_bank: MakeBank, tmp_path: Path
) -> None:
    """kb check says KB100 with its hint; the engine could not read the page
    and would stop the whole build."""
    bank = make_bank({
        "index.md": "# Start\n",
        "rutiner/ansi.md": "---\ntitle: Blå\n---\n# Blå\n".encode("cp1252"),
    })
    site = build_site(load_config(bank.root / "mkdocs.yml"), tmp_path / "site", today=TODAY)
    assert (site / "index.html").is_file()
    assert not (site / "rutiner" / "ansi").exists()
