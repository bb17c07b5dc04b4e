"""A locked, read-only or damaged catalogue is called what it is, nothing is written to it, and no
command ends in "Unexpected error". Real files, real other processes, a real SIGKILL."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from ocopdesk.cli import main
from ocopdesk.domain.product import Product
from ocopdesk.services.failures import explain
from ocopdesk.storage import database, products
from ocopdesk.storage.database import CatalogueFileError, open_catalogue
from ocopdesk.storage.locks import left_open, users_dir
from tests.storage.test_database import fingerprint

REPO = Path(__file__).resolve().parents[2]


def catalogue(path: Path, count: int = 300) -> Path:
    with open_catalogue(path) as cdb, cdb.write():
        for n in range(count):
            products.save(cdb, Product(sku=f"S{n}", name=f"Sản phẩm {n}", description="x" * 500))
    return path


def damage_index(path: Path) -> None:
    """Overwrite the page of one index. The products table still reads fine, which is why earlier versions
    went on writing into such a file."""
    with sqlite3.connect(path) as conn:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'products_name_sort'").fetchone()[0]
        assert conn.execute("SELECT count(*) FROM products").fetchone()[0] == 300
    with path.open("r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(b"\xff" * page_size)


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@contextmanager
def held_by_another_program(path: Path, sql: str) -> Iterator[subprocess.Popen[str]]:
    """Another program (plain sqlite3 in another process) holding a lock on the catalogue."""
    script = (
        "import sqlite3, sys, time\n"
        f"conn = sqlite3.connect({str(path)!r}, isolation_level=None)\n"
        f"conn.executescript({sql!r})\n"
        "print('ready', flush=True)\n"
        "time.sleep(120)\n"
    )
    other = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert other.stdout is not None and other.stdout.readline().strip() == "ready"
        yield other
    finally:
        other.kill()
        other.wait()


EXCLUSIVE = "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE;"


def test_a_catalogue_locked_by_another_program_is_called_locked_not_damaged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = catalogue(tmp_path / "c.sqlite")
    before = fingerprint(path)
    with held_by_another_program(path, EXCLUSIVE):
        with pytest.raises(CatalogueFileError) as caught:
            open_catalogue(path)
        code, text = cli(capsys, "products", "list", "--db", str(path))
    assert "locked by another program" in caught.value.message and "not damaged" in caught.value.message
    assert "damaged (" not in caught.value.message and "restore" not in caught.value.message.lower()
    assert code == 1 and "locked by another program" in text and "Unexpected" not in text
    assert fingerprint(path) == before
    with open_catalogue(path) as cdb:  # once the other program lets go, all is well
        assert products.count(cdb) == 300


def test_a_write_that_waits_too_long_says_busy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = catalogue(tmp_path / "c.sqlite")
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 300)  # the real wait is 10 s
    with held_by_another_program(path, "BEGIN IMMEDIATE; INSERT INTO settings VALUES ('x', 'y');"):
        code, text = cli(capsys, "settings", "set", "phone", "0912345678", "--db", str(path))
    assert code == 1 and "is busy" in text and "Nothing was changed" in text and "Unexpected" not in text


def test_a_damaged_page_is_found_before_anything_is_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Closed cleanly, then damaged (a disk, a sync tool): the open is quick and unchecked (#28), the first
    write runs `quick_check` first and is refused with the clear message; nothing is written."""
    path = catalogue(tmp_path / "c.sqlite")
    damage_index(path)
    before = fingerprint(path)
    with open_catalogue(path) as cdb, pytest.raises(CatalogueFileError) as caught, cdb.write():
        products.save(cdb, Product(sku="NEW", name="Không được ghi"))
    assert "is damaged" in caught.value.message and "Restore your latest backup" in caught.value.message
    code, text = cli(capsys, "settings", "set", "phone", "0912345678", "--db", str(path))
    assert code == 1 and "is damaged" in text and "Unexpected" not in text
    assert fingerprint(path) == before


def traced_pragmas(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every health-check statement run on connections opened from now on (SQLite's trace callback)."""
    seen: list[str] = []
    real = sqlite3.connect

    def connect(*args: object, **kwargs: object) -> sqlite3.Connection:
        conn = real(*args, **kwargs)  # type: ignore[arg-type]
        conn.set_trace_callback(lambda sql: seen.append(sql) if "_check" in sql else None)
        return conn

    monkeypatch.setattr(sqlite3, "connect", connect)
    return seen


def test_a_clean_open_runs_no_check_and_an_unclean_one_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = catalogue(tmp_path / "c.sqlite")
    seen = traced_pragmas(monkeypatch)
    with open_catalogue(path) as cdb:
        assert products.count(cdb) == 300
        assert seen == []  # the first screen does not wait for the check
        with cdb.write():
            products.save(cdb, Product(sku="S-NEW", name="Sản phẩm mới"))
        assert seen == ["PRAGMA quick_check(5)"]  # once, before the first write
        with cdb.write():
            products.save(cdb, Product(sku="S-NEW2", name="Sản phẩm mới 2"))
        assert seen == ["PRAGMA quick_check(5)"]
    seen.clear()
    with sqlite3.connect(path) as plain:  # as a restored backup is: no write-ahead log, which opening sets
        plain.execute("PRAGMA journal_mode = DELETE")
    with open_catalogue(path) as cdb:
        assert seen == ["PRAGMA quick_check(5)"]  # checked before the pragma is written
    seen.clear()
    (users_dir(path) / "12345-deadbeef0000").write_bytes(b"")  # what a killed process leaves behind
    with open_catalogue(path) as cdb:
        assert seen == ["PRAGMA integrity_check(5)"]  # checked in full on the path in, and only then
        with cdb.write():
            products.save(cdb, Product(sku="S-NEW3", name="Sản phẩm mới 3"))
        assert seen == ["PRAGMA integrity_check(5)"]
    other = catalogue(tmp_path / "other.sqlite")
    damage_index(other)
    (users_dir(other) / "12345-deadbeef0001").write_bytes(b"")
    with pytest.raises(CatalogueFileError) as caught:
        open_catalogue(other)
    assert "is damaged" in caught.value.message and "Restore your latest backup" in caught.value.message


def test_a_catalogue_left_open_by_a_killed_process_is_checked_in_full(tmp_path: Path) -> None:
    path = catalogue(tmp_path / "c.sqlite")
    script = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from ocopdesk.storage.database import open_catalogue\n"
        f"cdb = open_catalogue(Path({str(path)!r}))\n"
        "print('open', flush=True)\n"
        "time.sleep(120)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    opened = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=env)
    assert opened.stdout is not None and opened.stdout.readline().strip() == "open"
    opened.send_signal(signal.SIGKILL)
    opened.wait()
    assert left_open(path) is True  # the killed process's entry is still there, unlocked
    assert left_open(path) is False  # and is cleared once seen
    opened = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=env)
    assert opened.stdout is not None and opened.stdout.readline().strip() == "open"
    opened.kill()
    opened.wait()
    damage_index(path)
    with pytest.raises(CatalogueFileError, match="is damaged"):
        open_catalogue(path)


def test_a_file_that_says_it_is_a_catalogue_but_cannot_be_read_is_damaged(tmp_path: Path) -> None:
    path = catalogue(tmp_path / "c.sqlite")
    with path.open("r+b") as handle:  # the schema page itself
        handle.seek(100)
        handle.write(b"\xff" * 3000)
    with pytest.raises(CatalogueFileError) as caught:
        open_catalogue(path)
    assert "is damaged" in caught.value.message and "not an OCOPDesk catalogue" not in caught.value.message


def run_as_clerk_without_write_permission(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the CLI on a folder and files made read-only. Root ignores file modes, so a root test run drops
    the capabilities that let it (what an ordinary clerk's account never had)."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "OCOPDESK_LANG": "en"}
    command = [sys.executable, "-m", "ocopdesk", *args]
    if os.geteuid() == 0:
        assert shutil.which("setpriv"), "util-linux's setpriv is needed to test as root"
        command = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search,-fowner", "--", *command]
    for item in folder.iterdir():
        item.chmod(0o444)
    folder.chmod(0o555)
    try:
        return subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    finally:
        folder.chmod(0o755)
        for item in folder.iterdir():
            item.chmod(0o644)


def test_a_read_only_catalogue_is_called_read_only(tmp_path: Path) -> None:
    shared_folder = tmp_path / "shared"
    shared_folder.mkdir()
    path = catalogue(shared_folder / "c.sqlite")
    before = fingerprint(path)
    done = run_as_clerk_without_write_permission(shared_folder, "products", "list", "--db", str(path))
    assert done.returncode == 1, done.stdout + done.stderr
    assert "read-only" in done.stderr and "Copy the catalogue" in done.stderr
    assert "damaged" not in done.stderr and "Unexpected" not in done.stderr
    assert fingerprint(path) == before


def test_an_export_into_a_missing_folder_is_refused_before_the_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "c.sqlite")
    assert cli(capsys, "demo", "--db", db)[0] == 0
    out = tmp_path / "chua-co" / "shopee.zip"
    code, text = cli(capsys, "export", "--marketplace", "postmart", "--all", "--out", str(out), "--db", db)
    assert code == 1 and "does not exist" in text and "Unexpected" not in text
    assert "Checking the products" not in text  # refused before the slow part
    assert not out.parent.exists()


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), "The disk is full"),
        (PermissionError(errno.EACCES, "Permission denied", "/mnt/usb/c.sqlite"), "may not write to /mnt/usb"),
        (FileNotFoundError(errno.ENOENT, "No such file", "/mnt/usb/x"), "USB stick removed"),
        (sqlite3.OperationalError("database is locked"), "is busy"),
        (sqlite3.OperationalError("attempt to write a readonly database"), "read-only"),
        (sqlite3.DatabaseError("database disk image is malformed"), "is damaged"),
        (sqlite3.OperationalError("database or disk is full"), "The disk is full"),
    ],
)
def test_low_level_failures_get_a_clerks_message(error: BaseException, expected: str) -> None:
    explained = explain(error)
    assert explained is not None and expected in explained.message


def test_a_real_bug_is_not_dressed_up() -> None:
    assert explain(KeyError("x")) is None and explain(sqlite3.ProgrammingError("bad binding")) is None
