"""The owners ``kb init --owner "Name <email>"`` declares, for a new bank and
for a site it adopts alike.

An owner is a role (``Redaktionen``, ``Enhetschef stödboende``) with a
functional mailbox; its id, which pages name in ``owner:``, is made from the
name the way ``kb new`` makes ids from titles. The address is validated as
the configuration validates ``owners.<id>.email``. A new bank needs the
address (its reminders and the editors' guide name it); a site being
adopted may declare a role by name alone (``--owner "Redaktionen"``) and
add the address in ``mkdocs.yml`` later.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email

from ..fields import slugify
from ..fields.email_problems import email_problem
from ..i18n import Message, msg

EXAMPLE = "Redaktionen <redaktionen@kommun.example.se>"
_NAME_AND_ADDRESS = re.compile(r"^\s*(?P<name>[^<>]*?)\s*<\s*(?P<address>[^<>]*?)\s*>\s*$")


class OwnerError(ValueError):
    """An ``--owner`` value that cannot be an owner; the message says why."""

    def __init__(self, message: Message) -> None:
        super().__init__(message)


@dataclass(frozen=True)
class Owner:
    id: str
    name: str
    email: str | None = None


def parse_owner(text: str, *, email_required: bool = True) -> Owner:
    """``"Name <email>"`` as an owner, its id made from the name; with
    *email_required* false, ``"Name"`` alone too."""
    match = _NAME_AND_ADDRESS.match(text)
    if match is not None:
        name, address = match["name"], match["address"]
    elif not email_required and "@" not in text and not any(c in text for c in "<>"):
        name, address = text.strip(), None
    else:
        raise OwnerError(
            msg(
                "--owner '{text}': expected a role's name and its email address, as in "
                "'{example}'",
                text=text,
                example=EXAMPLE,
            )
        )
    if not name:
        raise OwnerError(
            msg(
                "--owner '{text}': the owner needs a name before the address, a role such as "
                "'Redaktionen', as in '{example}'",
                text=text,
                example=EXAMPLE,
            )
        )
    if any(ord(c) < 32 for c in name):
        raise OwnerError(
            msg("--owner '{text}': the name cannot hold a line break or a tab", text=text)
        )
    email = None if address is None else _email(text, address)
    owner_id = slugify(name)
    if not owner_id:
        raise OwnerError(
            msg(
                "--owner '{text}': the name needs at least one letter or digit to make an id of",
                text=text,
            )
        )
    return Owner(owner_id, name, email)


def _email(text: str, address: str) -> str:
    try:
        return validate_email(address, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise OwnerError(
            msg(
                "--owner '{text}': '{address}' is not an email address ({problem})",
                text=text,
                address=address,
                problem=email_problem(exc),
            )
        ) from None


def parse_owners(texts: Iterable[str], *, email_required: bool = True) -> list[Owner]:
    """Every ``--owner`` value as an owner; two roles may not share an id."""
    owners: list[Owner] = []
    for text in texts:
        owner = parse_owner(text, email_required=email_required)
        taken = next((o for o in owners if o.id == owner.id), None)
        if taken is not None:
            raise OwnerError(
                msg(
                    "--owner '{text}': its id '{id}' is already the id of '{name}'; give the "
                    "two roles names that differ in more than case and punctuation",
                    text=text,
                    id=owner.id,
                    name=taken.name,
                )
            )
        owners.append(owner)
    return owners


def at_least_one(owners: list[Owner]) -> list[Owner]:
    """*owners*, which a new bank needs at least one of."""
    if not owners:
        raise OwnerError(
            msg(
                "a new bank needs at least one owner, the role that answers for its pages: "
                "--owner '{example}' (repeat it for more)",
                example=EXAMPLE,
            )
        )
    return owners
