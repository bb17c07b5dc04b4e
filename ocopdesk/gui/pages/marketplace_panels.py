"""Three boxes of the Đăng lên sàn screen: the selected product's category on the selected
marketplace, by name, with its suggestion (accept it, or every confident one at once); the shipping
channels the shop has turned on (Shopee), one tick box per channel of its template; and, as a
banner over the matrix, how photos reach a marketplace whose sheet takes photo addresses,
explained in plain words with the two honest ways — the traceability website in one click, or
the photos in the bundle."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.gui import messages
from ocopdesk.gui.context import AppContext
from ocopdesk.gui.tasks import Task, run_task
from ocopdesk.gui.widgets.wrapping_label import WrappingLabel
from ocopdesk.i18n import _
from ocopdesk.services import categories, listings, shipping
from ocopdesk.services.changes import Changes
from ocopdesk.services.listing_export import PhotosReport, prepare_photos_job
from ocopdesk.services.listings import BUNDLE, HOST
from ocopdesk.services.readiness import Readiness

if TYPE_CHECKING:  # names for annotations only: the GUI reaches marketplaces through services
    from ocopdesk.marketplaces.base import Marketplace
    from ocopdesk.marketplaces.suggest import Suggester, Suggestion


def _row(*buttons: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    return row


class CategoryPanel(QGroupBox):
    changed = Signal()  # a category was given: check again
    pick = Signal()  # open the picker for the selected product

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.market: Marketplace | None = None
        self.readiness: Readiness | None = None
        self.suggesters: dict[str, Suggester] = {}
        self.text = QLabel(wordWrap=True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.choose_button = QPushButton(_("Choose by name…"), clicked=lambda: self.pick.emit())
        self.accept_button = QPushButton(_("Accept the suggestion"), clicked=lambda: self.accept_suggestion())
        self.accept_all_button = QPushButton(_("Accept all confident suggestions"), clicked=lambda: self.accept_all())
        column = QVBoxLayout(self)
        column.addWidget(self.text)
        # two rows: three buttons side by side made the side column wider than 1280×720 leaves it
        column.addLayout(_row(self.choose_button, self.accept_button))
        column.addLayout(_row(self.accept_all_button))

    def forget(self) -> None:
        self.suggesters.clear()

    def show_for(self, readiness: Readiness | None, market: Marketplace | None) -> None:
        self.readiness, self.market = readiness, market
        self.setVisible(market is not None and market.needs_category)
        if market is None or not market.needs_category:
            return
        self.setTitle(_("Category on {market}").format(market=market.name))
        needs = readiness is not None and any(p.field == "category" for p in readiness.errors)
        suggestion = self.suggestion() if needs else None
        text = ""
        if readiness is not None and readiness.category is not None:
            text = _("Category: {category}").format(category=readiness.category.label())
            if readiness.category_source == categories.SEED:
                text += " " + _("(from OCOPDesk's built-in rules)")
            elif readiness.category_source == categories.RULE:
                text += " " + _("(from your rule)")
        elif readiness is not None:
            text = _("No category yet.")
        if suggestion is not None:
            text += "\n" + _("Suggested: {name} — {path} ({confidence}% sure)").format(
                name=suggestion.category.name,
                path=" › ".join(suggestion.category.path[:-1]) or suggestion.category.id,
                confidence=round(suggestion.confidence * 100),
            )
        self.text.setText(text)
        self.accept_button.setVisible(suggestion is not None)

    def suggestion(self) -> Suggestion | None:
        if self.readiness is None or self.market is None:
            return None
        if self.market.id not in self.suggesters:
            self.suggesters[self.market.id] = categories.suggester(self.context.service, self.market.id)
        product = self.context.service.product(self.readiness.product_id).product
        found = self.suggesters[self.market.id].suggest(product, 1)
        return found[0] if found else None

    def accept_suggestion(self) -> bool:
        suggestion = self.suggestion()
        if suggestion is None or self.readiness is None or self.market is None:
            return False
        try:
            _category, changes = categories.choose(
                self.context.service, self.market.id, self.readiness.sku, suggestion.category.id
            )
        except OcopDeskError as failure:
            messages.warn(self, failure.message)
            return False
        self.context.apply(changes)
        self.changed.emit()
        return True

    def accept_all(self) -> int:
        """Every confident suggestion of this marketplace at once; the unsure ones stay for the clerk."""
        if self.market is None:
            return 0
        service, market = self.context.service, self.market
        found = categories.suggest(service, market.id)
        applied, changes = categories.accept_confident(service, market.id, found=found)
        done = {sku for sku, _category in applied}
        waiting = [i.name for i in found if i.needs_one and i.sku not in done]
        self.context.apply(changes)
        self.changed.emit()
        text = _("{n} products got the suggested {market} category.").format(n=len(applied), market=market.name)
        if waiting:
            names = ", ".join(waiting[:8]) + ("…" if len(waiting) > 8 else "")
            text += "\n" + _(
                "{n} products wait for you to choose (their suggestion is not sure enough): {names}"
            ).format(n=len(waiting), names=names)
        messages.inform(self, text)
        return len(applied)


class ShippingPanel(QGroupBox):
    """The shipping channels of the selected marketplace's sheet (Shopee), a tick box each: the ones the
    shop has turned on in its seller centre. Kept in the catalogue at every tick; the sheet writes “Mở”
    for them and “Tắt” for the others, and with none ticked no product is ready."""

    changed = Signal()  # a channel was turned on or off: check again

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.market: Marketplace | None = None
        self.boxes: dict[str, QCheckBox] = {}
        self.task: Task | None = None
        self.text = WrappingLabel()  # room for both of its sentences, so the tick boxes below never move
        self.source = QLabel(wordWrap=True)
        self.source.setStyleSheet("color: #555555;")
        self.grid = QGridLayout()
        column = QVBoxLayout(self)
        column.addWidget(self.text)
        column.addLayout(self.grid)
        column.addWidget(self.source)

    def show_for(self, market: Marketplace | None) -> None:
        self.market = market
        self.setVisible(market is not None and market.shipping is not None)
        if market is None or market.shipping is None:
            return
        found = shipping.choice(self.context.service, market.id)
        self.setTitle(_("Shipping on {market}").format(market=market.name))
        some_on = _(
            "Tick the shipping channels your shop has turned on in the {market} seller centre: the sheet "
            "turns them on for every product, the others off."
        ).format(market=market.name)
        none_on = _(
            "No shipping channel is on yet: tick those your shop has turned on in the {market} seller centre."
        ).format(market=market.name)
        self.text.reserve(some_on, none_on)
        self.text.setText(some_on if found.on else none_on)
        self.text.setStyleSheet("" if found.on else "color: #b3261e; font-weight: 600;")
        self.source.setText(
            _("Channels of your template {file}.").format(file=found.source)
            if found.source
            else _(
                "Channels of {market}'s template of July 2025: choose your own template above for your shop's list."
            ).format(market=market.name)
        )
        self._boxes(found)

    def _boxes(self, found: shipping.ShippingChoice) -> None:
        """One tick box per channel, two to a row (five channels in three short rows fit the side column)."""
        if [box.property("channel") for box in self.boxes.values()] != [c.id for c in found.channels]:
            for box in self.boxes.values():
                box.hide()
                box.deleteLater()
            self.boxes = {}
            for n, channel in enumerate(found.channels):
                box = QCheckBox(channel.name)
                box.setProperty("channel", channel.id)
                box.toggled.connect(lambda _on: self.save())
                self.grid.addWidget(box, n // 2, n % 2)
                self.boxes[channel.id] = box
        for channel_id, box in self.boxes.items():
            box.blockSignals(True)
            box.setChecked(channel_id in found.on)
            box.blockSignals(False)

    def save(self) -> None:
        if self.market is None:
            return
        on = [channel_id for channel_id, box in self.boxes.items() if box.isChecked()]
        try:
            _found, changes = shipping.choose(self.context.service, self.market.id, on)
        except OcopDeskError as failure:
            messages.warn(self, failure.message)
            return
        self.context.apply(changes)
        self.changed.emit()

    def read_template(self, market: Marketplace, template: Path) -> Task:
        """Take the channels of the template the clerk chose for the export, in the background (a seller's
        template with its category list is megabytes); a template with none says why and changes nothing."""
        self.task = run_task(
            self,
            _("Reading the shipping channels…"),
            self.context.service.path,
            shipping.read_template_job,
            market.id,
            template,
        )
        self.task.done.connect(lambda result: self._read(market, result[1]))
        self.task.failed.connect(lambda message, details: messages.warn(self, message, details))
        return self.task

    def _read(self, market: Marketplace, changes: Changes) -> None:
        self.context.apply(changes)
        self.show_for(market)


class PhotoPanel(QGroupBox):
    changed = Signal()  # the way changed or photos were put in place: check again
    publish_requested = Signal()
    notify = Signal(str)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.market: Marketplace | None = None
        self.results: list[Readiness] = []
        self.task: Task | None = None
        self.text = QLabel(wordWrap=True)
        self.publish_button = QPushButton(_("Put the photos on the website"), clicked=lambda: self.put_on_website())
        self.way_button = QPushButton(clicked=lambda: self.switch_way())
        row = QHBoxLayout(self)  # a banner across the screen: the text, the two ways beside it
        row.addWidget(self.text, 1)
        buttons = QVBoxLayout()
        buttons.addWidget(self.publish_button)
        buttons.addWidget(self.way_button)
        buttons.addStretch(1)
        row.addLayout(buttons)

    def missing(self) -> int:
        return sum(any(p.field == "image_host" for p in r.errors) for r in self.results)

    def show_for(self, market: Marketplace | None, results: list[Readiness]) -> None:
        self.market, self.results = market, results
        self.setVisible(market is not None and market.images.as_urls)
        if market is None or not market.images.as_urls:
            return
        service = self.context.service
        way = listings.photo_way(service, market.id)
        host = listings.listing_settings(service)["image_host_url"]
        self.setTitle(_("Photos on {market}").format(market=market.name))
        if way == BUNDLE:
            text = _(
                "The photos go in the bundle, numbered in upload order; the sheet's photo columns stay empty and "
                "you add the photos in the {market} seller centre (HUONG-DAN.txt in the bundle says how)."
            ).format(market=market.name)
        elif host and not self.missing():
            text = _("Every product's photos answer at {host}.").format(host=host)
        else:
            status = (
                _("Photos of {n} products do not answer at {host} yet.").format(n=self.missing(), host=host)
                if host
                else _("The traceability website's address is not set yet (Settings → Stamps).")
            )
            text = (
                status
                + "\n"
                + _(
                    "{market} takes each photo from a web address anyone can open (an image host). The simplest host "
                    "is your traceability website: put the photos on it with one click. Or leave the photo columns "
                    "empty and add the photos in the seller centre yourself, from the bundle."
                ).format(market=market.name)
            )
        self.text.setText(text)
        self.publish_button.setVisible(way == HOST)
        self.way_button.setText(
            _("Photos in the bundle instead") if way == HOST else _("Link the photos from the website instead")
        )

    def switch_way(self) -> None:
        if self.market is None:
            return
        way = BUNDLE if listings.photo_way(self.context.service, self.market.id) == HOST else HOST
        self.context.apply(listings.set_photo_way(self.context.service, self.market.id, way))
        self.changed.emit()

    def put_on_website(self) -> Task | None:
        """Make the marketplace photos into the website folder; if the host does not serve them
        then, ask the window to publish the website."""
        stored = listings.listing_settings(self.context.service)
        if not stored["image_host_url"]:
            messages.warn(
                self,
                _(
                    "Enter the traceability website's address first (Settings → Stamps): the photos are published "
                    "with the website, at that address."
                ),
            )
            return None
        if not stored["image_folder"]:
            messages.warn(self, _("Build the traceability website first (Website menu): the photos go in its folder."))
            return None
        self.task = run_task(
            self,
            _("Putting the photos in the website folder…"),
            self.context.service.path,
            prepare_photos_job,
            [self.market.id] if self.market else None,
        )
        self.task.done.connect(self._put)
        self.task.failed.connect(lambda message, details: messages.warn(self, message, details))
        return self.task

    def _put(self, report: PhotosReport) -> None:
        self.notify.emit(_("{count} photos are in {folder}.").format(count=report.written, folder=report.folder / "m"))
        self.changed.emit()  # checked again: the results come back through show_for
        if self.missing():
            self.publish_requested.emit()
