"""`kb review` reports and `kb remind` against a real local SMTP server (aiosmtpd)."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from email import message_from_bytes
from email.message import Message

import pytest
from aiosmtpd.controller import Controller

from .conftest import MKDOCS_YML, ROUTINE, BankDir, MakeBank

PARTNER = """\
---
title: Lernia
org_type: company
owner: samordnare
reviewed: 2026-10-01
contacts:
  - name: Anna Berg
    role: Handledare
    email: anna.berg@lernia.example.org
    verified: 2026-05-01
---
Text.
"""


@pytest.fixture
def review_bank(make_bank: MakeBank) -> BankDir:
    return make_bank(
        {
            "rutiner/gammal.md": ROUTINE.replace("2026-09-01", "2025-10-01").replace(
                "Ankomst", "Gammal"
            ),
            "rutiner/snart.md": ROUTINE.replace("2026-09-01", "2025-12-10").replace(
                "Ankomst", "Snart"
            ),
            "rutiner/ny.md": ROUTINE,
            "samverkansparter/lernia.md": PARTNER,
        }
    )


def test_review_text(review_bank: BankDir) -> None:
    result = review_bank.kb("review", "--today", "2026-11-23")
    assert result.output == (
        "Enhetschef boende <boende@example.se>: 2\n"
        "  docs/rutiner/gammal.md: Review overdue, was due 2026-10-01 (53 days ago)\n"
        "  docs/rutiner/snart.md: Review due soon, due 2026-12-10 (in 17 days)\n"
        "Samordnare etablering <samordnare@example.se>: 1\n"
        "  docs/samverkansparter/lernia.md: Contact to confirm: Anna Berg, confirm by "
        "2026-11-01 (22 days ago)\n"
        "3 items to look at for 2 owners.\n"
    )


def test_review_within_and_owner(review_bank: BankDir) -> None:
    result = review_bank.kb(
        "review", "--today", "2026-11-23", "--within", "0", "--owner", "enhetschef-boende"
    )
    assert result.output == (
        "Enhetschef boende <boende@example.se>: 1\n"
        "  docs/rutiner/gammal.md: Review overdue, was due 2026-10-01 (53 days ago)\n"
        "1 item to look at for 1 owner.\n"
    )


def test_review_markdown_and_json(review_bank: BankDir) -> None:
    markdown = review_bank.kb(
        "review", "--today", "2026-11-23", "--format", "markdown", "--lang", "sv"
    ).output
    assert markdown.splitlines()[:8] == [
        "## Granskning 23 november 2026",
        "",
        "3 saker att se över för 2 ägare.",
        "",
        "### Enhetschef boende (boende@example.se)",
        "",
        "- [ ] **Granskning försenad** – Gammal (`docs/rutiner/gammal.md`), skulle ha "
        "granskats senast 1 oktober 2026 (för 53 dagar sedan)",
        "- [ ] **Granskas snart** – Snart (`docs/rutiner/snart.md`), senast "
        "10 december 2026 (om 17 dagar)",
    ]
    data = json.loads(review_bank.kb("review", "--today", "2026-11-23", "--format", "json").output)
    assert [o["owner"] for o in data["owners"]] == ["enhetschef-boende", "samordnare"]
    assert data["owners"][1]["items"] == [
        {
            "kind": "stale_contact",
            "path": "docs/samverkansparter/lernia.md",
            "id": "lernia",
            "title": "Lernia",
            "date": "2026-11-01",
            "days": -22,
            "contact": "Anna Berg",
        }
    ]
    ics = review_bank.kb(
        "review", "--today", "2026-11-23", "--format", "ics", "--lang", "sv"
    ).output
    assert "SUMMARY:Granska: Gammal" in ics


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.recipients: list[list[str]] = []  # the SMTP envelope's, per message

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        self.messages.append(message_from_bytes(envelope.content))  # type: ignore[attr-defined]
        self.recipients.append(list(envelope.rcpt_tos))  # type: ignore[attr-defined]
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


def _remind(bank: BankDir, port: int, *extra: str) -> str:
    result = bank.kb(
        "remind",
        "--today",
        "2026-11-23",
        "--smtp-host",
        "127.0.0.1",
        "--smtp-port",
        str(port),
        *extra,
    )
    assert result.exit_code == 0, result.stderr
    return result.stderr


def test_dry_run_sends_nothing(review_bank: BankDir, smtp: tuple[Inbox, int]) -> None:
    inbox, port = smtp
    result = review_bank.kb("remind", "--today", "2026-11-23", "--smtp-port", str(port))
    assert inbox.messages == []
    assert result.output.startswith(
        "From: kunskapsbanken@example.se\nTo: boende@example.se\n"
        "Subject: Kunskapsbanken: 2 saker att granska\n\nHej Enhetschef boende!\n"
    )
    assert (
        "- Granskning försenad – Gammal, skulle ha granskats senast 1 oktober 2026 "
        "(för 53 dagar sedan)"
    ) in result.output
    assert result.stderr == "Dry run: 2 mails not sent (use --send).\n"


def test_the_right_mails_to_the_right_owners_once_a_day(
    review_bank: BankDir, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    assert _remind(review_bank, port, "--send") == "Sent 2 mails; 0 already sent today.\n"
    received = {m["To"]: m for m in inbox.messages}
    assert sorted(received) == ["boende@example.se", "samordnare@example.se"]
    body = received["samordnare@example.se"].get_payload(decode=True).decode("utf-8")
    assert (
        "- Kontakt behöver bekräftas: Anna Berg – Lernia, senast 1 november 2026"
    ) in body
    assert received["boende@example.se"]["Subject"] == "Kunskapsbanken: 2 saker att granska"
    assert _remind(review_bank, port, "--send") == "Sent 0 mails; 2 already sent today.\n"
    assert len(inbox.messages) == 2
    # A changed list the same day is news; the next day the same list goes out again.
    review_bank.write("docs/rutiner/ny.md", ROUTINE.replace("2026-09-01", "2025-01-01"))
    assert _remind(review_bank, port, "--send") == "Sent 1 mail; 1 already sent today.\n"


def test_smtp_failure_is_one_clear_error(review_bank: BankDir) -> None:
    result = review_bank.kb(
        "remind",
        "--today",
        "2026-11-23",
        "--send",
        "--smtp-host",
        "127.0.0.1",
        "--smtp-port",
        str(_free_port()),
    )
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: cannot send mail through 127.0.0.1:")


def test_owner_without_email(make_bank: MakeBank) -> None:
    bank = make_bank({"rutiner/a.md": ROUTINE.replace("2026-09-01", "2025-01-01")})
    bank.write(
        "mkdocs.yml",
        MKDOCS_YML.replace(
            "{name: Enhetschef boende, email: boende@example.se}", "{name: Enhetschef boende}"
        ),
    )
    result = bank.kb("remind", "--today", "2026-11-23")
    assert "Warning: owner 'enhetschef-boende' has no email in mkdocs.yml; no reminder." in (
        result.stderr
    )


# --- untrusted addresses, names and titles (issue 18, D11) -------------------


@pytest.mark.parametrize(
    ("sender", "found"),
    [
        (
            "not an address",
            "'not an address' (An email address must have an @-sign)",
        ),
        (
            "kb@example.se\r\nBcc: victim@example.org",
            "'kb@example.se\\r\\nBcc: victim@example.org' (The part after the @-sign contains "
            "invalid characters: ':', '@', SPACE, U+000A, U+000D)",
        ),
    ],
)
def test_sender_flag_is_validated_like_the_config(
    review_bank: BankDir, smtp: tuple[Inbox, int], sender: str, found: str
) -> None:
    inbox, port = smtp
    result = review_bank.kb(
        "remind",
        "--today",
        "2026-11-23",
        "--send",
        "--smtp-host",
        "127.0.0.1",
        "--smtp-port",
        str(port),
        "--sender",
        sender,
    )
    assert result.exit_code == 2
    assert result.stderr.endswith(
        f"Error: Invalid value for '--sender': expected an email address, found {found}\n"
    )
    assert inbox.messages == []
    # The same value in mkdocs.yml is refused by the same rule, in the same words
    # (the config message quotes the value as written, line breaks included).
    owners_end = "samordnare@example.se}\n"
    review_bank.write(
        "mkdocs.yml",
        MKDOCS_YML.replace(
            owners_end, owners_end + f"      remind: {{sender: {json.dumps(sender)}}}\n"
        ),
    )
    config = review_bank.kb("remind", "--today", "2026-11-23")
    assert config.exit_code == 2
    prefix = (
        "Error: invalid kb configuration in mkdocs.yml: line 10: "
        "plugins.kb.remind.sender: expected an email address, found "
    )
    assert config.stderr.startswith(prefix)
    assert config.stderr.endswith(found.split(" (", 1)[1] + "\n")


def test_sender_flag_is_normalised(review_bank: BankDir, smtp: tuple[Inbox, int]) -> None:
    inbox, port = smtp
    _remind(review_bank, port, "--send", "--sender", "Kunskapsbanken@Example.SE")
    assert {m["From"] for m in inbox.messages} == {"Kunskapsbanken@example.se"}


def test_names_and_titles_cannot_inject_headers_or_lines(
    make_bank: MakeBank, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    bank = make_bank(
        {
            "mkdocs.yml": MKDOCS_YML.replace(
                "{name: Enhetschef boende,",
                '{name: "Enhetschef boende\\r\\nBcc: victim@example.org\\r\\n\\r\\nFalsk text",',
            ),
            "rutiner/gammal.md": ROUTINE.replace("2026-09-01", "2025-10-01").replace(
                "title: Ankomst",
                'title: "Gammal\\nBcc: victim@example.org\\u2028  Ändra: https://evil.example.org"',
            ),
        }
    )
    assert _remind(bank, port, "--send") == "Sent 1 mail; 0 already sent today.\n"
    (message,) = inbox.messages
    assert inbox.recipients == [["boende@example.se"]]
    assert sorted(message.keys()) == [
        "Content-Transfer-Encoding",
        "Content-Type",
        "Date",
        "From",
        "MIME-Version",
        "Message-ID",
        "Subject",
        "To",
    ]
    body = message.get_payload(decode=True).decode("utf-8").splitlines()
    assert body[0] == "Hej Enhetschef boende Bcc: victim@example.org Falsk text!"
    assert body[4] == (
        "- Granskning försenad – Gammal Bcc: victim@example.org Ändra: "
        "https://evil.example.org, skulle ha granskats senast 1 oktober 2026 (för 53 dagar sedan)"
    )
    assert not any(line.startswith(("Bcc:", "  Ändra:")) for line in body)
    preview = bank.kb("remind", "--today", "2026-11-23").output
    assert not any(line.startswith("Bcc:") for line in preview.splitlines())


def test_owner_email_with_a_line_break_is_a_config_error(
    make_bank: MakeBank, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    bank = make_bank(
        {
            "mkdocs.yml": MKDOCS_YML.replace(
                "email: boende@example.se}", 'email: "boende@example.se\\r\\nBcc: v@example.org"}'
            ),
            "rutiner/a.md": ROUTINE.replace("2026-09-01", "2025-01-01"),
        }
    )
    result = bank.kb(
        "remind",
        "--today",
        "2026-11-23",
        "--send",
        "--smtp-host",
        "127.0.0.1",
        "--smtp-port",
        str(port),
    )
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "Error: invalid kb configuration in mkdocs.yml: line 8: "
        "plugins.kb.owners.enhetschef-boende.email: expected an email address, found "
        "'boende@example.se"
    )
    assert inbox.messages == []
