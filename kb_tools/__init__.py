"""kb_tools: the library behind Kunskapsbanken.

For scripts:

- :func:`load_bank` reads ``mkdocs.yml`` and every page of its docs folder
  into a :class:`Bank`; :func:`run_checks` checks it (``kb check``'s findings).
- :func:`load` reads one page as python-frontmatter's ``Post`` (a
  :class:`~kb_tools.model.post.Page`)::

      page = kb_tools.load("docs/rutiner/ankomst.md")
      page.content            # the body, the Markdown after the front matter
      page["reviewed"]        # datetime.date(2026, 9, 1): the validated value
      page.metadata           # the front matter: each key kb reads as kb
                              # validated it (dates, E.164 phone numbers,
                              # durations, contacts as mappings), a key that
                              # failed validation left out, others as written
      page.document           # kb's Document: type, id, title, links, problems
      frontmatter.dumps(page) # the page again, with YAML's safe dumper

  The YAML is read with kb's safe loader (never one that constructs Python
  objects), with the same limits on size and nesting and the same lenient
  dates as ``kb check``.

Nothing here imports MkDocs: the site engine is an adapter in
:mod:`kb_tools.site.mkdocs`.
"""

from __future__ import annotations

from pathlib import Path

from .checks import CheckOptions, run_checks
from .config import Config, ConfigError, load_config
from .config.mkdocs_yaml import CONFIG_FILE_NAMES
from .diagnostics import CODES, Diagnostic, Severity
from .model import Bank, Document
from .model.post import Page, load_page


def load_bank(config_file: Path | str | None = None) -> Bank:
    """Read ``mkdocs.yml`` and every Markdown file of its docs folder."""
    return Bank.load(load_config(Path(config_file) if config_file else None))


def load(path: Path | str, config_file: Path | str | None = None) -> Page:
    """Read one page of a bank, validated as ``kb check`` reads it.

    *path* is a Markdown file in the bank's docs folder; *config_file* the
    bank's ``mkdocs.yml``, by default the nearest one in the page's folder
    or above. Raises :class:`ConfigError` (no bank, or a broken
    ``mkdocs.yml``), ValueError (not a page of the bank),
    :class:`~kb_tools.front_matter.FrontMatterError` (front matter that cannot
    be read, KB100) or OSError.
    """
    page = Path(path)
    config = load_config(Path(config_file) if config_file else _nearest_config(page))
    return load_page(config, page)


def _nearest_config(page: Path) -> Path:
    for folder in page.absolute().parents:
        for name in CONFIG_FILE_NAMES:
            if (folder / name).is_file():
                return folder / name
    raise ConfigError(
        f"no mkdocs.yml in the folders above {page}",
        "give the bank's configuration: kb_tools.load(path, config_file='mkdocs.yml')",
    )


__all__ = [
    "CODES",
    "Bank",
    "CheckOptions",
    "Config",
    "ConfigError",
    "Diagnostic",
    "Document",
    "Page",
    "Severity",
    "load",
    "load_bank",
    "load_config",
    "run_checks",
]
