"""`kb init`: start a bank. In a folder without ``mkdocs.yml``, a complete
new bank; on an existing MkDocs site, the kb plugin added to its
``mkdocs.yml`` (both :mod:`kb_tools.init`)."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..config import ConfigError
from ..i18n import Message, msg, msg_n
from .app import KBError, cli, config_option

if TYPE_CHECKING:
    from ..init import Adoption, Repository

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
@click.option(
    "--requirement",
    metavar="SPEC",
    help="The kb-tools line of requirements.txt, which CI installs (default: this version, "
    "or the git commit it was installed from), e.g. "
    "'kb-tools @ git+https://git.kommun.example.se/kb-tools.git@v0.1.0'.",
)
@click.option("--no-git", is_flag=True, help="Do not make a git repository.")
@config_option
def init_command(
    folder: Path,
    owners: tuple[str, ...],
    site_name: str | None,
    ci: str,
    requirement: str | None,
    no_git: bool,
    config_file: Path | None,
) -> None:
    """Start a new bank in FOLDER (default: the current folder): site settings with
    the kb plugin and its owners, the typed folders, a start page, the glossary,
    the editors' guide, CI templates, .gitignore, a pre-commit configuration and a
    requirements.txt pinning this version of kb-tools; then git init. Never
    overwrites a file.

    Where FOLDER already holds an MkDocs site (a mkdocs.yml, or -f), kb init adds
    the kb plugin to its mkdocs.yml instead and keeps every other byte (comments,
    tags, order, quoting, line endings); the site's own front-matter keys are
    counted and proposed for extra_keys. Running it again changes nothing (exit
    code 2).

    \b
    Examples:
      kb init min-bank --owner "Redaktionen <redaktionen@kommun.example.se>"
      kb init --ci gitlab --site-name "Kunskapsbanken" \\
        --owner "Redaktionen <redaktionen@kommun.example.se>" \\
        --owner "Enhetschef stödboende <stodboende@kommun.example.se>"
      kb init --owner "Enhetschef boende <boende@example.se>"   # in an existing MkDocs site
    """
    from ..config.mkdocs_yaml import CONFIG_FILE_NAMES

    if folder.exists() and not folder.is_dir():
        raise KBError(
            msg("{folder} is a file; kb init makes a bank in a folder", folder=str(folder)).render()
        )
    existing = config_file or next(
        (folder / n for n in CONFIG_FILE_NAMES if (folder / n).is_file()), None
    )
    if existing is not None:
        _adopt(existing, owners)
        return
    _new_bank(folder, owners, site_name, ci, requirement, git=not no_git)


def _adopt(config_file: Path, owner_texts: tuple[str, ...]) -> None:
    from ..config import find_config_file
    from ..init import OwnerError, adopt, parse_owners

    try:
        owners = parse_owners(owner_texts, email_required=False)
        path = find_config_file(config_file) if config_file.is_dir() else config_file
        adoption = adopt(path, owners)
    except (ConfigError, OwnerError) as exc:
        raise KBError(str(exc)) from None
    click.echo(_adoption_report(adoption), nl=False)


def _new_bank(
    folder: Path,
    owner_texts: tuple[str, ...],
    site_name: str | None,
    ci: str,
    requirement: str | None,
    *,
    git: bool,
) -> None:
    from .. import init
    from ..init.requirement import checked_requirement, default_requirement, installed_from_here
    from ..version import tool_version

    try:
        owners = tuple(init.at_least_one(init.parse_owners(owner_texts)))
        name = (
            init.check_site_name(site_name)
            if site_name is not None
            else init.default_site_name(folder)
        )
        line = (
            checked_requirement(requirement)
            if requirement is not None
            else default_requirement(tool_version())
        )
        planned = init.starter_files(init.Settings(name, owners, ci, tool_version(), line))
    except (init.OwnerError, init.StarterError) as exc:
        raise KBError(str(exc)) from None
    clashes = init.conflicts(folder, planned)
    if len(clashes) == 1:
        raise KBError(
            msg(
                "{path} already exists and kb init writes no file over another: move it aside, "
                "or start the bank in an empty folder (nothing was written)",
                path=_shown(folder, clashes[0]),
            ).render()
        )
    if clashes:
        listed = "\n  ".join(_shown(folder, c) for c in clashes)
        raise KBError(
            msg(
                "{count} files that kb init writes already exist and it writes no file over "
                "another: move them aside, or start the bank in an empty folder (nothing was "
                "written):\n  {paths}",
                count=len(clashes),
                paths=listed,
            ).render()
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
        done = init.write(folder, planned)
    except OSError as exc:
        raise KBError(
            msg("cannot write the new bank in {folder}: {reason}", folder=str(folder),
                reason=str(exc.strerror or exc)).render()
        ) from None
    here = folder.resolve() == Path.cwd().resolve()
    where: Message | str = msg("the current folder") if here else f"{folder}/"
    click.echo(
        msg_n(
            "Created the bank '{name}' in {where}: {n} file.",
            "Created the bank '{name}' in {where}: {n} files.",
            len(done.created),
            name=name,
            where=where,
        ).render()
    )
    for kept in done.kept:
        click.echo(msg("Kept {path} as it was.", path=_shown(folder, kept)).render())
    for completed in done.completed:
        click.echo(
            msg("Added the lines kb needs to {path}.", path=_shown(folder, completed)).render()
        )
    if git:
        click.echo(_repository_line(init.init_repository(folder), where).render())
    if requirement is None and line.startswith("kb-tools==") and installed_from_here():
        click.echo(
            msg(
                "Note: requirements.txt asks for {requirement}, but this kb-tools was installed "
                "from a folder or file on this machine, where CI cannot get it: write where CI "
                "can install it from (a git address, or the package index once it is there), "
                "or run kb init again with --requirement.",
                requirement=line,
            ).render()
        )
    click.echo("\n" + msg("Next:").render())
    commands = (
        [FIRST_ROUTINE, "kb check", "kb serve"]
        if here
        else [f"cd {shlex.quote(str(folder))}", FIRST_ROUTINE, "kb serve"]
    )
    for command in commands:
        click.echo(f"  {command}")


def _repository_line(outcome: Repository, where: Message | str) -> Message:
    from ..init import Repository

    return {
        Repository.CREATED: msg("Made a git repository (git init)."),
        Repository.INSIDE_ONE: msg(
            "Left git alone: {where} is inside a git repository already.", where=where
        ),
        Repository.NO_GIT: msg("git is not installed: run 'git init' in the bank once it is."),
        Repository.FAILED: msg("git init failed: run it in the bank yourself to see why."),
    }[outcome]


def _shown(folder: Path, relative: str) -> str:
    return relative if folder.resolve() == Path.cwd().resolve() else f"{folder}/{relative}"


def _adoption_report(adoption: Adoption) -> str:
    first, last = adoption.lines
    where = (
        msg("line {line}", line=str(first))
        if first == last
        else msg("lines {first}-{last}", first=str(first), last=str(last))
    )
    said = [
        msg("Added the kb plugin to {file} ({where}).", file=adoption.config_file.name,
            where=where)
    ]
    for owner in adoption.owners:
        contact = f"{owner.name} <{owner.email}>" if owner.email else owner.name
        said.append(msg("Owner '{id}': {contact}.", id=owner.id, contact=contact))
    if not adoption.owners:
        said.append(
            msg("No owner yet: declare one under plugins.kb.owners before pages get a type.")
        )
    out = [m.render() for m in said]
    survey = adoption.survey
    out += ["", msg("The site has {pages}.", pages=_pages(survey.pages)).render()]
    if survey.unreadable:
        out.append(
            msg(
                "The front matter of {pages} cannot be read; kb check says why.",
                pages=_pages(survey.unreadable),
            ).render()
        )
    from ..init import MIN_PAGES

    proposed = [k for k in survey.keys if k.pages >= MIN_PAGES]
    if proposed:
        out.append(
            msg(
                "Front-matter keys of the site's own, found on {count} pages or more:",
                count=MIN_PAGES,
            ).render()
        )
        width = max(len(k.key) for k in proposed)
        out += [f"  {k.key:<{width}}  {_pages(k.pages).render()}" for k in proposed]
        out += [
            msg(
                "Pages without a type may carry them as they are. Before pages get a type\n"
                "(plugins.kb.types), declare the ones that are the site's own under the kb "
                "plugin:"
            ).render(),
            f"      extra_keys: [{', '.join(k.key for k in proposed)}]",
        ]
    out += [
        "",
        msg(
            "Next steps:\n"
            "  1. kb check --statistics\n"
            "     what kb finds, counted by kind\n"
            "  2. kb check --write-baseline kb-baseline.json\n"
            "     record today's findings; then kb check --baseline kb-baseline.json\n"
            "     (in CI) fails only on new ones\n"
            "  3. map folders to document types under plugins.kb.types\n"
            "     (e.g. rutiner: routine), and give those pages an owner and a reviewed date"
        ).render(),
    ]
    return "\n".join(out) + "\n"


def _pages(n: int) -> Message:
    return msg_n("{n} page", "{n} pages", n)
