"""A Word file (.docx) is an untrusted zip: what can be known of it before
any converter opens it.

Read with the standard library only: the zip's table of contents is checked
against bombs (too many parts, too large when unpacked, compression ratios
no real document has) and odd part names, every XML part is refused if it
declares a DTD (Word never writes one; a DTD is how entity expansion and
external entities get in), and the few facts ``kb import`` needs are read
with ElementTree: the title and last-modified date from the document
properties, how many tracked changes and comments the document holds (the
converter would silently accept the changes and drop the comments) and the
files embedded in it.

Used by :mod:`.docx`.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePosixPath
from xml.etree import ElementTree

from ..i18n import Message, msg

MAX_PARTS = 5_000
MAX_UNPACKED = 300 * 1024 * 1024  # all parts together
MAX_XML_PART = 64 * 1024 * 1024
MAX_RATIO = 200  # unpacked / packed, for parts over a megabyte
MAX_EMBEDDED = 50 * 1024 * 1024

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TRACKED = {
    f"{W}{name}"
    for name in (
        "ins",
        "del",
        "moveFrom",
        "moveTo",
        "rPrChange",
        "pPrChange",
        "tblPrChange",
        "trPrChange",
        "tcPrChange",
        "sectPrChange",
        "numberingChange",
    )
}
_COMMENT = f"{W}comment"
_DC = "{http://purl.org/dc/elements/1.1/}"
_DCTERMS = "{http://purl.org/dc/terms/}"
_DTD = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class PackageError(Exception):
    """The file cannot be imported; the message says why, as a sentence."""


@dataclass
class EmbeddedFile:
    name: str  # the part's file name inside the package (never used as a path)
    data: bytes


@dataclass
class PackageFacts:
    title: str | None = None
    modified: date | None = None
    tracked_changes: int = 0
    comments: int = 0
    embedded: list[EmbeddedFile] = field(default_factory=list)
    oversized_embedded: list[str] = field(default_factory=list)


def open_package(path: str) -> zipfile.ZipFile:
    """The zip of a .docx, after its table of contents passed the checks."""
    try:
        with open(path, "rb") as handle:
            magic = handle.read(8)
    except OSError as exc:
        raise PackageError(
            msg("the file cannot be read: {reason}", reason=str(exc.strerror or exc))
        ) from None
    if magic == OLE_MAGIC:
        raise PackageError(
            msg(
                "the file is an old Word document (.doc) or protected with a password; "
                "open it in Word and save it as a .docx without a password"
            )
        )
    try:
        package = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise PackageError(
            msg("the file is not a Word document: it is not a .docx package")
        ) from None
    try:
        check_contents(package.infolist())
    except PackageError:
        package.close()
        raise
    return package


def check_contents(entries: list[zipfile.ZipInfo]) -> None:
    if len(entries) > MAX_PARTS:
        raise PackageError(
            msg("the package has {count} parts; a Word document has far fewer",
                count=len(entries))
        )
    total = 0
    for entry in entries:
        name = entry.filename
        if name.startswith(("/", "\\")) or ".." in PurePosixPath(name.replace("\\", "/")).parts:
            raise PackageError(
                msg("the package holds a part with an unsafe name ({name})", name=repr(name))
            )
        total += entry.file_size
        if entry.file_size > 1024 * 1024 and entry.file_size > MAX_RATIO * max(
            entry.compress_size, 1
        ):
            raise PackageError(
                msg(
                    "the part {name} unpacks to {size} bytes from {packed}; that is a zip bomb, "
                    "not a document",
                    name=repr(name),
                    size=entry.file_size,
                    packed=entry.compress_size,
                )
            )
        if name.lower().endswith((".xml", ".rels")) and entry.file_size > MAX_XML_PART:
            raise PackageError(_too_large(name))
    if total > MAX_UNPACKED:
        raise PackageError(
            msg("the package unpacks to {size} bytes, more than the {limit} allowed",
                size=total, limit=MAX_UNPACKED)
        )


def _too_large(name: str) -> Message:
    return msg("the part {name} is larger than a Word document's text can be", name=repr(name))


def read_xml_part(package: zipfile.ZipFile, name: str) -> bytes | None:
    """The bytes of an XML part, or ``None`` when it is absent. A part that
    declares a DTD is refused."""
    try:
        data = package.read(name)
    except KeyError:
        return None
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as exc:
        raise PackageError(
            msg("the part {name} cannot be unpacked: {reason}", name=repr(name), reason=str(exc))
        ) from None
    if _DTD.search(data[:4096]) or _DTD.search(data):
        raise PackageError(
            msg("the part {name} declares a DTD; Word never writes one, so the file is refused",
                name=repr(name))
        )
    return data


def check_all_xml(package: zipfile.ZipFile) -> None:
    """Every part the converter may parse as XML is free of DTDs. A part is
    found through relationships, so its name proves nothing: all parts are
    read but images and embedded files, which are never parsed."""
    for entry in package.infolist():
        name = entry.filename
        if entry.is_dir() or name.startswith(("word/media/", "word/embeddings/")):
            continue
        if entry.file_size > MAX_XML_PART:
            raise PackageError(_too_large(name))
        read_xml_part(package, name)


def _elements(data: bytes) -> Iterator[ElementTree.Element]:
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise PackageError(
            msg("the document's XML cannot be read: {reason}", reason=str(exc))
        ) from None
    return root.iter()


def facts(package: zipfile.ZipFile) -> PackageFacts:
    result = PackageFacts()
    core = read_xml_part(package, "docProps/core.xml")
    if core is not None:
        for element in _elements(core):
            text = (element.text or "").strip()
            if element.tag == f"{_DC}title" and text:
                result.title = " ".join(text.split())
            elif element.tag == f"{_DCTERMS}modified" and text:
                result.modified = _date(text)
    for part in ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml"):
        data = read_xml_part(package, part)
        if data is not None:
            result.tracked_changes += sum(1 for e in _elements(data) if e.tag in _TRACKED)
    comments = read_xml_part(package, "word/comments.xml")
    if comments is not None:
        result.comments = sum(1 for e in _elements(comments) if e.tag == _COMMENT)
    for entry in package.infolist():
        if entry.filename.startswith("word/embeddings/") and not entry.is_dir():
            name = entry.filename.rsplit("/", 1)[-1]
            if entry.file_size > MAX_EMBEDDED:
                result.oversized_embedded.append(name)
                continue
            result.embedded.append(EmbeddedFile(name, package.read(entry)))
    return result


def _date(text: str) -> date | None:
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", text)
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None
