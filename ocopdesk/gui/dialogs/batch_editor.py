"""A new production batch (lot) for a product, and a new event in a batch's timeline."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLineEdit, QVBoxLayout, QWidget

from ocopdesk.domain.batch import EVENT_KINDS, Batch, BatchEvent
from ocopdesk.domain.codes import validate_lot_code
from ocopdesk.domain.errors import FieldError, OcopDeskError, ValidationError
from ocopdesk.gui.widgets.address_fields import chosen_row
from ocopdesk.gui.widgets.form import FieldForm, required
from ocopdesk.gui.widgets.input_lots import InputLotsPicker
from ocopdesk.gui.widgets.inputs import DateEdit, NumberEdit, read_fields
from ocopdesk.gui.widgets.passport_fields import add_stage_fields
from ocopdesk.gui.widgets.product_picker import ProductPicker
from ocopdesk.i18n import N_, _
from ocopdesk.services.catalog import CatalogService

LOT_RULE = N_(
    "At most 20 of A–Z, a–z, 0–9 and - . _ /, a letter or digit first and last: the code is printed in the "
    "stamp's QR code and is part of the lot's web address. Put a Vietnamese name in Lot name."
)


class _FormDialog(QDialog):
    saved = Signal(object)  # Changes

    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = FieldForm()
        self.buttons = QDialogButtonBox()
        self.buttons.addButton(_("Save"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.buttons)
        # Wide enough that a field's error reads in two or three lines beside its label, not eight.
        self.setMinimumWidth(28 * self.fontMetrics().height())

    def save(self) -> bool:
        self.form.clear_errors()
        try:
            changes = self.write()
        except ValidationError as invalid:
            unplaced = self.form.show_errors(invalid.errors)
            if unplaced:
                self.form.show_errors([FieldError(next(iter(self.form.inputs)), unplaced[0].message)])
            return False
        except OcopDeskError as failure:
            self.form.show_errors([FieldError(next(iter(self.form.inputs)), failure.message)])
            return False
        self.saved.emit(changes)
        self.accept()
        return True

    def write(self) -> object:
        raise NotImplementedError


class BatchEditor(_FormDialog):
    def __init__(
        self,
        service: CatalogService,
        sku: str = "",
        parent: QWidget | None = None,
        products: list[tuple[str, str]] | None = None,
    ) -> None:
        super().__init__(_("New batch"), parent)
        self.service = service
        f = self.form
        self.sku = f.add("sku", required(_("Product")), ProductPicker(everything=False))
        self.sku.set_products(products or [])
        if not sku and products is not None and len(products) == 1:
            sku = products[0][0]  # the catalogue's only product: nothing to choose
        self.sku.set_sku(sku)
        # a hint that reads as one (a bare code in grey was taken for a value already filled in)
        example = _("e.g. {example}").format(example="L261122-01")
        self.lot = f.add("lot_code", required(_("Lot code")), QLineEdit(placeholderText=example))
        self.lot.setToolTip(_(LOT_RULE))
        self.lot_name = f.add("lot_name", _("Lot name"), QLineEdit(placeholderText=_("e.g. Lô mật ong vụ xuân")))
        self.produced = f.add("produced_on", required(_("Produced on")), DateEdit())
        self.expires = f.add("expires_on", _("Expires on"), DateEdit())
        self.quantity = f.add("quantity", _("Quantity"), NumberEdit(integer=True))
        self.notes = f.add("notes", _("Notes"), QLineEdit())
        self.produced.editingFinished.connect(self._propose_expiry)
        self.sku.sku_changed.connect(lambda _sku: self._propose_expiry())

    def _propose_expiry(self) -> None:
        """Fill "Expires on" from the product's shelf life once the production date is known, unless the
        clerk wrote one: the label and the lot page print it, and it is easy to forget."""
        if self.expires.text().strip() or not self.sku.sku():
            return
        try:
            produced = self.produced.value()
            days = self.service.product_by_sku(self.sku.sku()).product.shelf_life_days
        except (OcopDeskError, ValueError):
            return  # a date or SKU not valid (yet): Save says what is wrong
        if produced is None:
            return
        if days:
            self.expires.set_value(produced + dt.timedelta(days=days))

    def write(self) -> object:
        values, errors = read_fields(
            {"produced_on": self.produced, "expires_on": self.expires, "quantity": self.quantity}
        )
        if values.get("produced_on") is None and not any(e.field == "produced_on" for e in errors):
            errors.append(FieldError("produced_on", _("Enter the production date.")))
        if not self.sku.text().strip():
            errors.append(FieldError("sku", _("Enter the product's SKU.")))
        errors += validate_lot_code(self.lot.text().strip())  # with the date's error, not after it is fixed
        if errors:
            raise ValidationError(errors)
        try:
            _batch, changes = self.service.add_batch(
                self.sku.text(),
                self.lot.text(),
                values["produced_on"],
                values.get("expires_on"),  # type: ignore[arg-type]
                values.get("quantity"),
                self.lot_name.text(),
                self.notes.text(),
            )  # type: ignore[arg-type]
        except OcopDeskError as failure:
            if isinstance(failure, ValidationError):
                raise
            raise ValidationError([FieldError("sku", failure.message)]) from failure
        return changes


class LotRenameDialog(_FormDialog):
    """A new code for a lot, typically one saved before today's rule that can have no web page."""

    def __init__(self, service: CatalogService, batch: Batch, sku: str, parent: QWidget | None = None) -> None:
        super().__init__(_("Rename lot {lot} of {sku}").format(lot=batch.lot_code, sku=sku), parent)
        self.service, self.batch = service, batch
        self.lot = self.form.add("lot_code", required(_("New lot code")), QLineEdit(batch.lot_code))
        self.lot.setToolTip(_(LOT_RULE))

    def write(self) -> object:
        assert self.batch.id is not None
        _batch, changes = self.service.rename_lot(self.batch.id, self.lot.text())
        return changes


class EventEditor(_FormDialog):
    def __init__(self, service: CatalogService, batch_id: int, parent: QWidget | None = None) -> None:
        super().__init__(_("New event"), parent)
        self.service, self.batch_id = service, batch_id
        f = self.form
        self.kind = f.add("kind", _("Event"), QComboBox())
        for code, label in EVENT_KINDS.items():
            self.kind.addItem(_(label), code)
        self.date = f.add("occurred_on", required(_("Date")), DateEdit())
        self.time, self.commune, self.gln = add_stage_fields(f, service.stage_commune(batch_id))
        self.place = f.add("place", _("Place"), QLineEdit())
        self.actor = f.add("actor", _("Done by"), QLineEdit())
        self.note = f.add("note", _("Note"), QLineEdit())
        self.inputs = f.add("inputs", _("Made from lots"), InputLotsPicker(self._other_lots()))

    def _other_lots(self) -> list[tuple[int, str, str]]:
        """Every other lot of the catalogue, newest first, as "code · product" (the code first: a long product
        name is cut at the end, and the code is what tells two lots of one product apart)."""
        out = []
        for view in self.service.batches():
            b = view.batch
            if b.id is not None and b.id != self.batch_id:
                line = f"{b.lot_code} · {view.product_name}"
                out.append((b.id, line, f"{line} ({b.lot_name})" if b.lot_name else line))
        return out

    def write(self) -> object:
        values, errors = read_fields({"occurred_on": self.date})
        if values.get("occurred_on") is None and not errors:
            errors.append(FieldError("occurred_on", _("Enter the date.")))
        row = chosen_row(self.commune)  # the text shown decides: typed but not chosen is no commune (#22)
        if row < 0:
            errors.append(FieldError("commune_code", _("Choose the commune / ward from the list")))
        if errors:
            raise ValidationError(errors)
        return self.service.add_event(
            BatchEvent(
                self.batch_id,
                self.kind.currentData(),
                values["occurred_on"],  # type: ignore[arg-type]
                self.place.text(),
                self.actor.text(),
                self.note.text(),
                self.time.text(),
                (self.commune.itemData(row) or "") if row > 0 else "",
                self.gln.text(),
                inputs=self.inputs.chosen(),
            )
        )
