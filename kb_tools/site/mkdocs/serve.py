"""``kb serve``: MkDocs' live preview, with kb check findings for the pages
being edited printed as they are saved.

The day reaches the plugin as its configuration (:func:`.config.run_settings`),
for the first build and every rebuild; the environment is left as it was
found (``NO_MKDOCS_2_WARNING``, which quiets Material's notice, is set only
while serving).
"""

from __future__ import annotations

from datetime import date

from mkdocs.commands.serve import serve as mkdocs_serve

from ...config import Config
from ...model import INTERNAL
from .build import configure_logging, environment
from .config import RunSettings, run_settings


def serve(config: Config, dev_addr: str, today: date) -> None:
    configure_logging()
    with environment(NO_MKDOCS_2_WARNING="1"), run_settings(RunSettings(INTERNAL, today)):
        mkdocs_serve(config_file=str(config.config_file), dev_addr=dev_addr, livereload=True)
