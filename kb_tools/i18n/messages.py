"""Messages that are translated when they are shown, not when they are made.

A :class:`Message` is the English message id, a template with named
placeholders (``"agreement ends on {date}, {when}"``), and its arguments.
It is rendered in the active language when a report, an error or a line of
output prints it, so a finding made in a forked worker, or read back from
the document cache, speaks whatever language the run that shows it speaks.

What an argument is decides how it is shown:

- text (``str``) is shown as it is: paths, keys, ids, values as written;
  never translated;
- a whole number (``int``) is a number of the language (``12 345``);
- a date (``datetime.date``) is a date of the language: ``31 januari 2027``
  in Swedish, ``2027-01-31`` in English (the form editors write);
- a :class:`Message` is a part of the sentence rendered in the same
  language (``'phone' of contact 2 (Leila Haddad)``).

A message is one complete sentence: parts are joined only through
placeholders, so every language can order them as it needs.

:func:`msg` and :func:`msg_n` are also the keywords ``pybabel extract``
looks for (``scripts/catalog.py``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from typing import Union

from .language import ENGLISH, catalog, current

Arg = Union[str, int, date, "Message"]

# The id of a text that is not translated (see :func:`verbatim`).
VERBATIM = "{text}"
PLACEHOLDER = re.compile(r"(?<!\{)\{(\w+)(?:![rsa])?(?::[^{}]*)?\}(?!\})")
_PATH = re.compile(r"[\w.~-]+(?:/[\w.~-]+)+")


@dataclass(frozen=True)
class Message:
    """An English message id, its plural id and count when it has one, and
    its arguments by name. Immutable, comparable and hashable."""

    id: str
    args: tuple[tuple[str, Arg], ...] = ()
    plural: str | None = None
    count: int = 0

    def render(self, language: str | None = None) -> str:
        """The message in *language* (default: the active one)."""
        language = language or current()
        values = {name: _shown(value, language) for name, value in self.args}
        return _fill(self._template(language, self.count), self._english(self.count), values)

    def __str__(self) -> str:
        return self.render()

    @cached_property
    def english(self) -> str:
        """The message in English: what sorting, fingerprints and equality
        of texts use, so that they are the same in every language."""
        return self.render(ENGLISH)

    def pattern(self, language: str | None = None) -> str:
        """The message with what varies from one finding to another taken
        out: text becomes ``…`` (a path ``<path>``), numbers ``N``, dates
        ``<date>`` (for ``kb check --statistics``, which counts findings by
        pattern)."""
        language = language or current()
        if self.id == VERBATIM:
            return str(dict(self.args)["text"])
        values = {name: _pattern(value, language) for name, value in self.args}
        count = 2 if self.plural is not None else 0  # the general plural
        return _fill(self._template(language, count), self._english(count), values)

    def _template(self, language: str, count: int) -> str:
        translations = catalog(language)
        if self.plural is None:
            return translations.gettext(self.id)
        return translations.ngettext(self.id, self.plural, count)

    def _english(self, count: int) -> str:
        return self.id if self.plural is None or count == 1 else self.plural

    def with_args(self, **args: Arg) -> Message:
        """The same message with these arguments too (for a message made
        ahead, filled in where it is used)."""
        return Message(self.id, (*self.args, *args.items()), self.plural, self.count)

    def placeholders(self) -> set[str]:
        """The names of the placeholders of the message id."""
        return set(PLACEHOLDER.findall(self.id))

    def walk(self) -> Iterator[Message]:
        """This message and every message among its arguments, depth first."""
        yield self
        for _, value in self.args:
            if isinstance(value, Message):
                yield from value.walk()


def msg(id: str, /, **args: Arg) -> Message:
    """The message *id* (English, with ``{name}`` placeholders) and its arguments."""
    return Message(id, tuple(args.items()))


def msg_n(singular: str, plural: str, n: int, /, **args: Arg) -> Message:
    """A message whose wording depends on the number *n* (``1 day``, ``2
    days``), given to the template as ``{n}`` and to the catalog's plural rule."""
    return Message(singular, (("n", n), *args.items()), plural, n)


def verbatim(text: str) -> Message:
    """A text that is shown as it is in every language: what another program
    said, or a message from a check kb does not know."""
    return Message(VERBATIM, (("text", text),))


def translated(text: str, language: str | None = None) -> str:
    """*text*, a message id without placeholders marked with ``N_``, in
    *language* (default: the active one)."""
    return catalog(language or current()).gettext(text)


def as_message(value: Message | str) -> Message:
    """*value* as a message; text is shown as it is (see :func:`verbatim`)."""
    return value if isinstance(value, Message) else verbatim(value)


def render(value: Message | str | None, language: str | None = None) -> str | None:
    """*value* rendered (text as it is); None stays None."""
    if value is None or isinstance(value, str):
        return value
    return value.render(language)


def _fill(template: str, english: str, values: Mapping[str, str]) -> str:
    try:
        return template.format_map(values)
    except (KeyError, IndexError, ValueError):
        # A translation that names a placeholder the message lacks: the
        # English sentence rather than no sentence (tests keep catalogs right).
        return english.format_map(values)


def _shown(value: Arg, language: str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, Message):
        return value.render(language)
    if isinstance(value, bool):  # a bool is an int: never a number to a reader
        return str(value).lower()
    if isinstance(value, int):
        return format_number(value, language)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return format_date(value, language)
    raise TypeError(f"a message argument cannot be a {type(value).__name__}")


def _pattern(value: Arg, language: str) -> str:
    if isinstance(value, Message):
        return value.pattern(language)
    if isinstance(value, str):
        return "<path>" if _PATH.fullmatch(value) else "…"
    if isinstance(value, bool):
        return "…"
    if isinstance(value, int):
        return "N"
    return "<date>"


def format_number(value: int, language: str | None = None) -> str:
    """A whole number as the language writes it: ``12,345``, ``12 345``."""
    if -1000 < value < 1000:
        return str(value)
    from babel.numbers import format_decimal

    return str(format_decimal(value, locale=language or current()))


def format_date(value: date, language: str | None = None) -> str:
    """A date as the language writes it in a sentence: ``31 januari 2027``
    in Swedish; in English the ``2027-01-31`` editors write in front matter."""
    language = language or current()
    if language == ENGLISH:
        return value.isoformat()
    from babel.dates import format_date as babel_date

    return str(babel_date(value, "d MMMM y", locale=language))
