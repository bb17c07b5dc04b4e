"""The photos the app makes, measured against a plain full-size pipeline on real photographs (issue #28).

The app decodes photos at reduced size (JPEG DCT scaling through `Image.draft`, `Image.reduce` for other
formats) and shrinks with cheaper filters, one size from the next. That changes pixels by design, so the guard
is a quality measure, not byte equality: every output is compared with what the plain pipeline makes of the same
photo — every pixel decoded, `ImageOps.exif_transpose`, Lanczos straight to the output's size, the same JPEG
encoder and quality — and must keep PSNR ≥ 38 dB or SSIM ≥ 0.97 (luma, 7×7 window, as scikit-image's default).
It must also keep the size, the upright orientation, no EXIF or colour profile, and the byte cap. A planted bad
pipeline (nearest-neighbour shrinking) must fail the same measure, so the measure can fail.

The photos are two real Unsplash photographs with EXIF orientation 6 and 8 (tests/data/photos/README.md); the
large sources are those photos enlarged 2× (3600×2400) so the reduced-size decoding paths run on real content.
"""

from __future__ import annotations

import functools
import io
import math
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageOps

from ocopdesk.render import photos

PHOTOS = Path(__file__).parent.parent / "data" / "photos"
REAL = sorted(PHOTOS.glob("*.jpg"))
WIDTHS = (320, 640, 960)
R = Image.Resampling


def ssim(a: Image.Image, b: Image.Image) -> float:
    """Mean SSIM of the two pictures' luma (Wang et al. 2004, uniform 7×7 window, K1 0.01, K2 0.03)."""
    x = np.asarray(a.convert("L"), dtype=np.float64)
    y = np.asarray(b.convert("L"), dtype=np.float64)

    def mean(v: np.ndarray) -> np.ndarray:  # 7×7 box mean of every full window, by summed-area table
        s = np.pad(v.cumsum(0).cumsum(1), ((1, 0), (1, 0)))
        return (s[7:, 7:] - s[:-7, 7:] - s[7:, :-7] + s[:-7, :-7]) / 49

    mx, my = mean(x), mean(y)
    vx, vy, cxy = mean(x * x) - mx * mx, mean(y * y) - my * my, mean(x * y) - mx * my
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    return float(np.mean(((2 * mx * my + c1) * (2 * cxy + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2))))


def psnr(a: Image.Image, b: Image.Image) -> float:
    mse = float(np.mean((np.asarray(a, dtype=np.float64) - np.asarray(b, dtype=np.float64)) ** 2))
    return math.inf if mse == 0 else 10 * math.log10(255**2 / mse)


def close_enough(ours: Image.Image, reference: Image.Image) -> tuple[bool, str]:
    assert ours.size == reference.size
    p, s = psnr(ours.convert("RGB"), reference.convert("RGB")), ssim(ours, reference)
    return p >= 38 or s >= 0.97, f"PSNR {p:.1f} dB, SSIM {s:.4f}"


def plain(data: bytes) -> Image.Image:
    """The reference decode: every pixel, EXIF orientation applied by Pillow's own helper, RGB."""
    image = ImageOps.exif_transpose(Image.open(io.BytesIO(data)))
    return image.convert("RGB")


@functools.cache
def enlarged(path: Path, fmt: str, long: int = 3600) -> bytes:
    """A real photo enlarged to `long` pixels on its long side (3600×2400 stored by default) with its EXIF
    orientation kept: a source the DCT-scaled decode (JPEG) or the box reduce (PNG) shrinks before the final
    filter."""
    image = Image.open(path)
    scale = long / max(image.size)
    big = image.resize((round(image.width * scale), round(image.height * scale)), R.LANCZOS)
    out = io.BytesIO()
    exif = image.getexif()
    if fmt == "JPEG":
        big.save(out, "JPEG", quality=92, exif=exif)
    else:
        big.save(out, "PNG", compress_level=1, exif=exif)
    return out.getvalue()


def decoded(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def check_web(data: bytes) -> list[str]:
    """Every web size against the plain pipeline; returns the sizes that fail, with their figures."""
    source = plain(data)
    failures = []
    made = photos.web_sizes(data, WIDTHS)
    assert [w for w, _h, _d in made] == sorted({min(w, source.width) for w in WIDTHS})
    for n, (width, height, jpeg) in enumerate(reversed(made)):
        ours = decoded(jpeg)
        assert ours.size == (width, height)
        assert abs(height - source.height * width / source.width) < 1.5  # each height is rounded from the step before
        assert "exif" not in ours.info and "icc_profile" not in ours.info
        reference = decoded(photos.jpeg(source.resize((width, height), R.LANCZOS), progressive=n == 0))
        good, figures = close_enough(ours, reference)
        if not good:
            failures.append(f"{width}: {figures}")
    return failures


def square_reference(source: Image.Image, size: int, quality: int) -> Image.Image:
    scale = min(1.0, size / max(source.size))
    inner = source.resize((round(source.width * scale), round(source.height * scale)), R.LANCZOS)
    side = max(inner.size)
    canvas = Image.new("RGB", (side, side), (255, 255, 255))
    canvas.paste(inner, ((side - inner.width) // 2, (side - inner.height) // 2))
    out = io.BytesIO()
    canvas.save(out, "JPEG", quality=quality, optimize=quality < 88)
    return decoded(out.getvalue())


def check_square(data: bytes, size: int) -> list[str]:
    jpeg = photos.square(data, size, 2_000_000)
    assert len(jpeg) <= 2_000_000
    ours = decoded(jpeg)
    assert ours.size == (size, size)
    assert "exif" not in ours.info and "icc_profile" not in ours.info
    good, figures = close_enough(ours, square_reference(plain(data), size, 88))
    return [] if good else [f"{size}: {figures}"]


@pytest.fixture(scope="module", params=[p.name for p in REAL])
def real(request: pytest.FixtureRequest) -> Path:
    return PHOTOS / request.param


def test_the_real_photos_are_the_rotated_ones() -> None:
    """The guard needs both rotation tags that swap width and height, one each way."""
    assert [Image.open(p).getexif().get(0x0112) for p in REAL] == [6, 8]


def test_web_sizes_of_real_photos_match_the_plain_pipeline(real: Path) -> None:
    assert check_web(real.read_bytes()) == []


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_web_sizes_decoded_at_reduced_size_match_the_plain_pipeline(real: Path, fmt: str) -> None:
    assert check_web(enlarged(real, fmt)) == []


@pytest.mark.parametrize("size", [600, 1200])
def test_marketplace_squares_match_the_plain_pipeline(real: Path, size: int) -> None:
    """600 from the 1800-pixel photo and 1200 from its 2× copy: both decoded at half size first."""
    data = real.read_bytes() if size == 600 else enlarged(real, "JPEG")
    assert check_square(data, size) == []


def test_a_portrait_phone_photo_stored_sideways_keeps_every_web_width() -> None:
    """A 4000×2667 photo stored sideways (EXIF 8) is 2667 wide upright: the site's 960 must be made. Keeping
    the long side at 960 instead decoded it at 1/4 scale, 667 pixels wide, and the largest width was lost."""
    data = enlarged(PHOTOS / "Portrait_8.jpg", "JPEG", 4000)
    assert [w for w, _h, _d in photos.web_sizes(data, WIDTHS)] == [320, 640, 960]
    assert check_web(data) == []


@pytest.mark.xfail(strict=True, reason="known: 2:1 reduced decode, then a near-1 resample (#28)")
@pytest.mark.parametrize("long", [2000, 4000])
def test_a_landscape_twice_as_wide_as_the_site_needs(long: int) -> None:
    """Known shortfall, kept visible: a landscape photo 2000 or 4000 pixels wide is decoded at 1/2 or 1/4 scale
    (1000 wide) and then resampled 1000 → 960; against a full Lanczos the 960 falls to SSIM 0.938 (2000) and
    0.954 (4000). Decoding to twice the width (Pillow's thumbnail reducing_gap) passes, at 2–3× the CPU a photo,
    which the site build's time cannot pay yet. Strict: this test fails the day the pipeline is good enough."""
    assert check_web(enlarged(PHOTOS / "Landscape_6.jpg", "JPEG", long)) == []


def test_a_nearest_neighbour_pipeline_fails_the_measure(monkeypatch: pytest.MonkeyPatch) -> None:
    """The planted bad pipeline: the same code with nearest-neighbour shrinking fails every photo."""
    monkeypatch.setattr(photos, "WEB_SHRINK", R.NEAREST)
    monkeypatch.setattr(photos, "SQUARE_SHRINK", R.NEAREST)
    for path in REAL:
        assert check_web(path.read_bytes()), path
        assert check_square(path.read_bytes(), 600), path
