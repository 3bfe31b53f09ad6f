"""Files kb writes for itself or changes for an editor, and reads back.

- :mod:`.cache_files`: files under ``.kb-cache/``, read defensively (a
  planted file means a rebuild, never a hang) and written atomically; used by
  the document cache, the search index, the link cache and the reminder state;
- :mod:`.locks`: advisory locks that end with their process (the search
  index's writer, ``kb build``'s staging folders);
- :mod:`.atomic_file`: changing one file of the bank under a lock and
  replacing it atomically (:mod:`kb_tools.editing`).

Imports nothing of kb_tools.
"""
