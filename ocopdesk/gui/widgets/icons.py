"""Signs drawn from SVG, so they look the same on every computer: an emoji such as ⛔ is an empty box on a
Windows whose fonts lack it, and Qt's standard icons have no gear. Each status sign differs in shape as well
as colour (a clerk may not tell red from green)."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

_SIGNS = {
    # a green disc with a tick
    "ready": '<circle cx="8" cy="8" r="7.5" fill="#2e7d32"/>'
    '<path d="M4.2 8.3 L6.9 11 L11.8 5.4" fill="none" stroke="#fff" stroke-width="2" stroke-linecap="round" '
    'stroke-linejoin="round"/>',
    # a red disc with a white bar: "no entry"
    "error": '<circle cx="8" cy="8" r="7.5" fill="#c62828"/><rect x="3.5" y="6.8" width="9" height="2.4" rx="1" '
    'fill="#fff"/>',
    # an amber triangle with an exclamation mark
    "warning": '<path d="M8 0.8 L15.4 14.6 L0.6 14.6 Z" fill="#f9a825" stroke="#8a5300" stroke-width="0.8" '
    'stroke-linejoin="round"/><rect x="7.1" y="5" width="1.8" height="5.2" rx="0.8" fill="#3e2700"/>'
    '<circle cx="8" cy="12.2" r="1" fill="#3e2700"/>',
    # a blue box with an arrow out of it: a bundle was exported
    "exported": '<rect x="1.5" y="6.5" width="13" height="8" rx="1.5" fill="#1565c0"/>'
    '<path d="M8 10 L8 1.8 M4.8 4.8 L8 1.6 L11.2 4.8" fill="none" stroke="#1565c0" stroke-width="2" '
    'stroke-linecap="round" stroke-linejoin="round"/>',
    # a green globe: listed on the marketplace at an address
    "listed": '<circle cx="8" cy="8" r="6.8" fill="none" stroke="#2e7d32" stroke-width="1.6"/>'
    '<ellipse cx="8" cy="8" rx="3" ry="6.8" fill="none" stroke="#2e7d32" stroke-width="1.3"/>'
    '<path d="M1.5 8 H14.5" stroke="#2e7d32" stroke-width="1.3"/>',
    # an amber circular arrow: changed since the export
    "changed": '<path d="M13.2 8 A5.2 5.2 0 1 1 10.9 3.7" fill="none" stroke="#b26a00" stroke-width="2" '
    'stroke-linecap="round"/><path d="M9.2 1.2 L13.4 3.2 L10.4 6.6 Z" fill="#b26a00"/>',
    # a grey gear: Settings
    "settings": '<g fill="#546e7a"><circle cx="8" cy="8" r="4.6"/>'
    + "".join(
        f'<rect x="6.6" y="0.6" width="2.8" height="3.6" rx="0.6" transform="rotate({a} 8 8)"/>'
        for a in range(0, 360, 45)
    )
    + '</g><circle cx="8" cy="8" r="2" fill="#fff"/>',
    # a blue disc with a question mark: Help
    "help": '<circle cx="8" cy="8" r="7.5" fill="#1565c0"/>'
    '<path d="M5.6 6 A2.4 2.4 0 1 1 8.9 8.2 C8.2 8.5 8 8.9 8 9.6" fill="none" stroke="#fff" stroke-width="1.7" '
    'stroke-linecap="round"/><circle cx="8" cy="12" r="1.05" fill="#fff"/>',
    # a green spreadsheet with a blue arrow coming into it: import from a spreadsheet (Qt's plain down arrow
    # read as "scroll down" or "download")
    "import": '<rect x="4.5" y="4.5" width="11" height="11" rx="1" fill="#fff" stroke="#2e7d32" stroke-width="1.2"/>'
    '<path d="M4.5 8.2 H15.5 M4.5 11.8 H15.5 M8.2 4.5 V15.5 M11.8 4.5 V15.5" stroke="#2e7d32" stroke-width="0.9"/>'
    '<path d="M1 1 L7.2 7.2" stroke="#1565c0" stroke-width="2" stroke-linecap="round"/>'
    '<path d="M3.4 8.4 L8.6 8.6 L8.4 3.4 Z" fill="#1565c0"/>',
}
NAMES = tuple(_SIGNS)


def svg(name: str) -> bytes:
    return f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16">{_SIGNS[name]}</svg>'.encode()


@cache
def _renderer(name: str) -> QSvgRenderer:
    return QSvgRenderer(QByteArray(svg(name)))


def paint(painter: QPainter, rect: QRectF, name: str) -> None:
    """Draw the sign into `rect` as vectors (sharp at any scale)."""
    _renderer(name).render(painter, rect)


@cache
def icon(name: str) -> QIcon:
    result = QIcon()
    for size in (16, 24, 32):
        pixmap = QPixmap(QSize(size, size))
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        paint(painter, QRectF(0, 0, size, size), name)
        painter.end()
        result.addPixmap(pixmap)
    return result
