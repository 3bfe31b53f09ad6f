"""Word (.docx) to HTML: mammoth, with a style map for Swedish Word.

Mammoth keeps meaning, not layout: headings, lists, tables, links, bold and
italic, footnotes, images. The style map adds the names Swedish Word and
LibreOffice give their styles ("Rubrik 1", "Citat", "Titel"; a "Liststycke"
paragraph is a list item through its numbering, as in Word)
and drops what is not content: the table of contents, headers and footers.
Before mammoth opens the file, :mod:`.package` has checked the zip and read
what mammoth would hide: tracked changes and comments, which make the
document one that needs attention.

Used by :mod:`.run`.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup

from ..i18n import msg, msg_n
from .package import PackageError, check_all_xml, facts, open_package
from .source import IMAGE_SCHEME, Source, SourceError

FOOTNOTE_PREFIX = "kb-"

_HEADING_NAMES = ("Heading {n}", "Rubrik {n}", "Überschrift {n}", "Otsikko {n}", "Overskrift {n}")
STYLE_MAP = "\n".join(
    [
        *(
            f"p[style-name='{name.format(n=n)}'] => h{n}:fresh"
            for n in range(1, 7)
            for name in _HEADING_NAMES
        ),
        *(f"p.Rubrik{n} => h{n}:fresh" for n in range(1, 7)),
        "p[style-name='Title'] => p.kb-title:fresh",
        "p[style-name='Rubrik'] => p.kb-title:fresh",
        "p[style-name='Titel'] => p.kb-title:fresh",
        "p.Rubrik => p.kb-title:fresh",
        "p[style-name='Subtitle'] => p:fresh",
        "p[style-name='Underrubrik'] => p:fresh",
        "p[style-name='Quote'] => blockquote > p:fresh",
        "p[style-name='Citat'] => blockquote > p:fresh",
        "p[style-name='Intense Quote'] => blockquote > p:fresh",
        "p[style-name='Starkt citat'] => blockquote > p:fresh",
        "p[style-name='Quotations'] => blockquote > p:fresh",
        "r[style-name='Strong'] => strong",
        "r[style-name='Stark'] => strong",
        "r[style-name='Emphasis'] => em",
        "r[style-name='Betoning'] => em",
        "r[style-name='Kraftig betoning'] => strong",
        # Not content: a table of contents is rebuilt by the site.
        *(f"p[style-name='toc {n}'] => !" for n in range(1, 10)),
        *(f"p[style-name='Innehåll {n}'] => !" for n in range(1, 10)),
        *(f"p[style-name='Contents {n}'] => !" for n in range(1, 10)),
        "p[style-name='TOC Heading'] => !",
        "p[style-name='Innehållsförteckningsrubrik'] => !",
        "p[style-name='Contents Heading'] => !",
        "u => ",
        "strike => ",
        "small-caps => ",
    ]
)


def read_docx(path: Path) -> Source:
    try:
        package = open_package(str(path))
    except PackageError as exc:
        raise SourceError(exc.args[0]) from None
    with package:
        try:
            check_all_xml(package)
            known = facts(package)
        except PackageError as exc:
            raise SourceError(exc.args[0]) from None
        data = path.read_bytes()
    images: dict[str, bytes] = {}

    def keep_image(image: Any) -> dict[str, str]:
        with image.open() as stream:
            content = stream.read(50 * 1024 * 1024 + 1)
        key = str(len(images) + 1)
        images[key] = content
        return {"src": IMAGE_SCHEME + key}

    import mammoth

    try:
        result = mammoth.convert_to_html(
            io.BytesIO(data),
            style_map=STYLE_MAP,
            include_embedded_style_map=False,
            external_file_access=False,
            id_prefix=FOOTNOTE_PREFIX,
            convert_image=mammoth.images.img_element(keep_image),
        )
    except Exception as exc:  # a converter's failure on a broken file is the file's problem
        reason = f"{type(exc).__name__}: {exc}"
        raise SourceError(
            msg("the document cannot be converted: {reason}", reason=reason)
        ) from None
    root = BeautifulSoup(f"<body>{result.value}</body>", "html.parser").body
    assert root is not None
    source = Source(path, "docx", root, known.title, known.modified, images, known.embedded)
    if known.tracked_changes:
        source.attention.append(
            msg_n(
                "it has {n} tracked change: the page shows it as if accepted; accept or reject "
                "it in Word and import again with --update",
                "it has {n} tracked changes: the page shows them as if accepted; accept or "
                "reject them in Word and import again with --update",
                known.tracked_changes,
            )
        )
    if known.comments:
        source.attention.append(
            msg_n(
                "it has {n} comment, which is not imported; resolve it in Word and import "
                "again with --update",
                "it has {n} comments, which are not imported; resolve them in Word and import "
                "again with --update",
                known.comments,
            )
        )
    for name in known.oversized_embedded:
        source.attention.append(
            msg("the embedded file '{name}' is too large to extract", name=name)
        )
    return source
