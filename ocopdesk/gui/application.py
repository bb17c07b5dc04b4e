"""Creating the QApplication: style, language (ours and Qt's own), and a dialog instead of a crash for any error."""

from __future__ import annotations

import sys
from types import TracebackType

from PySide6.QtCore import QCoreApplication, Qt, QTranslator
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleOption, QWidget

from ocopdesk import i18n
from ocopdesk.bundled import resource
from ocopdesk.gui.qt_locale import install_qt_locale
from ocopdesk.i18n import _
from ocopdesk.logs import log_unexpected
from ocopdesk.services.failures import explain

QT_CATALOGUE = "qtbase_{language}.qm"  # resources/locale/<language>/, compiled from the .ts beside it
_qt_translator: QTranslator | None = None


class VietnameseStyle(QProxyStyle):
    """Fusion, with tab labels that keep the marks Vietnamese capitals wear above them.

    Why: QCommonStyle lays an unselected tab's label out in a box 2 px shorter than a line of text (the
    "raised selected tab" shift), and QPainter clips any text taller than its box to the box. The hook of
    Ả, the tilde of Ẵ or the acute of Ấ rise above the font's ascent, so on every tab but the selected one
    "Ảnh và tài liệu" read "Anh và tài liệu". Drawing tab labels unclipped keeps the marks; the box is still
    the label's own, so nothing else moves."""

    def __init__(self) -> None:
        super().__init__("Fusion")
        self._tab_label = False

    def drawControl(
        self, element: QStyle.ControlElement, option: QStyleOption, painter: QPainter, widget: QWidget | None = None
    ) -> None:
        if element != QStyle.ControlElement.CE_TabBarTabLabel:
            super().drawControl(element, option, painter, widget)
            return
        self._tab_label = True
        try:
            super().drawControl(element, option, painter, widget)
        finally:
            self._tab_label = False

    def drawItemText(  # type: ignore[override]
        self,
        painter: QPainter,
        rect,
        flags: int,
        palette: QPalette,
        enabled: bool,
        text: str,
        role: QPalette.ColorRole = QPalette.ColorRole.NoRole,
    ) -> None:
        if self._tab_label:
            flags = int(flags) | int(Qt.TextFlag.TextDontClip)
        super().drawItemText(painter, rect, flags, palette, enabled, text, role)


def create_application(argv: list[str]) -> QApplication:
    app = QApplication.instance() or QApplication(argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("OCOPDesk")
    app.setOrganizationName("OCOPDesk")
    if not isinstance(app.style(), VietnameseStyle):
        app.setStyle(VietnameseStyle())
    install_qt_translation(app, i18n.current_language())
    install_qt_locale(app, i18n.current_language())
    from ocopdesk.gui.main_window import app_icon

    app.setWindowIcon(app_icon())
    sys.excepthook = _show_unexpected
    return app


def install_qt_translation(app: QCoreApplication, language: str) -> bool:
    """Qt's own words (standard buttons, message boxes, the file and print dialogs) in `language`.

    PySide6 ships Qt's translations for many languages but none for Vietnamese, so ours is in resources/;
    English needs none. Returns whether a catalogue is in use. Called again, it replaces the previous one."""
    global _qt_translator
    if _qt_translator is not None:
        app.removeTranslator(_qt_translator)
        _qt_translator = None
    path = resource("locale", language, QT_CATALOGUE.format(language=language))
    if language == "en" or not path.exists():
        return False
    translator = QTranslator(app)
    if not translator.load(str(path)):
        return False
    app.installTranslator(translator)
    _qt_translator = translator
    return True


def _show_unexpected(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    """Unexpected exceptions in slots end here: log the details, tell the user, keep running."""
    from ocopdesk.gui import messages

    known = explain(error) if isinstance(error, Exception) else None
    if known is not None:
        messages.warn(QApplication.activeWindow(), known.message)
        return
    path = log_unexpected("gui", (kind, error, tb))
    messages.warn(
        QApplication.activeWindow(),
        _("Something went wrong, but your data is safe. Details were written to {path}.").format(path=path),
    )
