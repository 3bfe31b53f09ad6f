"""Where each front-matter value stands in the file, character by character.

Used by :mod:`kb_tools.editing.edits` to change one value in place. The validating
parser (:mod:`kb_tools.front_matter`) knows the values and their lines; an
edit needs more: the exact span of a scalar without its anchor and tag, its
quoting style, which aliases repeat a node, and where a mapping's content
ends so that a key can be added after it.

The front matter is taken exactly where the validating parser found it
(its opening and closing lines) and read again, by the same YAML parser
(libyaml when present), as events whose marks count characters. Those
offsets are mapped back to the text on disk, whose CRLF line ends the
validating parser turned into LF.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

import yaml

from ..front_matter import SourceFile

try:  # the parser the validating parser uses, so both read the same YAML
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Kind = Literal["scalar", "alias", "mapping", "sequence"]
TAG_PREFIX = "tag:yaml.org,2002:"
# What YAML counts as a line break (on disk; the parser also saw LF for CRLF).
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_DISK_LINE = re.compile("\r\n|[\r\n]")


class LayoutError(Exception):
    """The pure-Python parser reads the front matter differently."""


@dataclass(eq=False)
class Node:
    """One YAML node; offsets are characters in the text on disk (no BOM)."""

    kind: Kind
    start: int  # the node, its anchor and tag included
    end: int  # after the node (after the closing bracket of a flow collection)
    value_start: int  # a scalar's own text, after its anchor and tag
    anchor: str | None = None
    tag: str | None = None
    style: str | None = None  # None (plain), "'", '"', "|" or ">"
    flow: bool = False
    text: str = ""  # a scalar's value, an alias's anchor name
    close: int = -1  # a flow collection's closing bracket
    entries: list[tuple[Node, Node]] = field(default_factory=list)
    items: list[Node] = field(default_factory=list)

    def get(self, key: str) -> list[tuple[Node, Node]]:
        """Every entry of this mapping whose key is the scalar *key*."""
        return [(k, v) for k, v in self.entries if k.kind == "scalar" and k.text == key]

    @property
    def content_end(self) -> int:
        """After the last character that belongs to the node."""
        if self.kind in ("scalar", "alias") or self.flow:
            return self.end
        last = self.entries[-1][1] if self.kind == "mapping" else self.items[-1]
        return last.content_end


@dataclass
class Layout:
    """The front matter's nodes and the text on disk they point into."""

    text: str
    present: bool  # the file has front matter
    root: Node | None
    aliases: list[Node]
    anchors: dict[str, Node]
    closing: int  # start of the closing '---' line (0 without front matter)
    _line_ends: list[int] = field(default_factory=list, repr=False)  # up to closing

    def line(self, offset: int) -> int:
        """1-based line of *offset*, counted as the validating parser counts."""
        return bisect.bisect_right(self._line_ends, offset) + 1

    def aliases_of(self, anchor: str) -> list[Node]:
        return [a for a in self.aliases if a.text == anchor]

    def find(self, path: tuple[str | int, ...]) -> tuple[Node, Node] | None:
        """The (key, value) entry at *path*, if it is written once, with no
        alias on the way."""
        node, entry = self.root, None
        for part in path:
            if node is None:
                return None
            if isinstance(part, int):
                if node.kind != "sequence" or part >= len(node.items):
                    return None
                node = node.items[part]
                continue
            found = node.get(part) if node.kind == "mapping" else []
            if len(found) != 1:
                return None
            entry = found[0]
            node = entry[1]
        return entry

    def line_start(self, offset: int) -> int:
        """Start of the YAML line holding *offset*."""
        starts = [m.end() for m in _BREAK.finditer(self.text, 0, offset)]
        return starts[-1] if starts else 0

    def next_line(self, offset: int) -> int:
        """Start of the line after the one holding *offset* (itself, if it starts one)."""
        if (
            offset > 0
            and _BREAK.fullmatch(self.text[offset - 1])
            and not (self.text[offset - 1] == "\r" and self.text[offset : offset + 1] == "\n")
        ):
            return offset
        match = _BREAK.search(self.text, offset)
        return match.end() if match else len(self.text)

    def line_ending_before(self, offset: int) -> str:
        """The line end just before *offset* when it is CRLF, CR or LF, else
        the file's first one."""
        for ending in ("\r\n", "\n", "\r"):
            if self.text.endswith(ending, 0, offset):
                return ending
        first = _DISK_LINE.search(self.text)
        return first.group(0) if first else "\n"


def read_layout(disk_text: str, source: SourceFile) -> Layout:
    """The layout of *disk_text* (decoded, without BOM) as *source* split it."""
    if not source.front_matter.present:
        return Layout(disk_text, False, None, [], {}, 0)
    closing_index = source.body_line - 2
    # Only the front matter matters: the body may be megabytes long.
    lines = source.text.split("\n", closing_index + 1)
    yaml_start = len(lines[0]) + 1
    normalised_closing = sum(len(line) + 1 for line in lines[:closing_index])
    to_disk = _offset_map(disk_text, normalised_closing)
    closing = to_disk(normalised_closing)
    line_ends = [m.end() for m in _DISK_LINE.finditer(disk_text, 0, closing)]
    if closing_index == 1:
        return Layout(disk_text, True, None, [], {}, closing, line_ends)
    yaml_text = "\n".join(lines[1:closing_index]) + "\n"
    builder = _Builder(to_disk, yaml_start)
    try:
        starts = {
            token.end_mark.index: token.start_mark.index
            for token in yaml.scan(yaml_text, Loader=_Loader)
            if isinstance(token, yaml.ScalarToken)
        }
        for event in yaml.parse(yaml_text, Loader=_Loader):
            builder.add(event, starts)
    except yaml.YAMLError as exc:
        raise LayoutError(str(exc)) from None
    return Layout(
        disk_text, True, builder.root, builder.aliases, builder.anchors, closing, line_ends
    )


def _offset_map(disk_text: str, limit: int) -> Callable[[int], int]:
    """Offsets in the LF-normalised text, up to *limit*, → offsets on disk
    (where a CRLF is two characters, not one)."""
    crlf: list[int] = []
    index = disk_text.find("\r\n")
    while index >= 0 and index - len(crlf) <= limit:
        crlf.append(index - len(crlf))
        index = disk_text.find("\r\n", index + 2)

    def to_disk(offset: int) -> int:
        return offset + bisect.bisect_left(crlf, offset)

    return to_disk


class _Builder:
    """Nodes from YAML events (their marks count characters, not bytes)."""

    def __init__(self, to_disk: Callable[[int], int], yaml_start: int) -> None:
        self.to_disk = to_disk
        self.base = yaml_start
        self.root: Node | None = None
        self.aliases: list[Node] = []
        self.anchors: dict[str, Node] = {}
        self.stack: list[Node] = []
        self.pending_key: dict[int, Node] = {}
        self.documents = 0

    def at(self, mark: Any) -> int:
        return self.to_disk(self.base + _index(mark))

    def add(self, event: yaml.Event, scalar_starts: dict[int, int]) -> None:
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise LayoutError("more than one YAML document")
        elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            kind: Kind = "mapping" if isinstance(event, yaml.MappingStartEvent) else "sequence"
            start = self.at(event.start_mark)
            node = Node(
                kind, start, start, start, event.anchor, event.tag, flow=bool(event.flow_style)
            )
            self.attach(node)
            self.stack.append(node)
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            node = self.stack.pop()
            if node.flow:
                node.close = self.at(event.start_mark)
                node.end = self.at(event.end_mark)
            elif node.entries or node.items:
                node.end = node.content_end
        elif isinstance(event, yaml.ScalarEvent):
            end = _index(event.end_mark)
            own_start = scalar_starts.get(end, end) if _index(event.start_mark) != end else end
            node = Node(
                "scalar",
                self.at(event.start_mark),
                self.at(event.end_mark),
                self.to_disk(self.base + own_start),
                event.anchor,
                event.tag,
                event.style or None,  # libyaml marks plain scalars with ""
                text=event.value,
            )
            self.attach(node)
        elif isinstance(event, yaml.AliasEvent):
            start = self.at(event.start_mark)
            node = Node("alias", start, self.at(event.end_mark), start, text=event.anchor or "")
            self.aliases.append(node)
            self.attach(node)

    def attach(self, node: Node) -> None:
        if node.anchor:
            self.anchors[node.anchor] = node
        if not self.stack:
            self.root = node
            return
        parent = self.stack[-1]
        if parent.kind == "sequence":
            parent.items.append(node)
        elif id(parent) in self.pending_key:
            parent.entries.append((self.pending_key.pop(id(parent)), node))
        else:
            self.pending_key[id(parent)] = node


def _index(mark: Any) -> int:
    if mark is None:  # pragma: no cover - the pure-Python parser always marks events
        raise LayoutError("an event without a position")
    return int(mark.index)
