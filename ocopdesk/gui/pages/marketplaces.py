"""Đăng lên sàn: where marketplace readiness and listing bundles will live."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ocopdesk.i18n import _


class MarketplacesPage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        text = QLabel(
            _(
                "Listing bundles for postmart.vn, voso.vn, Shopee, Lazada, TikTok Shop and Tiki will be "
                "prepared here from your catalogue. Until then, keep product names, prices, weights, photos "
                "and certificates complete: they are what every marketplace asks for."
            ),
            wordWrap=True,
        )
        text.setAlignment(Qt.AlignmentFlag.AlignTop)
        QVBoxLayout(self).addWidget(text)
