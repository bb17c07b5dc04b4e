"""The print dialog's thermal printer box: folded away until ticked, a test label that counts nothing,
and a job sent to a real TCP listener on 127.0.0.1 that counts the stamps once it arrived."""

from __future__ import annotations

import json
import os
import re
import socket
from pathlib import Path

from pytestqt.qtbot import QtBot

from ocopdesk.bundled import resource
from ocopdesk.gui.main_window import MainWindow
from ocopdesk.paths import AppPaths
from ocopdesk.services import stamps
from tests.gui.conftest import BoxAnswerer
from tests.gui.test_stamps_screen import open_lot
from tests.services.test_thermal_print import Listener


def test_the_thermal_box_sends_a_test_label_and_the_lot_to_a_network_printer(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, boxes: BoxAnswerer
) -> None:
    lot = open_lot(qtbot, window, "MO-NX-500")
    service = window.context.service
    stamps.issue(service, lot, 3)
    dialog = window.batches.print_stamps()
    assert dialog is not None
    box = dialog.thermal
    assert box.title() == "Máy in nhiệt (lệnh trực tiếp)" and not box.isChecked() and box.fields.isHidden()
    box.setChecked(True)
    assert not box.fields.isHidden()
    dialog.template.setCurrentIndex(dialog.template.findData("roll-40x25"))
    box.language.setCurrentIndex(box.language.findData("tspl"))
    box.target.setText(str(tmp_path / "thu.tspl"))
    boxes.answer("Đồng ý")
    test = box.send_test()
    assert test is not None
    qtbot.waitUntil(lambda: len(boxes.texts) >= 1, timeout=60000)
    assert b"0TEST00000" in (tmp_path / "thu.tspl").read_bytes() and "không tính" in boxes.texts[-1]
    listener = Listener()
    box.target.setText(f"tcp://127.0.0.1:{listener.port}")
    boxes.answer("Đồng ý")
    task = box.send()
    qtbot.waitUntil(lambda: not task.running, timeout=60000)
    listener.close()
    qtbot.waitUntil(lambda: len(boxes.texts) >= 2, timeout=60000)
    assert len(listener.jobs) == 1 and listener.jobs[0].count(b"PRINT 1,1") == 3
    rows = stamps.urls_for(service, stamps.find_lot(service, lot))
    assert {s.print_count for s, _u in rows} == {1}
    assert "đã in" in boxes.texts[-1]
    dialog.reject()


def test_the_thermal_resolution_follows_the_chosen_roll(qtbot: QtBot, window: MainWindow) -> None:
    """A clerk's own 300-dpi roll sets 300 dpi when chosen, a shipped 203-dpi roll sets 203 (#26)."""
    shipped = json.loads(resource("labels", "roll-40x25.json").read_text(encoding="utf-8"))
    own = {**shipped, "id": "roll-40x25-300", "name": "Cuộn 40 × 25 mm, máy 300 dpi"}
    own["thermal"] = {**shipped["thermal"], "dpi": 300}
    folder = AppPaths.from_environment().config_dir / "labels"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "roll-40x25-300.json").write_text(json.dumps(own, ensure_ascii=False), encoding="utf-8")
    lot = open_lot(qtbot, window, "MO-NX-500")
    stamps.issue(window.context.service, lot, 1)
    dialog = window.batches.print_stamps()
    assert dialog is not None
    box = dialog.thermal
    dialog.template.setCurrentIndex(dialog.template.findData("roll-40x25-300"))
    assert box.dpi.currentData() == 300
    dialog.template.setCurrentIndex(dialog.template.findData("roll-40x25"))
    assert box.dpi.currentData() == 203
    box.dpi.setCurrentIndex(box.dpi.findData(300))  # the clerk's own choice stands until the roll changes
    dialog.template.setCurrentIndex(dialog.template.findData("a4-65-38x21"))
    assert box.dpi.currentData() == 300
    dialog.template.setCurrentIndex(dialog.template.findData("roll-40x25"))
    assert box.dpi.currentData() == 203
    dialog.reject()


def test_the_test_label_is_sent_away_from_the_window_and_a_silent_printer_is_reported_in_vietnamese(
    qtbot: QtBot, window: MainWindow, boxes: BoxAnswerer
) -> None:
    """The test label is made and sent in a child process (#26): the call returns at once with the button
    off, so the window is never frozen by a printer that does not answer; the failure comes back as a
    Vietnamese message and the button works again."""
    lot = open_lot(qtbot, window, "MO-NX-500")
    stamps.issue(window.context.service, lot, 1)
    dialog = window.batches.print_stamps()
    assert dialog is not None
    box = dialog.thermal
    box.setChecked(True)
    dialog.template.setCurrentIndex(dialog.template.findData("roll-40x25"))
    closed = socket.create_server(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()  # nothing listens there now: the printer is off
    box.target.setText(f"tcp://127.0.0.1:{port}")
    boxes.answer("Đồng ý")
    task = box.send_test()
    assert task is not None and task.running and task.process.pid != os.getpid()
    assert not box.test_button.isEnabled()
    qtbot.waitUntil(lambda: not task.running and len(boxes.texts) >= 1, timeout=60000)
    assert "không nhận lệnh in" in boxes.texts[-1], boxes.texts
    assert box.test_button.isEnabled()
    dialog.reject()


def test_negative_offsets_in_the_dialog_move_the_test_label_and_too_much_is_said(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, boxes: BoxAnswerer
) -> None:
    """The dialog takes negative offsets (a printer printing too far right and down) and the test label
    carries them (as the printer's own ^LS/^LT); an offset that would push the stamp off the roll is
    said under the preview and in the test label's answer, in Vietnamese (#26)."""
    lot = open_lot(qtbot, window, "MO-NX-500")
    stamps.issue(window.context.service, lot, 1)
    dialog = window.batches.print_stamps()
    assert dialog is not None
    box = dialog.thermal
    box.setChecked(True)
    dialog.template.setCurrentIndex(dialog.template.findData("roll-50x30"))
    box.language.setCurrentIndex(box.language.findData("zpl"))

    def test_label(name: str) -> list[tuple[int, int]]:
        box.target.setText(str(tmp_path / name))
        boxes.answer("Đồng ý")
        said = len(boxes.texts)
        assert box.send_test() is not None
        qtbot.waitUntil(lambda: len(boxes.texts) > said, timeout=60000)
        return [(int(x), int(y)) for x, y in re.findall(rb"\^FO(-?\d+),(-?\d+)", (tmp_path / name).read_bytes())]

    zero = test_label("zero.zpl")
    dialog.offset_x.setValue(-1.0)
    dialog.offset_y.setValue(-0.5)
    assert (dialog.offset_x.value(), dialog.offset_y.value()) == (-1.0, -0.5)
    moved = test_label("moved.zpl")
    assert moved == zero and b"^LS8^LT-4" in (tmp_path / "moved.zpl").read_bytes()  # the printer shifts them
    assert "ra ngoài nhãn" not in boxes.texts[-1]
    dialog.offset_x.setValue(-9.0)
    dialog.update_preview()
    assert "Độ lệch X -9.0 mm sẽ đẩy tem ra ngoài nhãn" in dialog.note.text()
    far = test_label("far.zpl")
    assert min(min(f) for f in far) >= 0 and "dùng -2.0 mm" in boxes.texts[-1]
    dialog.reject()
