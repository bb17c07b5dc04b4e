"""The product table: a list of matching ids from SQL, rows fetched a page at a time and cached,
so 100,000 products open as fast as 30. Sorting and filtering happen in SQL."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QPixmap

from ocopdesk.domain.money import format_vnd
from ocopdesk.domain.product import ProductFilter, ProductSummary
from ocopdesk.gui.models.columns import ColumnsModel
from ocopdesk.gui.widgets.photo_strip import thumbnail
from ocopdesk.i18n import N_
from ocopdesk.services.catalog import CatalogService

PAGE = 200
THUMB = 28
COLUMNS = (N_("SKU"), N_("Name"), N_("Price"), N_("Unit"), N_("OCOP"), N_("Producer"))
SORT_KEYS = ("sku", "name", "price", "unit", "stars", "producer")
NAME_COLUMN = 1
Index = QModelIndex | QPersistentModelIndex
_THUMB_CACHE_LIMIT = 600


class ProductTableModel(ColumnsModel):
    COLUMNS = COLUMNS

    def __init__(self, service: CatalogService, parent: Any = None) -> None:
        super().__init__(parent)
        self._service = service
        self._ids: list[int] = []
        self._cache: dict[int, ProductSummary] = {}
        self._thumbs: dict[str, QPixmap] = {}
        self.filter = ProductFilter()

    def set_service(self, service: CatalogService) -> None:
        self._service = service
        self._thumbs.clear()
        self.refresh()

    def set_filter(self, flt: ProductFilter) -> None:
        """Re-run the search in SQL; rows are fetched again only as they are shown."""
        self.beginResetModel()
        self.filter = flt
        self._ids = self._service.search(flt)
        self._cache.clear()
        self.endResetModel()

    def refresh(self) -> None:
        self.set_filter(self.filter)

    def product_id(self, row: int) -> int:
        return self._ids[row]

    def row_of(self, product_id: int) -> int:
        return self._ids.index(product_id) if product_id in self._ids else -1

    def _row_count(self) -> int:
        return len(self._ids)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if 0 <= column < len(SORT_KEYS):
            self.set_filter(
                replace(self.filter, sort=SORT_KEYS[column], descending=order == Qt.SortOrder.DescendingOrder)
            )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter if index.column() == 2 else None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ToolTipRole):
            return None
        item = self._row(index.row())
        if item is None:
            return None
        if role == Qt.ItemDataRole.DecorationRole:
            return self._thumbnail(item) if index.column() == NAME_COLUMN else None
        values = (
            item.sku,
            item.name,
            format_vnd(item.price) if item.price is not None else "",
            item.unit,
            "★" * item.stars if item.stars else "",
            item.producer_name,
        )
        return values[index.column()]

    def _row(self, row: int) -> ProductSummary | None:
        if not 0 <= row < len(self._ids):
            return None
        product_id = self._ids[row]
        if product_id not in self._cache:
            start = row - row % PAGE
            for summary in self._service.summaries(self._ids[start : start + PAGE]):
                self._cache[summary.id] = summary
        return self._cache.get(product_id)

    def _thumbnail(self, item: ProductSummary) -> QPixmap | None:
        """Only rows on screen ask for this; small decodes, cached."""
        if not item.photo:
            return None
        if item.photo not in self._thumbs:
            if len(self._thumbs) > _THUMB_CACHE_LIMIT:
                self._thumbs.clear()
            self._thumbs[item.photo] = thumbnail(self._service.stored_file(item.photo), THUMB)
        return self._thumbs[item.photo]
