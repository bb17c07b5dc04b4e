"""Stamps laid out as PDF, checked the way a phone would: rasterize pages at 300 dpi (poppler's
pdftoppm) and decode every QR with zxing-cpp."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.domain.label import TemplateError
from ocopdesk.domain.print_request import Calibration, PrintRequest
from ocopdesk.services import stamps
from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.profile import CooperativeProfile, save_profile
from ocopdesk.services.stamp_print import FOR_PRINT, label_templates, pdf_for_lot


@pytest.fixture
def demo(service: CatalogService, demo_db: Path) -> CatalogService:
    save_profile(service, CooperativeProfile(resolver_base_url="https://truyxuat.example.vn"))
    return service


def lot_of(service: CatalogService, sku: str) -> str:
    return service.batches(sku)[0].batch.lot_code


def decode_pdf(pdf: Path, dpi: int = 300) -> list[str]:
    assert shutil.which("pdftoppm"), "poppler-utils is needed: sh scripts/install-linux-deps.sh --test"
    prefix = pdf.with_suffix("")
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf), str(prefix)], check=True)
    texts: list[str] = []
    for page in sorted(pdf.parent.glob(f"{prefix.name}-*.png")):
        texts += [r.text for r in zxingcpp.read_barcodes(Image.open(page), formats=zxingcpp.BarcodeFormat.QRCode)]
    return texts


def decode_labels_zbar(pdf: Path, template_id: str, count: int, start_at: int) -> list[str]:
    """zbar, a second independent decoder, reading each label cell of the pages pdftoppm wrote
    (as a phone scans one stamp; zbar does not look for dozens of symbols in one image)."""
    from pyzbar import pyzbar
    from pyzbar.pyzbar import ZBarSymbol

    from ocopdesk.render.label_job import pages

    template = label_templates()[template_id]
    prefix, px = pdf.with_suffix(""), 300 / 25.4
    images = [Image.open(p) for p in sorted(pdf.parent.glob(f"{prefix.name}-*.png"))]
    texts: list[str] = []
    for image, page in zip(images, pages(template, count, start_at), strict=True):
        for slot, _index in page:
            x, y = template.position(slot)
            cell = image.crop(
                (int(x * px), int(y * px), int((x + template.label_w) * px), int((y + template.label_h) * px))
            )
            texts += [r.data.decode() for r in pyzbar.decode(cell, symbols=[ZBarSymbol.QRCODE])]
    return texts


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def test_every_qr_on_the_pdf_decodes_to_the_url_recorded_for_its_serial(demo: CatalogService, tmp_path: Path) -> None:
    lot = lot_of(demo, "MO-NX-500")
    stamps.issue(demo, lot, 70)
    result = pdf_for_lot(demo, PrintRequest(lot, "a4-65-38x21", start_at=10), tmp_path / "tem.pdf", FOR_PRINT)
    assert (result.count, result.pages) == (70, 2) and not list(tmp_path.glob(".*partial"))
    recorded = [url for _s, url in stamps.urls_for(demo, stamps.find_lot(demo, lot))]
    decoded = decode_pdf(result.path)
    assert sorted(decoded) == sorted(recorded)
    assert sorted(decode_labels_zbar(result.path, "a4-65-38x21", 70, 10)) == sorted(recorded)  # zbar reads them too
    assert all(s.print_count == 1 for s, _u in stamps.urls_for(demo, stamps.find_lot(demo, lot)))
    text = " ".join(pdf_text(result.path).split())  # lines may wrap on a small label
    assert "Mật ong hoa rừng" in text and "Quét mã để truy xuất nguồn gốc" in text and "OCOP ★★★★" in text
    assert result.path.stat().st_size / 70 < 2048


def test_thermal_roll_prints_one_label_per_page_and_voided_stamps_never(demo: CatalogService, tmp_path: Path) -> None:
    lot = lot_of(demo, "CHE-LAM-PQ")
    stamps.issue(demo, lot, 6)
    stamps.void(demo, lot, 2, 3, "in hỏng")
    result = pdf_for_lot(demo, PrintRequest(lot, "roll-40x25"), tmp_path / "cuon.pdf")
    assert (result.count, result.pages) == (4, 4)
    issued = {url for s, url in stamps.urls_for(demo, stamps.find_lot(demo, lot)) if s.status == "issued"}
    assert set(decode_pdf(result.path)) == issued


def test_no_stars_for_an_expired_or_revoked_certificate_and_the_reason_is_given(
    demo: CatalogService, tmp_path: Path
) -> None:
    for sku, state in (("SAP-ONG-NX", "expired"), ("COI-NS-DEP", "revoked")):
        lot = lot_of(demo, sku) if demo.batches(sku) else None
        if lot is None:
            continue
        stamps.issue(demo, lot, 2)
        result = pdf_for_lot(demo, PrintRequest(lot, "a4-24-70x37"), tmp_path / f"{sku}.pdf")
        assert state in result.stars_note
        assert "★" not in pdf_text(result.path)


def test_a_layout_with_too_small_qr_modules_is_refused(
    demo: CatalogService, tmp_path: Path, isolated_home: Path
) -> None:
    user_dir = isolated_home / "config" / "labels"
    user_dir.mkdir(parents=True)
    tiny = json.loads(Path("resources/labels/roll-30x20.json").read_text(encoding="utf-8"))
    tiny.update(id="roll-20x12", name="Cuộn 20 × 12 mm")
    tiny["label"].update(width_mm=20.0, height_mm=12.0)
    tiny["layout"].update(pitch_x_mm=22.0, pitch_y_mm=14.0)
    tiny["page"].update(width_mm=22.0, height_mm=14.0)
    (user_dir / "tiny.json").write_text(json.dumps(tiny), encoding="utf-8")
    assert "roll-20x12" in label_templates()
    lot = lot_of(demo, "MO-NX-500")
    stamps.issue(demo, lot, 1)
    with pytest.raises(OcopDeskError, match=r"0\.396"):
        pdf_for_lot(demo, PrintRequest(lot, "roll-20x12"), tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists() and not list(tmp_path.glob(".*partial"))


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("{not json", "JSON"),
        (json.dumps({"format": "something-else"}), "not an OCOPDesk label template"),
        (json.dumps({"format": "ocopdesk-label/1", "id": "x", "name": "x", "kind": "sheet"}), "missing"),
    ],
)
def test_a_corrupted_template_file_is_refused_with_a_clear_message(
    isolated_home: Path, content: str, reason: str
) -> None:
    user_dir = isolated_home / "config" / "labels"
    user_dir.mkdir(parents=True)
    (user_dir / "hong.json").write_text(content, encoding="utf-8")
    with pytest.raises(TemplateError, match=reason) as caught:
        label_templates()
    assert "hong.json" in caught.value.message


def test_overlapping_or_oversized_layouts_are_refused(isolated_home: Path) -> None:
    base = json.loads(Path("resources/labels/a4-24-70x37.json").read_text(encoding="utf-8"))
    user_dir = isolated_home / "config" / "labels"
    user_dir.mkdir(parents=True)
    for change, reason in (({"pitch_x_mm": 60.0}, "overlap"), ({"rows": 9}, "do not fit")):
        broken = json.loads(json.dumps(base))
        broken["layout"].update(change)
        (user_dir / "bad.json").write_text(json.dumps(broken), encoding="utf-8")
        with pytest.raises(TemplateError, match=reason):
            label_templates()


def test_start_at_must_be_on_the_sheet(demo: CatalogService, tmp_path: Path) -> None:
    lot = lot_of(demo, "MO-NX-500")
    stamps.issue(demo, lot, 1)
    with pytest.raises(OcopDeskError, match="between 1 and 24"):
        pdf_for_lot(demo, PrintRequest(lot, "a4-24-70x37", start_at=25), tmp_path / "x.pdf")


def test_big_jobs_encode_in_a_worker_process_with_identical_symbols_in_order() -> None:
    from ocopdesk.render.qr import encode
    from ocopdesk.render.stamp_sheet import PARALLEL_FROM, symbols_for

    urls = [f"https://truyxuat.example.vn/s/{n:010d}?k=ABCDEFGHJKMNP" for n in range(PARALLEL_FROM + 10)]
    parallel = list(symbols_for(urls))
    assert len(parallel) == len(urls)
    assert [parallel[i] for i in (0, 777, len(urls) - 1)] == [encode(urls[i]) for i in (0, 777, len(urls) - 1)]


@pytest.mark.parametrize(
    ("kwargs", "size", "url_end", "title"),
    [
        ({"sku": "LAN-PL"}, "A6", "/sp/LAN-PL", "Lan hoàng thảo Pù Luông"),
        (
            {"place": "Bản Kho Mường, Pù Luông", "line": "Điểm du lịch cộng đồng OCOP 3 sao"},
            "A4",
            "/dd/ban-kho-muong-pu-luong",
            "Bản Kho Mường",
        ),
        ({}, "A5", "/htx", "HTX Cổ Lũng"),
    ],
)
def test_information_posters_open_their_page(
    demo: CatalogService, tmp_path: Path, kwargs: dict, size: str, url_end: str, title: str
) -> None:
    from ocopdesk.services.posters import poster_pdf

    save_profile(demo, CooperativeProfile(name="HTX Cổ Lũng", resolver_base_url="https://truyxuat.example.vn"))
    path, url = poster_pdf(demo, tmp_path / "poster.pdf", size=size, **kwargs)
    assert url == "https://truyxuat.example.vn" + url_end
    assert decode_pdf(path, dpi=100) == [url]
    assert title in pdf_text(path).replace("\n", " ")


def test_copies_print_each_stamp_in_a_row_and_count_once(demo: CatalogService, tmp_path: Path) -> None:
    lot = lot_of(demo, "MO-NX-500")
    stamps.issue(demo, lot, 3)
    request = PrintRequest(lot, "roll-40x25", copies=2)
    result = pdf_for_lot(demo, request, tmp_path / "hai-ban.pdf", FOR_PRINT)
    assert result.pages == 6
    rows = stamps.urls_for(demo, stamps.find_lot(demo, lot))
    assert decode_pdf(result.path) == [url for _s, url in rows for _copy in range(2)]  # jar, then its box
    assert result.path.read_bytes().count(b"/Subtype /Image") == 3  # a stamp's QR image held once for its copies
    assert {s.print_count for s, _u in stamps.urls_for(demo, stamps.find_lot(demo, lot))} == {1}


@pytest.mark.parametrize("length", [20, 90, 300])
def test_qr_bits_are_exactly_the_encoders_dark_modules(length: int) -> None:
    """The PDF draws a QR from its packed 1-bit matrix (#26, for speed): a module is dark in it
    exactly where zxing-cpp's own picture of the symbol is dark."""
    from ocopdesk.render.qr import encode

    url = ("https://truyxuat.example.vn/01/08938500121005/10/CHE-LAM-PQ/21/" + "7KWM9QXW4R" * 40)[:length]
    symbol = encode(url)
    image = zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, ec_level="M").to_image(add_quiet_zones=False)
    assert symbol.size == memoryview(image).shape[0] and len(symbol.bits) == symbol.size * symbol.stride
    expected = {
        (r, c) for r in range(symbol.size) for c in range(symbol.size) if bytes(image)[r * symbol.size + c] == 0
    }
    assert {(r, c) for r in range(symbol.size) for c in range(symbol.size) if symbol.dark(r, c)} == expected


def qr_corners(pdf: Path) -> dict[str, tuple[int, int]]:
    """Each decoded URL's top-left corner on the first page, at 300 dpi."""
    subprocess.run(["pdftoppm", "-r", "300", "-f", "1", "-l", "1", "-gray", "-png", str(pdf), str(pdf.with_suffix(""))])
    page = Image.open(next(pdf.parent.glob(f"{pdf.stem}-*.png")))
    found = zxingcpp.read_barcodes(page, formats=zxingcpp.BarcodeFormat.QRCode)
    return {b.text: (b.position.top_left.x, b.position.top_left.y) for b in found}


def test_negative_offsets_move_the_pdf_stamps_left_and_up_and_too_much_is_clipped_with_a_note(
    demo: CatalogService, tmp_path: Path
) -> None:
    """A printer that prints too far right and down is corrected with negative offsets (#26): every QR
    code moves by them; an offset that would push the stamps off their labels is clipped to the most
    the stock allows (the safe margin: each stamp stays on its own label, not merely on the page, which
    allowed 5.7 mm on this sheet), every stamp still decodes, no ink leaves its label, and the result
    says what was used."""
    lot = lot_of(demo, "MO-NX-500")
    stamps.issue(demo, lot, 10)
    zero = qr_corners(pdf_for_lot(demo, PrintRequest(lot, "a4-65-38x21"), tmp_path / "zero.pdf").path)
    moved_pdf = pdf_for_lot(
        demo, PrintRequest(lot, "a4-65-38x21", calibration=Calibration(-0.8, -0.6)), tmp_path / "m.pdf"
    )
    moved = qr_corners(moved_pdf.path)
    assert moved.keys() == zero.keys() and len(zero) == 10
    assert not any("off the label" in note for note in moved_pdf.notes)
    px = 300 / 25.4
    for url, (x, y) in moved.items():
        assert abs(x - zero[url][0] + 0.8 * px) <= 1.5 and abs(y - zero[url][1] + 0.6 * px) <= 1.5, url
    stock = label_templates()["a4-65-38x21"]
    m = stock.safe_margin
    far = pdf_for_lot(demo, PrintRequest(lot, "a4-65-38x21", calibration=Calibration(-19.0, 3.0)), tmp_path / "far.pdf")
    corners = qr_corners(far.path)
    assert corners.keys() == zero.keys()
    for url, (x, y) in corners.items():
        assert abs(x - zero[url][0] + m * px) <= 1.5 and abs(y - zero[url][1] - m * px) <= 1.5, url
    assert any("off the label" in note and "-19.0 mm" in note and f"{-m:+.1f} mm" in note for note in far.notes)
    assert any("Offset Y +3.0 mm" in note and f"{m:+.1f} mm is used" in note for note in far.notes), far.notes
    page = Image.open(next(tmp_path.glob("far-*.png"))).convert("L")  # qr_corners rendered it at 300 dpi
    outside = page.point(lambda v: 255 if v < 128 else 0)
    for slot in range(stock.per_page):
        x, y = stock.position(slot)
        outside.paste(
            0, (round(x * px), round(y * px), round((x + stock.label_w) * px), round((y + stock.label_h) * px))
        )
    assert outside.getbbox() is None, "ink between the labels"
