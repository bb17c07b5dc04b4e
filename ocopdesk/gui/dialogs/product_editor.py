"""The product editor: inline validation, OCOP pickers, photos and documents, unsaved-change prompt."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ocopdesk.domain import ocop
from ocopdesk.domain.dates import format_date
from ocopdesk.domain.errors import FieldError, OcopDeskError, ValidationError
from ocopdesk.domain.ocop import Certificate
from ocopdesk.domain.product import UNITS, Product
from ocopdesk.gui import messages
from ocopdesk.gui.dialogs.producer_editor import ProducerEditor
from ocopdesk.gui.dialogs.product_media import MediaTab
from ocopdesk.gui.widgets.form import FieldForm, required
from ocopdesk.gui.widgets.inputs import DateEdit, NumberEdit, PriceEdit, read_fields
from ocopdesk.gui.widgets.passport_fields import ProductTraceTab
from ocopdesk.gui.widgets.producer_note import ProducerNote
from ocopdesk.i18n import _
from ocopdesk.services.catalog import CatalogService, ProductDetail

_TEXTS = ("ingredients", "usage", "storage", "warnings", "description")


class ProductEditor(QDialog):
    saved = Signal(object)  # Changes
    producer_saved = Signal(object)  # Changes: the producer's editor, opened from the note, saved it

    def __init__(self, service: CatalogService, product_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.detail: ProductDetail | None = service.product(product_id) if product_id else None
        self.setWindowTitle(_("New product") if self.detail is None else _("Edit product"))
        self.resize(760, 640)
        self.tabs = QTabWidget()
        self.general, self.label, self.cert = FieldForm(), FieldForm(), FieldForm()
        self._build_general()
        self._build_label()
        self._build_certificate()
        self.tabs.addTab(self.general, _("General"))
        self.tabs.addTab(self.label, _("Label and description"))
        self.tabs.addTab(self.cert, _("OCOP certificate"))
        self.media = MediaTab(service)
        self.photos, self.documents = self.media.photos, self.media.documents
        self.tabs.addTab(self.media, _("Photos and documents"))
        self.trace = ProductTraceTab()  # brand and applied standard (#25), its own tab
        self.tabs.addTab(self.trace, _("Traceability"))
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(_("Save"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.problem = QLabel(styleSheet="color: #b3261e;", wordWrap=True)
        self.problem.hide()
        self._problem_field = ""  # the readiness field the shown problem is about ("photos": gone once one is added)
        self.photos.model().rowsInserted.connect(self._photo_added)
        self.producer_note = ProducerNote()
        self.producer_note.open_button.clicked.connect(lambda: self.open_producer())
        layout = QVBoxLayout(self)
        for widget in (self.tabs, self.producer_note, self.problem, buttons):
            layout.addWidget(widget)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        self._load()
        self._snapshot = self._state()

    # -- building ---------------------------------------------------------------------------------
    def _build_general(self) -> None:
        f = self.general
        self.sku = f.add("sku", required(_("SKU")), QLineEdit(placeholderText=_("e.g. MAT-ONG-500")))  # (#22)
        self.sku.setToolTip(
            _(
                "At most 40 of A–Z, 0–9 and - . _ /, a letter or digit first and last: the SKU is part of the "
                "product's web address and of photo file names."
            )
        )
        self.name = f.add("name", required(_("Product name")), QLineEdit())
        self.gtin = f.add("gtin", _("Barcode (GTIN)"), QLineEdit(placeholderText=_("8, 12, 13 or 14 digits")))
        self.producer = f.add("producer_id", _("Producer"), QComboBox())
        self.producer.addItem(_("(none)"), None)
        for producer in self.service.producers():
            self.producer.addItem(producer.name, producer.id)
        if self.producer.count() == 2:  # the only producer (the cooperative itself): chosen for a new product
            self.producer.setCurrentIndex(1)
        self.group = f.add("ocop_group", _("OCOP group"), QComboBox())
        self.group.addItem(_("(none)"), "")
        for group in ocop.groups():
            self.group.addItem(f"{group.code}. {group.name}", group.code)
        self.subgroup = f.add("ocop_subgroup", _("Sub-group"), QComboBox())
        self.group.currentIndexChanged.connect(self._fill_subgroups)
        self.price = f.add("price", _("Price (đồng)"), PriceEdit())
        self.unit = f.add("unit", _("Unit"), QComboBox(editable=True))
        self.unit.addItems(["", *UNITS])
        self.net_quantity = f.add("net_quantity", _("Net quantity"), QLineEdit(placeholderText=_("e.g. 500 g")))
        self.numbers = {
            name: f.add(name, label, NumberEdit(integer=name in ("weight_g", "shelf_life_days")))
            for name, label in (
                ("weight_g", _("Packed weight (g)")),
                ("length_cm", _("Length (cm)")),
                ("width_cm", _("Width (cm)")),
                ("height_cm", _("Height (cm)")),
                ("shelf_life_days", _("Shelf life (days)")),
            )
        }

    def _build_label(self) -> None:
        labels = {
            "ingredients": _("Ingredients"),
            "usage": _("Usage"),
            "storage": _("Storage"),
            "warnings": _("Warnings"),
            "description": _("Description"),
        }
        self.texts: dict[str, QPlainTextEdit] = {}
        for name, label in labels.items():
            edit = QPlainTextEdit()
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(110 if name == "description" else 60)
            self.texts[name] = self.label.add(name, label, edit)  # type: ignore[assignment]

    def _build_certificate(self) -> None:
        f = self.cert
        self.stars = f.add("stars", _("Stars"), QComboBox())
        self.stars.addItem(_("(no certificate)"), None)
        for stars in ocop.STARS:
            self.stars.addItem("★" * stars, stars)
        self.decision = f.add("decision_number", _("Decision number"), QLineEdit(placeholderText="5445/QĐ-UBND"))
        self.authority = f.add(
            "authority", _("Recognised by"), QLineEdit(placeholderText=_("e.g. UBND tỉnh Thanh Hóa"))
        )
        self.signed = f.add("signed_on", _("Signed on"), DateEdit())
        self.expires = f.add("expires_on", _("Valid until"), DateEdit())
        self.expires.setPlaceholderText(_("empty: 36 months after signing"))
        self.status = f.add("status", _("Status"), QComboBox())
        for code, label in ocop.STATUSES.items():
            self.status.addItem(_(label), code)
        self.cert_state = QLabel()
        f.layout_.addRow("", self.cert_state)

    # -- loading and reading ----------------------------------------------------------------------
    def _load(self) -> None:
        if self.detail is None:
            self._fill_subgroups()
            return
        p = self.detail.product
        self.sku.setText(p.sku)
        self.general.show_errors(self.service.saved_sku_problems(p))  # saved before today's rule
        self.name.setText(p.name)
        self.gtin.setText(p.gtin)
        self.producer.setCurrentIndex(max(0, self.producer.findData(p.producer_id)))
        self.group.setCurrentIndex(max(0, self.group.findData(p.ocop_group)))
        self._fill_subgroups()
        self.subgroup.setCurrentIndex(max(0, self.subgroup.findData(p.ocop_subgroup)))
        self.price.set_value(p.price)
        self.unit.setCurrentText(p.unit)
        self.net_quantity.setText(p.net_quantity)
        for name, edit in self.numbers.items():
            edit.set_value(getattr(p, name))
        for name, edit in self.texts.items():
            edit.setPlainText(getattr(p, name))
        self.trace.load(p)
        self._load_certificate()
        self.photos.set_media([(m, self.service.media_path(m)) for m in self.detail.photos])
        for media in self.detail.documents:
            self.media.add_document_item(media)

    def _load_certificate(self) -> None:
        assert self.detail is not None
        cert = self.detail.certificates[0] if self.detail.certificates else None
        if cert is None:
            return
        self.stars.setCurrentIndex(self.stars.findData(cert.stars))
        self.decision.setText(cert.decision_number)
        self.authority.setText(cert.authority)
        self.signed.set_value(cert.signed_on)
        self.expires.set_value(cert.expires_on)
        self.status.setCurrentIndex(max(0, self.status.findData(cert.status)))
        state = cert.effective_status(dt.date.today())
        if state == ocop.INCOMPLETE:
            self.cert_state.setText(
                _("Stars claimed, not yet printed: enter the decision number and the signing date.")
            )
        else:
            self.cert_state.setText(
                _("Valid until {date} — {state}").format(
                    date=format_date(cert.valid_until), state=_(ocop.STATE_LABELS[state])
                )
            )

    def _fill_subgroups(self) -> None:
        self.subgroup.clear()
        self.subgroup.addItem(_("(none)"), "")
        group = next((g for g in ocop.groups() if g.code == self.group.currentData()), None)
        for code, name in group.subgroups if group else ():
            self.subgroup.addItem(f"{code} {name}", code)

    def _state(self) -> tuple[object, ...]:
        """Everything the user can change, to tell whether there are unsaved edits."""
        widgets = [
            self.sku.text(),
            self.name.text(),
            self.gtin.text(),
            self.producer.currentData(),
            self.group.currentData(),
            self.subgroup.currentData(),
            self.price.text(),
            self.unit.currentText(),
            self.net_quantity.text(),
            self.stars.currentData(),
            self.decision.text(),
            self.authority.text(),
            self.signed.text(),
            self.expires.text(),
            self.status.currentData(),
        ]
        widgets += [e.text() for e in self.numbers.values()] + [e.toPlainText() for e in self.texts.values()]
        widgets += list(self.trace.values().values())
        return (*widgets, tuple(self.photos.media()), tuple(self.media.documents_media()))

    @property
    def dirty(self) -> bool:
        return self._state() != self._snapshot

    def _read(self) -> tuple[Product, Certificate | None, list[FieldError]]:
        typed, errors = read_fields(
            {"price": self.price, **self.numbers, "signed_on": self.signed, "expires_on": self.expires}
        )
        product = Product(
            sku=self.sku.text(),
            name=self.name.text(),
            gtin=self.gtin.text(),
            producer_id=self.producer.currentData(),
            ocop_group=self.group.currentData() or "",
            ocop_subgroup=self.subgroup.currentData() or "",
            unit=self.unit.currentText(),
            net_quantity=self.net_quantity.text(),
            id=self.detail.product.id if self.detail else None,
            **{k: typed.get(k) for k in ("price", *self.numbers)},  # type: ignore[arg-type]
            **{k: e.toPlainText() for k, e in self.texts.items()},
            **self.trace.values(),
        )
        if product.ocop_group:
            product = replace(
                product,
                grouping_version=(self.detail.product.grouping_version if self.detail else "")
                or ocop.current_grouping_version(),
            )
        return product, self._read_certificate(typed, errors), errors

    def _read_certificate(self, typed: dict[str, object], errors: list[FieldError]) -> Certificate | None:
        if self.stars.currentData() is None:
            return None
        signed = typed.get("signed_on")
        if any(e.field == "signed_on" for e in errors):
            return None
        return Certificate(
            stars=self.stars.currentData(),
            decision_number=self.decision.text(),
            signed_on=signed,
            authority=self.authority.text(),  # type: ignore[arg-type]
            expires_on=typed.get("expires_on"),
            status=self.status.currentData(),
        )  # type: ignore[arg-type]

    # -- actions ----------------------------------------------------------------------------------
    def save(self) -> bool:
        for form in (self.general, self.label, self.cert, self.trace):
            form.clear_errors()
        self.problem.hide()
        product, certificate, errors = self._read()
        try:
            if errors:
                raise ValidationError(errors)
            _id, changes = self.service.save_product(
                product, photos=self.photos.media(), documents=self.media.documents_media(), certificate=certificate
            )
        except ValidationError as invalid:
            self._show_problems(invalid.errors)
            return False
        except OcopDeskError as failure:
            self.problem.setText(failure.message)
            self.problem.show()
            return False
        self._snapshot = self._state()
        self.saved.emit(changes)
        self.accept()
        return True

    def show_problem(self, field: str, message: str) -> None:
        """Open at the field a readiness check complained about, with its message beside it. The producer's
        own record (its address) is not this form's: a note says so and opens the producer's editor."""
        if field == "producer" and self.producer.currentData() is not None:
            self.tabs.setCurrentIndex(0)
            self.producer_note.show_for(message, self.producer.currentText())
            return
        field = "producer_id" if field == "producer" else field  # no producer chosen: choose it here
        if field in self.trace.inputs:
            self.tabs.setCurrentWidget(self.trace)
            self.trace.show_errors([FieldError(field, message)])
            return
        forms = (self.general, self.label, self.cert)
        for index, form in enumerate(forms):
            if field in form.inputs:
                self.tabs.setCurrentIndex(index)
                form.show_errors([FieldError(field, message)])
                return
        tab = {"photos": 3, "documents": 3, "certificate": 2}.get(field, 0)
        self.tabs.setCurrentIndex(tab)
        self.problem.setText(message)
        self.problem.show()
        self._problem_field = field

    def open_producer(self) -> ProducerEditor | None:
        """The chosen producer's editor, over this one; once saved, the note has done its work."""
        producer = next((p for p in self.service.producers() if p.id == self.producer.currentData()), None)
        if producer is None:
            return None
        editor = ProducerEditor(self.service, producer, self)
        editor.saved.connect(self.producer_saved)
        editor.saved.connect(lambda _changes: self.producer_note.hide())
        editor.point_at_gaps()  # the tax code or address the note spoke of, marked where it is typed, and
        editor.open()  # before it opens, so the window is sized with those lines (after, a field was squeezed)
        return editor

    def _photo_added(self) -> None:
        """A missing-photo problem is answered by the photo just added: no red line left saying otherwise."""
        if self._problem_field == "photos":
            self.problem.hide()
            self._problem_field = ""

    def _show_problems(self, problems: list[FieldError]) -> None:
        forms = (self.general, self.label, self.cert)
        first = next((i for i, form in enumerate(forms) if any(p.field in form.inputs for p in problems)), None)
        for form in forms:
            form.show_errors([p for p in problems if p.field in form.inputs])
        mine = [p for p in problems if p.field in self.trace.inputs]
        self.trace.show_errors(mine)
        if first is not None:
            self.tabs.setCurrentIndex(first)
        elif mine:
            self.tabs.setCurrentWidget(self.trace)
        self.problem.setText(_("Please correct the fields marked in red."))
        self.problem.show()

    def add_files(self, paths: list[str], kind: str) -> None:
        """Copy files into the catalogue's media folder; a bad file is reported, the rest are kept."""
        self.media.add_files(paths, kind)

    def reject(self) -> None:
        if self.dirty:
            answer = messages.save_discard_cancel(self, _("This product has unsaved changes. Save them?"))
            if answer == "cancel" or (answer == "save" and not self.save()):
                return
            if answer == "save":
                return  # save() already accepted the dialog
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.dirty and self.isVisible():
            event.ignore()
            self.reject()
        else:
            super().closeEvent(event)
