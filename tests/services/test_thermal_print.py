"""Sending a lot's stamps to a thermal printer: a real TCP listener on 127.0.0.1 receives the job
byte for byte, a file gets the same bytes, and only a job that arrived counts its stamps as printed.
The page loop itself is checked Qt-free with a recording back end."""

from __future__ import annotations

import re
import socket
import threading
from pathlib import Path

import pytest

from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.domain.label import templates
from ocopdesk.domain.print_request import Calibration, PrintRequest
from ocopdesk.render.label_job import PlacedLabel, SheetJob, StampContent, run_pages
from ocopdesk.services import stamps
from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.profile import CooperativeProfile, save_profile
from ocopdesk.services.raw_printer import parse_target
from ocopdesk.services.stamp_print import prepare
from ocopdesk.services.thermal_print import job_bytes, print_lot, sample_label
from tests.cli.test_cli import run


@pytest.fixture
def lot(service: CatalogService, demo_db: Path) -> str:
    save_profile(service, CooperativeProfile(name="HTX", resolver_base_url="https://truyxuat.example.vn"))
    code = service.batches("MO-NX-500")[0].batch.lot_code
    stamps.issue(service, code, 4)
    return code


class Listener:
    """A raw port like a network printer's 9100, on 127.0.0.1: keeps every job it receives."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.jobs: list[bytes] = []
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self) -> None:
        conn, _addr = self.server.accept()
        with conn:
            chunks = []
            while data := conn.recv(65536):
                chunks.append(data)
            self.jobs.append(b"".join(chunks))

    def close(self) -> None:
        self.thread.join(60)
        self.server.close()


def printed(service: CatalogService, lot: str) -> list[int]:
    return [s.print_count for s, _url in stamps.urls_for(service, stamps.find_lot(service, lot))]


@pytest.mark.parametrize("language", ["zpl", "tspl"])
def test_a_tcp_printer_receives_the_job_byte_for_byte_and_the_stamps_count(
    service: CatalogService, lot: str, language: str, tmp_path: Path
) -> None:
    request = PrintRequest(lot, "roll-40x25")
    listener = Listener()
    try:
        result = print_lot(service, request, language, 203, f"tcp://127.0.0.1:{listener.port}")
    finally:
        listener.close()
    expected = job_bytes(prepare(service, request), language, 203)
    assert listener.jobs == [expected]
    assert result.counted and result.count == 4 and result.size == len(expected)
    assert printed(service, lot) == [1, 1, 1, 1]
    print_lot(service, request, language, 203, str(tmp_path / f"job.{language}"))
    assert (tmp_path / f"job.{language}").read_bytes() == expected, "a file gets the very same job"
    assert printed(service, lot) == [2, 2, 2, 2]


def test_a_printer_that_is_not_there_says_so_and_nothing_counts(service: CatalogService, lot: str) -> None:
    closed = socket.create_server(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    with pytest.raises(OcopDeskError, match=f"127.0.0.1:{port}"):
        print_lot(service, PrintRequest(lot, "roll-40x25"), "zpl", 203, f"tcp://127.0.0.1:{port}")
    assert printed(service, lot) == [0, 0, 0, 0]


def test_sheet_stock_and_unknown_languages_are_refused_before_anything_is_sent(
    service: CatalogService, lot: str, tmp_path: Path
) -> None:
    out = tmp_path / "x.zpl"
    with pytest.raises(OcopDeskError, match="roll"):
        print_lot(service, PrintRequest(lot, "a4-21-63x38"), "zpl", 203, str(out))
    with pytest.raises(OcopDeskError, match="zpl or tspl"):
        print_lot(service, PrintRequest(lot, "roll-40x25"), "epl", 203, str(out))
    with pytest.raises(OcopDeskError, match="203 or 300"):
        print_lot(service, PrintRequest(lot, "roll-40x25"), "zpl", 600, str(out))
    assert not out.exists() and printed(service, lot) == [0, 0, 0, 0]


def test_a_test_label_reaches_the_printer_and_counts_nothing(service: CatalogService, lot: str) -> None:
    listener = Listener()
    try:
        result = sample_label("roll-50x30", "tspl", 300, f"tcp://127.0.0.1:{listener.port}")
    finally:
        listener.close()
    assert not result.counted and b"0TEST00000" in listener.jobs[0] and b"PRINT 1,1" in listener.jobs[0]
    assert printed(service, lot) == [0, 0, 0, 0]


def test_targets_are_told_apart() -> None:
    assert parse_target("tcp://192.168.1.50").name == "192.168.1.50:9100"
    assert parse_target("tcp://printer.local:6101").port == 6101
    assert parse_target("tem.zpl").kind == "file" and parse_target("/tmp/x").kind == "file"
    assert parse_target("Xprinter XP-365B").kind == "queue"
    with pytest.raises(OcopDeskError):
        parse_target("tcp://:9100")
    with pytest.raises(OcopDeskError):
        parse_target("  ")


def test_stamps_print_from_the_command_line(
    capsys: pytest.CaptureFixture[str], db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OCOPDESK_LANG", "en")
    db = str(db_path)
    run(capsys, "demo", "--db", db)
    run(capsys, "settings", "set", "resolver_base_url", "https://truyxuat.example.vn", "--db", db)
    service = CatalogService.open(db_path)
    lot = service.batches("MO-NX-500")[0].batch.lot_code
    service.close()
    run(capsys, "stamps", "issue", "--lot", lot, "--count", "3", "--db", db)
    out = tmp_path / "tem.tspl"
    code, said, _err = run(
        capsys, "stamps", "print", "--lot", lot, "--template", "roll-50x30", "--language", "tspl", "--dpi", "300",
        "--to", str(out), "--db", db,
    )  # fmt: skip
    assert code == 0 and "Sent 3 stamps" in said and out.read_bytes().count(b"PRINT 1,1") == 3
    code, _said, err = run(
        capsys, "stamps", "print", "--lot", lot, "--template", "roll-30x20", "--language", "zpl", "--to",
        str(tmp_path / "no.zpl"), "--db", db,
    )  # fmt: skip
    assert code == 1 and "0.396" in err and "Traceback" not in err and not (tmp_path / "no.zpl").exists()


class Recorder:
    def __init__(self) -> None:
        self.events: list[tuple[str, object]] = []

    def begin_page(self, index: int) -> None:
        self.events.append(("page", index))

    def label(self, placed: PlacedLabel) -> None:
        self.events.append(("label", (round(placed.x, 3), round(placed.y, 3), placed.content.number, placed.copy)))

    def end_page(self, index: int) -> None:
        self.events.append(("end", index))


def test_the_page_loop_starts_late_repeats_copies_and_shifts_by_the_calibration() -> None:
    stock = templates()["roll-35x22x2"]  # two labels across, 37 mm apart
    items = [StampContent("u", "n", "L", "S", n) for n in (1, 2)]
    job = SheetJob(stock, items, start_at=2, calibration=Calibration(0.5, -0.25), copies=2)
    recorder = Recorder()
    assert run_pages(job, recorder) == 3
    assert recorder.events == [
        ("page", 0), ("label", (38.5, 0.75, 1, 0)), ("end", 0),
        ("page", 1), ("label", (1.5, 0.75, 1, 1)), ("label", (38.5, 0.75, 2, 0)), ("end", 1),
        ("page", 2), ("label", (1.5, 0.75, 2, 1)), ("end", 2),
    ]  # fmt: skip


def test_negative_offsets_on_the_command_line_shift_the_test_label_and_too_much_is_said_in_vietnamese(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """`--offset-x -1 --offset-y -0.5` (a printer printing too far right and down) becomes the printer's
    own label shift in whole dots at 203 dpi (^LS8: 8 dots left; ^LT-4: 4 rows up), the fields unmoved;
    -9 mm is clipped to the label with a Vietnamese note, never a negative origin."""
    from ocopdesk import i18n

    def fields(name: str, *offsets: str) -> tuple[list[tuple[int, int]], str]:
        out = tmp_path / name
        args = ("stamps", "test-label", "--template", "roll-50x30", "--language", "zpl", "--to", str(out), *offsets)
        code, _said, err = run(capsys, *args)
        assert code == 0 and "Traceback" not in err, err
        return [(int(x), int(y)) for x, y in re.findall(rb"\^FO(-?\d+),(-?\d+)", out.read_bytes())], err

    zero, _err = fields("zero.zpl")
    moved, err = fields("moved.zpl", "--offset-x", "-1", "--offset-y", "-0.5")
    assert moved == zero and b"^LS8^LT-4" in (tmp_path / "moved.zpl").read_bytes()
    assert not err
    i18n.set_language("vi")
    try:
        far, err = fields("far.zpl", "--offset-x", "-9", "--offset-y=-4")
    finally:
        i18n.set_language("en")
    assert min(min(f) for f in far) >= 0
    assert "Độ lệch X -9.0 mm sẽ đẩy tem ra ngoài nhãn" in err and "dùng -2.0 mm" in err, err
