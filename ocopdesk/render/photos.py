"""Photos for the web and for marketplaces: decoded safely, upright, sRGB on white, resized, small.

One loader serves the website's responsive sizes and the marketplaces' square images, so a
photo that is rotated by its EXIF tag, CMYK, a palette or 16-bit PNG, or transparent looks the same
everywhere. Every picture the app opens goes through `opened` first: the header's pixel count and the
decoded size are checked before a pixel is decoded, so a decompression bomb, a truncated file or a non-image
raises `PhotoError` with a reason, never Pillow's own error. Decoding shares one memory budget across threads,
so a site build or export stays bounded whatever the number of workers (issue #20).
"""

from __future__ import annotations

import ctypes
import io
import sys
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from ocopdesk.i18n import _

MAX_PIXELS = 60_000_000  # 60 MP: larger than any phone photo, far below what would exhaust memory
MAX_DECODED = 256_000_000  # bytes one decoded picture may take (60 MP RGBA at 8 bits: 240 MB)
SHARED_BUDGET = 300_000_000  # bytes all threads' decoding may hold at once; one picture alone may exceed it
_BANDS_BYTES = {"1": 1, "L": 1, "P": 1, "LA": 2, "PA": 2, "RGB": 3, "YCbCr": 3, "I;16": 2, "I;16B": 2, "I;16L": 2}
_WHITE = (255, 255, 255)
WEB_SHRINK = Image.Resampling.BICUBIC  # the filter of every web size step; module-level so a test can plant a bad one
SQUARE_SHRINK = Image.Resampling.HAMMING  # the marketplace square's one shrink after the reduced-size decode
SQUARE_QUALITIES = (88, 82, 75, 65, 55, 45)  # a square's JPEG qualities, tried in turn until it fits the byte cap


class PhotoError(ValueError):
    """A photo that cannot be used, with a reason a clerk can act on."""


class _Budget:
    """Bytes of decoded pictures held by all threads: a worker waits until its picture fits (a picture
    larger than the whole budget runs alone), so memory stays bounded whatever the worker count."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.used = 0
        self._cond = threading.Condition()
        self._allocator_told = False

    @contextmanager
    def hold(self, cost: int) -> Iterator[None]:
        with self._cond:
            if not self._allocator_told:
                _give_back_big_blocks()
                self._allocator_told = True
            self._cond.wait_for(lambda: self.used == 0 or self.used + cost <= self.limit)
            self.used += cost
        try:
            yield
        finally:
            with self._cond:
                self.used -= cost
                self._cond.notify_all()


def _give_back_big_blocks() -> None:
    """glibc keeps what worker threads free in per-thread arenas, and after the first big free it serves
    even 16 MB blocks from them: measured, 4 threads decoding 60 MP PNGs one at a time held 1.5 GB instead of
    0.5 GB. A fixed mmap threshold (M_MMAP_THRESHOLD = -3) maps blocks of 1 MB and more on their own and
    returns them on free. Windows' heap already returns blocks that large; elsewhere this does nothing."""
    if sys.platform.startswith("linux"):
        with suppress(OSError, AttributeError):  # not glibc (musl has no mallopt)
            ctypes.CDLL(None).mallopt(-3, 1 << 20)


_BUDGET = _Budget(SHARED_BUDGET)
_T = Image.Transpose
_TURNS = {2: _T.FLIP_LEFT_RIGHT, 3: _T.ROTATE_180, 4: _T.FLIP_TOP_BOTTOM, 5: _T.TRANSPOSE, 6: _T.ROTATE_270}
_TURNS |= {7: _T.TRANSVERSE, 8: _T.ROTATE_90}  # EXIF orientation → the turn that makes the photo upright


def opened(source: bytes | Path) -> Image.Image:
    """The one way a picture is opened: header only, checked for pixel count and decoded size, every
    Pillow failure turned into a PhotoError a clerk can read. Nothing is decoded yet."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(source) if isinstance(source, bytes) else source)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise PhotoError(_("The photo is too large to open safely.")) from exc
    except UnidentifiedImageError as exc:
        raise PhotoError(_("The file is not a picture Pillow can read (JPEG, PNG, WebP…).")) from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise PhotoError(_("The photo is damaged or incomplete: {reason}").format(reason=exc)) from exc
    width, height = image.size
    if width * height > MAX_PIXELS or decoded_bytes(image) > MAX_DECODED:
        image.close()
        raise PhotoError(
            _("The photo is {w}×{h} pixels: too large to open safely (at most {mp} megapixels).").format(
                w=width, h=height, mp=MAX_PIXELS // 1_000_000
            )
        )
    return image


def decoded_bytes(image: Image.Image) -> int:
    """What the decoded picture takes in memory (from its header: mode and size)."""
    return image.width * image.height * _BANDS_BYTES.get(image.mode, 4)


def check(source: bytes | Path) -> None:
    """Raise PhotoError unless the picture can be opened safely (header only: cheap, for readiness and import)."""
    opened(source).close()


@contextmanager
def decoding(data: bytes, *, target: int | None = None, across: bool = False) -> Iterator[Image.Image]:
    """`load` inside the shared memory budget, held until the caller has finished with the picture. The cost
    counts the decoded picture (at its reduced decoding size) plus its RGB copy (a transparent PNG is pasted onto
    white). The header is read once: the draft it is given is the one decoded."""
    image = opened(data)
    factor = _shrink(image, target, across)
    with _BUDGET.hold(decoded_bytes(image) + image.width * image.height * 3):
        yield _upright(image, factor)


def load(data: bytes, *, target: int | None = None, across: bool = False) -> Image.Image:
    """Open, check and normalise a photo to an upright RGB image. With `target`, decoding keeps at least that
    many pixels on the long side — or across the upright picture when `across` (a web width: a portrait phone
    photo stored sideways must still be `target` wide) — and no more than it needs: JPEG by DCT scaling (1/2,
    1/4, 1/8: 4–8× faster), any format by a box reduce that leaves at least twice the target."""
    image = opened(data)
    return _upright(image, _shrink(image, target, across))


def _upright(image: Image.Image, factor: int) -> Image.Image:
    """Decode (at the draft already set), flatten to RGB, box-reduce by `factor`, turn upright."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise PhotoError(_("The photo is too large to open safely.")) from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise PhotoError(_("The photo is damaged or incomplete: {reason}").format(reason=exc)) from exc
    orientation = image.getexif().get(0x0112, 1)
    image = _to_rgb(image)
    if factor > 1:  # box-reduce before anything else touches the full size
        image = image.reduce(factor)
    if orientation in _TURNS:  # rotate only when needed, and only the reduced copy
        image = image.transpose(_TURNS[orientation])
    return image


def _shrink(image: Image.Image, target: int | None, across: bool) -> int:
    """Set a JPEG's draft to the smallest DCT scale that keeps `target` pixels (sets the size, decodes nothing),
    and answer the box-reduce factor for what is decoded. The kept side is the long one, or the upright width when
    `across`: measured on the real portrait photos of tests/data/photos, keeping the long side made a 4000×3000
    phone photo turned by EXIF 750 pixels wide on the site instead of 960 (#28)."""
    if not target:
        return 1
    turned = _orientation(image) in (5, 6, 7, 8)
    width, height = image.size
    kept = (height if turned else width) if across else max(width, height)
    if image.format == "JPEG" and target < kept:  # Pillow's draft keeps at least the size asked, both sides
        image.draft("RGB", (max(1, round(width * target / kept)), max(1, round(height * target / kept))))
        width, height = image.size
        kept = (height if turned else width) if across else max(width, height)
    # Box-reduce only down to twice the target, as Pillow's own thumbnail (reducing_gap=2.0): reducing to 1–2×
    # and then bicubic fell to SSIM 0.967 against a full Lanczos on a real photo; twice keeps it ≥ 0.97.
    return max(1, kept // (2 * target))


def _to_rgb(image: Image.Image) -> Image.Image:
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        image = image.point(lambda v: v / 256).convert("L")
    if image.mode == "P":
        image = image.convert("RGBA")
    if image.mode in ("RGBA", "LA", "PA"):
        # One RGB copy, not three: converted RGBA images and their alpha channel would each be a full copy.
        background = Image.new("RGB", image.size, _WHITE)
        rgba = image if image.mode == "RGBA" else image.convert("RGBA")
        background.paste(rgba, mask=rgba)  # an RGBA mask is its alpha band: no separate copy of it
        rgba.close()  # the decoded pixels go now, before anything else is made
        image.close()
        return background
    if image.mode == "RGB":
        return image
    return image.convert("RGB")  # CMYK too: Pillow already undoes Adobe's inverted CMYK JPEGs


def jpeg(image: Image.Image, quality: int = 82, *, progressive: bool = True) -> bytes:
    """JPEG without metadata (no EXIF, GPS or camera data leaves the cooperative), optimised, progressive
    unless told otherwise (progressive encoding costs 3–4× a baseline one)."""
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality, optimize=True, progressive=progressive)
    return out.getvalue()


def web_sizes(data: bytes, widths: tuple[int, ...]) -> list[tuple[int, int, bytes]]:
    """(width, height, JPEG) for each width not larger than the photo, plus the photo's own width
    when it is smaller than the largest asked for: never upscaled.

    Bicubic, not Lanczos, and progressive only for the largest (issue #28): the photos were most of a full
    site build, and the 1000 → 960 step after a half-scale decode cost more than the decode. Bicubic is Pillow's
    own default for shrinking; a small picture gains nothing from progressive loading and came out larger
    (measured on the site bench's photos: 75 → 38 ms a photo, the 320 and 640 files 8–10 % smaller)."""
    with decoding(data, target=max(widths), across=True) as image:
        out: list[tuple[int, int, bytes]] = []
        for width, height in _steps(image.size, widths):
            image = image.resize((width, height), WEB_SHRINK) if width != image.width else image
            out.append((width, height, jpeg(image, progressive=not out)))
    return sorted(out)


def web_plan(source: Path, widths: tuple[int, ...]) -> list[tuple[int, int]]:
    """The (width, height) pairs `web_sizes` will make of this photo, smallest first, from its header alone
    (nothing decoded: a site build writes its pages while the photos are still being made, issue #28). A photo
    whose decoding then disagrees (a PNG's rotation tag after its pixels) or fails is found by comparing."""
    with opened(source) as image:
        turned = _orientation(image) in (5, 6, 7, 8)
        factor = _shrink(image, max(widths), across=True)
        width, height = image.size
    width, height = -(-width // factor), -(-height // factor)  # Image.reduce rounds up
    return sorted((w, h) for w, h in _steps((height, width) if turned else (width, height), widths))


def _steps(size: tuple[int, int], widths: tuple[int, ...]) -> list[tuple[int, int]]:
    """Each width not larger than the picture, largest first, each height from the step before it (the
    widths are made one from another)."""
    width, height = size
    out: list[tuple[int, int]] = []
    for wanted in sorted(widths, reverse=True):
        wanted = min(wanted, width)
        if any(w == wanted for w, _h in out):
            continue
        height = max(1, round(height * wanted / width))
        width = wanted
        out.append((width, height))
    return out


def source_size(data: bytes | Path) -> tuple[int, int]:
    """Width and height as shown (EXIF rotation applied), from the header only: cheap for checks."""
    with opened(data) as image:
        width, height = image.size
        orientation = _orientation(image)
    return (height, width) if orientation in (5, 6, 7, 8) else (width, height)


def _orientation(image: Image.Image) -> int:
    """The EXIF orientation from the header only."""
    try:  # a PNG's getexif() decodes every pixel to look for a late eXIf chunk: read only what the header has
        has_exif = image.format != "PNG" or "exif" in image.info
        value = image.getexif().get(0x0112, 1) if has_exif else 1
        return value if isinstance(value, int) else 1
    except (OSError, SyntaxError, ValueError) as exc:
        raise PhotoError(_("The photo is damaged or incomplete: {reason}").format(reason=exc)) from exc


def square(data: bytes, size: int = 1200, max_bytes: int = 1_000_000) -> bytes:
    """The preset every marketplace accepts: upright sRGB on white, padded to a square of `size`
    (never upscaled beyond the photo's own long side), JPEG without metadata, quality lowered
    from 88 until the file fits `max_bytes`."""
    return square_at(data, size, max_bytes)[1]


def square_at(
    data: bytes, size: int, max_bytes: int, qualities: tuple[int, ...] = SQUARE_QUALITIES
) -> tuple[int, bytes]:
    """`square`, trying only `qualities`, and the quality it was encoded at: a square is the same bytes for the
    same photo, side and quality, so a cache keyed by those serves every marketplace's byte cap it fits."""
    with decoding(data, target=size) as image:
        scale = min(1.0, size / max(image.size))
        if scale < 1.0:
            resized = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
            # Hamming, not box: after the DCT-scaled decode 1.2–2× remains, and box at such ratios fell to SSIM
            # 0.961 against a full Lanczos on a real photo (tests/render/test_photo_quality.py); Hamming keeps
            # 0.977 for the cost of bilinear (#28).
            image = image.resize(resized, SQUARE_SHRINK)
    side = max(image.size)
    canvas = Image.new("RGB", (side, side), _WHITE)
    canvas.paste(image, ((side - image.width) // 2, (side - image.height) // 2))
    for quality in qualities:
        out = io.BytesIO()
        canvas.save(out, "JPEG", quality=quality, optimize=quality < 88)
        if out.tell() <= max_bytes:
            return quality, out.getvalue()
    raise PhotoError(_("The photo cannot be made smaller than {size} KB.").format(size=max_bytes // 1000))
