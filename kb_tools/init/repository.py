"""The new bank's git repository: made with ``git init`` unless the folder is
already inside one, or git is not installed."""

from __future__ import annotations

import shutil
import subprocess
from enum import Enum
from pathlib import Path


class Repository(Enum):
    CREATED = "created"
    INSIDE_ONE = "inside one"
    NO_GIT = "no git"
    FAILED = "failed"


def init_repository(folder: Path) -> Repository:
    """``git init`` in *folder*, when it is not already inside a repository."""
    git = shutil.which("git")
    if git is None:
        return Repository.NO_GIT
    try:
        inside = subprocess.run(
            [git, "rev-parse", "--is-inside-work-tree"],
            cwd=folder,
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
        if inside.returncode == 0 and inside.stdout.strip() == "true":
            return Repository.INSIDE_ONE
        made = subprocess.run(
            [git, "init", "--quiet"],
            cwd=folder,
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired):
        return Repository.FAILED
    return Repository.CREATED if made.returncode == 0 else Repository.FAILED
