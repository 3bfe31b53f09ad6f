"""Images and embedded files of an imported document: what they really are,
and the names they get next to the page.

A file's kind is read from its first bytes, never from the name or content
type the document claims, and only formats a browser shows are kept as
images (Word's old vector formats EMF and WMF, and TIFF, are reported
instead). Names are made here (``bild-1.png``, a slug of an embedded file's
name), so nothing a document says can become a path.

Used by :mod:`.run` (writing) and the readers (:mod:`.docx`, :mod:`.html`).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from ..fields import slugify
from ..i18n import msg

MAX_IMAGE = 20 * 1024 * 1024

_IMAGES = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
)
_NOT_FOR_BROWSERS = (
    (b"\x01\x00\x00\x00", "EMF"),
    (b"\xd7\xcd\xc6\x9a", "WMF"),
    (b"\x01\x00\x09\x00", "WMF"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
)
ATTACHMENT_SUFFIXES = frozenset(
    {"pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp", "txt", "csv", "png", "jpg", "jpeg"}
)


class MediaError(Exception):
    """An image or file that is left out; the message says why."""


@dataclass
class Media:
    """A file to write next to the page: ``name`` inside its folder."""

    name: str
    data: bytes


def image_kind(data: bytes) -> str:
    """The file suffix for an image a browser can show.

    :raises MediaError: for other formats, naming them.
    """
    if len(data) > MAX_IMAGE:
        raise MediaError(msg("it is larger than {size} MB", size=MAX_IMAGE // (1024 * 1024)))
    for magic, suffix in _IMAGES:
        if data.startswith(magic):
            return suffix
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    for magic, kind in _NOT_FOR_BROWSERS:
        if data.startswith(magic):
            raise MediaError(msg("it is in {kind} format, which browsers cannot show", kind=kind))
    if data.lstrip()[:5].lower() in (b"<?xml", b"<svg ") or b"<svg" in data[:1024].lower():
        raise MediaError(msg("it is an SVG drawing, which can carry scripts"))
    raise MediaError(msg("it is not a PNG, JPEG, GIF or WebP image"))


def image_name(number: int, data: bytes) -> str:
    return f"bild-{number}.{image_kind(data)}"


def attachment_name(original: str, taken: set[str]) -> str:
    """A safe, unique name for an embedded file: ``Budget 2026.xlsx`` →
    ``budget-2026.xlsx``.

    :raises MediaError: when the kind of file is not one to publish.
    """
    base = posixpath.basename(original.replace("\\", "/"))
    stem, suffix = posixpath.splitext(base)
    suffix = suffix.lower().lstrip(".")
    if suffix not in ATTACHMENT_SUFFIXES:
        raise MediaError(
            msg(
                "'{name}' is an embedded object ({suffix}) that cannot be opened outside Word",
                name=base,
                suffix=suffix or msg("no suffix"),
            )
        )
    slug = slugify(stem) or "bilaga"
    name, number = f"{slug}.{suffix}", 2
    while name in taken:
        name = f"{slug}-{number}.{suffix}"
        number += 1
    taken.add(name)
    return name
