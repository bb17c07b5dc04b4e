"""The "Truy xuất" (traceability) fields of the producer, product and stage editors (#25), kept in their own
group so each editor gains one box or tab and its other fields stay as they were."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QGroupBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from ocopdesk.domain import address
from ocopdesk.domain.passport import PRIVATE_CHOICES, parse_private
from ocopdesk.domain.producer import Producer
from ocopdesk.domain.product import Product
from ocopdesk.domain.text import fold
from ocopdesk.gui.widgets.address_fields import SHORT_ROLE, searchable
from ocopdesk.gui.widgets.form import FieldForm
from ocopdesk.i18n import _


class ProducerTraceBox(QGroupBox):
    """Business registration number, GLN, and what the website keeps private beyond the legal minimum."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Traceability"), parent)
        self.form = FieldForm()
        self.registration = self.form.add("registration_no", _("Business registration no."), QLineEdit())
        self.gln = self.form.add("gln", _("Location number (GLN)"), QLineEdit(placeholderText=_("13 digits, if any")))
        choices = QWidget()
        column = QVBoxLayout(choices)
        column.setContentsMargins(0, 0, 0, 0)
        self.private = {key: QCheckBox(_(label)) for key, label in PRIVATE_CHOICES.items()}
        for box in self.private.values():
            column.addWidget(box)
        column.addWidget(
            QLabel(_("The legal minimum (stages with time and place, identifiers) is always shown."), wordWrap=True)
        )
        self.form.add("private_items", _("Keep off the website"), choices)
        QVBoxLayout(self).addWidget(self.form)

    def load(self, producer: Producer) -> None:
        self.registration.setText(producer.registration_no)
        self.gln.setText(producer.gln)
        chosen = parse_private(producer.private_items)
        for key, box in self.private.items():
            box.setChecked(key in chosen)

    def values(self) -> dict[str, str]:
        private = ",".join(key for key, box in self.private.items() if box.isChecked())
        return {"registration_no": self.registration.text(), "gln": self.gln.text(), "private_items": private}


class ProductTraceTab(FieldForm):
    """Brand and applied standard; the safety warnings and instructions stay on the label tab."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.brand = self.add("brand", _("Brand / trademark"), QLineEdit())
        self.standard = self.add(
            "standard_number", _("Applied standard (number)"), QLineEdit(placeholderText="TCCS 01:2024/HTX")
        )
        self.standard_title = self.add("standard_title", _("Standard's title"), QLineEdit())
        note = _("Safety warnings and instructions for use are on the “Label and description” tab.")
        self.layout_.addRow("", QLabel(note, wordWrap=True))

    def load(self, product: Product) -> None:
        self.brand.setText(product.brand)
        self.standard.setText(product.standard_number)
        self.standard_title.setText(product.standard_title)

    def values(self) -> dict[str, str]:
        return {
            "brand": self.brand.text(),
            "standard_number": self.standard.text(),
            "standard_title": self.standard_title.text(),
        }


def add_stage_fields(form: FieldForm, commune_code: str = "") -> tuple[QLineEdit, QComboBox, QLineEdit]:
    """Time of day, commune (the producer's by default) and GLN rows of a production stage."""
    time = form.add("occurred_time", _("Time (HH:MM)"), QLineEdit(placeholderText="07:30"))
    commune = form.add("commune_code", _("Commune"), QComboBox())
    commune.addItem(_("(not declared)"), "")
    home = address.communes().get(commune_code)
    province = home.province_code if home else ""
    for c in sorted(address.communes().values(), key=lambda c: (c.province_code != province, c.province_name, c.short)):
        commune.addItem(f"{c.name}, {c.province_name}", c.code)
        commune.setItemData(commune.count() - 1, fold(c.short), SHORT_ROLE)
    searchable(commune)  # 3,321 communes: typed like the producer's, never scrolled through (#22)
    commune.setCurrentIndex(max(0, commune.findData(commune_code)))
    gln = form.add("place_gln", _("Location number (GLN)"), QLineEdit(placeholderText=_("13 digits, if any")))
    return time, commune, gln  # type: ignore[return-value]
