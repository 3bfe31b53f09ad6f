"""The names the content contract fixes: document types, statuses,
visibilities and kinds of organisation.

Stated once, here, and asked by everything that lists them: the front-matter
models (:mod:`kb_tools.model.documents`), the configuration (``types:``,
``review_every:``), ``kb schema``, ``kb search --type``, the browser editor
and the site's Swedish names (:mod:`kb_tools.text.swedish`). The order of
:data:`DOC_TYPES` is the order in which lists group pages by type. It sits
below the configuration, which the model reads, so both can import it.
"""

from __future__ import annotations

from typing import Literal, get_args

DocType = Literal["routine", "partner", "agreement", "template", "glossary", "page"]
DOC_TYPES: tuple[DocType, ...] = get_args(DocType)
# The types with an owner and a review interval: what a bank manages.
MANAGED_TYPES: tuple[DocType, ...] = ("routine", "partner", "agreement", "template")
# The types whose pages are written one at a time, each from its form or
# template (kb new, kb import, the browser editor); the glossary is one list.
AUTHORED_TYPES: tuple[DocType, ...] = tuple(t for t in DOC_TYPES if t != "glossary")

Status = Literal["active", "draft", "retired"]
STATUSES: tuple[Status, ...] = get_args(Status)

Visibility = Literal["internal", "public"]
VISIBILITIES: tuple[Visibility, ...] = get_args(Visibility)

# The contract's values as Swedish editors tend to write them, for "did you
# mean" when a value is not one of the contract's (kb reads only English).
SWEDISH_VALUES: dict[str, str] = {
    "aktiv": "active",
    "gällande": "active",
    "utkast": "draft",
    "upphörd": "retired",
    "arkiverad": "retired",
    "intern": "internal",
    "internt": "internal",
    "offentlig": "public",
    "publik": "public",
    "kommun": "municipality",
    "myndighet": "agency",
    "skola": "school",
    "företag": "company",
    "förening": "association",
    "övrig": "other",
    "annan": "other",
}

OrgType = Literal["municipality", "region", "agency", "school", "company", "association", "other"]
ORG_TYPES: tuple[OrgType, ...] = get_args(OrgType)
