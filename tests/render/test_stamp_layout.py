"""What a person reads on a stamp, on every shipped label stock.

The layout is checked as boxes (inside the safe area, none touching another or the QR's quiet
zone), then as ink: the PDF is rendered at 600 dpi and every dark pixel must lie in a box the layout
predicted — a clipped mark or a misplaced line would not. Then Tesseract reads each line back: the
lot code and the serial in full on every stock, the caption with its tone marks where it is printed.
"""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from PIL import Image

from ocopdesk.domain.label import LabelTemplate
from ocopdesk.domain.stamp import normalize_code, url_maker
from ocopdesk.domain.stamp_boxes import PT_MM, LabelLayout, LabelOptions, LayoutRefused, Rect, StampText, TextBox
from ocopdesk.domain.stamp_layout import CAPTION, GIVE_WAY, MIN_PT, layout_label
from ocopdesk.render.label_job import SheetJob, StampContent
from ocopdesk.render.stamp_sheet import JobLayouts, one_label, write_pdf
from ocopdesk.render.stamp_text import measure
from ocopdesk.services.stamp_print import label_templates
from tests.ocr import Try, first_matches

DPI = 600
PX = DPI / 25.4
INSTALL_HINT = "run `sh scripts/install-linux-deps.sh --test` (Debian: tesseract-ocr tesseract-ocr-vie poppler-utils)"

# The worst case the issue names: a 60-character name full of stacked marks, a 20-character lot
# code, 5 stars, and a serial of the widest Crockford letters with a six-digit running number.
WORST_NAME = "Mật ong Ấm Ỗ Ẫ Ặ Ệ rừng Như Xuân ngọt ngào đặc sản Thanh Hóa"
WORST_LOT = "NXTH500-261117-BATCH"
assert len(WORST_NAME) == 60 and len(WORST_LOT) == 20
WORST = StampContent(
    url_maker("https://truyxuat.example.vn", "8938500121005", WORST_LOT)("7KWM9QXW4R", "KEFVAQX5Q5PF4"),
    WORST_NAME,
    WORST_LOT,
    "7KWM9QXW4R",
    123456,
    5,
)
# The demo honey of the issue, as printed today on the small rolls.
HONEY = StampContent(
    url_maker("https://truyxuat.example.vn", "8938500121005", "MO-NX-500-261117")("0Q06PYK863", "KEFVAQX5Q5PF4"),
    "Mật ong hoa rừng Như Xuân",
    "MO-NX-500-261117",
    "0Q06PYK863",
    1,
    4,
)
STOCKS = sorted(label_templates())
CONTENTS = {"worst": WORST, "honey": HONEY}


def assert_clean(layout: LabelLayout) -> None:
    """Every box inside the safe area; no two boxes touch (the QR box holds its quiet zone)."""
    boxes = layout.boxes()
    for role, rect in boxes:
        assert rect.w > 0 and rect.h > 0, role
        assert rect.inside(layout.safe), f"{role} {rect} leaves the safe area {layout.safe}"
    for (a, ra), (b, rb) in itertools.combinations(boxes, 2):
        assert not ra.intersects(rb), f"{a} {ra} overlaps {b} {rb}"


def joined_lot(layout: LabelLayout) -> str:
    return "".join(layout.lines("lot")).replace("Lô ", "Lô")


@pytest.mark.parametrize("stock_id", STOCKS)
@pytest.mark.parametrize("kind", list(CONTENTS))
def test_every_box_lies_in_the_safe_area_and_none_overlaps(stock_id: str, kind: str) -> None:
    content = CONTENTS[kind]
    layout = one_label(label_templates()[stock_id], content)
    assert_clean(layout)
    assert joined_lot(layout) == "Lô" + content.lot  # never shortened, only broken onto lines
    assert "".join(layout.lines("serial")).startswith(content.serial)
    assert str(content.number) in " ".join(layout.lines("serial"))
    sizes = {box.role: box.size_pt for box in layout.texts}
    assert all(size >= MIN_PT[role] - 1e-9 for role, size in sizes.items())
    if layout.lines("caption"):
        assert " ".join(layout.lines("caption")) == CAPTION


@pytest.mark.parametrize("stock_id", STOCKS)
def test_own_line_and_logo_keep_the_same_rules(stock_id: str, tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    Image.new("RGB", (300, 120), "darkgreen").save(logo)
    options = LabelOptions(own_text="Đặc sản OCOP Thanh Hóa", logo=str(logo))
    for content in CONTENTS.values():
        layout = one_label(label_templates()[stock_id], content, options)
        assert_clean(layout)
        assert joined_lot(layout) == "Lô" + content.lot
    roomy = one_label(label_templates()["a4-14-99x38"], HONEY, options)
    assert roomy.logo is not None and roomy.lines("own") == ["Đặc sản OCOP Thanh Hóa"]


def test_lines_give_way_in_the_documented_order_on_the_smallest_roll() -> None:
    roll = label_templates()["roll-30x20"]
    honey = one_label(roll, HONEY)
    assert not honey.lines("caption") and honey.lines("stars") == ["OCOP ★★★★"]  # the caption gives way first
    assert " ".join(honey.lines("name")) == HONEY.product_name  # on three lines, not shortened
    worst = one_label(roll, WORST)
    assert not worst.lines("caption") and not worst.lines("stars")
    assert "name_short" in (*worst.too_wide, *worst.gave_way) and worst.lines("name")[-1].endswith("…")
    assert joined_lot(worst) == "Lô" + WORST_LOT
    assert worst.lines("serial") == ["7KWM9", "QXW4R", "số 123456"]  # its two halves, never shortened


def test_on_every_stock_a_line_gives_way_only_after_those_before_it_in_the_order(tmp_path: Path) -> None:
    """GIVE_WAY is the order when height runs out: caption, own line, logo, stars, then the name
    shortened. Whatever gave way, everything earlier in that order (and on the stamp) gave way first."""
    logo = tmp_path / "logo.png"
    Image.new("RGB", (200, 200), "darkgreen").save(logo)
    options = [LabelOptions(), LabelOptions(own_text="Đặc sản OCOP Thanh Hóa", logo=str(logo))]
    seen = set()
    for stock_id, content, option in itertools.product(STOCKS, CONTENTS.values(), options):
        layout = one_label(label_templates()[stock_id], content, option)
        present = {"caption", "name_short", "own" if option.own_text else "", "logo" if option.logo else ""}
        present |= {"stars"} if content.stars else set()
        for step in layout.gave_way:
            if step in GIVE_WAY:
                earlier = [s for s in GIVE_WAY[: GIVE_WAY.index(step)] if s in present and s not in layout.too_wide]
                assert all(s in layout.gave_way for s in earlier), (stock_id, layout.gave_way, layout.too_wide)
                seen.add(step)
    assert {"caption", "own"} <= seen  # the small rolls do need the order


def test_a_stock_that_cannot_hold_the_lot_code_is_refused_saying_so() -> None:
    """The lot code is never shortened: 20 wide letters without a hyphen do not fit in three lines at
    4 pt beside a QR code on a 25 × 17 mm label, and the message says that is what does not fit."""
    narrow = LabelTemplate("narrow", "Cuộn 25 × 17 mm", "roll", 27, 19, 25, 17, 1, 1, 1, 1, 27, 19)
    text = StampText("Mật ong", "W" * 20, "7KWM9QXW4R", 1, 4)
    with pytest.raises(LayoutRefused) as refused:
        layout_label(narrow, text, LabelOptions(), 29, measure())  # a short URL: a 29-module QR fits
    assert "the lot code WWWWWWWWWWWWWWWWWWWW" in refused.value.message
    assert "Cuộn 25 × 17 mm" in refused.value.message and "never shortened" in refused.value.message
    fits = layout_label(narrow, StampText("Mật ong", "MO-1", "7KWM9QXW4R", 1, 4), LabelOptions(), 29, measure())
    assert_clean(fits)


def test_a_whole_job_shares_one_plan_and_every_stamp_stays_clean() -> None:
    """The fitting runs once per lot; each stamp swaps its own serial into the room kept for the
    widest one in the job (an unlucky serial of W and M, a seven-digit number)."""
    make = url_maker("https://truyxuat.example.vn", "8938500121005", HONEY.lot)
    serials = ["0Q06PYK863", "WWWWWWWWWW", "1111111111", "MMMMWWWWMM", "7KWM9QXW4R"]
    contents = [
        StampContent(make(s, "KEFVAQX5Q5PF4"), HONEY.product_name, HONEY.lot, s, n, 4)
        for s, n in zip(serials, (1, 22, 333, 4444, 1234567), strict=True)
    ]
    for stock_id in STOCKS:
        layouts = JobLayouts(SheetJob(label_templates()[stock_id], contents))
        for content in contents:
            layout = layouts.layout(content, 37)
            assert_clean(layout)
            assert "".join(layout.lines("serial")).startswith(content.serial)
        assert len(layouts.plans) == 1


# ---------------------------------------------------------------- ink and OCR at 600 dpi


@dataclass(frozen=True)
class Printed:
    layout: LabelLayout
    image: Image.Image  # the first label, 600 dpi, grey


@cache
def printed(stock_id: str, kind: str, tmp: Path) -> Printed:
    """One label of the stock as pdftoppm rasterises the PDF at 600 dpi (only the label's area)."""
    assert shutil.which("pdftoppm"), f"poppler-utils is missing: {INSTALL_HINT}"
    stock, content = label_templates()[stock_id], CONTENTS[kind]
    pdf = write_pdf(tmp / f"{stock_id}-{kind}.pdf", SheetJob(stock, [content]))
    x, y = stock.position(0)
    box = [round(x * PX), round(y * PX), round(stock.label_w * PX), round(stock.label_h * PX)]
    out = tmp / f"{stock_id}-{kind}"
    crop = ["-x", str(box[0]), "-y", str(box[1]), "-W", str(box[2]), "-H", str(box[3])]
    subprocess.run(
        ["pdftoppm", "-r", str(DPI), "-gray", "-png", "-singlefile", "-f", "1", "-l", "1", *crop, str(pdf), str(out)],
        check=True,
    )
    return Printed(one_label(stock, content), Image.open(f"{out}.png").convert("L"))


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("stamps600")


def px(rect: Rect, grow: float = 0.0) -> tuple[int, int, int, int]:
    return (
        round(rect.x * PX - grow),
        round(rect.y * PX - grow),
        round(rect.right * PX + grow),
        round(rect.bottom * PX + grow),
    )


@pytest.mark.parametrize("stock_id", STOCKS)
@pytest.mark.parametrize("kind", list(CONTENTS))
def test_every_dark_pixel_is_in_a_box_the_layout_predicted(stock_id: str, kind: str, rendered: Path) -> None:
    """Measuring by ink is only as good as its agreement with what prints: nothing is drawn outside
    the predicted boxes, and each text line's ink reaches the edges of its box (nothing clipped)."""
    label = printed(stock_id, kind, rendered)
    image = label.image.point(lambda v: 255 if v < 128 else 0)  # ink → white, for getbbox
    for _role, rect in label.layout.boxes():  # blank out every predicted box (2 px slack for rounding)
        image.paste(0, px(rect, 2))
    assert image.getbbox() is None, f"ink outside the predicted boxes at {image.getbbox()} (px)"
    ink = label.image.point(lambda v: 255 if v < 128 else 0)
    for box in label.layout.texts:
        left, top, right, bottom = px(box.ink, 2)
        found = ink.crop((left, top, right, bottom)).getbbox()
        assert found is not None, f"{box.role} {box.text!r} printed nothing"
        predicted = (2, 2, right - left - 2, bottom - top - 2)
        assert all(abs(a - b) <= 3 for a, b in zip(found, predicted, strict=True)), (
            box.role,
            box.text,
            found,
            predicted,
        )


def words(text: str, role: str) -> list[str]:
    """A line as a person compares it: the serial read by Crockford's rules (O→0, I/L→1), the
    separator dot of "SERIAL · N" not a character of either; everything else exactly."""
    if role != "serial":
        return text.split()
    return [normalize_code(w) if w.upper() == w else w.casefold() for w in re.split(r"[\s·.:\-]+", text) if w]


def tries(label: Printed, box: TextBox) -> list[Try]:
    """What Tesseract is shown of one line's box. It reads best at about 30 px to the em, so the 600 dpi
    crop is resampled to that, then to 24, 36 and 45 px (as a person moves closer or further): a reading
    that matches at any of them counts. Its LSTM misreads the odd random code (Q as O, an extra letter),
    but a clipped or overlapped glyph reads wrong at every size."""
    crop = label.image.crop(px(box.ink, 6))
    found = []
    for em_px in (30, 24, 36, 45):
        factor = em_px / (box.size_pt * PT_MM * PX)
        size = (max(1, round(crop.width * factor)), max(1, round(crop.height * factor)))
        found.append((crop.resize(size, Image.Resampling.LANCZOS), "7"))
    return found


@pytest.mark.parametrize("stock_id", STOCKS)
@pytest.mark.parametrize("kind", list(CONTENTS))
def test_tesseract_reads_the_lot_code_and_serial_in_full_and_the_caption_with_its_marks(
    stock_id: str, kind: str, rendered: Path, tmp_path: Path
) -> None:
    label, content = printed(stock_id, kind, rendered), CONTENTS[kind]
    boxes = [box for box in label.layout.texts if box.role in ("lot", "serial", "caption")]
    readings = first_matches(
        [tries(label, box) for box in boxes],
        [lambda text, box=box: words(text, box.role) == words(box.text, box.role) for box in boxes],
        tmp_path,
    )
    read = {
        role: [text for box, text in zip(boxes, readings, strict=True) if box.role == role]
        for role in ("lot", "serial", "caption")
    }
    assert "".join(read["lot"]).replace("Lô ", "Lô") == "Lô" + content.lot
    serial = [w for line in read["serial"] for w in words(line, "serial")]
    assert "".join(serial).startswith(content.serial) and serial[-1] == str(content.number)
    if label.layout.lines("caption"):
        assert " ".join(read["caption"]) == CAPTION
