"""A district list as offices keep it (issue #23): title rows, a header merged over two rows, "4 sao", dates as
dd/mm/yyyy text, a totals row and the signing block under the table. The good rows import; every footer row is
left out and named; a column chosen by hand is kept even when the import is refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.import_columns import recognise
from ocopdesk.services.import_footers import TableEnd, is_signing_start, is_totals
from ocopdesk.services.import_plan import read_plan
from ocopdesk.services.importer import ImportInvalid, import_file, remembered_mappings
from tests.services.test_import_corpus import cli, everything, workbook

TITLE = [
    ["UBND HUYỆN NHƯ XUÂN", None, None, None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
    [None, None, None, None, None, "Độc lập - Tự do - Hạnh phúc"],
    ["DANH SÁCH SẢN PHẨM OCOP ĐƯỢC CÔNG NHẬN NĂM 2024"],
    [],
]
HEADER = [
    ["STT", "Mã SP", "Tên sản phẩm", "Chủ thể", "Chứng nhận OCOP", None, "Giá bán (đ)", "ĐV tính"],
    [None, None, None, None, "Hạng sao", "Ngày cấp", None, None],
]
PRODUCTS = [
    [1, "NX-01", "Mật ong hoa nhãn", "HTX Như Xuân", "4 sao", "15/03/2024", 180000, "Chai"],
    [2, "NX-02", "Chè xanh Bãi Trành", "HTX Như Xuân", "3 sao", "15/03/2024", 95000, "Hộp"],
    [3, "NX-03", "Măng khô Thanh Quân", "Hộ Lê Văn Sơn", "3 sao", "02/10/2024", 120000, "Túi"],
    [4, "NX-04", "Rượu men lá Xuân Du", "HTX Xuân Du", "4 sao", "02/10/2024", 250000, "Chai"],
]
FOOTER = [
    [None, "Tổng cộng", None, None, "4 sản phẩm", None, 645000, None],
    [],
    [None, "Ghi chú: sản phẩm số 3 đang chờ cấp mã vạch."],
    [None, "- Giá bán lẻ tại cơ sở, chưa gồm phí vận chuyển."],
    [],
    [None, None, None, None, None, "Như Xuân, ngày 20 tháng 10 năm 2024"],
    [None, "Người lập biểu", None, None, "Thủ trưởng đơn vị", None, None, None],
    [None, "(Ký, ghi rõ họ tên)", None, None, "(Ký tên, đóng dấu)"],
    [],
    [None, "Nguyễn Thị Hoa", None, None, "Lê Văn Minh"],
    [None, "Xác nhận của UBND xã"],
]


def signed_list(path: Path) -> Path:
    rows = [*TITLE, *HEADER, *PRODUCTS, *FOOTER]
    return workbook(path, {"DS": rows}, {"DS": "E5:F5"})


def test_the_signed_district_list_imports_its_four_products_and_names_every_footer_row(
    service: CatalogService, tmp_path: Path
) -> None:
    report = import_file(service, signed_list(tmp_path / "ds.xlsx"))
    assert (report.rows, report.created, report.problems) == (4, 4, [])
    assert sorted(s.name for s in everything(service)) == sorted(p[2] for p in PRODUCTS)
    assert report.totals_rows == [11]
    assert [row for row, kind in report.left_out if kind == "note"] == [13, 14]
    assert [row for row, kind in report.left_out if kind == "signature"] == [16, 17, 18, 20, 21]
    product = service.product_by_sku("NX-01")
    assert product.product.unit == "chai" and product.product.price == 180_000
    assert product.certificates[0].stars == 4


def test_the_mapping_step_previews_the_table_not_the_signing_block(tmp_path: Path) -> None:
    plan = read_plan(signed_list(tmp_path / "ds.xlsx"))
    shown = [cell for row in plan.preview for cell in row if cell]
    assert "Mật ong hoa nhãn" in shown and "Tổng cộng" in shown
    assert not {"Người lập biểu", "Nguyễn Thị Hoa", "Như Xuân, ngày 20 tháng 10 năm 2024"} & set(shown)


def test_the_cli_names_the_left_out_footer(
    service: CatalogService, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = signed_list(tmp_path / "ds.xlsx")
    service.close()
    code, _out, err = cli(capsys, "import", str(path), "--db", str(service.path))
    assert code == 0, err
    assert "Rows left out as the signing block (place, date, titles, names): 16, 17, 18, 20, 21." in err
    assert "Rows left out as a note under the table: 13, 14." in err and "Totals rows left out: 11." in err


@pytest.mark.parametrize(
    "row",
    [
        ["Tổng cộng", None, None, 150000],
        [None, None, "Tổng cộng:", 12],
        ["TỔNG SỐ", "25 sản phẩm"],
        [None, "Cộng huyện Thọ Xuân", None, "12 SP"],
        ["Cộng", "Cộng", None, "1.250.000"],
        [None, "Tổng cộng toàn huyện", None, None],
        [None, "Tổng số sản phẩm: 25"],
    ],
)
def test_totals_and_subtotals_with_their_words_in_any_column(row: list[object]) -> None:
    assert is_totals(row)


@pytest.mark.parametrize(
    "row",
    [
        [1, "Cộng cà phê rang xay", "HTX A", 3],  # a product whose name begins like a total
        [2, "Tổng hợp nông sản sấy", None, 4],
        [None, "Tổng cộng", "Mật ong rừng"],  # a product's name beside it: not a totals row
        [3, "Mật ong", "Tổng cộng"],
    ],
)
def test_rows_that_only_resemble_a_total_are_products(row: list[object]) -> None:
    assert not is_totals(row)


@pytest.mark.parametrize(
    "row",
    [
        [None, "Thanh Hóa, ngày 15 tháng 3 năm 2024"],
        [None, "Như Xuân, ngày … tháng … năm 2024"],
        ["ngày    tháng    năm"],
        [None, "NGƯỜI LẬP BIỂU", None, "KẾ TOÁN", None, "THỦ TRƯỞNG ĐƠN VỊ"],
        [None, "TM. UỶ BAN NHÂN DÂN HUYỆN"],
        ["KT. CHỦ TỊCH"],
        [None, "Xác nhận của UBND xã Thanh Quân"],
        ["Nơi nhận:"],
    ],
)
def test_the_signing_block_begins_at_a_place_and_date_or_a_signers_title(row: list[object]) -> None:
    assert is_signing_start(row)


@pytest.mark.parametrize(
    "row",
    [
        [None, "UBND HUYỆN THỌ XUÂN"],  # a section title: the products under it must stay
        [5, "Kế toán", "HTX A", 3],  # a number in the row: never the signing block
        [None, "Trà hoa vàng ngày xuân"],
    ],
)
def test_rows_that_are_not_the_signing_block(row: list[object]) -> None:
    assert not is_signing_start(row)


def test_a_note_needs_the_blank_row_above_it_and_a_product_after_the_block_ends_it() -> None:
    end = TableEnd()
    assert end.kind([1, "Ghi chú", "HTX A", 3]) is None  # a product called so, among the products
    assert end.kind([None, "Ghi chú: chờ mã vạch"]) is None  # no blank row above: not set apart
    assert end.kind([]) is None
    assert end.kind([None, "Lưu ý: giá bán lẻ"]) == "note" and end.kind([None, "+ chưa gồm VAT"]) == "note"
    assert end.kind([None, "Người lập biểu"]) == "signature"
    assert end.kind([None, "Nguyễn Văn An"]) == "signature"  # the name under the title
    assert end.kind([7, "Mật ong", "HTX B", 4]) is None  # a full product row: the block was not the end


def test_a_section_titled_ubnd_keeps_the_products_under_it(service: CatalogService, tmp_path: Path) -> None:
    rows = [
        ["STT", "Tên sản phẩm", "Chủ thể", "Hạng sao"],
        [None, "UBND HUYỆN THỌ XUÂN", None, None],
        [1, "Bánh gai Tứ Trụ", "HTX Tứ Trụ", 4],
        [2, "Nem chua Thọ Xuân", "HTX Xuân Lập", 3],
    ]
    report = import_file(service, workbook(tmp_path / "u.xlsx", {"U": rows}))
    assert report.created == 2 and report.left_out == [(2, "section")]


def test_abbreviated_headers_are_recognised() -> None:
    guesses = {g.header: g for g in recognise(["TT", "Tên SP", "ĐV tính", "SL", "ĐG", "Thành tiền", "Ghi chú"])}
    assert guesses["ĐV tính"].field == "unit" and guesses["ĐG"].field == "price"
    assert guesses["TT"].row_number and guesses["Tên SP"].field == "name"
    for known_unused in ("SL", "Thành tiền", "Ghi chú"):  # no product field holds them: left out, never a guess
        assert guesses[known_unused].field is None and not guesses[known_unused].is_question


def test_full_words_and_abbreviations_fill_the_same_fields(tmp_path: Path) -> None:
    long = workbook(tmp_path / "l.xlsx", {"S": [["STT", "Tên sản phẩm", "Số lượng", "Đơn vị tính", "Đơn giá"]]})
    short = workbook(tmp_path / "s.xlsx", {"S": [["TT", "Tên SP", "SL", "ĐV tính", "ĐG"]]})
    fields = [[g.field for g in read_plan(p, require_name=False).columns] for p in (long, short)]
    assert fields[0] == fields[1] == [None, "name", None, "unit", "price"]


def test_a_hand_made_mapping_is_remembered_when_the_import_is_refused(
    service: CatalogService, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    header = ["Tên sản phẩm", "Cột lạ", "Mã vạch"]
    bad = workbook(tmp_path / "bad.xlsx", {"T": [header, ["Mật ong", "Lọ", "8936012345670"]]})
    with pytest.raises(ImportInvalid):
        import_file(service, bad, mapping={"B": "unit"})
    assert service.count_products() == 0
    assert next(iter(remembered_mappings(service).values()))["B"] == "unit"
    fixed = workbook(tmp_path / "fixed.xlsx", {"T": [header, ["Mật ong", "Lọ", "8936012345674"]]})
    service.close()
    code, out, _err = cli(capsys, "import", str(fixed), "--dry-run", "--json", "--db", str(service.path))
    found = json.loads(out)
    assert code == 0 and found["remembered_mapping"] is True
    assert found["rows"][0]["product"]["unit"] == "lọ"


def test_a_group_numbered_in_the_row_number_column_is_a_section(service: CatalogService, tmp_path: Path) -> None:
    rows = [
        ["TT", "Tên sản phẩm", "Chủ thể", "Hạng sao"],
        ["II", "Sản phẩm đạt 3 sao", None, None],  # found by the held-out provincial annex on its first run
        [1, "Bưởi cốm Hương Thọ", "HTX A", 3],
        ["B.", "Nhóm đồ uống", None, None],
        [2, "Rượu Ô Lâu", "HTX B", 3],
        [None, "C", None, None],  # a product called "C": a letter, but no group number beside a name
    ]
    report = import_file(service, workbook(tmp_path / "g.xlsx", {"G": rows}))
    assert report.created == 3 and report.left_out == [(2, "section"), (4, "section")]
