"""Where file dialogs start on a machine without a Documents folder (issue #22, the fresh walk: every dialog
opened in the bare home folder, and the export after opening Shopee's template from another folder did too).
The real dialogs are replaced by recorders of the folder they were asked to start in; the app's own settings
file is written and read back."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from ocopdesk.gui import file_dialogs as files
from ocopdesk.gui.context import AppContext
from ocopdesk.paths import AppPaths


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    """The start folders the dialogs were given; each dialog "chooses" a file in tmp_path/USB/mau."""
    chosen = tmp_path / "USB" / "mau"
    chosen.mkdir(parents=True)
    starts: list[str] = []

    def one(parent, title, start, patterns):  # type: ignore[no-untyped-def]
        starts.append(start)
        return str(chosen / "mau-shopee.xlsx"), patterns

    def several(parent, title, start, patterns):  # type: ignore[no-untyped-def]
        starts.append(start)
        return [str(chosen / "anh.jpg")], patterns

    monkeypatch.setattr(QFileDialog, "getOpenFileName", one)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", one)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", several)
    monkeypatch.setattr(files, "_session", {})  # this process's earlier dialogs are not this clerk's
    return starts


def test_without_documents_every_dialog_starts_where_the_last_file_was_chosen(
    qtbot: QtBot, asked: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    missing = str(tmp_path / "Documents")  # the walk's machine: Qt names a Documents folder that is not there
    monkeypatch.setattr(QStandardPaths, "writableLocation", lambda _location: missing)
    context = AppContext(AppPaths.from_environment())
    context.settings.last_folders.clear()
    files.open_name(None, files.TEMPLATE, "Mẫu", "Excel (*.xlsx)", context)
    assert asked[0] == str(Path.home())  # nothing used yet, nothing better
    folder = str(tmp_path / "USB" / "mau")
    files.save_name(None, files.BUNDLE, "Xuất", "shopee.zip", "ZIP (*.zip)", context)
    assert asked[1] == str(Path(folder) / "shopee.zip")  # the template's folder, not /root
    files.save_name(None, files.PDF, "Tem", "tem.pdf", "PDF (*.pdf)", context)
    assert Path(asked[2]).parent == Path(folder)
    files.open_names(None, files.PICTURES, "Ảnh", "Ảnh (*.jpg)")  # the product editor's photos: no context
    assert asked[3] == folder
    again = AppContext(AppPaths.from_environment())  # the next start of the app
    monkeypatch.setattr(files, "_session", {})
    files.save_name(None, files.EPCIS, "EPCIS", "su-kien.json", "JSON (*.json)", again)
    assert Path(asked[4]).parent == Path(folder)


def test_documents_still_comes_before_another_purposes_folder(
    qtbot: QtBot, asked: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    documents = tmp_path / "Documents"
    documents.mkdir()
    monkeypatch.setattr(QStandardPaths, "writableLocation", lambda _location: str(documents))
    context = AppContext(AppPaths.from_environment())
    context.settings.last_folders.clear()
    files.open_name(None, files.TEMPLATE, "Mẫu", "Excel (*.xlsx)", context)
    files.save_name(None, files.BUNDLE, "Xuất", "shopee.zip", "ZIP (*.zip)", context)
    files.open_name(None, files.TEMPLATE, "Mẫu", "Excel (*.xlsx)", context)
    assert asked == [str(documents), str(documents / "shopee.zip"), str(tmp_path / "USB" / "mau")]
