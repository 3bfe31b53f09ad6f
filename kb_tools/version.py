"""The installed kb-tools version: what the site's footer names and what a
new bank pins in its ``requirements.txt``."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

DISTRIBUTION = "kb-tools"


def tool_version() -> str:
    """The version pip installed, or ``0+unknown`` in a never-installed source tree."""
    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:
        return "0+unknown"
