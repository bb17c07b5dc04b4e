"""Photos for the web and for marketplaces: decoded safely, upright, sRGB on white, resized, small.

One loader serves the website's responsive sizes and the marketplaces' square images, so a
photo that is rotated by its EXIF tag, CMYK, a palette or 16-bit PNG, or transparent looks the same
everywhere. Decompression bombs, truncated files and non-images raise `PhotoError` with a reason.
"""

from __future__ import annotations

import io
import warnings

from PIL import Image, ImageOps, UnidentifiedImageError

from ocopdesk.i18n import _

MAX_PIXELS = 60_000_000  # 60 MP: larger than any phone photo, far below what would exhaust memory
_WHITE = (255, 255, 255)


class PhotoError(ValueError):
    """A photo that cannot be used, with a reason a clerk can act on."""


def load(data: bytes, *, target: int | None = None) -> Image.Image:
    """Open, check and normalise a photo to an upright RGB image. With `target`, JPEG decoding is
    asked for at least that many pixels on the long side only (DCT scaling: 4–8× faster)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise PhotoError(_("The photo is {w}×{h} pixels: too large to open safely.").format(w=width, h=height))
            if target and image.format == "JPEG":
                scale = target / max(width, height)
                if scale < 1:
                    image.draft("RGB", (max(1, round(width * scale)), max(1, round(height * scale))))
            image.load()
    except PhotoError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise PhotoError(_("The photo is too large to open safely.")) from exc
    except UnidentifiedImageError as exc:
        raise PhotoError(_("The file is not a picture Pillow can read (JPEG, PNG, WebP…).")) from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise PhotoError(_("The photo is damaged or incomplete: {reason}").format(reason=exc)) from exc
    if image.getexif().get(0x0112, 1) != 1:  # rotate only when needed: a copy of 12 MP costs ~10 ms
        image = ImageOps.exif_transpose(image)
    return _to_rgb(image)


def _to_rgb(image: Image.Image) -> Image.Image:
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        image = image.point(lambda v: v / 256).convert("L")
    if image.mode == "P":
        image = image.convert("RGBA")
    if image.mode in ("RGBA", "LA", "PA"):
        background = Image.new("RGB", image.size, _WHITE)
        background.paste(image.convert("RGBA"), mask=image.convert("RGBA").getchannel("A"))
        return background
    if image.mode == "RGB":
        return image
    return image.convert("RGB")  # CMYK too: Pillow already undoes Adobe's inverted CMYK JPEGs


def jpeg(image: Image.Image, quality: int = 82) -> bytes:
    """JPEG without metadata (no EXIF, GPS or camera data leaves the cooperative), progressive."""
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
    return out.getvalue()


def web_sizes(data: bytes, widths: tuple[int, ...]) -> list[tuple[int, int, bytes]]:
    """(width, height, JPEG) for each width not larger than the photo, plus the photo's own width
    when it is smaller than the largest asked for: never upscaled."""
    image = load(data, target=max(widths))
    out = []
    for width in sorted(widths, reverse=True):
        if width >= image.width:
            width = image.width
        if any(w == width for w, _h, _d in out):
            continue
        height = max(1, round(image.height * width / image.width))
        image = image.resize((width, height), Image.Resampling.LANCZOS) if width != image.width else image
        out.append((width, height, jpeg(image)))
    return sorted(out)


def source_size(data: bytes) -> tuple[int, int]:
    """Width and height as shown (EXIF rotation applied), from the header only: cheap for checks."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            orientation = image.getexif().get(0x0112, 1)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise PhotoError(_("The file is not a picture Pillow can read (JPEG, PNG, WebP…).")) from exc
    return (height, width) if orientation in (5, 6, 7, 8) else (width, height)


def square(data: bytes, size: int = 1200, max_bytes: int = 1_000_000) -> bytes:
    """The preset every marketplace accepts: upright sRGB on white, padded to a square of `size`
    (never upscaled beyond the photo's own long side), JPEG without metadata, quality lowered
    from 88 until the file fits `max_bytes`."""
    image = load(data, target=size)
    scale = min(1.0, size / max(image.size))
    if scale < 1.0:
        resized = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
        image = image.resize(resized, Image.Resampling.BILINEAR, reducing_gap=2.0)  # antialiased when shrinking
    side = max(image.size)
    canvas = Image.new("RGB", (side, side), _WHITE)
    canvas.paste(image, ((side - image.width) // 2, (side - image.height) // 2))
    for quality in (88, 82, 75, 65, 55, 45):
        out = io.BytesIO()
        canvas.save(out, "JPEG", quality=quality, optimize=quality < 88)
        if out.tell() <= max_bytes:
            return out.getvalue()
    raise PhotoError(_("The photo cannot be made smaller than {size} KB.").format(size=max_bytes // 1000))
