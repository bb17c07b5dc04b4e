"""`products passport`, `batches event` and `producers set|list` (#25) on a real catalogue file: what is
declared is saved and shown, bad input is refused with a message and changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from ocopdesk.services.catalog import CatalogService
from tests.cli.test_cli import run


@pytest.fixture
def db(demo_db: Path) -> str:
    return str(demo_db)


def test_declare_a_products_standard_and_warnings(capsys: pytest.CaptureFixture[str], db: str) -> None:
    code, out, err = run(capsys, "products", "passport", "BUOI-LV", "--db", db)
    assert code == 0 and "Applied standard: not declared" in out
    assert "not declared: Applied standard, Safety warnings" in err
    args = ("--standard", "TCCS 02:2025/HTX", "--standard-title", "Bưởi quả tươi", "--warnings", "Rửa trước khi ăn.")
    code, out, err = run(capsys, "products", "passport", "BUOI-LV", *args, "--db", db)
    assert code == 0 and "Applied standard: TCCS 02:2025/HTX – Bưởi quả tươi" in out and err == ""


def test_a_stage_with_time_commune_and_gln(capsys: pytest.CaptureFixture[str], db: str, db_path: Path) -> None:
    service = CatalogService.open(db_path)
    lot = service.batches("BUOI-LV")[0].batch
    before = len(service.events(lot.id or 0))
    service.close()
    base = ("batches", "event", "--lot", lot.lot_code, "--kind", "harvest", "--date", "20/11/2026", "--db", db)
    code, _out, err = run(capsys, *base, "--time", "7h", "--gln", "8938500120016")
    assert code == 1 and "hours:minutes" in err and "check digit" in err
    code, out, _err = run(capsys, *base, "--time", "07:15", "--commune", "15499", "--gln", "8938500120015")
    assert code == 0 and lot.lot_code in out
    service = CatalogService.open(db_path)
    events = service.events(lot.id or 0)
    service.close()
    assert len(events) == before + 1
    added = next(e for e in events if e.occurred_time == "07:15")
    assert (added.commune_code, added.place_gln) == ("15499", "8938500120015")


def test_a_stage_names_the_lots_it_used(capsys: pytest.CaptureFixture[str], db: str, db_path: Path) -> None:
    service = CatalogService.open(db_path)
    wine, honey = service.batches("RUOU-MO-NX")[0].batch, service.batches("MO-NX-500")[0].batch
    service.close()
    base = ("batches", "event", "--lot", wine.lot_code, "--kind", "processing", "--date", "20/11/2026", "--db", db)
    code, _out, err = run(capsys, *base, "--input-lot", "KHONG-CO-LO-NAY")
    assert code != 0 and "KHONG-CO-LO-NAY" in err
    code, _out, err = run(capsys, *base, "--input-lot", f"RUOU-MO-NX:{wine.lot_code}")
    assert code != 0 and "itself" in err
    code, _out, _err = run(capsys, *base, "--input-lot", honey.lot_code)
    assert code == 0
    service = CatalogService.open(db_path)
    used = [e.inputs for e in service.events(wine.id or 0) if e.inputs]
    service.close()
    assert used == [(honey.id,)]


def test_producer_identifiers_and_privacy(capsys: pytest.CaptureFixture[str], db: str) -> None:
    code, _out, err = run(
        capsys, "producers", "set", "htx nong nghiep tho xuan", "--private", "quantity,bogus", "--db", db
    )
    assert code == 2 and "bogus" in err
    code, _out, err = run(capsys, "producers", "set", "Không có HTX này", "--gln", "8938500120015", "--db", db)
    assert code != 0 and "Không có HTX này" in err
    args = ("--private", "quantity,actors", "--registration-no", "2807001234", "--gln", "8938500120015")
    assert run(capsys, "producers", "set", "HTX Nông nghiệp Thọ Xuân", *args, "--db", db)[0] == 0
    code, out, _err = run(capsys, "producers", "list", "--db", db)
    row = next(line for line in out.splitlines() if line.startswith("HTX Nông nghiệp Thọ Xuân"))
    assert row.split("\t")[1:] == ["2804567890", "2807001234", "8938500120015", "quantity,actors"]
