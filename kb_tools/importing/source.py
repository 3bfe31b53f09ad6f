"""A document read from disk and turned into HTML, before it is cleaned and
written as Markdown: what every reader (:mod:`.docx`, :mod:`.html`,
:mod:`.pdf`) hands to :mod:`.run`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from bs4 import Tag

from ..i18n import Message
from .package import EmbeddedFile

IMAGE_SCHEME = "kb-image:"  # src of an image the reader already holds


class SourceError(Exception):
    """The document cannot be imported; the message says why, as a sentence."""


@dataclass
class Source:
    path: Path
    kind: str  # "docx", "html", "pdf"
    root: Tag
    title: str | None = None  # the document's own title property
    modified: date | None = None  # the document's own last-modified date
    images: dict[str, bytes] = field(default_factory=dict)  # IMAGE_SCHEME + key
    embedded: list[EmbeddedFile] = field(default_factory=list)
    attention: list[Message] = field(default_factory=list)
    notes: list[Message] = field(default_factory=list)
    local_images: Path | None = None  # folder relative image paths may be read from
