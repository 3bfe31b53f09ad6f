"""kb's message catalogs: extract the template, update the translations,
compile them (Babel, the same steps as ``pybabel extract/update/compile``).

python scripts/catalog.py extract   # kb_tools/locale/kb_tools.pot from the code
python scripts/catalog.py update    # the .po files brought up to the template
python scripts/catalog.py compile   # each .po compiled to its .mo (committed)
python scripts/catalog.py check     # exit 1 if any of the three is out of date,
                                    # or a message has no (or a fuzzy) translation

The messages are the calls of ``msg``, ``msg_n`` (and the markers ``N_`` and
``Nn_``) in the files ``babel.cfg`` names, and the help texts of the
commands editors use, read from the commands themselves (click reads a
command's help from its docstring, where no extractor looks). Comments that
start ``TRANSLATORS:`` go with the message to the translator.
"""

from __future__ import annotations

import contextlib
import io
import sys
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

LOCALE = ROOT / "kb_tools" / "locale"
DOMAIN = "kb_tools"
TEMPLATE = LOCALE / f"{DOMAIN}.pot"
MAPPING = ROOT / "babel.cfg"
KEYWORDS = {"msg": None, "msg_n": (1, 2), "N_": None, "Nn_": (1, 2)}
COMMENT_TAGS = ("TRANSLATORS:",)
# The commands editors use: their help and their options' help are translated.
EDITOR_COMMANDS = ("new", "serve", "verify-contact", "review")
WIDTH = 76


def languages() -> list[str]:
    return sorted(p.name for p in LOCALE.iterdir() if (p / "LC_MESSAGES").is_dir())


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.mo"


def template() -> Catalog:
    """Every message of the code, as ``pybabel extract`` finds them, and the
    editors' help texts."""
    catalog = Catalog(project="kb-tools", copyright_holder="Kunskapsbanken",
                      charset="utf-8", fuzzy=False)
    with MAPPING.open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    said = io.StringIO()
    with contextlib.redirect_stderr(said):
        found = list(extract_from_dir(
            ROOT, method_map, options_map, keywords=KEYWORDS, comment_tags=COMMENT_TAGS,
            strip_comment_tags=True,
        ))
    # Babel warns of every f-string among a call's arguments; kb's are the
    # values of placeholders, never the message.
    for line in said.getvalue().splitlines():
        if "Skipping f-string" not in line:
            print(line, file=sys.stderr)
    for filename, lineno, message, comments, context in found:
        location = Path(filename).as_posix()
        catalog.add(message, None, [(location, lineno)], auto_comments=comments,
                    context=context)
    for text, where in help_texts():
        catalog.add(text, None, [(where, 0)],
                    auto_comments=["The help of a command or option (kb COMMAND --help)."])
    return catalog


def help_texts() -> Iterator[tuple[str, str]]:
    """The help texts (English message ids) of the group and of the commands
    editors use, with the command they belong to."""
    from kb_tools.cli import cli

    commands = [("kb", cli), *((f"kb {name}", cli.commands[name]) for name in EDITOR_COMMANDS)]
    for where, command in commands:
        english = getattr(command, "_english_help", None)
        if english:
            yield english, where
        for param in command.params:
            text = getattr(param, "_english_help", None)
            if text:
                yield text, f"{where} {param.opts[-1] if param.opts else param.name}"


def _ids(catalog: Catalog) -> set[object]:
    return {message.id for message in catalog if message.id}


def po_bytes(catalog: Catalog, *, template: bool = False) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=WIDTH, include_lineno=False, sort_output=True,
             ignore_obsolete=template)
    return out.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def read(path: Path, language: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=language, domain=DOMAIN)


def updated(language: str, fresh: Catalog) -> Catalog:
    """The *language* catalog brought up to the template *fresh*: new
    messages untranslated, changed ones fuzzy, gone ones obsolete."""
    catalog = read(po_path(language), language)
    catalog.update(fresh, update_header_comment=False, update_creation_date=False)
    return catalog


def problems() -> list[str]:
    """What is out of date or untranslated (empty when all is well)."""
    found = []
    fresh = template()
    if not TEMPLATE.exists() or _ids(read(TEMPLATE)) != _ids(fresh):
        found.append(f"{TEMPLATE.relative_to(ROOT)} is out of date: run scripts/catalog.py "
                     "extract")
    for language in languages():
        catalog = read(po_path(language), language)
        missing = [m.id for m in catalog if m.id and (
            m.fuzzy or not all(m.string if isinstance(m.string, tuple) else (m.string,)))]
        absent = _ids(fresh) - _ids(catalog)
        if absent:
            found.append(f"{language}: {len(absent)} messages of the code are not in the "
                         "catalog: run scripts/catalog.py update and translate them")
        if missing:
            found.append(f"{language}: {len(missing)} messages are untranslated or fuzzy")
        if not mo_path(language).exists() or mo_path(language).read_bytes() != mo_bytes(catalog):
            found.append(f"{mo_path(language).relative_to(ROOT)} does not match its .po: run "
                         "scripts/catalog.py compile")
    return found


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "extract":
        fresh = template()
        if not TEMPLATE.exists() or _ids(read(TEMPLATE)) != _ids(fresh) or "--force" in argv:
            TEMPLATE.write_bytes(po_bytes(fresh, template=True))
        return 0
    if command == "update":
        fresh = read(TEMPLATE)
        for language in languages():
            po_path(language).write_bytes(po_bytes(updated(language, fresh)))
        return 0
    if command == "compile":
        for language in languages():
            mo_path(language).write_bytes(mo_bytes(read(po_path(language), language)))
        return 0
    if command == "check":
        found = problems()
        for problem in found:
            print(problem)
        return 1 if found else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
