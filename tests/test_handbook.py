"""The README and the handbook hold together: every relative link points at a
file of the repository, every anchor at a heading GitHub renders, and every
chapter of ``handbook/`` is listed in the README.

Links and headings are read with kb's own page scanner (Python-Markdown, so
links in code are not links); anchors are made the way GitHub makes them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from kb_tools.markdown import PageScanner, ScannedPage

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "handbook").glob("*.md"))]


def github_anchor(heading: str) -> str:
    """The id GitHub gives a heading: lower case, punctuation and symbols
    dropped (``-`` and ``_`` stay), each space a hyphen."""
    kept = (ch for ch in heading.lower() if ch in " -_" or unicodedata.category(ch)[0] in "LNM")
    return "".join(kept).replace(" ", "-")


def _slugify(value: str, separator: str) -> str:
    return github_anchor(value)


SCANNER = PageScanner(["toc", "tables", "fenced_code"], {"toc": {"slugify": _slugify}})


def _scan(path: Path) -> ScannedPage:
    return SCANNER.scan(path.read_text(encoding="utf-8"), reduce=False)


def anchors(path: Path) -> set[str]:
    """The anchors of a Markdown file on GitHub: one per heading (a repeated
    heading gets ``-1``, ``-2``, ...), and ids written in HTML."""
    page = _scan(path)
    found = set(page.anchors)
    seen: dict[str, int] = {}
    for heading in page.headings:
        anchor = github_anchor(heading.text)
        count = seen.get(anchor, 0)
        seen[anchor] = count + 1
        found.add(anchor if count == 0 else f"{anchor}-{count}")
    return found


def _relative_links(path: Path) -> Iterator[tuple[str, int, str, str]]:
    """(link as written, line, target path, fragment) of each link that
    stays in the repository."""
    for link in _scan(path).links:
        parts = urlsplit(link.url)
        if parts.scheme or parts.netloc:
            continue
        yield link.url, link.line, unquote(parts.path), unquote(parts.fragment)


def _problems(path: Path) -> Iterator[str]:
    where = path.relative_to(ROOT).as_posix()
    for url, line, target, fragment in _relative_links(path):
        resolved = (path.parent / target).resolve() if target else path
        if not resolved.is_relative_to(ROOT):
            yield f"{where}:{line}: '{url}' points outside the repository"
        elif not resolved.exists():
            yield f"{where}:{line}: '{url}' points at a file that does not exist"
        elif fragment and resolved.suffix == ".md" and fragment not in anchors(resolved):
            shown = resolved.relative_to(ROOT).as_posix()
            yield f"{where}:{line}: '{url}': {shown} has no heading with the anchor '{fragment}'"


@pytest.mark.parametrize("path", PAGES, ids=[p.relative_to(ROOT).as_posix() for p in PAGES])
def test_every_relative_link_and_anchor_resolves(path: Path) -> None:
    assert list(_problems(path)) == []


def test_every_chapter_is_listed_in_the_readme() -> None:
    listed = {target for _, _, target, _ in _relative_links(ROOT / "README.md")}
    chapters = {p.relative_to(ROOT).as_posix() for p in PAGES[1:]}
    assert chapters - listed == set()


def test_github_anchors() -> None:
    assert github_anchor("Checks: `kb check`") == "checks-kb-check"
    assert github_anchor("Accessibility: WCAG 2.1 AA, and the statement") == (
        "accessibility-wcag-21-aa-and-the-statement"
    )
    assert github_anchor("Editing in the browser: /admin/") == "editing-in-the-browser-admin"
    assert github_anchor("Många banker – sökta som en") == "många-banker--sökta-som-en"


def test_a_broken_link_and_anchor_are_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "repo"
    monkeypatch.setattr(f"{__name__}.ROOT", root)
    (root / "handbook").mkdir(parents=True)
    (root / "handbook" / "a.md").write_text("# A\n\n## Del två\n", encoding="utf-8")
    (tmp_path / "utanfor.md").write_text("# U\n", encoding="utf-8")
    page = root / "README.md"
    page.write_text(
        "# R\n\n[ok](handbook/a.md#del-två) [fel](handbook/a.md#del-tre)\n"
        "[borta](handbook/b.md) `[kod](saknas.md)` [ut](../utanfor.md) [här](#r)\n",
        encoding="utf-8",
    )
    assert list(_problems(page)) == [
        "README.md:3: 'handbook/a.md#del-tre': handbook/a.md has no heading with the anchor "
        "'del-tre'",
        "README.md:4: 'handbook/b.md' points at a file that does not exist",
        "README.md:4: '../utanfor.md' points outside the repository",
    ]
