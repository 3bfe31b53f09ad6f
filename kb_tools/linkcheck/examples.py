"""One finding of each external-link code (KB501–KB503), for ``kb codes
--examples``: what :mod:`.pipeline` reports for a link that is broken, one
that cannot be reached, and one that has moved, made from the answers the
link checker records (no network)."""

from __future__ import annotations

from ..diagnostics import Diagnostic
from .check import LinkResult, Status
from .pipeline import finding_for

_PAGE = "docs/samverkansparter/lernia.md"


def link_examples() -> dict[str, Diagnostic]:
    """KB501, KB502 and KB503, by code."""
    results = (
        LinkResult("https://www.example.se/praktik", Status.BROKEN, code=404),
        LinkResult("https://intranat.example.se/blanketter", Status.UNREACHABLE),
        LinkResult(
            "http://www.example.org/om-oss",
            Status.REDIRECTED,
            code=301,
            final_url="https://www.example.org/om-oss/",
        ),
    )
    found: dict[str, Diagnostic] = {}
    for line, result in enumerate(results, start=12):
        diagnostic = finding_for(result, _PAGE, line, 3)
        if diagnostic is not None:
            found[diagnostic.code] = diagnostic
    return found
