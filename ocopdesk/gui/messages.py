"""Message boxes with translated buttons (Qt ships no Vietnamese translation of its own)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from ocopdesk.i18n import _

Role = QMessageBox.ButtonRole


def inform(parent: QWidget | None, text: str, title: str = "OCOPDesk") -> None:
    _box(parent, QMessageBox.Icon.Information, title, text, [(_("OK"), Role.AcceptRole)]).exec()


def warn(parent: QWidget | None, text: str, details: str = "", title: str = "OCOPDesk") -> None:
    """A problem the user can fix; `details` (e.g. every bad row of an import) behind a button."""
    box = _box(parent, QMessageBox.Icon.Warning, title, text, [(_("OK"), Role.AcceptRole)])
    if details:
        box.setDetailedText(details)
    box.exec()


def offer(parent: QWidget | None, text: str, details: str, action: str, title: str = "OCOPDesk") -> bool:
    """A problem with one way forward besides stopping (e.g. import only the valid rows); stopping is the
    default, so Enter never does more than the clerk chose."""
    box = _box(parent, QMessageBox.Icon.Warning, title, text, [(action, Role.AcceptRole), (_("OK"), Role.RejectRole)])
    if details:
        box.setDetailedText(details)
    box.exec()
    return box.buttonRole(box.clickedButton()) == Role.AcceptRole


def inform_with(parent: QWidget | None, text: str, action: str, title: str = "OCOPDesk") -> bool:
    """Something done, with one next step besides OK (e.g. open the folder the bundle went to); OK is the
    default. Returns whether the clerk chose `action`."""
    box = _box(
        parent, QMessageBox.Icon.Information, title, text, [(action, Role.ActionRole), (_("OK"), Role.AcceptRole)]
    )
    box.exec()
    return box.buttonRole(box.clickedButton()) == Role.ActionRole


def confirm(parent: QWidget | None, text: str, yes: str, title: str = "OCOPDesk") -> bool:
    """Ask before something that cannot be undone; the safe answer is the default."""
    box = _box(
        parent, QMessageBox.Icon.Question, title, text, [(yes, Role.DestructiveRole), (_("Cancel"), Role.RejectRole)]
    )
    box.exec()
    return box.buttonRole(box.clickedButton()) == Role.DestructiveRole


def save_discard_cancel(parent: QWidget | None, text: str) -> str:
    """'save', 'discard' or 'cancel' for a form with unsaved changes."""
    box = _box(
        parent,
        QMessageBox.Icon.Question,
        "OCOPDesk",
        text,
        [(_("Save"), Role.AcceptRole), (_("Discard changes"), Role.DestructiveRole), (_("Cancel"), Role.RejectRole)],
    )
    box.exec()
    return {Role.AcceptRole: "save", Role.DestructiveRole: "discard"}.get(box.buttonRole(box.clickedButton()), "cancel")


def _box(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    buttons: list[tuple[str, QMessageBox.ButtonRole]],
) -> QMessageBox:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    added = [box.addButton(label, role) for label, role in buttons]
    box.setDefaultButton(added[-1] if len(added) > 1 else added[0])  # the harmless choice
    box.setEscapeButton(added[-1])
    return box
