"""Which files ``kb import`` reads: the readers by suffix (PDF only when the
optional ``pdf`` extra is installed), folders searched, and the files that
are named or found but cannot be imported, with what to do about them.

Used by :mod:`.run`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from ..i18n import Message, msg
from .docx import read_docx
from .html import read_html
from .outcome import SKIPPED, Outcome
from .source import Source

Reader = Callable[[Path], Source]
READERS: dict[str, Reader] = {".docx": read_docx, ".html": read_html, ".htm": read_html}
_OTHER_FORMATS: dict[str, Message] = {
    ".doc": msg("it is an old Word document (.doc); open it in Word and save it as .docx"),
    ".rtf": msg("it is an RTF file; open it in Word and save it as .docx"),
    ".odt": msg("it is an OpenDocument file (.odt); save it as .docx and import that"),
}
_FOOTNOTE_EXTENSIONS = {"footnotes", "markdown.extensions.footnotes", "extra"}


def _register_pdf() -> None:
    try:
        from .pdf import read_pdf
    except ImportError:  # the optional extra is not installed
        _OTHER_FORMATS[".pdf"] = msg(
            "PDF import needs the optional package pypdf: pip install 'kb-tools[pdf]'"
        )
    else:
        READERS[".pdf"] = read_pdf


_register_pdf()
# --- which files -------------------------------------------------------------


def shown(path: Path) -> str:
    """A path as the report shows it: relative to the working folder when
    it is inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except (ValueError, OSError):
        return path.as_posix()


def find_sources(paths: Sequence[Path]) -> tuple[list[Path], list[Outcome]]:
    """The files to import under *paths* (folders are searched), and the
    files named or found that cannot be imported, as skipped outcomes."""
    found: list[Path] = []
    skipped: list[Outcome] = []
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                relative = child.relative_to(path).parts
                if any(part.startswith((".", "~$")) for part in relative) or not child.is_file():
                    continue  # hidden files and Word's lock files
                suffix = child.suffix.lower()
                if suffix in READERS:
                    found.append(child)
                elif suffix in _OTHER_FORMATS:
                    skipped.append(
                        Outcome(shown(child), SKIPPED, attention=[_OTHER_FORMATS[suffix]])
                    )
        elif path.suffix.lower() in READERS:
            found.append(path)
        else:
            reason = _OTHER_FORMATS.get(
                path.suffix.lower(),
                msg("it is not a Word document (.docx) or a web page (.html)"),
            )
            skipped.append(Outcome(shown(path), SKIPPED, attention=[reason]))
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.resolve(), path)
    return list(unique.values()), skipped
