"""`ocopdesk scans load|list|forget` as a clerk runs them: a genuine stamp checked from a log, a guessed
serial flagged, a folder loaded twice counting nothing twice, clear words for a missing path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ocopdesk import i18n
from tests.cli.test_cli import run


@pytest.fixture
def lot(capsys: pytest.CaptureFixture[str], db_path: Path) -> str:
    """The demo catalogue with five stamps issued for one lot."""
    db = str(db_path)
    run(capsys, "demo", "--db", db)
    run(capsys, "settings", "set", "resolver_base_url", "https://truyxuat.example.vn", "--db", db)
    code = json.loads(run(capsys, "batches", "list", "--sku", "MO-NX-500", "--json", "--db", db)[1])[0]["lot_code"]
    assert run(capsys, "stamps", "issue", "--lot", code, "--count", "5", "--db", db)[0] == 0
    return str(code)


UA = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Zalo iOS/500"


def test_load_list_and_forget(capsys: pytest.CaptureFixture[str], db_path: Path, lot: str, tmp_path: Path) -> None:
    db = str(db_path)
    stamp = json.loads(run(capsys, "stamps", "list", "--lot", lot, "--json", "--db", db)[1])[0]
    path = stamp["url"].removeprefix("https://truyxuat.example.vn").split("?")[0]
    logs = tmp_path / "logs"
    logs.mkdir()
    (logs / "access.log").write_text(
        f'203.0.113.9 - - [05/Dec/2026:09:00:00 +0700] "GET {path} HTTP/1.1" 200 900 "-" "{UA}"\n'
        f'203.0.113.9 - - [05/Dec/2026:09:01:00 +0700] "GET /s/ZZZZZZZZZZ HTTP/1.1" 200 900 "-" "{UA}"\n'
        "not a request\n"
    )
    code, out, err = run(capsys, "scans", "load", str(logs), "--db", db)
    assert code == 0 and "2 stamp checks" in out and "1 malformed" in out and "not a request" in err
    assert "already counted" in run(capsys, "scans", "load", str(logs), "--db", db)[1]
    listed = json.loads(run(capsys, "scans", "list", "--json", "--db", db)[1])
    by_serial = {s["serial"]: s for s in listed}
    assert by_serial[stamp["serial"]]["checks"] == 1 and by_serial[stamp["serial"]]["devices"] == {"iOS": 1}
    assert [f["kind"] for f in by_serial["ZZZZZZZZZZ"]["flags"]] == ["unknown"]
    suspicious = json.loads(run(capsys, "scans", "list", "--suspicious", "--json", "--db", db)[1])
    assert {s["serial"] for s in suspicious} == {"ZZZZZZZZZZ", stamp["serial"]}  # the demo stamp was never printed
    code, out, _ = run(capsys, "scans", "list", "--lot", lot, "--csv", str(tmp_path / "q.csv"), "--db", db)
    assert stamp["serial"] in out and "ZZZZZZZZZZ" not in out and (tmp_path / "q.csv").exists()
    assert run(capsys, "scans", "forget", "--db", db)[0] == 0
    assert "No stamp checks yet" in run(capsys, "scans", "list", "--db", db)[1]


def test_a_missing_path_is_said_plainly_in_vietnamese(
    capsys: pytest.CaptureFixture[str], db_path: Path, lot: str
) -> None:
    i18n.set_language("vi")
    try:
        code, _out, err = run(capsys, "scans", "load", "/no/such/log", "--db", str(db_path))
    finally:
        i18n.set_language("en")
    assert code == 1 and "Không tìm thấy: /no/such/log" in err and "Traceback" not in err


def test_a_log_address_on_this_computer_is_refused_in_plain_words(
    capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    """The CLI fetches from the publishing host, never from this computer or the office network: said in
    Vietnamese, no traceback, nothing counted."""
    db = str(db_path)
    run(capsys, "demo", "--db", db)
    i18n.set_language("vi")
    try:
        code, out, err = run(capsys, "scans", "load", "http://127.0.0.1:9/logs/access.log", "--db", db)
    finally:
        i18n.set_language("en")
    assert code != 0 and "mạng nội bộ" in err and "Traceback" not in err + out
    assert json.loads(run(capsys, "scans", "list", "--json", "--db", db)[1]) == []
