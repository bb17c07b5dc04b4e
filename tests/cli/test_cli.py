import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from ocopdesk.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exit_:  # argparse exits on misuse
        code = int(exit_.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_init_demo_list_and_show(capsys: pytest.CaptureFixture[str], db_path: Path) -> None:
    db = str(db_path)
    assert run(capsys, "init", "--db", db)[0] == 0
    code, out, _ = run(capsys, "--db", db, "demo")
    assert code == 0 and "32" in out
    code, out, _ = run(capsys, "products", "list", "--db", db, "--search", "DONG HOI", "--json")
    assert code == 0 and [p["sku"] for p in json.loads(out)] == ["KHOAI-DEO-DH"]
    code, out, _ = run(capsys, "products", "list", "--db", db, "--stars", "5")
    assert code == 0 and "Nước mắm Nghi Sơn 40 độ đạm" in out and "★★★★★" in out
    code, out, _ = run(capsys, "products", "show", "mo-nx-500", "--db", db, "--json")
    detail = json.loads(out)
    assert code == 0 and detail["product"]["price"] == 250000 and len(detail["batches"]) == 2
    code, out, _ = run(capsys, "products", "show", "MO-NX-500", "--db", db)
    assert code == 0 and "250.000\u00a0₫" in out and "Xã Như Xuân, Thanh Hóa" in out


def test_batches_add_and_list_with_both_date_forms(capsys: pytest.CaptureFixture[str], db_path: Path) -> None:
    db = str(db_path)
    run(capsys, "demo", "--db", db)
    code, out, _ = run(
        capsys,
        "batches",
        "add",
        "--db",
        db,
        "--sku",
        "COI-NS-TUI",
        "--lot",
        "T2611",
        "--produced",
        "01/11/2026",
        "--expires",
        "2027-11-01",
        "--quantity",
        "50",
    )
    assert code == 0 and "T2611" in out
    code, out, _ = run(capsys, "batches", "list", "--db", db, "--sku", "COI-NS-TUI", "--json")
    batch = next(b for b in json.loads(out) if b["lot_code"] == "T2611")
    assert (batch["produced_on"], batch["expires_on"], batch["quantity"]) == ("2026-11-01", "2027-11-01", 50)


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["batches", "add", "--sku", "COI-NS-TUI", "--lot", "Lô 1", "--produced", "2026-11-01"], 1, "lot code"),
        (["batches", "add", "--sku", "COI-NS-TUI", "--lot", "L1", "--produced", "32/13/2026"], 2, "not a date"),
        (["batches", "add", "--sku", "NOPE", "--lot", "L1", "--produced", "2026-11-01"], 1, "No product has the SKU"),
        (["products", "show", "NOPE"], 1, "No product has the SKU NOPE"),
        (["products", "lisst"], 2, "invalid choice"),
        (["import"], 2, "required"),
        (["import", "missing.xlsx"], 1, "File not found"),
    ],
)
def test_errors_are_plain_words_on_stderr_with_the_right_exit_code(
    capsys: pytest.CaptureFixture[str], db_path: Path, args: list[str], code: int, message: str
) -> None:
    run(capsys, "demo", "--db", str(db_path))
    got, out, err = run(capsys, *args, "--db", str(db_path))
    assert got == code and message in err and out == ""
    assert "Traceback" not in err


def test_reading_a_missing_catalogue_says_how_to_create_one(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "products", "list", "--db", str(tmp_path / "none.sqlite"))
    assert code == 1 and "ocopdesk init" in err
    assert not (tmp_path / "none.sqlite").exists()


def test_import_reports_every_problem_and_exits_1(
    capsys: pytest.CaptureFixture[str], db_path: Path, tmp_path: Path
) -> None:
    sheet = tmp_path / "sp.csv"
    sheet.write_text("Tên sản phẩm,Giá bán\nA,10.000\nB,mười nghìn\nC,\nD,-5\n", encoding="utf-8")
    code, _, err = run(capsys, "import", str(sheet), "--db", str(db_path))
    assert code == 1
    assert "Row 3, column “Giá bán”" in err and "Row 5, column “Giá bán”" in err and "nothing was imported" in err
    code, out, err = run(capsys, "import", str(sheet), "--skip-invalid", "--db", str(db_path))
    assert code == 0 and "Imported 2 of 4 rows: 2 new, 0 updated. 2 skipped (rows 3, 5)." in out


def test_backup_and_restore_commands(capsys: pytest.CaptureFixture[str], db_path: Path, tmp_path: Path) -> None:
    run(capsys, "demo", "--db", str(db_path))
    assert run(capsys, "backup", str(tmp_path / "b.zip"), "--db", str(db_path))[0] == 0
    code, _, err = run(capsys, "restore", str(tmp_path / "b.zip"), "--db", str(db_path))
    assert code == 2 and "--force" in err
    assert run(capsys, "restore", str(tmp_path / "b.zip"), "--db", str(db_path), "--force")[0] == 0
    other = tmp_path / "other.sqlite"
    assert run(capsys, "restore", str(tmp_path / "b.zip"), "--db", str(other))[0] == 0
    code, out, _ = run(capsys, "products", "list", "--db", str(other), "--json")
    assert len(json.loads(out)) == 32


def test_a_corrupt_database_is_refused_by_every_command(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"not a database at all" * 100)
    before = bad.read_bytes()
    for args in (["products", "list"], ["init"], ["demo"]):
        code, _, err = run(capsys, *args, "--db", str(bad))
        assert code == 1 and "not an OCOPDesk catalogue" in err
    assert bad.read_bytes() == before


def test_vietnamese_is_the_default_language(
    capsys: pytest.CaptureFixture[str], db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ocopdesk", "products", "show", "NOPE", "--db", str(db_path)],
        capture_output=True,
        text=True,
        env=_env(monkeypatch, lang=None),
        check=False,
    )
    assert result.returncode == 1
    assert "Chưa có danh mục" in result.stderr and "Traceback" not in result.stderr


def _env(monkeypatch: pytest.MonkeyPatch, lang: str | None) -> dict[str, str]:
    import os

    env = dict(os.environ)
    env.pop("OCOPDESK_LANG", None)
    if lang:
        env["OCOPDESK_LANG"] = lang
    return env


def test_sigkill_during_import_leaves_all_or_nothing(
    tmp_path: Path, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A real process killed in the middle of writing: the file stays sound and holds none of the import."""
    run(capsys, "init", "--db", str(db_path))
    rows = "\n".join(f"SP{n:05d},Sản phẩm số {n},{1000 + n}" for n in range(40_000))
    sheet = tmp_path / "big.csv"
    sheet.write_text(f"Mã SP,Tên sản phẩm,Giá bán\n{rows}\n", encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "ocopdesk", "import", str(sheet), "--db", str(db_path)],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stderr is not None
    for line in proc.stderr:
        if "Writing products" in line:  # first progress line of the write transaction
            break
    proc.kill()
    proc.wait()
    assert proc.returncode == -9
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM products").fetchone()[0] in (0, 40_000)
    assert conn.execute("SELECT count(*) FROM products").fetchone()[0] == 0  # killed before COMMIT
    conn.close()
    run(capsys, "import", str(sheet), "--db", str(db_path))  # and the file is usable afterwards
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT count(*) FROM products").fetchone()[0] == 40_000
    conn.close()


def test_stamps_issue_verify_void_from_the_command_line(capsys: pytest.CaptureFixture[str], db_path: Path) -> None:
    db = str(db_path)
    run(capsys, "demo", "--db", db)
    code, _, err = run(capsys, "stamps", "issue", "--lot", "MO-NX-500-261109", "--count", "3", "--db", db)
    assert code == 1 and "traceability address" in err
    assert run(capsys, "settings", "set", "resolver_base_url", "https://truyxuat.example.vn", "--db", db)[0] == 0
    assert run(capsys, "settings", "set", "resolver_base_url", "not a url", "--db", db)[0] == 1
    code, out, _ = run(capsys, "batches", "list", "--sku", "MO-NX-500", "--json", "--db", db)
    lot = json.loads(out)[0]["lot_code"]
    code, out, _ = run(capsys, "stamps", "issue", "--lot", lot, "--count", "3", "--json", "--db", db)
    issued = json.loads(out)
    assert code == 0 and (issued["first"], issued["last"], len(issued["urls"])) == (1, 3, 3)
    code, out, _ = run(capsys, "stamps", "verify", issued["urls"][0], "--db", db)
    assert code == 0 and out.startswith("Genuine: Mật ong hoa rừng Như Xuân")
    assert run(capsys, "stamps", "void", "--lot", lot, "--serials", "1-2", "--reason", "hỏng", "--db", db)[0] == 0
    code, out, _ = run(capsys, "stamps", "verify", issued["urls"][0], "--json", "--db", db)
    assert code == 1 and json.loads(out)["result"] == "voided"
    assert run(capsys, "stamps", "verify", "garbage", "--db", db)[0] == 1
    code, _, err = run(capsys, "stamps", "void", "--lot", lot, "--serials", "9-2", "--reason", "x", "--db", db)
    assert code == 2 and "41-65" in err
    code, out, _ = run(capsys, "stamps", "list", "--lot", lot, "--db", db)
    assert code == 0 and out.count("voided") == 2 and out.count("issued") == 1
