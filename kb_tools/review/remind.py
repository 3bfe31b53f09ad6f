"""``kb remind``: one email per owner, in Swedish, listing what to review.

Dry run by default (the mails are printed); ``--send`` delivers them over
SMTP. A state file remembers what each owner was sent today, so the same
list never goes out twice in one day.

Names, titles and paths come from an untrusted repository. Addresses are
validated where they enter (``mkdocs.yml`` by the config model, ``--sender``
by :func:`checked_sender`, the same rule); text put into the body is made one
line, so a title cannot forge lines; and the message is built with the email
package's ``SMTP`` policy, which refuses a header value with a line break
instead of letting it start a new header.
"""

from __future__ import annotations

import hashlib
import json
import os
import smtplib
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from pydantic import ValidationError

from ..config import RemindSettings
from ..fields.validation import translate
from ..front_matter import FrontMatter
from ..i18n import SWEDISH, msg_n
from ..model import Bank
from ..storage.cache_files import UnusableCacheFile, read_bytes
from ..text.escaping import one_line
from ..text.swedish import format_date
from .items import ReviewItem, by_owner


class SenderError(ValueError):
    """The sender address is not an email address (the message says why)."""


def checked_sender(value: str) -> str:
    """*value* validated exactly as ``plugins.kb.remind.sender`` is, with the
    same message (``expected an email address, found ...``)."""
    try:
        return RemindSettings.model_validate({"sender": value}).sender
    except ValidationError as exc:
        problem = translate(exc, RemindSettings, FrontMatter(data={"sender": value}))[0]
        raise SenderError(problem.text) from None


@dataclass(frozen=True)
class Reminder:
    owner: str
    to: str
    subject: str
    body: str

    @property
    def digest(self) -> str:
        return hashlib.sha256(f"{self.to}\n{self.body}".encode()).hexdigest()[:16]

    def preview(self, sender: str) -> str:
        """The mail as a person reads it (for dry runs)."""
        return f"From: {sender}\nTo: {self.to}\nSubject: {self.subject}\n\n{self.body}"

    def message(self, sender: str, today: date) -> EmailMessage:
        """The mail to send; ValueError if a header value holds a line break."""
        message = EmailMessage(policy=policy.SMTP)
        message["From"] = sender
        message["To"] = self.to
        message["Subject"] = self.subject
        message["Date"] = format_datetime(
            datetime(today.year, today.month, today.day, 7, 0, tzinfo=UTC)
        )
        message["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[-1])
        message.set_content(self.body)
        return message


def edit_url(bank: Bank, src_path: str) -> str | None:
    """The page's edit view on the git host (``repo_url`` + ``edit_uri``)."""
    config = bank.config
    if not config.repo_url:
        return None
    edit_uri = config.edit_uri if config.edit_uri is not None else "edit/main/docs/"
    return config.repo_url.rstrip("/") + "/" + edit_uri.strip("/") + "/" + src_path


def reminders(bank: Bank, items: list[ReviewItem], today: date) -> tuple[list[Reminder], list[str]]:
    """Mails for owners with an email address, and the owners without one."""
    mails, missing = [], []
    for owner_id, owned in by_owner(items).items():
        owner = bank.config.kb.owners.get(owner_id)
        if owner is None or not owner.email:
            missing.append(owner_id or "(ingen ägare)")
            continue
        lines = [
            f"Hej {one_line(owner.name)}!",
            "",
            f"Det här behöver ses över i {one_line(bank.config.site_name)} ({format_date(today)}):",
            "",
        ]
        for item in owned:
            lines.append(
                f"- {one_line(item.swedish())} – {one_line(item.doc.title)}, "
                f"{one_line(item.when(today).render(SWEDISH))}"
            )
            lines.append(f"  Sidan: {one_line(bank.absolute_url(item.doc))}")
            edit = edit_url(bank, item.doc.src_path)
            if edit:
                lines.append(f"  Ändra: {one_line(edit)}")
        lines += [
            "",
            "Stämmer sidan? Sätt dagens datum i 'reviewed' (eller 'verified' för en "
            "kontakt) i en pull request. Behöver något ändras, ändra det i samma pull "
            "request.",
            "",
            "Hälsningar",
            "Kunskapsbanken",
        ]
        subject = msg_n(
            "Kunskapsbanken: {n} thing to review", "Kunskapsbanken: {n} things to review",
            len(owned),
        ).render(SWEDISH)
        mails.append(Reminder(owner_id, owner.email, subject, "\n".join(lines) + "\n"))
    return mails, missing


class SentState:
    """What each owner was sent, by day, so a list is not sent twice a day."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.entries: dict[str, dict[str, str]] = {}
        try:
            # Only a regular file: a FIFO or a link to /dev/zero must not hang.
            loaded = json.loads(read_bytes(path, 2**24) or b"{}")
        except (UnusableCacheFile, ValueError, RecursionError):
            loaded = {}
        if isinstance(loaded, dict):
            self.entries = {k: v for k, v in loaded.items() if isinstance(v, dict)}

    def already_sent(self, reminder: Reminder, today: date) -> bool:
        entry = self.entries.get(reminder.owner, {})
        return entry.get("date") == today.isoformat() and entry.get("digest") == reminder.digest

    def record(self, reminder: Reminder, today: date) -> None:
        self.entries[reminder.owner] = {"date": today.isoformat(), "digest": reminder.digest}

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(self.entries, indent=1, sort_keys=True), "utf-8")
        os.replace(temporary, self.path)


class SendError(Exception):
    pass


def send(
    mails: list[Reminder],
    *,
    host: str,
    port: int,
    sender: str,
    state: SentState,
    today: date,
    starttls: bool = False,
    timeout: float = 30,
) -> tuple[list[Reminder], list[Reminder]]:
    """Deliver the mails not yet sent today; returns (sent, skipped)."""
    due = [m for m in mails if not state.already_sent(m, today)]
    skipped = [m for m in mails if m not in due]
    if not due:
        return [], skipped
    try:
        messages = [(mail, mail.message(sender, today)) for mail in due]
    except ValueError as exc:  # a header value with a line break: never sent
        raise SendError(f"cannot build the reminder mails: {exc}") from None
    try:
        with smtplib.SMTP(host, port, timeout=timeout) as smtp:
            if starttls:
                smtp.starttls()
            for mail, message in messages:
                smtp.send_message(message)
                state.record(mail, today)
    except (OSError, smtplib.SMTPException) as exc:
        raise SendError(f"cannot send mail through {host}:{port}: {exc}") from None
    finally:
        state.save()
    return due, skipped
