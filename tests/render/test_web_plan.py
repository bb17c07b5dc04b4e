"""`photos.web_plan` reads from a photo's header alone the sizes `web_sizes` makes by decoding it (#28: the site's
pages are written with the planned sizes while the photos are made). Shapes around the DCT-scaling and
box-reduce thresholds, every rotation tag, JPEG and PNG."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from ocopdesk.render import photos

WIDTHS = (320, 640, 960)


SHAPES = [(3900, 300), (2001, 401), (1921, 1081), (1000, 750), (961, 700), (300, 200), (3000, 37), (37, 3000)]
SMALL = [s for s in SHAPES if s[0] * s[1] <= 1_000_000]  # PNG encoding of the large ones takes seconds


@pytest.mark.parametrize(("size", "fmt"), [(s, "JPEG") for s in SHAPES] + [(s, "PNG") for s in SMALL])
def test_the_plan_is_what_decoding_makes(tmp_path: Path, size: tuple[int, int], fmt: str) -> None:
    for orientation in (1, 3, 6, 8):
        exif = Image.Exif()
        exif[0x0112] = orientation
        data = io.BytesIO()
        Image.new("RGB", size, (10, 200, 30)).save(data, fmt, exif=exif.tobytes())
        source = tmp_path / f"{orientation}.{fmt.lower()}"
        source.write_bytes(data.getvalue())
        made = [(w, h) for w, h, _d in photos.web_sizes(data.getvalue(), WIDTHS)]
        assert photos.web_plan(source, WIDTHS) == made, orientation
