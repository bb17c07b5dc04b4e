"""The producer editor: a cooperative, enterprise or household with its 2025 address codes."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from ocopdesk.domain.errors import FieldError, OcopDeskError, ValidationError
from ocopdesk.domain.producer import KINDS, Producer
from ocopdesk.gui import messages
from ocopdesk.gui.widgets.address_fields import AddressFields
from ocopdesk.gui.widgets.form import FieldForm, required
from ocopdesk.gui.widgets.passport_fields import ProducerTraceBox
from ocopdesk.i18n import _
from ocopdesk.services.catalog import CatalogService


class ProducerEditor(QDialog):
    saved = Signal(object)  # Changes

    def __init__(
        self, service: CatalogService, producer: Producer | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.service, self.producer = service, producer
        self.setWindowTitle(_("New producer") if producer is None else _("Edit producer"))
        self.form = f = FieldForm()
        self.name = f.add("name", required(_("Name")), QLineEdit(placeholderText=_("e.g. HTX Cói Nga Sơn")))
        self.kind = f.add("kind", _("Kind"), QComboBox())
        for code, label in KINDS.items():
            self.kind.addItem(_(label), code)
        self.tax_code = f.add("tax_code", _("Tax code"), QLineEdit())
        self.phone = f.add("phone", _("Phone"), QLineEdit())
        self.email = f.add("email", _("Email"), QLineEdit())
        self.representative = f.add("representative", _("Representative"), QLineEdit())
        self.place = AddressFields(f)
        self.province, self.commune, self.street = self.place.province, self.place.commune, self.place.street
        self.legacy = f.add("legacy_address", _("Old address (before 07/2025)"), QLineEdit())
        buttons = QDialogButtonBox()
        buttons.addButton(_("Save"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(f)
        layout.addWidget(QLabel(_("Addresses use the 34 provinces and 3,321 communes after 01/07/2025.")))
        self.trace = ProducerTraceBox()
        layout.addWidget(self.trace)
        layout.addWidget(buttons)
        self._load()
        self._snapshot = self._read()

    def _load(self) -> None:
        p = self.producer
        if p is None:
            return
        for edit, value in (
            (self.name, p.name),
            (self.tax_code, p.tax_code),
            (self.phone, p.phone),
            (self.email, p.email),
            (self.representative, p.representative),
            (self.legacy, p.legacy_address),
        ):
            edit.setText(value)
        self.trace.load(p)
        self.kind.setCurrentIndex(max(0, self.kind.findData(p.kind)))
        self.place.load(p.province_code, p.commune_code, p.street)

    def point_at_gaps(self) -> list[FieldError]:
        """Opened from a product's passport reminder: mark the passport items this producer lacks (the tax
        code, the address) under the fields that take them, and put the cursor in the first (#22)."""
        who = self._read()
        gaps = []
        if not who.address_text:
            gaps.append(FieldError("commune_code", _("The passport needs the producer's address.")))
        if not (who.tax_code or who.registration_no):
            gaps.append(FieldError("tax_code", _("The passport needs the tax code (or the registration no. below).")))
        self.form.show_errors(gaps)  # one short line each: call before open(), which sizes the window
        self.grow_to_fit()
        return gaps

    def grow_to_fit(self) -> None:
        """Make room for the error lines just shown: a window grows only to its layout's minimum, which
        squeezed the commune box to a sliver above its message (#22); the size hint gives each row its height."""
        self.layout().activate()
        self.resize(self.width(), max(self.height(), self.sizeHint().height()))

    def _read(self) -> Producer:
        return Producer(
            name=self.name.text(),
            kind=self.kind.currentData(),
            tax_code=self.tax_code.text(),
            phone=self.phone.text(),
            email=self.email.text(),
            representative=self.representative.text(),
            **self.place.values(),
            legacy_address=self.legacy.text(),
            id=self.producer.id if self.producer else None,
            **self.trace.values(),
        )

    def save(self) -> bool:
        self.form.clear_errors()
        self.trace.form.clear_errors()
        wrong = self.place.problems()  # a commune typed but not picked: never saved as no address (#22)
        if wrong:
            self.form.show_errors(wrong)
            self.grow_to_fit()
            return False
        try:
            _id, changes = self.service.save_producer(self._read())
        except ValidationError as invalid:
            self.trace.form.show_errors(self.form.show_errors(invalid.errors))
            self.grow_to_fit()
            return False
        except OcopDeskError as failure:
            messages.warn(self, failure.message)
            return False
        self._snapshot = self._read()
        self.saved.emit(changes)
        self.accept()
        return True

    def reject(self) -> None:
        if self._read() != self._snapshot:
            answer = messages.save_discard_cancel(self, _("This producer has unsaved changes. Save them?"))
            if answer == "cancel" or answer == "save":
                if answer == "save":
                    self.save()
                return
        super().reject()
