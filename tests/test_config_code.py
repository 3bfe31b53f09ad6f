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
    "  hint: kb reads mkdocs.yml without running code from it: use !!python/name: only with a "
    "function of the packages it trusts (markdown, pymdownx, material), and "
    "!!python/object/apply: only with pymdownx.arithmatex.arithmatex_fenced_format, "
    "pymdownx.arithmatex.arithmatex_inline_format, pymdownx.slugs.slugify\n"
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
    assert refused.value.message.render() == (
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
    assert refused.value.message.render() == f"mkdocs.yml:3:6: {problem}"


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
    assert refused.value.message.render().startswith(
        "mkdocs.yml:1:4: 'pymdownx.slugs.slugify' refused its arguments: "
    )


def test_the_loader_is_pyyamls_safe_loader() -> None:
    from kb_tools.config import mkdocs_yaml

    assert issubclass(mkdocs_yaml._ConfigLoader, yaml.SafeLoader)


# -- packages the person who runs kb trusts (KB_TRUSTED_PACKAGES) ----------------------

FENCES = '''\
"""A site's own Markdown helpers, outside the packages kb trusts."""

from os import system as run  # noqa: F401  (a name a tag must not reach through this package)


def fence(source, language, css_class, options, md, **kwargs):
    return f"<div class='{css_class}'>{source}</div>"
'''
OWN_FENCE = MKDOCS_YML + (
    "  - pymdownx.superfences:\n"
    "      custom_fences:\n"
    "        - name: flow\n"
    "          class: flow\n"
    "          format: !!python/name:kbfences.fence\n"
)

REFUSED_OWN_FENCE = (
    "Error: mkdocs.yml:18:19: the tag '!!python/name:kbfences.fence' names "
    "'kbfences.fence', which is outside the packages kb trusts in mkdocs.yml (markdown, "
    "pymdownx, material)\n"
    "  hint: kb imports only the packages it trusts while it reads mkdocs.yml: if you trust "
    "'kbfences', name it in the environment variable KB_TRUSTED_PACKAGES where kb runs "
    "(KB_TRUSTED_PACKAGES=kbfences); the repository cannot set it\n"
)


@pytest.fixture
def own_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A package ``kbfences`` on sys.path, as a site's own helpers are."""
    folder = tmp_path / "paket"
    (folder / "kbfences").mkdir(parents=True)
    (folder / "kbfences" / "__init__.py").write_text(FENCES, encoding="utf-8")
    monkeypatch.syspath_prepend(str(folder))
    return folder


@pytest.mark.usefixtures("own_package")
def test_a_package_of_the_sites_own_is_refused_and_the_hint_says_how_to_trust_it(
    bank: BankDir,
) -> None:
    bank.write("mkdocs.yml", OWN_FENCE)
    result = bank.kb("check")
    assert result.exit_code == 2
    assert result.stderr == REFUSED_OWN_FENCE


@pytest.mark.usefixtures("own_package")
def test_kb_trusted_packages_lets_kb_read_the_sites_own_functions(
    bank: BankDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    bank.write("mkdocs.yml", OWN_FENCE)
    bank.write("docs/rutiner/ankomst.md", ROUTINE + "\n```flow\nA -> B\n```\n")
    monkeypatch.setenv("KB_TRUSTED_PACKAGES", " mermaid2, kbfences ,")
    data, _ = read_yaml_file(bank.root / "mkdocs.yml")
    fences = data["markdown_extensions"][2]["pymdownx.superfences"]["custom_fences"]
    assert fences[0]["format"].__module__ == "kbfences"
    result = bank.kb("check")
    assert (result.exit_code, result.output, result.stderr) == (0, "No problems found.\n", "")
    built = bank.kb("build", "-q", "--today", "2026-11-23")
    assert built.exit_code == 0, built.stderr
    page = (bank.root / "site" / "rutiner" / "ankomst" / "index.html").read_text("utf-8")
    assert '<div class="flow">A -&gt; B</div>' in page


@pytest.mark.usefixtures("own_package")
def test_a_trusted_package_does_not_lend_its_trust_to_what_it_imports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KB_TRUSTED_PACKAGES", "kbfences")
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: A\nextra:\n  x: !!python/name:kbfences.run\n")
    with pytest.raises(ConfigError) as refused:
        read_yaml_file(config)
    assert str(refused.value) == (
        "mkdocs.yml:3:6: the tag '!!python/name:kbfences.run' leads to 'posix', which is "
        "outside the packages kb trusts in mkdocs.yml (markdown, pymdownx, material, kbfences)\n"
        "  hint: kb reads mkdocs.yml without running code from it: use !!python/name: only with "
        "a function of the packages it trusts (markdown, pymdownx, material, kbfences), and "
        "!!python/object/apply: only with pymdownx.arithmatex.arithmatex_fenced_format, "
        "pymdownx.arithmatex.arithmatex_inline_format, pymdownx.slugs.slugify"
    )


@pytest.mark.parametrize("name", ["mermaid2.fence_mermaid", "os", "builtins", "subprocess"])
def test_kb_trusted_packages_takes_only_names_of_packages_outside_the_standard_library(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.setenv("KB_TRUSTED_PACKAGES", f"mermaid2,{name}")
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: A\nextra:\n  x: !!python/name:mermaid2.fence_mermaid\n")
    with pytest.raises(ConfigError) as refused:
        read_yaml_file(config)
    why = (
        "which is not the name of a package" if "." in name
        else "a module of Python's standard library, which kb never trusts in mkdocs.yml"
    )
    assert str(refused.value) == (
        f"mkdocs.yml: the environment variable KB_TRUSTED_PACKAGES names '{name}', {why}\n"
        "  hint: write the top-level names of packages, separated by commas, such as "
        "KB_TRUSTED_PACKAGES=mermaid2"
    )


def test_a_name_in_the_standard_library_is_never_offered_to_be_trusted(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: A\nextra:\n  x: !!python/name:subprocess.run\n")
    with pytest.raises(ConfigError) as refused:
        read_yaml_file(config)
    assert str(refused.value) == (
        "mkdocs.yml:3:6: the tag '!!python/name:subprocess.run' names 'subprocess.run', which is "
        "outside the packages kb trusts in mkdocs.yml (markdown, pymdownx, material)\n"
        + HINT.removesuffix("\n")
    )


@pytest.mark.usefixtures("own_package")
def test_the_repository_cannot_trust_a_package(bank: BankDir) -> None:
    """mkdocs.yml's !ENV reads the environment but cannot set it: a
    repository that names KB_TRUSTED_PACKAGES in its files trusts nothing."""
    bank.write("mkdocs.yml", OWN_FENCE + "extra:\n  KB_TRUSTED_PACKAGES: kbfences\n")
    bank.write(".env", "KB_TRUSTED_PACKAGES=kbfences\n")
    result = bank.kb("check")
    assert result.exit_code == 2
    assert result.stderr == REFUSED_OWN_FENCE
