"""The findings' formats (``kb check --format``): one function per format,
all over the same findings, in :data:`FORMATTERS` (text, json, github,
markdown, sarif, gitlab); :mod:`.statistics` counts them. Used by the CLI
and, for one finding at a time, the MkDocs plugin."""

from __future__ import annotations

from collections.abc import Callable

from ..diagnostics import Diagnostic
from . import github, gitlab, json, markdown, sarif, text

Formatter = Callable[[list[Diagnostic]], str]

FORMATTERS: dict[str, Formatter] = {
    "text": text.render,
    "json": json.render,
    "github": github.render,
    "markdown": markdown.render,
    "sarif": sarif.render,
    "gitlab": gitlab.render,
}

__all__ = ["FORMATTERS", "Formatter"]
