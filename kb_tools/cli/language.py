"""The language of a ``kb`` run, and click's own words in it.

The language is ``--lang`` (on the group or on any command), else
``KB_LANG``, else the bank's ``theme.language`` once ``mkdocs.yml`` is read,
else English (:func:`kb_tools.i18n.choose`). ``--lang`` is read from the
arguments before click parses them, so that a usage error in the same
command line ("no such option") is already said in that language.

Click words its own messages ("Usage:", "Error: No such option") with the
standard library's :func:`gettext.gettext`, in the process's default
domain, in the language the ``LANGUAGE`` environment variable names. For
the length of a run that domain is kb's (its catalog holds click's
messages, see :mod:`.click_words`) and ``LANGUAGE`` names the run's language;
both are put back afterwards.

The help texts of commands and options are English message ids, translated
when the help is shown (:class:`TranslatedCommand`, :class:`TranslatedOption`).
"""

from __future__ import annotations

import gettext
import inspect
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

import click

from ..i18n import (
    LANGUAGES,
    N_,
    choose,
    from_environment,
    set_language,
    speaking,
    supported,
    translated,
)
from ..i18n.language import DOMAIN, ENVIRONMENT, LOCALE_DIR

OPTION = "--lang"
# Whether --lang or KB_LANG chose the run's language (the site's does not then).
_chosen: ContextVar[bool] = ContextVar("kb_language_chosen", default=False)


def from_arguments(args: Sequence[str]) -> str | None:
    """The language ``--lang`` names in *args* (the last one wins), before
    click has parsed them; None without one, or with one kb does not speak."""
    found = None
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if arg == OPTION and index + 1 < len(args):
            found = args[index + 1]
        elif arg.startswith(OPTION + "="):
            found = arg.partition("=")[2]
    return supported(found)


@contextmanager
def run_language(args: Sequence[str]) -> Iterator[None]:
    """The language of one run of ``kb ARGS``, click's words included."""
    explicit = from_arguments(args)
    language = choose(explicit)
    chosen = _chosen.set(explicit is not None or from_environment() is not None)
    previous_domain = gettext.textdomain()
    previous = {name: os.environ.get(name) for name in ("LANGUAGE", ENVIRONMENT)}
    gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    gettext.textdomain(DOMAIN)
    try:
        with speaking(language):
            _tell_click(language)
            if explicit is not None:
                os.environ[ENVIRONMENT] = explicit  # the MkDocs plugin of kb build/serve asks it
            yield
    finally:
        _chosen.reset(chosen)
        gettext.textdomain(previous_domain)
        for name, value in previous.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def follow_site(site_language: object) -> None:
    """Speak the bank's language (``theme.language``) from now on, unless
    ``--lang`` or ``KB_LANG`` chose the run's."""
    if _chosen.get():
        return
    language = choose(None, site_language)
    set_language(language)
    _tell_click(language)


def _tell_click(language: str) -> None:
    os.environ["LANGUAGE"] = language


def _set_from_option(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value is None:
        return
    _chosen.set(True)
    set_language(value)
    _tell_click(value)
    os.environ[ENVIRONMENT] = value


def lang_param() -> click.Option:
    """``--lang sv|en``, which every command and the group take."""
    return TranslatedOption(
        [OPTION],
        type=click.Choice(LANGUAGES),
        expose_value=False,
        is_eager=True,
        callback=_set_from_option,
        help=N_(
            "The language of messages: sv or en (default: KB_LANG, else the bank's "
            "theme.language, else en)."
        ),
    )


class TranslatedOption(click.Option):
    """An option whose help text (an English message id) is translated when shown."""

    @property
    def help(self) -> str | None:
        return None if self._english_help is None else translated(self._english_help)

    @help.setter
    def help(self, value: str | None) -> None:
        self._english_help = value


class TranslatedCommand(click.Command):
    """A command whose help texts are translated when shown, and which takes
    ``--lang``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.params.append(lang_param())

    @property
    def help(self) -> str | None:
        return None if self._english_help is None else translated(self._english_help)

    @help.setter
    def help(self, value: str | None) -> None:
        # As click shows it (a docstring's indentation removed): the message id.
        self._english_help = inspect.cleandoc(value) if value else value

    @property
    def short_help(self) -> str | None:
        return None if self._english_short is None else translated(self._english_short)

    @short_help.setter
    def short_help(self, value: str | None) -> None:
        self._english_short = value


FC = TypeVar("FC", bound="Callable[..., Any] | click.Command")


def option(*names: str, **attrs: Any) -> Callable[[FC], FC]:
    """``click.option`` with a help text translated when shown."""
    return click.option(*names, cls=TranslatedOption, **attrs)
