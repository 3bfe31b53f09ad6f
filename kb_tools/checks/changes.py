"""``kb check --changed``: the files a pull request changed, from git, and the
pages affected by them (pages that link to or reference a changed page)."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..config import Config
from ..i18n import Message, as_message, msg
from ..model import Bank

DEFAULT_BASES = ("origin/HEAD", "origin/main", "origin/master", "main", "master")


class GitError(Exception):
    """git cannot tell what changed; the message says why."""

    def __init__(self, message: Message | str) -> None:
        super().__init__(as_message(message))


@dataclass(frozen=True)
class Changes:
    base: str
    changed: frozenset[str]  # bank-root relative paths that exist
    deleted: frozenset[str]
    config_changed: bool


def _git(root: Path, *args: str) -> str:
    try:
        result = subprocess.run(
            ["git", "-C", str(root), *args], capture_output=True, text=True, check=False, timeout=60
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise GitError(msg("git could not be run: {reason}", reason=str(exc))) from None
    if result.returncode != 0:
        raise GitError(
            result.stderr.strip().splitlines()[-1]
            if result.stderr.strip()
            else msg("{command} failed", command=f"git {' '.join(args)}")
        )
    return result.stdout


def find_changes(config: Config, base: str | None = None) -> Changes:
    root = config.root
    try:
        top = Path(_git(root, "rev-parse", "--show-toplevel").strip())
    except GitError:
        raise GitError(
            msg("{root} is not in a git repository; --changed needs git", root=str(root))
        ) from None
    candidates = (base,) if base else DEFAULT_BASES
    merge_base = None
    for candidate in candidates:
        try:
            merge_base = _git(root, "merge-base", "HEAD", candidate).strip()
            base = candidate
            break
        except GitError:
            continue
    if merge_base is None:
        if base:
            raise GitError(msg("cannot find the base {base}; give it with --base REF", base=base))
        raise GitError(
            msg("cannot find the base {bases}; give it with --base REF",
                bases=", ".join(DEFAULT_BASES))
        )
    diff = _git(root, "diff", "--name-status", "--no-renames", merge_base, "--")
    untracked = _git(root, "ls-files", "--others", "--exclude-standard")
    changed: set[str] = set()
    deleted: set[str] = set()
    for line in diff.splitlines():
        status, _, name = line.partition("\t")
        target = deleted if status.startswith("D") else changed
        target.add(name)
    changed.update(untracked.splitlines())
    relative = {n: _bank_relative(config, top / n) for n in changed | deleted}
    config_name = config.relative(config.config_file)
    return Changes(
        base=base or "",
        changed=frozenset(relative[n] for n in changed if relative[n]),
        deleted=frozenset(relative[n] for n in deleted if relative[n]),
        config_changed=config_name in {relative[n] for n in changed},
    )


def _bank_relative(config: Config, path: Path) -> str:
    relative = config.relative(path)
    return "" if relative.startswith("/") or relative.startswith("..") else relative


def affected_paths(bank: Bank, changes: Changes) -> tuple[str, ...]:
    """Changed pages and the pages that link to or reference them."""
    prefix = bank.config.docs_prefix
    by_path = {d.path: d for d in bank.documents}
    affected = {p for p in changes.changed if p in by_path}
    for path in list(affected):
        affected.update(d.path for d in bank.backlinks(by_path[path]))
    gone = {p[len(prefix) :] for p in changes.deleted if p.startswith(prefix)}
    # A reference names an id, which a new or renamed page can make
    # ambiguous: every page naming a changed or deleted page's id is affected.
    changed_ids = {by_path[p].id for p in changes.changed if p in by_path}
    named_ids = {Path(p).stem for p in gone} | changed_ids
    for doc in bank.documents:
        if any(link.target in gone for link in doc.links) or any(
            ref.target in named_ids for ref in doc.references()
        ):
            affected.add(doc.path)
    return tuple(sorted(affected))
