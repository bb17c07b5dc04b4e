"""A corpus of sheets shaped like the lists cooperatives and district offices really keep, each generated
here and imported for real: what lands in the catalogue and what the clerk is told."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from openpyxl import Workbook

from ocopdesk.cli import main
from ocopdesk.domain import legacy_text
from ocopdesk.domain.product import ProductFilter, ProductSummary
from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.import_plan import MappingError, read_plan
from ocopdesk.services.importer import ImportInvalid, import_file
from ocopdesk.services.stamp_print import stars_for

DISTRICT_HEADER = [
    "STT",
    "Mã SP",
    "Tên sản phẩm",
    "Hạng sao OCOP",
    "Giá bán (đ)",
    "ĐVT",
    "Mã vạch",
    "Ngày cấp",
    "Cơ sở sản xuất",
    "Địa chỉ (xã/phường)",
]
PRODUCER = "HTX Như Xuân"
GOOD_GTIN = "8936012345674"


def district_rows() -> list[list[object]]:
    rows: list[list[object]] = [
        [
            n,
            f"TH-{n:02}",
            f"Sản phẩm thử {n}",
            3 + n % 3,
            35_000 + n * 1000,
            "hộp",
            "",
            "15/03/2024",
            "HTX Như Xuân",
            "",
        ]
        for n in range(1, 11)
    ]
    rows[0][6] = GOOD_GTIN
    rows[8][6] = "8936012345670"  # wrong check digit
    rows[9][2] = ""  # no name
    return rows


def workbook(path: Path, sheets: dict[str, list[list[object]]], merge: dict[str, str] | None = None) -> Path:
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        if merge and name in merge:
            sheet.merge_cells(merge[name])
    book.save(path)
    return path


def district_list(path: Path) -> Path:
    title = [["ỦY BAN NHÂN DÂN HUYỆN NHƯ XUÂN"], ["DANH SÁCH SẢN PHẨM OCOP NĂM 2024"], []]
    return workbook(path, {"Sheet1": [*title, DISTRICT_HEADER, *district_rows()]}, {"Sheet1": "A1:J1"})


def cp1258(text: str) -> bytes:
    """Windows-1258 as Excel writes it: precomposed letters where the code page has them (â ê ô ơ ư ă đ),
    the tone as a combining mark after them."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            base, *marks = unicodedata.normalize("NFD", char)
            composed = unicodedata.normalize("NFC", base + "".join(m for m in marks if m in "\u0302\u0306\u031b"))
            tones = "".join(m for m in marks if m not in "\u0302\u0306\u031b")
            out += (composed + tones).encode("cp1258")
    return bytes(out)


def everything(service: CatalogService) -> list[ProductSummary]:
    return service.summaries(service.search(ProductFilter()))


@contextmanager
def reopen(path: Path) -> Iterator[CatalogService]:
    service = CatalogService.open(path)
    try:
        yield service
    finally:
        service.close()


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# -- the list from the issue ------------------------------------------------------------------------


def test_a_district_list_is_recognised_and_says_what_it_refuses(service: CatalogService, tmp_path: Path) -> None:
    path = district_list(tmp_path / "ds.xlsx")
    with pytest.raises(ImportInvalid) as caught:
        import_file(service, path)
    report = caught.value.report
    assert report.header_row == 4 and report.sheet == "Sheet1"
    fields = {c.header: c.field for c in report.columns}
    assert fields["Hạng sao OCOP"] == "stars" and fields["Giá bán (đ)"] == "price" and fields["Ngày cấp"] == "signed_on"
    assert fields["Cơ sở sản xuất"] == "producer" and fields["Địa chỉ (xã/phường)"] == "address"
    assert [(p.row, p.column) for p in report.problems] == [(13, "Mã vạch"), (14, "Tên sản phẩm")]
    assert service.count_products() == 0


def test_skip_invalid_imports_the_eight_good_rows_with_their_claimed_stars(
    service: CatalogService, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = district_list(tmp_path / "ds.xlsx")
    service.close()
    code, out, err = cli(capsys, "import", str(path), "--skip-invalid", "--db", str(service.path))
    assert code == 0, err
    assert out.strip() == "Imported 8 of 10 rows: 8 new, 0 updated. 2 skipped (rows 13, 14)."
    assert "Read sheet “Sheet1”, column names on row 4." in err
    # the list has stars and a date, no decision number: one line per distinct warning, naming its rows
    assert err.count("recorded as claimed") == 3 and "the list has no decision number." in err
    assert "Rows 5, 8, 11 (3 rows), column “Hạng sao OCOP”: 4★ recorded as claimed" in err
    with reopen(service.path) as reopened:
        detail = reopened.product_by_sku("TH-01")
        assert detail.product.gtin == GOOD_GTIN and detail.product.price == 36_000
        cert = detail.certificates[0]
        assert (cert.stars, cert.signed_on, cert.decision_number) == (4, dt.date(2024, 3, 15), "")
        assert stars_for(detail, dt.date(2025, 1, 1))[0] == 0  # claimed stars are not printed
        assert detail.producer is not None and detail.producer.name == "HTX Như Xuân"


def test_a_claim_completed_later_prints_its_stars(service: CatalogService, tmp_path: Path) -> None:
    from dataclasses import replace

    import_file(service, district_list(tmp_path / "ds.xlsx"), skip_invalid=True)
    detail = service.product_by_sku("TH-01")
    claim = detail.certificates[0]
    service.save_product(detail.product, certificate=replace(claim, decision_number="5445/QĐ-UBND"))
    after = service.product_by_sku("TH-01")
    assert len(after.certificates) == 1  # the claim became the certificate
    assert stars_for(after, dt.date(2025, 1, 1)) == (4, "")


# -- shapes -------------------------------------------------------------------------------------------


def test_data_on_the_second_sheet_after_a_cover_sheet(service: CatalogService, tmp_path: Path) -> None:
    cover = [["BÁO CÁO SẢN PHẨM OCOP"], ["Người lập: Nguyễn Văn A"], ["Ngày: 01/11/2025"]]
    data = [["Tên SP", "Giá bán lẻ (đồng)", "Số sao OCOP"], ["Mật ong Như Xuân", "120.000", "4 sao"]]
    path = workbook(tmp_path / "bc.xlsx", {"Bìa": cover, "Danh sách": data})
    report = import_file(service, path)
    assert report.sheet == "Danh sách" and report.created == 1
    assert service.product_by_sku(everything(service)[0].sku).product.price == 120_000


def test_two_lists_in_one_workbook_read_the_fuller_one_and_name_the_other(
    service: CatalogService, tmp_path: Path
) -> None:
    short = [["Tên sản phẩm", "Giá"], ["A", 1000]]
    full = [["Mã SP", "Tên sản phẩm", "Giá", "ĐVT"], ["B1", "B", 2000, "gói"]]
    path = workbook(tmp_path / "two.xlsx", {"Cũ": short, "Mới": full})
    assert read_plan(path).sheet == "Mới" and read_plan(path).other_sheets == ["Cũ"]
    assert read_plan(path, sheet="cũ").sheet == "Cũ"  # chosen by name, case and marks folded
    with pytest.raises(MappingError, match="no sheet “Khác”"):
        read_plan(path, sheet="Khác")


@pytest.mark.parametrize(
    ("written", "stars"),
    [(3, 3), ("3 sao", 3), ("3*", 3), ("★★★★", 4), ("Ba sao", 3), ("Năm sao", 5), ("4.0", 4), (5.0, 5)],
)
def test_stars_as_lists_write_them(service: CatalogService, tmp_path: Path, written: object, stars: int) -> None:
    path = workbook(
        tmp_path / "s.xlsx",
        {
            "S": [
                ["Tên sản phẩm", "Xếp hạng (sao)", "Số QĐ công nhận", "Ngày công nhận"],
                ["A", written, "1/QĐ", "02/01/2024"],
            ]
        },
    )
    import_file(service, path)
    cert = service.product_by_sku(read_plan(path).rows[0].product["sku"]).certificates[0]
    assert cert.stars == stars and cert.is_complete


@pytest.mark.parametrize(
    ("written", "price"),
    [("35.000", 35_000), ("35,000", 35_000), ("35k", 35_000), ("1,2 triệu", 1_200_000), (35000, 35_000)],
)
def test_prices_as_lists_write_them(service: CatalogService, tmp_path: Path, written: object, price: int) -> None:
    path = workbook(tmp_path / "p.xlsx", {"P": [["Tên sản phẩm", "Giá bán (VNĐ)"], ["A", written]]})
    import_file(service, path)
    assert everything(service)[0].price == price


def test_a_formula_price_imports_its_saved_result(service: CatalogService, tmp_path: Path) -> None:
    """Excel saves a formula with its last result; that result is the price (openpyxl cannot write results,
    so the saved value is put into the file the way Excel writes it)."""
    path = workbook(tmp_path / "f.xlsx", {"P": [["Tên sản phẩm", "Giá gốc", "Giá bán"], ["A", 30000, "=B2+5000"]]})
    patched = tmp_path / "f2.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(patched, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                # openpyxl writes the empty value as <v /> or <v></v> depending on its XML writer (lxml or not)
                data = re.sub(rb"<f>B2\+5000</f>(<v\s*/>|<v></v>)", b"<f>B2+5000</f><v>35000</v>", data)
                assert b"<v>35000</v>" in data
            dst.writestr(item, data)
    report = import_file(service, patched)
    assert report.created == 1 and everything(service)[0].price == 35_000
    assert any(c.header == "Giá gốc" and c.field is None for c in report.columns)  # listed as not used


def test_dates_as_text_serials_years_and_impossible_ones(service: CatalogService, tmp_path: Path) -> None:
    header = ["Tên sản phẩm", "Hạng sao", "Số quyết định", "Ngày cấp"]
    rows = [
        ["Text", 3, "1/QĐ", "15/03/2024"],
        ["Serial", 3, "2/QĐ", 45366],  # Excel's number for 15/03/2024
        ["Datetime", 3, "3/QĐ", dt.datetime(2024, 3, 15)],
        ["Year", 3, "4/QĐ", 2023],
        ["Impossible", 3, "5/QĐ", "32/13/2024"],
    ]
    path = workbook(tmp_path / "d.xlsx", {"D": [header, *rows]})
    with pytest.raises(ImportInvalid) as caught:
        import_file(service, path)
    report = caught.value.report
    assert [(p.row, p.column) for p in report.problems] == [(6, "Ngày cấp")]
    assert "32/13/2024" in report.problems[0].message
    assert [(w.row, w.column) for w in report.warnings if "Only the year" in w.message] == [(5, "Ngày cấp")]
    report = import_file(service, path, skip_invalid=True)
    by_name = {s.name: s.sku for s in everything(service)}
    for name in ("Text", "Serial", "Datetime"):
        assert service.product_by_sku(by_name[name]).certificates[0].signed_on == dt.date(2024, 3, 15)
    year = service.product_by_sku(by_name["Year"]).certificates[0]
    assert year.signed_on is None and not year.is_complete  # the claim is kept, the day is asked for


def test_nfd_text_is_stored_nfc(service: CatalogService, tmp_path: Path) -> None:
    name = unicodedata.normalize("NFD", "Nước mắm Hải Hậu")
    path = tmp_path / "nfd.csv"
    path.write_text(f"Tên sản phẩm,Đơn vị tính\n{name},chai\n", encoding="utf-8")
    import_file(service, path)
    assert everything(service)[0].name == "Nước mắm Hải Hậu"


@pytest.mark.parametrize("scheme", ["tcvn3", "vni"])
def test_a_list_typed_in_an_old_vietnamese_font_is_converted(
    service: CatalogService, tmp_path: Path, scheme: str, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [
        ["Tên sản phẩm", "Cơ sở sản xuất", "Địa chỉ"],
        ["Mật ong Như Xuân", "Hợp tác xã Đồng Hới", "Quảng Bình"],
        ["Nước mắm Hải Hậu", "Hợp tác xã Thanh Hóa", "Hà Nội"],
        ["Chè Shan tuyết", "Hộ kinh doanh Bảo Thắng", "Lào Cai"],
    ]
    legacy = [[legacy_text.from_unicode(c, scheme) for c in r] for r in rows]
    assert legacy[2][2] == {"tcvn3": "Hµ Néi", "vni": "Haø Noäi"}[scheme]
    path = workbook(tmp_path / "old.xlsx", {"DS": legacy})
    service.close()
    code, _out, err = cli(capsys, "import", str(path), "--db", str(service.path))
    assert code == 0, err
    assert "was typed in the old" in err and "converted to Unicode" in err
    with reopen(service.path) as reopened:
        names = sorted(s.name for s in everything(reopened))
        assert names == ["Chè Shan tuyết", "Mật ong Như Xuân", "Nước mắm Hải Hậu"]
        producers = sorted(p.name for p in reopened.producers())
        assert producers == ["Hộ kinh doanh Bảo Thắng", "Hợp tác xã Thanh Hóa", "Hợp tác xã Đồng Hới"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1258"])
def test_csv_in_the_encodings_excel_writes(service: CatalogService, tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "sp.csv"
    text = "Mã SP;Tên sản phẩm;Giá bán\nBG-1;Bánh gai Tứ Trụ;45.000\n"
    path.write_bytes(cp1258(text) if encoding == "cp1258" else text.encode(encoding))
    import_file(service, path)
    assert service.product_by_sku("BG-1").product.name == "Bánh gai Tứ Trụ"


def test_blank_rows_and_a_totals_row(service: CatalogService, tmp_path: Path) -> None:
    rows = [
        ["STT", "Tên sản phẩm", "Giá bán", "Số lượng"],
        [1, "Mắm tôm", 30000, 10],
        [None, None, None, None],
        [2, "Tương bần", 25000, 5],
        [None, None, None, None],
        [None, "Tổng cộng", 55000, 15],
    ]
    path = workbook(tmp_path / "t.xlsx", {"T": rows})
    report = import_file(service, path)
    assert report.rows == 2 and report.created == 2 and report.totals_rows == [6]
    assert sorted(s.name for s in everything(service)) == ["Mắm tôm", "Tương bần"]


def test_an_unclear_column_is_a_question_and_map_answers_it(
    service: CatalogService, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [["Tên sản phẩm", "Địa chỉ cơ sở sản xuất", "Ghi chú"], ["Mật ong", "Xã Thanh Quân", "hàng mới"]]
    path = workbook(tmp_path / "q.xlsx", {"Q": rows})
    service.close()
    db = str(service.path)
    code, out, err = cli(capsys, "import", str(path), "--dry-run", "--json", "--db", db)
    found = json.loads(out)
    columns = {c["header"]: c for c in found["columns"]}
    assert columns["Địa chỉ cơ sở sản xuất"]["field"] is None
    assert set(columns["Địa chỉ cơ sở sản xuất"]["candidates"]) == {"address", "producer"}
    assert columns["Ghi chú"]["field"] is None and columns["Ghi chú"]["candidates"] == []
    assert found["rows"][0]["product"]["name"] == "Mật ong" and found["counts"]["new"] == 1
    code, out, err = cli(capsys, "import", str(path), "--dry-run", "--db", db)
    assert "Column B “Địa chỉ cơ sở sản xuất” could be" in err and "Columns not used: C “Ghi chú”." in err
    code, out, err = cli(capsys, "import", str(path), "--map", "B=producer", "--db", db)
    assert code == 0, err
    with reopen(service.path) as reopened:
        assert reopened.producers()[0].name == "Xã Thanh Quân"


def test_a_confirmed_mapping_is_remembered_for_the_same_headers(
    service: CatalogService, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    header = ["Tên hàng hóa", "Cột X", "Ghi chú"]
    first = workbook(tmp_path / "t10.xlsx", {"T": [header, ["A", "4", ""]]})
    second = workbook(tmp_path / "t11.xlsx", {"T": [header, ["B", "5", ""]]})
    service.close()
    db = str(service.path)
    assert cli(capsys, "import", str(first), "--map", "Cột X=stars", "--db", db)[0] == 0
    _code, out, _err = cli(capsys, "import", str(second), "--dry-run", "--json", "--db", db)
    found = json.loads(out)
    assert found["remembered_mapping"] is True
    assert {c["header"]: c["field"] for c in found["columns"]}["Cột X"] == "stars"


def test_a_decision_without_stars_is_told_not_dropped_silently(service: CatalogService, tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text("Tên sản phẩm,Số quyết định\nA,12/QĐ-UBND\n", encoding="utf-8")
    report = import_file(service, path)
    assert report.created == 1
    assert [w.column for w in report.warnings] == ["Số quyết định"] and "without stars" in report.warnings[0].message


def test_map_names_the_columns_it_knows_when_it_cannot_find_one(service: CatalogService, tmp_path: Path) -> None:
    path = workbook(tmp_path / "m.xlsx", {"M": [["Tên sản phẩm", "Giá"], ["A", 1]]})
    with pytest.raises(MappingError, match="A=Tên sản phẩm, B=Giá"):
        read_plan(path, mapping={"Giá lẻ": "price"})
    with pytest.raises(MappingError, match="is not a field"):
        read_plan(path, mapping={"B": "gia"})
    assert read_plan(path, mapping={"Giá": ""}).headers == {"name": "Tên sản phẩm"}


def test_a_two_row_header_under_a_merged_group_title(service: CatalogService, tmp_path: Path) -> None:
    rows = [
        ["DANH SÁCH SẢN PHẨM OCOP HUYỆN NHƯ XUÂN"],
        ["STT", "Tên sản phẩm", "Chủ thể", "Chứng nhận OCOP", None, None, "Ghi chú"],
        [None, None, None, "Hạng sao", "Số QĐ", "Ngày cấp", None],
        [1, "Mật ong Như Xuân", "HTX Như Xuân", "4 sao", "1234/QĐ-UBND", "15/03/2024", ""],
        [2, "Chè Xuân Du", "HTX Xuân Du", 3, "1235/QĐ-UBND", "15/03/2024", "mới"],
    ]
    path = workbook(tmp_path / "two.xlsx", {"DS": rows}, {"DS": "D2:F2"})
    report = import_file(service, path)
    assert report.header_row == 3 and report.created == 2
    assert {c.header: c.field for c in report.columns}["Số QĐ"] == "decision_number"
    honey = next(s for s in everything(service) if s.name == "Mật ong Như Xuân")
    cert = service.product_by_sku(honey.sku).certificates[0]
    assert (cert.stars, cert.decision_number, cert.is_complete) == (4, "1234/QĐ-UBND", True)


# -- what a fresh pair of eyes found (each failed before its fix) ------------------------------------------


def test_a_list_without_the_date_column_keeps_the_known_signing_date(service: CatalogService, tmp_path: Path) -> None:
    full = [
        ["Mã SP", "Tên sản phẩm", "Hạng sao", "Số QĐ", "Ngày cấp"],
        ["MO-1", "Mật ong", 3, "123/QĐ-UBND", "15/03/2024"],
    ]
    import_file(service, workbook(tmp_path / "a.xlsx", {"A": full}))
    short = [["Mã SP", "Tên sản phẩm", "Hạng sao", "Số QĐ"], ["MO-1", "Mật ong", 3, "123/QĐ-UBND"]]
    report = import_file(service, workbook(tmp_path / "b.xlsx", {"B": short}))
    assert report.warnings == []  # nothing is claimed: the known certificate fills the blanks
    cert = service.product_by_sku("MO-1").certificates
    assert len(cert) == 1 and cert[0].signed_on == dt.date(2024, 3, 15) and cert[0].is_complete


def test_units_in_headers_and_cells_are_used(service: CatalogService, tmp_path: Path) -> None:
    rows = [
        ["Mã SP", "Tên sản phẩm", "Giá bán (nghìn đồng)", "Khối lượng (g)", "HSD (tháng)"],
        ["A", "Mật ong", 120, "1,5 kg", 6],
        ["B", "Chè", "95", "500", "2 năm"],
    ]
    import_file(service, workbook(tmp_path / "u.xlsx", {"U": rows}))
    a, b = service.product_by_sku("A").product, service.product_by_sku("B").product
    assert (a.price, a.weight_g, a.shelf_life_days) == (120_000, 1500, 180)
    assert (b.price, b.weight_g, b.shelf_life_days) == (95_000, 500, 730)


@pytest.mark.parametrize("written", ["3.5", 3.5, "4-5 sao", "III"])
def test_stars_that_are_not_whole_are_refused(service: CatalogService, tmp_path: Path, written: object) -> None:
    path = workbook(tmp_path / "s.xlsx", {"S": [["Tên sản phẩm", "Hạng sao"], ["A", written]]})
    with pytest.raises(ImportInvalid) as caught:
        import_file(service, path)
    assert caught.value.report.problems[0].column == "Hạng sao"


def test_a_column_typed_partly_in_tcvn3_is_converted_where_it_is(service: CatalogService, tmp_path: Path) -> None:
    names = ["Mật ong hoa nhãn", "Nước mắm Hải Hậu", "Bánh gai Tứ Trụ", "Quế Thường Xuân", "Mắm tôm Hậu Lộc"]
    later = ["Cà phê Ban Mê", "Mật ong rừng", "Chè xanh"]  # typed in Unicode afterwards
    rows = [["Tên sản phẩm"], *([legacy_text.from_unicode(n, "tcvn3")] for n in names), *([n] for n in later)]
    report = import_file(service, workbook(tmp_path / "m.xlsx", {"M": rows}))
    assert report.converted == [("A", "tcvn3")]
    assert sorted(s.name for s in everything(service)) == sorted(names + later)


def test_a_producer_merged_over_its_products_belongs_to_each(service: CatalogService, tmp_path: Path) -> None:
    rows = [["Tên sản phẩm", "Chủ thể"], ["Mật ong nhãn", "HTX Như Xuân"], ["Mật ong bạc hà", None], ["Chè", "HTX B"]]
    import_file(service, workbook(tmp_path / "g.xlsx", {"G": rows}, {"G": "B2:B3"}))
    by_name = {s.name: s.sku for s in everything(service)}
    producer = service.product_by_sku(by_name["Mật ong bạc hà"]).producer
    assert producer is not None and producer.name == "HTX Như Xuân"


def test_rows_that_are_not_products_are_left_out_and_said(
    service: CatalogService, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [
        ["STT", "Tên sản phẩm", "Chủ thể", "Hạng sao", "Giá bán"],
        [1, 2, 3, 4, 5],
        ["I.", "HUYỆN THỌ XUÂN", None, None, None],
        [1, "Mật ong", "HTX A", 3, 100000],
        ["STT", "Tên sản phẩm", "Chủ thể", "Hạng sao", "Giá bán"],
        [2, "Chè", "HTX B", 4, 50000],
        ["Tổng cộng", None, None, None, 150000],
    ]
    path = workbook(tmp_path / "r.xlsx", {"R": rows}, {"R": "A7:B7"})
    service.close()
    code, out, err = cli(capsys, "import", str(path), "--db", str(service.path))
    assert code == 0, err
    assert out.strip() == "Imported 2 of 2 rows: 2 new, 0 updated."
    assert "Totals rows left out: 7." in err
    assert "Rows left out as column numbers (1, 2, 3…): 2." in err
    assert "Rows left out as a section title: 3." in err and "Rows left out as the column names repeated: 5." in err


@pytest.mark.parametrize(("signed", "says"), [("15/03/2030", "in the future"), ("01/01/1990", "before the OCOP")])
def test_impossible_signing_dates_are_problems(service: CatalogService, tmp_path: Path, signed: str, says: str) -> None:
    rows = [["Tên sản phẩm", "Hạng sao", "Số QĐ", "Ngày cấp"], ["A", 4, "1/QĐ", signed]]
    with pytest.raises(ImportInvalid) as caught:
        import_file(service, workbook(tmp_path / "d.xlsx", {"D": rows}))
    assert says in caught.value.report.problems[0].message


def test_two_columns_with_one_name_are_chosen_by_letter(service: CatalogService, tmp_path: Path) -> None:
    rows = [["Tên sản phẩm", "Giá bán", "Giá bán"], ["A", 100000, 90000]]
    path = workbook(tmp_path / "dup.xlsx", {"D": rows})
    with pytest.raises(MappingError, match="Columns B, C are all called “Giá bán”"):
        read_plan(path, mapping={"Giá bán": "price"})
    import_file(service, path, mapping={"B": "price"})
    assert everything(service)[0].price == 100_000


def test_headers_that_only_look_like_a_field(service: CatalogService, tmp_path: Path) -> None:
    rows = [
        [
            "Tên sản phẩm",
            "Đơn vị chủ quản",
            "Giá bán buôn",
            "Giá bán lẻ dự kiến (đồng)",
            "Phân hạng",
            "Số QĐ, ngày cấp",
        ],
        ["Mật ong", "UBND xã Xuân Lập", 80000, 120000, 4, "123/QĐ-UBND ngày 15/03/2024"],
    ]
    report = import_file(service, workbook(tmp_path / "h.xlsx", {"H": rows}))
    fields = {c.header: c.field for c in report.columns}
    assert fields["Đơn vị chủ quản"] is None and fields["Giá bán buôn"] is None
    assert fields["Giá bán lẻ dự kiến (đồng)"] == "price" and fields["Phân hạng"] == "stars"
    detail = service.product_by_sku(everything(service)[0].sku)
    assert detail.product.price == 120_000 and detail.product.unit == ""
    cert = detail.certificates[0]
    assert (cert.decision_number, cert.signed_on, cert.stars) == ("123/QĐ-UBND", dt.date(2024, 3, 15), 4)


def test_a_province_from_before_the_merger_is_recorded_under_the_new_one(
    service: CatalogService, tmp_path: Path
) -> None:
    rows = [
        ["Tên sản phẩm", "Chủ thể", "Tỉnh"],
        ["Khoai dẻo", "HTX Đồng Hới", "Quảng Bình"],
        ["Cốm", "HTX Vòng", "TP. Hà Nội"],
    ]
    report = import_file(service, workbook(tmp_path / "p.xlsx", {"P": rows}))
    assert report.created == 2
    assert "Quảng Bình has been part of Quảng Trị since 01/07/2025" in report.warnings[0].message
    producers = {p.name: p for p in service.producers()}
    assert producers["HTX Đồng Hới"].province_code == "44" and "Quảng Bình" in producers["HTX Đồng Hới"].legacy_address
    assert producers["HTX Vòng"].province_code == "01"


def test_a_column_without_a_header_is_listed_and_mappable(service: CatalogService, tmp_path: Path) -> None:
    rows = [["Tên sản phẩm", "ĐVT", None], ["A", "hộp", 35000]]
    path = workbook(tmp_path / "n.xlsx", {"N": rows})
    plan = read_plan(path)
    assert [(g.letter, g.header, g.field) for g in plan.columns] == [
        ("A", "Tên sản phẩm", "name"),
        ("B", "ĐVT", "unit"),
        ("C", "", None),
    ]
    import_file(service, path, mapping={"C": "price"})
    assert everything(service)[0].price == 35_000


def test_json_errors_are_json_and_a_dry_run_refuses_loopback(
    service: CatalogService, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    service.close()
    db = str(service.path)
    bad = tmp_path / "x.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    code, out, _err = cli(capsys, "import", str(bad), "--json", "--db", db)
    assert code == 1 and "No header row" in json.loads(out)["error"]
    sheet = tmp_path / "l.csv"
    sheet.write_text("Tên sản phẩm,Ảnh\nA,http://127.0.0.1:9/a.jpg\nB,http://localhost/b.jpg\n", encoding="utf-8")
    code, out, _err = cli(capsys, "import", str(sheet), "--dry-run", "--json", "--db", db)
    found = json.loads(out)
    assert code == 1 and found["counts"]["new"] == 0 and len(found["problems"]) == 2


def test_a_list_of_names_only_and_a_photo_named_twice(service: CatalogService, tmp_path: Path) -> None:
    from tests.services.test_importer import jpeg

    (tmp_path / "a.jpg").write_bytes(jpeg("red"))
    one = tmp_path / "one.csv"
    one.write_text("Tên sản phẩm\nMật ong\nChè\n", encoding="utf-8")
    assert import_file(service, one).created == 2
    twice = tmp_path / "twice.csv"
    twice.write_text("Tên sản phẩm,Ảnh\nNem,a.jpg; a.jpg;a.jpg\n", encoding="utf-8")
    import_file(service, twice)
    nem = next(s for s in everything(service) if s.name == "Nem")
    assert len(service.product_by_sku(nem.sku).photos) == 1
