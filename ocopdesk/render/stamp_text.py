"""Text on stamps: the shipped DejaVu Sans, measured by its glyph outlines at one reference size (REF_PX
pixels to the em) so the ink the layout is given is the ink every device draws; and the cooperative's logo.
Split from stamp_sheet, which paints what the layout places; this is what the layout measures with."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QPointF
from PySide6.QtGui import (
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QGlyphRun,
    QGuiApplication,
    QImage,
    QImageReader,
    QPainter,
    QTextLayout,
)

from ocopdesk.bundled import resource
from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.domain.stamp_boxes import Ink
from ocopdesk.i18n import _
from ocopdesk.render import photos

REF_PX = 1024  # text is measured and drawn at this many pixels to the em, then scaled


def ensure_gui() -> None:
    """Fonts and painting need a QGuiApplication; the CLI gets an offscreen one."""
    if QGuiApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        QGuiApplication([])


_FAMILY: list[str] = []


def font_family() -> str:
    if not _FAMILY:
        ensure_gui()
        families = []
        for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
            font_id = QFontDatabase.addApplicationFont(str(resource("fonts", name)))
            families += QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        _FAMILY.append(families[0] if families else "Sans Serif")
    return _FAMILY[0]


def reference_font(bold: bool) -> QFont:
    font = QFont(font_family())
    font.setPixelSize(REF_PX)
    font.setBold(bold)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return font


class QtMeasure:
    """The ink of a string in em, from its glyph outlines (stacked Vietnamese marks included),
    measured once per distinct string: a lot's name, lot and caption repeat on every stamp, and a
    stamp's serial line is measured for the job's room and found again when the stamp is drawn.
    The cache stops growing at CACHE_LIMIT strings (≈15 MB), so 100,000 stamps do not hold 100,000
    serials in memory; past it a serial line is measured twice (about 10 µs each)."""

    CACHE_LIMIT = 60_000

    def __init__(self) -> None:
        self.metrics = {bold: QFontMetricsF(reference_font(bold)) for bold in (False, True)}
        self.cache: dict[tuple[str, bool], Ink] = {}
        self.measured = 0  # strings actually measured (for bench/stamps.py)

    def __call__(self, text: str, bold: bool) -> Ink:
        key = (text, bold)
        found = self.cache.get(key)
        if found is None:
            self.measured += 1
            r = self.metrics[bold].tightBoundingRect(text)
            found = Ink(r.left() / REF_PX, r.top() / REF_PX, r.right() / REF_PX, r.bottom() / REF_PX)
            if not text.strip():
                found = Ink(0.0, 0.0, 0.0, 0.0)
            if len(self.cache) < self.CACHE_LIMIT:
                self.cache[key] = found
        return found


class ShapedLines:
    """A lot's constant lines (name, stars, lot code, caption) shaped into glyph runs once and drawn
    from them on every stamp: drawText shapes its string again on each call, and that was a fifth of
    a 10,000-stamp PDF. The glyphs and positions are drawText's own (pixel-identical)."""

    def __init__(self) -> None:
        self.fonts = {bold: reference_font(bold) for bold in (False, True)}
        self.cache: dict[tuple[str, bool], tuple[QPointF, list[QGlyphRun]]] = {}

    def draw(self, painter: QPainter, text: str, bold: bool) -> None:
        """`text` with its baseline's left end at the painter's origin, as drawText(QPointF(0, 0)) does."""
        found = self.cache.get((text, bold))
        if found is None:
            layout = QTextLayout(text, self.fonts[bold])
            layout.beginLayout()
            line = layout.createLine()
            line.setPosition(QPointF(0, 0))
            layout.endLayout()
            found = self.cache[(text, bold)] = (QPointF(0, -line.ascent()), layout.glyphRuns())
        origin, runs = found
        for run in runs:
            painter.drawGlyphRun(origin, run)


_MEASURE: list[QtMeasure] = []


def measure() -> QtMeasure:
    if not _MEASURE:
        ensure_gui()
        _MEASURE.append(QtMeasure())
    return _MEASURE[0]


def load_logo(path: str) -> QImage | None:
    """The cooperative's logo, or None without one; an unreadable picture is refused by name."""
    if not path:
        return None
    try:  # the one guarded opener first: a bomb is refused from its header, before Qt decodes anything
        photos.check(Path(path))
    except photos.PhotoError as exc:
        raise OcopDeskError(
            _("The logo {file} cannot be used ({reason}). Choose a PNG or JPEG file.").format(
                file=Path(path).name, reason=exc
            )
        ) from exc
    ensure_gui()
    reader = QImageReader(path)
    reader.setAutoTransform(True)
    image = reader.read()
    if image.isNull():
        raise OcopDeskError(
            _("The logo {file} cannot be read as a picture ({reason}). Choose a PNG or JPEG file.").format(
                file=Path(path).name, reason=reader.errorString()
            )
        )
    return image
