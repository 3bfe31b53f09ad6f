"""The site, engine-neutral: everything a build needs from the bank for one
audience and day (:mod:`.assembly`), the generated pages, the panels around
each page, the theme and its Pagefind search terms, HTML cleaning, tables
and the accessibility statement. The engine adapter, the only importer of
MkDocs, is :mod:`kb_tools.site.mkdocs`; nothing here knows the engine."""
