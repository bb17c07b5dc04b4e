"""Production batches (lots) and their process timeline; the lot code rule is in `codes`."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from ocopdesk.domain import address
from ocopdesk.domain.codes import validate_lot_code  # lot codes go into AI 10 of the stamps' QR
from ocopdesk.domain.errors import FieldError
from ocopdesk.domain.gtin import is_valid_gln, normalize_gtin
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

_TIME = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")


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
    uuid: str = ""  # stable across backups, exports and catalogues (#24); given by storage on insert

    def normalized(self) -> Batch:
        """Text cleaned; id, uuid and any field added later carried over by `replace`."""
        return replace(
            self, lot_code=clean_line(self.lot_code), lot_name=clean_line(self.lot_name), notes=nfc(self.notes)
        )


@dataclass(frozen=True, slots=True)
class BatchEvent:
    batch_id: int
    kind: str
    occurred_on: dt.date
    place: str = ""
    actor: str = ""
    note: str = ""
    occurred_time: str = ""  # "HH:MM" local time (Vietnam, UTC+7), when the clerk knows it
    commune_code: str = ""  # the commune where it happened (2025 codes): the place's tracing code without a GLN
    place_gln: str = ""  # the place's GS1 GLN, when it has one
    id: int | None = None
    # The lots this stage used (their batch ids, oldest lot first): honey lot → bottled lot. Kept in a table of
    # its own (storage), exported as an EPCIS TransformationEvent, linked from the lot page.
    inputs: tuple[int, ...] = ()

    def normalized(self) -> BatchEvent:
        return BatchEvent(
            self.batch_id,
            self.kind,
            self.occurred_on,
            clean_line(self.place),
            clean_line(self.actor),
            nfc(self.note),
            clean_line(self.occurred_time),
            clean_line(self.commune_code),
            normalize_gtin(self.place_gln),
            self.id,
            tuple(sorted(set(self.inputs))),
        )


def validate_batch(batch: Batch) -> list[FieldError]:
    b = batch.normalized()
    errors = validate_lot_code(b.lot_code)
    if b.expires_on and b.expires_on < b.produced_on:
        errors.append(FieldError("expires_on", _("The expiry date is before the production date.")))
    if b.quantity is not None and b.quantity < 0:
        errors.append(FieldError("quantity", _("The quantity cannot be negative.")))
    return errors


def validate_event(event: BatchEvent) -> list[FieldError]:
    e = event.normalized()
    errors = []
    if e.kind not in EVENT_KINDS:
        errors.append(FieldError("kind", _("Unknown event kind.")))
    if e.occurred_time and not _TIME.match(e.occurred_time):
        errors.append(FieldError("occurred_time", _("Write the time as hours:minutes, e.g. 07:30.")))
    if e.place_gln and not is_valid_gln(e.place_gln):
        errors.append(FieldError("place_gln", _("A GLN has 13 digits, the last one its GS1 check digit.")))
    if e.commune_code and e.commune_code not in address.communes():
        errors.append(FieldError("commune_code", _("Unknown commune code.")))
    if e.batch_id in e.inputs:
        errors.append(FieldError("inputs", _("A lot cannot be made from itself: choose other lots.")))
    return errors
