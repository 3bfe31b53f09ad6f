"""Adding the ``kb`` plugin to an existing ``mkdocs.yml`` as text.

A site's ``mkdocs.yml`` carries comments, ``!ENV`` and ``!!python/name:``
tags, a key order and a quoting style its authors chose; loading and dumping
it would lose all of them. The entry is therefore inserted as text at the
right place, and every other character stays as it was:

- ``plugins:`` as a block list: a new ``- kb:`` item after the last item, at
  the items' indentation;
- as a flow list (``plugins: [search, tags]``): ``, {kb: {...}}`` before the
  closing bracket;
- as a mapping (block or flow): a ``kb:`` key after the last one;
- no ``plugins:`` (or an empty one): ``plugins:`` with ``- search`` and
  ``- kb:``. MkDocs enables ``search`` only while ``plugins:`` is absent, so
  a site without the key keeps its search.

Positions come from PyYAML's composer, which reads every tag without
constructing anything. Line endings (CRLF) follow the file's own.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import yaml

from ..config.mkdocs_yaml import ConfigError
from ..i18n import msg
from .owners import Owner


@dataclass(frozen=True)
class Insertion:
    """Where the entry goes and what is inserted there."""

    offset: int  # in characters of the decoded text
    text: str
    style: str  # block list, flow list, block mapping, flow mapping, new key

    def apply(self, source: str) -> str:
        return source[: self.offset] + self.text + source[self.offset :]


def compose(text: str) -> yaml.MappingNode | None:
    """The node tree of a config file (tags kept as written, nothing built)."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise ConfigError(msg("mkdocs.yml cannot be read: {reason}", reason=str(exc))) from None
    if node is None:
        return None
    if not isinstance(node, yaml.MappingNode):
        raise ConfigError(msg("mkdocs.yml must be a mapping of settings"))
    return node


def plugins_node(root: yaml.MappingNode | None) -> tuple[yaml.Node, yaml.Node] | None:
    """The ``plugins`` key and value nodes, if the file has them."""
    if root is None:
        return None
    for key, value in root.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "plugins":
            return key, value
    return None


def plan(text: str, owners: list[Owner]) -> Insertion:
    """Where and how the ``kb`` entry goes into *text*."""
    newline = "\r\n" if "\r\n" in text else "\n"
    found = plugins_node(compose(text))
    if found is None or _is_empty(found[1]):
        return _new_plugins(text, found, owners, newline)
    key, node = found
    if isinstance(node, yaml.SequenceNode):
        if node.flow_style:
            return _into_flow(text, node, f"{{kb: {_flow_options(owners)}}}", "flow list")
        return _after_last_item(text, node, owners, newline)
    if isinstance(node, yaml.MappingNode):
        if node.flow_style:
            return _into_flow(text, node, f"kb: {_flow_options(owners)}", "flow mapping")
        return _after_last_key(text, node, owners, newline)
    raise ConfigError(
        msg("{where}: 'plugins' must be a list or a mapping",
            where=f"mkdocs.yml:{key.start_mark.line + 1}"),
        msg("fix it by hand, then run kb init again"),
    )


def _is_empty(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null"


def _new_plugins(
    text: str,
    found: tuple[yaml.Node, yaml.Node] | None,
    owners: list[Owner],
    newline: str,
) -> Insertion:
    lines = ["  - search", *_block_item(2, owners)]
    if found is None:
        prefix = "" if not text or text.endswith("\n") else newline
        block = prefix + "plugins:" + newline + newline.join(lines) + newline
        return Insertion(len(text), block, "new key")
    key, value = found  # "plugins:" with nothing after it
    offset = _end_of_line(text, value.end_mark.index if value.end_mark else key.end_mark.index)
    prefix = "" if offset and text[offset - 1] == "\n" else newline
    return Insertion(offset, prefix + newline.join(lines) + newline, "new key")


def _after_last_item(
    text: str, node: yaml.SequenceNode, owners: list[Owner], newline: str
) -> Insertion:
    first = node.value[0]
    dash = text.rfind("-", 0, first.start_mark.index)
    indent = dash - (text.rfind("\n", 0, dash) + 1)
    return _after(text, node, _block_item(indent, owners), newline, "block list")


def _after_last_key(
    text: str, node: yaml.MappingNode, owners: list[Owner], newline: str
) -> Insertion:
    indent = node.value[0][0].start_mark.column
    pad = " " * indent
    lines = [f"{pad}kb:", f"{pad}  owners:{' {}' if not owners else ''}"]
    lines += [f"{pad}    {o.id}: {_flow_owner(o)}" for o in owners]
    return _after(text, node, lines, newline, "block mapping")


def _after(text: str, node: yaml.Node, lines: list[str], newline: str, style: str) -> Insertion:
    offset = _content_end(text, node)
    prefix = "" if offset and text[offset - 1] == "\n" else newline
    return Insertion(offset, prefix + newline.join(lines) + newline, style)


def _into_flow(text: str, node: yaml.Node, entry: str, style: str) -> Insertion:
    close = node.end_mark.index - 1  # the "]" or "}"
    before = text[:close].rstrip()
    # Nothing yet, or a trailing comma already there: no comma of our own.
    bare = not node.value or before.endswith(",")
    return Insertion(close, entry if bare else f", {entry}", style)


def _content_end(text: str, node: yaml.Node) -> int:
    """The offset just past the line that ends *node*'s last value, so that
    comments and blank lines after it stay with what follows them."""
    last = node
    while (
        isinstance(last, yaml.SequenceNode | yaml.MappingNode)
        and not last.flow_style
        and last.value
    ):
        last = last.value[-1][1] if isinstance(last, yaml.MappingNode) else last.value[-1]
    end = last.end_mark.index
    if end and text[end - 1] == "\n":  # a block scalar ends at the next line
        return end
    return _end_of_line(text, end)


def _end_of_line(text: str, offset: int) -> int:
    newline = text.find("\n", offset)
    return len(text) if newline < 0 else newline + 1


def _block_item(indent: int, owners: list[Owner]) -> list[str]:
    pad = " " * indent
    lines = [f"{pad}- kb:", f"{pad}    owners:{' {}' if not owners else ''}"]
    lines += [f"{pad}      {o.id}: {_flow_owner(o)}" for o in owners]
    return lines


def _flow_owner(owner: Owner) -> str:
    fields = [f"name: {_quoted(owner.name)}"]
    if owner.email:
        fields.append(f"email: {_quoted(owner.email)}")
    return "{" + ", ".join(fields) + "}"


def _flow_options(owners: list[Owner]) -> str:
    entries = ", ".join(f"{o.id}: {_flow_owner(o)}" for o in owners)
    return f"{{owners: {{{entries}}}}}"


def _quoted(value: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar.
    return json.dumps(value, ensure_ascii=False)
