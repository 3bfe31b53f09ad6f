"""Decoding a Markdown file and reading its YAML front matter, keeping the
line and column of every key and value.

Finding and splitting the front matter is python-frontmatter's handler
protocol, with kb's handler (:data:`HANDLER`): the block opens with ``---``
on the first line and closes at the first line that is ``---`` or ``...``,
as MkDocs reads it. The YAML is read with PyYAML's safe loader (YAML 1.1,
the same semantics the site engine uses) but composed node by node, so that
every finding can name the line it is about, and refused when it is larger
or deeper than any front matter written by hand. Dates that do not exist
(``2026-02-30``) are kept as text instead of failing the whole file: they
are a format error on one line, not an unreadable file. The handler loads
with the same reader, so ``frontmatter.loads(text, handler=HANDLER)`` never
constructs anything but plain values either.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

import yaml
from frontmatter.default_handlers import YAMLHandler

from .i18n import Message, msg
from .i18n.yaml import syntax_error, tab_hint, tag_problem, value_error, yaml_hint

try:  # libyaml when present: the same YAML, several times faster
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

BOM = b"\xef\xbb\xbf"
# Front matter deeper or larger than this is not something an editor wrote by
# hand; refusing it protects against alias bombs and runaway recursion.
MAX_DEPTH = 50
MAX_NODES = 20_000

# Python converts integers of up to this many digits to text and back (its
# default int_max_str_digits); 14,000 bits are a little fewer digits.
MAX_NUMBER_DIGITS = 4300
_MAX_NUMBER_BITS = 14_000
_INT_TAG = "tag:yaml.org,2002:int"

Path = tuple[str | int, ...]


class Position(NamedTuple):
    """1-based line and column in the file as it is on disk (a tuple: cheap
    to store and to cache by the hundred thousand)."""

    line: int
    column: int


class FrontMatterError(Exception):
    """The file or its front matter cannot be read (KB100)."""

    def __init__(self, message: Message, position: Position, hint: Message | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.position = position
        self.hint = hint


@dataclass
class FrontMatter:
    """Front matter values with the source position of every key and value."""

    data: dict[str, Any] = field(default_factory=dict)
    key_positions: dict[Path, Position] = field(default_factory=dict)
    value_positions: dict[Path, Position] = field(default_factory=dict)
    source: dict[Path, str] = field(default_factory=dict)
    duplicate_keys: list[tuple[Path, Position]] = field(default_factory=list)
    present: bool = False

    def key_position(self, path: Path) -> Position:
        """Where the key (or list item) at *path* is; its nearest ancestor
        when it is missing; line 1 (the opening ``---``) at the top."""
        while path:
            if path in self.key_positions:
                return self.key_positions[path]
            path = path[:-1]
        return Position(1, 1)

    def value_position(self, path: Path) -> Position:
        return self.value_positions.get(path) or self.key_position(path)

    def source_text(self, path: Path) -> str | None:
        """The value exactly as written, for scalars (``0701740605``, not 147…)."""
        return self.source.get(path)


@dataclass
class SourceFile:
    """A decoded Markdown file split into front matter and body."""

    text: str
    front_matter: FrontMatter
    body: str
    body_line: int  # 1-based line of the body's first line in the file


def decode(raw: bytes) -> str:
    """Bytes on disk to text with ``\\n`` line ends. A UTF-8 BOM is dropped."""
    if raw.startswith(BOM):
        raw = raw[len(BOM) :]
    nul = raw.find(b"\x00")
    if nul >= 0:
        line = raw.count(b"\n", 0, nul) + 1
        raise FrontMatterError(
            msg(
                "the file contains a NUL byte at byte offset {offset}; it is binary, not Markdown",
                offset=nul,
            ),
            Position(line, nul - (raw.rfind(b"\n", 0, nul) + 1) + 1),
            msg(
                "save the file as plain UTF-8 text, or move binary files out of the Markdown "
                "folders"
            ),
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _decode_error(raw, exc) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode_error(raw: bytes, exc: UnicodeDecodeError) -> FrontMatterError:
    offset = exc.start
    line = raw.count(b"\n", 0, offset) + 1
    column = offset - (raw.rfind(b"\n", 0, offset) + 1) + 1
    byte = raw[offset]
    hint = msg("save the file with the encoding UTF-8")
    try:
        guess = raw.decode("cp1252")
    except UnicodeDecodeError:
        guess = ""
    if guess and any(ch in guess for ch in "åäöÅÄÖéü"):
        hint = msg("the file looks like Windows-1252 (ANSI); open it and save it as UTF-8")
    return FrontMatterError(
        msg(
            "the file is not valid UTF-8: byte {byte} at byte offset {offset} cannot be decoded",
            byte=f"0x{byte:02X}",
            offset=offset,
        ),
        Position(line, column),
        hint,
    )


class KBHandler(YAMLHandler):
    """python-frontmatter's handler for a bank's pages: MkDocs' delimiters,
    kb's safe and bounded YAML reader, and YAML's safe dumper for writing
    back (a duration is written as text, ``6 months``)."""

    # A delimiter line: three dashes (or, to close, three dots), then nothing
    # but spaces; what str.rstrip() would strip, short of a line end.
    FM_BOUNDARY = re.compile(r"^(?:-{3}|\.{3})[^\S\n]*$", re.MULTILINE)
    START_DELIMITER = END_DELIMITER = "---"

    def detect(self, text: str) -> bool:
        """Whether *text* opens with front matter: ``---`` on its first line."""
        return text.partition("\n")[0].rstrip() == "---"

    def load(self, fm: str, **kwargs: object) -> dict[str, Any]:
        """The front matter's values, read the way kb reads them. Any
        ``Loader`` asked for is refused: only kb's safe reader is used."""
        if kwargs:
            raise TypeError(f"kb's handler takes no YAML options, found {sorted(kwargs)}")
        return parse_yaml(fm, first_line=2).data

    def export(self, metadata: dict[str, object], **kwargs: object) -> str:
        """The metadata as YAML, in its own order (python-frontmatter sorts)."""
        kwargs.setdefault("sort_keys", False)
        return super().export({key: _plain(value) for key, value in metadata.items()}, **kwargs)


def _plain(value: object) -> object:
    """*value* as YAML's safe dumper writes it: what it cannot (a duration)
    as its text."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if value is None or isinstance(value, str | int | float | bool | date):
        return value
    return str(value)


HANDLER = KBHandler()


def split(text: str) -> SourceFile:
    """Split decoded text into front matter and body and parse the front matter.

    A file without an opening ``---`` has an empty front matter.
    """
    if not HANDLER.detect(text):
        return SourceFile(text, FrontMatter(), text, 1)
    try:
        # From the end of the opening line to the start of the closing one,
        # and from the end of the closing line on.
        between, after = HANDLER.split(text)
    except ValueError:
        raise FrontMatterError(
            msg("the front matter opened with '---' on line 1 is never closed"),
            Position(1, 1),
            msg("add a line with only '---' after the last key"),
        ) from None
    front_matter = parse_yaml(between[1:], first_line=2)
    front_matter.present = True
    body = after[1:] if after.startswith("\n") else after
    # The closing line is line 1 + the line ends before it; the body follows.
    return SourceFile(text, front_matter, body, between.count("\n") + 2)


def read(raw: bytes) -> SourceFile:
    return split(decode(raw))


class _Loader(_BaseLoader):
    """Safe YAML 1.1, but a date that does not exist stays a string."""

    def construct_lenient_timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return self.construct_yaml_timestamp(node)
        except ValueError:
            return str(node.value)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_lenient_timestamp)


def parse_yaml(yaml_text: str, first_line: int = 1) -> FrontMatter:
    """Parse *yaml_text*, whose first line is line *first_line* of the file."""
    loader = _Loader(yaml_text)
    lines = _Lines(yaml_text, first_line)
    try:
        try:
            root = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            raise _yaml_error(exc, lines) from None
        except yaml.YAMLError as exc:
            raise FrontMatterError(value_error(str(exc)), Position(first_line - 1, 1)) from None
        front_matter = FrontMatter()
        if root is None:
            return front_matter
        if not isinstance(root, yaml.MappingNode):
            kind = msg("a list") if isinstance(root, yaml.SequenceNode) else msg("a single value")
            raise FrontMatterError(
                msg("the front matter must be a mapping of keys to values, found {kind}",
                    kind=kind),
                lines.position(root.start_mark),
                msg("write one 'key: value' per line, e.g. 'title: Ankomst och inskrivning'"),
            )
        walker = _Walker(loader, front_matter, lines)
        data = walker.walk(root, ())
        front_matter.data = data
        return front_matter
    finally:
        loader.dispose()


# YAML also ends a line at these; the file's lines (and an editor's) do not.
_YAML_ONLY_BREAK = re.compile("[\x85\u2028\u2029]")


class _Lines:
    """YAML's line and column of a mark → line and column in the file."""

    def __init__(self, yaml_text: str, first_line: int) -> None:
        self.first_line = first_line
        self.text = yaml_text
        # Where each of YAML's lines starts, as (file line, column offset),
        # when YAML counts more lines than the file has (rarely: only then).
        self.starts: list[tuple[int, int]] = []
        if _YAML_ONLY_BREAK.search(yaml_text):
            for number, line in enumerate(yaml_text.split("\n"), first_line):
                self.starts.append((number, 0))
                self.starts += [(number, m.end()) for m in _YAML_ONLY_BREAK.finditer(line)]

    def tab_line(self, error_line: int) -> int | None:
        """The file line a tab most likely broke: *error_line* when it holds
        a tab, else the last line above it indented with one."""
        lines = self.text.split("\n")
        index = error_line - self.first_line
        if 0 <= index < len(lines) and "\t" in lines[index]:
            return error_line
        for number in range(min(index, len(lines)) - 1, -1, -1):
            line = lines[number]
            if "\t" in line[: len(line) - len(line.lstrip(" \t"))]:
                return number + self.first_line
        return None

    def position(self, mark: Any) -> Position:
        if not self.starts:
            return Position(mark.line + self.first_line, mark.column + 1)
        line, offset = self.starts[min(mark.line, len(self.starts) - 1)]
        return Position(line, offset + mark.column + 1)


def _yaml_error(exc: yaml.MarkedYAMLError, lines: _Lines) -> FrontMatterError:
    mark = exc.problem_mark or exc.context_mark
    position = lines.position(mark) if mark is not None else Position(lines.first_line - 1, 1)
    # libyaml and the pure-Python parser word some problems differently.
    problem = (exc.problem or "invalid YAML").replace("allowed in this context", "allowed here")
    tab = lines.tab_line(position.line)
    # A tab where YAML wants spaces breaks the front matter in many ways,
    # which PyYAML words after what it was reading, not after the tab.
    hint = yaml_hint(problem) if tab is None else tab_hint(tab)
    return FrontMatterError(syntax_error(problem, exc.context), position, hint)


class _Walker:
    def __init__(self, loader: _Loader, out: FrontMatter, lines: _Lines) -> None:
        self.loader = loader
        self.out = out
        self.lines = lines
        self.nodes = 0

    def pos(self, node: yaml.Node) -> Position:
        return self.lines.position(node.start_mark)

    def walk(self, node: yaml.Node, path: Path) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES or len(path) > MAX_DEPTH:
            raise FrontMatterError(
                msg("the front matter is too large or too deeply nested to be read"),
                self.pos(node),
                msg("front matter holds a few keys; move long content into the page body"),
            )
        if isinstance(node, yaml.MappingNode):
            return self.walk_mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            items = []
            for index, item in enumerate(node.value):
                item_path = (*path, index)
                self.out.key_positions[item_path] = self.pos(item)
                self.out.value_positions[item_path] = self.pos(item)
                items.append(self.walk(item, item_path))
            return items
        if isinstance(node, yaml.ScalarNode):
            self.out.source[path] = node.value
        return self.construct(node)

    def construct(self, node: yaml.Node) -> Any:
        try:
            value = self.loader.construct_object(node, deep=True)
        except yaml.MarkedYAMLError as exc:
            raise FrontMatterError(
                value_error(exc.problem or "invalid YAML", exc.context), self.pos(node)
            ) from None
        except yaml.YAMLError as exc:
            raise FrontMatterError(value_error(str(exc)), self.pos(node)) from None
        except (ValueError, OverflowError, KeyError, AttributeError, TypeError, IndexError):
            # Python's limit on the digits of a number, or a tagged value
            # PyYAML's constructors cannot convert ('!!bool x', '!!float x').
            digits = sum(character.isdigit() for character in str(node.value))
            if node.tag == _INT_TAG and digits > MAX_NUMBER_DIGITS:
                raise self.too_long(node) from None
            written = node.value if isinstance(node, yaml.ScalarNode) else "…"
            message, hint = tag_problem(node.tag, written)
            raise FrontMatterError(message, self.pos(node), hint) from None
        # YAML writes longer integers in hex or base 60; no message could show them.
        if isinstance(value, int) and value.bit_length() > _MAX_NUMBER_BITS:
            raise self.too_long(node)
        return value

    def too_long(self, node: yaml.Node) -> FrontMatterError:
        return FrontMatterError(
            msg(
                "the number has more than {count} digits and cannot be read",
                count=MAX_NUMBER_DIGITS,
            ),
            self.pos(node),
            msg("put the value in quotes if it is text"),
        )

    def walk_mapping(self, node: yaml.MappingNode, path: Path) -> dict[Any, Any]:
        try:
            self.loader.flatten_mapping(node)
        except yaml.MarkedYAMLError as exc:
            raise _yaml_error(exc, self.lines) from None
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise FrontMatterError(
                    msg("a key must be a plain word, found a list or mapping as key"),
                    self.pos(key_node),
                )
            key = self.construct(key_node)
            key = key if isinstance(key, str) else str(key_node.value)
            key_path = (*path, key)
            if key in result:
                self.out.duplicate_keys.append((key_path, self.pos(key_node)))
            self.out.key_positions[key_path] = self.pos(key_node)
            self.out.value_positions[key_path] = self.pos(value_node)
            result[key] = self.walk(value_node, key_path)
        return result
