"""Website → Export EPCIS 2.0 and Products → Quality dossier (#25) in the real window: the export runs in
the background and its result is said in one line (the CLI's document); the dossier is a PDF and a ZIP."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from pytestqt.qtbot import QtBot

from ocopdesk.gui.epcis_action import export_epcis
from ocopdesk.gui.main_window import MainWindow
from ocopdesk.services.profile import load_profile, save_profile
from tests.gui.conftest import BoxAnswerer
from tests.gui.test_main_window import start_with_demo


def test_export_epcis_from_the_website_menu(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, boxes: BoxAnswerer
) -> None:
    start_with_demo(qtbot, window)
    service = window.context.service
    save_profile(service, replace(load_profile(service), resolver_base_url="https://t.example.vn"))
    assert window.act_epcis in window.menuBar().actions()[2].menu().actions()
    out = tmp_path / "su-kien.jsonld"
    boxes.answer("Đồng ý")  # the box comes when the export is done (one-minute ceiling)
    task = export_epcis(window.context, window, str(out))
    assert task is not None
    qtbot.waitUntil(lambda: bool(boxes.texts), timeout=60000)
    assert boxes.texts[-1].startswith("Đã ghi ") and str(out) in boxes.texts[-1]
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["type"] == "EPCISDocument" and document["schemaVersion"] == "2.0"
    assert len(document["epcisBody"]["eventList"]) > 100  # the demo's stages


def test_quality_dossier_from_the_products_page(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, boxes: BoxAnswerer
) -> None:
    start_with_demo(qtbot, window)
    service = window.context.service
    save_profile(service, replace(load_profile(service), resolver_base_url="https://t.example.vn"))
    window.go_to("products")
    page = window.products
    page.search_box.setText("mat ong hoa rung nhu xuan")
    page.apply_filter()
    qtbot.waitUntil(lambda: page.table.model().rowCount() >= 1, timeout=10000)
    page.table.selectRow(0)
    boxes.answer("Đồng ý")  # the box that says it is written
    task = page.dossier(str(tmp_path / "ho-so.pdf"))  # in the background: a PDF's pages take a while to draw
    assert task is not None
    qtbot.waitUntil(lambda: bool(boxes.texts))
    written = tmp_path / "ho-so.pdf"
    assert written.read_bytes().startswith(b"%PDF") and (tmp_path / "ho-so.zip").is_file()
    assert boxes.texts[-1].startswith("Đã ghi hồ sơ chất lượng") and str(written) in boxes.texts[-1]
