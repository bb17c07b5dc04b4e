"""The batched Tesseract reader (tests/ocr.py) gives what one run per picture gives, so the stamp and
thermal tests that moved to it (issue #21) still read exactly what they read before."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from ocopdesk.bundled import resource
from tests.ocr import first_matches, tesseract_many

LINES = ["Lô MO-NX-500-261117", "0Q06PYK863 · 12", "Mật ong hoa rừng", "Ấm Ỗ Ẫ Ặ Ệ"]


def line(text: str, size: int) -> Image.Image:
    font = ImageFont.truetype(str(resource("fonts", "DejaVuSans.ttf")), size)
    left, top, right, bottom = font.getbbox(text)
    image = Image.new("L", (right - left + 4, bottom - top + 4), 255)
    ImageDraw.Draw(image).text((2 - left, 2 - top), text, font=font, fill=0)
    return image


def test_a_batch_reads_each_picture_as_a_run_of_its_own_would(tmp_path: Path) -> None:
    """Sizes from barely legible to large, both modes the tests use: page n of the batch is picture n."""
    pictures = [line(text, size) for text in LINES for size in (10, 30)]
    for psm in ("7", "13"):
        alone = [tesseract_many([picture], tmp_path / f"alone-{n}", psm) for n, picture in enumerate(pictures)]
        assert tesseract_many(pictures, tmp_path, psm) == [reading[0] for reading in alone]
        assert len({reading[0] for reading in alone}) > len(LINES)  # different pictures, different readings


def test_the_first_try_that_matches_wins_and_a_line_with_none_keeps_its_last_reading(tmp_path: Path) -> None:
    """As if the tries were read one by one and the loop stopped at the first match."""
    texts = [["AAA 111", "BBB 222", "CCC 333"], ["DDD 444"], ["EEE 555", "FFF 666"]]
    lines = [[(line(text, 30), "7") for text in tries] for tries in texts]
    alone = [[tesseract_many([image], tmp_path / f"{n}-{m}", psm)[0] for m, (image, psm) in enumerate(tries)]
             for n, tries in enumerate(lines)]  # fmt: skip
    wins = [alone[0][1:], alone[1], []]  # line 0: its 2nd and 3rd reading match; line 2: none does
    got = first_matches(lines, [lambda text, ok=ok: text in ok for ok in wins], tmp_path)
    assert got == [alone[0][1], alone[1][0], alone[2][-1]]
