"""Calibration offsets kept on the label: a printer that prints too far right or down is corrected
with a negative offset, but no offset may push a stamp's safe area (where the layout puts all ink) off
the area the back end can print — the page for a PDF, the label under the head for a thermal printer.
An offset beyond that is clipped to the most the stock allows, and the clerk is told."""

from __future__ import annotations

from dataclasses import replace

from ocopdesk.domain.label import LabelTemplate
from ocopdesk.domain.print_request import Calibration
from ocopdesk.domain.stamp_boxes import Rect
from ocopdesk.i18n import _


def page_area(stock: LabelTemplate) -> Rect:
    """What a PDF or a driver prints on: the whole page (millimetres)."""
    return Rect(0.0, 0.0, stock.page_w, stock.page_h)


def thermal_area(stock: LabelTemplate) -> Rect:
    """What a thermal printer addresses: the liner's width, from the top of the label it fed to its
    bottom (its y starts at the label, found by the gap or mark)."""
    return Rect(0.0, stock.first_y, stock.page_w, stock.label_h)


def offset_range(stock: LabelTemplate, calibration: Calibration, area: Rect) -> tuple[float, float, float, float]:
    """(lowest x, highest x, lowest y, highest y) offsets that keep every label's safe area in `area`."""
    m = stock.safe_margin
    corners = [stock.position(slot) for slot in range(stock.per_page)]
    xs = [x * calibration.scale_x for x, _y in corners]
    ys = [y * calibration.scale_y for _x, y in corners]
    return (
        max(area.x - (x + m) for x in xs),
        min(area.right - (x + stock.label_w - m) for x in xs),
        max(area.y - (y + m) for y in ys),
        min(area.bottom - (y + stock.label_h - m) for y in ys),
    )


def fit_offsets(stock: LabelTemplate, calibration: Calibration, area: Rect) -> tuple[Calibration, str]:
    """The calibration with each offset clipped into its range, and a note saying what was clipped
    ("" when nothing was). A range that is empty (a scale no offset can save) leaves the offset alone."""
    low_x, high_x, low_y, high_y = offset_range(stock, calibration, area)
    notes = []
    fitted = {}
    for axis, value, low, high in (
        ("X", calibration.offset_x, low_x, high_x),
        ("Y", calibration.offset_y, low_y, high_y),
    ):
        used = min(max(value, low), high) if low <= high else value
        if abs(used - value) > 1e-9:
            notes.append(
                _(
                    "Offset {axis} {value:+.1f} mm would push the stamps off the label on {stock}: "
                    "{used:+.1f} mm is used, the most this stock allows."
                ).format(axis=axis, value=value, used=used, stock=stock.name)
            )
        fitted[axis] = used
    return replace(calibration, offset_x=fitted["X"], offset_y=fitted["Y"]), " ".join(notes)
