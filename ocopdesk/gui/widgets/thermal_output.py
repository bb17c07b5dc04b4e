"""The print dialog's "thermal printer (direct commands)" output: language (ZPL for Zebra, TSPL for
TSC/Xprinter), resolution, where to send (a printer's name, tcp://HOST:9100 or a file), a test
label and the send button. Its own module so the dialog adds it with a line or two."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.domain.label import LabelTemplate
from ocopdesk.domain.print_request import PrintRequest
from ocopdesk.gui import messages
from ocopdesk.gui.context import AppContext
from ocopdesk.gui.tasks import Task, run_job, run_task
from ocopdesk.i18n import _
from ocopdesk.services import jobs


class ThermalOutputBox(QGroupBox):
    """Sends the dialog's request (`request()`) straight to a thermal printer; its stamps count as
    printed once the job arrived. The test label never counts."""

    def __init__(self, context: AppContext, request: Callable[[], PrintRequest], parent: QWidget | None = None) -> None:
        super().__init__(_("Thermal printer (direct commands)"), parent)
        self.context, self.request = context, request
        self.language = QComboBox()
        self.language.addItem(_("ZPL (Zebra, Godex)"), "zpl")
        self.language.addItem(_("TSPL (TSC, Xprinter)"), "tspl")
        self.dpi = QComboBox()
        for dpi in (203, 300):
            self.dpi.addItem(f"{dpi} dpi", dpi)
        self.target = QLineEdit()
        self.target.setPlaceholderText(_("printer name, tcp://192.168.1.50:9100 or a file"))
        self.test_button = QPushButton(_("Test label"), clicked=lambda: self.send_test())
        self.send_button = QPushButton(_("Send to the thermal printer"), clicked=lambda: self.send())
        buttons = QHBoxLayout()
        buttons.addWidget(self.test_button)
        buttons.addWidget(self.send_button)
        self.fields = QWidget()  # folded away until the box is ticked: the dialog fits 1280 × 720
        form = QFormLayout(self.fields)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(_("Printer language"), self.language)
        form.addRow(_("Resolution"), self.dpi)
        form.addRow(_("Send to"), self.target)
        form.addRow(buttons)
        QVBoxLayout(self).addWidget(self.fields)
        self.setCheckable(True)
        self.toggled.connect(self.fields.setVisible)
        self.setChecked(False)
        self.fields.setVisible(False)
        self.task: Task | None = None
        self.test_task: Task | None = None

    def follow_stock(self, stock: LabelTemplate) -> None:
        """A roll's own resolution is chosen with it (a 300-dpi roll sets 300 dpi); the clerk may still
        choose the other. Sheet stock leaves the choice alone: it is printed through the PDF."""
        if stock.thermal is not None:
            self.dpi.setCurrentIndex(max(0, self.dpi.findData(stock.thermal.dpi)))

    def send_test(self) -> Task | None:
        """One sample stamp on the chosen stock, to check language, resolution and alignment; made and
        sent in the background (a printer that does not answer takes seconds), the window stays free."""
        try:
            request = self.request()
        except OcopDeskError as problem:
            messages.warn(self, problem.message)
            return None
        self.test_button.setEnabled(False)
        self.test_task = run_job(
            self,
            _("Sending a test label…"),
            jobs.thermal_test_job,
            request.stock,
            self.language.currentData(),
            self.dpi.currentData(),
            self.target.text(),
            request.calibration,
        )
        self.test_task.done.connect(self._test_sent)
        self.test_task.failed.connect(self._test_failed)
        return self.test_task

    def _test_sent(self, result: object) -> None:
        self.test_button.setEnabled(True)
        target, notes = result.target, result.notes  # type: ignore[attr-defined]
        said = _("Sent a test label to {target}; it is not counted.").format(target=target)
        messages.inform(self, "\n\n".join((said, *notes)))

    def _test_failed(self, message: str, details: str) -> None:
        self.test_button.setEnabled(True)
        messages.warn(self, message, details)

    def send(self) -> Task:
        self.task = run_task(
            self,
            _("Sending stamps to the printer…"),
            self.context.service.path,
            jobs.thermal_print_job,
            self.request(),
            self.language.currentData(),
            self.dpi.currentData(),
            self.target.text(),
        )
        self.task.done.connect(self._sent)
        self.task.failed.connect(lambda message, details: messages.warn(self, message, details))
        return self.task

    def _sent(self, result: object) -> None:
        self.context.apply(result.changes)  # type: ignore[attr-defined]
        said = _("Sent {count} stamps to {target}. They are counted as printed.").format(
            count=result.count,  # type: ignore[attr-defined]
            target=result.target,  # type: ignore[attr-defined]
        )
        messages.inform(self, "\n\n".join((said, *result.notes)))  # type: ignore[attr-defined]
