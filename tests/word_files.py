"""Word files for the import tests, made with python-docx the way Swedish
Word makes them: styles named "Rubrik 1", "Liststycke" and "Titel", lists
numbered through numbering definitions (nested by level), a table with
merged cells, an image with alternative text, a hyperlink, document
properties, and, when asked, tracked changes and comments."""

from __future__ import annotations

import struct
import zlib
from datetime import datetime
from io import BytesIO
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm
from docx.text.paragraph import Paragraph

BULLETS, NUMBERS = 901, 902


def png(width: int = 4, height: int = 3, rgb: tuple[int, int, int] = (0, 128, 128)) -> bytes:
    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


class WordFile:
    """A document under construction, with Swedish style names."""

    def __init__(self, title: str | None = None, modified: datetime | None = None) -> None:
        self.doc = docx.Document()
        properties = self.doc.core_properties
        properties.author = ""
        properties.last_modified_by = ""
        properties.title = title or ""
        properties.modified = modified or datetime(2025, 4, 2, 14, 5)
        properties.created = datetime(2024, 1, 10, 9, 0)
        styles = self.doc.styles
        for level in (1, 2, 3):
            style = styles.add_style(f"Rubrik {level}", WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles[f"Heading {level}"]
        for name in ("Titel", "Liststycke", "Citat"):
            styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        self._numbering()

    def _numbering(self) -> None:
        numbering = self.doc.part.numbering_part.element
        for number, kind in ((BULLETS, "bullet"), (NUMBERS, "decimal")):
            levels = "".join(
                f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{kind}"/>'
                f'<w:lvlText w:val="{"•" if kind == "bullet" else f"%{level + 1}."}"/></w:lvl>'
                for level in range(3)
            )
            numbering.append(
                parse_xml(
                    f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{number}">{levels}'
                    "</w:abstractNum>"
                )
            )
        for number in (BULLETS, NUMBERS):
            numbering.append(
                parse_xml(
                    f'<w:num {nsdecls("w")} w:numId="{number}">'
                    f'<w:abstractNumId w:val="{number}"/></w:num>'
                )
            )

    def heading(self, text: str, level: int = 1) -> Paragraph:
        return self.doc.add_paragraph(text, style=f"Rubrik {level}")

    def title_paragraph(self, text: str) -> Paragraph:
        return self.doc.add_paragraph(text, style="Titel")

    def paragraph(self, *parts: str | tuple[str, str]) -> Paragraph:
        """Text runs; ``("bold", "text")`` or ``("italic", "text")`` are formatted."""
        paragraph = self.doc.add_paragraph()
        for part in parts:
            if isinstance(part, tuple):
                kind, text = part
                run = paragraph.add_run(text)
                run.bold = kind == "bold"
                run.italic = kind == "italic"
            else:
                paragraph.add_run(part)
        return paragraph

    def item(self, text: str, level: int = 0, *, numbered: bool = False) -> Paragraph:
        paragraph = self.doc.add_paragraph(text, style="Liststycke")
        properties = paragraph._p.get_or_add_pPr()
        properties.append(
            parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/>'
                f'<w:numId w:val="{NUMBERS if numbered else BULLETS}"/></w:numPr>'
            )
        )
        return paragraph

    def link(self, paragraph: Paragraph, text: str, url: str) -> None:
        relation = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        hyperlink = OxmlElement("w:hyperlink")
        hyperlink.set(qn("r:id"), relation)
        run = OxmlElement("w:r")
        text_element = OxmlElement("w:t")
        text_element.text = text
        run.append(text_element)
        hyperlink.append(run)
        paragraph._p.append(hyperlink)

    def image(self, data: bytes, description: str) -> None:
        self.doc.add_picture(BytesIO(data), width=Cm(4))
        shapes = self.doc.inline_shapes
        shapes[len(shapes) - 1]._inline.docPr.set("descr", description)

    def merged_table(self) -> None:
        """Vem | Gör vad | När, where "Gör vad" spans two columns in the
        header, and "Kontaktperson" is merged over two rows."""
        table = self.doc.add_table(rows=4, cols=3)
        texts = [
            ["Vem", "Gör vad", ""],
            ["Kontaktperson", "Ringer skolan", "Samma dag"],
            ["", "Skriver i journalen", "Inom en vecka"],
            ["Enhetschef", "Följer upp", "Varje månad"],
        ]
        for row, values in enumerate(texts):
            for column, value in enumerate(values):
                if value:
                    table.cell(row, column).text = value
        table.cell(0, 1).merge(table.cell(0, 2))
        table.cell(1, 0).merge(table.cell(2, 0))

    def tracked_change(self, inserted: str, deleted: str) -> None:
        paragraph = self.doc.add_paragraph("Ansvarig är ")
        paragraph._p.append(
            parse_xml(
                f'<w:del {nsdecls("w")} w:id="91" w:author="Redaktör" '
                f'w:date="2025-04-01T10:00:00Z"><w:r><w:delText>{deleted}</w:delText></w:r>'
                "</w:del>"
            )
        )
        paragraph._p.append(
            parse_xml(
                f'<w:ins {nsdecls("w")} w:id="92" w:author="Redaktör" '
                f'w:date="2025-04-01T10:00:00Z"><w:r><w:t>{inserted}</w:t></w:r></w:ins>'
            )
        )

    def comment(self, paragraph: Paragraph, text: str) -> None:
        self.doc.add_comment(paragraph.runs, text=text, author="Redaktör", initials="R")

    def save(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.doc.save(str(path))
        return path


def routine(path: Path) -> Path:
    """A routine as an editor writes one in Swedish Word."""
    word = WordFile(title="Ankomst till stödboendet", modified=datetime(2025, 4, 2, 14, 5))
    word.title_paragraph("Ankomst till stödboendet")
    word.heading("1. Syfte")
    word.paragraph(
        "Rutinen beskriver hur vi tar emot en ",
        ("bold", "ungdom"),
        " som flyttar in, och vad som ska vara ",
        ("italic", "klart"),
        " första dagen.",
    )
    word.doc.add_paragraph("")
    word.heading("1.1 Före ankomsten", 2)
    word.item("Kontaktpersonen förbereder rummet.")
    word.item("Sängkläder och handdukar.", 1)
    word.item("Nycklar och passerbricka.", 1)
    word.item("Enhetschefen bokar tolk vid behov.")
    word.heading("2. Första dagen")
    word.item("Välkomstsamtal med kontaktpersonen.", numbered=True)
    word.item("Visa huset och förklara husreglerna.", numbered=True)
    word.item("Brandutrymning och larm.", 1, numbered=True)
    word.item("Boka hälsosamtal.", numbered=True)
    paragraph = word.paragraph("Mer om tolkbokning finns hos ")
    word.link(paragraph, "Tolkförmedlingen", "https://tolk.example.se/boka")
    paragraph.add_run(".")
    word.heading("3. Ansvar")
    word.merged_table()
    word.image(png(), "Planritning över entréplanet")
    word.doc.add_paragraph("Kom ihåg: * och _ och <b> är vanliga tecken.", style="Citat")
    return word.save(path)
