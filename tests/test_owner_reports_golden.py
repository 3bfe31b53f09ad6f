"""What owners are shown, against golden files (``KB_UPDATE_GOLDEN=1``
rewrites them): ``kb review`` in every format, the reminder mails of
``kb remind`` (the dry run and each message as it goes to the SMTP server),
and the metadata panel of each kind of page. All on the sample bank, on
23 November 2026; ``kb review`` also on a small bank with every kind of item.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from kb_tools import load_bank
from kb_tools.cli import cli
from kb_tools.model import Bank
from kb_tools.model.audience import Audience
from kb_tools.review import review_items
from kb_tools.review.remind import reminders
from kb_tools.site.assembly import Site
from kb_tools.site.panels import PageContext, footer, header

from .conftest import ROUTINE, TODAY, MakeBank
from .golden import compare, in_language
from .test_review_remind import PARTNER

ROOT = Path(__file__).resolve().parents[1]
DAY = date(2026, 11, 23)
FORMATS = {"text": "txt", "markdown": "md", "json": "json", "ics": "ics"}


def _kb(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        cli, [*args, "-f", str(ROOT / "mkdocs.yml"), "--today", TODAY], catch_exceptions=False
    )
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def sample() -> Bank:
    return load_bank(ROOT / "mkdocs.yml")


# -- kb review -----------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "sv"])
@pytest.mark.parametrize("output_format", FORMATS)
def test_review_of_the_sample_bank(output_format: str, language: str) -> None:
    code, output, errors = _kb("review", "--format", output_format, "--lang", language)
    assert (code, errors) == (0, "")
    compare(in_language(f"review/sample.{FORMATS[output_format]}", language), output)


AGREEMENT = """\
---
title: Praktik hos {title}
owner: samordnare
reviewed: 2026-09-01
parties: []
valid_from: 2025-01-01
valid_until: {until}
---
Text.
"""
EVERY_KIND: dict[str, str | bytes] = {
    "rutiner/gammal.md": ROUTINE.replace("2026-09-01", "2025-10-01").replace("Ankomst", "Gammal"),
    "rutiner/snart.md": ROUTINE.replace("2026-09-01", "2025-12-10").replace("Ankomst", "Snart"),
    "samverkansparter/lernia.md": PARTNER,
    "overenskommelser/gammal.md": AGREEMENT.format(title="Gamla firman", until="2026-10-31"),
    "overenskommelser/slutar.md": AGREEMENT.format(title="Lernia", until="2027-01-31"),
}


@pytest.mark.parametrize("language", ["en", "sv"])
@pytest.mark.parametrize("output_format", FORMATS)
def test_review_of_every_kind_of_item(
    make_bank: MakeBank, output_format: str, language: str
) -> None:
    bank = make_bank(EVERY_KIND)
    result = bank.kb("review", "--today", TODAY, "--format", output_format, "--lang", language)
    assert (result.exit_code, result.stderr) == (0, "")
    kinds = {item.kind for item in review_items(load_bank(bank.root / "mkdocs.yml"), DAY)}
    assert kinds == {"overdue", "due", "stale_contact", "agreement_expired", "agreement_ending"}
    compare(in_language(f"review/every-kind.{FORMATS[output_format]}", language), result.output)


# -- kb remind -----------------------------------------------------------------------


def test_remind_dry_run_of_the_sample_bank() -> None:
    code, output, errors = _kb("remind")
    assert (code, errors) == (0, "Dry run: 4 mails not sent (use --send).\n")
    compare("remind/dry-run.txt", output)


MESSAGE_ID = re.compile(r"^Message-ID: (<[^<>@\s]+@example\.se>)\r$", re.MULTILINE)


def test_each_reminder_message_as_it_is_sent(sample: Bank) -> None:
    mails, missing = reminders(sample, list(review_items(sample, DAY)), DAY)
    assert missing == []
    assert [mail.owner for mail in mails] == [
        "arbetsmarknadsenheten",
        "enhetschef-etableringsboende",
        "myndighet-barn-unga",
        "samordnare-etablering",
    ]
    for mail in mails:
        message = mail.message("kunskapsbanken@example.se", DAY)
        assert message.get_content() == mail.body  # what the dry run shows
        raw = message.as_bytes()
        assert raw.count(b"\n") == raw.count(b"\r\n")  # SMTP's line ends, every one
        text = raw.decode("ascii")  # 8-bit text goes in a transfer encoding
        # The one value that differs from run to run: checked, then fixed.
        (message_id,) = MESSAGE_ID.findall(text)
        text = text.replace(message_id, "<ID@example.se>")
        compare(f"remind/{mail.owner}.eml", text.replace("\r\n", "\n"))


# -- the metadata panel --------------------------------------------------------------

PANELS = {
    "routine": "rutiner/att-fylla-18.md",
    "partner": "samverkansparter/lernia.md",
    "agreement-ending": "overenskommelser/praktik-lernia.md",
    "retired": "overenskommelser/mentorskap-foreningen.md",
    "template": "mallar/ankomstsamtal.md",
    "public-routine": "rutiner/kontakt-med-migrationsverket.md",
    "public-partner": "samverkansparter/migrationsverket.md",
}


def _readable(html: str) -> str:
    """One element a line, for diffs; lossless, as the panels hold no line break."""
    assert "\n" not in html
    return html.replace("><", ">\n<") + "\n"


@pytest.mark.parametrize("name", PANELS)
def test_metadata_panel(sample: Bank, name: str) -> None:
    audience = Audience(public=name.startswith("public-"))
    doc = sample.by_src[PANELS[name]]
    site = Site(sample, DAY, audience)
    ctx = PageContext(sample, doc, DAY, audience, tuple(site.similar(doc)))
    page_header, page_footer = header(ctx), footer(ctx)
    assert page_header.startswith('<dl class="kb-meta"')
    compare(f"panels/{name}.header.html", _readable(page_header))
    compare(f"panels/{name}.footer.html", _readable(page_footer))


def test_the_panels_show_what_their_page_is() -> None:
    """The golden files hold what each case is named after."""
    golden = Path(__file__).parent / "golden" / "panels"
    ending = (golden / "agreement-ending.header.html").read_text(encoding="utf-8")
    assert "Överenskommelsen löper snart ut" in ending
    retired = (golden / "retired.header.html").read_text(encoding="utf-8")
    assert "<dd>Upphörd</dd>" in retired and "Nästa granskning" not in retired
    partner = (golden / "partner.footer.html").read_text(encoding="utf-8")
    assert '<li class="kb-contact"' in partner
    internal = (golden / "routine.header.html").read_text(encoding="utf-8")
    public = (golden / "public-routine.header.html").read_text(encoding="utf-8")
    assert "mailto:" in internal and "mailto:" not in public
