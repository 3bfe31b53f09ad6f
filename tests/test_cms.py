"""The browser editor's generated files: Decap's config.yml from the content
model, the admin page, the `cms:` settings and the Content-Security-Policy."""

from __future__ import annotations

import json
import re
import typing
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel

from kb_tools import load_bank
from kb_tools.authoring.scaffold import TEMPLATES
from kb_tools.cms.admin import admin_files, glossaries, page_data, repo_folder, site_look
from kb_tools.cms.collections import PAGES_COLLECTION, decap_config
from kb_tools.cms.csp import ADMIN_CSP_SOURCES, admin_csp, csp_text
from kb_tools.cms.settings import DECAP, JS_YAML, CMSSettings
from kb_tools.cms.texts import HINTS, ITEM_HINTS
from kb_tools.cms.widgets import key_order
from kb_tools.config import load_config
from kb_tools.model.documents import REQUIRED_KEYS, metadata_model
from tests.conftest import BankDir
from tests.golden import compare

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "redaktorer" / "andra-i-kunskapsbanken.md"
TYPES = ("routine", "partner", "agreement", "template", "glossary", "page")


@pytest.fixture(scope="module")
def sample() -> dict[str, Any]:
    bank = load_bank(ROOT / "mkdocs.yml")
    settings = bank.config.kb.cms
    assert settings is not None
    return decap_config(bank.config, settings, glossaries(bank)).data


def _form(data: dict[str, Any], doc_type: str) -> list[dict[str, Any]]:
    """The fields of the collection (or glossary file) for *doc_type*."""
    for collection in data["collections"]:
        if doc_type == "glossary" and "files" in collection:
            return list(collection["files"][0]["fields"])
        if collection.get("label_singular") == {
            "routine": "Rutin",
            "partner": "Samverkanspart",
            "agreement": "Överenskommelse",
            "template": "Mall",
        }.get(doc_type):
            return list(collection["fields"])
    raise AssertionError(f"no collection for {doc_type}")


def _model_of(annotation: Any) -> type[BaseModel] | None:
    for arg in (annotation, *typing.get_args(annotation)):
        for inner in (arg, *typing.get_args(arg)):
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                return inner
    return None


def _check_widget(key: str, annotation: Any, field: dict[str, Any]) -> None:
    text = str(annotation)
    if "datetime.date" in text:
        assert field["widget"] == "datetime", key
        assert (field["date_format"], field["format"], field["time_format"]) == (
            "YYYY-MM-DD",
            "YYYY-MM-DD",
            False,
        )
    elif "Literal" in text and field["widget"] != "hidden":
        literal = next(
            a
            for a in (annotation, *typing.get_args(annotation))
            if typing.get_origin(a) is typing.Literal
        )
        assert field["widget"] == "select", key
        assert [o["value"] for o in field["options"]] == list(typing.get_args(literal)), key
    elif annotation is bool:
        assert field["widget"] == "boolean", key


@pytest.mark.parametrize("doc_type", TYPES[:-1])
def test_every_key_of_the_model_has_a_widget(sample: dict[str, Any], doc_type: str) -> None:
    form = {f["name"]: f for f in _form(sample, doc_type)}
    model = metadata_model(doc_type)
    assert set(model.model_fields) | {"body"} == set(form)
    for key, info in model.model_fields.items():
        field = form[key]
        assert field["widget"], key
        if field["widget"] != "hidden":
            assert field["label"] != key and field.get("hint"), f"{key}: a Swedish label and hint"
        assert field["required"] == (key in REQUIRED_KEYS[doc_type]), key
        _check_widget(key, info.annotation, field)
        inner = _model_of(info.annotation)
        if inner is not None:  # contacts, terms: a card per item with every key
            assert field["widget"] == "list"
            sub = {f["name"]: f for f in field["fields"]}
            assert set(sub) == set(inner.model_fields), key
            for sub_key, sub_info in inner.model_fields.items():
                assert sub[sub_key]["required"] == sub_info.is_required(), sub_key
                _check_widget(sub_key, sub_info.annotation, sub[sub_key])
    assert form["body"]["widget"] == "markdown"


def test_special_fields(sample: dict[str, Any]) -> None:
    routine = {f["name"]: f for f in _form(sample, "routine")}
    agreement = {f["name"]: f for f in _form(sample, "agreement")}
    owners = load_config(ROOT / "mkdocs.yml").kb.owners
    assert routine["owner"]["options"] == [{"label": o.name, "value": i} for i, o in owners.items()]
    assert routine["partners"]["collection"] == "samverkansparter"
    assert agreement["parties"]["collection"] == "samverkansparter"
    assert routine["related"]["collection"] == PAGES_COLLECTION
    for field in (routine["partners"], agreement["parties"], routine["related"]):
        assert (field["widget"], field["multiple"], field["value_field"]) == (
            "relation",
            True,
            "{{filename}}",
        )
    assert routine["reviewed"]["default"] == "{{now}}"
    assert agreement["valid_from"]["default"] == "{{now}}"
    assert "default" not in agreement["valid_until"]
    assert agreement["document"]["media_folder"] == "dokument"
    assert routine["review_every"]["hint"].endswith("Lämna tomt för standard: 1 år.")


@pytest.mark.parametrize("doc_type", ["routine", "template", "partner", "agreement", "page"])
def test_fields_follow_the_order_kb_new_writes(sample: dict[str, Any], doc_type: str) -> None:
    front = (
        TEMPLATES[doc_type]
        .format(title="T", owner="o", today="2026-11-23", parties="p", partners="partners: [p]\n")
        .split("---\n")[1]
    )
    written = re.findall(r"^([a-z_]+):", front, re.MULTILINE)
    order = key_order(doc_type)
    assert [k for k in order if k in written] == written
    if doc_type != "page":
        names = [f["name"] for f in _form(sample, doc_type)]
        assert [k for k in names if k in written] == written


def test_hints_quote_the_editors_guide() -> None:
    guide = re.sub(r"[`*]", "", GUIDE.read_text(encoding="utf-8")).lower()
    hints = [*HINTS.values(), *(h for item in ITEM_HINTS.values() for h in item.values())]
    quoted = [h.guide for h in hints if h.guide]
    assert len(quoted) >= 25
    assert [q for q in quoted if q.lower() not in guide] == []


def test_collections(sample: dict[str, Any]) -> None:
    folders = {c["name"]: c for c in sample["collections"] if "folder" in c}
    assert list(folders) == [
        "rutiner",
        "samverkansparter",
        "overenskommelser",
        "mallar",
        PAGES_COLLECTION,
    ]
    for name, collection in folders.items():
        assert collection["format"] == "kb-frontmatter"
        if name != PAGES_COLLECTION:
            assert (collection["folder"], collection["create"]) == (f"docs/{name}", True)
            assert collection["slug"] == "{{slug}}"
            assert (collection["media_folder"], collection["public_folder"]) == ("bilagor",) * 2
    assert folders[PAGES_COLLECTION]["hide"] is True
    glossary = next(c for c in sample["collections"] if "files" in c)
    assert [f["file"] for f in glossary["files"]] == ["docs/ordlista.md"]
    assert sample["locale"] == "sv"
    assert sample["publish_mode"] == "editorial_workflow"
    assert sample["slug"] == {
        "encoding": "ascii",
        "clean_accents": True,
        "sanitize_replacement": "-",
    }
    assert sample["media_folder"] == "docs/bilagor"
    assert "local_backend" not in sample
    assert sample["backend"]["auth_type"] == "pkce"


def test_types_come_from_the_configuration(make_bank: Any) -> None:
    bank: BankDir = make_bank(
        {
            "mkdocs.yml": "site_name: T\nplugins:\n  - kb:\n      owners: {a: {name: A}}\n"
            "      types: {boende/rutiner: routine, parter: partner, sidor: page}\n"
            "      cms: {backend: gitea, repo: kommun/kb, base_url: 'https://git.example.se/'}\n",
        }
    )
    config = load_config(bank.root / "mkdocs.yml")
    assert config.kb.cms is not None
    data = decap_config(config, config.kb.cms, repo_folder="kb").data
    names = [(c["name"], c.get("folder")) for c in data["collections"]]
    assert names == [
        ("boende-rutiner", "kb/docs/boende/rutiner"),
        ("parter", "kb/docs/parter"),
        ("sidor", "kb/docs/sidor"),
        (PAGES_COLLECTION, "kb/docs"),
    ]
    assert data["backend"]["api_root"] == "https://git.example.se/api/v1"


def test_sample_config_golden(sample: dict[str, Any]) -> None:
    bank = load_bank(ROOT / "mkdocs.yml")
    assert bank.config.kb.cms is not None
    text = decap_config(bank.config, bank.config.kb.cms, glossaries(bank)).yaml()
    compare("cms/config.yml", text)
    assert yaml.safe_load(text) == sample


# --- settings -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cms", "message"),
    [
        (
            "{backend: gitlab, repo: a/b, scrpt: x.js}",
            "line 5: plugins.kb.cms: unknown key 'scrpt' (did you mean 'script'?)",
        ),
        (
            "{backend: gitlb, repo: a/b}",
            "line 5: plugins.kb.cms.backend: expected one of 'gitlab', 'github', 'gitea', "
            "found 'gitlb' (did you mean 'gitlab'?)",
        ),
        (
            "{backend: gitea, repo: a/b}",
            "line 5: plugins.kb.cms.base_url: expected the address of the Gitea server, e.g. "
            "https://git.example.se, found nothing (add 'base_url:' under 'cms:')",
        ),
        (
            "{backend: gitlab, repo: 'https://git.example.se/a/b'}",
            "line 5: plugins.kb.cms.repo: expected the repository as owner/name, e.g. "
            "socialtjansten/kunskapsbanken, found 'https://git.example.se/a/b' (write the group "
            "(or user) and the project, not the web address)",
        ),
        (
            "{backend: github, repo: a/b, script: 'javascript:alert(1)'}",
            "line 5: plugins.kb.cms.script: expected the address of the script, e.g. "
            "https://intranat.example.se/decap/decap-cms.js, found 'javascript:alert(1)'",
        ),
    ],
)
def test_settings_errors(bank: BankDir, cms: str, message: str) -> None:
    bank.write(
        "mkdocs.yml", f"site_name: T\nplugins:\n  - kb:\n      owners: {{}}\n      cms: {cms}\n"
    )
    result = bank.kb("check")
    assert result.exit_code == 2
    assert result.stderr == f"Error: invalid kb configuration in mkdocs.yml: {message}\n"


def test_pinned_and_self_hosted_scripts() -> None:
    pinned = CMSSettings(backend="gitlab", repo="a/b")
    assert (pinned.script, pinned.script_integrity) == (
        "https://unpkg.com/decap-cms@3.16.3/dist/decap-cms.js",
        DECAP.integrity,
    )
    assert pinned.yaml_script_integrity == JS_YAML.integrity
    hosted = CMSSettings(
        backend="gitlab",
        repo="a/b",
        script="/decap/decap-cms.js",
        yaml_script="https://intranat.example.se/js-yaml.min.js",
    )
    assert hosted.script_integrity is None
    assert admin_csp(hosted)["script-src"] == (
        "'self'",
        "'unsafe-eval'",
        "https://intranat.example.se",
    )


def test_csp_of_the_admin_page() -> None:
    settings = CMSSettings(
        backend="gitlab", repo="a/b", base_url="https://git.strandvik.example.se"
    )
    policy = admin_csp(settings)
    assert policy["script-src"] == ("'self'", "'unsafe-eval'", "https://unpkg.com")
    assert policy["connect-src"] == ("'self'", "blob:", "https://git.strandvik.example.se")
    assert set(policy) == set(ADMIN_CSP_SOURCES)
    assert "frame-ancestors" not in csp_text(policy, meta=True)
    local = CMSSettings(backend="github", repo="a/b", local_backend=True)
    assert admin_csp(local)["connect-src"] == (
        "'self'",
        "blob:",
        "https://api.github.com",
        "http://localhost:8081",
    )
    assert csp_text(policy).endswith("frame-ancestors 'none'")


# --- the admin page ------------------------------------------------------------


def test_admin_page_escapes_what_it_embeds(make_bank: Any) -> None:
    bank: BankDir = make_bank(
        {
            "mkdocs.yml": "site_name: 'Bank</title><script>alert(1)</script>'\nplugins:\n  - kb:\n"
            "      owners: {a: {name: '</script><script>alert(2)</script>'}}\n"
            "      cms: {backend: gitlab, repo: a/b}\n",
        }
    )
    config = load_config(bank.root / "mkdocs.yml")
    assert config.kb.cms is not None
    page = admin_files(config, config.kb.cms)["admin/index.html"].decode()
    assert "<script>alert" not in page
    assert "Bank&lt;/title&gt;" in page
    payload = re.search(r'id="kb-cms-data">(.*?)</script>', page, re.DOTALL)
    assert payload is not None
    assert json.loads(payload.group(1))["owners"] == {"a": "</script><script>alert(2)</script>"}
    assert (
        f'<script src="{DECAP.url}" integrity="{DECAP.integrity}" crossorigin="anonymous">' in page
    )


def test_preview_uses_the_built_sites_stylesheets(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(
        '<html><head><link rel="stylesheet" href="assets/stylesheets/main.1a2b.min.css">'
        '<link rel="stylesheet" href="https://fonts.example.org/x.css">'
        '<link rel="stylesheet" href="./assets/kb.css?v=2"></head>'
        '<body data-md-color-scheme="default" data-md-color-primary="teal" dir="ltr"></body></html>'
    )
    look = site_look(tmp_path)
    assert look.stylesheets == ("assets/stylesheets/main.1a2b.min.css", "assets/kb.css")
    assert look.palette == {"data-md-color-scheme": "default", "data-md-color-primary": "teal"}
    config = load_config(ROOT / "mkdocs.yml")
    assert config.kb.cms is not None
    data = page_data(config, decap_config(config, config.kb.cms), look)
    assert data["styles"] == ["../assets/stylesheets/main.1a2b.min.css", "../assets/kb.css"]


def test_repo_folder(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "banker" / "kb").mkdir(parents=True)
    assert repo_folder(tmp_path) == ""
    assert repo_folder(tmp_path / "banker" / "kb") == "banker/kb"
    (tmp_path / ".intern").mkdir()
    assert repo_folder(tmp_path / ".intern") == ".intern"
