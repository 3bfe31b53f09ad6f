"""The old import path of the ``kb`` MkDocs plugin, kept as an alias.

The plugin lives in :mod:`kb_tools.site.mkdocs.plugin`, and the package's
``mkdocs.plugins`` entry point names it there. Banks installed before the
move, MkDocs' cached entry points and ``mkdocs.yml`` files or hooks that
import the class by its old path may still name
``kb_tools.site.plugin:KBPlugin``; this module keeps that name working.
Import nothing else from here.
"""

from __future__ import annotations

from .mkdocs.plugin import KBPlugin

__all__ = ["KBPlugin"]
