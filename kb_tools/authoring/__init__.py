"""Helping editors write pages: ``kb new`` (:mod:`.scaffold`, a complete
page from its type's template) and ``kb schema`` (:mod:`.schema`, JSON
Schema of the front matter for editors' tools).

Used by the CLI, the browser editor's forms (:mod:`kb_tools.cms`) and
``kb import`` (the front matter of an imported page).
"""
