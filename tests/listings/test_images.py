"""Hostile and awkward photos: each gives a clear per-photo error or a correct square JPEG."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from ocopdesk.render import photos


def encode(image: Image.Image, fmt: str, **kw: object) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **kw)
    return out.getvalue()


def decoded(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_decompression_bomb_is_refused_before_decoding() -> None:
    bomb = encode(Image.new("1", (12_000, 12_000)), "PNG")  # 144 MP in a few kilobytes
    assert len(bomb) < 100_000
    with pytest.raises(photos.PhotoError, match="too large"):
        photos.square(bomb)


def test_truncated_and_non_images_are_explained() -> None:
    whole = encode(Image.new("RGB", (800, 600), (200, 30, 30)), "JPEG")
    with pytest.raises(photos.PhotoError, match="damaged or incomplete"):
        photos.square(whole[: len(whole) // 2])
    with pytest.raises(photos.PhotoError, match="not a picture"):
        photos.square(b"%PDF-1.7 not a photo")


def test_cmyk_becomes_srgb_with_the_same_colour() -> None:
    red = Image.new("RGB", (600, 600), (220, 20, 20)).convert("CMYK")
    out = decoded(photos.square(encode(red, "JPEG", quality=95), size=600))
    assert out.mode == "RGB" and out.size == (600, 600)
    r, g, b = out.getpixel((300, 300))
    assert r > 180 and g < 70 and b < 70


def test_sixteen_bit_png_and_transparency_are_flattened_on_white() -> None:
    deep = Image.linear_gradient("L").resize((700, 500)).convert("I;16")
    deep = deep.point(lambda v: v * 256)
    out = decoded(photos.square(encode(deep, "PNG"), size=700))
    assert out.mode == "RGB" and out.size == (700, 700)
    assert out.getpixel((350, 10)) == (255, 255, 255)  # padding is white
    clear = Image.new("RGBA", (500, 500), (0, 0, 0, 0))
    clear.paste((10, 120, 10, 255), (200, 200, 300, 300))
    flat = decoded(photos.square(encode(clear, "PNG"), size=500))
    assert min(flat.getpixel((20, 20))) > 245 and flat.getpixel((250, 250))[1] > 90


def test_exif_rotation_is_applied_and_metadata_dropped() -> None:
    wide = Image.new("RGB", (800, 400), (255, 255, 255))
    wide.paste((0, 0, 255), (0, 0, 400, 400))  # blue on the left half
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display"
    exif[0x010F] = "Camera maker"
    data = encode(wide, "JPEG", exif=exif.tobytes(), quality=95)
    assert photos.source_size(data) == (400, 800)
    out = decoded(photos.square(data, size=800))
    assert out.size == (800, 800)
    top = out.getpixel((400, 100))
    bottom = out.getpixel((400, 700))
    assert top[2] > 200 and top[0] < 60  # the left half became the top: blue
    assert min(bottom) > 200
    assert not out.getexif()


def test_quality_drops_until_the_byte_cap_is_met() -> None:
    noisy = Image.effect_noise((1200, 1200), 90).convert("RGB")
    big = photos.square(encode(noisy, "PNG"), size=1200, max_bytes=10_000_000)
    cap = len(big) * 3 // 4
    small = photos.square(encode(noisy, "PNG"), size=1200, max_bytes=cap)
    assert len(small) <= cap and decoded(small).size == (1200, 1200)
    with pytest.raises(photos.PhotoError, match="smaller than"):
        photos.square(encode(noisy, "PNG"), size=1200, max_bytes=1000)
