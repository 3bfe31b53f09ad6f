"""``kb schema``: JSON Schema (draft-07) for each document type, generated
from the same models the checker validates with, for editors' tools (the
VS Code YAML extension, for one)."""

from __future__ import annotations

import json
from typing import Any

from ..fields.vocabulary import DOC_TYPES
from ..model.documents import REQUIRED_KEYS, metadata_model

DRAFT_07 = "http://json-schema.org/draft-07/schema#"


def _draft_07(node: Any) -> Any:
    """Pydantic writes 2020-12 (``$defs``); draft-07 tools expect ``definitions``."""
    if isinstance(node, dict):
        converted = {}
        for key, value in node.items():
            if key == "$defs":
                key = "definitions"
            if key == "$ref" and isinstance(value, str):
                value = value.replace("#/$defs/", "#/definitions/")
            converted[key] = _draft_07(value)
        return converted
    if isinstance(node, list):
        return [_draft_07(item) for item in node]
    return node


def schema_for(doc_type: str) -> dict[str, Any]:
    model = metadata_model(doc_type)
    generated = _draft_07(model.model_json_schema(mode="validation"))
    required = list(REQUIRED_KEYS.get(doc_type, ()))
    if doc_type == "partner":
        required.append("contacts")
    schema: dict[str, Any] = {
        "$schema": DRAFT_07,
        "$id": f"https://kunskapsbanken.example.org/schema/{doc_type}.schema.json",
        "title": f"Kunskapsbanken: {doc_type} front matter",
        **{k: v for k, v in generated.items() if k != "title"},
    }
    if required:
        schema["required"] = required
    return schema


def schemas_json(doc_type: str | None = None) -> str:
    if doc_type is not None:
        return json.dumps(schema_for(doc_type), ensure_ascii=False, indent=2) + "\n"
    return json.dumps({t: schema_for(t) for t in DOC_TYPES}, ensure_ascii=False, indent=2) + "\n"
