"""Which language kb speaks in this run, and the catalogs it speaks from.

kb speaks English and Swedish. The language of a run is chosen once, in
this order: ``--lang``, else the ``KB_LANG`` environment variable, else the
bank's ``theme.language`` in ``mkdocs.yml``, else English (:func:`choose`).
It is held in a context variable, so a thread or a task that sets its own
does not change another's, and forked workers inherit it.

The catalogs are standard-library :mod:`gettext` catalogs of the domain
``kb_tools``, compiled (``.mo``) next to their sources (``.po``) in
``kb_tools/locale/``; English is the language of the message ids, so it
needs none.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

DOMAIN = "kb_tools"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
ENGLISH = "en"
SWEDISH = "sv"
LANGUAGES = (ENGLISH, SWEDISH)
ENVIRONMENT = "KB_LANG"

_active: ContextVar[str] = ContextVar("kb_language", default=ENGLISH)


def current() -> str:
    """The language messages are rendered in now."""
    return _active.get()


def set_language(language: str) -> None:
    """Speak *language* (one of :data:`LANGUAGES`) from now on, in this context."""
    _active.set(_checked(language))


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """Speak *language* inside the ``with`` block, and what was spoken before after it."""
    token = _active.set(_checked(language))
    try:
        yield
    finally:
        _active.reset(token)


def switch(language: str) -> Callable[[], None]:
    """Speak *language* until the function returned is called, which puts
    back what was spoken before (for a run that begins and ends in two
    calls, such as a site build's first and last event). Calling it again
    does nothing."""
    previous = _active.get()
    token = _active.set(_checked(language))
    done = False

    def back() -> None:
        nonlocal done
        if done:
            return
        done = True
        try:
            _active.reset(token)
        except ValueError:  # set in another context: put back the value itself
            _active.set(previous)

    return back


def _checked(language: str) -> str:
    if language not in LANGUAGES:
        raise ValueError(f"kb speaks {', '.join(LANGUAGES)}, not {language!r}")
    return language


def supported(tag: object) -> str | None:
    """The language kb speaks for a language tag (``sv``, ``sv-SE``, ``sv_SE``,
    ``EN``), or None for any other (``de``, ``fi``, not text)."""
    if not isinstance(tag, str):
        return None
    primary = tag.strip().replace("_", "-").split("-")[0].lower()
    return primary if primary in LANGUAGES else None


def from_environment() -> str | None:
    """The language ``KB_LANG`` asks for, when it names one kb speaks."""
    return supported(os.environ.get(ENVIRONMENT))


def choose(option: str | None = None, site_language: object = None) -> str:
    """The language of a run: *option* (``--lang``), ``KB_LANG``, the site's
    ``theme.language``, English."""
    return (
        supported(option) or from_environment() or supported(site_language) or ENGLISH
    )


@cache
def catalog(language: str) -> gettext.NullTranslations:
    """The compiled catalog of *language*; English (and a language whose
    catalog is missing) translates nothing."""
    if language == ENGLISH:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[language], fallback=True)
