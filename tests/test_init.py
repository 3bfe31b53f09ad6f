"""`kb init` on an existing MkDocs site: the kb plugin is added and every
other byte of mkdocs.yml stays as it was."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kb_tools.config import load_config
from kb_tools.config.mkdocs_yaml import read_yaml_file
from kb_tools.init import OwnerError, parse_owner

from .conftest import BankDir

OWNER = "Enhetschef boende <boende@example.se>"
ENTRY = '{name: "Enhetschef boende", email: "boende@example.se"}'


def _inserted(old: bytes, new: bytes) -> bytes:
    """The one contiguous piece *new* adds to *old*; fails if anything else changed."""
    prefix = 0
    while prefix < len(old) and old[prefix] == new[prefix]:
        prefix += 1
    added = len(new) - len(old)
    assert added > 0
    assert new[prefix + added :] == old[prefix:], "bytes outside the insertion changed"
    return new[prefix : prefix + added]


def _site(tmp_path: Path, mkdocs_yml: bytes) -> BankDir:
    site = BankDir(tmp_path)
    (tmp_path / "mkdocs.yml").write_bytes(mkdocs_yml)
    site.write("docs/index.md", "# Start\n")
    return site


CASES: dict[str, tuple[bytes, bytes, list[str]]] = {
    # name: (mkdocs.yml, what kb init inserts, the plugins MkDocs then loads)
    "no plugins key": (
        b"site_name: Docs\n# Theme settings\ntheme:\n  name: material\n"
        b"extra:\n  analytics: !ENV [ANALYTICS, none]\n",
        b"plugins:\n  - search\n  - kb:\n      owners:\n        enhetschef-boende: "
        + ENTRY.encode()
        + b"\n",
        ["search", "kb"],
    ),
    "empty plugins key": (
        b"site_name: Docs\nplugins:\nnav:\n  - index.md\n",
        b"  - search\n  - kb:\n      owners:\n        enhetschef-boende: " + ENTRY.encode() + b"\n",
        ["search", "kb"],
    ),
    "block list with options, comments and python tags": (
        b"site_name: Docs\nplugins:\n  - search:\n      lang: sv\n  - tags\n\n"
        b"# Extensions\nmarkdown_extensions:\n  - toc:\n      slugify: "
        b"!!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}\n"
        b"  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji."
        b"twemoji\n",
        b"  - kb:\n      owners:\n        enhetschef-boende: " + ENTRY.encode() + b"\n",
        ["search", "tags", "kb"],
    ),
    "indentless block list": (
        b"site_name: Docs\nplugins:\n- search\n- 'tags'  # quoted on purpose\n",
        b"- kb:\n    owners:\n      enhetschef-boende: " + ENTRY.encode() + b"\n",
        ["search", "tags", "kb"],
    ),
    "flow list": (
        b"site_name: Docs\nplugins: [search, tags]  # keep\n",
        b", {kb: {owners: {enhetschef-boende: " + ENTRY.encode() + b"}}}",
        ["search", "tags", "kb"],
    ),
    "flow list over lines with a trailing comma": (
        b"site_name: Docs\nplugins: [\n  search,\n  tags,\n]\n",
        b"{kb: {owners: {enhetschef-boende: " + ENTRY.encode() + b"}}}",
        ["search", "tags", "kb"],
    ),
    "empty flow list keeps search off": (
        b"site_name: Docs\nplugins: []",
        b"{kb: {owners: {enhetschef-boende: " + ENTRY.encode() + b"}}}",
        ["kb"],
    ),
    "block mapping with CRLF": (
        b"site_name: Docs\r\nplugins:\r\n  search: {}\r\n  tags:\r\n    enabled: true\r\n",
        b"  kb:\r\n    owners:\r\n      enhetschef-boende: " + ENTRY.encode() + b"\r\n",
        ["search", "tags", "kb"],
    ),
    "flow mapping": (
        b"site_name: Docs\nplugins: {search: {}}\n",
        b", kb: {owners: {enhetschef-boende: " + ENTRY.encode() + b"}}",
        ["search", "kb"],
    ),
    "no newline at the end and a BOM": (
        b"\xef\xbb\xbfsite_name: 'Docs'\nplugins:\n  - search",
        b"\n  - kb:\n      owners:\n        enhetschef-boende: " + ENTRY.encode() + b"\n",
        ["search", "kb"],
    ),
}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_init_inserts_only_the_plugin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    monkeypatch.delenv("ANALYTICS", raising=False)
    original, expected, plugins = CASES[case]
    site = _site(tmp_path, original)
    result = site.kb("init", "--owner", OWNER)
    assert result.exit_code == 0, result.stderr
    written = (tmp_path / "mkdocs.yml").read_bytes()
    assert _inserted(original, written) == expected
    data, _ = read_yaml_file(tmp_path / "mkdocs.yml")
    names = [next(iter(p)) if isinstance(p, dict) else p for p in data["plugins"]]
    assert names == plugins
    config = load_config(tmp_path / "mkdocs.yml")
    assert config.kb.owners["enhetschef-boende"].email == "boende@example.se"
    assert site.kb("check").exit_code == 0


def test_init_reports_and_proposes_extra_keys(tmp_path: Path) -> None:
    site = _site(tmp_path, b"site_name: Docs\ntheme:\n  name: material\n")
    for number in range(4):
        site.write(
            f"docs/guide/sida-{number}.md",
            f"---\nauthors: [Anna]\nsource_url: https://example.se/{number}\n---\n# Sida\n",
        )
    site.write("docs/om.md", "---\nauthors: [Bo]\ntilte: Om\nrender_macros: false\n---\n")
    site.write("docs/trasig.md", "---\ntitle: [\n---\n")
    result = site.kb("init", "--owner", OWNER)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.output == (
        "Added the kb plugin to mkdocs.yml (lines 4-8).\n"
        "Owner 'enhetschef-boende': Enhetschef boende <boende@example.se>.\n"
        "\n"
        "The site has 7 pages.\n"
        "The front matter of 1 page cannot be read; kb check says why.\n"
        "Front-matter keys of the site's own, found on 3 pages or more:\n"
        "  authors     5 pages\n"
        "  source_url  4 pages\n"
        "Pages without a type may carry them as they are. Before pages get a type\n"
        "(plugins.kb.types), declare the ones that are the site's own under the kb plugin:\n"
        "      extra_keys: [authors, source_url]\n"
        "\n"
        "Next steps:\n"
        "  1. kb check --statistics\n"
        "     what kb finds, counted by kind\n"
        "  2. kb check --write-baseline kb-baseline.json\n"
        "     record today's findings; then kb check --baseline kb-baseline.json\n"
        "     (in CI) fails only on new ones\n"
        "  3. map folders to document types under plugins.kb.types\n"
        "     (e.g. rutiner: routine), and give those pages an owner and a reviewed date\n"
    )


def test_an_adopted_site_may_name_an_owner_without_an_address(tmp_path: Path) -> None:
    site = _site(tmp_path, b"site_name: Docs\n")
    result = site.kb("init", "--owner", "Redaktionen", "--owner", OWNER)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.output.splitlines()[1:3] == [
        "Owner 'redaktionen': Redaktionen.",
        "Owner 'enhetschef-boende': Enhetschef boende <boende@example.se>.",
    ]
    owners = load_config(tmp_path / "mkdocs.yml").kb.owners
    assert {k: (o.name, o.email) for k, o in owners.items()} == {
        "redaktionen": ("Redaktionen", None),
        "enhetschef-boende": ("Enhetschef boende", "boende@example.se"),
    }


def test_init_without_owner(tmp_path: Path) -> None:
    site = _site(tmp_path, b"site_name: Docs\n")
    result = site.kb("init")
    assert result.exit_code == 0
    assert result.output.splitlines()[:2] == [
        "Added the kb plugin to mkdocs.yml (lines 2-5).",
        "No owner yet: declare one under plugins.kb.owners before pages get a type.",
    ]
    assert (tmp_path / "mkdocs.yml").read_text() == (
        "site_name: Docs\nplugins:\n  - search\n  - kb:\n      owners: {}\n"
    )


def test_init_refuses_to_run_twice(tmp_path: Path) -> None:
    site = _site(tmp_path, b"site_name: Docs\n")
    assert site.kb("init", "--owner", OWNER).exit_code == 0
    before = (tmp_path / "mkdocs.yml").read_bytes()
    again = site.kb("init", "--owner", OWNER)
    assert (again.exit_code, again.output) == (2, "")
    assert again.stderr == (
        "Error: mkdocs.yml already enables the 'kb' plugin; kb init changes nothing\n"
        "  hint: run kb check to see what it finds\n"
    )
    assert (tmp_path / "mkdocs.yml").read_bytes() == before


@pytest.mark.parametrize(
    ("files", "args", "expected"),
    [
        (
            {"mkdocs.yml": "site_name: Docs\n"},
            ("--owner", "Enhetschef <inte en adress>"),
            "Error: --owner 'Enhetschef <inte en adress>': 'inte en adress' is not an email "
            "address (An email address must have an @-sign)\n",
        ),
        (
            {"mkdocs.yml": "site_name: Docs\n"},
            ("--owner", "<>"),
            "Error: --owner '<>': the owner needs a name before the address, a role such as "
            "'Redaktionen', as in 'Redaktionen <redaktionen@kommun.example.se>'\n",
        ),
        (
            {"base.yml": "plugins: [search, tags]\n", "mkdocs.yml": "INHERIT: base.yml\n"},
            (),
            "Error: the plugins of mkdocs.yml come from base.yml (INHERIT)\n"
            "  hint: add the kb plugin to base.yml, or copy its plugins list into mkdocs.yml "
            "and run kb init again\n",
        ),
        (
            {"mkdocs.yml": "site_name: Docs\nplugins: search\n"},
            (),
            "Error: mkdocs.yml:2: 'plugins' must be a list or a mapping\n"
            "  hint: fix it by hand, then run kb init again\n",
        ),
        (
            {"mkdocs.yml": "site_name: Docs\ndocs_dir: saknas\n"},
            (),
            "Error: the docs folder saknas does not exist\n"
            "  hint: kb init adopts an existing MkDocs site: run it where mkdocs.yml and its "
            "docs are\n",
        ),
    ],
    ids=["bad email", "no name", "inherited plugins", "plugins a string", "no docs"],
)
def test_init_errors_leave_mkdocs_yml_alone(
    tmp_path: Path, files: dict[str, str], args: tuple[str, ...], expected: str
) -> None:
    site = BankDir(tmp_path)
    for name, content in files.items():
        site.write(name, content)
    site.write("docs/index.md", "# Start\n")
    before = (tmp_path / "mkdocs.yml").read_bytes()
    result = site.kb("init", *args)
    assert (result.exit_code, result.stderr) == (2, expected.format(root=tmp_path))
    assert (tmp_path / "mkdocs.yml").read_bytes() == before


def test_init_without_mkdocs_yml_starts_a_new_bank(tmp_path: Path) -> None:
    # Without a site to adopt, kb init makes a new bank, which needs an owner.
    result = BankDir(tmp_path).kb("init")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: a new bank needs at least one owner")
    assert list(tmp_path.iterdir()) == []


def test_owner_ids_are_made_from_the_name() -> None:
    assert parse_owner("Samordnare Etablering <samordnare@example.se>").id == (
        "samordnare-etablering"
    )
    # A site being adopted may name a role alone; a new bank may not.
    owner = parse_owner("Enhetschef stödboende", email_required=False)
    assert (owner.id, owner.name, owner.email) == (
        "enhetschef-stodboende",
        "Enhetschef stödboende",
        None,
    )
    with pytest.raises(OwnerError) as refusal:
        parse_owner("Enhetschef stödboende")
    assert str(refusal.value) == (
        "--owner 'Enhetschef stödboende': expected a role's name and its email address, as in "
        "'Redaktionen <redaktionen@kommun.example.se>'"
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_init_reads_the_pages_kb_check_reads(tmp_path: Path) -> None:
    """The survey walks docs/ as the check does: a named pipe or a link to
    /dev/zero is never opened (kb init would wait or fill the memory)."""
    site = _site(tmp_path, b"site_name: Docs\n")
    site.write("docs/sida.md", "---\nauthors: [Anna]\n---\n# Sida\n")
    os.mkfifo(tmp_path / "docs" / "ror.md")
    (tmp_path / "docs" / "noll.md").symlink_to("/dev/zero")
    result = subprocess.run(
        [sys.executable, "-m", "kb_tools.cli", "init", "--owner", OWNER],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "The site has 2 pages.\n" in result.stdout
