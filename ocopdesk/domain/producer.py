"""Producers: the cooperatives (HTX), enterprises and households that make OCOP products."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ocopdesk.domain import address
from ocopdesk.domain.errors import FieldError
from ocopdesk.domain.gtin import is_valid_gln, normalize_gtin
from ocopdesk.domain.text import clean_line, nfc
from ocopdesk.i18n import N_, _

KINDS = {"cooperative": N_("Cooperative"), "enterprise": N_("Enterprise"), "household": N_("Household")}
_TAX_CODE = re.compile(r"^\d{10}(-\d{3})?$")
_PHONE = re.compile(r"^\+?[0-9 .()-]{8,16}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True, slots=True)
class Producer:
    name: str
    kind: str = "cooperative"
    tax_code: str = ""
    phone: str = ""
    email: str = ""
    representative: str = ""
    province_code: str = ""
    commune_code: str = ""
    address_scheme: str = address.CURRENT_SCHEME
    street: str = ""
    legacy_address: str = ""
    registration_no: str = ""  # business registration number: a household business has no tax code of its own
    gln: str = ""  # GS1 Global Location Number of the producer, when it has one
    private_items: str = ""  # passport items beyond the legal minimum kept off the website, e.g. "quantity,actors"
    id: int | None = None
    uuid: str = ""  # stable across backups, exports and catalogues (#24); given by storage on insert

    def normalized(self) -> Producer:
        """Same producer with every text field in NFC and one-line fields collapsed; fields not cleaned here
        (id, uuid, any added later) are carried over by `replace`, so a save never drops an identity."""
        return replace(
            self,
            name=clean_line(self.name),
            kind=clean_line(self.kind) or "cooperative",
            tax_code=clean_line(self.tax_code),
            phone=clean_line(self.phone),
            email=clean_line(self.email).lower(),
            representative=clean_line(self.representative),
            province_code=clean_line(self.province_code),
            commune_code=clean_line(self.commune_code),
            address_scheme=clean_line(self.address_scheme) or address.CURRENT_SCHEME,
            street=clean_line(self.street),
            legacy_address=nfc(self.legacy_address),
            registration_no=clean_line(self.registration_no),
            gln=normalize_gtin(self.gln),
            private_items=clean_line(self.private_items),
        )

    @property
    def address_text(self) -> str:
        """A one-line address for labels and listings."""
        place = address.describe(self.commune_code, self.address_scheme)
        parts = [p for p in (self.street, place) if p]
        return ", ".join(parts) if parts else self.legacy_address


def validate_producer(producer: Producer) -> list[FieldError]:
    p = producer.normalized()
    errors: list[FieldError] = []
    if not p.name:
        errors.append(FieldError("name", _("Enter the producer's name.")))
    if p.kind not in KINDS:
        errors.append(FieldError("kind", _("Kind must be cooperative, enterprise or household.")))
    if p.tax_code and not _TAX_CODE.match(p.tax_code):
        errors.append(FieldError("tax_code", _("A tax code has 10 digits, or 10 digits, a dash and 3 digits.")))
    if p.gln and not is_valid_gln(p.gln):
        errors.append(FieldError("gln", _("A GLN has 13 digits, the last one its GS1 check digit.")))
    if len(p.registration_no) > 30:
        errors.append(FieldError("registration_no", _("A business registration number has at most 30 characters.")))
    if p.phone and not _PHONE.match(p.phone):
        errors.append(
            FieldError(
                "phone",
                _("“{phone}” is not one phone number: write its digits, e.g. 0912 345 678 or 0237 3868 123.").format(
                    phone=p.phone
                ),
            )
        )
    if p.email and not _EMAIL.match(p.email):
        errors.append(
            FieldError("email", _("“{email}” is not an e-mail address (like htx@example.vn).").format(email=p.email))
        )
    if p.commune_code:
        commune = address.communes(p.address_scheme).get(p.commune_code)
        if commune is None:
            errors.append(FieldError("commune_code", _("Unknown commune code.")))
        elif p.province_code and commune.province_code != p.province_code:
            errors.append(FieldError("commune_code", _("The commune is not in the chosen province.")))
    if p.province_code and p.province_code not in address.provinces(p.address_scheme):
        errors.append(FieldError("province_code", _("Unknown province code.")))
    return errors
