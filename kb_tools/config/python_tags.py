"""The Python tags of ``mkdocs.yml``, read without running code from the file.

MkDocs reads its configuration with PyYAML's unsafe loader, so
``!!python/object/apply:os.system ['…']`` in ``mkdocs.yml`` runs a command
when MkDocs opens the file. ``kb check`` runs on pull requests, whose
``mkdocs.yml`` a stranger may have written; kb reads it with PyYAML's safe
loader and understands only the Python tags a site's Markdown settings need:

- ``!!python/name:pymdownx.superfences.fence_code_format``: a reference to a
  function or class, resolved (its module imported) only inside the packages
  of the site's Markdown dialect (:data:`TRUSTED_PACKAGES`) and those the
  environment variable ``KB_TRUSTED_PACKAGES`` names (``mermaid2,hooks``):
  whoever runs kb trusts them, which nothing in the repository can say;
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
import os
import sys
from types import ModuleType
from typing import Any

import yaml

from ..i18n import Message, msg

PREFIX = "tag:yaml.org,2002:python/"
# The packages of the Markdown dialect a bank is written in.
TRUSTED_PACKAGES = ("markdown", "pymdownx", "material")
# More packages to trust, comma-separated top-level names, set where kb runs.
TRUSTED_VARIABLE = "KB_TRUSTED_PACKAGES"
# Functions that make a setting's value, documented to be called from
# mkdocs.yml with !!python/object/apply.
FACTORIES = frozenset({
    "pymdownx.arithmatex.arithmatex_fenced_format",
    "pymdownx.arithmatex.arithmatex_inline_format",
    "pymdownx.slugs.slugify",
})


class TagProblem(yaml.constructor.ConstructorError):
    """A Python tag that cannot be read: *message* says which and why, *hint*
    what to do (PyYAML's ``problem`` is the message in English)."""

    def __init__(
        self, message: Message, mark: yaml.Mark | None, hint: Message | None = None
    ) -> None:
        super().__init__(None, None, message.english, mark)
        self.message = message
        self.hint = hint


class UntrustedTag(TagProblem):
    """A Python tag kb does not run."""

    def __init__(
        self, message: Message, mark: yaml.Mark | None, hint: Message | None = None
    ) -> None:
        super().__init__(message, mark, hint or safe_tags_hint())


def trusted_packages() -> tuple[str, ...]:
    """The packages ``!!python/name:`` may name: the Markdown dialect's and
    those :data:`TRUSTED_VARIABLE` names. :class:`TagProblem` if it names
    something that is not a package's name."""
    written = os.environ.get(TRUSTED_VARIABLE, "")
    extra = [name.strip() for name in written.split(",") if name.strip()]
    for name in extra:
        problem = None
        if not name.isidentifier():
            problem = msg(
                "the environment variable {variable} names '{name}', which is not the name of "
                "a package",
                variable=TRUSTED_VARIABLE, name=name,
            )
        elif _standard(name):
            # No site's function lives there, and os, subprocess or builtins would
            # let mkdocs.yml run anything.
            problem = msg(
                "the environment variable {variable} names '{name}', a module of Python's "
                "standard library, which kb never trusts in mkdocs.yml",
                variable=TRUSTED_VARIABLE, name=name,
            )
        if problem is not None:
            raise TagProblem(
                problem,
                None,
                msg("write the top-level names of packages, separated by commas, such as "
                    "{variable}=mermaid2", variable=TRUSTED_VARIABLE),
            )
    return tuple(dict.fromkeys((*TRUSTED_PACKAGES, *extra)))


def safe_tags_hint() -> Message:
    """What a site may write instead of a Python tag kb does not run."""
    return msg(
        "kb reads mkdocs.yml without running code from it: use !!python/name: only with a "
        "function of the packages it trusts ({packages}), and !!python/object/apply: only "
        "with {factories}",
        packages=", ".join(trusted_packages()), factories=", ".join(sorted(FACTORIES)),
    )


def _trust_hint(name: str) -> Message:
    """How whoever runs kb can trust the package of *name* (what a site may
    write instead, for the standard library's, which kb never trusts)."""
    package = name.split(".", 1)[0]
    if _standard(package):
        return safe_tags_hint()
    extra = [p for p in trusted_packages() if p not in TRUSTED_PACKAGES]
    return msg(
        "kb imports only the packages it trusts while it reads mkdocs.yml: if you trust "
        "'{package}', name it in the environment variable {variable} where kb runs "
        "({variable}={value}); the repository cannot set it",
        package=package, variable=TRUSTED_VARIABLE, value=",".join([*extra, package]),
    )


def _outside(name: str, node: yaml.Node, home: str | None = None) -> UntrustedTag:
    packages = ", ".join(trusted_packages())
    tag = f"!!python/name:{name}"
    if home is None:
        problem = msg(
            "the tag '{tag}' names '{name}', which is outside the packages kb trusts in "
            "mkdocs.yml ({packages})",
            tag=tag, name=name, packages=packages,
        )
    else:
        problem = msg(
            "the tag '{tag}' leads to '{module}', which is outside the packages kb trusts in "
            "mkdocs.yml ({packages})",
            tag=tag, module=home, packages=packages,
        )
    return UntrustedTag(problem, node.start_mark, _trust_hint(home or name))


def construct_name(loader: yaml.SafeLoader, name: str, node: yaml.Node) -> Any:
    """``!!python/name:NAME``: the function or class *name* names."""
    if not _trusted(name):
        raise _outside(name, node)
    value = _resolve(name, node)
    home = getattr(value, "__module__", None)
    if not isinstance(home, str) or not _trusted(home):
        raise _outside(name, node, str(home))
    return value


def construct_apply(loader: yaml.SafeLoader, name: str, node: yaml.Node) -> Any:
    """``!!python/object/apply:NAME``: a call of one of :data:`FACTORIES`."""
    tag = f"!!python/object/apply:{name}"
    if name not in FACTORIES:
        raise UntrustedTag(
            msg("the tag '{tag}' would run '{name}' while mkdocs.yml is read", tag=tag,
                name=name),
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
                msg("the tag '{tag}' expects 'args' (a list) and 'kwds' (a mapping), nothing "
                    "else", tag=tag),
                node.start_mark,
            )
    function = _resolve(name, node)
    try:
        return function(*args, **{str(key): item for key, item in kwds.items()})
    except (TypeError, ValueError) as exc:
        raise TagProblem(
            msg("'{name}' refused its arguments: {reason}", name=name, reason=str(exc)),
            node.start_mark,
        ) from None


def construct_tuple(loader: yaml.SafeLoader, node: yaml.Node) -> tuple[Any, ...]:
    if not isinstance(node, yaml.SequenceNode):
        raise TagProblem(msg("the tag '!!python/tuple' expects a list"), node.start_mark)
    return tuple(loader.construct_sequence(node, deep=True))


def refuse(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    """Every other Python tag."""
    raise UntrustedTag(
        msg("the tag '{tag}' would make Python objects while mkdocs.yml is read",
            tag=f"!!python/{suffix}"),
        node.start_mark,
    )


def register(loader: type[yaml.SafeLoader]) -> None:
    """Teach *loader* the tags above; the catch-all comes last, as PyYAML
    tries the prefixes in the order they were added."""
    loader.add_multi_constructor(PREFIX + "name:", construct_name)
    loader.add_multi_constructor(PREFIX + "object/apply:", construct_apply)
    loader.add_constructor(PREFIX + "tuple", construct_tuple)
    loader.add_multi_constructor(PREFIX, refuse)


def _standard(package: str) -> bool:
    return package in sys.stdlib_module_names


def _trusted(name: str) -> bool:
    return name.split(".", 1)[0] in trusted_packages() and all(
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
            msg("'{name}' cannot be found (is its package installed?)", name=name),
            node.start_mark,
        )
    return value
