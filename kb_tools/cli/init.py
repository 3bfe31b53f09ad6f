"""`kb init`: add kb to an existing MkDocs site."""

from __future__ import annotations

from pathlib import Path

import click

from ..config import ConfigError
from ..init import MIN_PAGES, Adoption, adopt, parse_owner
from ..mkdocs_yaml import find_config_file
from .app import KBError, cli, config_option


@cli.command(name="init")
@config_option
@click.option(
    "--owner",
    metavar='"NAME <EMAIL>"',
    help="The owner of the site's pages, a role (its id is made from the name).",
)
def init_command(config_file: Path | None, owner: str | None) -> None:
    """Add the kb plugin to an existing MkDocs site's mkdocs.yml.

    Every other byte of mkdocs.yml stays as it is (comments, tags, order,
    quoting, line endings). The site's own front-matter keys are counted and
    proposed for extra_keys. Running it again changes nothing (exit code 2).

    \b
    Example:
      kb init --owner "Enhetschef boende <boende@example.se>"
    """
    try:
        path = config_file if config_file is not None else find_config_file()
        if path.is_dir():
            path = find_config_file(path)
        adoption = adopt(path, parse_owner(owner) if owner else None)
    except ConfigError as exc:
        raise KBError(str(exc)) from None
    click.echo(_report(adoption), nl=False)


def _report(adoption: Adoption) -> str:
    first, last = adoption.lines
    where = f"line {first}" if first == last else f"lines {first}-{last}"
    out = [f"Added the kb plugin to {adoption.config_file.name} ({where})."]
    if adoption.owner is not None:
        owner = adoption.owner
        contact = f"{owner.name} <{owner.email}>" if owner.email else owner.name
        out.append(f"Owner '{owner.id}': {contact}.")
    else:
        out.append("No owner yet: declare one under plugins.kb.owners before pages get a type.")
    survey = adoption.survey
    out += ["", f"The site has {_count(survey.pages, 'page')}."]
    if survey.unreadable:
        out.append(
            f"The front matter of {_count(survey.unreadable, 'page')} cannot be read; "
            "kb check says why."
        )
    proposed = [k for k in survey.keys if k.pages >= MIN_PAGES]
    if proposed:
        out.append(f"Front-matter keys of the site's own, found on {MIN_PAGES} pages or more:")
        width = max(len(k.key) for k in proposed)
        out += [f"  {k.key:<{width}}  {_count(k.pages, 'page')}" for k in proposed]
        out += [
            "Pages without a type may carry them as they are. Before pages get a type",
            "(plugins.kb.types), declare the ones that are the site's own under the kb plugin:",
            f"      extra_keys: [{', '.join(k.key for k in proposed)}]",
        ]
    out += [
        "",
        "Next steps:",
        "  1. kb check --statistics",
        "     what kb finds, counted by kind",
        "  2. kb check --write-baseline kb-baseline.json",
        "     record today's findings; then kb check --baseline kb-baseline.json",
        "     (in CI) fails only on new ones",
        "  3. map folders to document types under plugins.kb.types",
        "     (e.g. rutiner: routine), and give those pages an owner and a reviewed date",
    ]
    return "\n".join(out) + "\n"


def _count(n: int, word: str) -> str:
    return f"{n:,} {word}" if n == 1 else f"{n:,} {word}s"
