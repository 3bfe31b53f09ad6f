"""The page an import writes: front matter, links and images, the body of
an updated page.

Front matter is written as ``kb new`` writes it (the same keys in the same
order, titles quoted only when YAML would misread them), plus ``type``,
``status`` and ``source``, the file the page came from, by which
``--update`` finds it again. An update replaces the body only: the front
matter, with every edit made since the import, stays byte for byte.

Used by :mod:`.run`.
"""

from __future__ import annotations

import base64
import hashlib
import posixpath
import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import unquote, urlsplit

from bs4 import Tag

from ..authoring.scaffold import _yaml_text
from ..i18n import Message, msg
from .media import MAX_IMAGE, Media, MediaError, image_name
from .source import IMAGE_SCHEME, Source

ATTACHMENTS = "bilagor"
_FRONT_MATTER = re.compile(
    r"\A(?:\ufeff)?---[ \t]*\r?\n(?:.*?\r?\n)??(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL
)
_WEB = ("http://", "https://", "mailto:", "tel:")


@dataclass(frozen=True)
class FrontMatterValues:
    title: str
    doc_type: str
    owner: str
    reviewed: date
    status: str
    source: str
    parties: tuple[str, ...] = ()


def front_matter(values: FrontMatterValues) -> str:
    lines = [
        "---",
        f"title: {_yaml_text(values.title)}",
        f"type: {values.doc_type}",
    ]
    if values.doc_type == "partner":
        lines.append("org_type: other")
    if values.doc_type != "page":
        lines += [f"owner: {values.owner}", f"reviewed: {values.reviewed.isoformat()}"]
    if values.doc_type == "agreement":
        lines += [
            f"parties: [{', '.join(values.parties)}]",
            f"valid_from: {values.reviewed.isoformat()}",
        ]
    if values.doc_type == "partner":
        lines.append("contacts: []")
    lines += [f"status: {values.status}", f"source: {_yaml_text(values.source)}", "---"]
    return "\n".join(lines) + "\n"


def replace_body(existing: str, title: str, body: str) -> str | None:
    """*existing* with its body replaced: the front matter exactly as it is
    (BOM, line ends, comments). ``None`` when it has no front matter."""
    match = _FRONT_MATTER.match(existing)
    if match is None:
        return None
    head = match.group(0)
    newline = "\r\n" if head.endswith("\r\n") else "\n"
    if not head.endswith("\n"):
        head += newline
    text = "\n" + page_body(title, body)
    return head + text.replace("\n", newline)


def page_body(title: str, body: str) -> str:
    return f"# {title}\n\n{body}" if body else f"# {title}\n"


@dataclass
class Targets:
    """Links and images of one page: where they point once imported."""

    source: Source
    page: str  # docs-relative path of the page
    slug: str
    pages_by_source: dict[str, str]  # source file name (case-folded) -> docs-relative page
    media: list[Media] = field(default_factory=list)
    attention: list[Message] = field(default_factory=list)
    dropped_links: list[str] = field(default_factory=list)
    code_links: int = 0  # javascript: and the like, never carried over
    _by_digest: dict[str, str] = field(default_factory=dict)
    _images: int = 0

    @property
    def folder(self) -> str:
        """The attachments folder, relative to the page."""
        return f"{ATTACHMENTS}/{self.slug}"

    def link(self, url: str) -> str | None:
        url = url.strip()
        if url.lower().startswith(_WEB):
            return url
        if url.startswith("#") or not url:
            return None  # a bookmark in the old document: nothing to point at
        if re.match(r"^(?:javascript|vbscript|data):", url, re.IGNORECASE):
            self.code_links += 1
            return None
        parts = urlsplit(url)
        name = posixpath.basename(unquote(parts.path).replace("\\", "/")).casefold()
        page = self.pages_by_source.get(name)
        if page is None:
            self.dropped_links.append(url)
            return None
        return posixpath.relpath(page, posixpath.dirname(self.page) or ".")

    def image(self, element: Tag) -> str | None:
        src = str(element.get("src") or "").strip()
        self._images += 1
        number = self._images
        try:
            data = self._image_data(src)
        except MediaError as exc:
            self.attention.append(_left_out(number, exc))
            return None
        digest = hashlib.sha256(data).hexdigest()
        if digest not in self._by_digest:
            try:
                name = image_name(len(self._by_digest) + 1, data)
            except MediaError as exc:
                self.attention.append(_left_out(number, exc))
                return None
            self._by_digest[digest] = name
            self.media.append(Media(name, data))
        return f"{self.folder}/{self._by_digest[digest]}"

    def _image_data(self, src: str) -> bytes:
        if src.startswith(IMAGE_SCHEME):
            data = self.source.images.get(src[len(IMAGE_SCHEME) :])
            if data is None:
                raise MediaError(msg("the document does not hold it"))
            return data
        if src.lower().startswith("data:"):
            header, _, payload = src.partition(",")
            if not header.lower().endswith(";base64"):
                raise MediaError(msg("it is an inline image that is not base64"))
            try:
                return base64.b64decode(payload[: MAX_IMAGE * 2], validate=False)
            except ValueError:
                raise MediaError(msg("its inline data cannot be decoded")) from None
        if re.match(r"^[a-z][a-z0-9+.-]*:", src, re.IGNORECASE) or src.startswith("//"):
            raise MediaError(
                msg("it is on another server ({address}) and is not downloaded", address=src)
            )
        return self._local_file(src)

    def _local_file(self, src: str) -> bytes:
        """An image next to a saved web page, and never outside its folder."""
        base = self.source.local_images
        if base is None or not src:
            raise MediaError(msg("it has no source"))
        relative = unquote(urlsplit(src).path)
        candidate = (base / relative).resolve()
        root = base.resolve()
        if root not in candidate.parents:
            raise MediaError(msg("'{path}' is outside the page's folder", path=src))
        if not candidate.is_file():
            raise MediaError(msg("'{path}' does not exist next to the page", path=src))
        with candidate.open("rb") as handle:
            return handle.read(MAX_IMAGE + 1)


def attachment_links(names: list[str], folder: str) -> str:
    if not names:
        return ""
    items = "\n".join(f"- [{name}]({folder}/{name})" for name in names)
    return f"## Bilagor\n\n{items}\n"


def _left_out(number: int, exc: MediaError) -> Message:
    return msg("image {number} is left out: {reason}", number=number, reason=exc.args[0])
