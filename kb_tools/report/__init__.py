"""Formatters: one function per output format, all over the same findings."""

from __future__ import annotations

from collections.abc import Callable

from ..diagnostics import Diagnostic
from . import github, json, markdown, text

Formatter = Callable[[list[Diagnostic]], str]

FORMATTERS: dict[str, Formatter] = {
    "text": text.render,
    "json": json.render,
    "github": github.render,
    "markdown": markdown.render,
}

__all__ = ["FORMATTERS", "Formatter"]
