"""Printing a lot's stamps like a label program: stock, range, start label, copies, offsets
remembered per printer and template, the cooperative's label options (logo, own line, QR size), a
live preview drawn by the same routine as the PDF and the printer.

What counts as printed is said in the window: Print… and "Save PDF to print…" count the stamps as
printed; "Save proof PDF…" and the preview never do."""

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
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.domain.print_request import MAX_COPIES, Calibration, PrintRequest
from ocopdesk.domain.stamp_boxes import LabelOptions
from ocopdesk.gui import file_dialogs as files
from ocopdesk.gui import messages
from ocopdesk.gui.context import AppContext
from ocopdesk.gui.passport_places import where_to_fill
from ocopdesk.gui.tasks import Task, run_task
from ocopdesk.gui.widgets.thermal_output import ThermalOutputBox
from ocopdesk.i18n import N_, _, ngettext
from ocopdesk.services import jobs, stamps
from ocopdesk.services.stamp_print import (
    FOR_PRINT,
    MAX_OWN_TEXT,
    PROOF,
    PrintJob,
    calibration_pdf,
    label_templates,
    layout_notes,
    load_label_options,
    page_layout,
    paint_job,
    preferred_stock,
    prepare,
    preview_image,
    record_printed,
    save_label_options,
)

PDF_TARGET = "pdf"
QR_SIZE_LABELS = {"large": N_("Large"), "medium": N_("Medium"), "small": N_("Small")}


class StampPrintDialog(QDialog):
    def __init__(self, context: AppContext, lot: str, sku: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.lot, self.sku = context, lot, sku
        self.setWindowTitle(_("Print stamps — lot {lot}").format(lot=lot))
        self._build_fields()
        self._build_layout(*self._build_buttons())
        self._refresh = QTimer(self, singleShot=True, interval=150, timeout=self.update_preview)
        batch = stamps.find_lot(context.service, lot, sku)
        numbers = [s.number for s, _u in stamps.urls_for(context.service, batch) if s.status == "issued"]
        self.first.setValue(min(numbers, default=1))
        self.last.setValue(max(numbers, default=1))
        self._connect_preview()
        stock = preferred_stock(context.service, context.settings.last_label_stock)
        self.template.setCurrentIndex(max(0, self.template.findData(stock.id)))  # the roll still in the printer
        self.template.currentIndexChanged.connect(self._template_changed)
        self.task: Task | None = None
        self._template_changed()

    def _build_fields(self) -> None:
        """The range, placement and calibration inputs, the notes and the preview picture."""
        self.template = QComboBox()
        for template in label_templates().values():
            self.template.addItem(template.title, template.id)
        self.first, self.last = QSpinBox(minimum=1, maximum=10**7), QSpinBox(minimum=1, maximum=10**7)
        self.start_at = QSpinBox(minimum=1, maximum=1)
        self.copies = QSpinBox(minimum=1, maximum=MAX_COPIES, value=1)
        self.copies.setToolTip(
            _("Each stamp printed this many times in a row, e.g. one for the jar and one for its box.")
        )
        self.offset_x, self.offset_y = _mm_box(), _mm_box()
        self.scale_x, self.scale_y = _percent_box(), _percent_box()
        self.outlines = QCheckBox(_("Draw label outlines (alignment test)"))
        self.note = QLabel(wordWrap=True)
        self.note.setStyleSheet("color: #8a5300;")
        self.counting = QLabel(
            _(
                "Print… and “Save PDF to print…” count these stamps as printed. “Save proof PDF…” and this "
                "preview do not."
            ),
            wordWrap=True,
        )
        self.picture = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.picture.setMinimumSize(360, 480)
        self.picture.setStyleSheet("background: #777;")

    def _build_buttons(self) -> tuple[QHBoxLayout, QHBoxLayout]:
        """The output actions: the three that print or save the sheet, then the extras."""
        buttons = QHBoxLayout()
        self.proof_button = QPushButton(_("Save proof PDF…"), clicked=lambda: self.save_proof())
        self.pdf_button = QPushButton(_("Save PDF to print…"), clicked=lambda: self.save_pdf())
        self.print_button = QPushButton(_("Print…"), clicked=lambda: self.print_())
        self.csv_button = QPushButton(_("Save list (CSV)…"), clicked=lambda: self.save_csv())
        self.csv_button.setToolTip(
            _("Number, serial, address, lot and product of each stamp, for gLabels or BarTender.")
        )
        grid = QPushButton(_("Calibration page…"), clicked=lambda: self.save_calibration())
        for button in (self.proof_button, self.pdf_button, self.print_button):
            buttons.addWidget(button)
        more = QHBoxLayout()
        for button in (self.csv_button, grid, QPushButton(_("Close"), clicked=self.reject)):
            more.addWidget(button)
        return buttons, more

    def _build_layout(self, buttons: QHBoxLayout, more: QHBoxLayout) -> None:
        """Settings and buttons on the left, the live preview on the right."""
        form = QFormLayout()
        form.addRow(_("Label stock"), self.template)
        form.addRow(_("From stamp no."), self.first)
        form.addRow(_("To stamp no."), self.last)
        form.addRow(_("Start at label"), self.start_at)
        form.addRow(_("Copies of each stamp"), self.copies)
        form.addRow(_("Offset X (mm)"), self.offset_x)
        form.addRow(_("Offset Y (mm)"), self.offset_y)
        form.addRow(_("Scale X (%)"), self.scale_x)
        form.addRow(_("Scale Y (%)"), self.scale_y)
        form.addRow("", self.outlines)
        left = QVBoxLayout()
        left.addLayout(form)
        left.addWidget(self._options_box())
        left.addWidget(self.note)
        left.addWidget(self.counting)
        left.addStretch()
        left.addLayout(buttons)
        left.addLayout(more)
        self.thermal = ThermalOutputBox(self.context, self.request, self)  # printer commands (#26)
        left.addWidget(self.thermal)
        row = QHBoxLayout(self)
        row.addLayout(left)
        row.addWidget(self.picture, 1)

    def _connect_preview(self) -> None:
        """Every input that changes the sheet redraws the preview, debounced by the refresh timer."""
        for widget in (
            self.template,
            self.first,
            self.last,
            self.start_at,
            self.copies,
            self.offset_x,
            self.offset_y,
            self.scale_x,
            self.scale_y,
            self.qr_size,
        ):
            signal = widget.currentIndexChanged if isinstance(widget, QComboBox) else widget.valueChanged
            signal.connect(self._refresh.start)
        self.outlines.toggled.connect(self._refresh.start)
        self.own_text.textChanged.connect(self._refresh.start)

    def _options_box(self) -> QGroupBox:
        """The cooperative's additions, remembered in the catalogue when stamps are printed or saved."""
        box = QGroupBox(_("On every stamp"))
        form = QFormLayout(box)
        saved = load_label_options(self.context.service)
        self.own_text = QLineEdit(saved.own_text, maxLength=MAX_OWN_TEXT)
        self.own_text.setPlaceholderText(_("e.g. Đặc sản OCOP Thanh Hóa"))
        self.logo = QLineEdit(saved.logo, readOnly=True)
        self.logo.setPlaceholderText(_("No logo"))
        choose = QPushButton(_("Choose…"), clicked=lambda: self.choose_logo())
        remove = QPushButton(_("Remove"), clicked=lambda: self.set_logo(""))
        logo_row = QHBoxLayout()
        for widget in (self.logo, choose, remove):
            logo_row.addWidget(widget)
        self.qr_size = QComboBox()
        for key, label in QR_SIZE_LABELS.items():
            self.qr_size.addItem(_(label), key)
        self.qr_size.setCurrentIndex(max(0, self.qr_size.findData(saved.qr_size)))
        form.addRow(_("Your own line"), self.own_text)
        form.addRow(_("Logo"), logo_row)
        form.addRow(_("QR code size"), self.qr_size)
        return box

    def choose_logo(self, path: str | None = None) -> None:
        if path is None:
            path = files.open_name(
                self,
                files.PICTURES,
                _("Choose the cooperative's logo"),
                _("Pictures (*.png *.jpg *.jpeg)"),
                self.context,
            )
        if path:
            self.set_logo(path)

    def set_logo(self, path: str) -> None:
        self.logo.setText(path)
        self._refresh.start()

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
        self.thermal.follow_stock(template)
        self.update_preview()

    def calibration(self) -> Calibration:
        return Calibration(
            self.offset_x.value(), self.offset_y.value(), self.scale_x.value() / 100, self.scale_y.value() / 100
        )

    def options(self) -> LabelOptions:
        return LabelOptions(own_text=self.own_text.text(), qr_size=self.qr_size.currentData(), logo=self.logo.text())

    def request(self) -> PrintRequest:
        """Everything the window says, as the one value the job, the service and the renderer take."""
        return PrintRequest(
            lot=self.lot,
            stock=self.template.currentData(),
            sku=self.sku,
            first=self.first.value(),
            last=self.last.value(),
            start_at=self.start_at.value(),
            calibration=self.calibration(),
            outlines=self.outlines.isChecked(),
            copies=self.copies.value(),
            options=self.options(),
        )

    def job(self) -> PrintJob:
        return prepare(self.context.service, self.request())

    def _enable(self, enabled: bool) -> None:
        for button in (self.proof_button, self.pdf_button, self.print_button, self.csv_button):
            button.setEnabled(enabled)

    def update_preview(self) -> None:
        if not self.context.has_catalogue:
            return  # the debounce timer fired after the catalogue was closed: nothing left to preview
        try:
            job = self.job()
            notes = layout_notes(job)
            # sharp on a small roll too: as many dots as the picture has room for (110 dpi at least)
            fill = min(self.picture.width() / job.template.page_w, self.picture.height() / job.template.page_h)
            image = preview_image(job, dpi=min(600.0, max(110.0, fill * 25.4)))
        except OcopDeskError as problem:
            self.note.setText(problem.message)
            self.picture.clear()
            self._enable(False)
            return
        self._enable(True)
        summary = _("{count} stamps on {pages} page(s).").format(count=len(job.contents), pages=job.pages)
        places = where_to_fill(list(job.passport_missing))  # the reminder names items; say where each is filled
        self.note.setText("\n".join(t for t in (summary, job.stars_note, job.passport_note, *places, *notes) if t))
        self.picture.setPixmap(
            QPixmap.fromImage(image).scaled(
                self.picture.size(), Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
        )

    def _remember(self, target: str, job: PrintJob | None = None) -> None:
        """Offsets for this printer and stock; where the next job should start on the sheet; the
        label options (in the catalogue: they belong to the cooperative, not to this computer)."""
        key = f"{target}|{self.template.currentData()}"
        c = self.calibration()
        self.context.settings.printer_offsets[key] = [c.offset_x, c.offset_y, c.scale_x, c.scale_y]
        if job is not None:
            next_label = (job.start_at - 1 + job.labels) % job.template.per_page + 1
            self.context.settings.next_label[key] = next_label
            self.context.settings.next_label[f"{PDF_TARGET}|{self.template.currentData()}"] = next_label
            self.start_at.setValue(next_label)  # the next job continues on the same sheet
            self.context.settings.last_label_stock = self.template.currentData()
        self.context.save_settings()
        save_label_options(self.context.service, self.options())

    def save_calibration(self, path: str | None = None) -> Path | None:
        """A page of outlines, centre crosses and rulers, to measure the printer's offset."""
        if path is None:
            title, name = _("Save the calibration page"), "can-chinh-tem.pdf"
            path = files.save_name(self, files.PDF, title, name, "PDF (*.pdf)", self.context)
        if not path:
            return None
        return calibration_pdf(Path(path), self.template.currentData(), self.calibration())

    def save_proof(self, path: str | None = None) -> Task | None:
        """A PDF to look at or send for approval: not counted as printed, the sheet position kept."""
        return self._save(path, PROOF, _("Save a proof PDF"), f"tem-{self.lot}-xem-thu.pdf")

    def save_pdf(self, path: str | None = None) -> Task | None:
        """The PDF that will be printed: its stamps count as printed."""
        return self._save(path, FOR_PRINT, _("Save the PDF to print"), f"tem-{self.lot}.pdf")

    def _save(self, path: str | None, purpose: str, title: str, suggested: str) -> Task | None:
        if path is None:
            path = files.save_name(self, files.PDF, title, suggested, "PDF (*.pdf)", self.context)
        if not path:
            return None
        request = self.request()
        if purpose == FOR_PRINT:
            self._remember(PDF_TARGET, self.job())
        else:
            save_label_options(self.context.service, self.options())
        self.task = run_task(
            self, _("Laying out stamps…"), self.context.service.path, jobs.stamp_pdf_job, request, Path(path), purpose
        )
        self.task.done.connect(self._saved)
        self.task.failed.connect(lambda message, details: messages.warn(self, message, details))
        return self.task

    def _saved(self, result: object) -> None:
        self.context.apply(result.changes)  # type: ignore[attr-defined]
        wrote = _("Wrote {count} stamps on {pages} page(s) to {path}.").format(
            count=result.count,  # type: ignore[attr-defined]
            pages=result.pages,  # type: ignore[attr-defined]
            path=result.path,  # type: ignore[attr-defined]
        )
        counted = (
            _("They are counted as printed.")
            if result.counted  # type: ignore[attr-defined]
            else _("This is a proof: the stamps are not counted as printed.")
        )
        messages.inform(self, f"{wrote} {counted}")

    def save_csv(self, path: str | None = None) -> int | None:
        """The stamps in the range as CSV for another label program (not counted as printed)."""
        if path is None:
            title, name = _("Save the stamp list"), f"tem-{self.lot}.csv"
            path = files.save_name(self, files.STAMP_LIST, title, name, "CSV (*.csv)", self.context)
        if not path:
            return None
        try:
            count = stamps.stamps_csv(
                self.context.service, self.lot, Path(path), self.sku, self.first.value(), self.last.value()
            )
        except OcopDeskError as problem:
            messages.warn(self, problem.message)
            return None
        messages.inform(
            self,
            _(
                "Saved {count} stamps to {path}. Stamps printed from this list by another program are not counted "
                "as printed here."
            ).format(count=count, path=path),
        )
        return count

    def print_(self, printer: QPrinter | None = None) -> bool:
        """Print through Qt's print dialog; the same routine draws, page by page, keeping the window alive."""
        job = self.job()
        if printer is None:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printer.setPageLayout(page_layout(job.template.id))
            if QPrintDialog(printer, self).exec() != QDialog.DialogCode.Accepted:
                return False
        self._remember(printer.printerName() or PDF_TARGET, job)
        printer.setFullPage(True)
        printer.setPageLayout(page_layout(job.template.id))
        painter = QPainter(printer)
        try:
            paint_job(job, painter, printer.resolution(), lambda: (printer.newPage(), QApplication.processEvents()))
        finally:
            painter.end()
        self.context.apply(record_printed(self.context.service, job))
        where = printer.outputFileName() if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat else ""
        self.counting.setText(  # the clerk sees it went (the third walk: nothing said so until the window closed)
            ngettext(
                "Sent {count} stamp to {printer}: it now counts as printed. Close this window once the labels are out.",
                "Sent {count} stamps to {printer}: they now count as printed. Close this window once the labels "
                "are out.",
                len(job.stamps),
            ).format(count=len(job.stamps), printer=where or printer.printerName() or _("the printer"))
        )
        self.counting.setStyleSheet("color: #1b6e20;")
        return True


def _mm_box() -> QDoubleSpinBox:
    box = QDoubleSpinBox(minimum=-20.0, maximum=20.0, decimals=1, singleStep=0.1)
    return box


def _percent_box() -> QDoubleSpinBox:
    """Printers drift about 1 mm over a page: a scale a little off 100 % corrects it."""
    return QDoubleSpinBox(minimum=95.0, maximum=105.0, decimals=2, singleStep=0.05, value=100.0, suffix=" %")
