"""Thermal printer jobs looked at the way the printer would print them.

ZPL is rendered by an independent renderer: zpl-renderer-js 3.4.0 (npm, MIT), a WebAssembly build of
IngridHQ's Zebrash (github.com/ingridhq/zebrash), run with Debian's nodejs. Its tarball is fetched once
from registry.npmjs.org into the user's cache and checked against the registry's sha512 before use.
Every QR code in its pictures is decoded with zxing-cpp and with zbar to the stamp's exact URL, and
Tesseract reads the lot code and the serial — on every shipped roll stock at 203 and 300 dpi.

TSPL has no renderer we could find; its jobs are decoded here: the DOWNLOADed BMP read by Pillow,
each BITMAP's rows put back into a picture (TSPL prints the 0 bits) and OCR'd, and every QRCODE
command's data, error level and cell width checked against the layout's box.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import os
import re
import shutil
import subprocess
import tarfile
import urllib.request
import zlib
from dataclasses import dataclass, replace
from io import BytesIO
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from pyzbar import pyzbar

from ocopdesk.domain.label import MIN_QR_MODULE_MM
from ocopdesk.domain.print_offsets import fit_offsets, thermal_area
from ocopdesk.domain.print_request import Calibration
from ocopdesk.domain.stamp import url_maker
from ocopdesk.domain.stamp_boxes import LayoutRefused, TextBox
from ocopdesk.render.label_job import SheetJob, StampContent
from ocopdesk.render.qr import BYTE_CAPACITY, byte_mode_modules, encode
from ocopdesk.render.stamp_sheet import JobLayouts
from ocopdesk.render.thermal import thermal_job
from ocopdesk.render.tspl import Tspl
from ocopdesk.render.zpl import Zpl
from ocopdesk.services.stamp_print import label_templates
from tests.ocr import Try, first_matches
from tests.render.test_stamp_layout import HONEY, words

Key = tuple[object, ...]  # one job of a batch, e.g. (stock, dpi, kind)
RENDERER = "zpl-renderer-js-3.4.0"
TARBALL = f"https://registry.npmjs.org/zpl-renderer-js/-/{RENDERER}.tgz"
SHA512 = "f9UEII6J2sPR+4pqR4MtEu3oXc7k1i9W402XYyjAN/LAinJp7EP5EmJ/gfr0pOZjNuSWH/Wx+1MgUBHBEGU8mQ=="
ROLLS = sorted(stock for stock, t in label_templates().items() if t.thermal is not None)
SHORT = "https://tx.vn"  # a short resolver address: the only kind a 30 × 20 mm roll can carry at 300 dpi
# Where no whole-dot module reaches GS1's 0.396 mm in the layout's box (8 dots/mm: 4 dots = 0.5 mm).
REFUSED = {
    ("roll-30x20", 203, "long"),
    ("roll-30x20", 203, "short"),
    ("roll-30x20", 300, "long"),
    ("roll-35x22x2", 203, "long"),
    ("roll-35x22x2", 203, "short"),
}
RENDER_JS = """
const {ready} = require(process.argv[1]); const fs = require("fs");
(async () => { const {api} = await ready;
  for (const [zpl, width, height, dpmm, prefix] of JSON.parse(fs.readFileSync(process.argv[2], "utf8"))) {
    const labels = await api.zplToBase64MultipleAsync(fs.readFileSync(zpl, "latin1"), width, height, dpmm);
    labels.forEach((l, i) => fs.writeFileSync(prefix + "-" + i + ".png", Buffer.from(l, "base64")));
  }
})().catch(e => { console.error(e); process.exit(1); });
"""


@pytest.fixture(scope="session")
def zebrash() -> Path:
    """The renderer's entry file, fetched and checked once."""
    if shutil.which("node") is None:
        pytest.skip("nodejs is missing (Debian: apt-get install nodejs)")
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "ocopdesk-tests" / RENDERER
    entry = cache / "package" / "dist" / "index.cjs.js"
    if not entry.exists():
        try:
            data = urllib.request.urlopen(TARBALL, timeout=60).read()
        except OSError as exc:
            pytest.skip(f"registry.npmjs.org unreachable for {RENDERER}: {exc}")
        assert base64.b64encode(hashlib.sha512(data).digest()).decode() == SHA512, "tarball does not match npm"
        cache.mkdir(parents=True, exist_ok=True)
        with tarfile.open(fileobj=BytesIO(data)) as tar:
            tar.extractall(cache, filter="data")
    return entry


def contents(kind: str) -> list[StampContent]:
    """Three stamps of the demo honey lot, each its own serial and URL (95 bytes); "short": a short
    resolver and lot code (74 bytes, a version 4 symbol at level L)."""
    base, lot = (SHORT, "MO-1117") if kind == "short" else ("https://truyxuat.example.vn", HONEY.lot)
    make = url_maker(base, "8938500121005", lot)
    serials = ["0Q06PYK863", "7KWM9QXW4R", "KEFVAQX5Q5"]
    return [replace(HONEY, url=make(s, "KEFVAQX5Q5PF4"), lot=lot, serial=s, number=n) for n, s in enumerate(serials, 1)]


@dataclass
class Label:
    image: Image.Image  # one page (one row of labels) in printer dots
    texts: list[TextBox]
    dx: float  # the label's corner on the page, dots
    dy: float
    dpmm: float


def tries(label: Label, box: TextBox) -> list[Try]:
    """One line's box of the printed dots, resampled to 30, 24, 36, 45… px to the em, each read as one line
    (psm 7) and raw (psm 13, which skips the Vietnamese language model that reads "AQ" in a random serial
    as "AO" at every size): a reading that matches at any of them counts, as in test_stamp_layout (its
    LSTM misreads the odd code at one size, Q as O)."""
    r = box.ink
    crop = label.image.crop(
        (
            round(label.dx + r.x * label.dpmm) - 3,
            round(label.dy + r.y * label.dpmm) - 3,
            round(label.dx + r.right * label.dpmm) + 3,
            round(label.dy + r.bottom * label.dpmm) + 3,
        )
    )
    found = []
    for em_px, psm in itertools.product((30, 24, 36, 45, 27, 33, 40, 20), ("7", "13")):
        factor = em_px / (box.size_pt * 25.4 / 72 * label.dpmm)
        found.append(
            (crop.resize((round(crop.width * factor), round(crop.height * factor)), Image.Resampling.LANCZOS), psm)
        )
    return found


def cleaned(text: str) -> str:
    return text.strip("_‹›“”")


def plain(text: str, role: str) -> list[str]:
    """The words compared: the lot code without its "Lô" (read "Lỗ" at times), the serial by Crockford."""
    found = words(text, role)
    return found[1:] if role == "lot" and found and found[0] in ("Lô", "Lỗ", "Lố") else found


Line = tuple[int, TextBox]  # a label's index and one of its lot or serial lines


def read_labels(printed: dict[Key, list[Label]], tmp: Path) -> dict[Key, list[str]]:
    """Every lot and serial line of every label of every job, read by Tesseract together (tests/ocr.py: a
    picture reads the same in a batch as alone), then handed back job by job in `lines_of` order."""
    lines = [(key, n, box) for key, labels in printed.items() for n, box in lines_of(labels)]
    readings = first_matches(
        [tries(printed[key][n], box) for key, n, box in lines],
        [lambda text, box=box: plain(cleaned(text), box.role) == plain(box.text, box.role) for *_k, box in lines],
        tmp,
    )
    found: dict[Key, list[str]] = {key: [] for key in printed}
    for (key, _n, _box), text in zip(lines, readings, strict=True):
        found[key].append(text)
    return found


def lines_of(labels: list[Label]) -> list[Line]:
    return [(n, box) for n, label in enumerate(labels) for box in label.texts if box.role in ("lot", "serial")]


def assert_reads(labels: list[Label], stamps: list[StampContent], readings: list[str]) -> None:
    """Every label's lot and serial lines read back as the layout wrote them (`readings`: `lines_of` order)."""
    lines = lines_of(labels)
    for n, (label, stamp) in enumerate(zip(labels, stamps, strict=True)):
        for role in ("lot", "serial"):
            mine = [(box, text) for (m, box), text in zip(lines, readings, strict=True) if m == n and box.role == role]
            read = " ".join(cleaned(text) for _box, text in mine)
            wanted = " ".join(box.text for box, _text in mine)
            assert plain(read, role) == plain(wanted, role), (role, read, wanted)
        assert stamp.serial in "".join(box.text for box in label.texts if box.role == "serial")


def check_reads(labels: list[Label], stamps: list[StampContent], tmp: Path) -> None:
    """Every label's lot and serial read back; all lines go to Tesseract together."""
    assert_reads(labels, stamps, read_labels({("one",): labels}, tmp)[("one",)])


def job_for(stock_id: str, kind: str) -> SheetJob:
    return SheetJob(label_templates()[stock_id], contents(kind))


def placed_labels(job: SheetJob, pages: list[Image.Image], dpi: int) -> list[Label]:
    template, dpmm = job.template, dpi / 25.4
    layouts = JobLayouts(job)
    found = []
    for n, content in enumerate(job.contents):
        page, slot = divmod(n, template.per_page)
        x, y = template.position(slot)
        layout = layouts.layout(content, byte_mode_modules(content.url))
        found.append(Label(pages[page], list(layout.texts), x * dpmm, (y - template.first_y) * dpmm, dpmm))
    return found


def zebrash_render(zebrash: Path, jobs: list[tuple[bytes, float, float, int]], tmp: Path) -> list[Path]:
    """Each ZPL job rendered by Zebrash on a canvas of (width mm, height mm, dots/mm), all in one node run:
    starting node and compiling the WebAssembly was most of a one-job run. Every job is its own call, parsed
    afresh (a job renders to the same bytes alone as after the others: checked while writing this).
    Returns each job's prefix; its labels are prefix-0.png, prefix-1.png, …"""
    prefixes, listing = [], []
    for n, (data, width, height, dpmm) in enumerate(jobs):
        prefixes.append(tmp / f"job{n}")
        prefixes[-1].with_suffix(".zpl").write_bytes(data)
        listing.append([str(prefixes[-1].with_suffix(".zpl")), width, height, dpmm, str(prefixes[-1])])
    (tmp / "jobs.json").write_text(json.dumps(listing), encoding="utf-8")
    subprocess.run(["node", "-e", RENDER_JS, str(zebrash), str(tmp / "jobs.json")], check=True, timeout=600)
    return prefixes


@dataclass
class Printed:
    data: bytes  # the job as sent
    pages: list[Image.Image]  # as the renderer printed them, one per row of labels
    blank: bool  # the renderer printed a page past the last row (a blank label)
    labels: list[Label]
    readings: list[str]  # what Tesseract read of the labels' lot and serial lines (`lines_of` order)


CASES = [(stock_id, dpi, kind) for stock_id in ROLLS for dpi in (203, 300) for kind in ("long", "short")]


@pytest.fixture(scope="module")
def zebrash_printed(zebrash: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[Key, Printed]:
    """Every shipped roll at 203 and 300 dpi with long and short addresses, rendered by one node run and
    read by one or two Tesseract runs (issue #21: a run of each per case was most of this module's time).
    A case whose job cannot be made is left out: its own test makes the job and fails there."""
    tmp = tmp_path_factory.mktemp("zebrash")
    jobs: dict[Key, tuple[SheetJob, int, bytes]] = {}
    for stock_id, dpi, kind in CASES:
        job = job_for(stock_id, kind)
        try:
            jobs[(stock_id, dpi, kind)] = (job, dpi, thermal_job(job, Zpl(), dpi))
        except LayoutRefused:
            continue
    # Zebrash's heads have 8 and 12 dots/mm; it centres a label narrower than its canvas, so the
    # canvas is given exactly our ^PW and ^LL in dots (300 dpi is 11.81 dots/mm, not 12).
    sizes = []
    for job, dpi, data in jobs.values():
        dpmm = {203: 8, 300: 12}[dpi]
        width, height = (round(mm * dpi / 25.4) / dpmm for mm in (job.template.page_w, job.template.label_h))
        sizes.append((data, width, height, dpmm))
    printed = {}
    for (key, (job, dpi, data)), prefix in zip(jobs.items(), zebrash_render(zebrash, sizes, tmp), strict=True):
        rows = -(-len(job.contents) // job.template.per_page)
        pages = [Image.open(f"{prefix}-{n}.png").convert("L") for n in range(rows)]
        blank = Path(f"{prefix}-{rows}.png").exists()
        printed[key] = Printed(data, pages, blank, placed_labels(job, pages, dpi), [])
    readings = read_labels({key: p.labels for key, p in printed.items()}, tmp)
    return {key: replace(p, readings=readings[key]) for key, p in printed.items()}


@pytest.mark.parametrize("dpi", [203, 300])
@pytest.mark.parametrize("stock_id", ROLLS)
@pytest.mark.parametrize("kind", ["long", "short"])
def test_zebrash_renders_our_zpl_to_qr_codes_that_decode_and_text_tesseract_reads(
    zebrash_printed: dict[Key, Printed], stock_id: str, dpi: int, kind: str
) -> None:
    job = job_for(stock_id, kind)
    if (stock_id, dpi, kind) in REFUSED:
        with pytest.raises(LayoutRefused, match=r"0\.396|0,396"):
            thermal_job(job, Zpl(), dpi)
        return
    data = thermal_job(job, Zpl(), dpi)
    printed = zebrash_printed[(stock_id, dpi, kind)]
    assert printed.data == data, "the renderer printed this test's job"
    pages = printed.pages
    assert not printed.blank, "one page per row of labels, no blank label"
    found = [b for page in pages for b in zxingcpp.read_barcodes(page)]
    for symbol in found:  # the version and level our layout sized, drawn in whole dots
        assert int(symbol.extra["Version"]) == (byte_mode_modules(symbol.text, symbol.extra["ECLevel"]) - 17) // 4
        modules = byte_mode_modules(symbol.text, symbol.extra["ECLevel"])
        side = symbol.position.top_right.x - symbol.position.top_left.x  # zxing's corners: ±1 dot
        dots = round(side / modules)
        assert abs(side - dots * modules) <= 1 and dots / dpi * 25.4 >= MIN_QR_MODULE_MM, (side, modules)
    decoded_z = sorted(b.text for b in found)
    decoded_b = sorted(s.data.decode() for page in pages for s in pyzbar.decode(page))
    urls = sorted(c.url for c in job.contents)
    assert decoded_z == urls and decoded_b == urls
    assert_reads(printed.labels, job.contents, printed.readings)


def test_zebrash_puts_the_qr_code_where_the_layout_put_its_box(zebrash: Path, tmp_path: Path) -> None:
    """The symbol lies inside the layout's QR box, quiet zone included: the ^BQ drop (^BY's height) is
    pinned and undone, even after an earlier job left the printer with a 100-dot ^BY height."""
    job = job_for("roll-50x30", "long")
    earlier = b"^XA^BY2,3,100^FO0,0^GB5,5,5^FS^XZ\n"  # another program's label, its ^BY kept by the printer
    [prefix] = zebrash_render(
        zebrash, [(earlier + thermal_job(replace(job, contents=job.contents[:1]), Zpl(), 203), 52, 30, 8)], tmp_path
    )
    found = zxingcpp.read_barcodes(Image.open(f"{prefix}-1.png").convert("L"))[0].position
    box = JobLayouts(job).layout(job.contents[0], byte_mode_modules(job.contents[0].url)).qr
    x0, y0 = (job.template.first_x + box.rect.x) * 8, box.rect.y * 8
    quiet = 4 * 4  # 4 modules of 4 dots (0.5 mm at 8 dots/mm)
    assert x0 + quiet - 1 <= found.top_left.x and found.bottom_right.x <= x0 + box.rect.w * 8 - quiet + 1
    assert y0 + quiet - 1 <= found.top_left.y and found.bottom_right.y <= y0 + box.rect.w * 8 - quiet + 1


# ---------------------------------------------------------------- TSPL, decoded here

_COMMAND = re.compile(
    rb"(DOWNLOAD|BITMAP|PUTBMP|QRCODE|CLS|PRINT|KILL|SIZE|GAP|BLINE|SPEED|DENSITY|DIRECTION|REFERENCE|SHIFT|"
    rb"CODEPAGE)\b ?"
)


def tspl_pages(data: bytes, width: int, height: int) -> tuple[list[Image.Image], list[list[bytes]]]:
    """Replay a TSPL job: BMPs downloaded, bitmaps and stored BMPs drawn, all moved by the SHIFT in force
    (x dots right, y dots down the label); QRCODE lines collected as sent."""
    files: dict[str, Image.Image] = {}
    pages: list[Image.Image] = []
    qrs: list[list[bytes]] = []
    page = Image.new("1", (width, height), 1)
    at, sx, sy = 0, 0, 0
    while at < len(data):
        m = _COMMAND.match(data, at)
        assert m, data[at : at + 40]
        word, at = m.group(1), m.end()
        if word == b"DOWNLOAD":
            name, size, at = _fields(data, at, 2)
            files[name.strip(b'"').decode()] = Image.open(BytesIO(data[at : at + int(size)])).convert("1")
            at += int(size) + 2
        elif word == b"BITMAP":
            x, y, wb, h, mode, at = _fields(data, at, 5)
            size = int(wb) * int(h)
            bits = Image.frombytes("1", (int(wb) * 8, int(h)), data[at : at + size])  # 0 prints black
            assert mode == b"1", "OR mode: a bitmap never erases what is under it"
            page.paste(0, (int(x) + sx, int(y) + sy), bits.point(lambda v: 255 - v).convert("1"))
            at += size + 2
        else:
            end = data.index(b"\r\n", at)
            args, at = data[m.end() : end], end + 2
            if word == b"CLS":
                page = Image.new("1", (width, height), 1)
                qrs.append([])
            elif word == b"PUTBMP":
                x, y, name = args.split(b",")
                picture = files[name.strip(b'"').decode()]
                page.paste(0, (int(x) + sx, int(y) + sy), picture.point(lambda v: 255 - v).convert("1"))
            elif word == b"SHIFT":
                sx, sy = (int(v) for v in args.split(b","))
            elif word == b"QRCODE":
                qrs[-1].append(args)
            elif word == b"PRINT":
                pages.append(page.convert("L"))
    return pages, qrs


def _fields(data: bytes, at: int, count: int) -> list:  # type: ignore[type-arg]
    found = []
    for _n in range(count):
        comma = data.index(b",", at)
        found.append(data[at:comma])
        at = comma + 1
    return [*found, at]


def tspl_kind(stock_id: str) -> str:
    return "short" if stock_id == "roll-30x20" else "long"


@pytest.fixture(scope="module")
def tspl_readings(tmp_path_factory: pytest.TempPathFactory) -> dict[Key, tuple[bytes, list[str]]]:
    """Each roll's TSPL job at 203 and 300 dpi and what Tesseract read of its replayed lot and serial
    lines, all lines of all jobs read together (issue #21). A job that cannot be made is left out."""
    jobs = {}
    for stock_id, dpi in itertools.product(ROLLS, (203, 300)):
        job = job_for(stock_id, tspl_kind(stock_id))
        try:
            data = thermal_job(job, Tspl(), dpi)
        except LayoutRefused:
            continue
        dpmm, t = dpi / 25.4, job.template
        pages, _qrs = tspl_pages(data, round(t.page_w * dpmm), round(t.label_h * dpmm))
        jobs[(stock_id, dpi)] = (data, placed_labels(job, pages, dpi))
    readings = read_labels({key: labels for key, (_data, labels) in jobs.items()}, tmp_path_factory.mktemp("tspl"))
    return {key: (data, readings[key]) for key, (data, _labels) in jobs.items()}


@pytest.mark.parametrize("dpi", [203, 300])
@pytest.mark.parametrize("stock_id", ROLLS)
def test_tspl_bitmaps_read_back_and_qrcode_commands_match_the_layout(
    stock_id: str, dpi: int, tspl_readings: dict[Key, tuple[bytes, list[str]]]
) -> None:
    kind = tspl_kind(stock_id)
    job = job_for(stock_id, kind)
    if (stock_id, dpi, kind) in REFUSED:
        with pytest.raises(LayoutRefused):
            thermal_job(job, Tspl(), dpi)
        return
    data = thermal_job(job, Tspl(), dpi)
    read_data, readings = tspl_readings[(stock_id, dpi)]
    assert read_data == data, "Tesseract read this test's job"
    dpmm, t = dpi / 25.4, job.template
    pages, qrs = tspl_pages(data, round(t.page_w * dpmm), round(t.label_h * dpmm))
    assert data.startswith(f"SIZE {t.page_w:g} mm,{t.label_h:g} mm\r\nGAP 2 mm,0 mm\r\n".encode())
    assert data.count(b"DOWNLOAD ") == 1, "constant lines sent once"
    assert data.endswith(b'KILL "OCOP1.BMP"\r\nSHIFT 0,0\r\n')
    labels = placed_labels(job, pages, dpi)
    commands = [q for page in qrs for q in page]
    assert len(commands) == len(job.contents)
    for label, content, command in zip(labels, job.contents, commands, strict=True):
        x, y, ec, cell, mode, rotation, model, text = command.decode().split(",", 7)
        assert (mode, rotation, model) == ("M", "0", "M2")
        assert text == f'"B{len(content.url):04d}{content.url}"'
        modules = byte_mode_modules(content.url, ec)
        box = JobLayouts(job).layout(content, byte_mode_modules(content.url)).qr
        side = (modules + 8) * int(cell)  # quiet zone included
        assert int(cell) / dpmm >= MIN_QR_MODULE_MM and side <= box.rect.w * dpmm + 1e-6
        left = int(x) - 4 * int(cell) - label.dx
        assert box.rect.x * dpmm - 1 <= left and left + side <= box.rect.right * dpmm + 1
        # the text stays clear of the symbol and its quiet zone
        page_left, top = int(x) - 4 * int(cell), int(y) - 4 * int(cell)
        region = label.image.crop((page_left, top, page_left + side, top + side))
        assert region.getextrema() == (255, 255), "text printed into the QR code's quiet zone"
    assert_reads(labels, job.contents, readings)


def test_a_label_costs_a_serial_bitmap_and_a_qr_command_not_the_lots_text(tmp_path: Path) -> None:
    """The lot's lines go once per job; each further label adds under 2 KB in either language."""
    for language in (Zpl(), Tspl()):
        for dpi in (203, 300):
            job = job_for("roll-50x30", "long")
            one = len(thermal_job(replace(job, contents=job.contents[:1]), language, dpi))
            three = len(thermal_job(job, language, dpi))
            assert (three - one) / 2 <= 2048, (language.name, dpi, (three - one) / 2)


def test_byte_mode_versions_match_zxing_where_it_encodes_bytes() -> None:
    """The capacity table the layout sizes the printer's symbol by, against zxing-cpp on lower-case
    text (which it encodes in byte mode alone): every length, every level."""
    for ec in "LMQH":
        for n in range(1, 330):
            text = ("https://tx.vn/" + "a" * 400)[:n]
            if n <= max(BYTE_CAPACITY[ec]):
                assert byte_mode_modules(text, ec) == encode(text, ec).size, (ec, n)


def test_z64_fields_inflate_to_the_serial_rows() -> None:
    """Our ^GF payloads decode with the standard library alone: base64, zlib, and the CRC over the text."""
    data = thermal_job(SheetJob(label_templates()["roll-40x25"], contents("long")[:1]), Zpl(), 203).decode()
    field = re.search(r"\^GFA,(\d+),(\d+),(\d+),:Z64:([A-Za-z0-9+/=]+):([0-9A-F]{4})", data)
    assert field is not None
    rows = zlib.decompress(base64.b64decode(field.group(4)))
    assert len(rows) == int(field.group(1)) and len(rows) % int(field.group(3)) == 0
    import binascii

    assert f"{binascii.crc_hqx(field.group(4).encode(), 0):04X}" == field.group(5)


# ---------------------------------------------------------------- negative calibration offsets (#26)


def shifted(job: SheetJob, page: Image.Image, dpmm: float) -> Label:
    """The job's one label where its calibration puts it on the printed page."""
    [label] = placed_labels(job, [page], round(dpmm * 25.4, 3))
    cal = job.calibration
    return replace(label, dx=label.dx + cal.offset_x * dpmm, dy=label.dy + cal.offset_y * dpmm)


ZPLKIT_SKIPS = re.compile(rb"^~SD\d\d\n|\^MN[A-Z]|\^PR\d+|\^ID[^^]+\^FS")  # settings it refuses; none draws


def zplkit_page(data: bytes, width: int, height: int, dpi: int) -> Image.Image:
    """The job's first label rendered by a second independent renderer, zplkit 0.3.2 (PyPI; the Rust
    `zpl` crate, github.com/codyps/zpl) in its "specification" profile, which applies ^LS and ^LT as
    the ZPL II Programming Guide says (Zebrash ignores both). It refuses the settings that draw nothing
    (darkness, media sensing, speed, deleting a stored graphic), so those are left out first."""
    from zplkit import Options, render

    options = Options(profile="specification", width=width, height=height, dpi=dpi)
    document = render(ZPLKIT_SKIPS.sub(b"", data), options)
    return Image.open(BytesIO(document.labels[0].png())).convert("L")


@pytest.mark.parametrize(
    ("asked", "used"), [((-1.0, -0.5), (-1.0, -0.5)), ((-9.0, -4.0), (-2.0, -1.0)), ((1.5, 0.75), (1.5, 0.75))]
)
@pytest.mark.parametrize("dpi", [203, 300])
def test_offsets_travel_as_the_printers_own_label_shift_and_top_and_move_the_zpl_label_by_their_dots(
    tmp_path: Path, asked: tuple[float, float], used: tuple[float, float], dpi: int
) -> None:
    """A printer that prints too far right or down is corrected with negative offsets, one too far left or
    up with positive ones. The ZPL carries them as ^LS (dots to the left) and ^LT (rows down) in every
    format, the fields themselves unmoved, and resets both at the end; rendered by zplkit, the QR code
    moves by exactly those dots, still decodes, and the lot and serial still read. An offset past the
    label is clipped so the safe area stays on it (x: the liner margin and safe margin, 2 mm; y: the safe
    margin, 1 mm, as the printer's y starts at the label) and a note says so."""
    base = replace(job_for("roll-50x30", "long"), contents=job_for("roll-50x30", "long").contents[:1])
    calibration, note = fit_offsets(base.template, Calibration(*asked), thermal_area(base.template))
    assert (calibration.offset_x, calibration.offset_y) == used
    assert bool(note) == (asked != used) and ("off the label" in note or not note)
    job = replace(base, calibration=calibration)
    dpmm = dpi / 25.4
    dots = (round(used[0] * dpmm), round(used[1] * dpmm))
    data, zero = thermal_job(job, Zpl(), dpi), thermal_job(base, Zpl(), dpi)
    assert data.count(f"^LS{-dots[0]}^LT{dots[1]}".encode()) == 1
    assert data.endswith(b"^XA^LS0^LT0^IDR:OCOP1.GRF^FS^XZ\n")
    fields = re.compile(rb"\^FO\d+,\d+")
    assert fields.findall(data) == fields.findall(zero), "the fields stay where the layout put them"
    width, height = round(base.template.page_w * dpmm), round(base.template.label_h * dpmm)
    before = zxingcpp.read_barcodes(zplkit_page(zero, width, height, dpi))[0]
    page = zplkit_page(data, width, height, dpi)
    [after] = zxingcpp.read_barcodes(page)
    assert after.text == job.contents[0].url and [s.data.decode() for s in pyzbar.decode(page)] == [after.text]
    moved = (
        after.position.top_left.x - before.position.top_left.x,
        after.position.top_left.y - before.position.top_left.y,
    )
    assert moved == dots
    check_reads([shifted(job, page, dpmm)], job.contents, tmp_path)


def test_an_offset_past_the_printers_label_top_range_moves_the_fields_by_the_rest() -> None:
    """^LT stops at 120 rows: on a tall label a 20 mm drop (160 rows at 203 dpi) is 120 rows of ^LT
    and 40 rows of field origins."""
    stock = replace(label_templates()["roll-50x30"], label_h=60.0, page_h=60.0)
    base = SheetJob(stock, contents("long")[:1])
    data = thermal_job(replace(base, calibration=Calibration(0.0, 20.0)), Zpl(), 203)
    zero = thermal_job(base, Zpl(), 203)
    assert b"^LS0^LT120" in data
    ys = [int(y) for y in re.findall(rb"\^FO\d+,(\d+)", data)]
    ys0 = [int(y) for y in re.findall(rb"\^FO\d+,(\d+)", zero)]
    assert [y - y0 for y, y0 in zip(ys, ys0, strict=True)] == [40] * len(ys)


def test_offsets_travel_as_the_tspl_shift_and_the_replayed_label_moves_by_their_dots(tmp_path: Path) -> None:
    """TSPL: the offsets are one SHIFT x,y in the header (reset at the end), every BITMAP, PUTBMP and
    QRCODE stays where the layout put it, no coordinate is negative even at the most the label allows,
    and the replayed lines move by the shift and still read."""
    base = job_for("roll-40x25", "long")
    t, dpmm = base.template, 203 / 25.4
    calibration, _note = fit_offsets(t, Calibration(-5.0, -5.0), thermal_area(t))
    job = replace(base, calibration=calibration)
    data = thermal_job(job, Tspl(), 203)
    dots = (round(calibration.offset_x * dpmm), round(calibration.offset_y * dpmm))
    assert dots[0] < 0 and dots[1] < 0
    assert f"\r\nSHIFT {dots[0]},{dots[1]}\r\n".encode() in data and data.endswith(b"SHIFT 0,0\r\n")
    zero = thermal_job(base, Tspl(), 203)
    size = round(t.page_w * dpmm), round(t.label_h * dpmm)
    pages, qrs = tspl_pages(data, *size)
    pages0, qrs0 = tspl_pages(zero, *size)
    assert qrs == qrs0
    for command in re.findall(rb"(?:BITMAP|PUTBMP|QRCODE) (-?\d+),(-?\d+),", data):
        assert min(int(v) for v in command) >= 0, command
    for page, page0 in zip(pages, pages0, strict=True):  # the ink moved by the shift, cut at the label's edge
        moved = page0.transform(page0.size, Image.Transform.AFFINE, (1, 0, -dots[0], 0, 1, -dots[1]), fillcolor=255)
        assert page.tobytes() == moved.tobytes()
    labels = [shifted(replace(job, contents=[c]), page, dpmm) for c, page in zip(job.contents, pages, strict=True)]
    check_reads(labels, job.contents, tmp_path)


def test_a_logo_on_a_thermal_label_keeps_dark_strokes_solid_and_light_fills_as_dots(tmp_path: Path) -> None:
    """At 203 dpi the logo is dithered after a level stretch (#26): black stays solid, a light fill
    (grey 180, which the text threshold would drop) prints as about 40 % of its dots, white as none."""
    from ocopdesk.domain.stamp_boxes import Rect
    from ocopdesk.render.label_bitmap import TextRaster
    from ocopdesk.render.stamp_text import load_logo

    picture = Image.new("L", (300, 100), 255)
    picture.paste(0, (0, 0, 100, 100))
    picture.paste(180, (100, 0, 200, 100))
    picture.save(tmp_path / "logo.png")
    rect = Rect(2.0, 2.0, 15.0, 5.0)  # 120 × 40 dots at 8 dots/mm
    bitmap = TextRaster(203).bitmap([], (rect, load_logo(str(tmp_path / "logo.png"))))
    assert bitmap is not None
    dots = Image.frombytes("1", (bitmap.width, bitmap.height), bitmap.rows)  # 1 = black here
    left, top = round(2.0 * 203 / 25.4) - bitmap.x, round(2.0 * 203 / 25.4) - bitmap.y

    def black(x0: int, x1: int) -> float:
        band = dots.crop((left + x0, top + 3, left + x1, top + 37))
        return band.histogram()[255] / (band.width * band.height)

    assert black(3, 37) == 1.0
    assert 0.25 <= black(43, 77) <= 0.6
    assert black(83, 117) == 0.0
