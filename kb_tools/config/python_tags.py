"""The Python tags of ``mkdocs.yml``, read without running code from the file.

MkDocs reads its configuration with PyYAML's unsafe loader, so
``!!python/object/apply:os.system ['…']`` in ``mkdocs.yml`` runs a command
when MkDocs opens the file. ``kb check`` runs on pull requests, whose
``mkdocs.yml`` a stranger may have written; kb reads it with PyYAML's safe
loader and understands only the Python tags a site's Markdown settings need:

- ``!!python/name:pymdownx.superfences.fence_code_format``: a reference to a
  function or class, resolved (its module imported) only inside the packages
  of the site's Markdown dialect (:data:`TRUSTED_PACKAGES`);
- ``!!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}``: a
  call, only of the configuration factories in :data:`FACTORIES`, with
  arguments that are plain data;
- ``!!python/tuple``, which is data.

Every other Python tag (``object``, ``object/new``, ``module``, a call of any
other function, a name outside those packages) stops the read with
:class:`UntrustedTag`, which :mod:`.mkdocs_yaml` turns into a configuration
error (exit code 2) naming the tag and its line: nothing of it has run.
``kb build`` reads the file this way before MkDocs does, so it refuses such
a file too.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

import yaml

PREFIX = "tag:yaml.org,2002:python/"
# The packages of the Markdown dialect a bank is written in.
TRUSTED_PACKAGES = ("markdown", "pymdownx", "material")
# Functions that make a setting's value, documented to be called from
# mkdocs.yml with !!python/object/apply.
FACTORIES = frozenset({
    "pymdownx.arithmatex.arithmatex_fenced_format",
    "pymdownx.arithmatex.arithmatex_inline_format",
    "pymdownx.slugs.slugify",
})
HINT = (
    "kb reads mkdocs.yml without running code from it: use !!python/name: with a function "
    "of markdown, pymdownx or material, or !!python/object/apply: with "
    + ", ".join(sorted(FACTORIES))
)


class TagProblem(yaml.constructor.ConstructorError):
    """A Python tag that cannot be read; *problem* says which and why."""


class UntrustedTag(TagProblem):
    """A Python tag kb does not run."""


def construct_name(loader: yaml.SafeLoader, name: str, node: yaml.Node) -> Any:
    """``!!python/name:NAME``: the function or class *name* names."""
    if not _trusted(name):
        raise UntrustedTag(
            None,
            None,
            f"the tag '!!python/name:{name}' names '{name}', which is outside the packages "
            "kb trusts in mkdocs.yml (markdown, pymdownx, material)",
            node.start_mark,
        )
    value = _resolve(name, node)
    home = getattr(value, "__module__", None)
    if not isinstance(home, str) or not _trusted(home):
        raise UntrustedTag(
            None,
            None,
            f"the tag '!!python/name:{name}' leads to '{home}', which is outside the packages "
            "kb trusts in mkdocs.yml (markdown, pymdownx, material)",
            node.start_mark,
        )
    return value


def construct_apply(loader: yaml.SafeLoader, name: str, node: yaml.Node) -> Any:
    """``!!python/object/apply:NAME``: a call of one of :data:`FACTORIES`."""
    if name not in FACTORIES:
        raise UntrustedTag(
            None,
            None,
            f"the tag '!!python/object/apply:{name}' would run '{name}' while mkdocs.yml is "
            "read",
            node.start_mark,
        )
    args: list[Any] = []
    kwds: dict[str, Any] = {}
    if isinstance(node, yaml.SequenceNode):
        args = loader.construct_sequence(node, deep=True)
    elif isinstance(node, yaml.MappingNode):
        value = loader.construct_mapping(node, deep=True)
        args, kwds = value.get("args", []), value.get("kwds", {})
        if set(value) - {"args", "kwds"} or not isinstance(args, list) or not isinstance(
            kwds, dict
        ):
            raise UntrustedTag(
                None,
                None,
                f"the tag '!!python/object/apply:{name}' expects 'args' (a list) and 'kwds' "
                "(a mapping), nothing else",
                node.start_mark,
            )
    function = _resolve(name, node)
    try:
        return function(*args, **{str(key): item for key, item in kwds.items()})
    except (TypeError, ValueError) as exc:
        raise TagProblem(
            None, None, f"'{name}' refused its arguments: {exc}", node.start_mark
        ) from None


def construct_tuple(loader: yaml.SafeLoader, node: yaml.Node) -> tuple[Any, ...]:
    if not isinstance(node, yaml.SequenceNode):
        raise TagProblem(
            None, None, "the tag '!!python/tuple' expects a list", node.start_mark
        )
    return tuple(loader.construct_sequence(node, deep=True))


def refuse(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    """Every other Python tag."""
    raise UntrustedTag(
        None,
        None,
        f"the tag '!!python/{suffix}' would make Python objects while mkdocs.yml is read",
        node.start_mark,
    )


def register(loader: type[yaml.SafeLoader]) -> None:
    """Teach *loader* the tags above; the catch-all comes last, as PyYAML
    tries the prefixes in the order they were added."""
    loader.add_multi_constructor(PREFIX + "name:", construct_name)
    loader.add_multi_constructor(PREFIX + "object/apply:", construct_apply)
    loader.add_constructor(PREFIX + "tuple", construct_tuple)
    loader.add_multi_constructor(PREFIX, refuse)


def _trusted(name: str) -> bool:
    return name.split(".", 1)[0] in TRUSTED_PACKAGES and all(
        part.isidentifier() for part in name.split(".")
    )


def _resolve(name: str, node: yaml.Node) -> Any:
    """The object *name* (``package.module.attribute``) names, importing the
    longest module prefix of it."""
    parts = name.split(".")
    module: ModuleType | None = None
    found = 0
    for length in range(len(parts), 0, -1):
        try:
            module = importlib.import_module(".".join(parts[:length]))
        except ImportError:
            continue
        found = length
        break
    value: Any = module
    try:
        for attribute in parts[found:]:
            value = getattr(value, attribute)
    except AttributeError:
        value = None
    if module is None or value is None:
        raise TagProblem(
            None, None, f"'{name}' cannot be found (is its package installed?)", node.start_mark
        )
    return value
