"""#28: a catalogue whose search index an upgrade emptied opens to its table at once; the index is rebuilt in
the background (no progress dialog to wait on), searches scan names meanwhile, and the table follows the
rebuilt index when it is done."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from ocopdesk.gui.main_window import MainWindow
from ocopdesk.storage import product_search
from tests.storage.test_search_rebuild import NAMES, as_after_upgrade


def test_the_first_screen_does_not_wait_for_the_search_index(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(product_search, "DEFER_OVER", 0)  # six products stand for 100,000
    as_after_upgrade(tmp_path / "upgraded.sqlite")
    assert window.actions_.open_path(tmp_path / "upgraded.sqlite")
    context, model = window.context, window.products.model
    assert context.service.search_pending  # the window is up and the index not yet rebuilt
    assert model.rowCount() == len(NAMES)
    assert context.search_rebuild is not None and not context.search_rebuild.dialog.isVisible()
    window.products.search_box.insert("hoa nhan")  # a description's words: found by the index only
    qtbot.waitUntil(lambda: not context.service.search_pending)
    qtbot.waitUntil(lambda: model.rowCount() == 1)  # the page searched again when the rebuild said so
    assert model.index(0, 1).data() == "Mat ong Ha Noi"
    assert not context.search_rebuild.running
