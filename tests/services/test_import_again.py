"""Importing the same list again (#28): nothing is written, so no product's time of change moves (an exported
marketplace sheet stays current, the website's change marks stay); one changed cell writes that product only."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.importer import import_file
from ocopdesk.storage import change_marks

HEADER = ["Mã SP", "Tên sản phẩm", "Giá bán (VNĐ)", "ĐVT", "Hạng sao", "Số quyết định", "Ngày công nhận", "Chủ thể"]


def workbook(path: Path, price_of_first: str) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for n in range(30):
        price = price_of_first if n == 0 else f"{100 + n}.000đ"
        ws.append([f"SP{n:03d}", f"Mật ong rừng {n}", price, "hũ", 4, f"{n}/QĐ-UBND", "12/03/2025", "HTX Như Xuân"])
    wb.save(path)
    return path


def test_the_same_list_again_writes_nothing_and_one_change_writes_one(service: CatalogService, tmp_path: Path) -> None:
    first = import_file(service, workbook(tmp_path / "a.xlsx", "100.000đ"))
    assert first.created == 30
    conn = service.cdb.conn
    conn.execute("UPDATE products SET updated_at = 'then'")
    marks = change_marks.current(conn)
    again = import_file(service, workbook(tmp_path / "b.xlsx", "100.000đ"))
    assert again.updated == 30 and again.written
    after = change_marks.current(conn)
    assert marks is not None and after is not None
    assert {t for t in after if after[t] != marks[t]} <= {"settings"}  # no product, certificate or producer
    changed = import_file(service, workbook(tmp_path / "c.xlsx", "120.000đ"))
    assert changed.updated == 30
    times = dict(conn.execute("SELECT sku, updated_at FROM products"))
    assert [sku for sku, at in times.items() if at != "then"] == ["SP000"]
    assert service.product_by_sku("SP000").product.price == 120_000


def test_each_row_of_a_producer_read_once_gets_its_warnings_and_problems(
    service: CatalogService, tmp_path: Path
) -> None:
    """A producer's cells are read once per import (#28); every one of its rows still carries what they say."""
    wb = Workbook()
    ws = wb.active
    ws.append(["Tên sản phẩm", "Chủ thể", "Tỉnh", "Mã số thuế"])
    for n in range(3):
        ws.append([f"Mật ong {n}", "HTX Đồng Hới", "Quảng Bình", ""])  # merged into Quảng Trị on 01/07/2025
    for n in range(2):
        ws.append([f"Chè {n}", "HTX Chè", "Tỉnh Không Có", "12"])  # an unknown province, a short tax code
    path = tmp_path / "p.xlsx"
    wb.save(path)
    report = import_file(service, path, dry_run=True, skip_invalid=True)
    assert [w.row for w in report.warnings if w.column == "Tỉnh"] == [2, 3, 4]
    assert sorted((p.row, p.column) for p in report.problems) == [
        (5, "Mã số thuế"),
        (5, "Tỉnh"),
        (6, "Mã số thuế"),
        (6, "Tỉnh"),
    ]
