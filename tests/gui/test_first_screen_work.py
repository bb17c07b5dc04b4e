"""The way to the first screen does no work a page not yet seen needs (issue #28): judging every saved code
against today's rule (the batches page's red lots) waits until the batches page is shown."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from ocopdesk.gui.main_window import MainWindow
from ocopdesk.services.catalog import CatalogService, CodeProblems
from tests.gui.test_main_window import start_with_demo


def test_codes_are_judged_when_the_batches_page_is_first_seen(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    real = CatalogService.code_problems

    def counted(self: CatalogService) -> CodeProblems:
        calls.append(1)
        return real(self)

    monkeypatch.setattr(CatalogService, "code_problems", counted)
    start_with_demo(qtbot, window)
    assert window.batches.table.rowCount() == 0 and calls == []
    window.go_to("batches")
    qtbot.waitUntil(lambda: window.batches.table.rowCount() > 0)
    assert len(calls) == 1
    window.go_to("products")
    window.go_to("batches")
    assert len(calls) == 1  # seen again, nothing changed: not judged again
