"""Everything a site build needs from the bank, for one audience and day.

The engine adapter (the MkDocs plugin) asks a :class:`Site` which files to
build, which pages to add, what to put around each page and which export
files to write; nothing here knows the engine.
"""

from __future__ import annotations

import functools
import os
import posixpath
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import unquote, urlsplit

from ..exports import EXPORTS
from ..fields.vocabulary import MANAGED_TYPES
from ..model import Audience, Bank, Document
from ..model.document import INDEX_NAMES, MARKDOWN_SUFFIXES, title_from_name
from ..search.analysis import Analyzer
from ..search.similarity import SimilarityIndex
from ..text.escaping import markdown_text
from ..text.swedish import TYPE_PLURALS
from . import pagefind, panels, tables
from .generated import (
    FOLDER,
    GLOSSARY_TABLE,
    GeneratedPage,
    abbreviation_definitions,
    generated_pages,
    glossary_table,
    section_listing,
)
from .sanitize import clean_body


@dataclass
class Site:
    bank: Bank
    today: date
    audience: Audience = field(default_factory=Audience)

    def __post_init__(self) -> None:
        self.kb = self.bank.config.kb
        self._abbreviations = abbreviation_definitions(self.bank)
        self._related: dict[str, list[str]] | None = None
        self.large_sections = self._large_sections()

    def _large_sections(self) -> dict[str, list[Document]]:
        """Top-level folders with more pages than the navigation should list.
        Listing them all on every page makes the site grow quadratically;
        their navigation becomes one generated index page instead."""
        limit = self.bank.config.kb.nav_section_limit
        folders: dict[str, list[Document]] = {}
        for doc in self.audience.documents(self.bank):
            folder, _, rest = doc.src_path.partition("/")
            if rest and posixpath.basename(doc.src_path) not in INDEX_NAMES:
                folders.setdefault(folder, []).append(doc)
        return {folder: docs for folder, docs in folders.items() if len(docs) > limit}

    # -- what is built ---------------------------------------------------------

    def keeps(self, src_path: str) -> bool:
        """Whether a file under docs/ belongs in this build. A file the bank
        does not hold (the walk of docs/ refused it, or never reached it
        through a link to a folder) never does."""
        if src_path not in self.bank.files:
            return False
        doc = self.bank.by_src.get(src_path)
        if doc is not None and not doc.readable:
            # The engine shows it as it is (the check failed), if it can
            # read it at all: a page that is not UTF-8 would stop the build.
            return not self.audience.public and self._decodes(src_path)
        if doc is not None:
            return self.audience.includes(self.bank, doc)
        if not self.audience.public:
            return True
        return src_path in self._public_attachments()

    def _decodes(self, src_path: str) -> bool:
        try:
            (self.bank.config.docs_dir / src_path).read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError):
            return False
        return True

    def _public_attachments(self) -> set[str]:
        files: set[str] = set()
        for doc in self.audience.documents(self.bank):
            files.update(link.target for link in doc.links if link.kind == "file" and link.target)
            if doc.attachment_path:
                files.add(doc.attachment_path)
        return files

    def withholds(self, target: str) -> bool:
        """Whether a navigation entry written as *target* (a path in
        ``nav:`` that the engine found no page for) must go, so that it
        shows neither its title nor its address: it names a page, or a file
        under docs/, that this build leaves out."""
        parts = urlsplit(target)
        if parts.scheme or parts.netloc or not parts.path:
            return False
        path = posixpath.normpath(unquote(parts.path).lstrip("/"))
        if path in self.bank.files:
            return not self.keeps(path)
        return path.endswith(MARKDOWN_SUFFIXES) or (
            not path.startswith("../") and os.path.lexists(self.bank.config.docs_dir / path)
        )

    def section_title(self, folder: str) -> str | None:
        """A Swedish navigation title for a top-level folder, where known: the
        type's plural, else the title of the folder's own index page (MkDocs
        would capitalise the folder's name, which has lost its å, ä and ö)."""
        if folder == FOLDER:
            return "Översikt"
        doc_type = self.bank.config.kb.types.get(folder)
        if doc_type:
            return TYPE_PLURALS.get(doc_type)
        for name in INDEX_NAMES:
            own = self.bank.by_src.get(f"{folder}/{name}")
            if own is not None and own.readable and own.title != title_from_name(own.src_path):
                return own.title
        return None

    def generated(self) -> list[GeneratedPage]:
        pages = generated_pages(self.bank, self.audience, self.today)
        for folder, docs in self.large_sections.items():
            src = f"{folder}/index.md"
            # The section's own landing page (index.md or README.md) carries
            # the listing itself; only a section without one gets a page.
            own = (self.bank.by_src.get(f"{folder}/{name}") for name in INDEX_NAMES)
            if not any(d is not None and self.audience.includes(self.bank, d) for d in own):
                title = self.section_title(folder) or folder.capitalize()
                listing = section_listing(self.bank, folder, title, docs)
                pages.append(GeneratedPage(src, title, f"# {markdown_text(title)}\n\n{listing}"))
        return pages

    # -- around each page -------------------------------------------------------

    def markdown(self, src_path: str, markdown: str) -> str:
        """The page's Markdown as the engine should render it."""
        doc = self.bank.by_src.get(src_path)
        if doc is not None and doc.type == "glossary":
            markdown += glossary_table(doc)
        folder, _, name = src_path.partition("/")
        if doc is not None and name in INDEX_NAMES and folder in self.large_sections:
            title = self.section_title(folder) or folder
            markdown += "\n\n" + section_listing(self.bank, folder, title,
                                                  self.large_sections[folder])
        # Only the abbreviations the page uses: the others would change nothing
        # but cost every page their time and keep their text in memory.
        used = [line for term, line in self._abbreviations if term in markdown]
        if used:
            markdown += "\n\n" + "\n".join(used) + "\n"
        return markdown

    def front_matter_read(self, src_path: str) -> bool:
        """Whether the check could read the page's front matter (KB100 says
        why not): the engine must not use what the check could not read."""
        doc = self.bank.by_src.get(src_path)
        return doc is None or doc.readable

    def search_excluded(self, src_path: str) -> bool:
        """Whether the engine's own search must leave the page out (a
        retired page: shown, but no search leads to it)."""
        doc = self._shown(src_path)
        return doc is not None and not self.audience.finds(doc, self.kb)

    def _shown(self, src_path: str) -> Document | None:
        """The bank's page at *src_path* when this build shows it; None for a
        generated page, also one that takes the path of a page this build
        withholds (the public start page in place of an internal one)."""
        doc = self.bank.by_src.get(src_path)
        if doc is None or not doc.readable or not self.audience.includes(self.bank, doc):
            return None
        return doc

    def _stands_in(self, src_path: str) -> bool:
        doc = self.bank.by_src.get(src_path)
        return doc is not None and doc.readable and self._shown(src_path) is None

    def _context(self, src_path: str) -> panels.PageContext | None:
        doc = self._shown(src_path)
        if doc is None:
            return None
        return panels.PageContext(self.bank, doc, self.today, self.audience,
                                  tuple(self.similar(doc)))

    def similar(self, doc: Document, limit: int = panels.RELATED_LIMIT) -> list[Document]:
        """The pages most like *doc* in this build (more-like-this), at most
        :data:`panels.RELATED_LIMIT`."""
        if self._related is None:
            # Every page's related pages at once, before the pages are
            # rendered: the vectors behind them need not stay for the build.
            analyzer = Analyzer()
            index = SimilarityIndex({
                d.src_path: analyzer.terms(f"{d.title} {d.meta.summary or ''} {d.body}")
                for d in self.audience.documents(self.bank)
                if self.audience.finds(d, self.kb) and d.type in MANAGED_TYPES
            })
            self._related = {
                key: [s.key for s in index.similar(key, panels.RELATED_LIMIT)]
                for key in index.vectors
            }
        return [self.bank.by_src[key] for key in self._related.get(doc.src_path, [])[:limit]]

    def html(self, src_path: str, content: str) -> str:
        """The rendered page with the metadata panel under its title and the
        contacts, partners, backlinks and related pages after it. The body
        comes from an editor and is cleaned of anything that could run code;
        what is added around it is escaped where it is made. Tables get
        header scopes, and kb's own tables their captions."""
        if src_path in self.bank.by_src:
            content = clean_body(content)
        content = self._tables(src_path, content)
        ctx = self._context(src_path)
        if ctx is None:
            if self._stands_in(src_path):
                # Found by search like the start page it stands for, but with
                # nothing of the withheld page: no panels, none of its words.
                return pagefind.wrap(content, "")
            return content
        header = panels.header(ctx)
        position = content.find("</h1>")
        if position >= 0:
            position += len("</h1>")
            content = content[:position] + header + content[position:]
        else:
            content = header + content
        content += panels.footer(ctx)
        if not self.audience.finds(ctx.doc, self.kb):
            return content  # retired pages stay out of the browser search
        terms = self.search_terms
        return pagefind.wrap(content, terms.for_document(ctx.doc), terms.title_terms(ctx.doc))

    def _tables(self, src_path: str, content: str) -> str:
        content = tables.header_scopes(content)
        doc = self.bank.by_src.get(src_path)
        described = self._generated_tables.get(src_path) if doc is None else None
        if described:
            return tables.describe(content, described)
        if doc is not None and doc.type == "glossary" and glossary_table(doc):
            # The term table is appended after the editor's text: the last one.
            return tables.describe(content, (GLOSSARY_TABLE,), last=True)
        return content

    @functools.cached_property
    def _generated_tables(self) -> dict[str, tuple[tables.Table, ...]]:
        return {page.src_path: page.tables for page in self.generated()}

    @functools.cached_property
    def search_terms(self) -> pagefind.SearchTerms:
        return pagefind.SearchTerms(self.bank)

    # -- files for other tools ----------------------------------------------------

    def exports(self) -> dict[str, bytes]:
        """``{site-relative path: content}`` of every export file
        (:data:`kb_tools.exports.EXPORTS`) for this audience."""
        files: dict[str, bytes] = {}
        for export in EXPORTS.values():
            files.update(export(self.bank, self.audience, self.today))
        return files
