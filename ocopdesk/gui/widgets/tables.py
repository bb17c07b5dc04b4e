"""Tables that fit a laptop screen: every column as wide as its header and content need, the name column
taking the width that is left, and a list whose names stay in view while wide columns scroll."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QHeaderView, QTableView, QWidget

SAMPLE_ROWS = 200  # rows measured for a column's width; a big catalogue is never read whole for it


class ColumnFitter(QObject):
    """Sizes the columns of `view`: `stretch` takes all the spare width; every other column gets what its
    header and its first rows need, at most `caps[column]` of the view's width (a long address must not
    push the product names out of sight). `refit()` after the rows change; resizing the view re-applies
    the caps by itself. A column the clerk drags to another width keeps it (`pinned`, which the window
    remembers between sessions)."""

    def __init__(self, view: QTableView, stretch: int, caps: dict[int, float] | None = None) -> None:
        super().__init__(view)
        self.view, self.stretch, self.caps = view, stretch, caps or {}
        self.natural: dict[int, int] = {}
        self.pinned: dict[int, int] = {}
        self._resizing = False
        header = view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(24)
        header.setResizeContentsPrecision(SAMPLE_ROWS)
        header.sectionResized.connect(self._resized)
        view.viewport().installEventFilter(self)

    def _resized(self, column: int, _old: int, new: int) -> None:
        if not self._resizing and column != self.stretch and self.natural:
            self.pinned[column] = new

    def pin(self, widths: dict[int, int]) -> None:
        """Widths the clerk chose earlier (from `pinned`)."""
        self.pinned = {int(c): int(w) for c, w in widths.items() if int(c) != self.stretch and int(w) > 0}
        self._apply()

    def refit(self) -> None:
        header, model = self.view.horizontalHeader(), self.view.model()
        if model is None:
            return
        self.natural = {}
        for column in range(model.columnCount()):
            if header.isSectionHidden(column):
                continue
            if column == self.stretch:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
                continue
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.natural[column] = max(header.sectionSizeFromContents(column).width(), self._content(column))
        self._apply()

    def _content(self, column: int) -> int:
        return self.view.sizeHintForColumn(column) if self.view.model().rowCount() else 0

    def _apply(self) -> None:
        header = self.view.horizontalHeader()
        width = self.view.viewport().width()
        self._resizing = True
        try:
            for column, natural in self.natural.items():
                cap = self.caps.get(column)
                fitted = min(natural, int(width * cap)) if cap else natural
                header.resizeSection(column, self.pinned.get(column, fitted))
        finally:
            self._resizing = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self.natural:
            self._apply()
        return False


class FrozenNames(QWidget):
    """`table` with its name column shown in a view of its own on the left, which never scrolls sideways:
    scrolling to the far marketplace columns keeps the product names in sight. Both views share one model
    and one selection, and scroll up and down together; the table's own copies of the frozen columns are
    hidden, so every cell is still the table's and everything that reads it keeps working."""

    def __init__(self, table: QTableView, name_column: int, hidden: tuple[int, ...] = ()) -> None:
        super().__init__()
        self.table, self.name_column, self.hidden = table, name_column, hidden
        self.names = QTableView()
        self.names.setModel(table.model())
        self.names.setSelectionModel(table.selectionModel())
        self.names.setSelectionMode(table.selectionMode())
        self.names.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.names.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.names.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.names.verticalHeader().setVisible(False)
        self.names.verticalHeader().setDefaultSectionSize(table.verticalHeader().defaultSectionSize())
        self.names.horizontalHeader().setStretchLastSection(True)
        self.names.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.names.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.names.verticalScrollBar().valueChanged.connect(table.verticalScrollBar().setValue)
        table.verticalScrollBar().valueChanged.connect(self.names.verticalScrollBar().setValue)
        # a scroll that came while the names' range was still empty was clamped to 0 there: when the range
        # arrives, take the table's place again, or every name stands a row (or more) off its cells
        self.names.verticalScrollBar().rangeChanged.connect(self._follow_table)
        bar = table.horizontalScrollBar()
        bar.rangeChanged.connect(lambda *_range: self._match_bottom())
        self._pending = QTimer(self, singleShot=True, interval=0)  # one refit after a table is filled
        self._pending.timeout.connect(self.refit)
        for signal in (table.model().modelReset, table.model().rowsInserted, table.model().dataChanged):
            signal.connect(self._pending.start)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.names)
        row.addWidget(table, 1)
        self._hide_columns()

    def _follow_table(self) -> None:
        self.names.verticalScrollBar().setValue(self.table.verticalScrollBar().value())

    def _hide_columns(self) -> None:
        for column in range(self.table.model().columnCount()):
            frozen = column == self.name_column
            self.names.setColumnHidden(column, not frozen)
            self.table.setColumnHidden(column, frozen or column in self.hidden)

    def refit(self) -> None:
        """As wide as the names need (on the first rows), at most 45% of the space: the status columns
        must stay in view too; a name cut short still shows whole in its tooltip and the side panel."""
        wanted = max(
            self.names.horizontalHeader().sectionSizeFromContents(self.name_column).width(),
            self.names.sizeHintForColumn(self.name_column) if self.names.model().rowCount() else 0,
        )
        self.names.setFixedWidth(min(wanted + 2 * self.names.frameWidth(), max(160, int(self.width() * 0.45))))
        # one header height for both views (a title of two or three lines on the table's side), else the
        # names stand a row off their cells
        height = max(
            self.table.horizontalHeader().sizeHint().height(), self.names.horizontalHeader().sizeHint().height()
        )
        for view in (self.names, self.table):
            view.horizontalHeader().setFixedHeight(height)

    def _match_bottom(self) -> None:
        """Leave room under the names for the table's sideways scroll bar, so the rows stay side by side
        down to the last one."""
        on = self.table.horizontalScrollBar().maximum() > 0
        policy = Qt.ScrollBarPolicy.ScrollBarAlwaysOn if on else Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        self.names.setHorizontalScrollBarPolicy(policy)

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        self.refit()
        self._match_bottom()
