"""Personal identity numbers in an imported page, said so that an editor
can find them in the original document (``kb import`` writes no page that
holds one, unless told to). Used by :mod:`.run`."""

from __future__ import annotations

import re

from ..i18n import Message, msg
from ..safety.content import identity_numbers


def personal_data(page: str, text: str) -> list[Message]:
    """Where the page holds a personal identity number, in words an editor
    can search the original for."""
    lines = text.split("\n")
    front_matter_end = lines.index("---", 1) + 1 if lines[0] == "---" and "---" in lines[1:] else 0
    found = []
    for finding in identity_numbers(page, text):
        line = lines[finding.line - 1]
        words = re.sub(r"^(#+|-|\d+\.|>|\|)\s*", "", line).split()
        context = " ".join(words[:6])
        for number in re.findall(r"\d{6,8}[-+]?\d{4}", context):
            context = context.replace(number, number[:-4] + "XXXX")
        said = dict(finding.text.args)
        kind, number = str(said["kind"]), str(said["number"])
        if finding.line <= front_matter_end:
            found.append(
                msg('it holds a personal identity number ({kind}) {number} in the front '
                    'matter, "{context}"', kind=kind, number=number, context=context)
            )
        else:
            found.append(
                msg('it holds a personal identity number ({kind}) {number} on line {line} of '
                    'the page, in the text beginning "{context}"', kind=kind, number=number,
                    line=str(finding.line), context=context)
            )
    return found
