"""PyYAML's problems in the reader's language.

PyYAML says what is wrong with a YAML text in English ("mapping values are
not allowed here", "while scanning a simple key"). An editor whose page does
not parse reads that sentence first, so the problems an editor meets are
messages of kb's catalog whose ids are PyYAML's own wording (the English
stays exactly as PyYAML says it); a problem kb does not know is shown as
PyYAML says it. With them, what an editor can do about a problem, and the
sentences kb says them in. Used by :mod:`kb_tools.front_matter` (pages)
and :mod:`kb_tools.config` (``mkdocs.yml``).
"""

from __future__ import annotations

import re

from .messages import Arg, Message, msg, verbatim

# PyYAML's wording (libyaml's where it differs) → the message whose id is
# that wording; a named group becomes the argument of the same name.
_PROBLEMS: tuple[tuple[re.Pattern[str], Message], ...] = tuple(
    (re.compile(pattern), message)
    for pattern, message in (
        (r"mapping values are not allowed here", msg("mapping values are not allowed here")),
        (r"mapping values are not allowed in this context",
         msg("mapping values are not allowed in this context")),
        (r"mapping keys are not allowed here", msg("mapping keys are not allowed here")),
        (r"block sequence entries are not allowed here",
         msg("block sequence entries are not allowed here")),
        (r"could not find expected ':'", msg("could not find expected ':'")),
        (r"found character (?P<found>'.*?') that cannot start any token",
         msg("found character {found} that cannot start any token")),
        (r"found character that cannot start any token",
         msg("found character that cannot start any token")),
        (r"found undefined alias (?P<found>'.*?')", msg("found undefined alias {found}")),
        (r"found undefined alias", msg("found undefined alias")),
        (r"expected <block end>, but found (?P<found>'.*?')",
         msg("expected <block end>, but found {found}")),
        (r"did not find expected key", msg("did not find expected key")),
        (r"expected the node content, but found (?P<found>'.*?')",
         msg("expected the node content, but found {found}")),
        (r"expected '<document start>', but found (?P<found>'.*?')",
         msg("expected '<document start>', but found {found}")),
        (r"did not find expected '-' indicator", msg("did not find expected '-' indicator")),
        (r"did not find expected node content", msg("did not find expected node content")),
        (r"did not find expected ',' or '\]'", msg("did not find expected ',' or ']'")),
        (r"did not find expected ',' or '\}'", msg("did not find expected ',' or '}}'")),
        (r"did not find expected comment or line break",
         msg("did not find expected comment or line break")),
        (r"did not find expected whitespace or line break",
         msg("did not find expected whitespace or line break")),
        (r"did not find expected alphabetic or numeric character",
         msg("did not find expected alphabetic or numeric character")),
        (r"did not find expected hexdecimal number",
         msg("did not find expected hexdecimal number")),
        (r"did not find expected tag URI", msg("did not find expected tag URI")),
        (r"did not find the expected '>'", msg("did not find the expected '>'")),
        (r"did not find expected <document start>",
         msg("did not find expected <document start>")),
        (r"found unexpected end of stream", msg("found unexpected end of stream")),
        (r"found unexpected document indicator", msg("found unexpected document indicator")),
        (r"found unacceptable character (?P<found>#x[0-9a-fA-F]+): special characters are "
         r"not allowed",
         msg("found unacceptable character {found}: special characters are not allowed")),
        (r"(?:found )?unacceptable character (?P<found>#x[0-9a-fA-F]+): control characters "
         r"are not allowed",
         msg("unacceptable character {found}: control characters are not allowed")),
        (r"control characters are not allowed", msg("control characters are not allowed")),
        (r"found a tab character that violates indentation",
         msg("found a tab character that violates indentation")),
        (r"found a tab character where an indentation space is expected",
         msg("found a tab character where an indentation space is expected")),
        (r"found an indentation indicator equal to 0",
         msg("found an indentation indicator equal to 0")),
        (r"found unknown escape character (?P<found>'.*?')",
         msg("found unknown escape character {found}")),
        (r"found unknown escape character", msg("found unknown escape character")),
        (r"found invalid Unicode character escape code",
         msg("found invalid Unicode character escape code")),
        (r"expected ',' or '\]', but got (?P<found>'.*?')",
         msg("expected ',' or ']', but got {found}")),
        (r"expected ',' or '\}', but got (?P<found>'.*?')",
         msg("expected ',' or '}}', but got {found}")),
        (r"expected a comment or a line break, but found (?P<found>'.*?')",
         msg("expected a comment or a line break, but found {found}")),
        (r"found duplicate anchor (?P<found>'.*?'); first occurrence",
         msg("found duplicate anchor {found}; first occurrence")),
        (r"found duplicate anchor; first occurrence",
         msg("found duplicate anchor; first occurrence")),
        (r"second occurrence", msg("second occurrence")),
        (r"found unexpected ':'", msg("found unexpected ':'")),
        (r"expected alphabetic or numeric character, but found (?P<found>'.*?')",
         msg("expected alphabetic or numeric character, but found {found}")),
        (r"found unhashable key", msg("found unhashable key")),
        (r"found unexpected document separator", msg("found unexpected document separator")),
        (r"but found another document", msg("but found another document")),
        (r"found undefined tag handle", msg("found undefined tag handle")),
        (r"could not determine a constructor for the tag (?P<tag>'.*')",
         msg("could not determine a constructor for the tag {tag}")),
        (r"expected a mapping or list of mappings for merging, but found (?P<kind>\w+)",
         msg("expected a mapping or list of mappings for merging, but found {kind}")),
        (r"expected a mapping for merging, but found (?P<kind>\w+)",
         msg("expected a mapping for merging, but found {kind}")),
        (r"expected a sequence, but found (?P<kind>\w+)",
         msg("expected a sequence, but found {kind}")),
        (r"expected a mapping, but found (?P<kind>\w+)",
         msg("expected a mapping, but found {kind}")),
        (r"expected a mapping of length 1, but found (?P<kind>\w+)",
         msg("expected a mapping of length 1, but found {kind}")),
        (r"failed to decode base64 data: .*", msg("failed to decode base64 data")),
        (r"invalid YAML", msg("invalid YAML")),
    )
)

# The kinds of node PyYAML names in its problems ("but found scalar").
_KINDS: dict[str, Message] = {
    "scalar": msg("scalar"),
    "sequence": msg("sequence"),
    "mapping": msg("mapping"),
}

# What PyYAML names by its token ("but found '<stream end>'"), in the reader's words.
_TOKENS: dict[str, Message] = {
    "'<stream end>'": msg("'<stream end>'"),
    "'<document start>'": msg("'<document start>'"),
    "'<document end>'": msg("'<document end>'"),
    "'<block end>'": msg("'<block end>'"),
    "'<block mapping start>'": msg("'<block mapping start>'"),
    "'<block sequence start>'": msg("'<block sequence start>'"),
}

# What PyYAML was doing when it found the problem.
_CONTEXTS: dict[str, Message] = {
    "while scanning a simple key": msg("while scanning a simple key"),
    "while scanning a plain scalar": msg("while scanning a plain scalar"),
    "while scanning a quoted scalar": msg("while scanning a quoted scalar"),
    "while parsing a quoted scalar": msg("while parsing a quoted scalar"),
    "while scanning a block scalar": msg("while scanning a block scalar"),
    "while scanning a double-quoted scalar": msg("while scanning a double-quoted scalar"),
    "while scanning a single-quoted scalar": msg("while scanning a single-quoted scalar"),
    "while scanning for the next token": msg("while scanning for the next token"),
    "while parsing a block mapping": msg("while parsing a block mapping"),
    "while parsing a block collection": msg("while parsing a block collection"),
    "while parsing a flow sequence": msg("while parsing a flow sequence"),
    "while parsing a flow mapping": msg("while parsing a flow mapping"),
    "while parsing a block node": msg("while parsing a block node"),
    "while parsing a flow node": msg("while parsing a flow node"),
    "while parsing a tag": msg("while parsing a tag"),
    "while scanning an alias": msg("while scanning an alias"),
    "while scanning an anchor": msg("while scanning an anchor"),
    "while scanning a directive": msg("while scanning a directive"),
    "while scanning a tag": msg("while scanning a tag"),
    "while parsing a node": msg("while parsing a node"),
    "while composing a mapping": msg("while composing a mapping"),
    "while constructing a mapping": msg("while constructing a mapping"),
    "while constructing an ordered map": msg("while constructing an ordered map"),
    "while constructing pairs": msg("while constructing pairs"),
    "expected a single document in the stream": msg("expected a single document in the stream"),
    "found duplicate anchor; first occurrence": msg("found duplicate anchor; first occurrence"),
}


def yaml_problem(problem: str) -> Message:
    """PyYAML's *problem* as a message of kb's catalog (verbatim when kb
    does not know it). Only its first line: PyYAML adds where it was
    (``in "<unicode string>", line 1``), which kb says in its own way."""
    problem = problem.strip().split("\n")[0].strip()
    for pattern, message in _PROBLEMS:
        match = pattern.fullmatch(problem)
        if match:
            found: dict[str, Arg] = {
                name: _argument(name, value) for name, value in match.groupdict().items() if value
            }
            return message.with_args(**found) if found else message
    return verbatim(problem)


def _argument(name: str, value: str) -> Arg:
    if name == "kind":
        return _KINDS.get(value, value)
    if name == "tag":  # as editors write it: '!!python/name:x', not 'tag:yaml.org,2002:...'
        return value.replace(_STANDARD_TAGS, "!!")
    return _TOKENS.get(value, value)


_STANDARD_TAGS = "tag:yaml.org,2002:"


def yaml_context(context: str) -> Message:
    """What PyYAML was doing (``while scanning a simple key``), as a message."""
    return _CONTEXTS.get(context.strip()) or verbatim(context)


# What to do about a problem, by a piece of PyYAML's wording (front matter).
_HINTS = (
    (
        "mapping values are not allowed",
        msg("a value containing ': ' must be quoted, e.g. title: \"Rutin: ankomst\""),
    ),
    ("found character '\\t'", msg("indent with spaces, not tabs")),
    (
        "found character that cannot start any token",
        msg("a value starting with '@', '`', '%' or a tab must be quoted"),
    ),
    (
        "could not find expected ':'",
        msg(
            "every line needs 'key: value'; a long value continues "
            "on the next line only if it is indented"
        ),
    ),
    ("found undefined alias", msg("'*' starts a YAML alias; quote the value")),
    ("expected <block end>", msg("check the indentation of this line against the lines above")),
    (
        "found unacceptable character",
        msg("remove the control character or save the file as plain UTF-8 text"),
    ),
)


def yaml_hint(problem: str) -> Message | None:
    """What an editor can do about PyYAML's *problem*, when kb knows."""
    return next((hint for needle, hint in _HINTS if needle in problem), None)


def tab_hint(line: int) -> Message:
    """The hint for front matter a tab on *line* broke."""
    return msg(
        "line {line} holds a tab; YAML indents with spaces only: replace the tab with spaces",
        line=line,
    )


def syntax_error(problem: str, context: str | None) -> Message:
    """``YAML syntax error: PROBLEM (CONTEXT)``: the text is not YAML."""
    if context:
        return msg("YAML syntax error: {problem} ({context})", problem=yaml_problem(problem),
                   context=yaml_context(context))
    return msg("YAML syntax error: {problem}", problem=yaml_problem(problem))


def value_error(problem: str, context: str | None = None) -> Message:
    """``YAML error: PROBLEM (CONTEXT)``: YAML, but a value cannot be made of it."""
    if context:
        return msg("YAML error: {problem} ({context})", problem=yaml_problem(problem),
                   context=yaml_context(context))
    return msg("YAML error: {problem}", problem=yaml_problem(problem))


def tag_problem(tag: str, written: str) -> tuple[Message, Message]:
    """The message and hint of a value *written* that its *tag* (``!!bool``)
    cannot make a value of."""
    shown = tag.replace(_STANDARD_TAGS, "!!")
    value = written if len(written) <= 60 else written[:40] + "…"
    return (
        msg("the value '{value}' cannot be read as '{tag}'", value=value, tag=shown),
        msg("remove '{tag}' and write the value as it is", tag=shown),
    )
