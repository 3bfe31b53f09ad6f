"""No kb command runs code from mkdocs.yml.

MkDocs reads mkdocs.yml with PyYAML's unsafe loader: a
``!!python/object/apply:os.system`` in it ran a command in ``kb check``,
``kb review``, ``kb search``, ``kb index``, ``kb build`` and ``kb init``
(adopting the site). kb reads the file with the safe loader and the few
Python tags Markdown settings need; everything else is a configuration
error (exit 2) with its line, and the command has not run.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kb_tools.config import ConfigError, load_config
from kb_tools.config.mkdocs_yaml import read_yaml_file

from .conftest import MKDOCS_YML, ROUTINE, BankDir

HINT = (
    "  hint: kb reads mkdocs.yml without running code from it: use !!python/name: with a "
    "function of markdown, pymdownx or material, or !!python/object/apply: with "
    "pymdownx.arithmatex.arithmatex_fenced_format, pymdownx.arithmatex.arithmatex_inline_format, "
    "pymdownx.slugs.slugify\n"
)


def _hostile(marker: Path) -> str:
    return MKDOCS_YML.replace(
        "site_name: Testbanken\n",
        f"site_name: Testbanken\nextra:\n  x: !!python/object/apply:os.system ['touch {marker}']\n",
    )


@pytest.mark.parametrize(
    "command",
    [
        ["check"],
        ["review"],
        ["search", "ankomst"],
        ["index"],
        ["build"],
        ["init", "--no-git", "--ci", "none", "--owner", "Red <red@example.se>"],
    ],
    ids=lambda argv: argv[0],
)
def test_no_command_runs_code_from_mkdocs_yml(
    bank: BankDir, tmp_path: Path, command: list[str]
) -> None:
    marker = tmp_path.parent / f"{tmp_path.name}-ran"
    if command[0] == "init":
        # A site that is not yet a bank: kb init adopts it.
        bank.write("mkdocs.yml", "site_name: A\nextra:\n  x: !!python/object/apply:os.system "
                   f"['touch {marker}']\n")
        bank.write("docs/index.md", "# Hem\n")
    else:
        bank.write("mkdocs.yml", _hostile(marker))
        bank.write("docs/rutiner/ankomst.md", ROUTINE)
    result = bank.kb(*command)
    assert not marker.exists()
    assert result.exit_code == 2
    assert result.stderr.endswith(
        "mkdocs.yml:3:6: the tag '!!python/object/apply:os.system' would run 'os.system' "
        f"while mkdocs.yml is read\n{HINT}"
    )


def test_an_inherited_file_is_read_the_same_way(bank: BankDir, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    bank.write("base.yml", f"extra:\n  x: !!python/object/new:os.system ['touch {marker}']\n")
    bank.write("mkdocs.yml", "INHERIT: base.yml\n" + MKDOCS_YML)
    with pytest.raises(ConfigError) as refused:
        load_config(bank.root / "mkdocs.yml")
    assert refused.value.message == (
        "base.yml:2:6: the tag '!!python/object/new:os.system' would make Python objects while "
        "mkdocs.yml is read"
    )
    assert not marker.exists()


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (
            "!!python/name:os.system",
            "the tag '!!python/name:os.system' names 'os.system', which is outside the packages "
            "kb trusts in mkdocs.yml (markdown, pymdownx, material)",
        ),
        (
            "!!python/name:markdown.extensions.toc.re.compile",
            "the tag '!!python/name:markdown.extensions.toc.re.compile' leads to 're', which is "
            "outside the packages kb trusts in mkdocs.yml (markdown, pymdownx, material)",
        ),
        (
            "!!python/object/apply:markdown.markdownFromFile {kwds: {input: /etc/passwd}}",
            "the tag '!!python/object/apply:markdown.markdownFromFile' would run "
            "'markdown.markdownFromFile' while mkdocs.yml is read",
        ),
        (
            "!!python/object:pymdownx.slugs.slugify {}",
            "the tag '!!python/object:pymdownx.slugs.slugify' would make Python objects while "
            "mkdocs.yml is read",
        ),
        (
            "!!python/module:os",
            "the tag '!!python/module:os' would make Python objects while mkdocs.yml is read",
        ),
    ],
)
def test_python_tags_that_are_not_markdown_settings_are_refused(
    tmp_path: Path, value: str, problem: str
) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"site_name: A\nextra:\n  x: {value}\n")
    with pytest.raises(ConfigError) as refused:
        read_yaml_file(config)
    assert refused.value.message == f"mkdocs.yml:3:6: {problem}"


def test_the_markdown_settings_sites_use_still_work(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "markdown_extensions:\n"
        "  - toc:\n"
        "      slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}\n"
        "  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "      emoji_generator: !!python/name:material.extensions.emoji.to_svg\n"
        "  - pymdownx.superfences:\n"
        "      custom_fences:\n"
        "        - name: mermaid\n"
        "          class: mermaid\n"
        "          format: !!python/name:pymdownx.superfences.fence_code_format\n"
        "  - pymdownx.arithmatex:\n"
        "      generic: !!python/tuple [true]\n"
    )
    data, _ = read_yaml_file(config)
    toc, emoji, fences, arithmatex = (next(iter(e.values())) for e in data["markdown_extensions"])
    assert toc["slugify"]("Rutin för Ankomst", "-") == "rutin-för-ankomst"
    assert emoji["emoji_index"].__name__ == "twemoji"
    assert fences["custom_fences"][0]["format"].__name__ == "fence_code_format"
    assert arithmatex["generic"] == (True,)


def test_a_factory_with_arguments_it_refuses_is_a_configuration_error(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text("x: !!python/object/apply:pymdownx.slugs.slugify [1, 2]\n")
    with pytest.raises(ConfigError) as refused:
        read_yaml_file(config)
    assert refused.value.message.startswith(
        "mkdocs.yml:1:4: 'pymdownx.slugs.slugify' refused its arguments: "
    )


def test_the_loader_is_pyyamls_safe_loader() -> None:
    from kb_tools.config import mkdocs_yaml

    assert issubclass(mkdocs_yaml._ConfigLoader, yaml.SafeLoader)
