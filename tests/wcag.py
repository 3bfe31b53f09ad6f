"""WCAG 2.1 colour contrast, computed: relative luminance of sRGB colours,
the contrast ratio of two colours, and translucent colours laid over their
background (Material's greys are black or white with an alpha).

Used by ``tests/test_contrast.py``, which checks every colour pair kb's and
the sample bank's stylesheets define; axe-core checks the rendered pages but
cannot see focus rings, hover states or colours of states a page is not in.
"""

from __future__ import annotations

import colorsys
import re
from dataclasses import dataclass

# WCAG 2.1, success criteria 1.4.3 (text) and 1.4.11 (non-text: focus
# indicators, borders that carry meaning).
TEXT = 4.5
LARGE_TEXT = 3.0
NON_TEXT = 3.0


@dataclass(frozen=True)
class Colour:
    """An sRGB colour with channels 0-255 and an alpha 0-1."""

    red: float
    green: float
    blue: float
    alpha: float = 1.0

    def over(self, background: Colour) -> Colour:
        """This colour as seen over an opaque *background*."""
        # Rounded to whole channel values, as a browser paints them and as
        # axe-core reports them.
        a = self.alpha
        return Colour(
            round(self.red * a + background.red * (1 - a)),
            round(self.green * a + background.green * (1 - a)),
            round(self.blue * a + background.blue * (1 - a)),
        )

    @property
    def luminance(self) -> float:
        """Relative luminance (WCAG 2.1, with the sRGB threshold 0.04045)."""

        def linear(channel: float) -> float:
            c = channel / 255
            return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

        return 0.2126 * linear(self.red) + 0.7152 * linear(self.green) + 0.0722 * linear(self.blue)

    @property
    def hex(self) -> str:
        return "#" + "".join(f"{round(c):02x}" for c in (self.red, self.green, self.blue))


_HEX = re.compile(r"^#([0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$", re.I)
_FUNCTION = re.compile(r"^(rgba?|hsla?)\(([^)]*)\)$", re.I)


def parse(text: str) -> Colour:
    """A CSS colour: ``#rgb``, ``#rrggbb``, ``#rrggbbaa``, ``rgb()``/``rgba()``
    or ``hsl()``/``hsla()`` with commas (what Material and kb write)."""
    value = text.strip()
    match = _HEX.match(value)
    if match:
        digits = match[1]
        if len(digits) == 3:
            digits = "".join(d * 2 for d in digits)
        channels = [int(digits[i : i + 2], 16) for i in range(0, len(digits), 2)]
        alpha = channels[3] / 255 if len(channels) == 4 else 1.0
        return Colour(channels[0], channels[1], channels[2], alpha)
    match = _FUNCTION.match(value)
    if not match:
        raise ValueError(f"not a colour kb's tests can read: {text!r}")
    kind = match[1].lower()
    parts = [p.strip() for p in match[2].split(",")]
    alpha = float(parts[3]) if len(parts) == 4 else 1.0
    if kind.startswith("rgb"):
        return Colour(float(parts[0]), float(parts[1]), float(parts[2]), alpha)
    hue = float(parts[0].removesuffix("deg")) / 360
    saturation = float(parts[1].removesuffix("%")) / 100
    lightness = float(parts[2].removesuffix("%")) / 100
    r, g, b = colorsys.hls_to_rgb(hue, lightness, saturation)
    return Colour(r * 255, g * 255, b * 255, alpha)


def contrast(foreground: Colour, background: Colour) -> float:
    """The contrast ratio of *foreground* over *background* (1 to 21)."""
    seen = foreground.over(background) if foreground.alpha < 1 else foreground
    lighter, darker = sorted((seen.luminance, background.luminance), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
