"""Every way a lot code or SKU enters refuses what the rule refuses (`domain.codes`): the service
itself, the command line (in process and as a real subprocess), the import of a sheet. A catalogue
that already holds such codes (saved by an older version) still opens; the website build says
which pages it left out and why; stamps are not issued for a lot that could have no page; a lot
can be renamed. Marketplace bundles give SKUs that differ only in punctuation their own photos."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PIL import Image

from ocopdesk.cli import main
from ocopdesk.domain.batch import Batch
from ocopdesk.domain.errors import OcopDeskError, ValidationError
from ocopdesk.domain.product import Product
from ocopdesk.services import listing_export, stamps
from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.importer import ImportInvalid, import_file
from ocopdesk.services.profile import load_profile, save_profile
from ocopdesk.services.site import build_site
from ocopdesk.storage import batches, products
from tests.listings.test_export import static_server

BASE = "https://truyxuat.example.vn"
DAY = dt.date(2026, 11, 1)
GTIN = "8938500121005"


def with_address(service: CatalogService) -> CatalogService:
    save_profile(service, replace(load_profile(service), name="HTX Như Xuân", resolver_base_url=BASE))
    return service


def product(service: CatalogService, sku: str, gtin: str = "") -> int:
    product_id, _changes = service.save_product(Product(sku=sku, name=f"Mật ong {sku}", gtin=gtin))
    return product_id


def saved_by_an_older_version(service: CatalogService, *, sku: str = "", lot: str = "", product_id: int = 0) -> int:
    """Write a product or lot as an older version could have, past today's rule."""
    with service.cdb.write():
        if sku:
            return products.save(service.cdb, Product(sku=sku, name=f"Sản phẩm {sku}"))
        return batches.save(service.cdb, Batch(product_id, lot, DAY))


def messages(invalid: ValidationError) -> str:
    return " ".join(e.message for e in invalid.errors)


# ---------------------------------------------------------------- the service: the last line of defence


@pytest.mark.parametrize(
    ("lot", "why"),
    [("A+B", "Not allowed: “+”"), ("L..1", "both sides"), ("con", "Windows keeps"), ("L1/NUL.TXT", "Windows keeps")],
)
def test_the_service_refuses_a_bad_lot_whatever_the_caller(service: CatalogService, lot: str, why: str) -> None:
    product(service, "MO-1")
    with pytest.raises(ValidationError) as refused:
        service.add_batch("MO-1", lot, DAY)
    assert why in messages(refused.value) and refused.value.errors[0].field == "lot_code"
    assert service.batches() == []


def test_the_service_refuses_a_lot_that_differs_only_in_case(service: CatalogService) -> None:
    product(service, "MO-1")
    product(service, "MO-2")
    service.add_batch("MO-1", "ab", DAY)
    with pytest.raises(ValidationError) as refused:
        service.add_batch("MO-1", "AB", DAY)
    assert "differs from the lot ab of MO-1 only in capital and small letters" in messages(refused.value)
    with pytest.raises(ValidationError, match="already exists"):
        service.add_batch("MO-1", "ab", DAY)
    service.add_batch("MO-2", "AB", DAY)  # unique per product: another product may use it
    assert sorted(v.batch.lot_code for v in service.batches()) == ["AB", "ab"]


@pytest.mark.parametrize(("sku", "why"), [("CON", "Windows keeps"), ("nul.txt", "Windows keeps"), ("MO..1", "sides")])
def test_the_service_refuses_a_bad_sku(service: CatalogService, sku: str, why: str) -> None:
    with pytest.raises(ValidationError) as refused:
        service.save_product(Product(sku=sku, name="Mật ong"))
    assert why in messages(refused.value) and service.count_products() == 0


def test_the_service_refuses_a_sku_that_differs_only_in_case_naming_the_existing_one(service: CatalogService) -> None:
    saved_by_an_older_version(service, sku="ab")  # today every SKU is saved in capitals
    with pytest.raises(ValidationError) as refused:
        service.save_product(Product(sku="AB", name="Mật ong"))
    assert "differs from the SKU ab of “Sản phẩm ab”" in messages(refused.value)
    assert service.count_products() == 1


def test_a_sku_saved_in_small_letters_is_still_found_and_can_be_renamed(service: CatalogService) -> None:
    old_id = saved_by_an_older_version(service, sku="ab")
    found = service.product_by_sku("ab").product
    assert found.id == old_id and service.product_by_sku("AB").product.id == old_id
    service.save_product(replace(found, sku="AB-1"))
    assert service.product_by_sku("AB-1").product.id == old_id


# ---------------------------------------------------------------- the command line


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def add_lot(capsys: pytest.CaptureFixture[str], db: str, lot: str) -> tuple[int, str, str]:
    return run(capsys, "batches", "add", "--db", db, "--sku", "MO-1", "--lot", lot, "--produced", "01/11/2026")


def test_batches_add_refuses_a_bad_lot_and_a_case_twin(capsys: pytest.CaptureFixture[str], db_path: Path) -> None:
    service = CatalogService.open(db_path)
    product(service, "MO-1")
    service.close()
    db = str(db_path)
    code, _out, err = add_lot(capsys, db, "L1+2")
    assert code == 1 and "Not allowed: “+”" in err and "QR code" in err
    assert add_lot(capsys, db, "ab")[0] == 0
    code, _out, err = add_lot(capsys, db, "AB")
    assert code == 1 and "the lot ab of MO-1" in err
    assert (
        "lot code printed in the QR: at most 20"
        in subprocess.run(
            [sys.executable, "-m", "ocopdesk", "batches", "add", "--help"], capture_output=True, text=True, check=True
        ).stdout
    )
    check = CatalogService.open(db_path)
    assert [v.batch.lot_code for v in check.batches()] == ["ab"]
    check.close()


def test_stamps_issue_refuses_a_lot_saved_with_a_bad_code_or_a_case_twin(db_path: Path) -> None:
    """A real subprocess, as a clerk or a script runs it; nothing is issued."""
    service = with_address(CatalogService.open(db_path))
    product_id = product(service, "MO-1")
    saved_by_an_older_version(service, lot="A+B", product_id=product_id)
    saved_by_an_older_version(service, lot="ab", product_id=product_id)
    twin = saved_by_an_older_version(service, lot="AB", product_id=product_id)
    service.close()

    def issue(lot: str) -> subprocess.CompletedProcess[str]:
        command = ["-m", "ocopdesk", "stamps", "issue", "--db", str(db_path), "--lot", lot, "--count", "3"]
        return subprocess.run([sys.executable, *command], capture_output=True, text=True, timeout=120)

    bad = issue("A+B")
    assert bad.returncode == 1 and "“Page not found”" in bad.stderr and "Not allowed: “+”" in bad.stderr
    case = issue("AB")
    assert case.returncode == 1 and "differs from the lot ab of MO-1" in case.stderr
    assert issue("ab").returncode == 0  # the older of the two keeps its page and its stamps
    check = CatalogService.open(db_path)
    assert stamps.counts(check, twin)["issued"] == 0
    assert [stamps.counts(check, v.batch.id or 0)["issued"] for v in check.batches()].count(3) == 1
    check.close()


def test_batches_rename_gives_a_lot_a_code_its_page_can_have(capsys: pytest.CaptureFixture[str], db_path: Path) -> None:
    service = CatalogService.open(db_path)
    product_id = product(service, "MO-1")
    saved_by_an_older_version(service, lot="A+B", product_id=product_id)
    service.close()
    db = str(db_path)
    code, _out, err = run(capsys, "batches", "list", "--db", db)
    assert code == 0 and "Warning: the lot A+B of MO-1 can have no web page" in err
    code, _out, err = run(capsys, "batches", "rename", "--db", db, "--lot", "A+B", "--to", "A.B/")
    assert code == 1 and "begin and end" in err
    code, out, _err = run(capsys, "batches", "rename", "--db", db, "--lot", "A+B", "--to", "A-B")
    assert code == 0 and "Lot A+B is now A-B." in out
    assert run(capsys, "batches", "list", "--db", db)[2] == ""


# ---------------------------------------------------------------- renaming


def test_a_gtin_lot_whose_stamps_were_issued_keeps_its_code(service: CatalogService) -> None:
    with_address(service)
    product(service, "MO-1", gtin=GTIN)
    batch, _changes = service.add_batch("MO-1", "L1", DAY)
    other, _changes = service.add_batch("MO-1", "L2", DAY)
    assert batch.id is not None and other.id is not None
    with pytest.raises(ValidationError, match="the lot L2 of MO-1"):
        service.rename_lot(batch.id, "l2")
    stamps.issue(service, "L1", 2)
    with pytest.raises(OcopDeskError, match="their QR codes hold its code"):
        service.rename_lot(batch.id, "L3")
    assert service.rename_lot(other.id, "L4")[0].lot_code == "L4"  # no stamps yet: renamed


# ---------------------------------------------------------------- the import of a sheet


def sheet(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "sp.csv"
    path.write_text("Mã SP;Tên hàng;Giá;Đơn vị tính\n" + "".join(f"{r}\n" for r in rows), encoding="utf-8")
    return path


def test_an_import_refuses_bad_skus_and_case_twins_row_by_row(service: CatalogService, tmp_path: Path) -> None:
    saved_by_an_older_version(service, sku="ab")
    path = sheet(
        tmp_path,
        "MO-1;Mật ong 1;100.000;chai",
        "CON;Mật ong 2;100.000;chai",
        "MO 3;Mật ong 3;100.000;chai",
        "AB;Mật ong 4;100.000;chai",
        "MO..5;Mật ong 5;100.000;chai",
    )
    with pytest.raises(ImportInvalid) as refused:
        import_file(service, path)
    problems = {p.row: p.message for p in refused.value.report.problems}
    assert sorted(problems) == [3, 4, 5, 6]
    assert "“CON” is a name Windows keeps" in problems[3] and "Not allowed: space" in problems[4]
    assert "differs from the SKU ab of “Sản phẩm ab”" in problems[5] and "both sides" in problems[6]
    assert all(p.column == "Mã SP" for p in refused.value.report.problems)
    assert service.count_products() == 1  # nothing written
    report = import_file(service, path, skip_invalid=True)
    assert (report.created, report.skipped_rows) == (1, [3, 4, 5, 6])


# ---------------------------------------------------------------- a catalogue that already holds such codes


def test_a_catalogue_with_codes_the_rule_refuses_opens_and_its_site_build_says_what_it_left_out(
    db_path: Path, tmp_path: Path
) -> None:
    service = with_address(CatalogService.open(db_path))
    good = product(service, "MO-1")
    gtin = product(service, "MO-G", gtin=GTIN)
    service.add_batch("MO-1", "L1", DAY)
    saved_by_an_older_version(service, lot="A+B", product_id=good)
    saved_by_an_older_version(service, lot="ab", product_id=gtin)
    saved_by_an_older_version(service, lot="AB", product_id=gtin)
    bad_sku = saved_by_an_older_version(service, sku="CON")
    saved_by_an_older_version(service, lot="L9", product_id=bad_sku)
    service.close()

    reopened = CatalogService.open(db_path, create=False)  # opens as before: nothing to migrate, no error
    assert reopened.count_products() == 3 and len(reopened.batches()) == 5
    report = build_site(reopened, tmp_path / "site", today=DAY)
    site = tmp_path / "site"
    warnings = "\n".join(report.warnings)
    assert "No page for the lot A+B of MO-1, so its stamps lead to “Page not found”" in warnings
    assert "Not allowed: “+”" in warnings and "Rename the lot (Batches & stamps → Rename lot…)" in warnings
    assert "No page for the lot AB of MO-G" in warnings and "differs from the lot ab of MO-G" in warnings
    assert "No page for the product CON: “CON” is a name Windows keeps" in warnings
    assert "No page for the lot L9 of CON" in warnings
    assert len(report.warnings) == 4
    assert (site / "sp/MO-1/lo/L1/index.html").is_file()
    assert (site / "sp/MO-1/index.html").is_file()
    lot_pages = sorted(p.parent.name for p in (site / f"01/0{GTIN}/10").glob("*/index.html"))
    assert lot_pages == ["ab"]  # the older of the twins; on a case-blind disk AB would have overwritten it
    assert not (site / "sp/CON").exists() and not list(site.rglob("A+B"))

    with pytest.raises(OcopDeskError, match="Page not found"):
        stamps.issue(with_address(reopened), "A+B", 1)
    bad_lot = next(v.batch for v in reopened.batches() if v.batch.lot_code == "A+B")
    assert bad_lot.id is not None and reopened.rename_lot(bad_lot.id, "A-B")[0].lot_code == "A-B"
    report = build_site(reopened, site, today=DAY)
    assert (site / "sp/MO-1/lo/A-B/index.html").is_file() and len(report.warnings) == 3
    reopened.close()


# ---------------------------------------------------------------- marketplace bundles

COLOURS = {"MO.1": (200, 30, 30), "MO-1": (30, 160, 40), "MO/1": (30, 60, 200)}


def photo(path: Path, colour: tuple[int, int, int]) -> Path:
    Image.new("RGB", (900, 900), colour).save(path, "PNG")
    return path


def colour_of(data: bytes) -> tuple[int, int, int]:
    with Image.open(io.BytesIO(data)) as image:
        return image.convert("RGB").getpixel((450, 450))  # type: ignore[return-value]


def near(a: tuple[int, int, int], b: tuple[int, int, int]) -> bool:
    return all(abs(x - y) <= 12 for x, y in zip(a, b, strict=True))


@pytest.fixture
def punctuation_twins(service: CatalogService, tmp_path: Path) -> CatalogService:
    """Three products named alike whose SKUs differ only in punctuation, each with its own photo."""
    for sku, colour in COLOURS.items():
        media = service.add_media(str(photo(tmp_path / f"{colour[0]}.png", colour)))
        service.save_product(
            Product(sku=sku, name="Mật ong hoa rừng", price=120_000, unit="chai", weight_g=800), photos=[media]
        )
    return service


def test_generic_bundle_gives_each_sku_its_own_photo(punctuation_twins: CatalogService, tmp_path: Path) -> None:
    out = tmp_path / "generic.zip"
    report = listing_export.export(punctuation_twins, "generic", out, include_unready=True)
    assert sorted(report.exported) == sorted(COLOURS)
    with zipfile.ZipFile(out) as archive:
        (tmp_path / "products.xlsx").write_bytes(archive.read("products.xlsx"))
        files = {name: archive.read(name) for name in archive.namelist() if name.startswith("anh/")}
    assert len(files) == 3
    rows = list(load_workbook(tmp_path / "products.xlsx").active.iter_rows(values_only=True))
    keys = list(rows[0])
    listed = {row[keys.index("sku")]: row[keys.index("image_1")] for row in rows[1:]}
    assert sorted(listed) == sorted(COLOURS) and len(set(listed.values())) == 3
    for sku, image in listed.items():
        assert near(colour_of(files[image]), COLOURS[sku]), sku


def test_shopee_sheet_points_each_row_at_its_own_products_photo(
    punctuation_twins: CatalogService, tmp_path: Path
) -> None:
    images = tmp_path / "host"
    images.mkdir()
    with static_server(images) as host:
        report = listing_export.export(
            punctuation_twins,
            "shopee",
            tmp_path / "shopee.zip",
            include_unready=True,
            image_host=host,
            image_folder=images,
        )
        assert report.sheet_ready, report.url_failures
    with zipfile.ZipFile(tmp_path / "shopee.zip") as archive:
        (tmp_path / "out.xlsx").write_bytes(archive.read("shopee-dang-tai.xlsx"))
    sheet = load_workbook(tmp_path / "out.xlsx").active
    keys = [c.value for c in sheet[1]]
    rows = [dict(zip(keys, r, strict=False)) for r in sheet.iter_rows(min_row=2, values_only=True)]
    listed = {r["ps_sku_parent_short"]: r["ps_item_cover_image"] for r in rows if r["ps_sku_parent_short"] in COLOURS}
    assert sorted(listed) == sorted(COLOURS) and len(set(listed.values())) == 3
    for sku, url in listed.items():
        name = url.removeprefix(f"{host}/m/")
        assert near(colour_of((images / "m" / name).read_bytes()), COLOURS[sku]), sku
    assert len(list((images / "m").iterdir())) == 3
