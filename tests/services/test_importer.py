import datetime as dt
import io
import unicodedata
from pathlib import Path

import pytest
from openpyxl import Workbook
from PIL import Image

from ocopdesk.domain.product import ProductFilter
from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.importer import ImportInvalid, import_file
from tests.http_server import serve, trusting


def jpeg(color: str = "red") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), color).save(out, "JPEG")
    return out.getvalue()


TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def to_cp1258(text: str) -> bytes:
    """Encode as Windows-1258 does: letters with ^ ˘ ˛ precomposed, tone marks as combining characters."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            out.append(ch.encode("cp1258"))
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
            out.append((base + "".join(c for c in parts if c in TONES)).encode("cp1258"))
    return b"".join(out)


def messy_workbook(path: Path, rows: list[list[object]]) -> Path:
    """As cooperatives keep them: a merged title, a blank line, Vietnamese headers with variants."""
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "DANH MỤC SẢN PHẨM OCOP - HTX MẬT ONG NHƯ XUÂN"
    ws.merge_cells("A1:H1")
    ws["A2"] = "Cập nhật ngày 01/11/2026"
    ws.append([])
    ws.append(
        [
            "STT",
            "Mã SP",
            "TÊN SẢN PHẨM *",
            "Giá bán (VNĐ)",
            "ĐVT",
            "Mã vạch",
            "Nhóm sản phẩm",
            "Hạng sao",
            "Số QĐ",
            "Ngày công nhận",
            "Chủ thể",
            "Xã/Phường",
            "Tỉnh",
        ]
    )
    for n, row in enumerate(rows, 1):
        ws.append([n, *row])
        if n == 2:
            ws.append([])  # a blank row in the middle
    wb.save(path)
    return path


GOOD = [
    [
        "MO-1",
        unicodedata.normalize("NFD", "Mật ong rừng"),
        "250.000đ",
        "chai",
        "8934588012228",
        "Thực phẩm",
        4,
        "5445/QĐ-UBND",
        dt.datetime(2024, 3, 12),
        "HTX Mật ong Như Xuân",
        "Như Xuân",
        "Thanh Hóa",
    ],
    [
        "MO-2",
        "Mật ong bạc hà",
        "1,2 triệu",
        "hũ",
        None,
        "1",
        "4 sao",
        "5446/QĐ-UBND",
        "12/03/2024",
        "htx mật ong như xuân",
        None,
        None,
    ],
    ["COI-1", "Chiếu cói", 350000, "cái", None, "thu cong my nghe", None, None, None, "HTX Cói Nga Sơn", None, None],
]


def test_messy_workbook_imports_with_nfc_text_prices_certificates_and_producers(
    service: CatalogService, tmp_path: Path
) -> None:
    report = import_file(service, messy_workbook(tmp_path / "sp.xlsx", GOOD))
    assert (report.rows, report.created, report.updated, report.problems) == (3, 3, 0, [])
    honey = service.product_by_sku("MO-1")
    assert honey.product.name == "Mật ong rừng" and unicodedata.is_normalized("NFC", honey.product.name)
    assert honey.product.price == 250_000 and honey.product.ocop_group == "1"
    assert honey.producer is not None and honey.producer.commune_code == "16174"
    assert [(c.stars, c.decision_number, c.signed_on) for c in honey.certificates] == [
        (4, "5445/QĐ-UBND", dt.date(2024, 3, 12))
    ]
    assert service.product_by_sku("MO-2").product.price == 1_200_000
    assert service.product_by_sku("MO-2").producer == honey.producer  # matched by folded name
    assert len(service.producers()) == 2
    assert service.product_by_sku("COI-1").product.ocop_group == "4"


def test_bad_rows_are_all_reported_with_row_and_column_and_nothing_is_written(
    service: CatalogService, tmp_path: Path
) -> None:
    rows = [
        *GOOD,
        ["X-1", "Nước mắm", "abc", "chai", "8934588012229", "Nhóm lạ", None, None, None, None, None, None],
        ["MO-1", "Trùng mã", "10.000", "gói", None, None, None, None, None, None, None, None],
        ["X-2", "Rượu", "100.000", "chai", None, "2", 6, "1/QĐ", "31/02/2024", None, None, None],
    ]
    with pytest.raises(ImportInvalid) as caught:
        import_file(service, messy_workbook(tmp_path / "bad.xlsx", rows))
    found = {(p.row, p.column) for p in caught.value.report.problems}
    # header is row 4, data rows 5,6, blank 7, then 8,9,10,11
    assert found == {
        (9, "Giá bán (VNĐ)"),
        (9, "Mã vạch"),
        (9, "Nhóm sản phẩm"),
        (10, "Mã SP"),
        (11, "Ngày công nhận"),
        (11, "Hạng sao"),
    }
    assert "Row 9, column “Giá bán (VNĐ)”" in str(caught.value.report.problems[0])
    assert service.count_products() == 0 and service.producers() == []


def test_skip_invalid_imports_good_rows_and_lists_the_skipped(service: CatalogService, tmp_path: Path) -> None:
    rows = [*GOOD, ["X-1", "Nước mắm", "abc", "chai", None, None, None, None, None, None, None, None]]
    report = import_file(service, messy_workbook(tmp_path / "b.xlsx", rows), skip_invalid=True)
    assert report.created == 3 and report.skipped_rows == [9]
    assert service.count_products() == 3


def test_reimporting_the_same_file_updates_by_sku(service: CatalogService, tmp_path: Path) -> None:
    path = messy_workbook(tmp_path / "sp.xlsx", GOOD)
    import_file(service, path)
    edited = [[*GOOD[0][:2], "260.000", *GOOD[0][3:]], *GOOD[1:]]
    report = import_file(service, messy_workbook(tmp_path / "sp2.xlsx", edited))
    assert (report.created, report.updated) == (0, 3)
    assert service.count_products() == 3 and len(service.producers()) == 2
    assert service.product_by_sku("MO-1").product.price == 260_000
    assert len(service.product_by_sku("MO-1").certificates) == 1


def test_dry_run_checks_everything_and_writes_nothing(service: CatalogService, tmp_path: Path) -> None:
    report = import_file(service, messy_workbook(tmp_path / "sp.xlsx", GOOD), dry_run=True)
    assert (report.created, report.written) == (3, False) and service.count_products() == 0


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1258"])
def test_csv_in_utf8_bom_and_windows_1258(service: CatalogService, tmp_path: Path, encoding: str) -> None:
    text = (
        "Danh sách sản phẩm;;\nTên hàng;Giá;Đơn vị tính;Cơ sở sản xuất\n"
        "Nước mắm Nghi Sơn;95.000 đ;chai;Công ty Nghi Sơn\n"
    )
    path = tmp_path / "sp.csv"
    data = to_cp1258(text) if encoding == "cp1258" else text.encode(encoding)
    if encoding == "cp1258":
        assert data.decode("utf-8", errors="replace") != text  # really not UTF-8
    path.write_bytes(data)
    report = import_file(service, path)
    assert report.created == 1
    ids = service.search(ProductFilter(search="nuoc mam nghi son"))
    [summary] = service.summaries(ids)
    assert summary.name == "Nước mắm Nghi Sơn" and summary.price == 95_000
    assert summary.sku.startswith("NUOC-MAM-NGHI-SON-")  # a stable SKU when the sheet has none
    assert service.producers()[0].kind == "enterprise"


def test_photos_from_paths_and_urls_are_copied_by_content_hash(service: CatalogService, tmp_path: Path) -> None:
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "a.jpg").write_bytes(jpeg("red"))
    routes = {
        "/b.jpg": (200, "image/jpeg", jpeg("blue")),
        "/page": (200, "text/html", b"<html>"),
        "/fake.jpg": (200, "image/jpeg", b"GIF-not-really"),
    }
    with serve(routes) as base:
        path = tmp_path / "sp.csv"
        path.write_text(f"Tên sản phẩm,Mã SP,Ảnh\nMật ong,MO-1,img/a.jpg; {base}/b.jpg\n", encoding="utf-8")
        import_file(service, path, fetch_limits=trusting(base))
        photos = service.product_by_sku("MO-1").photos
        assert [p.original_name for p in photos] == ["a.jpg", "b.jpg"]
        assert all(service.media_path(p).read_bytes()[:3] == b"\xff\xd8\xff" for p in photos)

        bad = tmp_path / "bad.csv"
        bad.write_text(
            f"Tên sản phẩm,Mã SP,Ảnh\nA,A1,{base}/missing.jpg\nB,B1,{base}/page\nC,C1,{base}/fake.jpg\n"
            "D,D1,img/none.jpg\n",
            encoding="utf-8",
        )
        with pytest.raises(ImportInvalid) as caught:
            import_file(service, bad, fetch_limits=trusting(base))
    messages = [(p.row, p.message) for p in caught.value.report.problems]
    assert [row for row, _ in messages] == [2, 3, 4, 5]
    assert "404" in messages[0][1] and "text/html" in messages[1][1]
    assert "not a JPEG" in messages[2][1] and "not found" in messages[3][1]


def test_files_without_a_header_row_or_of_other_types_are_refused(service: CatalogService, tmp_path: Path) -> None:
    from ocopdesk.domain.errors import OcopDeskError

    nohead = tmp_path / "x.csv"
    nohead.write_text("a,b\n1,2\n", encoding="utf-8")
    for path, expected in (
        (nohead, "No header row"),
        (tmp_path / "x.xls", "not an Excel 97–2003 workbook"),  # an empty file with the old name
        (tmp_path / "x.pdf", r"only \.xlsx, \.xls and \.csv"),
    ):
        path.touch()
        with pytest.raises(OcopDeskError, match=expected):
            import_file(service, path)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(OcopDeskError, match=r"not a valid \.xlsx"):
        import_file(service, broken)


def test_downloads_over_the_size_cap_are_refused(service: CatalogService, tmp_path: Path) -> None:
    big = jpeg("green") + b"\0" * 2000
    with serve({"/big.jpg": (200, "image/jpeg", big)}) as base:
        sheet = tmp_path / "s.csv"
        sheet.write_text(f"Tên sản phẩm,Ảnh\nA,{base}/big.jpg\n", encoding="utf-8")
        with pytest.raises(ImportInvalid) as caught:
            import_file(service, sheet, fetch_limits=trusting(base, max_bytes=1000))
    assert "larger than" in caught.value.report.problems[0].message
    media_dir = service.cdb.media_dir
    assert not media_dir.exists() or not any(media_dir.iterdir())  # nothing half-downloaded was kept
