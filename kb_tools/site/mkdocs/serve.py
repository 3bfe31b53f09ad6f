"""``kb serve``: MkDocs' live preview, with kb check findings for the pages
being edited printed as they are saved."""

from __future__ import annotations

import os
from datetime import date

from mkdocs.commands.serve import serve as mkdocs_serve

from ...config import Config
from .build import configure_logging


def serve(config: Config, dev_addr: str, today: date) -> None:
    os.environ["KB_TODAY"] = today.isoformat()
    os.environ["KB_SERVE"] = "1"  # the plugin reports findings for changed files only
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    configure_logging()
    mkdocs_serve(config_file=str(config.config_file), dev_addr=dev_addr, livereload=True)
