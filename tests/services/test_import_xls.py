"""Excel 97–2003 .xls files (issue #23), written as real BIFF8 bytes by xlwt and read through the same plan as
.xlsx: merged cells, dates as serials in the workbook's 1900 or 1904 date system, dates as dd/mm/yyyy text, the
footer left out; files that only carry the name are read as what they are or refused in words."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
import xlwt

from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.render.sheets import read_tables
from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.import_plan import read_plan
from ocopdesk.services.importer import import_file
from tests.services.test_import_corpus import cli, everything, workbook
from tests.services.test_import_footers import FOOTER, HEADER, PRODUCTS, TITLE, signed_list

Merge = tuple[int, int, int, int]  # first row, last row, first column, last column (0-based, inclusive)


def xls_workbook(
    path: Path,
    sheets: dict[str, list[list[object]]],
    merges: dict[str, list[Merge]] | None = None,
    *,
    dates_1904: bool = False,
    hidden: tuple[str, ...] = (),
) -> Path:
    """A real .xls: dates written as serials with a date format (as Excel stores them), merged blocks written
    once with their value in the first cell."""
    book = xlwt.Workbook(encoding="utf-8")
    book.dates_1904 = dates_1904
    date_style = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    for name, rows in sheets.items():
        sheet = book.add_sheet(name)
        if name in hidden:
            sheet.visibility = 1
        blocks = {(r1, c1): (r2, c2) for r1, r2, c1, c2 in (merges or {}).get(name, [])}
        covered = {
            (r, c) for (r1, c1), (r2, c2) in blocks.items() for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)
        }
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if (r, c) in blocks:
                    r2, c2 = blocks[(r, c)]
                    sheet.write_merge(r, r2, c, c2, value)
                elif (r, c) in covered or value is None:
                    continue
                elif isinstance(value, dt.date):
                    sheet.write(r, c, value, date_style)
                else:
                    sheet.write(r, c, value)
    book.save(str(path))
    return path


def signed_list_xls(path: Path) -> Path:
    return xls_workbook(path, {"DS": [*TITLE, *HEADER, *PRODUCTS, *FOOTER]}, {"DS": [(4, 4, 4, 5)]})


def test_the_signed_district_list_reads_the_same_from_xls_as_from_xlsx(tmp_path: Path) -> None:
    old = read_plan(signed_list_xls(tmp_path / "ds.xls"))
    new = read_plan(signed_list(tmp_path / "ds.xlsx"))
    assert (tmp_path / "ds.xls").read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a real BIFF file
    assert old.header_row == new.header_row == 6
    assert old.mapping == new.mapping
    assert [(r.row, r.product, r.problems) for r in old.rows] == [(r.row, r.product, r.problems) for r in new.rows]
    assert old.totals_rows == new.totals_rows == [11] and old.skipped_rows == new.skipped_rows


def test_an_xls_list_imports(service: CatalogService, tmp_path: Path) -> None:
    report = import_file(service, signed_list_xls(tmp_path / "ds.xls"))
    assert report.created == 4 and not report.problems
    cert = service.product_by_sku("NX-03").certificates[0]
    assert cert.stars == 3 and cert.signed_on == dt.date(2024, 10, 2)


@pytest.mark.parametrize("dates_1904", [False, True])
def test_date_serials_follow_the_workbooks_date_system(tmp_path: Path, dates_1904: bool) -> None:
    rows = [["Tên sản phẩm", "Hạng sao", "Số QĐ", "Ngày cấp"], ["Mật ong", 4, "123/QĐ-UBND", dt.date(2024, 3, 15)]]
    path = xls_workbook(tmp_path / "d.xls", {"D": rows}, dates_1904=dates_1904)
    plan = read_plan(path)
    assert plan.rows[0].certificate is not None and plan.rows[0].certificate.signed_on == dt.date(2024, 3, 15)


def test_merged_cells_numbers_and_codes(tmp_path: Path) -> None:
    rows = [
        ["Tên sản phẩm", "Chủ thể", "Mã vạch", "Giá bán"],
        ["Mật ong nhãn", "HTX Như Xuân", 8936012345674, 180000],
        ["Mật ong bạc hà", None, None, 175000.5],
    ]
    path = xls_workbook(tmp_path / "m.xls", {"M": rows}, {"M": [(1, 2, 1, 1)]})
    _name, table = read_tables(path)[0]
    assert table[2][1] == "HTX Như Xuân"  # the producer merged over both products belongs to each
    assert table[1][2] == 8936012345674 and isinstance(table[1][2], int)  # a barcode is never 8.9e12
    assert table[2][3] == 175000.5


def test_hidden_sheets_are_skipped_and_old_font_text_is_converted(service: CatalogService, tmp_path: Path) -> None:
    sheets = {
        "Ẩn": [["Tên sản phẩm", "Giá"], ["Không nhập", 1000]],
        "DS": [["Tªn s¶n phÈm", "Gi¸ b¸n"], ["MËt ong rõng", 150000]],  # TCVN3 (.VnTime), as old offices typed
    }
    report = import_file(service, xls_workbook(tmp_path / "h.xls", sheets, hidden=("Ẩn",)))
    assert report.sheet == "DS" and [s.name for s in everything(service)] == ["Mật ong rừng"]


def test_an_xlsx_saved_under_the_old_name_is_read_as_what_it_is(tmp_path: Path) -> None:
    path = workbook(tmp_path / "x.xlsx", {"S": [["Tên sản phẩm", "Giá"], ["Chè", 5000]]})
    renamed = path.rename(tmp_path / "x.xls")
    assert read_plan(renamed).rows[0].product["name"] == "Chè"


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"<html><body><table><tr><td>T\xc3\xaan</td></tr></table></body></html>", "web page"),
        (b"\xef\xbb\xbf<?xml version='1.0'?><Workbook/>", "web page"),
        (b"STT;Ten san pham\n1;Mat ong\n", "not an Excel 97–2003 workbook"),
    ],
)
def test_files_that_only_carry_the_name_are_refused_in_words(tmp_path: Path, content: bytes, says: str) -> None:
    path = tmp_path / "ds.xls"
    path.write_bytes(content)
    with pytest.raises(OcopDeskError) as caught:
        read_plan(path)
    assert says in caught.value.message and "ds.xls" in caught.value.message


def test_a_damaged_xls_is_refused_without_a_traceback(tmp_path: Path) -> None:
    whole = signed_list_xls(tmp_path / "ds.xls").read_bytes()
    for cut in (len(whole) // 3, len(whole) - 700):
        path = tmp_path / f"cut{cut}.xls"
        path.write_bytes(whole[:cut])
        with pytest.raises(OcopDeskError) as caught:
            read_plan(path)
        assert "may be damaged" in caught.value.message, caught.value.message


def test_a_damaged_xls_under_json_keeps_stdout_json(
    service: CatalogService, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    whole = signed_list_xls(tmp_path / "ds.xls").read_bytes()
    path = tmp_path / "cut.xls"
    path.write_bytes(whole[: len(whole) // 3])
    service.close()
    code, out, _err = cli(capsys, "import", str(path), "--dry-run", "--json", "--db", str(service.path))
    assert code != 0 and "may be damaged" in json.loads(out)["error"]  # xlrd's own warnings kept off stdout


def test_an_xls_over_the_size_cap_is_refused_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ocopdesk.render import sheets_xls

    path = signed_list_xls(tmp_path / "ds.xls")
    monkeypatch.setattr(sheets_xls, "MAX_XLS_BYTES", os.path.getsize(path) - 1)
    with pytest.raises(OcopDeskError) as caught:
        read_plan(path)
    assert "MB" in caught.value.message
