"""Content types of the files a built bank contains.

The configuration carries its own complete ``types`` map rather than relying
on the server's ``mime.types``: with ``X-Content-Type-Options: nosniff`` a
browser refuses a script or style sheet of the wrong type, and the bank's
own files (``.ics``, ``.vcf``, ``.csv``, Pagefind's index) are missing from
older maps. Text types get ``; charset=utf-8`` from nginx's ``charset``
module, so the map itself holds bare types.

Pagefind's index files (``.pf_meta``, ``.pf_index``, ``.pf_fragment``, ``.pf_filter``, and its
WebAssembly as ``.pagefind``) are gzip payloads that Pagefind's script
fetches and unpacks itself: they are served as bytes, without a
``Content-Encoding``, and nginx must not compress them again.

Used by :mod:`kb_tools.deploy.nginx`.
"""

from __future__ import annotations

TYPES: dict[str, tuple[str, ...]] = {
    "text/html": ("html", "htm"),
    "text/css": ("css",),
    "text/javascript": ("js", "mjs"),
    "application/json": ("json", "map"),
    "application/manifest+json": ("webmanifest",),
    "application/xml": ("xml",),
    "text/plain": ("txt",),
    "text/markdown": ("md",),
    "text/csv": ("csv",),
    "text/calendar": ("ics",),
    "text/vcard": ("vcf",),
    "text/yaml": ("yml", "yaml"),  # the browser editor's admin/config.yml
    "application/wasm": ("wasm",),
    "image/svg+xml": ("svg", "svgz"),
    "image/png": ("png",),
    "image/jpeg": ("jpg", "jpeg"),
    "image/gif": ("gif",),
    "image/webp": ("webp",),
    "image/avif": ("avif",),
    "image/x-icon": ("ico",),
    "font/woff": ("woff",),
    "font/woff2": ("woff2",),
    "font/ttf": ("ttf",),
    "font/otf": ("otf",),
    "application/pdf": ("pdf",),
    "application/zip": ("zip",),
    "application/gzip": ("gz",),
    "application/msword": ("doc",),
    "application/vnd.ms-excel": ("xls",),
    "application/vnd.ms-powerpoint": ("ppt",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ("docx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ("xlsx",),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": ("pptx",),
    "application/vnd.oasis.opendocument.text": ("odt",),
    "application/vnd.oasis.opendocument.spreadsheet": ("ods",),
    "application/vnd.oasis.opendocument.presentation": ("odp",),
    "audio/mpeg": ("mp3",),
    "video/mp4": ("mp4",),
    "video/webm": ("webm",),
    "application/octet-stream": ("pf_meta", "pf_index", "pf_fragment", "pf_filter", "pagefind"),
}

DEFAULT_TYPE = "application/octet-stream"

# Types that get "; charset=utf-8" (text/html always does).
CHARSET_TYPES = (
    "text/css",
    "text/javascript",
    "application/json",
    "application/manifest+json",
    "application/xml",
    "text/plain",
    "text/markdown",
    "text/csv",
    "text/calendar",
    "text/vcard",
    "text/yaml",
    "image/svg+xml",
)

# Types worth compressing on the fly (text/html always is). Images, fonts
# and Pagefind's payloads are compressed already.
GZIP_TYPES = (*CHARSET_TYPES, "application/wasm")
