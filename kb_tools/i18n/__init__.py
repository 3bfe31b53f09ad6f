"""Every message kb shows, in the reader's language (English or Swedish).

- :mod:`.messages`: :class:`Message`, a message id and its arguments,
  rendered when it is shown (:func:`msg`, :func:`msg_n` for counted
  things, :func:`verbatim` for text that is never translated), with the
  language's dates and numbers;
- :mod:`.language`: the language of the run (``--lang``, ``KB_LANG``, the
  site's ``theme.language``, English) and the gettext catalogs in
  ``kb_tools/locale/``.

The bottom room: every room that says something imports it, and it imports
nothing of kb_tools. How to add a message and its translation:
``handbook/development.md``.
"""

from __future__ import annotations

from .language import (
    ENGLISH,
    LANGUAGES,
    SWEDISH,
    choose,
    current,
    from_environment,
    set_language,
    speaking,
    supported,
    switch,
)
from .messages import (
    Arg,
    Message,
    as_message,
    format_date,
    format_number,
    msg,
    msg_n,
    render,
    translated,
    verbatim,
)
from .phrases import relative_day


def N_(text: str) -> str:
    """Mark *text* for the catalog without translating it here: for texts
    another library reads when it is imported and shows later (help texts),
    translated by whoever shows them."""
    return text


__all__ = [
    "ENGLISH",
    "LANGUAGES",
    "N_",
    "SWEDISH",
    "Arg",
    "Message",
    "as_message",
    "choose",
    "current",
    "format_date",
    "format_number",
    "from_environment",
    "msg",
    "msg_n",
    "relative_day",
    "render",
    "set_language",
    "speaking",
    "supported",
    "switch",
    "translated",
    "verbatim",
]
