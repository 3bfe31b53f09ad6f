"""Hostile front matter for the editing commands, as an attacker or a broken
editor writes it. Each file goes through ``mark_reviewed`` and
``verify_contact`` (contact "Anna Berg", today 2026-11-23); the expected
outcome of each is an exact edit, no change, or a refusal with its exact
message (the file shown as ``sida.md``). Used by ``test_edit_battery.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

DAY = date(2026, 11, 23)
TEXT_DAY = "2026-11-23"  # a quoted or !!str value stays text


@dataclass(frozen=True)
class Changed:
    """The file after the edit is the file with *old* (found once) made *new*."""

    old: str
    new: str
    value: date | str = DAY


@dataclass(frozen=True)
class Unchanged:
    """The value is already today's: nothing is written."""


@dataclass(frozen=True)
class Refused:
    message: str


Outcome = Changed | Unchanged | Refused


@dataclass(frozen=True)
class Case:
    id: str
    text: str | bytes
    reviewed: Outcome
    verified: Outcome


HEAD = "---\ntitle: Lernia\norg_type: company\nowner: samordnare\n"
ANNA = "contacts:\n  - name: Anna Berg\n    role: Handledare\n    verified: 2026-05-01\n"
OK_REVIEWED = Changed("reviewed: 2025-06-30", "reviewed: 2026-11-23")
OK_VERIFIED = Changed("verified: 2026-05-01", "verified: 2026-11-23")


def page(front: str, body: str = "Text.\n") -> str:
    return f"{front}---\n{body}"


def refused_by_hand(line: int | None, message: str, hint: str) -> Refused:
    where = "sida.md" if line is None else f"sida.md:{line}"
    return Refused(f"{where}: {message}\n  hint: {hint}")


NO_CONTACTS = Refused(
    "sida.md: the page has no list of contacts, so there is no contact to mark as verified.\n"
    "  hint: add the contact under 'contacts:' first"
)


CASES = [
    # --- anchors, aliases and tags ---------------------------------------
    Case(
        "anchor-not-repeated",
        page(HEAD + "reviewed: &granskad 2025-06-30\n" + ANNA),
        Changed("&granskad 2025-06-30", "&granskad 2026-11-23"),
        OK_VERIFIED,
    ),
    Case(
        "anchor-repeated-by-alias",
        page(HEAD + "reviewed: &d 2025-06-30\ncontacts:\n  - name: Anna Berg\n    verified: *d\n"),
        refused_by_hand(
            5,
            "'reviewed' carries the YAML anchor '&d', and line 8 repeats it as '*d'; changing "
            "one would change both, so kb did not change the file.",
            "write the date out where '*d' stands, then run this again",
        ),
        Changed("verified: *d", "verified: 2026-11-23"),
    ),
    Case(
        "alias-as-the-value",
        page(HEAD + "senast: &s 2025-06-30\nreviewed: *s\n" + ANNA),
        Changed("reviewed: *s", "reviewed: 2026-11-23"),
        OK_VERIFIED,
    ),
    Case(
        "anchored-contact-repeated",
        page(
            HEAD + "reviewed: 2025-06-30\ncontacts:\n"
            "  - &anna {name: Anna Berg, verified: 2026-05-01}\nreserv: *anna\n"
        ),
        OK_REVIEWED,
        refused_by_hand(
            7,
            "'verified' of contact 1 (Anna Berg) is inside a part of the front matter that "
            "carries the YAML anchor '&anna', and line 8 repeats that part as '*anna'; changing "
            "one would change both, so kb did not change the file.",
            "write out the part that '*anna' repeats, then run this again",
        ),
    ),
    Case(
        "contact-is-an-alias",
        page(
            HEAD + "reviewed: 2025-06-30\nmall: &m {name: Anna Berg, role: Handledare}\n"
            "contacts: [*m]\n"
        ),
        OK_REVIEWED,
        refused_by_hand(
            7,
            "'verified' of contact 1 (Anna Berg) is inside the YAML alias '*m', a repetition of "
            "line 6; changing it would change the original too, so kb did not change the file.",
            "write out what '*m' repeats, then run this again",
        ),
    ),
    Case(
        "contact-list-anchored-and-repeated",
        page(
            HEAD + "reviewed: 2025-06-30\ncontacts: &lista\n  - name: Anna Berg\n"
            "    verified: 2026-05-01\nkopia: *lista\n"
        ),
        OK_REVIEWED,
        refused_by_hand(
            6,
            "'contacts' is inside a part of the front matter that carries the YAML anchor "
            "'&lista', and line 9 repeats that part as '*lista'; changing one would change "
            "both, so kb did not change the file.",
            "write out the part that '*lista' repeats, then run this again",
        ),
    ),
    Case(
        "merge-key-supplies-the-date",
        page(
            HEAD + "standard: &std {reviewed: 2025-06-30}\n<<: *std\ncontacts:\n"
            "  - <<: {verified: 2026-05-01}\n    name: Anna Berg\n"
        ),
        refused_by_hand(
            None,
            "after changing 'reviewed', 'reviewed' would be written twice, so kb did not change "
            "the file.",
            "set the value by hand ('reviewed: 2026-11-23'), then run kb check",
        ),
        refused_by_hand(
            None,
            "after changing 'verified' of contact 1 (Anna Berg), 'verified' of contact 1 (Anna "
            "Berg) would be written twice, so kb did not change the file.",
            "set the value by hand ('verified: 2026-11-23'), then run kb check",
        ),
    ),
    Case(
        "tag-timestamp",
        page(
            HEAD + "reviewed: !!timestamp 2025-06-30\ncontacts:\n  - name: Anna Berg\n"
            "    verified: !!timestamp 2026-05-01\n"
        ),
        Changed("!!timestamp 2025-06-30", "!!timestamp 2026-11-23"),
        Changed("!!timestamp 2026-05-01", "!!timestamp 2026-11-23"),
    ),
    Case(
        "tag-str",
        page(
            HEAD + "reviewed: !!str 2025-06-30\ncontacts:\n  - name: Anna Berg\n"
            "    verified: !<tag:yaml.org,2002:str> 2026-05-01\n"
        ),
        Changed("!!str 2025-06-30", "!!str 2026-11-23", TEXT_DAY),
        Changed(
            "!<tag:yaml.org,2002:str> 2026-05-01", "!<tag:yaml.org,2002:str> 2026-11-23", TEXT_DAY
        ),
    ),
    Case(
        "tag-of-another-type",
        page(
            HEAD + "reviewed: !!binary MjAyNS0wNi0zMA==\ncontacts:\n  - name: Anna Berg\n"
            "    verified: !!float 2026\n"
        ),
        refused_by_hand(
            5,
            "'reviewed' carries the YAML tag '!!binary', which kb does not rewrite, so kb did "
            "not change the file.",
            "remove the tag and write 'reviewed: 2026-11-23' by hand",
        ),
        refused_by_hand(
            8,
            "'verified' of contact 1 (Anna Berg) carries the YAML tag '!!float', which kb does "
            "not rewrite, so kb did not change the file.",
            "remove the tag and write 'verified: 2026-11-23' by hand",
        ),
    ),
    Case(
        "local-tag",
        page(HEAD + "reviewed: !datum 2025-06-30\n" + ANNA),
        refused_by_hand(
            5,
            "kb cannot read the front matter, so it did not change the file: YAML error: could "
            "not determine a constructor for the tag '!datum'.",
            "fix the front matter (kb check shows the problem), then run this again",
        ),
        refused_by_hand(
            5,
            "kb cannot read the front matter, so it did not change the file: YAML error: could "
            "not determine a constructor for the tag '!datum'.",
            "fix the front matter (kb check shows the problem), then run this again",
        ),
    ),
    # --- block scalars -----------------------------------------------------
    Case(
        "folded-and-literal-block-dates",
        page(
            HEAD + "reviewed: >-\n  2025-06-30\ncontacts:\n  - name: Anna Berg\n"
            "    verified: |-\n      2026-05-01\n    role: Handledare\n"
        ),
        Changed("  2025-06-30\n", "  2026-11-23\n", TEXT_DAY),
        Changed("      2026-05-01\n", "      2026-11-23\n", TEXT_DAY),
    ),
    Case(
        "block-date-over-two-lines",
        page(HEAD + "reviewed: |\n  2025-06-30\n  eller senare\n" + ANNA),
        refused_by_hand(
            5,
            "'reviewed' is a YAML block scalar ('|') whose text is not a single line, so kb did "
            "not change the file.",
            "write the date on one line by hand: 'reviewed: 2026-11-23'",
        ),
        OK_VERIFIED,
    ),
    Case(
        "block-scalar-name-then-missing-verified",
        page(
            HEAD + "reviewed: 2025-06-30\ncontacts:\n  - name: >-\n      Anna Berg\n"
            "    role: Handledare\n  - name: Omar Ali\n"
        ),
        OK_REVIEWED,
        Changed("    role: Handledare\n", "    role: Handledare\n    verified: 2026-11-23\n"),
    ),
    Case(
        "block-scalar-name-last",
        page(
            HEAD + "reviewed: 2025-06-30\ncontacts:\n  - role: Handledare\n    name: |\n"
            "      Anna Berg\n\n"
        ),
        OK_REVIEWED,
        Changed("      Anna Berg\n\n", "      Anna Berg\n\n    verified: 2026-11-23\n"),
    ),
    # --- line ends and invisible characters ------------------------------
    Case(
        "form-feed-after-opening-dashes",
        page("---\f\nowner: myndighetsutovning\nreviewed: 2025-06-30\n" + ANNA),
        OK_REVIEWED,
        OK_VERIFIED,
    ),
    Case(
        "vertical-tab-after-opening-dashes",
        page("---\v\ntitle: Ankomst\nreviewed: 2025-06-30\n" + ANNA),
        OK_REVIEWED,
        OK_VERIFIED,
    ),
    Case(
        "file-separator-after-opening-dashes",
        page("---\x1c\nsummary: Kort\nreviewed: 2025-06-30\n" + ANNA.replace("role:", "email:")),
        OK_REVIEWED,
        OK_VERIFIED,
    ),
    Case(
        "control-character-after-closing-dashes",
        "---\ntitle: Ankomst\nreviewed: 2025-06-30\n" + ANNA + "---\x1d\nText.\n",
        OK_REVIEWED,
        OK_VERIFIED,
    ),
    Case(
        "next-line-character-as-yaml-line-break",
        page("---\ntitle: Ankomst\x85reviewed: 2025-06-30\n" + ANNA),
        OK_REVIEWED,
        OK_VERIFIED,
    ),
    Case(
        "line-separator-as-yaml-line-break",
        page(
            "---\ntitle: Ankomst\ncontacts:\n  - name: Anna Berg\u2028    role: Handledare\n"
            "owner: x\u2029reviewed: 2025-06-30\n"
        ),
        OK_REVIEWED,
        Changed("Handledare\n", "Handledare\n    verified: 2026-11-23\n"),
    ),
    Case(
        "crlf-and-missing-verified",
        page(
            HEAD + "reviewed: 2025-06-30\ncontacts:\n  - name: Anna Berg\n    role: Handledare\n"
        ).replace("\n", "\r\n"),
        Changed("reviewed: 2025-06-30", "reviewed: 2026-11-23"),
        Changed("Handledare\r\n", "Handledare\r\n    verified: 2026-11-23\r\n"),
    ),
    Case(
        "cr-only-and-missing-reviewed",
        page(HEAD + ANNA).replace("\n", "\r"),
        Changed("2026-05-01\r", "2026-05-01\rreviewed: 2026-11-23\r"),
        Changed("verified: 2026-05-01", "verified: 2026-11-23"),
    ),
    Case(
        "mixed-line-ends",
        "---\r\ntitle: Ankomst\nreviewed: 2025-06-30\r" + ANNA.replace("\n", "\r\n") + "---\nX\n",
        OK_REVIEWED,
        OK_VERIFIED,
    ),
    Case(
        "bom-and-missing-keys",
        b"\xef\xbb\xbf"
        + page(HEAD + "contacts:\n  - name: Anna Berg # ringer ofta\n").encode("utf-8"),
        Changed(
            "  - name: Anna Berg # ringer ofta\n",
            "  - name: Anna Berg # ringer ofta\nreviewed: 2026-11-23\n",
        ),
        Changed(
            "  - name: Anna Berg # ringer ofta\n",
            "  - name: Anna Berg # ringer ofta\n    verified: 2026-11-23\n",
        ),
    ),
    Case(
        "invisible-character-before-dashes",
        "\ufeff\u200b---\ntitle: Ankomst\nreviewed: 2025-06-30\n---\nText.\n",
        refused_by_hand(
            1,
            "line 1 seems to open the front matter but holds '\\u200b---' instead of just "
            "'---', so kb did not change the file.",
            "make line 1 exactly '---' (some of the other characters may be invisible), then "
            "run this again",
        ),
        NO_CONTACTS,
    ),
    Case(
        "dashes-with-a-comment-on-line-1",
        "--- # framsida\ntitle: Ankomst\nreviewed: 2025-06-30\n---\nText.\n",
        refused_by_hand(
            1,
            "line 1 seems to open the front matter but holds '--- # framsida' instead of just "
            "'---', so kb did not change the file.",
            "make line 1 exactly '---' (some of the other characters may be invisible), then "
            "run this again",
        ),
        NO_CONTACTS,
    ),
    Case(
        "empty-file",
        b"",
        Changed("", "---\nreviewed: 2026-11-23\n---\n"),
        NO_CONTACTS,
    ),
    Case(
        "front-matter-below-a-blank-line",
        "\n---\ntitle: Ankomst\nreviewed: 2025-06-30\n---\nText.\n",
        refused_by_hand(
            2,
            "front matter must start on line 1, but the first '---' is on line 2, so kb did not "
            "change the file.",
            "delete the lines above it, then run this again",
        ),
        NO_CONTACTS,
    ),
    # --- quoting, comments and spacing -----------------------------------
    Case(
        "single-quoted",
        page(
            HEAD + "reviewed: '2025-06-30'\ncontacts:\n  - name: 'Anna Berg'\n"
            "    verified: '2026-05-01'\n"
        ),
        Changed("'2025-06-30'", "'2026-11-23'", TEXT_DAY),
        Changed("'2026-05-01'", "'2026-11-23'", TEXT_DAY),
    ),
    Case(
        "double-quoted",
        page(
            HEAD + 'reviewed: "2025-06-30"\ncontacts:\n  - name: "Anna Berg"\n'
            '    verified: "2026-05-01"\n'
        ),
        Changed('"2025-06-30"', '"2026-11-23"', TEXT_DAY),
        Changed('"2026-05-01"', '"2026-11-23"', TEXT_DAY),
    ),
    Case(
        "comments-after-values",
        page(
            HEAD + "reviewed: 2025-06-30   # förra granskningen\ncontacts:\n"
            "  - name: Anna Berg\n    verified: 2026-05-01 # ringde: 070-1740605\n"
        ),
        Changed("2025-06-30   #", "2026-11-23   #"),
        Changed("2026-05-01 #", "2026-11-23 #"),
    ),
    Case(
        "empty-values-with-comments",
        page(
            HEAD + "reviewed:\ncontacts:\n  - name: Anna Berg\n    verified: # ringer i vår\n"
            "    role: Handledare\n"
        ),
        Changed("reviewed:\n", "reviewed: 2026-11-23\n"),
        Changed("verified: # ringer", "verified: 2026-11-23 # ringer"),
    ),
    Case(
        "null-and-tab",
        page(HEAD + "reviewed:\t~\ncontacts:\n  - name: Anna Berg\n    verified:\tnull\n"),
        Changed("reviewed:\t~", "reviewed:\t2026-11-23"),
        Changed("verified:\tnull", "verified:\t2026-11-23"),
    ),
    Case(
        "date-with-time",
        page(HEAD + "reviewed: 2025-06-30 09:30:00\n" + ANNA),
        Changed("2025-06-30 09:30:00", "2026-11-23"),
        OK_VERIFIED,
    ),
    Case(
        "quoted-and-explicit-keys",
        page(
            HEAD + '"reviewed": 2025-06-30\ncontacts:\n  - name: Anna Berg\n'
            "    ? verified\n    : 2026-05-01\n"
        ),
        Changed('"reviewed": 2025-06-30', '"reviewed": 2026-11-23'),
        Changed(": 2026-05-01", ": 2026-11-23"),
    ),
    Case(
        "indented-front-matter",
        page(
            "---\n  title: Ankomst\n  owner: x\n  contacts:\n    -   name: Anna Berg\n"
            "        role: Handledare\n"
        ),
        Changed("        role: Handledare\n", "        role: Handledare\n  reviewed: 2026-11-23\n"),
        Changed(
            "        role: Handledare\n", "        role: Handledare\n        verified: 2026-11-23\n"
        ),
    ),
    Case(
        "already-today",
        page(
            HEAD
            + "reviewed: 2026-11-23\ncontacts:\n  - {name: Anna Berg, verified: '2026-11-23'}\n"
        ),
        Unchanged(),
        Unchanged(),
    ),
    Case(
        "document-end-marker-closes",
        "---\ntitle: Ankomst\nreviewed: 2025-06-30\n" + ANNA + "...\nText.\n",
        OK_REVIEWED,
        OK_VERIFIED,
    ),
    # --- flow style ---------------------------------------------------------
    Case(
        "flow-contact",
        page(HEAD + "reviewed: 2025-06-30\ncontacts: [{name: Anna Berg, verified: 2026-05-01}]\n"),
        OK_REVIEWED,
        Changed("verified: 2026-05-01}", "verified: 2026-11-23}"),
    ),
    Case(
        "flow-contact-missing-verified-over-lines",
        page(
            HEAD + "reviewed: 2025-06-30\ncontacts: [\n  {name: Anna Berg,\n"
            "   role: Handledare,  # chef\n  },\n]\n"
        ),
        OK_REVIEWED,
        Changed("role: Handledare,", "role: Handledare, verified: 2026-11-23,"),
    ),
    Case(
        "flow-root-mapping",
        page(
            '---\n{title: "Åtgärd 🚑", owner: samordnare,\n'
            " contacts: [{name: Anna Berg, role: Handledare}]}\n"
        ),
        Changed("role: Handledare}]}", "role: Handledare}], reviewed: 2026-11-23}"),
        Changed("role: Handledare}]}", "role: Handledare, verified: 2026-11-23}]}"),
    ),
    Case(
        "flow-single-pair-contact",
        page(HEAD + "reviewed: 2025-06-30\ncontacts: [name: Anna Berg]\n"),
        OK_REVIEWED,
        refused_by_hand(
            6,
            "kb cannot add 'verified' of contact 1 (Anna Berg): the mapping is written as a "
            "single pair inside '[...]' without braces, so kb did not change the file.",
            "write the mapping in braces, e.g. '{name: ..., verified: 2026-11-23}', by hand",
        ),
    ),
    # --- duplicates and ambiguity ------------------------------------------
    Case(
        "duplicate-reviewed",
        page(HEAD + "reviewed: 2025-06-30\n" + ANNA + "reviewed: 2025-01-01\n"),
        refused_by_hand(
            10,
            "'reviewed' is written 2 times (lines 5, 10); kb cannot tell which one counts, so "
            "kb did not change the file.",
            "delete all but one of them, then run this again",
        ),
        OK_VERIFIED,
    ),
    Case(
        "duplicate-verified",
        page(HEAD + "reviewed: 2025-06-30\n" + ANNA + "    verified: 2025-01-01\n"),
        OK_REVIEWED,
        refused_by_hand(
            10,
            "'verified' is written 2 times (lines 9, 10); kb cannot tell which one counts, so "
            "kb did not change the file.",
            "delete all but one of them, then run this again",
        ),
    ),
    Case(
        "duplicate-contacts-key",
        page(HEAD + "reviewed: 2025-06-30\n" + ANNA + "contacts: []\n"),
        OK_REVIEWED,
        refused_by_hand(
            10,
            "'contacts' is written 2 times (lines 6, 10); kb cannot tell which one counts, so "
            "kb did not change the file.",
            "delete all but one of them, then run this again",
        ),
    ),
    Case(
        "two-contacts-with-the-name",
        page(HEAD + "reviewed: 2025-06-30\n" + ANNA + "  - name: anna berg \n"),
        OK_REVIEWED,
        refused_by_hand(
            10,
            "2 contacts are named 'Anna Berg' (lines 7, 10); kb cannot tell which one was "
            "confirmed, so kb did not change the file.",
            "give each contact its own name, or set 'verified' by hand",
        ),
    ),
    Case(
        "misspelt-contact",
        page(HEAD + "reviewed: 2025-06-30\n" + ANNA.replace("Anna Berg", "Ana Berg")),
        OK_REVIEWED,
        refused_by_hand(
            None,
            "no contact is named 'Anna Berg', so kb did not change the file.",
            "did you mean 'Ana Berg'?",
        ),
    ),
    # --- wrong shapes -------------------------------------------------------
    Case(
        "list-and-mapping-where-dates-belong",
        page(
            HEAD + "reviewed: [2025-06-30]\ncontacts:\n  - name: Anna Berg\n"
            "    verified:\n      datum: 2026-05-01\n"
        ),
        refused_by_hand(
            5,
            "'reviewed' holds a list instead of a date, so kb did not change the file.",
            "replace it by hand with 'reviewed: 2026-11-23'",
        ),
        refused_by_hand(
            9,
            "'verified' of contact 1 (Anna Berg) holds a mapping instead of a date, so kb did "
            "not change the file.",
            "replace it by hand with 'verified: 2026-11-23'",
        ),
    ),
    Case(
        "contacts-is-text",
        page(HEAD + "reviewed: 2025-06-30\ncontacts: Anna Berg\n"),
        OK_REVIEWED,
        NO_CONTACTS,
    ),
    Case(
        "no-front-matter",
        "# Ankomst\n\nText.\n",
        Changed("# Ankomst\n", "---\nreviewed: 2026-11-23\n---\n# Ankomst\n"),
        NO_CONTACTS,
    ),
    Case(
        "empty-front-matter",
        "---\n---\nText.\n",
        Changed("---\n---\n", "---\nreviewed: 2026-11-23\n---\n"),
        NO_CONTACTS,
    ),
    Case(
        "only-comments",
        "---\n# att göra: fyll i\n---\nText.\n",
        Changed("fyll i\n", "fyll i\nreviewed: 2026-11-23\n"),
        NO_CONTACTS,
    ),
    # --- unreadable files ------------------------------------------------
    Case(
        "broken-yaml",
        page(HEAD + "reviewed: [2025-06-30\n" + ANNA),
        refused_by_hand(
            6,
            "kb cannot read the front matter, so it did not change the file: YAML syntax error: "
            "did not find expected ',' or ']' (while parsing a flow sequence).",
            "fix the front matter (kb check shows the problem), then run this again",
        ),
        refused_by_hand(
            6,
            "kb cannot read the front matter, so it did not change the file: YAML syntax error: "
            "did not find expected ',' or ']' (while parsing a flow sequence).",
            "fix the front matter (kb check shows the problem), then run this again",
        ),
    ),
    Case(
        "never-closed",
        HEAD + "reviewed: 2025-06-30\n" + ANNA + "Text.\n",
        refused_by_hand(
            1,
            "kb cannot read the front matter, so it did not change the file: the front matter "
            "opened with '---' on line 1 is never closed.",
            "add a line with only '---' after the last key",
        ),
        refused_by_hand(
            1,
            "kb cannot read the front matter, so it did not change the file: the front matter "
            "opened with '---' on line 1 is never closed.",
            "add a line with only '---' after the last key",
        ),
    ),
    Case(
        "control-character-inside-yaml",
        page(HEAD + "reviewed: 2025-06-30\x0b\n" + ANNA),
        refused_by_hand(
            1,
            "kb cannot read the front matter, so it did not change the file: YAML error: "
            "unacceptable character #x000b: control characters are not allowed.",
            "fix the front matter (kb check shows the problem), then run this again",
        ),
        refused_by_hand(
            1,
            "kb cannot read the front matter, so it did not change the file: YAML error: "
            "unacceptable character #x000b: control characters are not allowed.",
            "fix the front matter (kb check shows the problem), then run this again",
        ),
    ),
    Case(
        "windows-1252",
        page(HEAD + "summary: Åtgärder\nreviewed: 2025-06-30\n" + ANNA).encode("cp1252"),
        refused_by_hand(
            5,
            "kb cannot read the file as UTF-8 text, so it did not change it: the file is not "
            "valid UTF-8: byte 0xC5 at byte offset 63 cannot be decoded.",
            "the file looks like Windows-1252 (ANSI); open it and save it as UTF-8",
        ),
        refused_by_hand(
            5,
            "kb cannot read the file as UTF-8 text, so it did not change it: the file is not "
            "valid UTF-8: byte 0xC5 at byte offset 63 cannot be decoded.",
            "the file looks like Windows-1252 (ANSI); open it and save it as UTF-8",
        ),
    ),
    Case(
        "nul-byte",
        page(HEAD + "reviewed: 2025-06-30\n" + ANNA).encode() + b"\x00",
        refused_by_hand(
            12,
            "kb cannot read the file as UTF-8 text, so it did not change it: the file contains "
            "a NUL byte at byte offset 161; it is binary, not Markdown.",
            "save the file as plain UTF-8 text, or move binary files out of the Markdown folders",
        ),
        refused_by_hand(
            12,
            "kb cannot read the file as UTF-8 text, so it did not change it: the file contains "
            "a NUL byte at byte offset 161; it is binary, not Markdown.",
            "save the file as plain UTF-8 text, or move binary files out of the Markdown folders",
        ),
    ),
    Case(
        "two-documents",
        page(HEAD + "reviewed: 2025-06-30\n--- {kopia: 1}\n" + ANNA),
        refused_by_hand(
            6,
            "kb cannot read the front matter, so it did not change the file: YAML syntax error: "
            "but found another document (expected a single document in the stream).",
            "fix the front matter (kb check shows the problem), then run this again",
        ),
        refused_by_hand(
            6,
            "kb cannot read the front matter, so it did not change the file: YAML syntax error: "
            "but found another document (expected a single document in the stream).",
            "fix the front matter (kb check shows the problem), then run this again",
        ),
    ),
]
