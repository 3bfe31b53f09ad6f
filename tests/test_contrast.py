"""Every colour pair kb's stylesheet defines, and the sample bank's palette,
computed against WCAG 2.1 AA: 4.5:1 for text (1.4.3), 3:1 for focus rings
and the edges and borders that carry meaning (1.4.11).

The colours are read from the files themselves: Material's installed
stylesheets (its light scheme and its dark scheme, "slate", with its default
palette), ``kb.css`` on top, and for the sample bank
``overrides/assets/stylesheets/strandvik.css`` on top of that. axe-core
checks the rendered pages (tests/test_accessibility.py) but sees neither
focus rings nor states a page is not in (a badge that is not on the page,
hover, stale contacts before they go stale); this sees them all.

    python -m tests.test_contrast      # the table of every pair and its ratio
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import material as material_package
import pytest

from kb_tools.site.palette import WEAK_PRIMARIES, palette_problems
from kb_tools.site.theming import STYLESHEET, THEME_DIR

from .wcag import LARGE_TEXT, NON_TEXT, TEXT, Colour, contrast, parse

ROOT = Path(__file__).resolve().parents[1]
MATERIAL = Path(material_package.__file__).parent / "templates" / "assets" / "stylesheets"
KB_CSS = THEME_DIR / STYLESHEET
BANK_CSS = ROOT / "overrides" / "assets" / "stylesheets" / "strandvik.css"
# Material's admonition titles are tinted in the type's colour at 10 %.
WARNING_TITLE = "#ff91001a"
DANGER_TITLE = "#ff17441a"

Palette = dict[str, str]


def _declarations(block: str) -> Palette:
    return {
        name: value.strip()
        for name, value in re.findall(r"(--[\w-]+)\s*:\s*([^;{}]+?)\s*(?:;|$)", block)
    }


def _block(css: str, selector: str) -> Palette:
    """The custom properties of the first rule whose selector is *selector*."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    for found, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        if " ".join(found.split()) == selector:
            return _declarations(body)
    raise AssertionError(f"no rule '{selector}' in the stylesheet")


def _read(folder: Path, pattern: str) -> str:
    (path,) = folder.glob(pattern)
    return path.read_text(encoding="utf-8")


@cache
def material(scheme: str) -> Palette:
    """Material's variables for *scheme* with its default palette (indigo)."""
    main = _read(MATERIAL, "main.*.min.css")
    palette = {
        **_block(main, ":root"),
        **_block(main, ":root,[data-md-color-scheme=default]"),
    }
    if scheme == "slate":
        colours = _read(MATERIAL, "palette.*.min.css")
        palette |= _block(colours, "[data-md-color-scheme=slate]")
        palette |= _block(colours, "[data-md-color-scheme=slate][data-md-color-primary=indigo]")
    return palette


def kb(scheme: str) -> Palette:
    """Material with kb.css on top: its light values are set on the root
    too, so the dark scheme inherits what it does not set itself."""
    css = KB_CSS.read_text(encoding="utf-8")
    palette = {**material(scheme), **_block(css, ':root, body[data-md-color-scheme="default"]')}
    if scheme == "slate":
        palette |= _block(css, 'body[data-md-color-scheme="slate"]')
    return palette


def bank(scheme: str) -> Palette:
    """The sample bank: kb with Strandvik's palette on top."""
    css = BANK_CSS.read_text(encoding="utf-8")
    palette = {**kb(scheme), **_block(css, ":root > *")}
    if scheme == "slate":
        palette |= _block(css, ':root > [data-md-color-scheme="slate"]')
    return palette


def resolve(palette: Palette, value: str) -> Colour:
    """A colour value, its ``var(…)`` references followed in *palette*."""
    seen = 0
    while "var(" in value:
        value = re.sub(r"var\((--[\w-]+)\)", lambda m: palette[m.group(1)], value)
        seen += 1
        assert seen < 10, f"circular custom properties in {value!r}"
    return parse(value)


@dataclass(frozen=True)
class Pair:
    """*foreground* on *background* (a stack of layers, the page's first)."""

    what: str
    foreground: str
    background: tuple[str, ...]
    minimum: float

    def colours(self, palette: Palette) -> tuple[Colour, Colour]:
        """The two colours as they are seen: translucent ones laid over
        what lies under them."""
        surface = resolve(palette, "var(--md-default-bg-color)")
        for layer in self.background:
            surface = resolve(palette, layer).over(surface)
        return resolve(palette, self.foreground).over(surface), surface

    def ratio(self, palette: Palette) -> float:
        return contrast(*self.colours(palette))


PAGE: tuple[str, ...] = ()
PANEL = ("var(--kb-panel-bg-color)",)
CODE = ("var(--md-code-bg-color)",)
HEADER = ("var(--md-primary-fg-color)",)
FOOTER = ("var(--md-footer-bg-color)",)
FOOTER_META = (*FOOTER, "var(--md-footer-bg-color--dark)")
SEARCH = ("var(--kb-search-bg-color)",)
RING = "var(--kb-focus-ring-color)"

PAIRS = [
    Pair("body text", "var(--md-default-fg-color)", PAGE, TEXT),
    Pair("panel value", "var(--md-default-fg-color)", PANEL, TEXT),
    Pair("panel label, card role, verified date, type", "var(--kb-muted-fg-color)", PAGE, TEXT),
    Pair("panel label on the panel", "var(--kb-muted-fg-color)", PANEL, TEXT),
    Pair("link", "var(--md-typeset-a-color)", PAGE, TEXT),
    Pair("owner link on the panel", "var(--md-typeset-a-color)", PANEL, TEXT),
    Pair("badge: active", "var(--kb-status-active-color)", PAGE, TEXT),
    Pair("badge: ending soon", "var(--kb-status-ending-color)",
         ("var(--kb-status-ending-bg-color)",), TEXT),
    Pair("badge: expired, overdue", "var(--kb-status-expired-color)",
         ("var(--kb-status-expired-bg-color)",), TEXT),
    Pair("badge: retired", "var(--kb-muted-fg-color)", PAGE, TEXT),
    Pair("stale contact note", "var(--kb-stale-color)", PAGE, TEXT),
    Pair("banner title (warning)", "var(--md-default-fg-color)", (WARNING_TITLE,), TEXT),
    Pair("banner title (danger)", "var(--md-default-fg-color)", (DANGER_TITLE,), TEXT),
    Pair("table caption", "var(--md-default-fg-color)", PAGE, TEXT),
    Pair("header title", "var(--md-primary-bg-color)", HEADER, TEXT),
    Pair("search field text", "var(--kb-search-fg-color)", SEARCH, TEXT),
    Pair("search field placeholder", "var(--kb-search-placeholder-color)", SEARCH, TEXT),
    Pair("footer line, statement link", "var(--md-footer-fg-color--light)", FOOTER_META, TEXT),
    Pair("footer previous/next title", "var(--md-footer-fg-color)", FOOTER, TEXT),
    Pair("footer previous/next direction", "var(--md-footer-fg-color--light)", FOOTER,
         LARGE_TEXT),
    *(
        Pair(f"code: {kind}", f"var(--md-code-hl-{kind}-color)", CODE, TEXT)
        for kind in ("number", "special", "function", "constant", "keyword", "string", "name",
                     "operator", "punctuation", "comment", "generic", "variable")
    ),
    Pair("focus ring on the page", RING, PAGE, NON_TEXT),
    Pair("focus ring on the panel", RING, PANEL, NON_TEXT),
    Pair("focus ring on code", RING, CODE, NON_TEXT),
    Pair("focus ring on a warning title", RING, (WARNING_TITLE,), NON_TEXT),
    Pair("focus ring on a danger title", RING, (DANGER_TITLE,), NON_TEXT),
    Pair("focus ring on an ending badge", RING, ("var(--kb-status-ending-bg-color)",), NON_TEXT),
    Pair("focus ring on an expired badge", RING, ("var(--kb-status-expired-bg-color)",),
         NON_TEXT),
    Pair("focus ring in the header", "var(--md-primary-bg-color)", HEADER, NON_TEXT),
    Pair("focus ring in the footer", "var(--md-footer-fg-color)", FOOTER, NON_TEXT),
    Pair("focus ring on the footer line", "var(--md-footer-fg-color)", FOOTER_META, NON_TEXT),
    Pair("search field's edge in the header", "var(--kb-search-bg-color)", HEADER, NON_TEXT),
    Pair("stale contact card's border", "var(--kb-stale-border-color)", PAGE, NON_TEXT),
]
# The bank's own accent: Material paints text and button labels with it.
BANK_PAIRS = [
    *PAIRS,
    Pair("accent", "var(--md-accent-fg-color)", PAGE, TEXT),
    Pair("text on the accent", "var(--md-accent-bg-color)", ("var(--md-accent-fg-color)",), TEXT),
]
PALETTES = {
    "kb on Material's light scheme": (lambda: kb("default"), PAIRS),
    "kb on Material's dark scheme": (lambda: kb("slate"), PAIRS),
    "Strandvik, light": (lambda: bank("default"), BANK_PAIRS),
    "Strandvik, dark": (lambda: bank("slate"), BANK_PAIRS),
}


def _cases() -> list[object]:
    return [
        pytest.param(name, pair, id=f"{name}: {pair.what}")
        for name, (_, pairs) in PALETTES.items()
        for pair in pairs
    ]


@pytest.mark.parametrize(("palette", "pair"), _cases())
def test_colour_pair_meets_wcag_aa(palette: str, pair: Pair) -> None:
    colours = PALETTES[palette][0]()
    ratio = pair.ratio(colours)
    assert ratio >= pair.minimum, (
        f"{palette}, {pair.what}: {ratio:.2f}:1, needs {pair.minimum}:1 "
        f"({pair.foreground} on {' over '.join(reversed(pair.background)) or 'the page'})"
    )


def test_the_parser_reads_materials_colours() -> None:
    assert resolve(material("default"), "var(--md-default-bg-color)").hex == "#ffffff"
    assert resolve(material("slate"), "var(--md-default-bg-color)").hex == "#1e2129"
    assert resolve(material("slate"), "var(--md-typeset-a-color)").hex == "#5488e8"
    # The contrast function gives WCAG's own figures: 21:1 at most, and
    # #767676 as the lightest grey with 4.5:1 on white.
    white = parse("#ffffff")
    assert contrast(parse("#000000"), white) == 21
    assert round(contrast(parse("#767676"), white), 2) == 4.54
    assert round(contrast(parse("#777777"), white), 2) == 4.48
    assert round(contrast(parse("#0000008a"), parse("#f5f5f5")), 2) == 4.54


def _named_primaries() -> dict[str, Palette]:
    """Material's named primary colours in its light scheme: each one's own
    declarations (a rule may name several colours)."""
    css = _read(MATERIAL, "palette.*.min.css")
    named: dict[str, Palette] = {}
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        for selector in selectors.split(","):
            light = "[data-md-color-scheme=slate]" not in selector.replace(
                ":not([data-md-color-scheme=slate])", ""
            )
            found = re.fullmatch(
                r"\s*\[data-md-color-primary=([\w-]+)\](?::not\(.*\))?\s*", selector
            )
            if found and light:
                named.setdefault(found.group(1), {}).update(_declarations(body))
    return named


def test_the_build_names_materials_primary_colours_that_fail() -> None:
    computed = {}
    for name, own in _named_primaries().items():
        palette = {**material("default"), **own}
        page = resolve(palette, "var(--md-default-bg-color)")
        header = resolve(palette, "var(--md-primary-fg-color)").over(page)
        text = resolve(palette, "var(--md-primary-bg-color)").over(header)
        link = resolve(palette, "var(--md-typeset-a-color)").over(page)
        computed[name] = round(min(contrast(text, header), contrast(link, page)), 2)
    assert len(computed) == 21
    weak = {name: ratio for name, ratio in computed.items() if ratio < TEXT}
    assert weak == dict(WEAK_PRIMARIES)
    problems = palette_problems([{"scheme": "default", "primary": "teal"}, {"primary": "indigo"}])
    assert [str(problem) for problem in problems] == [
        "theme.palette: primary 'teal' gives the header's text or the links a contrast of "
        "3.77:1, under the 4.5:1 that WCAG 2.1 AA asks of text; choose one of indigo, "
        "deep-purple, purple, brown, grey, blue-grey, black, white, or a custom colour "
        "(primary: custom and your own stylesheet)"
    ]
    assert palette_problems({"primary": "custom"}) == palette_problems(None) == []


def table() -> str:
    """Every pair of every palette with its ratio, as a Markdown table."""
    lines = ["| palette | pair | colours | ratio | needs |", "|---|---|---|---:|---:|"]
    for name, (colours, pairs) in PALETTES.items():
        palette = colours()
        for pair in pairs:
            foreground, background = pair.colours(palette)
            lines.append(
                f"| {name} | {pair.what} | {foreground.hex} on {background.hex} "
                f"| {pair.ratio(palette):.2f} | {pair.minimum:g} |"
            )
    return "\n".join(lines)


if __name__ == "__main__":
    print(table())
