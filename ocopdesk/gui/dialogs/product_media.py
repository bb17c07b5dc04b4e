"""The product editor's "Photos and documents" tab: photos in a reorderable strip, documents in a list
whose tick is the document's `public` flag. Files are copied into the catalogue's media folder as they
are added, so a bad file is reported at once and the others are kept."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.domain.media import MediaFile
from ocopdesk.gui import messages
from ocopdesk.gui.file_dialogs import DOCUMENTS, PICTURES, open_names
from ocopdesk.gui.widgets.photo_strip import PhotoStrip
from ocopdesk.i18n import _
from ocopdesk.services.catalog import CatalogService

IMAGE_FILTER = "*.jpg *.jpeg *.png *.webp *.gif"


class MediaTab(QWidget):
    """Photos and documents of one product, as the editor will save them."""

    def __init__(self, service: CatalogService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        column = QVBoxLayout(self)
        column.addWidget(QLabel(_("Photos — drag files here, drag to reorder; the first is the main photo.")))
        self.photos = PhotoStrip()
        self.photos.files_dropped.connect(lambda paths: self.add_files(paths, "photo"))
        column.addWidget(self.photos)
        row = QHBoxLayout()
        for text, slot in (
            (_("Add photos…"), self._choose_photos),
            (_("Set as main photo"), self._make_main),
            (_("Remove photo"), lambda: self._remove(self.photos)),
        ):
            row.addWidget(QPushButton(text, clicked=slot))
        row.addStretch()
        column.addLayout(row)
        column.addWidget(QLabel(_("Documents (OCOP certificate scans, food-safety certificates, PDF)")))
        hint = QLabel(_("Ticked documents are shown on the traceability website; the others stay in the catalogue."))
        hint.setWordWrap(True)
        column.addWidget(hint)
        self.documents = QListWidget()
        self.documents.setToolTip(_("Tick a document to show it on the product's traceability page."))
        column.addWidget(self.documents)
        row = QHBoxLayout()
        row.addWidget(QPushButton(_("Add documents…"), clicked=self._choose_documents))
        row.addWidget(QPushButton(_("Remove document"), clicked=lambda: self._remove(self.documents)))
        row.addStretch()
        column.addLayout(row)

    def add_files(self, paths: list[str], kind: str) -> None:
        """Copy files into the catalogue's media folder; a bad file is reported, the rest are kept."""
        problems = []
        for path in paths:
            try:
                media = self.service.add_media(path, kind)
            except OcopDeskError as failure:
                problems.append(failure.message)
                continue
            if kind == "photo":
                self.photos.add(media, self.service.media_path(media))
            else:
                self.add_document_item(media)
        if problems:
            messages.warn(self.window(), "\n".join(problems))

    def _choose_photos(self) -> None:
        paths = open_names(
            self.window(), PICTURES, _("Add photos"), _("Pictures ({patterns})").format(patterns=IMAGE_FILTER)
        )
        self.add_files(paths, "photo")

    def _choose_documents(self) -> None:
        paths = open_names(
            self.window(),
            DOCUMENTS,
            _("Add documents"),
            _("PDF or pictures ({patterns})").format(patterns=f"*.pdf {IMAGE_FILTER}"),
        )
        self.add_files(paths, "document")

    def _make_main(self) -> None:
        self.photos.make_main(self.photos.currentRow())

    def _remove(self, widget: QListWidget) -> None:
        row = widget.currentRow()
        if row >= 0:
            widget.takeItem(row)
            if widget is self.photos:
                self.photos._relabel()

    def add_document_item(self, media: MediaFile) -> None:
        """A document's tick is its `public` flag: private unless the clerk chooses to publish it."""
        item = QListWidgetItem(media.original_name or media.file_name)
        item.setData(Qt.ItemDataRole.UserRole, media)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if media.public else Qt.CheckState.Unchecked)
        self.documents.addItem(item)

    def documents_media(self) -> list[MediaFile]:
        """The documents in order, each with `public` as its tick says."""
        items = [self.documents.item(r) for r in range(self.documents.count())]
        return [
            replace(item.data(Qt.ItemDataRole.UserRole), public=item.checkState() == Qt.CheckState.Checked)
            for item in items
        ]
