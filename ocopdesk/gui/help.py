"""Help that works offline: the Vietnamese user guide shipped in resources/help (one page per task, with
pictures of the screens), shown in a window of the app itself — no browser, no internet — and the folders
where this computer keeps the catalogue, the photos, the backups and the log."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ocopdesk.bundled import resource
from ocopdesk.gui.context import AppContext
from ocopdesk.gui.widgets.external import open_external
from ocopdesk.i18n import _
from ocopdesk.logs import LOG_NAME

GUIDE_LANGUAGE = "vi"  # the guide is written for Vietnamese clerks; the English interface shows it too


def guide_folder() -> Path:
    return resource("help", GUIDE_LANGUAGE)


class HelpWindow(QDialog):
    """The user guide; links between its pages work, links to the web open the browser."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("OCOPDesk user guide"))
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(True)
        self.browser.setSearchPaths([str(guide_folder())])
        back = QPushButton(_("Back"), clicked=self.browser.backward)
        self.browser.backwardAvailable.connect(back.setEnabled)
        back.setEnabled(False)
        contents = QPushButton(_("Contents"), clicked=lambda: self.show_page("index.html"))
        in_browser = QPushButton(_("Open in the web browser"), clicked=lambda: self.open_in_browser())
        close = QPushButton(_("Close"), clicked=self.close)
        row = QHBoxLayout()
        for button in (back, contents):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(in_browser)
        row.addWidget(close)
        column = QVBoxLayout(self)
        column.addWidget(self.browser, 1)
        column.addLayout(row)
        self.resize(900, 680)

    def show_page(self, name: str) -> None:
        self.browser.setSource(QUrl.fromLocalFile(str(guide_folder() / name)))
        self.show()
        self.raise_()
        self.activateWindow()

    def current_page(self) -> str:
        return Path(self.browser.source().toLocalFile()).name

    def open_in_browser(self) -> bool:
        return open_external(self, self.browser.source())


class DataLocations(QDialog):
    """The real folders on this computer, each with a button that opens it."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Where the data and the log are"))
        self.rows: dict[str, Path] = {}
        grid = QGridLayout()
        places = [
            (_("Log (details of unexpected errors)"), context.paths.log_dir / LOG_NAME),
            (_("Settings of this computer"), context.paths.config_dir),
        ]
        if context.has_catalogue:
            path = context.service.path
            places[:0] = [
                (_("Catalogue"), path),
                (_("Photos and documents"), context.service.media_dir),
                (_("Safety copies made before updates and restores"), path.parent / "backups"),
            ]
        for row, (label, place) in enumerate(places):
            self.rows[label] = place
            shown = QLineEdit(str(place), readOnly=True)
            shown.setMinimumWidth(420)
            folder = place if place.suffix == "" else place.parent
            grid.addWidget(QLabel(label), row, 0)
            grid.addWidget(shown, row, 1)
            grid.addWidget(
                QPushButton(_("Open folder"), clicked=lambda _c=False, f=folder: self.open_folder(f)), row, 2
            )
        note = QLabel(
            _(
                "Back up the catalogue with Catalogue → Back up…: the backup holds the photos and documents too. "
                "When something goes wrong, the log helps whoever supports you."
            ),
            wordWrap=True,
        )
        buttons = QDialogButtonBox()
        buttons.addButton(_("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addLayout(grid)
        column.addWidget(note)
        column.addWidget(buttons)

    def open_folder(self, folder: Path) -> bool:
        folder.mkdir(parents=True, exist_ok=True)
        return open_external(self, QUrl.fromLocalFile(str(folder)))
