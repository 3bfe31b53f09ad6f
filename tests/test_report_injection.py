"""No value from a file can forge a line, an annotation or markup in a report (D16)."""

from __future__ import annotations

from .conftest import BankDir, MakeBank

# A stale contact: KB302 quotes the name in its message and its hint.
PARTNER = """\
---
title: Lernia
org_type: company
owner: samordnare
reviewed: 2026-09-01
contacts:
  - name: "{name}"
    role: Samordnare
    email: anna@example.org
    verified: 2025-01-01
---
Text.
"""
FORGED = "Anna\\ndocs/rutiner/x.md:1:1: KB100 error: forged\\r\\u2028\\x1b[2J"


def _bank(make_bank: MakeBank, name: str) -> BankDir:
    return make_bank({"samverkansparter/lernia.md": PARTNER.format(name=name)})


def test_text_report_shows_control_characters_as_escapes(make_bank: MakeBank) -> None:
    output = _bank(make_bank, FORGED).kb("check").output
    assert output == (
        "docs/samverkansparter/lernia.md:10:15: KB302 warning: contact 'Anna\\ndocs/rutiner/"
        "x.md:1:1: KB100 error: forged\\r\\u2028\\x1b[2J' last verified 2025-01-01, more than 6 "
        "months ago\n"
        "  hint: confirm the details with Anna\\ndocs/rutiner/x.md:1:1: KB100 error: forged"
        "\\r\\u2028\\x1b[2J and set 'verified: 2026-11-23'\n"
        "0 errors, 1 warning in 1 file.\n"
    )


def test_text_report_escapes_a_file_name(make_bank: MakeBank) -> None:
    bank = make_bank({"rutiner/a\nb.md": "---\ntitle: A\n---\nText.\n"})
    lines = bank.kb("check").output.splitlines()
    assert lines[0].startswith("docs/rutiner/a\\nb.md:1:1: KB101 error: missing required key")
    assert all(line.startswith(("docs/rutiner/a\\nb.md:", "  hint:")) for line in lines[:-1])


def test_github_annotations_stay_one_command_each(make_bank: MakeBank) -> None:
    name = "Anna\\n::error file=x.md::forged%0A\\r::add-mask::hemlig,:"
    output = _bank(make_bank, name).kb("check", "--format", "github").output
    assert output == (
        "::warning file=docs/samverkansparter/lernia.md,line=10,col=15,title=KB302 warning::"
        "contact 'Anna\\n::error file=x.md::forged%250A\\r::add-mask::hemlig,:' last verified "
        "2025-01-01, more than 6 months ago%0Ahint: confirm the details with Anna\\n::error "
        "file=x.md::forged%250A\\r::add-mask::hemlig,: and set 'verified: 2026-11-23'\n"
        "0 errors, 1 warning in 1 file.\n"
    )


def test_github_file_property_is_escaped(make_bank: MakeBank) -> None:
    bank = make_bank({"rutiner/a,b:c%\n.md": "---\ntitle: A\n---\nText.\n"})
    first = bank.kb("check", "--format", "github").output.splitlines()[0]
    assert first.startswith("::error file=docs/rutiner/a%2Cb%3Ac%25\\n.md,line=1,col=1,")


def test_markdown_comment_gets_no_markup_from_a_message(make_bank: MakeBank) -> None:
    name = (
        "Anna <img src=x onerror=alert(1)> [klicka](https://evil.example.org) "
        "![](https://t.example.org/p.png) | *x* `y` www.evil.example.org"
    )
    output = _bank(make_bank, name).kb("check", "--format", "markdown").output
    row = next(line for line in output.splitlines() if "KB302" in line and "| 10:15 |" in line)
    assert row == (
        "| ⚠️ | 10:15 | KB302 | contact 'Anna \\<img src=x onerror=alert(1)\\> \\[klicka\\]"
        "(https\\://evil.example.org) !\\[\\](https\\://t.example.org/p.png) \\| \\*x\\* "
        "\\`y\\` www\\.evil.example.org' last verified 2025-01-01, more than 6 months ago | "
        "confirm the details with Anna \\<img src=x onerror=alert(1)\\> \\[klicka\\]"
        "(https\\://evil.example.org) !\\[\\](https\\://t.example.org/p.png) \\| \\*x\\* "
        "\\`y\\` www\\.evil.example.org and set 'verified: 2026-11-23' |"
    )


def test_markdown_comment_file_heading_is_a_safe_code_span(make_bank: MakeBank) -> None:
    bank = make_bank({"rutiner/a`b|c.md": "---\ntitle: A\n---\nText.\n"})
    output = bank.kb("check", "--format", "markdown").output
    assert "### ``docs/rutiner/a`b\\|c.md``" in output.splitlines()


def test_review_text_and_markdown_escape_names(make_bank: MakeBank) -> None:
    bank = _bank(make_bank, "Anna\\nforged: 1 <b>[x](javascript:y)</b>")
    text = bank.kb("review", "--today", "2026-11-23").output
    assert (
        "  docs/samverkansparter/lernia.md: Contact to confirm: Anna\\nforged: 1 "
        "<b>[x](javascript:y)</b>, confirm by 2025-07-01 (510 days ago)"
    ) in text.splitlines()
    markdown = bank.kb(
        "review", "--today", "2026-11-23", "--format", "markdown", "--lang", "sv"
    ).output
    assert (
        "- [ ] **Kontakt behöver bekräftas: Anna\\\\nforged: 1 "
        "\\<b\\>\\[x\\](javascript:y)\\</b\\>** "
        "– Lernia (`docs/samverkansparter/lernia.md`), senast 1 juli 2025 "
        "(för 510 dagar sedan)"
    ) in markdown.splitlines()
