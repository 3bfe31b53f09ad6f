"""The MkDocs adapter: the only place that imports MkDocs and Material.

- :mod:`.plugin`: the ``kb`` plugin, wiring MkDocs' events to the
  engine-neutral assembly (:mod:`kb_tools.site.assembly`);
- :mod:`.config`: its options, read once as a typed MkDocs config;
- :mod:`.build`: ``kb build``, an atomic build for one audience and day;
- :mod:`.serve`: ``kb serve``, MkDocs' live preview with the findings of
  the pages being edited.

Used by the CLI (``kb build``, ``kb serve``) and by MkDocs itself, through
the ``mkdocs.plugins`` entry point.
"""
