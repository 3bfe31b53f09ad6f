"""One page of a bank as python-frontmatter's ``Post``, for scripts.

:func:`kb_tools.load` returns a :class:`Page`: ``page.content`` is the body,
``page.metadata`` the front matter as kb validated it, and ``page.document``
kb's whole view of the page. ``frontmatter.dumps(page)`` writes the page back
with YAML's safe dumper (:data:`kb_tools.front_matter.HANDLER`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import frontmatter
from pydantic import BaseModel

from ..config import Config
from ..front_matter import HANDLER, FrontMatterError, Position
from ..i18n import msg
from .document import Document
from .files import DocsTree, Refused
from .loader import DocumentLoader


class Page(frontmatter.Post):
    """A page as a ``frontmatter.Post`` that also carries its :class:`Document`."""

    def __init__(self, document: Document, metadata: dict[str, Any]) -> None:
        super().__init__(document.body, HANDLER, **metadata)
        self.document = document


def validated_metadata(document: Document) -> dict[str, Any]:
    """The page's front matter in its order, each key kb reads replaced by
    its validated value (a date as a date, a phone number in E.164, a
    duration as a Duration, contacts as mappings), the keys kb could not
    validate left out (``page.document.problems`` says why), and the keys kb
    does not read (a site's own) as written."""
    meta = document.meta
    known = type(meta).model_fields
    valid = _values(meta)
    metadata: dict[str, Any] = {}
    for key, value in document.front_matter.data.items():
        if key in valid:
            metadata[key] = valid[key]
        elif key not in known:
            metadata[key] = value
    return metadata


def _values(model: BaseModel) -> dict[str, Any]:
    """The values a model was given, nested models as mappings; each value
    as validated (not serialised: a date stays a date, a duration a Duration)."""
    given = model.model_fields_set
    return {key: _value(getattr(model, key)) for key in type(model).model_fields if key in given}


def _value(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return _values(value)
    if isinstance(value, list):
        return [_value(item) for item in value]
    return value


def load_page(config: Config, path: Path) -> Page:
    """The page at *path*, a Markdown file in the bank's docs folder, read
    and validated as ``kb check`` reads it.

    ValueError when *path* is not a page of the bank (outside ``docs/``, not
    Markdown, a hidden or refused file); :class:`FrontMatterError` when its
    front matter cannot be read (KB100); OSError when the file cannot be read.
    """
    tree = DocsTree.of(config)
    src = _src(config, tree, path)
    try:
        raw = tree.read(src)
    except Refused as refused:
        raise ValueError(refused.diagnostic.text) from None
    document = DocumentLoader(config).load(src, raw)
    if not document.readable:
        problem = document.problems[0]  # KB100, the one finding of an unreadable page
        position = Position(problem.line, problem.column)
        where = f"{problem.path}:{problem.line}:{problem.column}"
        message = msg("{where}: {problem}", where=where, problem=problem.text)
        raise FrontMatterError(message, position, problem.hint_text)
    return Page(document, validated_metadata(document))


def _src(config: Config, tree: DocsTree, path: Path) -> str:
    absolute = Path(path).absolute()
    for docs in (config.docs_dir, config.docs_as_configured):
        if docs is None:
            continue
        try:
            src = absolute.relative_to(docs).as_posix()
        except ValueError:
            continue
        if src in tree.pages:
            return src
    raise ValueError(
        msg(
            "{path} is not a page of the bank in {docs}/",
            path=str(path),
            docs=config.relative(config.docs_dir),
        )
    )
