"""Printing a lot's stamps like a label program: stock, range, start label, offsets remembered per
printer and template, a live preview drawn by the same routine as the PDF and the printer."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.gui import messages
from ocopdesk.gui.context import AppContext
from ocopdesk.gui.tasks import Task, run_task
from ocopdesk.i18n import _
from ocopdesk.render.stamp_sheet import Calibration, page_layout, paint_pages, preview, write_calibration_pdf
from ocopdesk.services import jobs, stamps
from ocopdesk.services.changes import Changes
from ocopdesk.services.stamp_print import PrintJob, label_templates, prepare

PDF_TARGET = "pdf"


class StampPrintDialog(QDialog):
    def __init__(self, context: AppContext, lot: str, sku: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.lot, self.sku = context, lot, sku
        self.setWindowTitle(_("Print stamps — lot {lot}").format(lot=lot))
        self.template = QComboBox()
        for template in label_templates().values():
            self.template.addItem(template.name, template.id)
        self.first, self.last = QSpinBox(minimum=1, maximum=10**7), QSpinBox(minimum=1, maximum=10**7)
        self.start_at = QSpinBox(minimum=1, maximum=1)
        self.offset_x, self.offset_y = _mm_box(), _mm_box()
        self.scale_x, self.scale_y = _percent_box(), _percent_box()
        self.outlines = QCheckBox(_("Draw label outlines (alignment test)"))
        self.note = QLabel(wordWrap=True)
        self.note.setStyleSheet("color: #8a5300;")
        self.picture = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.picture.setMinimumSize(360, 480)
        self.picture.setStyleSheet("background: #777;")
        form = QFormLayout()
        form.addRow(_("Label stock"), self.template)
        form.addRow(_("From stamp no."), self.first)
        form.addRow(_("To stamp no."), self.last)
        form.addRow(_("Start at label"), self.start_at)
        form.addRow(_("Offset X (mm)"), self.offset_x)
        form.addRow(_("Offset Y (mm)"), self.offset_y)
        form.addRow(_("Scale X (%)"), self.scale_x)
        form.addRow(_("Scale Y (%)"), self.scale_y)
        form.addRow("", self.outlines)
        buttons = QHBoxLayout()
        self.pdf_button = QPushButton(_("Save PDF…"), clicked=lambda: self.save_pdf())
        self.print_button = QPushButton(_("Print…"), clicked=lambda: self.print_())
        grid = QPushButton(_("Calibration page…"), clicked=lambda: self.save_calibration())
        for button in (self.pdf_button, self.print_button, grid, QPushButton(_("Close"), clicked=self.reject)):
            buttons.addWidget(button)
        left = QVBoxLayout()
        left.addLayout(form)
        left.addWidget(self.note)
        left.addStretch()
        left.addLayout(buttons)
        row = QHBoxLayout(self)
        row.addLayout(left)
        row.addWidget(self.picture, 1)
        self._refresh = QTimer(self, singleShot=True, interval=150, timeout=self.update_preview)
        batch = stamps.find_lot(context.service, lot, sku)
        numbers = [s.number for s, _u in stamps.urls_for(context.service, batch) if s.status == "issued"]
        self.first.setValue(min(numbers, default=1))
        self.last.setValue(max(numbers, default=1))
        for widget in (
            self.template,
            self.first,
            self.last,
            self.start_at,
            self.offset_x,
            self.offset_y,
            self.scale_x,
            self.scale_y,
        ):
            signal = widget.currentIndexChanged if isinstance(widget, QComboBox) else widget.valueChanged
            signal.connect(self._refresh.start)
        self.outlines.toggled.connect(self._refresh.start)
        self.template.currentIndexChanged.connect(self._template_changed)
        self.task: Task | None = None
        self._template_changed()

    def _template_changed(self) -> None:
        template = label_templates()[self.template.currentData()]
        self.start_at.setMaximum(template.per_page)
        saved = list(self.context.settings.printer_offsets.get(f"{PDF_TARGET}|{template.id}", []))
        x, y, sx, sy = (saved + [0.0, 0.0, 1.0, 1.0][len(saved) :])[:4]  # older settings hold only x, y
        self.offset_x.setValue(x)
        self.offset_y.setValue(y)
        self.scale_x.setValue(sx * 100)
        self.scale_y.setValue(sy * 100)
        # continue where the last job on this stock stopped (a part-used sheet)
        self.start_at.setValue(self.context.settings.next_label.get(f"{PDF_TARGET}|{template.id}", 1))
        self.update_preview()

    def calibration(self) -> Calibration:
        return Calibration(
            self.offset_x.value(), self.offset_y.value(), self.scale_x.value() / 100, self.scale_y.value() / 100
        )

    def job(self) -> PrintJob:
        return prepare(
            self.context.service,
            self.lot,
            self.template.currentData(),
            self.first.value(),
            self.last.value(),
            self.start_at.value(),
            self.sku,
        )

    def update_preview(self) -> None:
        try:
            job = self.job()
        except OcopDeskError as problem:
            self.note.setText(problem.message)
            self.picture.clear()
            self.pdf_button.setEnabled(False)
            self.print_button.setEnabled(False)
            return
        self.pdf_button.setEnabled(True)
        self.print_button.setEnabled(True)
        self.note.setText(
            "\n".join(
                t
                for t in (
                    _("{count} stamps on {pages} page(s).").format(count=len(job.contents), pages=job.pages),
                    job.stars_note,
                )
                if t
            )
        )
        try:
            image = preview(job.template, job.contents, job.start_at, self.calibration(), outlines=True)
        except OcopDeskError as problem:
            self.note.setText(problem.message)
            self.pdf_button.setEnabled(False)
            self.print_button.setEnabled(False)
            return
        self.picture.setPixmap(
            QPixmap.fromImage(image).scaled(
                self.picture.size(), Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
        )

    def _remember(self, target: str, job: PrintJob | None = None) -> None:
        """Offsets for this printer and stock; and where the next job should start on the sheet."""
        key = f"{target}|{self.template.currentData()}"
        c = self.calibration()
        self.context.settings.printer_offsets[key] = [c.offset_x, c.offset_y, c.scale_x, c.scale_y]
        if job is not None:
            next_label = (job.start_at - 1 + len(job.contents)) % job.template.per_page + 1
            self.context.settings.next_label[key] = next_label
            self.context.settings.next_label[f"{PDF_TARGET}|{self.template.currentData()}"] = next_label
            self.start_at.setValue(next_label)  # the next job continues on the same sheet
        self.context.save_settings()

    def save_calibration(self, path: str | None = None) -> Path | None:
        """A page of outlines, centre crosses and rulers, to measure the printer's offset."""
        if path is None:
            path, _filter = QFileDialog.getSaveFileName(
                self, _("Save the calibration page"), str(Path.home() / "can-chinh-tem.pdf"), "PDF (*.pdf)"
            )
        if not path:
            return None
        template = label_templates()[self.template.currentData()]
        return write_calibration_pdf(Path(path), template, self.calibration())

    def save_pdf(self, path: str | None = None) -> Task | None:
        if path is None:
            path, _filter = QFileDialog.getSaveFileName(
                self, _("Save stamps as PDF"), str(Path.home() / f"tem-{self.lot}.pdf"), "PDF (*.pdf)"
            )
        if not path:
            return None
        self._remember(PDF_TARGET, self.job())
        self.task = run_task(
            self,
            _("Laying out stamps…"),
            self.context.service.path,
            jobs.stamp_pdf_job,
            self.lot,
            Path(path),
            self.template.currentData(),
            self.first.value(),
            self.last.value(),
            self.start_at.value(),
            self.calibration(),
            self.sku,
            self.outlines.isChecked(),
        )
        self.task.done.connect(
            lambda result: (
                self.context.apply(Changes(batches=True)),
                messages.inform(
                    self,
                    _("Wrote {count} stamps on {pages} page(s) to {path}.").format(
                        count=result.count, pages=result.pages, path=result.path
                    ),
                ),
            )
        )
        self.task.failed.connect(lambda message, details: messages.warn(self, message, details))
        return self.task

    def print_(self, printer: QPrinter | None = None) -> bool:
        """Print through Qt's print dialog; the same routine draws, page by page, keeping the window alive."""
        job = self.job()
        if printer is None:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printer.setPageLayout(page_layout(job.template))
            if QPrintDialog(printer, self).exec() != QDialog.DialogCode.Accepted:
                return False
        self._remember(printer.printerName() or PDF_TARGET, job)
        printer.setFullPage(True)
        printer.setPageLayout(page_layout(job.template))
        painter = QPainter(printer)
        try:
            paint_pages(
                painter,
                printer.resolution(),
                job.template,
                job.contents,
                job.start_at,
                self.calibration(),
                self.outlines.isChecked(),
                lambda: (printer.newPage(), QApplication.processEvents()),
            )
        finally:
            painter.end()
        self.context.apply(stamps.record_printed(self.context.service, job.stamps))
        return True


def _mm_box() -> QDoubleSpinBox:
    box = QDoubleSpinBox(minimum=-20.0, maximum=20.0, decimals=1, singleStep=0.1)
    return box


def _percent_box() -> QDoubleSpinBox:
    """Printers drift about 1 mm over a page: a scale a little off 100 % corrects it."""
    return QDoubleSpinBox(minimum=95.0, maximum=105.0, decimals=2, singleStep=0.05, value=100.0, suffix=" %")
