"""email-validator's reasons in the reader's language.

email-validator says why it refuses an address in English ("An email
address must have an @-sign."). The reasons an editor meets are messages of
kb's catalog whose ids are the library's own wording, so the English reads
exactly as the library says it and Swedish reads Swedish; a reason kb does
not know is shown as the library says it. Used by
:mod:`kb_tools.fields.values` (front matter) and :mod:`kb_tools.init.owners`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from email_validator import EmailNotValidError

from ..i18n import Arg, Message, as_message, msg, msg_n

# The library's wording (without its final period) → the message whose id
# is that wording; a named group becomes the argument of the same name, a
# group named ``n`` a count.
_PROBLEMS: tuple[tuple[re.Pattern[str], Message], ...] = tuple(
    (re.compile(pattern), message)
    for pattern, message in (
        (r"The email address contains invalid characters before the @-sign: (?P<found>.+)",
         msg("The email address contains invalid characters before the @-sign: {found}")),
        (r"The part after the @-sign contains invalid characters: (?P<found>.+)",
         msg("The part after the @-sign contains invalid characters: {found}")),
        (r"An email address must have an @-sign", msg("An email address must have an @-sign")),
        (r"There must be something before the @-sign",
         msg("There must be something before the @-sign")),
        (r"There must be something after the @-sign",
         msg("There must be something after the @-sign")),
        (r"There can't be anything after the email address",
         msg("There can't be anything after the email address")),
        (r"The part after the @-sign is not valid\. It should have a period",
         msg("The part after the @-sign is not valid. It should have a period")),
        (r"The part after the @-sign is not valid\. It is not within a valid top-level domain",
         msg("The part after the @-sign is not valid. It is not within a valid top-level domain")),
        (r"The part after the @-sign is a special-use or reserved name that cannot be used with "
         r"email",
         msg("The part after the @-sign is a special-use or reserved name that cannot be used "
             "with email")),
        (r"The email address contains invalid characters before the @-sign",
         msg("The email address contains invalid characters before the @-sign")),
        (r"The email address contains an invalid character",
         msg("The email address contains an invalid character")),
        (r"An email address cannot have a period immediately before the @-sign",
         msg("An email address cannot have a period immediately before the @-sign")),
        (r"An email address cannot have a period immediately after the @-sign",
         msg("An email address cannot have a period immediately after the @-sign")),
        (r"An email address cannot start with a period",
         msg("An email address cannot start with a period")),
        (r"An email address cannot end with a period",
         msg("An email address cannot end with a period")),
        (r"An email address cannot have two periods in a row",
         msg("An email address cannot have two periods in a row")),
        (r"An email address cannot have a period and a hyphen next to each other",
         msg("An email address cannot have a period and a hyphen next to each other")),
    )
)

# "too long" reasons end in a count the message must agree with.
_TOO_LONG: tuple[tuple[re.Pattern[str], Callable[[int], Message]], ...] = tuple(
    (re.compile(pattern + r" \((?P<n>\d+) characters? too many\)"), message)
    for pattern, message in (
        (r"The email address is too long before the @-sign",
         lambda n: msg_n(
             "The email address is too long before the @-sign ({n} character too many)",
             "The email address is too long before the @-sign ({n} characters too many)",
             n,
         )),
        (r"The email address is too long after the @-sign",
         lambda n: msg_n(
             "The email address is too long after the @-sign ({n} character too many)",
             "The email address is too long after the @-sign ({n} characters too many)",
             n,
         )),
        (r"The email address is too long",
         lambda n: msg_n("The email address is too long ({n} character too many)",
                         "The email address is too long ({n} characters too many)", n)),
    )
)


# The characters email-validator names rather than shows.
_NAMED: dict[str, Message] = {
    "SPACE": msg("SPACE"),
    "NO-BREAK SPACE": msg("NO-BREAK SPACE"),
    "CHARACTER TABULATION": msg("CHARACTER TABULATION"),
}


def email_problem(exc: EmailNotValidError) -> Message:
    """Why email-validator refused an address, as a message of kb's catalog
    when kb knows the reason (shown as the library says it otherwise)."""
    text = str(exc).rstrip(".")
    for pattern, message in _PROBLEMS:
        match = pattern.fullmatch(text)
        if match:
            found = match.groupdict()
            if "found" in found:
                return message.with_args(found=_characters(found["found"].split(", ")))
            return message
    for pattern, counted in _TOO_LONG:
        match = pattern.fullmatch(text)
        if match:
            return counted(int(match["n"]))
    return as_message(text)


def _characters(shown: list[str]) -> Arg:
    """The characters email-validator lists (``':', SPACE, U+000A``), a
    named one in the reader's words."""
    first = _NAMED.get(shown[0], shown[0])
    if len(shown) == 1:
        return first
    return msg("{first}, {rest}", first=first, rest=_characters(shown[1:]))
