"""Formatters: one function per output format, all over the same findings."""

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
