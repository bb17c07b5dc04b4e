"""The producer's 2025 address as a form asks it: province, then a commune of that province, then the street
or village. One set of pickers for the producer editor and the start-up guide, so a producer made in either
is complete the same way."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit

from ocopdesk.domain import address
from ocopdesk.domain.collation import collation_key
from ocopdesk.gui.widgets.form import FieldForm
from ocopdesk.i18n import _

PLACE_FIELDS = ("province_code", "commune_code", "street")


class AddressFields:
    """Adds the three rows to `form` (errors show under each, by the producer's field names)."""

    def __init__(self, form: FieldForm) -> None:
        self.province: QComboBox = form.add("province_code", _("Province"), QComboBox())  # type: ignore[assignment]
        self.province.addItem(_("(choose)"), "")
        for code, name in sorted(address.provinces().items(), key=lambda kv: collation_key(kv[1])):
            self.province.addItem(name, code)
        self.commune: QComboBox = form.add("commune_code", _("Commune / ward"), QComboBox())  # type: ignore[assignment]
        self.province.currentIndexChanged.connect(self._fill_communes)
        self.street: QLineEdit = form.add("street", _("Street, village"), QLineEdit())  # type: ignore[assignment]
        self._fill_communes()

    def _fill_communes(self) -> None:
        self.commune.clear()
        self.commune.addItem(_("(choose)"), "")
        code = self.province.currentData()
        for commune in sorted(
            (c for c in address.communes().values() if c.province_code == code), key=lambda c: collation_key(c.short)
        ):
            self.commune.addItem(commune.name, commune.code)

    def load(self, province_code: str, commune_code: str, street: str) -> None:
        self.province.setCurrentIndex(max(0, self.province.findData(province_code)))
        self._fill_communes()
        self.commune.setCurrentIndex(max(0, self.commune.findData(commune_code)))
        self.street.setText(street)

    def values(self) -> dict[str, str]:
        """The producer's fields: province_code, commune_code, street ("" where nothing is chosen)."""
        return {
            "province_code": self.province.currentData() or "",
            "commune_code": self.commune.currentData() or "",
            "street": self.street.text(),
        }
