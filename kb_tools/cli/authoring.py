"""`kb new` and `kb schema`: writing pages."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from ..fields.vocabulary import AUTHORED_TYPES, DOC_TYPES
from ..i18n import msg
from .app import KBError, _load, cli, config_option, today_option
from .language import argument, option


@cli.command(name="new")
@argument(
    "doc_type",
    metavar="TYPE",
    type=click.Choice(AUTHORED_TYPES),
)
@argument("title")
@config_option
@option("--owner", help="Owner id (default: the usual owner of the folder).")
@option(
    "--partner",
    "partners",
    multiple=True,
    metavar="ID",
    help="A partner the page concerns (an agreement's parties). Repeatable.",
)
@today_option
def new_command(
    doc_type: str,
    title: str,
    config_file: Path | None,
    owner: str | None,
    partners: tuple[str, ...],
    today: date,
) -> None:
    """Create a new page from the template for its type, in the right folder.

    \b
    Examples:
      kb new routine "Rutin för tolkbokning"
      kb new agreement "Överenskommelse om läxhjälp" --partner foreningen-ny-i-strandvik
      kb new partner "Idrottsföreningen Strandvik" --owner enhetschef-stodboende
    """
    from ..authoring.scaffold import NEXT_STEPS, ScaffoldError, create

    config, bank = _load(config_file)
    try:
        page = create(bank, doc_type, title, today, owner=owner, partners=partners)
    except ScaffoldError as exc:
        raise KBError(str(exc)) from None
    created = config.relative(page.path)
    click.echo(msg("Created {path}", path=created).render())
    click.echo(NEXT_STEPS[doc_type].with_args(path=created).render())


@cli.command(name="schema")
@click.argument(
    "doc_type",
    metavar="[TYPE]",
    required=False,
    type=click.Choice(DOC_TYPES),
)
@option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write one <type>.schema.json per type into this folder.",
)
def schema_command(doc_type: str | None, output: Path | None) -> None:
    """JSON Schema (draft-07) of the front matter, for editors' tools.

    \b
    Examples:
      kb schema routine
      kb schema -o .vscode/schemas
    """
    from ..authoring.schema import schemas_json

    if output is None:
        click.echo(schemas_json(doc_type), nl=False)
        return
    output.mkdir(parents=True, exist_ok=True)
    for name in (doc_type,) if doc_type else DOC_TYPES:
        (output / f"{name}.schema.json").write_text(schemas_json(name), encoding="utf-8")
        click.echo(msg("Wrote {path}", path=str(output / f"{name}.schema.json")).render())
