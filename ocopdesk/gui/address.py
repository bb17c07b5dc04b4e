"""The traceability address in plain words: what it is, why it matters, where a cooperative gets one, and
a check of the address typed. Shown in the first-run guide, in Settings, and whenever stamps or the website
need an address that is not set yet."""

from __future__ import annotations

import threading
from dataclasses import replace

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ocopdesk.domain.errors import ValidationError
from ocopdesk.gui.context import AppContext
from ocopdesk.gui.widgets.wrapping_label import WrappingLabel
from ocopdesk.i18n import _
from ocopdesk.services.address_check import ERROR, AddressNote, Reachability, address_notes, probe
from ocopdesk.services.profile import load_profile, save_profile

COLOURS = {ERROR: "#b3261e", "warning": "#8a5300", "ok": "#1b5e20", "busy": "#555555"}


def explanation() -> str:
    return _(
        "<p><b>The traceability address</b> is the web address every stamp's QR code opens: a shopper scans "
        "the stamp and sees your product, the batch and whether the stamp is genuine.</p>"
        "<p><b>It is printed on every stamp, for good.</b> Stamps already stuck on products cannot be changed, "
        "so choose an address the cooperative will keep for years.</p>"
        "<p>Ways to get one:</p><ul>"
        "<li>the cooperative's own domain, for example <i>https://truyxuat.htx-nhuxuan.vn</i> (a domain is "
        "bought yearly from a domain seller; keep paying for it as long as the stamps are in use);</li>"
        "<li>a page on the province's or a partner's website: ask them for the address and how to upload "
        "the files;</li>"
        "<li>a free static web host (GitHub Pages, Cloudflare Pages, Netlify), for example "
        "<i>https://htx-nhuxuan.github.io/truyxuat</i>.</li></ul>"
        "<p>The address must start with <b>https://</b>. You can set it up now and publish the website there later.</p>"
    )


class _Relay(QObject):
    """Brings a probe's answer from its thread back to the GUI thread (and drops it if the widget is gone)."""

    answered = Signal(object, str)  # Reachability, the address asked


class AddressStep(QWidget):
    """Explanation, the address field, a Check button and what the check found."""

    reachability = Signal(object)  # Reachability, after Check (for tests and callers)

    def __init__(self, current: str = "", parent: QWidget | None = None, explain: bool = True) -> None:
        super().__init__(parent)
        self.edit = QLineEdit(current, placeholderText=_("for example https://truyxuat.your-coop.vn"))
        # the placeholder reads as an example, not as an address already filled in: the demo cooperative's own
        # name in it looked like a saved address to a fresh walker (#22)
        self.check_button = QPushButton(_("Check the address"), clicked=lambda: self.check())
        self.result = WrappingLabel()
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.edit.textEdited.connect(lambda _text: self.result.clear())
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.check_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        self.explanation_label: WrappingLabel | None = None
        if explain:
            self.explanation_label = WrappingLabel(explanation())
            self.explanation_label.setTextFormat(Qt.TextFormat.RichText)
            column.addWidget(self.explanation_label)
        column.addLayout(row)
        column.addWidget(self.result)
        self._asked = self._prefix = ""

    def value(self) -> str:
        return self.edit.text().strip().rstrip("/")

    def notes(self) -> list[AddressNote]:
        return address_notes(self.value())

    def check(self, online: bool = True) -> bool:
        """Say what is wrong with the address; if it is well formed and `online`, ask it in the background.
        Returns whether it may be saved."""
        notes = self.notes()
        errors = [n for n in notes if n.level == ERROR]
        if errors:
            self._show(errors[0].message, ERROR)
            return False
        if notes:
            self._show(notes[0].message, notes[0].level)
        if online:
            self._probe(self.value(), prefix=notes[0].message + "\n" if notes else "")
        return True

    def _probe(self, url: str, prefix: str) -> None:
        """Ask in a thread (network waits release the GIL, so the window stays responsive); the answer comes
        back through a queued signal to this widget, on the GUI thread."""
        self._asked, self._prefix = url, prefix
        self._show(prefix + _("Asking {url}…").format(url=url), "busy")
        relay = _Relay()
        relay.answered.connect(self._answered)  # a slot of this widget: delivered on its (the GUI) thread

        def run() -> None:
            relay.answered.emit(probe(url), url)

        threading.Thread(target=run, name="address-probe", daemon=True).start()

    @Slot(object, str)
    def _answered(self, answer: Reachability, asked: str) -> None:
        if asked != self._asked or asked != self.value():
            return  # the clerk changed the address since: this answer is about another one
        self._show(self._prefix + answer.message, "ok" if answer.answered else "warning")
        self.reachability.emit(answer)

    def _show(self, text: str, level: str) -> None:
        self.result.setStyleSheet(f"color: {COLOURS[level]};")
        self.result.setText(text)


class AddressDialog(QDialog):
    """Set the traceability address when something needs it (issuing stamps, building the website)."""

    def __init__(self, context: AppContext, reason: str, parent: QWidget | None = None, save_text: str = "") -> None:
        """`save_text` names what Save also does when the dialog stands in for a confirmation (issuing stamps):
        the clerk answers one question, not an address and then "Issue 65 stamps?" after it."""
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(_("Traceability address"))
        self.step = AddressStep(load_profile(context.service).resolver_base_url)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(save_text or _("Save"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        if reason:
            lead = WrappingLabel(reason)
            lead.setStyleSheet("font-weight: 600;")
            column.addWidget(lead)
        column.addWidget(self.step)
        column.addWidget(buttons)
        self.resize(640, 0)

    def save(self) -> bool:
        if not self.step.check(online=False):
            return False
        if not save_address(self.context, self.step):
            return False
        self.accept()
        return True


def save_address(context: AppContext, step: AddressStep) -> bool:
    """Store the address in the cooperative profile; a refusal is shown under the field."""
    profile = load_profile(context.service)
    try:
        changes = save_profile(context.service, replace(profile, resolver_base_url=step.value()))
    except ValidationError as invalid:
        step._show(invalid.errors[0].message, ERROR)
        return False
    context.apply(changes)
    return True


def has_address(context: AppContext) -> bool:
    return bool(load_profile(context.service).resolver_base_url)


def ask_for_address(context: AppContext, reason: str, parent: QWidget | None, save_text: str = "") -> AddressDialog:
    """The address dialog, open (window-modal); callers continue on its `accepted` signal."""
    dialog = AddressDialog(context, reason, parent, save_text)
    dialog.open()
    return dialog
