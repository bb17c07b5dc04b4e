"""Production batches (lots) and their process timeline; the lot code rule is in `codes`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ocopdesk.domain.codes import validate_lot_code  # lot codes go into AI 10 of the stamps' QR
from ocopdesk.domain.errors import FieldError
from ocopdesk.domain.text import clean_line, nfc
from ocopdesk.i18n import N_, _

EVENT_KINDS = {
    "planting": N_("Planting"),
    "fertilising": N_("Fertilising"),
    "spraying": N_("Plant protection"),
    "harvest": N_("Harvest"),
    "processing": N_("Processing"),
    "packing": N_("Packing"),
    "inspection": N_("Inspection"),
    "other": N_("Other"),
}


@dataclass(frozen=True, slots=True)
class Batch:
    product_id: int
    lot_code: str
    produced_on: dt.date
    expires_on: dt.date | None = None
    quantity: int | None = None
    lot_name: str = ""  # a Vietnamese display name; the code itself follows codes.validate_lot_code
    notes: str = ""
    id: int | None = None

    def normalized(self) -> Batch:
        return Batch(
            self.product_id,
            clean_line(self.lot_code),
            self.produced_on,
            self.expires_on,
            self.quantity,
            clean_line(self.lot_name),
            nfc(self.notes),
            self.id,
        )


@dataclass(frozen=True, slots=True)
class BatchEvent:
    batch_id: int
    kind: str
    occurred_on: dt.date
    place: str = ""
    actor: str = ""
    note: str = ""
    id: int | None = None


def validate_batch(batch: Batch) -> list[FieldError]:
    b = batch.normalized()
    errors = validate_lot_code(b.lot_code)
    if b.expires_on and b.expires_on < b.produced_on:
        errors.append(FieldError("expires_on", _("The expiry date is before the production date.")))
    if b.quantity is not None and b.quantity < 0:
        errors.append(FieldError("quantity", _("The quantity cannot be negative.")))
    return errors


def validate_event(event: BatchEvent) -> list[FieldError]:
    if event.kind not in EVENT_KINDS:
        return [FieldError("kind", _("Unknown event kind."))]
    return []
