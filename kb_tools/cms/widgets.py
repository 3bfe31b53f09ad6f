"""The form of each document type: one Decap CMS field per front-matter key.

Fields are derived from the JSON Schema that ``kb schema`` exports (the same
pydantic models ``kb check`` validates with): a date becomes a date-only
picker, an enum a select, a boolean a checkbox, a list of contacts a list of
cards with every contact key. Keys with a meaning beyond their type get their
own widget: ``owner`` is chosen among the configured owners, ``partners``,
``parties`` and ``related`` among the bank's pages. Labels and hints are
Swedish (:mod:`.texts`).

The order of the fields is the order ``kb new`` writes the keys
(:mod:`kb_tools.authoring.scaffold`), with every other key at its usual place, so a
page saved from the form keeps the layout of a page made with ``kb new``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..authoring.scaffold import TEMPLATES
from ..authoring.schema import schema_for
from ..config import KBConfig
from ..fields import SLUG_PATTERN
from ..model.documents import REQUIRED_KEYS
from ..text.swedish import duration
from .texts import (
    HINTS,
    ITEM_HINTS,
    ITEM_LABELS,
    ITEM_NAMES,
    LABELS,
    OPTION_LABELS,
    PATTERN_MESSAGES,
    Hint,
)

# Every front-matter key at its usual place; kb new's order wins where it
# has the key (routines write tags before summary, partners summary first).
PREFERENCE = (
    "title",
    "id",
    "type",
    "org_type",
    "owner",
    "reviewed",
    "review_every",
    "status",
    "visibility",
    "website",
    "phone",
    "email",
    "address",
    "parties",
    "valid_from",
    "valid_until",
    "signed",
    "notice",
    "document",
    "summary",
    "tags",
    "partners",
    "related",
    "contacts",
    "terms",
    "source",
    "description",
    "subtitle",
    "template",
    "icon",
    "hide",
    "search",
    "comments",
)

# Kept as written and never shown: set by the folder (type), the file name
# (id), kb import (source), or read by the site engine, not by editors.
HIDDEN_KEYS = (
    "id",
    "type",
    "source",
    "description",
    "subtitle",
    "template",
    "icon",
    "hide",
    "search",
    "comments",
)

DATE_PICKER: dict[str, Any] = {
    "widget": "datetime",
    "date_format": "YYYY-MM-DD",
    "time_format": False,
    "format": "YYYY-MM-DD",
    "picker_utc": False,
}


EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
URL_PATTERN = r"^https?://\S+$"
# A phone number, or a service number of three digits or more (112, 114 14).
PHONE_PATTERN = r"^\+?[0-9][0-9 ()-]{2,}$"
DOCUMENT_FOLDER = "dokument"


@dataclass(frozen=True)
class Form:
    """What a type's form needs from the bank: its configuration and the
    collections that relation fields choose from."""

    config: KBConfig
    partner_collection: str | None = None
    pages_collection: str | None = None


def key_order(doc_type: str) -> list[str]:
    """The order of the keys in a page of *doc_type*: ``kb new``'s order,
    with every other key after the key it usually follows."""
    order = _scaffold_keys(doc_type)
    for position, key in enumerate(PREFERENCE):
        if key in order:
            continue
        before = [k for k in PREFERENCE[:position] if k in order]
        order.insert(order.index(before[-1]) + 1 if before else 0, key)
    return order


def _scaffold_keys(doc_type: str) -> list[str]:
    template = TEMPLATES.get(doc_type)
    if template is None:
        return []
    text = template.format(
        title="T",
        owner="o",
        today=date(2026, 1, 1).isoformat(),
        parties="p",
        partners="partners: [p]\n",
    )
    front = text.split("---\n")[1]
    return [m.group(1) for m in re.finditer(r"^([a-z_]+):", front, re.MULTILINE)]


def _today_keys() -> set[str]:
    return {
        match.group(1)
        for template in TEMPLATES.values()
        for match in re.finditer(r"^([a-z_]+): \{today\}$", template, re.MULTILINE)
    }


def fields(doc_type: str, form: Form) -> list[dict[str, Any]]:
    """The Decap fields of *doc_type*'s form, in file order, then the body."""
    schema = schema_for(doc_type)
    properties: dict[str, Any] = schema["properties"]
    order = key_order(doc_type)
    unknown = [key for key in properties if key not in order]
    if unknown:
        raise ValueError(
            f"no place in the form for the key(s) {', '.join(unknown)}; "
            "add them to PREFERENCE in kb_tools/cms/widgets.py"
        )
    required = set(REQUIRED_KEYS.get(doc_type, ()))
    result = [
        _field(key, properties[key], key in required, doc_type, form, schema)
        for key in order
        if key in properties
    ]
    body = {
        "name": "body",
        "label": LABELS["body"],
        "widget": "markdown",
        "required": False,
        "modes": ["raw", "rich_text"],
        "sanitize_preview": True,
    }
    return [*result, _with_hint(body, HINTS["body"])]


def date_keys() -> list[str]:
    """Keys whose values are dates, in any type (and in contacts)."""
    found: set[str] = set()
    for doc_type in REQUIRED_KEYS:
        schema = schema_for(doc_type)
        definitions = [
            schema["properties"],
            *(d["properties"] for d in schema.get("definitions", {}).values()),
        ]
        for properties in definitions:
            found.update(k for k, v in properties.items() if _variant(v).get("format") == "date")
    return sorted(found)


def item_orders() -> dict[str, list[str]]:
    """The key order inside list items (contacts, terms), from the models."""
    orders: dict[str, list[str]] = {}
    for doc_type in REQUIRED_KEYS:
        schema = schema_for(doc_type)
        for key, prop in schema["properties"].items():
            definition = _item_definition(prop, schema)
            if definition is not None:
                orders[key] = list(definition["properties"])
    return orders


def _variant(prop: dict[str, Any]) -> dict[str, Any]:
    """The schema of a value that is not null (``X | None`` is ``anyOf``)."""
    variants = [v for v in prop.get("anyOf", [prop]) if v.get("type") != "null"]
    return variants[0] if len(variants) == 1 else prop


def _item_definition(prop: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any] | None:
    items = _variant(prop).get("items", {})
    ref = items.get("$ref", "")
    if not ref.startswith("#/definitions/"):
        return None
    definition: dict[str, Any] = schema["definitions"][ref.rsplit("/", 1)[1]]
    return definition


def _with_hint(field: dict[str, Any], hint: Hint | None) -> dict[str, Any]:
    if hint is not None and hint.text():
        field["hint"] = hint.text()
    return field


def _field(
    key: str,
    prop: dict[str, Any],
    required: bool,
    doc_type: str,
    form: Form,
    schema: dict[str, Any],
) -> dict[str, Any]:
    if key in HIDDEN_KEYS:
        return {"name": key, "label": key, "widget": "hidden", "required": False}
    base: dict[str, Any] = {"name": key, "label": LABELS[key], "required": required}
    hint = HINTS.get(key)
    if key == "review_every":
        default = form.config.default_review_interval(doc_type)
        extra = f"Lämna tomt för standard: {duration(default)}." if default else ""
        hint = Hint(HINTS[key].guide, extra)
    elif key == "visibility":
        name = OPTION_LABELS["visibility"][form.config.default_visibility].split(" (")[0]
        hint = Hint(form=f"Lämna tomt för standard: {name.lower()}.")
    elif key == "title" and doc_type == "glossary":
        hint = Hint(HINTS[key].guide)  # a file of its own: never created in the form
    special = _special(key, form)
    if special is not None:
        return _with_hint({**base, **special}, hint)
    definition = _item_definition(prop, schema)
    if definition is not None:
        return _with_hint({**base, **_item_list(key, definition)}, hint)
    widget = _widget(key, _variant(prop))
    if doc_type == "glossary":
        widget.pop("default", None)  # defaults are for new pages; the glossary exists
    return _with_hint({**base, **widget}, hint)


def _special(key: str, form: Form) -> dict[str, Any] | None:
    if key == "owner" and form.config.owners:
        options = [
            {"label": owner.name, "value": owner_id}
            for owner_id, owner in form.config.owners.items()
        ]
        return {"widget": "select", "options": options}
    if key in ("partners", "parties") and form.partner_collection:
        return _relation(form.partner_collection)
    if key == "related" and form.pages_collection:
        return _relation(form.pages_collection)
    if key == "document":
        return {
            "widget": "file",
            "media_folder": DOCUMENT_FOLDER,
            "public_folder": DOCUMENT_FOLDER,
            "choose_url": False,
        }
    return None


def _relation(collection: str) -> dict[str, Any]:
    return {
        "widget": "relation",
        "collection": collection,
        "value_field": "{{filename}}",
        "search_fields": ["title"],
        "display_fields": ["title"],
        "multiple": True,
        "options_length": 50,
    }


def _item_list(key: str, definition: dict[str, Any]) -> dict[str, Any]:
    labels, hints = ITEM_LABELS[key], ITEM_HINTS.get(key, {})
    needed = set(definition.get("required", []))
    sub_fields = []
    for name, prop in definition["properties"].items():
        field = {
            "name": name,
            "label": labels[name],
            "required": name in needed,
            **_widget(name, _variant(prop)),
        }
        sub_fields.append(_with_hint(field, hints.get(name)))
    singular, summary = ITEM_NAMES[key]
    return {
        "widget": "list",
        "label_singular": singular,
        "summary": summary,
        "collapsed": True,
        "fields": sub_fields,
    }


def _widget(key: str, prop: dict[str, Any]) -> dict[str, Any]:
    kind = prop.get("type")
    if prop.get("format") == "date":
        if key in _today_keys():  # kb new writes today's date there
            return {**DATE_PICKER, "default": "{{now}}"}
        return dict(DATE_PICKER)
    if "enum" in prop:
        labels = OPTION_LABELS[key]
        return {
            "widget": "select",
            "options": [{"label": labels[value], "value": value} for value in prop["enum"]],
        }
    if kind == "boolean":
        return {"widget": "boolean", "default": bool(prop.get("default", False))}
    if kind == "array":
        return {"widget": "list", "allow_add": True}
    if kind == "string":
        return {"widget": "string", **_pattern(key, prop)}
    raise ValueError(f"no form widget for the key '{key}' ({prop})")


def _pattern(key: str, prop: dict[str, Any]) -> dict[str, Any]:
    if "pattern" in prop:
        message = PATTERN_MESSAGES[
            "slug" if prop["pattern"] == SLUG_PATTERN.pattern else "duration"
        ]
        return {"pattern": [prop["pattern"], message]}
    if prop.get("format") == "email":
        return {"pattern": [EMAIL_PATTERN, PATTERN_MESSAGES["email"]]}
    if prop.get("format") == "uri":
        return {"pattern": [URL_PATTERN, PATTERN_MESSAGES["uri"]]}
    if key == "phone":
        return {"pattern": [PHONE_PATTERN, PATTERN_MESSAGES["phone"]]}
    return {}


def keep_empty() -> list[str]:
    """List keys written even when empty (``contacts: []`` of a partner: the
    schema requires the key, the check allows no contacts yet)."""
    found: set[str] = set()
    for doc_type, required in REQUIRED_KEYS.items():
        extra = set(schema_for(doc_type).get("required", [])) - set(required)
        found.update(extra)
    return sorted(found)
