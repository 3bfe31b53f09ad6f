"""The language of a ``kb`` run, and click's own words in it.

The language is ``--lang`` (on the group or on any command), else
``KB_LANG``, else the bank's ``theme.language``, else English
(:func:`kb_tools.i18n.choose`). ``--lang``, and the bank's ``mkdocs.yml``
(``-f``, or the current folder's), are read before click parses the
arguments, so that ``--help`` and a usage error in the same command line
("no such option") are already said in that language.

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
from pathlib import Path
from typing import Any, TypeVar

import click

from ..config import site_language
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
HELP_OPTION = "Show this message and exit."  # click's words (see .click_words)
# Whether --lang or KB_LANG chose the run's language (the site's does not then).
_chosen: ContextVar[bool] = ContextVar("kb_language_chosen", default=False)


def from_arguments(args: Sequence[str]) -> str | None:
    """The language ``--lang`` names in *args* (the last one wins), before
    click has parsed them; None without one, or with one kb does not speak."""
    return supported(_option_value(args, (OPTION,)))


def _option_value(args: Sequence[str], names: tuple[str, ...]) -> str | None:
    found = None
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if arg in names and index + 1 < len(args):
            found = args[index + 1]
        elif arg.startswith(tuple(f"{name}=" for name in names if name.startswith("--"))):
            found = arg.partition("=")[2]
    return found


def _bank_language(args: Sequence[str]) -> object:
    """The ``theme.language`` of the bank the run is about (``-f``, or the
    current folder's ``mkdocs.yml``), when there is one."""
    config_file = _option_value(args, ("-f", "--config-file"))
    return site_language(Path(config_file) if config_file else None)


@contextmanager
def run_language(args: Sequence[str]) -> Iterator[None]:
    """The language of one run of ``kb ARGS``, click's words included."""
    explicit = from_arguments(args)
    chosen_before = explicit is not None or from_environment() is not None
    language = choose(explicit, None if chosen_before else _bank_language(args))
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
    """An option whose help text (an English message id) and metavar
    (``PATH``, ``YYYY-MM-DD``) are translated when shown."""

    def make_metavar(self, ctx: click.Context) -> str:
        return translated(super().make_metavar(ctx))

    @property
    def help(self) -> str | None:
        return None if self._english_help is None else translated(self._english_help)

    @help.setter
    def help(self, value: str | None) -> None:
        self._english_help = value


class TranslatedArgument(click.Argument):
    """An argument whose name in the usage line (``TITLE``, ``[PATHS]...``)
    is translated when shown."""

    def make_metavar(self, ctx: click.Context) -> str:
        return translated(super().make_metavar(ctx))


class TranslatedCommand(click.Command):
    """A command whose help texts and usage line are translated when shown,
    and which takes ``--lang``."""

    @property
    def options_metavar(self) -> str | None:
        return None if self._english_options is None else translated(self._english_options)

    @options_metavar.setter
    def options_metavar(self, value: str | None) -> None:
        self._english_options = value

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.params.append(lang_param())

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        # Click makes the help option once, in the language of that run.
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = translated(HELP_OPTION)
        return option

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


class TranslatedPath(click.Path):
    """``click.Path`` whose word for what it takes (``file``, ``directory``,
    ``path``) is translated when a message shows it ("Filen 'x.md' finns
    inte."): click words it once, when the command is made."""

    @property
    def name(self) -> str:
        return translated(self._english_name)

    @name.setter
    def name(self, value: str) -> None:
        self._english_name = value

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str | None:
        # An option's metavar is the type's English word (PATH), a message id
        # of its own; an argument's is its name (PATHS), as click has it.
        return self._english_name.upper() if isinstance(param, click.Option) else None


def _translated_type(attrs: dict[str, Any]) -> dict[str, Any]:
    kind = attrs.get("type")
    if type(kind) is click.Path:
        attrs["type"] = TranslatedPath(
            exists=kind.exists, file_okay=kind.file_okay, dir_okay=kind.dir_okay,
            writable=kind.writable, readable=kind.readable, executable=kind.executable,
            resolve_path=kind.resolve_path, allow_dash=kind.allow_dash, path_type=kind.type,
        )
    return attrs


def option(*names: str, **attrs: Any) -> Callable[[FC], FC]:
    """``click.option`` with a help text, a metavar and the words of its
    type's messages translated when shown."""
    return click.option(*names, cls=TranslatedOption, **_translated_type(attrs))


def argument(*names: str, **attrs: Any) -> Callable[[FC], FC]:
    """``click.argument`` whose name in the usage line and the words of its
    type's messages are translated when shown."""
    return click.argument(*names, cls=TranslatedArgument, **_translated_type(attrs))


# The words of the usage lines of the commands editors use (their metavars).
USAGE_WORDS = (
    N_("[OPTIONS]"),
    N_("COMMAND [ARGS]..."),
    N_("TYPE"),
    N_("TITLE"),
    N_("PATH"),
    N_("[PATHS]..."),
    N_("TEXT"),
    N_("ID"),
    N_("INTEGER"),
    N_("DAYS"),
    N_("YYYY-MM-DD"),
    N_("FILE"),
    N_("FILES_OR_FOLDERS..."),
)
