"""`kb init`: start a bank. In a folder without ``mkdocs.yml``, a complete
new bank (:mod:`kb_tools.newbank`)."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .app import KBError, cli

if TYPE_CHECKING:
    from ..newbank import Repository

FIRST_ROUTINE = 'kb new routine "Vår första rutin"'


@cli.command(name="init")
@click.argument(
    "folder",
    required=False,
    default=".",
    type=click.Path(path_type=Path),
)
@click.option(
    "--owner",
    "owners",
    multiple=True,
    metavar='"NAME <EMAIL>"',
    help="An owner: a role and its mailbox. Repeatable; the first one owns the section "
    "pages and the editors' guide.",
)
@click.option("--site-name", help="The site's name (default: made from the folder's name).")
@click.option(
    "--ci",
    type=click.Choice(["github", "gitlab", "none"]),
    default="github",
    show_default=True,
    help="The CI templates to write: GitHub Actions workflows or a .gitlab-ci.yml.",
)
@click.option("--no-git", is_flag=True, help="Do not make a git repository.")
def init_command(
    folder: Path, owners: tuple[str, ...], site_name: str | None, ci: str, no_git: bool
) -> None:
    """Start a new bank in FOLDER (default: the current folder): site settings with
    the kb plugin and its owners, the typed folders, a start page, the glossary,
    the editors' guide, CI templates, .gitignore, a pre-commit configuration and a
    requirements.txt pinning this version of kb-tools; then git init. Never
    overwrites a file.

    \b
    Examples:
      kb init min-bank --owner "Redaktionen <redaktionen@kommun.example.se>"
      kb init --ci gitlab --site-name "Kunskapsbanken" \\
        --owner "Redaktionen <redaktionen@kommun.example.se>" \\
        --owner "Enhetschef stödboende <stodboende@kommun.example.se>"
    """
    from ..mkdocs_yaml import CONFIG_FILE_NAMES

    if folder.exists() and not folder.is_dir():
        raise KBError(f"{folder} is a file; kb init makes a bank in a folder")
    existing = next((folder / n for n in CONFIG_FILE_NAMES if (folder / n).is_file()), None)
    if existing is not None:
        raise KBError(
            f"{existing} exists: kb init for an existing MkDocs site is not available yet; "
            "add the kb plugin under 'plugins:' in it by hand (nothing was written)"
        )
    _new_bank(folder, owners, site_name, ci, git=not no_git)


def _new_bank(
    folder: Path, owner_texts: tuple[str, ...], site_name: str | None, ci: str, *, git: bool
) -> None:
    from .. import newbank
    from ..version import tool_version

    try:
        owners = tuple(newbank.parse_owners(owner_texts))
        name = (
            newbank.check_site_name(site_name)
            if site_name is not None
            else newbank.default_site_name(folder)
        )
        planned = newbank.starter_files(newbank.Settings(name, owners, ci, tool_version()))
    except (newbank.OwnerError, newbank.StarterError) as exc:
        raise KBError(str(exc)) from None
    clashes = newbank.conflicts(folder, planned)
    if len(clashes) == 1:
        raise KBError(
            f"{_shown(folder, clashes[0])} already exists and kb init writes no file over "
            "another: move it aside, or start the bank in an empty folder (nothing was written)"
        )
    if clashes:
        listed = "\n  ".join(_shown(folder, c) for c in clashes)
        raise KBError(
            f"{len(clashes)} files that kb init writes already exist and it writes no file "
            "over another: move them aside, or start the bank in an empty folder (nothing was "
            f"written):\n  {listed}"
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
        done = newbank.write(folder, planned)
    except OSError as exc:
        raise KBError(f"cannot write the new bank in {folder}: {exc.strerror or exc}") from None
    here = folder.resolve() == Path.cwd().resolve()
    where = "the current folder" if here else f"{folder}/"
    click.echo(f"Created the bank '{name}' in {where}: {len(done.created)} files.")
    for kept in done.kept:
        click.echo(f"Kept {_shown(folder, kept)} as it was.")
    for completed in done.completed:
        click.echo(f"Added the lines kb needs to {_shown(folder, completed)}.")
    if git:
        click.echo(_repository_line(newbank.init_repository(folder), where))
    click.echo("\nNext:")
    commands = (
        [FIRST_ROUTINE, "kb check", "kb serve"]
        if here
        else [f"cd {shlex.quote(str(folder))}", FIRST_ROUTINE, "kb serve"]
    )
    for command in commands:
        click.echo(f"  {command}")


def _repository_line(outcome: Repository, where: str) -> str:
    from ..newbank import Repository

    return {
        Repository.CREATED: "Made a git repository (git init).",
        Repository.INSIDE_ONE: f"Left git alone: {where} is inside a git repository already.",
        Repository.NO_GIT: "git is not installed: run 'git init' in the bank once it is.",
        Repository.FAILED: "git init failed: run it in the bank yourself to see why.",
    }[outcome]


def _shown(folder: Path, relative: str) -> str:
    return relative if folder.resolve() == Path.cwd().resolve() else f"{folder}/{relative}"
