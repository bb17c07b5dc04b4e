"""The main window: for now the product list with search; the full shell is issue #5."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QLineEdit, QMainWindow, QTableView, QVBoxLayout, QWidget

from ocopdesk.domain.product import ProductFilter
from ocopdesk.gui.models.products import ProductTableModel
from ocopdesk.i18n import _
from ocopdesk.services.catalog import CatalogService

SEARCH_DEBOUNCE_MS = 150


class MainWindow(QMainWindow):
    def __init__(self, service: CatalogService) -> None:
        super().__init__()
        self.service = service
        self.setWindowTitle(_("OCOPDesk — {path}").format(path=service.path))
        self.search_box = QLineEdit(placeholderText=_("Search products (with or without diacritics)…"))
        self.model = ProductTableModel(service, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.status = QLabel()
        layout = QVBoxLayout()
        for widget in (self.search_box, self.table, self.status):
            layout.addWidget(widget)
        central = QWidget()
        central.setLayout(layout)
        self.setCentralWidget(central)
        self._debounce = QTimer(self, singleShot=True, interval=SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.apply_search)
        self.search_box.textChanged.connect(self._debounce.start)
        self.apply_search()
        self.resize(1000, 640)

    def apply_search(self) -> None:
        self.model.set_filter(ProductFilter(search=self.search_box.text()))
        self.status.setText(
            _("{shown} of {total} products").format(shown=self.model.rowCount(), total=self.service.count_products())
        )
