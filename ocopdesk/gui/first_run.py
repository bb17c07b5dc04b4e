"""The first-run path after the welcome screen, for a clerk with no manual: the cooperative's profile, the
traceability address explained and checked, then the way to the first batch and its stamps. It can be
left at any step and opened again from Help."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ocopdesk.domain import address
from ocopdesk.domain.errors import FieldError, ValidationError
from ocopdesk.gui.address import AddressStep, save_address
from ocopdesk.gui.context import AppContext
from ocopdesk.gui.widgets.address_fields import AddressFields
from ocopdesk.gui.widgets.form import FieldForm, required
from ocopdesk.i18n import _
from ocopdesk.services.profile import cooperative_as_producer, cooperative_producer, load_profile, save_profile

PROFILE, ADDRESS, FIRST_STAMPS = range(3)
_PROFILE_FIELDS = ("name", "phone", "email", "website")


class FirstRunGuide(QWidget):
    finished = Signal(str)  # where to go next: a screen, "new-batch", "new-product" or "import"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.heading = QLabel(_("Getting started with OCOPDesk"))
        self.heading.setStyleSheet("font-size: 20px; font-weight: 600;")
        self.step_title = QLabel()
        self.step_title.setStyleSheet("font-size: 15px; font-weight: 600; color: #1b5e20;")
        self.steps = QStackedWidget()
        self.steps.addWidget(self._profile_step())
        self.address = AddressStep()
        self.steps.addWidget(_page(self.address))
        self.first_stamps = QLabel(wordWrap=True)
        self.first_stamps.setTextFormat(Qt.TextFormat.RichText)
        self.stamp_buttons = QHBoxLayout()
        self.steps.addWidget(self._stamps_step())
        self.back_button = QPushButton(_("Back"), clicked=lambda: self.show_step(self.steps.currentIndex() - 1))
        self.later_button = QPushButton(_("Later"), clicked=lambda: self.skip())
        self.next_button = QPushButton(_("Continue"), clicked=lambda: self.next())
        self.next_button.setDefault(True)
        self.leave_button = QPushButton(_("Close the guide"), clicked=lambda: self.finished.emit("products"))
        # a real button's frame: a flat one read as a line of text, not something to press (#22)
        self._layout()

    def _layout(self) -> None:
        buttons = QHBoxLayout()
        buttons.addWidget(self.leave_button)
        buttons.addStretch(1)
        for button in (self.back_button, self.later_button, self.next_button):
            buttons.addWidget(button)
        inner = QWidget()
        inner.setMaximumWidth(760)
        column = QVBoxLayout(inner)
        column.addWidget(self.heading)
        column.addWidget(self.step_title)
        column.addWidget(self.steps, 1)
        column.addLayout(buttons)
        scroll = QScrollArea(widgetResizable=True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        holder = QWidget()
        centred = QHBoxLayout(holder)
        centred.addStretch(1)
        centred.addWidget(inner, 8)
        centred.addStretch(1)
        scroll.setWidget(holder)
        QVBoxLayout(self).addWidget(scroll)

    def _profile_step(self) -> QWidget:
        lead = QLabel(
            _(
                "The cooperative's name and contacts appear on the traceability website that shoppers open from "
                "your stamps, and on the QR posters. Only the name is needed now; with the province, commune and "
                "street as well, the marketplaces take your products without another visit to Producers."
            ),
            wordWrap=True,
        )
        self.profile_form = FieldForm()
        labels = {
            "name": required(_("Cooperative name")),
            "phone": _("Phone"),
            "email": _("Email"),
            "website": _("Website"),
        }
        self.profile_fields = {"name": self.profile_form.add("name", labels["name"], QLineEdit())}
        # the producer editor's own pickers: the cooperative made a producer here has the address marketplaces need
        self.place = AddressFields(self.profile_form)
        for name in _PROFILE_FIELDS[1:]:
            self.profile_fields[name] = self.profile_form.add(name, labels[name], QLineEdit())
        return _page(lead, self.profile_form)

    def _stamps_step(self) -> QWidget:
        row = QWidget()
        self.stamp_buttons.setContentsMargins(0, 0, 0, 0)
        row.setLayout(self.stamp_buttons)
        return _page(self.first_stamps, row)

    # -- behaviour ------------------------------------------------------------------------------
    def start(self) -> None:
        """Fill the steps from the catalogue (the demo's profile, an address set before) and begin."""
        profile = load_profile(self.context.service)
        for name, edit in self.profile_fields.items():
            edit.setText(getattr(profile, name))  # type: ignore[attr-defined]
        producer = cooperative_producer(self.context.service)
        self.place.load(*((producer.province_code, producer.commune_code, producer.street) if producer else ("",) * 3))
        self.profile_form.clear_errors()
        self.address.edit.setText(profile.resolver_base_url)
        self.address.result.clear()
        self.show_step(PROFILE)

    def show_step(self, step: int) -> None:
        step = max(PROFILE, min(FIRST_STAMPS, step))
        titles = {
            PROFILE: _("Your cooperative"),
            ADDRESS: _("The traceability address"),
            FIRST_STAMPS: _("Your first batch and its stamps"),
        }
        self.step_title.setText(_("Step {n} of 3: {title}").format(n=step + 1, title=titles[step]))
        if step == FIRST_STAMPS:
            self._describe_first_stamps()
        self.steps.setCurrentIndex(step)
        self.back_button.setEnabled(step > PROFILE)
        self.later_button.setVisible(step != FIRST_STAMPS)
        self.next_button.setText(_("Done") if step == FIRST_STAMPS else _("Continue"))

    def next(self) -> bool:
        """Save the step shown and go on; a problem is shown where it is, and the step stays."""
        step = self.steps.currentIndex()
        if step == PROFILE and not self._save_profile():
            return False
        if step == ADDRESS and self.address.value() and not self._save_address():
            return False
        if step == FIRST_STAMPS:  # with no product yet, Batches & stamps would be an empty page
            self.finished.emit("batches" if self.context.service.count_products() else "products")
            return True
        self.show_step(step + 1)
        return True

    def _save_address(self) -> bool:
        return self.address.check(online=False) and save_address(self.context, self.address)

    def skip(self) -> None:
        self.show_step(self.steps.currentIndex() + 1)

    def _save_profile(self) -> bool:
        self.profile_form.clear_errors()
        values = {name: edit.text() for name, edit in self.profile_fields.items()}  # type: ignore[attr-defined]
        if not values["name"].strip():
            self.profile_form.show_errors([_missing_name()])
            return False
        wrong = self.place.problems()  # a commune typed but not picked: never saved as no address (#22)
        if wrong:
            self.profile_form.show_errors(wrong)
            return False
        profile = load_profile(self.context.service)
        place = self.place.values()
        if not profile.address and place["commune_code"]:  # the website and posters show the profile's address
            values["address"] = ", ".join(p for p in (place["street"], address.describe(place["commune_code"])) if p)
        try:
            changes = save_profile(self.context.service, replace(profile, **values))
            changes |= cooperative_as_producer(self.context.service, place)
        except ValidationError as invalid:
            self.profile_form.show_errors(invalid.errors)
            return False
        self.context.apply(changes)
        return True

    def _describe_first_stamps(self) -> None:
        service = self.context.service
        has_products = service.count_products() > 0
        # Before any product, the way to Batches & stamps is not among the buttons: say what comes first and
        # where the screen is, rather than point at a button that is not there (the clerk's walk, #22).
        steps = (
            [_("Open <b>Batches &amp; stamps</b> (the button below; later, in the list on the left of the window).")]
            if has_products
            else [
                _("First add your products with the buttons below: one by one, or all at once from a spreadsheet."),
                _("Then open <b>Batches &amp; stamps</b> in the list on the left of the window."),
            ]
        )
        steps += [
            _("Choose the product and press <b>New batch…</b>: the production date and the quantity made."),
            _("With the batch selected, enter how many stamps you need and press <b>Issue stamps</b>."),
            _("Press <b>Print…</b> to print them on label sheets or a label printer; check the preview first."),
            _(
                "Build the website (menu <b>Website</b>) and publish it at your traceability address, so the QR "
                "codes on the stamps open real pages."
            ),
        ]
        text = "<ol>" + "".join(f"<li>{line}</li>" for line in steps) + "</ol>"
        if not load_profile(service).resolver_base_url:
            text += (
                "<p>"
                + _(
                    "The traceability address is not set yet: OCOPDesk will ask for it before the first stamps are "
                    "issued."
                )
                + "</p>"
            )
        self.first_stamps.setText(text)
        while self.stamp_buttons.count():
            widget = self.stamp_buttons.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        choices = (
            [
                ("new-batch", _("Add a batch…") if service.batches() else _("Add the first batch…")),
                ("batches", _("Open Batches & stamps")),
            ]
            if has_products
            else [("new-product", _("Add a product…")), ("import", _("Import from spreadsheet…"))]
        )
        for where, label in choices:
            button = QPushButton(label.replace("&", "&&"), clicked=lambda _c=False, w=where: self.finished.emit(w))
            self.stamp_buttons.addWidget(button)  # "&&": a button shows "Lô & tem", not "Lô _tem" (a mnemonic)
        self.stamp_buttons.addStretch(1)


def _missing_name() -> FieldError:
    return FieldError("name", _("Enter the cooperative's name: it appears on the website and the posters."))


def _page(*widgets: QWidget) -> QWidget:
    page = QWidget()
    column = QVBoxLayout(page)
    column.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        column.addWidget(widget)
    column.addStretch(1)
    return page
