"""Pictures made by the app itself: the demo catalogue's product photos (no stock images shipped)."""

from __future__ import annotations

import colorsys
import hashlib
import io

from PIL import Image, ImageDraw

from ocopdesk.domain.text import fold

SHAPES = ("jar", "bottle", "box", "bag", "round")


def product_picture(name: str, shape: str, size: int = 800) -> bytes:
    """A clean, recognisable product picture: soft background, a package silhouette and a label
    band, coloured from the name so each demo product looks different. Returns JPEG bytes."""
    seed = hashlib.sha256(fold(name).encode()).digest()
    hue = seed[0] / 255
    bg = _rgb(hue, 0.12, 0.97)
    body = _rgb(hue, 0.55, 0.72)
    label = _rgb((hue + 0.5) % 1, 0.25, 0.98)
    image = Image.new("RGB", (size, size), bg)
    draw = ImageDraw.Draw(image)
    s = size / 100
    draw.ellipse((20 * s, 82 * s, 80 * s, 92 * s), fill=_rgb(hue, 0.15, 0.85))  # shadow
    if shape == "bottle":
        draw.rounded_rectangle((38 * s, 10 * s, 62 * s, 26 * s), 3 * s, fill=body)
        draw.rounded_rectangle((30 * s, 24 * s, 70 * s, 88 * s), 10 * s, fill=body)
    elif shape == "box":
        draw.rectangle((22 * s, 30 * s, 78 * s, 88 * s), fill=body)
        draw.polygon(
            [(22 * s, 30 * s), (34 * s, 20 * s), (90 * s, 20 * s), (78 * s, 30 * s)], fill=_rgb(hue, 0.45, 0.8)
        )
    elif shape == "bag":
        draw.rounded_rectangle((25 * s, 22 * s, 75 * s, 88 * s), 6 * s, fill=body)
        draw.arc((38 * s, 8 * s, 62 * s, 34 * s), 180, 360, fill=body, width=int(3 * s))
    elif shape == "round":
        draw.ellipse((18 * s, 22 * s, 82 * s, 86 * s), fill=body)
    else:  # jar
        draw.rounded_rectangle((30 * s, 20 * s, 70 * s, 30 * s), 2 * s, fill=_rgb(hue, 0.6, 0.5))
        draw.rounded_rectangle((26 * s, 28 * s, 74 * s, 88 * s), 8 * s, fill=body)
    draw.rounded_rectangle((30 * s, 50 * s, 70 * s, 68 * s), 2 * s, fill=label)
    for i, byte in enumerate(seed[1:4]):  # a few "label lines"
        width = 12 + byte % 20
        draw.rectangle((34 * s, (54 + i * 4) * s, (34 + width) * s, (55.5 + i * 4) * s), fill=_rgb(hue, 0.5, 0.45))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85, optimize=True)
    return out.getvalue()


def _rgb(h: float, s: float, v: float) -> tuple[int, int, int]:
    r, g, b = colorsys.hsv_to_rgb(h, s, v)
    return int(r * 255), int(g * 255), int(b * 255)
