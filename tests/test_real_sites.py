"""Content nobody here wrote: one fixture per false alarm that real MkDocs
sites and a converted municipal corpus raised, and the rule that silences it
while keeping the real problems."""

from __future__ import annotations

import json
import os
import textwrap
from pathlib import Path

import pytest

from kb_tools.config import load_config
from kb_tools.model import Bank
from kb_tools.model import parallel as parallel_loading

from .conftest import MKDOCS_YML, ROUTINE, BankDir, MakeBank
from .test_checks import LONG_TEXT, PARTNER, routine

# -- implicit ids ---------------------------------------------------------------


def test_colliding_file_names_are_not_duplicate_ids(make_bank: MakeBank) -> None:
    bank = make_bank(
        {
            "tjanster/boende/faq.md": "# Vanliga frågor\n",
            "tjanster/skola/faq.md": "# Vanliga frågor\n",
            "rutiner/boende/ankomst.md": ROUTINE,
            "rutiner/skola/ankomst.md": ROUTINE,
        }
    )
    assert bank.kb("check").output == "No problems found.\n"


def test_a_reference_to_an_ambiguous_id_names_the_candidates(make_bank: MakeBank) -> None:
    bank = make_bank(
        {
            "tjanster/boende/faq.md": "# Vanliga frågor\n",
            "tjanster/skola/faq.md": "# Vanliga frågor\n",
            "rutiner/a.md": routine(related="[faq]"),
        }
    )
    assert bank.check() == (
        "docs/rutiner/a.md:5:11: KB201 error: 'related' refers to 'faq', which is the id of "
        "2 pages: docs/tjanster/boende/faq.md, docs/tjanster/skola/faq.md\n"
        "  hint: give the page you mean a unique 'id:' and refer to that"
    )


def test_an_ambiguous_id_resolves_nowhere(make_bank: MakeBank) -> None:
    bank_dir = make_bank(
        {
            "tjanster/boende/faq.md": "# Vanliga frågor\n",
            "tjanster/skola/faq.md": "# Vanliga frågor\n",
            "rutiner/a.md": routine(related="[faq]"),
        }
    )
    bank = Bank.load(load_config(bank_dir.root / "mkdocs.yml"), use_cache=False)
    assert bank.get("faq") is None
    assert bank.is_ambiguous("faq")
    assert [d.path for d in bank.candidates("faq")] == [
        "docs/tjanster/boende/faq.md",
        "docs/tjanster/skola/faq.md",
    ]
    # Backlinks (the site's "Här används sidan") do not pick one of them.
    assert [bank.backlinks(d) for d in bank.candidates("faq")] == [[], []]
    # Exports name each page apart.
    assert [bank.key(d) for d in bank.candidates("faq")] == [
        "tjanster-boende-faq",
        "tjanster-skola-faq",
    ]
    assert bank.key(bank.by_src["rutiner/a.md"]) == "a"


def test_partner_references_mean_the_partner_page(make_bank: MakeBank) -> None:
    bank = make_bank(
        {
            "samverkansparter/lernia.md": PARTNER,
            "rutiner/lernia.md": ROUTINE,
            "rutiner/a.md": routine(partners="[lernia]"),
        }
    )
    assert bank.kb("check").output == "No problems found.\n"


def test_a_declared_id_names_its_page_and_is_reported_when_taken(make_bank: MakeBank) -> None:
    bank_dir = make_bank(
        {
            "rutiner/ankomst.md": ROUTINE,
            "mallar/samtal.md": routine(id="ankomst"),
            "rutiner/b.md": routine(related="[ankomst]"),
        }
    )
    assert bank_dir.check() == (
        "docs/mallar/samtal.md:5:5: KB104 error: duplicate id 'ankomst' (set with 'id:'): also "
        "the id of docs/rutiner/ankomst.md\n"
        "  hint: give one of the pages a unique 'id:' (or rename the file)"
    )
    bank = Bank.load(load_config(bank_dir.root / "mkdocs.yml"), use_cache=False)
    assert bank.get("ankomst") is bank.by_src["mallar/samtal.md"]


# -- a site's own front-matter keys ----------------------------------------------------

SITE_PAGE = """\
---
title: Om tjänsten
authors: [Anna]
reviewers: [Bo]
source_url: https://example.se/om
source_file: om.docx
---
# Om tjänsten
"""


def test_own_keys_on_untyped_pages_are_not_reported(make_bank: MakeBank) -> None:
    assert make_bank({"om.md": SITE_PAGE}).kb("check").output == "No problems found.\n"


def test_a_misspelt_key_on_an_untyped_page_is_reported(make_bank: MakeBank) -> None:
    bank = make_bank(
        {
            "om.md": SITE_PAGE.replace("title:", "Titel:") + "\n",
            "b.md": "---\ntilte: B\nsumary: x\n---\n",
        }
    )
    assert bank.check() == (
        "docs/b.md:2:1: KB103 warning: unknown key 'tilte'\n"
        "  hint: did you mean 'title'?\n"
        "docs/b.md:3:1: KB103 warning: unknown key 'sumary'\n"
        "  hint: did you mean 'summary'?\n"
        "docs/om.md:2:1: KB103 warning: unknown key 'Titel'\n"
        "  hint: did you mean 'title'?"
    )


def test_typed_documents_keep_the_strict_rule(make_bank: MakeBank) -> None:
    bank = make_bank({"rutiner/a.md": routine(source_url="https://example.se/a")})
    assert bank.check() == (
        "docs/rutiner/a.md:5:1: KB103 warning: unknown key 'source_url'\n"
        "  hint: did you mean 'source'?"
    )


EXTRA_KEYS = """\
      extra_keys:
        all: [source_url]
        routine: [diarienummer]
"""


def _with_kb_options(options: str) -> str:
    return MKDOCS_YML.replace("markdown_extensions:", options + "markdown_extensions:")


def test_extra_keys_declare_a_sites_own_keys(make_bank: MakeBank) -> None:
    bank = make_bank(
        {
            "mkdocs.yml": _with_kb_options(EXTRA_KEYS),
            "rutiner/a.md": routine(source_url="https://example.se/a", diarienummer="SN 2026/14"),
            "mallar/b.md": routine(diarienummer="SN 2026/15"),
            "rutiner/c.md": routine(diarienumer="SN 2026/16"),
            "om.md": "---\nsource_urll: x\n---\n",
        }
    )
    assert bank.check() == (
        "docs/mallar/b.md:5:1: KB103 warning: unknown key 'diarienummer'\n"
        "docs/om.md:2:1: KB103 warning: unknown key 'source_urll'\n"
        "  hint: did you mean 'source_url'?\n"
        "docs/rutiner/c.md:5:1: KB103 warning: unknown key 'diarienumer'\n"
        "  hint: did you mean 'diarienummer'?"
    )


def test_extra_keys_as_a_list_apply_to_every_type(make_bank: MakeBank) -> None:
    bank = make_bank(
        {
            "mkdocs.yml": _with_kb_options("      extra_keys: [source_url]\n"),
            "rutiner/a.md": routine(source_url="https://example.se/a"),
        }
    )
    assert bank.kb("check").output == "No problems found.\n"


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (
            "      extra_keys: {rutine: [diarienummer]}\n",
            "Error: invalid kb configuration in mkdocs.yml: line 10: plugins.kb.extra_keys: "
            "unknown key 'rutine' (did you mean 'routine'?)\n",
        ),
        (
            "      extra_keys: [owner]\n",
            "Error: invalid kb configuration in mkdocs.yml: line 10: plugins.kb.extra_keys: "
            "expected only keys kb does not read itself, found a list (kb reads 'owner' on "
            "every page) (remove 'owner' from extra_keys)\n",
        ),
        (
            "      extra_keys: source_url\n",
            "Error: invalid kb configuration in mkdocs.yml: line 10: plugins.kb.extra_keys: "
            "expected a list of keys, or a mapping from document types to lists of keys, "
            "found 'source_url'\n",
        ),
        (
            "      near_duplicates: {types: [rutine]}\n",
            "Error: invalid kb configuration in mkdocs.yml: line 10: "
            "plugins.kb.near_duplicates.types.0: expected one of 'routine', 'partner', "
            "'agreement', 'template', 'glossary', 'page', found 'rutine' "
            "(did you mean 'routine'?)\n",
        ),
    ],
)
def test_extra_keys_are_validated(bank: BankDir, options: str, expected: str) -> None:
    bank.write("mkdocs.yml", _with_kb_options(options))
    result = bank.kb("check")
    assert (result.exit_code, result.stderr) == (2, expected)


# -- text fragments --------------------------------------------------------------------


def test_text_fragments_are_not_anchors(make_bank: MakeBank) -> None:
    bank = make_bank(
        {
            "a.md": "# A\n\n[1](b.md#:~:text=boende%20och%20skola) "
            "[2](b.md#rubrik:~:text=skola) [3](#:~:text=A) [4](b.md#saknas:~:text=x)\n",
            "b.md": "# B\n\n## Rubrik\n\nBoende och skola.\n",
        }
    )
    assert bank.check() == (
        "docs/a.md:3:90: KB203 error: link to 'b.md#saknas:~:text=x': docs/b.md has no heading "
        "or anchor '#saknas'"
    )


# -- near duplicates ------------------------------------------------------------------------


def test_untyped_pages_are_not_compared_by_default(make_bank: MakeBank) -> None:
    files: dict[str, str | bytes] = {
        "referens/a.md": "# A\n\n" + LONG_TEXT,
        "referens/b.md": "# B\n\n" + LONG_TEXT + "Ny rad.\n",
    }
    assert make_bank(files).kb("check").output == "No problems found.\n"


def test_near_duplicate_types_are_configurable(make_bank: MakeBank) -> None:
    files: dict[str, str | bytes] = {
        "mkdocs.yml": _with_kb_options("      near_duplicates: {types: [page]}\n"),
        "referens/a.md": "# A\n\n" + LONG_TEXT,
        "referens/b.md": "# B\n\n" + LONG_TEXT + "Ny rad.\n",
        "rutiner/a.md": ROUTINE + LONG_TEXT,
        "rutiner/b.md": ROUTINE + LONG_TEXT + "Ny rad.\n",
    }
    assert make_bank(files).check() == (
        "docs/referens/a.md:1:1: KB601 info: this page nearly duplicates docs/referens/b.md "
        "(91% alike)\n"
        "  hint: extend one page and remove the other, or link them if both must stay\n"
        "docs/referens/b.md:1:1: KB601 info: this page nearly duplicates docs/referens/a.md "
        "(91% alike)\n"
        "  hint: extend one page and remove the other, or link them if both must stay"
    )


# -- what extensions print ------------------------------------------------------------------

NOISY_EXTENSION = """\
import logging
import sys
import warnings

from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor


class Noisy(Preprocessor):
    def run(self, lines):
        if any("{{!include" in line for line in lines):
            print("Warning: could not find file saknas.md")
            sys.stderr.write("include failed\\n")
            warnings.warn("include skipped")
            logging.getLogger("kb_noisy").warning("include missing")
        return lines


class NoisyExtension(Extension):
    def extendMarkdown(self, md):
        print("noisy extension loaded")
        md.preprocessors.register(Noisy(md), "kb_noisy", 100)


def makeExtension(**kwargs):
    return NoisyExtension(**kwargs)
"""

PRINTED = [
    "docs/rutiner/r1.md: printed while the page was rendered: Warning: could not find file "
    "saknas.md",
    "docs/rutiner/r1.md: printed while the page was rendered: include failed",
    "docs/rutiner/r1.md: printed while the page was rendered: UserWarning: include skipped",
    "docs/rutiner/r1.md: printed while the page was rendered: WARNING (kb_noisy): include missing",
]


@pytest.mark.parametrize("parallel", [False, True], ids=["serial", "forked"])
@pytest.mark.parametrize("output_format", ["json", "sarif", "gitlab", "text", "github", "markdown"])
def test_what_extensions_print_goes_to_stderr(
    make_bank: MakeBank,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    output_format: str,
    parallel: bool,
) -> None:
    module_dir = tmp_path / "extensions"
    module_dir.mkdir()
    (module_dir / "kb_noisy_extension.py").write_text(NOISY_EXTENSION, encoding="utf-8")
    monkeypatch.syspath_prepend(str(module_dir))
    if parallel:
        monkeypatch.setattr(parallel_loading, "PARALLEL_MIN_FILES", 2)
    files: dict[str, str | bytes] = {
        "mkdocs.yml": MKDOCS_YML + "  - kb_noisy_extension\n",
        "rutiner/r1.md": ROUTINE + "\n{{!include saknas.md}}\n\n[x](saknas.md)\n",
    }
    files.update({f"rutiner/r{i}.md": ROUTINE for i in range(2, 6)})
    bank = make_bank(files)
    result = bank.kb("check", "--no-cache", "--format", output_format)
    assert result.exit_code == 1
    assert "saknas.md" in result.output  # the KB202 finding itself
    assert "could not find" not in result.output
    assert "noisy extension loaded" not in result.output
    if output_format in ("json", "sarif", "gitlab"):
        json.loads(result.output)
    assert result.stderr.splitlines() == [
        "mkdocs.yml: noisy extension loaded",
        *PRINTED,
    ]


def test_printed_output_is_kept_with_the_cached_page(
    make_bank: MakeBank, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module_dir = tmp_path / "extensions"
    module_dir.mkdir()
    (module_dir / "kb_noisy_extension.py").write_text(NOISY_EXTENSION, encoding="utf-8")
    monkeypatch.syspath_prepend(str(module_dir))
    bank = make_bank(
        {
            "mkdocs.yml": MKDOCS_YML + "  - kb_noisy_extension\n",
            "rutiner/r1.md": ROUTINE + "\n{{!include saknas.md}}\n",
        }
    )
    first = bank.kb("check", "--format", "json")
    second = bank.kb("check", "--format", "json")
    assert first.stderr.splitlines()[1:] == second.stderr.splitlines() == PRINTED
    assert json.loads(second.output)["findings"] == []


# -- symlinks -----------------------------------------------------------------------------


@pytest.fixture
def linked(tmp_path: Path) -> Path:
    """A bank whose docs folder is a symlink to a folder outside it, and a
    symlink to the bank itself: ``link -> real/bank``, ``real/bank/docs ->
    ../../shared/docs``."""
    bank = tmp_path / "real" / "bank"
    docs = tmp_path / "shared" / "docs"
    docs.mkdir(parents=True)
    bank.mkdir(parents=True)
    (bank / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    (docs / "rutiner").mkdir()
    (docs / "rutiner" / "a.md").write_text(
        textwrap.dedent(ROUTINE) + "\n[x](borttagen.md)\n", encoding="utf-8"
    )
    os.symlink(os.path.join("..", "..", "shared", "docs"), bank / "docs")
    os.symlink(os.path.join("real", "bank"), tmp_path / "link")
    return tmp_path


EXPECTED_LINKED = [
    "docs/rutiner/a.md:10:5: KB202 error: link to 'borttagen.md': no page "
    "docs/rutiner/borttagen.md",
]


@pytest.mark.parametrize(
    ("cwd", "args"),
    [
        ("real/bank", ()),  # docs_dir reached through a symlink
        ("link", ()),  # the bank opened through a symlinked folder
        (".", ("-f", "link/mkdocs.yml")),  # -f through a symlink
        (".", ("-f", "link", "link/docs/rutiner")),
        (".", ("-f", "link/mkdocs.yml", "shared/docs/rutiner/a.md")),
    ],
)
def test_paths_stay_relative_to_the_bank_root_through_symlinks(
    linked: Path, cwd: str, args: tuple[str, ...]
) -> None:
    bank = BankDir(linked / cwd)
    result = bank.kb("check", "--no-cache", *args)
    assert result.output.splitlines()[:-1] == EXPECTED_LINKED


def test_paths_through_symlinks_in_the_library(linked: Path) -> None:
    config = load_config(linked / "link" / "mkdocs.yml")
    assert config.docs_prefix == "docs/"
    assert config.relative(linked / "shared" / "docs" / "rutiner") == "docs/rutiner"
    assert config.relative(linked / "real" / "bank" / "mkdocs.yml") == "mkdocs.yml"
    assert config.relative(linked / "elsewhere.md") == "../elsewhere.md"
    bank = Bank.load(config, use_cache=False)
    assert [d.path for d in bank.documents] == ["docs/rutiner/a.md"]


# -- what third-party sites write ----------------------------------------------------

MATERIAL_EXTENSIONS = MKDOCS_YML + "  - pymdownx.superfences\n  - pymdownx.magiclink\n"


def test_email_autolinks_are_not_page_links(make_bank: MakeBank) -> None:
    bank = make_bank(
        {
            "mkdocs.yml": MATERIAL_EXTENSIONS,
            "om.md": "# Om\n\nSkriv till <kontakt@example.se> eller hej@example.se.\n",
        }
    )
    assert bank.kb("check").output == "No problems found.\n"


def test_ids_on_fenced_blocks_are_anchors(make_bank: MakeBank) -> None:
    bank = make_bank(
        {
            "mkdocs.yml": MATERIAL_EXTENSIONS,
            "om.md": "# Om\n\n[exemplet](#exempel) [saknas](#inget)\n\n"
            "``` { .sh #exempel }\nkb check\n```\n",
        }
    )
    assert bank.check() == (
        "docs/om.md:3:31: KB203 error: link to '#inget': this page has no heading or anchor "
        "'#inget'"
    )


def test_code_in_block_quotes_is_not_html(make_bank: MakeBank) -> None:
    bank = make_bank(
        {
            "om.md": '# Om\n\n> > ```html\n> > <script src="x.js"></script>\n> > ```\n\n'
            "<script>alert(1)</script>\n",
        }
    )
    assert bank.check() == (
        "docs/om.md:7:1: KB402 error: raw HTML that can run code: a <script> element\n"
        "  hint: remove it; embed nothing that runs in the reader's browser (link to the page "
        "instead)"
    )


def test_anchors_made_at_build_time_can_be_declared(make_bank: MakeBank) -> None:
    files: dict[str, str | bytes] = {
        "a.md": "# A\n\n[1](b.md#config.blog_dir) [2](b.md#+type:note) [3](b.md#saknas)\n",
        "b.md": "# B\n\n#### <!-- md:setting config.blog_dir -->\n",
    }
    assert make_bank(files).check().count("KB203") == 3
    files["mkdocs.yml"] = _with_kb_options("      unchecked_anchors: ['config.*', '+*']\n")
    assert make_bank(files).check() == (
        "docs/a.md:3:52: KB203 error: link to 'b.md#saknas': docs/b.md has no heading or "
        "anchor '#saknas'"
    )


def test_material_page_statuses_on_untyped_pages(make_bank: MakeBank) -> None:
    yml = MKDOCS_YML + "extra:\n  status:\n    beta: Ny och ännu inte klar\n"
    bank = make_bank(
        {
            "mkdocs.yml": yml,
            "ny.md": "---\nstatus: new\n---\n# Ny\n",
            "gammal.md": "---\nstatus: deprecated\n---\n# Gammal\n",
            "beta.md": "---\nstatus: beta\n---\n# Beta\n",
            "rutiner/a.md": routine(status="new"),
        }
    )
    assert bank.check() == (
        "docs/rutiner/a.md:5:9: KB102 error: 'status': expected one of 'active', 'draft', "
        "'retired', found 'new'\n"
        "  hint: until the value is one of these, the page is a draft: neither site shows it "
        "and search does not find it"
    )


def test_mkdocstrings_anchors_are_the_documented_names(make_bank: MakeBank) -> None:
    bank = make_bank(
        {
            "api/config.md": "# Config\n\n::: pydantic.config\n    options:\n      members: true\n",
            "guide.md": "# Guide\n\n[1](api/config.md#pydantic.config.ConfigDict) "
            "[2](api/config.md#pydantic.config) [3](api/config.md#pydantic.fields)\n",
        }
    )
    assert bank.check() == (
        "docs/guide.md:3:86: KB203 error: link to 'api/config.md#pydantic.fields': "
        "docs/api/config.md has no heading or anchor '#pydantic.fields'"
    )


def test_anchors_of_a_page_extensions_could_not_render_are_unknown(
    make_bank: MakeBank, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module_dir = tmp_path / "extensions"
    module_dir.mkdir()
    (module_dir / "kb_noisy_extension.py").write_text(NOISY_EXTENSION, encoding="utf-8")
    monkeypatch.syspath_prepend(str(module_dir))
    bank = make_bank(
        {
            "mkdocs.yml": MKDOCS_YML + "  - kb_noisy_extension\n",
            "a.md": "# A\n\n{{!include sponsorer.md}}\n",
            "b.md": "# B\n",
            "c.md": "# C\n\n[1](a.md#sponsorer) [2](b.md#sponsorer)\n",
        }
    )
    result = bank.kb("check")
    assert result.output.splitlines()[:-1] == [
        "docs/c.md:3:25: KB203 error: link to 'b.md#sponsorer': docs/b.md has no heading or "
        "anchor '#sponsorer'"
    ]
    assert result.stderr.startswith("mkdocs.yml: noisy extension loaded\ndocs/a.md: printed")


def test_a_missing_extension_is_a_configuration_error(make_bank: MakeBank) -> None:
    bank = make_bank({"mkdocs.yml": MKDOCS_YML + "  - sajtens_egen.mdext\n", "a.md": "# A\n"})
    result = bank.kb("check", "--format", "json")
    assert (result.exit_code, result.output) == (2, "")
    assert result.stderr == (
        "Error: the Markdown extension 'sajtens_egen.mdext' in mkdocs.yml is not installed: "
        "there is no module 'sajtens_egen'\n"
        "  hint: install the package that provides it in the same environment as kb (the one "
        "mkdocs build uses), then run kb again\n"
    )


# -- templates and excluded files ------------------------------------------------------


def test_links_written_by_a_template_plugin_are_not_checked(make_bank: MakeBank) -> None:
    page = (
        "# A\n\n[Grafana](<<tenant_url('grafana')>>) [Konto]({{ konto_url }}) "
        "[Saknas](saknas.md)\n"
    )
    files: dict[str, str | bytes] = {"a.md": page}
    assert make_bank(files).check().count("KB202") == 3
    files["mkdocs.yml"] = MKDOCS_YML.replace(
        "plugins:\n",
        "plugins:\n  - macros:\n      j2_variable_start_string: '<<'\n"
        "      j2_variable_end_string: '>>'\n",
    )
    # The site chose '<<': '{{' is text there, and the link is checked.
    assert make_bank(files).check() == (
        "docs/a.md:3:46: KB202 error: link to '{{ konto_url }}': no page docs/{{ konto_url }}\n"
        "docs/a.md:3:72: KB202 error: link to 'saknas.md': no page docs/saknas.md"
    )


def test_the_default_macro_markers_are_jinjas(bank: BankDir) -> None:
    bank.write("mkdocs.yml", MKDOCS_YML.replace("plugins:\n", "plugins:\n  - macros\n"))
    config = load_config(bank.root / "mkdocs.yml")
    assert config.template_markers == ("{{", "{%")


def test_files_mkdocs_excludes_are_not_pages(make_bank: MakeBank) -> None:
    files: dict[str, str | bytes] = {
        "a.md": "# A\n",
        "partials/inforuta.md": "# Inforuta\n\n[Trasig](saknas.md)\n",
        "templates/mall.md": "# Mall\n\n[Trasig](saknas.md)\n",
        "utkast/gammal.md": "# Gammal\n\n[Trasig](saknas.md)\n",
    }
    assert make_bank(files).check().count("KB202") == 2  # templates/ is left out by default
    files["mkdocs.yml"] = MKDOCS_YML + "exclude_docs: |\n  partials/\n  /utkast/*.md\n"
    assert make_bank(files).kb("check").output == "No problems found.\n"


def test_a_link_written_as_an_address_is_offered_the_pages_file(make_bank: MakeBank) -> None:
    """From async.md (address /async/), '../advanced/transports' reaches the
    page in the browser by chance; MkDocs reads it from the file's folder."""
    bank = make_bank({
        "async.md": "# Async\n\nSe [transporter](../advanced/transports#asgi-transport).\n",
        "advanced/transports.md": "# Transporter\n\n## ASGI Transport\n",
    })
    assert bank.check().splitlines()[1] == "  hint: did you mean 'advanced/transports.md'?"
