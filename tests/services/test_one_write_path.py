"""Products have one write path: the editor's save and the import check the same rules and say the same
words. Each case is saved once through the editor (`save_product`) and once as a row of a spreadsheet;
what one refuses the other refuses, field by field, with the same message, and what one accepts the
other accepts."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from ocopdesk.domain.errors import ValidationError
from ocopdesk.domain.product import Product
from ocopdesk.services.catalog import CatalogService, ProductsInvalid, ProductWrite
from ocopdesk.services.importer import ImportInvalid, import_file
from ocopdesk.storage import products as product_rows

HEADERS = ["Mã SP", "Tên sản phẩm", "Giá bán (VNĐ)", "ĐVT", "Mã vạch"]

# (what is wrong, the product's fields as the editor takes them)
CASES = [
    ("nothing: accepted by both", dict(sku="MO-NX-500", name="Mật ong rừng Như Xuân", price=185000, unit="hũ")),
    ("a barcode with a wrong check digit", dict(sku="NM-01", name="Nước mắm", gtin="8931234567890")),
    ("no name", dict(sku="CHE-01", name="", price=90000)),
    ("an SKU with a character a web address cannot hold", dict(sku="CHE#02", name="Chè búp")),
    ("an SKU longer than 40 characters", dict(sku="A" * 41, name="Gạo tám")),
    ("a price above ten billion đồng", dict(sku="GAO-01", name="Gạo", price=20_000_000_000)),
    ("an SKU another product has in small letters", dict(sku="NEM-01", name="Nem chua")),
]


@pytest.fixture
def service(tmp_path: Path) -> CatalogService:
    opened = CatalogService.open(tmp_path / "catalogue.sqlite")
    with opened.write():  # a SKU an older version saved in small letters (today's rule upper-cases new ones)
        product_rows.save(opened.cdb, Product(sku="nem-01", name="Nem chua Thanh Hóa"))
    yield opened
    opened.close()


def sheet(path: Path, fields: dict[str, object]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(HEADERS)
    ws.append([fields.get(k) or None for k in ("sku", "name", "price", "unit", "gtin")])
    wb.save(path)
    return path


def editor_says(service: CatalogService, fields: dict[str, object]) -> set[tuple[str, str]]:
    try:
        service.save_product(Product(**fields))  # type: ignore[arg-type]
    except ValidationError as refused:
        return {(e.field, e.message) for e in refused.errors}
    return set()


def import_says(service: CatalogService, path: Path) -> set[tuple[str, str]]:
    try:
        report = import_file(service, path)
    except ImportInvalid as refused:
        headers = {"Mã SP": "sku", "Tên sản phẩm": "name", "Giá bán (VNĐ)": "price", "Mã vạch": "gtin"}
        return {(headers.get(p.column, p.column), p.message) for p in refused.report.problems}
    assert report.written and report.created + report.updated == 1
    return set()


@pytest.mark.parametrize(("case", "fields"), CASES, ids=[c for c, _f in CASES])
def test_the_import_refuses_what_the_editor_refuses_with_the_same_words(
    service: CatalogService, tmp_path: Path, case: str, fields: dict[str, object]
) -> None:
    by_editor = editor_says(service, fields)
    by_import = import_says(service, sheet(tmp_path / "list.xlsx", fields))
    assert by_import == by_editor
    assert bool(by_editor) == (case != "nothing: accepted by both")  # the cases are what they say


def test_a_row_without_name_or_sku_is_told_about_the_name_only(service: CatalogService, tmp_path: Path) -> None:
    """The one difference: the import makes a SKU from the name, so a row with neither hears of the name (in
    the editor's words), not of the SKU it would have had."""
    fields: dict[str, object] = dict(sku="", name="", price=90000, unit="hộp")
    assert editor_says(service, fields) >= {("name", "Enter the product name.")}
    assert import_says(service, sheet(tmp_path / "list.xlsx", fields)) == {("name", "Enter the product name.")}


def test_a_product_the_import_wrote_is_one_the_editor_saves_unchanged(service: CatalogService, tmp_path: Path) -> None:
    """Vice versa: the import's product, opened in the editor and saved, passes the same rules."""
    import_file(service, sheet(tmp_path / "list.xlsx", CASES[0][1]))
    detail = service.product_by_sku("MO-NX-500")
    product_id, changes = service.save_product(detail.product)
    assert product_id == detail.product.id and changes.products
    assert service.product(product_id).product == detail.product


def test_saving_many_writes_all_or_nothing_and_says_which_were_refused(service: CatalogService) -> None:
    writes = [ProductWrite(Product(**fields)) for _case, fields in CASES]  # type: ignore[arg-type]
    before = service.count_products()
    with pytest.raises(ProductsInvalid) as refused:
        service.save_products(writes)
    assert sorted(refused.value.by_index) == list(range(1, len(CASES)))
    assert service.count_products() == before  # the good one was not written either
    ids, changes = service.save_products(writes[:1])
    assert changes.products and service.product(ids[0]).product.sku == "MO-NX-500"
