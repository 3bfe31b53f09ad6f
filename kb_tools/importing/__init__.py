"""Importing documents into the bank: Word (.docx), saved web pages (.html)
and, with the optional ``pdf`` extra, PDF text.

A reader (:mod:`.docx`, :mod:`.html`, :mod:`.pdf`) turns a file into HTML
with its title and date (:mod:`.source`); :mod:`.cleanup` prepares that HTML;
:mod:`.markdown_writer` (with :mod:`.tables`) writes the bank's Markdown;
:mod:`.page` and :mod:`.media` make the page and its attachments;
:mod:`.files` finds what to read, :mod:`.run` does the whole import and
:mod:`.outcome` holds what happened to each file. Nothing here knows
click: ``kb import`` (:mod:`kb_tools.cli.importing`) is a thin skin.
"""

from __future__ import annotations

from .outcome import (
    IMPORT_TYPES,
    IMPORTED,
    NOT_IMPORTED,
    SKIPPED,
    UPDATED,
    ImportReport,
    Outcome,
)
from .run import ImportOptions, ImportUsageError, import_documents

__all__ = [
    "IMPORTED",
    "IMPORT_TYPES",
    "NOT_IMPORTED",
    "SKIPPED",
    "UPDATED",
    "ImportOptions",
    "ImportReport",
    "ImportUsageError",
    "Outcome",
    "import_documents",
]
