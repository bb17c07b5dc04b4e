"""Settings: cooperative profile, stamps, language, and where the catalogue lives."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ocopdesk.domain import address as places
from ocopdesk.domain.errors import FieldError, ValidationError
from ocopdesk.gui.address import AddressStep, explanation
from ocopdesk.gui.context import AppContext
from ocopdesk.gui.widgets.address_fields import AddressFields
from ocopdesk.gui.widgets.form import FieldForm
from ocopdesk.gui.widgets.wrapping_label import WrappingLabel
from ocopdesk.i18n import LANGUAGES, _
from ocopdesk.services import listings
from ocopdesk.services.address_check import ERROR, address_notes
from ocopdesk.services.profile import (
    CooperativeProfile,
    cooperative_as_producer,
    cooperative_producer,
    load_profile,
    save_profile,
)
from ocopdesk.services.stamp_print import label_templates, preferred_stock


class SettingsDialog(QDialog):
    backup_requested = Signal()
    restore_requested = Signal()
    open_requested = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(_("Settings"))
        self.profile = load_profile(context.service)
        self.saved_note = ""  # what Save changed that the window confirms in its status bar
        self.tabs = QTabWidget()
        self._build_coop_tab()
        self._build_stamps_tab()
        self._build_market_tab()
        self.tabs.addTab(self.coop, _("Cooperative"))
        self.tabs.addTab(self.stamps, _("Stamps"))
        self.tabs.addTab(self.market, _("Marketplaces"))
        self.tabs.addTab(self._language_page(), _("Language"))
        self.tabs.addTab(self._catalogue_page(), _("Catalogue"))
        buttons = QDialogButtonBox()
        buttons.addButton(_("Save"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.note = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self.resize(760, 0)

    def _build_coop_tab(self) -> None:
        """The cooperative's name and contacts, as printed on the website and in listings. The address is
        chosen as the start-up guide and the producer editor ask it (province, commune, street: #22), from
        the cooperative's producer record; a free-text address without a commune stays in the street box."""
        self.coop = FieldForm()
        self.fields = {"name": self.coop.add("name", _("Cooperative name"), QLineEdit(self.profile.name))}
        self.place = AddressFields(self.coop)
        producer = cooperative_producer(self.context.service)
        if producer is not None and producer.commune_code:
            self.place.load(producer.province_code, producer.commune_code, producer.street)
        else:
            self.place.load("", "", self.profile.address)
        self._place_shown = self.place.values()
        for name, label in (("phone", _("Phone")), ("email", _("Email")), ("website", _("Website"))):
            self.fields[name] = self.coop.add(name, label, QLineEdit(getattr(self.profile, name)))

    def _address(self) -> str:
        """The profile's one-line address: unchanged unless the place was changed here; then written from
        the chosen commune (as the guide writes it), or the street box's text as it is without one."""
        place = self.place.values()
        if place == self._place_shown:
            return self.profile.address
        return ", ".join(p for p in (place["street"], places.describe(place["commune_code"])) if p)

    def _build_stamps_tab(self) -> None:
        """The traceability address the QR codes lead to, and the printer's label stock and offsets."""
        self.stamps = FieldForm()
        self.address = AddressStep(self.profile.resolver_base_url, explain=False)
        self.stamps.add("resolver_base_url", _("Traceability address (QR codes lead here)"), self.address)
        self.fields["resolver_base_url"] = self.address.edit
        self.about = about = WrappingLabel(
            explanation()
        )  # claims its height: the dialog grows instead of cutting it off
        about.setTextFormat(Qt.TextFormat.RichText)
        self.stamps.layout_.insertRow(0, about)
        self.template = self.stamps.add("default_label_template", _("Default label stock"), QComboBox())
        for stock in label_templates().values():
            self.template.addItem(stock.title, stock.id)
        current = preferred_stock(self.context.service, self.profile.default_label_template)
        self.template.setCurrentIndex(self.template.findData(current.id))
        self._stock_shown = current.id
        offsets = self.context.settings.printer_offsets.get("default", [0.0, 0.0])
        self.offset_x = self.stamps.add("offset_x", _("Printer offset X (mm)"), _offset_box(offsets[0]))
        self.offset_y = self.stamps.add("offset_y", _("Printer offset Y (mm)"), _offset_box(offsets[1]))

    def _build_market_tab(self) -> None:
        """Where marketplace sheets link the photos from."""
        self.market = FieldForm()
        stored = listings.listing_settings(self.context.service, defaults=False)
        defaults = listings.listing_settings(self.context.service)
        self.image_host = self.market.add(
            "image_host_url",
            _("Image host address (marketplace sheets link photos there)"),
            QLineEdit(stored["image_host_url"], placeholderText=defaults["image_host_url"] or "https://"),
        )
        self.image_folder = self.market.add(
            "image_folder",
            _("Local folder published at that address"),
            QLineEdit(stored["image_folder"], placeholderText=defaults["image_folder"]),
        )

    def _language_page(self) -> QWidget:
        self.language = QComboBox()
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(self.context.settings.language)))
        language_page = QWidget()
        column = QVBoxLayout(language_page)
        column.addWidget(QLabel(_("Language of the application (takes effect after a restart)")))
        column.addWidget(self.language)
        column.addStretch()
        return language_page

    def _catalogue_page(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.addWidget(QLabel(_("The catalogue is stored in:")))
        path = QLineEdit(str(self.context.service.path), readOnly=True)
        column.addWidget(path)
        column.addWidget(QLabel(_("Photos and documents are kept in the folder beside it.")))
        column.addWidget(QPushButton(_("Open another catalogue…"), clicked=self._emit(self.open_requested)))
        column.addWidget(QPushButton(_("Back up now…"), clicked=self._emit(self.backup_requested)))
        column.addWidget(QPushButton(_("Restore from a backup…"), clicked=self._emit(self.restore_requested)))
        column.addStretch()
        return page

    def _emit(self, signal: Signal):  # type: ignore[no-untyped-def]
        def fire() -> None:
            self.reject()
            signal.emit()  # type: ignore[attr-defined]

        return fire

    def save(self) -> bool:
        for form in (self.coop, self.stamps, self.market):
            form.clear_errors()
        wrong = self.place.problems()  # a commune typed but not picked: never saved as no address (#22)
        if wrong:
            self.tabs.setCurrentWidget(self.coop)
            self.coop.show_errors(wrong)
            return False
        try:
            listings.save_listing_settings(
                self.context.service, image_host_url=self.image_host.text(), image_folder=self.image_folder.text()
            )
        except ValidationError as invalid:
            self.tabs.setCurrentIndex(self.tabs.indexOf(self.market))
            self.market.show_errors(invalid.errors)
            return False
        values = {name: edit.text() for name, edit in self.fields.items()}
        values["address"] = self._address()
        address = values["resolver_base_url"].strip()
        refused = [n for n in address_notes(address) if n.level == ERROR] if address else []
        if address.rstrip("/") != self.profile.resolver_base_url and refused:
            self.tabs.setCurrentWidget(self.stamps)
            self.stamps.show_errors([FieldError("resolver_base_url", refused[0].message)])
            return False
        stock = self.template.currentData()
        profile = replace(CooperativeProfile(**values), default_label_template=stock)
        moved = self.place.values() != self._place_shown and bool(self.place.values()["commune_code"])
        try:
            changes = save_profile(self.context.service, profile)
            if moved:  # the cooperative's producer record follows, so marketplaces take its products
                changes |= cooperative_as_producer(self.context.service, self.place.values())
        except ValidationError as invalid:
            for index, form in enumerate((self.coop, self.stamps)):
                mine = [e for e in invalid.errors if e.field in form.inputs]
                if mine:
                    self.tabs.setCurrentIndex(index)
                form.show_errors(mine)
            return False
        settings = self.context.settings
        restart = self.language.currentData() != settings.language
        settings.language = self.language.currentData()
        offsets = [self.offset_x.value(), self.offset_y.value()]
        if offsets != settings.printer_offsets.get("default", [0.0, 0.0]):
            # said back once saved: a clerk calibrating a printer wants to know the numbers were kept
            self.saved_note = _("Printer offsets saved: X {x} mm, Y {y} mm.").format(
                x=self.offset_x.textFromValue(offsets[0]), y=self.offset_y.textFromValue(offsets[1])
            )
        settings.printer_offsets["default"] = offsets
        if stock != self._stock_shown:
            settings.last_label_stock = stock  # chosen just now: the print window opens on it
        self.context.save_settings()
        self.context.apply(changes)
        self.restart_needed = restart
        self.accept()
        return True


def _offset_box(value: float) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(-20.0, 20.0)
    box.setDecimals(1)
    box.setSingleStep(0.1)
    box.setValue(value)
    return box
