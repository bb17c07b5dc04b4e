"""The passport's identifiers arrive from a district's spreadsheet: the producer's tax code, business
registration number and GLN, the product's brand and applied standard — recognised by meaning in headers
written with and without marks, and written through the editor's own write path."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from ocopdesk.domain.producer import Producer
from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.import_cells import split_standard
from ocopdesk.services.import_plan import read_plan
from ocopdesk.services.importer import ImportInvalid, import_file

# A district office's list: a title, the columns under their Vietnamese names, the producer's identifiers beside it.
MARKED = [
    "STT",
    "Tên sản phẩm",
    "Chủ thể",
    "Mã số thuế",
    "Số GCN ĐKKD",
    "Mã GLN",
    "Nhãn hiệu/Thương hiệu",
    "Tiêu chuẩn áp dụng (TCVN/TCCS)",
]
# The same list typed on a machine without a Vietnamese keyboard.
UNMARKED = ["STT", "Ten san pham", "Chu the", "MST", "So DKKD", "GLN", "Thuong hieu", "Tieu chuan ap dung"]
HONEY_GLN = "8934567000017"  # 893 (GS1 Vietnam) + 456700001 + check digit 7


def district_sheet(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["DANH SÁCH SẢN PHẨM OCOP HUYỆN NHƯ XUÂN NĂM 2026"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    ws.append([])
    ws.append(header)
    for n, row in enumerate(rows, 1):
        ws.append([n, *row])
    wb.save(path)
    return path


HONEY = [
    "Mật ong rừng Như Xuân",
    "HTX Mật ong Như Xuân",
    "2801234567",
    "27.07.000123",
    int(HONEY_GLN),  # Excel keeps a 13-digit code as a number
    "Mật Ong Như Xuân®",
    "TCCS 01:2024/HTXNX - Mật ong rừng",
]
MAT = ["Mắm tép Nga Sơn", "Hộ kinh doanh Lê Văn An", None, "27H8001234", None, "Nga Sơn", "TCVN 5107:2018"]


@pytest.mark.parametrize("header", [MARKED, UNMARKED], ids=["marked", "unmarked"])
def test_passport_columns_are_recognised_and_written(
    service: CatalogService, tmp_path: Path, header: list[str]
) -> None:
    path = district_sheet(tmp_path / "ds.xlsx", header, [HONEY, MAT])
    plan = read_plan(path)
    assert sorted(plan.mapping.values()) == sorted(
        ["name", "producer", "tax_code", "registration_no", "gln", "brand", "standard_number"]
    )
    report = import_file(service, path)
    assert (report.created, report.problems) == (2, [])
    honey = service.product_by_sku(plan.rows[0].product["sku"])
    assert (honey.product.brand, honey.product.standard_number, honey.product.standard_title) == (
        "Mật Ong Như Xuân®",
        "TCCS 01:2024/HTXNX",
        "Mật ong rừng",
    )
    assert honey.producer is not None
    assert (honey.producer.tax_code, honey.producer.registration_no, honey.producer.gln) == (
        "2801234567",
        "27.07.000123",
        HONEY_GLN,
    )
    mam = service.product_by_sku(plan.rows[1].product["sku"])
    assert (mam.product.standard_number, mam.product.standard_title) == ("TCVN 5107:2018", "")
    assert mam.producer is not None and (mam.producer.tax_code, mam.producer.registration_no) == ("", "27H8001234")


def test_a_title_column_wins_over_the_title_written_beside_the_number(service: CatalogService, tmp_path: Path) -> None:
    header = ["STT", "Tên sản phẩm", "Số hiệu tiêu chuẩn", "Tên tiêu chuẩn", "Thương hiệu sản phẩm"]
    path = district_sheet(tmp_path / "tc.xlsx", header, [["Mật ong", "TCVN 12605:2019 Mật ong", "Mật ong hoa", ""]])
    assert read_plan(path).mapping == {1: "name", 2: "standard_number", 3: "standard_title", 4: "brand"}
    import_file(service, path)
    honey = service.product_by_sku(read_plan(path).rows[0].product["sku"]).product
    assert (honey.standard_number, honey.standard_title, honey.brand) == ("TCVN 12605:2019", "Mật ong hoa", "")


def test_a_known_producer_gains_missing_identifiers_but_keeps_its_own(service: CatalogService, tmp_path: Path) -> None:
    service.save_producer(Producer("HTX Mật ong Như Xuân", tax_code="2800000006"))
    path = district_sheet(tmp_path / "ds.xlsx", MARKED, [HONEY])
    import_file(service, path)
    [producer] = service.producers()
    assert (producer.tax_code, producer.registration_no, producer.gln) == ("2800000006", "27.07.000123", HONEY_GLN)


def test_a_wrong_gln_or_tax_code_is_a_row_problem_and_nothing_is_written(
    service: CatalogService, tmp_path: Path
) -> None:
    bad = [*HONEY[:2], "28012345", HONEY[3], "8934567000012", *HONEY[5:]]
    with pytest.raises(ImportInvalid) as caught:
        import_file(service, district_sheet(tmp_path / "bad.xlsx", MARKED, [bad]))
    assert {(p.row, p.column) for p in caught.value.report.problems} == {(4, "Mã số thuế"), (4, "Mã GLN")}
    assert service.count_products() == 0 and service.producers() == []


@pytest.mark.parametrize(
    ("cell", "number", "title"),
    [
        ("TCCS 01:2024/HTXNX - Mật ong rừng", "TCCS 01:2024/HTXNX", "Mật ong rừng"),
        ("TCVN 5267-1:2008: Mật ong - Phần 1", "TCVN 5267-1:2008", "Mật ong - Phần 1"),
        ("QCVN 8-2:2011/BYT", "QCVN 8-2:2011/BYT", ""),
        ("TCCS số 02/2023", "TCCS số 02/2023", ""),
        ("Tiêu chuẩn cơ sở 01/2024 - Mật ong", "Tiêu chuẩn cơ sở 01/2024", "Mật ong"),
    ],
)
def test_a_standard_cell_splits_into_number_and_title(cell: str, number: str, title: str) -> None:
    assert split_standard(cell) == (number, title)
