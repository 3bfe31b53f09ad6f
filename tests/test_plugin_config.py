"""The MkDocs plugin reads its configuration once, as a typed config, and
gets the audience and the day from it: kb build and kb serve never go
through the environment, and kb serve leaves it as it found it."""

from __future__ import annotations

import os
import threading
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from mkdocs.config import load_config as mkdocs_load_config
from mkdocs.exceptions import Abort, PluginError

from kb_tools.config import load_config
from kb_tools.model import PUBLIC
from kb_tools.site.mkdocs import config as plugin_config
from kb_tools.site.mkdocs import serve as serve_module
from kb_tools.site.mkdocs.build import build_site
from kb_tools.site.mkdocs.config import KBPluginConfig, RunSettings, run_settings
from kb_tools.site.mkdocs.plugin import KBPlugin

from .conftest import BankDir, MakeBank

DAY = date(2026, 11, 23)
OVERDUE = """\
---
title: Ankomst
owner: enhetschef-boende
reviewed: 2025-01-10
---
# Ankomst

Text.
"""
PUBLIC_PAGE = """\
---
title: Öppen rutin
owner: enhetschef-boende
reviewed: 2026-09-01
visibility: public
---
# Öppen rutin

Text.
"""


def _plugin(config_file: Path) -> KBPlugin:
    plugin = mkdocs_load_config(config_file=str(config_file)).plugins["kb"]
    assert isinstance(plugin, KBPlugin)
    return plugin


def test_the_plugin_config_is_typed_and_holds_the_library_config(bank: BankDir) -> None:
    plugin = _plugin(bank.root / "mkdocs.yml")
    assert isinstance(plugin.config, KBPluginConfig)
    assert plugin.config.library.kb.owners["samordnare"].name == "Samordnare etablering"
    assert plugin.config.library.docs_dir == (bank.root / "docs").resolve()
    assert (plugin.config.audience, plugin.config.today) == (None, None)


def test_the_bank_options_are_read_once_per_load(
    make_bank: MakeBank, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    bank = make_bank({"rutiner/ankomst.md": OVERDUE})
    reads: list[Path] = []
    real = plugin_config.load_config

    def counting(path: Path | None = None) -> Any:
        reads.append(Path(str(path)))
        return real(path)

    monkeypatch.setattr(plugin_config, "load_config", counting)
    build_site(load_config(bank.root / "mkdocs.yml"), tmp_path / "site", today=DAY)
    assert reads == [bank.root / "mkdocs.yml"]


def test_the_library_messages_name_their_line(bank: BankDir) -> None:
    text = (bank.root / "mkdocs.yml").read_text()
    bank.write("mkdocs.yml", text.replace("email: boende@example.se", "email: boende"))
    with pytest.raises(Abort):
        mkdocs_load_config(config_file=str(bank.root / "mkdocs.yml"))
    errors, _ = KBPlugin().load_config({}, str(bank.root / "mkdocs.yml"))
    assert [(key, str(error)) for key, error in errors] == [
        (
            "kb",
            "invalid kb configuration in mkdocs.yml: line 8: "
            "plugins.kb.owners.enhetschef-boende.email: expected an email address, found "
            "'boende' (An email address must have an @-sign)",
        )
    ]


def test_the_build_settings_cannot_be_written_in_mkdocs_yml(bank: BankDir) -> None:
    text = (bank.root / "mkdocs.yml").read_text()
    bank.write("mkdocs.yml", text.replace("  - kb:\n", "  - kb:\n      today: 2026-01-01\n"))
    errors, _ = KBPlugin().load_config({"today": "2026-01-01"}, str(bank.root / "mkdocs.yml"))
    assert [(key, str(error)) for key, error in errors] == [
        (
            "kb",
            "invalid kb configuration in mkdocs.yml: line 7: plugins.kb: unknown key 'today'",
        )
    ]


def test_plain_mkdocs_falls_back_to_the_documented_variables(
    bank: BankDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KB_AUDIENCE", "public")
    monkeypatch.setenv("KB_TODAY", "2026-05-04")
    plugin = _plugin(bank.root / "mkdocs.yml")
    assert (plugin.config.build_audience(), plugin.config.build_day()) == (
        PUBLIC,
        date(2026, 5, 4),
    )
    monkeypatch.setenv("KB_TODAY", "i morgon")
    with pytest.raises(PluginError) as raised:
        plugin.config.build_day()
    assert str(raised.value) == "KB_TODAY: expected a date YYYY-MM-DD, found 'i morgon'"


def test_kb_build_sets_audience_and_day_in_the_config_not_the_environment(
    make_bank: MakeBank, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    bank = make_bank({"rutiner/ankomst.md": OVERDUE, "rutiner/oppen.md": PUBLIC_PAGE})
    # What a shell may hold must not change what kb build was asked for.
    monkeypatch.setenv("KB_AUDIENCE", "internal")
    monkeypatch.setenv("KB_TODAY", "2020-01-01")
    before = dict(os.environ)
    seen: list[tuple[str, date, str | None]] = []
    real = KBPlugin.on_config

    def recording(self: KBPlugin, config: Any) -> Any:
        result = real(self, config)
        seen.append((self.audience.name, self.today, os.environ.get("KB_AUDIENCE")))
        return result

    monkeypatch.setattr(KBPlugin, "on_config", recording)
    site = build_site(load_config(bank.root / "mkdocs.yml"), tmp_path / "pub", public=True,
                      today=DAY)
    assert seen == [("public", DAY, "internal")]
    assert dict(os.environ) == before
    assert (site / "rutiner" / "oppen" / "index.html").is_file()
    assert not (site / "rutiner" / "ankomst").exists()
    internal = build_site(load_config(bank.root / "mkdocs.yml"), tmp_path / "int", today=DAY)
    page = (internal / "rutiner" / "ankomst" / "index.html").read_text()
    # Overdue as of the day asked for, not as of KB_TODAY (2020): the banner shows.
    assert "data-kb-overdue-banner>" in page
    assert "data-kb-overdue-banner hidden" not in page


def test_kb_serve_leaves_the_environment_as_it_found_it(
    bank: BankDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KB_TODAY", raising=False)
    monkeypatch.delenv("NO_MKDOCS_2_WARNING", raising=False)
    before = dict(os.environ)
    served: dict[str, Any] = {}

    def fake_serve(*, config_file: str, dev_addr: str, livereload: bool) -> None:
        # What MkDocs does: load the config for the first build, and again
        # for each rebuild on the watcher's thread.
        served["environment"] = dict(os.environ)
        served["first"] = _plugin(Path(config_file)).config.build_day()
        rebuild: list[date] = []
        thread = threading.Thread(
            target=lambda: rebuild.append(_plugin(Path(config_file)).config.build_day())
        )
        thread.start()
        thread.join()
        served["rebuild"] = rebuild[0]
        served["dev_addr"] = dev_addr

    monkeypatch.setattr(serve_module, "mkdocs_serve", fake_serve)
    serve_module.serve(load_config(bank.root / "mkdocs.yml"), "127.0.0.1:8123", DAY)
    assert dict(os.environ) == before
    assert "KB_TODAY" not in served["environment"]
    assert "KB_SERVE" not in served["environment"]
    assert (served["first"], served["rebuild"], served["dev_addr"]) == (DAY, DAY, "127.0.0.1:8123")
    # After serving, a plain load judges by the real date again.
    assert _plugin(bank.root / "mkdocs.yml").config.today is None


def test_run_settings_end_with_the_run(bank: BankDir) -> None:
    with run_settings(RunSettings(PUBLIC, DAY)):
        inside = _plugin(bank.root / "mkdocs.yml").config
        assert (inside.audience, inside.today) == ("public", DAY)
    outside = _plugin(bank.root / "mkdocs.yml").config
    assert (outside.audience, outside.today) == (None, None)


def test_the_plugin_knows_from_mkdocs_whether_it_serves() -> None:
    plugin = KBPlugin()
    plugin.on_startup(command="serve", dirty=False)
    assert plugin.serving
    plugin.on_startup(command="build", dirty=False)
    assert not plugin.serving


def test_the_old_import_path_still_names_the_plugin() -> None:
    from kb_tools.site.plugin import KBPlugin as Alias

    assert Alias is KBPlugin
