"""Numbers and dates that Qt draws itself, in the language chosen: the default QLocale for spin boxes and
calendars, and dd/mm/yyyy in Qt's own file dialog (the one Linux shows; Windows' native dialog is left alone).

Why the file dialog needs more than `QLocale.setDefault`: its model (QFileSystemModel) formats the "Date
modified" and "Size" columns with `QLocale::system()`, the computer's locale, which an application cannot
set — on a Linux laptop left in the C locale a clerk read "7 12 2026 14:21" (issue #22, seam 17). So when
Qt's own dialog shows, its list is given a delegate that writes those two columns from the file's own
date and size. And CLDR's short date for vi_VN is "d/M/yy", not the dd/mm/yyyy Vietnamese documents use,
so the date is written by `format_date`, the same function as everywhere else in the window."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QLocale, QModelIndex, QPersistentModelIndex
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFileDialog,
    QFileSystemModel,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QWidget,
)

from ocopdesk.domain.dates import format_date

_WATCHING = "ocopdesk_file_dialog_dates"  # set on the application once its focus is watched
SIZE_COLUMN, DATE_COLUMN = 1, 3  # QFileSystemModel's columns: name, size, type, date modified
# English keeps the day first too (en_GB): the app writes dd/mm/yyyy in both languages.
QT_LOCALES = {
    "vi": (QLocale.Language.Vietnamese, QLocale.Country.Vietnam),
    "en": (QLocale.Language.English, QLocale.Country.UnitedKingdom),
}


def install_qt_locale(app: QApplication, language: str) -> QLocale:
    """Make `language` Qt's default locale and give Qt's own file dialogs `FileDates`; returns the locale."""
    locale = QLocale(*QT_LOCALES.get(language, QT_LOCALES["vi"]))
    QLocale.setDefault(locale)
    if not app.property(_WATCHING):
        app.setProperty(_WATCHING, True)
        # Why focus and not an event filter: a file dialog takes the focus as it opens (its name box), and
        # focus moves a few times a minute, while an application-wide filter would run Python for every
        # paint and mouse move of the whole window.
        app.focusChanged.connect(_dates_for_file_dialog)
    return locale


def file_time(value: dt.datetime) -> str:
    """A file's modification time as the window writes times: 07/12/2026 14:21."""
    return f"{format_date(value.date())} {value:%H:%M}"


class FileDates(QStyledItemDelegate):
    """Writes a file list's size in the default locale (kB, as Windows Explorer counts, not KiB) and its date as
    dd/mm/yyyy hh:mm."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        model = index.model()
        if not isinstance(model, QFileSystemModel):
            return
        if index.column() == DATE_COLUMN:
            option.text = file_time(model.lastModified(index).toPython())
        elif index.column() == SIZE_COLUMN and not model.isDir(index):
            option.text = QLocale().formattedDataSize(
                model.size(index), 2, QLocale.DataSizeFormat.DataSizeTraditionalFormat
            )


def _dates_for_file_dialog(_old: QWidget | None, new: QWidget | None) -> None:
    """When the focus enters one of Qt's own file dialogs, its file lists get `FileDates` (once)."""
    dialog = new.window() if new is not None else None
    if not isinstance(dialog, QFileDialog):
        return
    for view in dialog.findChildren(QAbstractItemView):
        if isinstance(view.itemDelegate(), FileDates):
            continue
        view.setItemDelegate(FileDates(view))
        if isinstance(view, QTreeView):  # the widths Qt chose fit its own text: "05/03/…" was drawn
            header = view.header()
            header.setStretchLastSection(False)  # the name gives way (elided in its middle), never the date
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
            for column in (SIZE_COLUMN, DATE_COLUMN):
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
