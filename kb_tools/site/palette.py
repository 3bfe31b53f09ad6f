"""Material's named primary colours that cannot meet WCAG 2.1 AA.

Material paints the header in the primary colour with white (or black) text,
and in the light scheme its links too. For most of its named colours one of
the two stays under the 4.5:1 that text needs; the build says so, with the
colours that pass, so that a bank does not publish a site that fails the law
by its colours alone. A custom colour (``primary: custom`` and the bank's
own stylesheet, as the sample bank does) is the bank's to check.

Used by :mod:`kb_tools.site.mkdocs.plugin`; nothing here imports MkDocs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..i18n import Message, msg

# The lower of the two contrasts (header text on the colour, the colour's
# links on white), computed from Material 9's palette; tests/test_contrast.py
# computes them again from the installed Material.
WEAK_PRIMARIES: Mapping[str, float] = {
    "red": 3.45,
    "pink": 4.33,
    "blue": 3.19,
    "light-blue": 2.71,
    "cyan": 2.27,
    "teal": 3.77,
    "green": 2.81,
    "light-green": 2.10,
    "lime": 3.15,
    "yellow": 2.49,
    "amber": 2.46,
    "orange": 2.63,
    "deep-orange": 2.78,
}
STRONG_PRIMARIES = ("indigo", "deep-purple", "purple", "brown", "grey", "blue-grey", "black",
                    "white")


def palette_problems(palette: Any) -> list[Message]:
    """One message for each weak named primary colour in ``theme.palette``
    (a mapping, or a list of them for a light/dark switch)."""
    entries = [palette] if isinstance(palette, Mapping) else palette or []
    problems = []
    for entry in entries:
        primary = entry.get("primary") if isinstance(entry, Mapping) else None
        name = str(primary).replace(" ", "-") if primary else ""
        if name in WEAK_PRIMARIES:
            problems.append(
                msg(
                    "theme.palette: primary '{primary}' gives the header's text or the links a "
                    "contrast of {contrast}:1, under the 4.5:1 that WCAG 2.1 AA asks of text; "
                    "choose one of {choices}, or a custom colour (primary: custom and your own "
                    "stylesheet)",
                    primary=str(primary),
                    contrast=f"{WEAK_PRIMARIES[name]:.2f}",
                    choices=", ".join(STRONG_PRIMARIES),
                )
            )
    return problems
