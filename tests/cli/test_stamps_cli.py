"""Stamps from the command line as a shop assistant and a clerk use them: a serial typed alone,
trial PDFs that are not prints, the PDF that is, and the list for another label program."""

from __future__ import annotations

import csv
import datetime as dt
import json
import subprocess
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from ocopdesk.domain.dates import format_date
from tests.cli.test_cli import run


@pytest.fixture
def lot(capsys: pytest.CaptureFixture[str], db_path: Path) -> str:
    db = str(db_path)
    run(capsys, "demo", "--db", db)
    run(capsys, "settings", "set", "resolver_base_url", "https://truyxuat.example.vn", "--db", db)
    _code, out, _ = run(capsys, "batches", "list", "--sku", "MO-NX-500", "--json", "--db", db)
    lot = json.loads(out)[0]["lot_code"]
    assert run(capsys, "stamps", "issue", "--lot", lot, "--count", "5", "--db", db)[0] == 0
    return lot


def stamp_list(capsys: pytest.CaptureFixture[str], db: str, lot: str) -> list[dict]:
    return json.loads(run(capsys, "stamps", "list", "--lot", lot, "--json", "--db", db)[1])


def test_a_serial_typed_alone_says_which_stamp_it_is_and_that_only_a_scan_checks_it(
    capsys: pytest.CaptureFixture[str], db_path: Path, lot: str, tmp_path: Path
) -> None:
    db = str(db_path)
    serial = stamp_list(capsys, db, lot)[1]["serial"]
    code, out, _ = run(capsys, "stamps", "verify", serial, "--db", db)
    assert code == 3
    assert out.startswith(f"Stamp no. 2 of lot {lot} of Mật ong hoa rừng Như Xuân, not printed yet, not voided.")
    assert "scan the QR code to check the stamp itself" in out
    # typed in lower case with the 0 as a letter O, as people do: Crockford's reading rules
    assert run(capsys, "stamps", "verify", serial.lower().replace("0", "o"), "--db", db)[0] == 3
    pdf = tmp_path / "in.pdf"
    run(capsys, "stamps", "pdf", "--lot", lot, "--template", "roll-40x25", "--for-print", "--out", str(pdf), "--db", db)
    code, out, _ = run(capsys, "stamps", "verify", serial, "--db", db)
    assert f"printed on {format_date(dt.date.today())}, not voided" in out
    run(capsys, "stamps", "void", "--lot", lot, "--serials", "2", "--reason", "in hỏng", "--db", db)
    code, out, _ = run(capsys, "stamps", "verify", serial, "--db", db)
    assert code == 1 and f"voided on {format_date(dt.date.today())}: in hỏng" in out
    assert run(capsys, "stamps", "verify", "ZZZZZZZZZZ", "--db", db)[0] == 1


def test_trial_pdfs_are_proofs_and_only_the_pdf_for_printing_counts(
    capsys: pytest.CaptureFixture[str], db_path: Path, lot: str, tmp_path: Path
) -> None:
    db = str(db_path)
    for n in range(3):
        code, out, _ = run(
            capsys,
            "stamps",
            "pdf",
            "--lot",
            lot,
            "--template",
            "roll-30x20",
            "--out",
            str(tmp_path / f"{n}.pdf"),
            "--db",
            db,
        )
        assert code == 0 and "A proof, not counted as printed" in out
    assert {s["print_count"] for s in stamp_list(capsys, db, lot)} == {0}
    code, out, _ = run(
        capsys,
        "stamps",
        "pdf",
        "--lot",
        lot,
        "--template",
        "roll-30x20",
        "--for-print",
        "--out",
        str(tmp_path / "p.pdf"),
        "--db",
        db,
    )
    assert code == 0 and "Counted as printed" in out
    assert {s["print_count"] for s in stamp_list(capsys, db, lot)} == {1}
    code, out, _ = run(capsys, "stamps", "verify", stamp_list(capsys, db, lot)[0]["url"], "--db", db)
    assert code == 0 and f"Printed on {format_date(dt.date.today())}." in out  # dd/mm/yyyy, not ISO


def test_own_line_logo_and_qr_size_from_the_command_line(
    capsys: pytest.CaptureFixture[str], db_path: Path, lot: str, tmp_path: Path
) -> None:
    db = str(db_path)
    logo = tmp_path / "logo.png"
    Image.new("RGB", (240, 120), "darkgreen").save(logo)
    pdf = tmp_path / "tem.pdf"
    args = ["stamps", "pdf", "--lot", lot, "--template", "a4-24-70x37", "--out", str(pdf), "--db", db]
    code, _, err = run(capsys, *args, "--text", "Đặc sản OCOP Thanh Hóa", "--logo", str(logo), "--qr-size", "medium")
    assert code == 0, err

    text = " ".join(
        subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split()
    )
    assert "Đặc sản OCOP Thanh Hóa" in text
    subprocess.run(
        ["pdftoppm", "-r", "300", "-f", "1", "-l", "1", "-png", "-singlefile", str(pdf), str(tmp_path / "p")],
        check=True,
    )
    urls = {s["url"] for s in stamp_list(capsys, db, lot)}
    decoded = {r.text for r in zxingcpp.read_barcodes(Image.open(tmp_path / "p.png"))}
    assert decoded == urls  # the medium QR still scans
    code, _, err = run(capsys, *args, "--logo", str(tmp_path / "missing.png"))
    assert code == 1 and "missing.png" in err and "PNG or JPEG" in err


def test_a_lots_stamps_as_csv_for_another_label_program(
    capsys: pytest.CaptureFixture[str], db_path: Path, lot: str, tmp_path: Path
) -> None:
    db = str(db_path)
    run(capsys, "stamps", "void", "--lot", lot, "--serials", "3", "--reason", "kẹt giấy", "--db", db)
    out_file = tmp_path / "tem.csv"
    code, out, _ = run(capsys, "stamps", "csv", "--lot", lot, "--serials", "2-5", "--out", str(out_file), "--db", db)
    assert code == 0 and "Wrote 3 stamps" in out
    assert out_file.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel and BarTender read UTF-8 with its mark
    with out_file.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    listed = {s["number"]: s for s in stamp_list(capsys, db, lot)}
    assert [r["number"] for r in rows] == ["2", "4", "5"]  # the voided one never
    assert all(r["serial"] == listed[int(r["number"])]["serial"] for r in rows)
    assert all(r["url"] == listed[int(r["number"])]["url"] for r in rows)
    assert {(r["lot"], r["product"]) for r in rows} == {(lot, "Mật ong hoa rừng Như Xuân")}
    assert {s["print_count"] for s in listed.values()} == {0}  # a list is not a print
