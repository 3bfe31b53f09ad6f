"""The configuration: what ``mkdocs.yml`` says, read once per run.

- :mod:`.settings`: the ``kb`` plugin's options as a model (:class:`KBConfig`:
  owners, review intervals, types by folder, severities, links, reminders …);
- :mod:`.accessibility`, :mod:`.federation`: two parts of it with more to say;
- :mod:`.mkdocs_yaml`: reading ``mkdocs.yml`` as MkDocs does, without MkDocs;
- :mod:`.loading`: :func:`load_config`, which reads the file into a
  :class:`Config` (the engine settings the library needs, and the options).

Every command, the MkDocs plugin and the model read the configuration from
here; it imports nothing above the value types (:mod:`kb_tools.fields`).
"""

from __future__ import annotations

from .loading import (
    Config,
    config_from_dict,
    load_config,
    plugin_options,
    site_language,
    validate_kb_options,
)
from .mkdocs_yaml import ConfigError, find_config_file
from .settings import (
    DEFAULT_MAX_PAGE_SIZE,
    PLUGIN_NAME,
    KBConfig,
    LinkSettings,
    Owner,
    RemindSettings,
)

__all__ = [
    "DEFAULT_MAX_PAGE_SIZE",
    "PLUGIN_NAME",
    "Config",
    "ConfigError",
    "KBConfig",
    "LinkSettings",
    "Owner",
    "RemindSettings",
    "config_from_dict",
    "find_config_file",
    "load_config",
    "plugin_options",
    "site_language",
    "validate_kb_options",
]
