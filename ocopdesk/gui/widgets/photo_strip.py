"""An ordered strip of photo thumbnails: drop files from the file manager, drag to reorder,
the first photo is the main one."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QIcon, QImageReader, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QListView, QListWidget, QListWidgetItem, QWidget

from ocopdesk.domain.media import MediaFile
from ocopdesk.i18n import _

THUMB = 96


def thumbnail(path: Path, size: int = THUMB) -> QPixmap:
    """Decode straight to a small size (JPEG decodes scaled), so big photos never stall the GUI."""
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)
    original = reader.size()
    if original.isValid():
        reader.setScaledSize(original.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    return QPixmap.fromImage(image) if not image.isNull() else QPixmap()


class PhotoStrip(QListWidget):
    files_dropped = Signal(list)  # local file paths dropped from outside

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setIconSize(QSize(THUMB, THUMB))
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(False)
        self.setFixedHeight(THUMB + 48)
        self.setMovement(QListView.Movement.Snap)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setAcceptDrops(True)
        self.model().rowsMoved.connect(self._relabel)

    def set_media(self, items: list[tuple[MediaFile, Path]]) -> None:
        self.clear()
        for media, path in items:
            self.add(media, path)

    def add(self, media: MediaFile, path: Path) -> None:
        item = QListWidgetItem(QIcon(thumbnail(path)), media.original_name or media.file_name)
        item.setData(Qt.ItemDataRole.UserRole, media)
        item.setToolTip(media.original_name)
        self.addItem(item)
        self._relabel()

    def media(self) -> list[MediaFile]:
        return [self.item(row).data(Qt.ItemDataRole.UserRole) for row in range(self.count())]

    def make_main(self, row: int) -> None:
        if 0 < row < self.count():
            self.insertItem(0, self.takeItem(row))
            self.setCurrentRow(0)
            self._relabel()

    def _relabel(self, *args: object) -> None:
        for row in range(self.count()):
            item = self.item(row)
            media: MediaFile = item.data(Qt.ItemDataRole.UserRole)
            name = media.original_name or media.file_name
            item.setText(_("★ Main photo") if row == 0 else name[:18])

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and event.source() is not self:
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if event.mimeData().hasUrls() and event.source() is not self:
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        if event.mimeData().hasUrls() and event.source() is not self:
            paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
            event.acceptProposedAction()
            if paths:
                self.files_dropped.emit(paths)
        else:
            super().dropEvent(event)
            self._relabel()
