"""`kb search` and `kb index`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..fields import shortened
from ..fields.vocabulary import DOC_TYPES
from ..i18n import msg
from ..model import INTERNAL, PUBLIC, Audience
from ..text.escaping import printable
from ..text.swedish import TYPE_NAMES
from .app import KBError, _config, cli, config_option

if TYPE_CHECKING:
    from ..search import Busy, Hit


@cli.command(name="search")
@click.argument("query")
@config_option
@click.option(
    "--type", "doc_type", type=click.Choice(sorted(DOC_TYPES)), help="Only pages of this type."
)
@click.option("--tag", help="Only pages with this tag.")
@click.option("--owner", help="Only pages with this owner id.")
@click.option("--partner", help="Only pages that concern this partner id.")
@click.option(
    "-n",
    "--limit",
    type=click.IntRange(1, 100),
    default=10,
    show_default=True,
    help="How many pages to show.",
)
@click.option("--public", is_flag=True, help="Search the public pages only.")
@click.option("--json", "as_json", is_flag=True, help="Print the hits as JSON.")
def search_command(
    query: str,
    config_file: Path | None,
    doc_type: str | None,
    tag: str | None,
    owner: str | None,
    partner: str | None,
    limit: int,
    public: bool,
    as_json: bool,
) -> None:
    """Search the bank in Swedish: inflections, compound parts, abbreviations, typos.

    The index is built on first use and updated for changed files.

    \b
    Examples:
      kb search avvikelserna
      kb search "god man" --type routine
      kb search HVB --json
    """
    from ..search import Busy, Filters, search

    config = _config(config_file)
    filters = Filters(type=doc_type, tag=tag, owner=owner, partner=partner)
    try:
        hits = search(config, query, filters=filters, limit=limit, audience=_audience(public))
    except Busy as exc:
        raise KBError(_busy(exc)) from None
    if as_json:
        rows = [_hit_json(h, config.docs_prefix) for h in hits]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not hits:
        said = msg(
            "No pages match '{query}' (common words such as 'och' are not searched).",
            query=shortened(printable(query)),
        )
        click.echo(said.render())
        return
    for number, hit in enumerate(hits, 1):
        kind = TYPE_NAMES.get(hit.type, hit.type)
        path = config.docs_prefix + hit.path
        click.echo(f"{number:>2}. " + click.style(hit.title, bold=True) + f"  ({kind}) {path}")
        click.echo("    " + _highlighted(hit.snippet.text, hit.snippet.highlights))


def _busy(error: Busy) -> str:
    return msg(
        "another kb process kept the search index locked for {seconds} s; try again when it "
        "has finished",
        seconds=round(error.seconds),
    ).render()


def _audience(public: bool) -> Audience:
    return PUBLIC if public else INTERNAL


def _hit_json(hit: Hit, prefix: str) -> dict[str, object]:
    return {
        "path": prefix + hit.path,
        "id": hit.id,
        "title": hit.title,
        "url": hit.url,
        "type": hit.type,
        "score": hit.score,
        "snippet": hit.snippet.text,
        "highlights": [list(span) for span in hit.snippet.highlights],
    }


def _highlighted(text: str, spans: tuple[tuple[int, int], ...]) -> str:
    out, last = [], 0
    for start, end in spans:
        out.append(text[last:start])
        out.append(click.style(text[start:end], fg="yellow", bold=True))
        last = end
    out.append(text[last:])
    return "".join(out)


@cli.command(name="index")
@config_option
@click.option("--full", is_flag=True, help="Rebuild the whole index instead of updating it.")
@click.option("--public", is_flag=True, help="The public index (public pages only).")
def index_command(config_file: Path | None, full: bool, public: bool) -> None:
    """Build or update the search index in .kb-cache/ (only changed files are re-indexed).

    \b
    Examples:
      kb index
      kb index --full
    """
    from ..search import Busy, update_index

    try:
        stats = update_index(_config(config_file), audience=_audience(public), full=full)
    except Busy as exc:
        raise KBError(_busy(exc)) from None
    click.echo(stats.sentence())
