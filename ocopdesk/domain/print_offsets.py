"""Calibration offsets kept on the label: a printer that prints too far right or down is corrected
with a negative offset, but no offset may push a stamp's safe area (where the layout puts all ink) off
its label — on a sheet each label where the sheet has it (past it the stamp would print on the gap or
the next label), on a roll the liner under the head. An offset beyond that is clipped to the most the
stock allows, and the clerk is told."""

from __future__ import annotations

from dataclasses import replace

from ocopdesk.domain.label import LabelTemplate
from ocopdesk.domain.print_request import Calibration
from ocopdesk.domain.stamp_boxes import Rect
from ocopdesk.i18n import _


def page_area(stock: LabelTemplate) -> Rect:
    """What a PDF or a driver prints on: the whole page (millimetres)."""
    return Rect(0.0, 0.0, stock.page_w, stock.page_h)


def label_areas(stock: LabelTemplate, calibration: Calibration) -> list[Rect]:
    """Each label of a sheet where the calibration's scale puts it (millimetres, in slot order): the
    scale corrects the printer's stretch, so the offset is what moves a stamp across its label."""
    return [
        Rect(x * calibration.scale_x, y * calibration.scale_y, stock.label_w, stock.label_h)
        for x, y in map(stock.position, range(stock.per_page))
    ]


def print_areas(stock: LabelTemplate, calibration: Calibration) -> Rect | list[Rect]:
    """What a PDF's stamps must stay on: each label of a sheet (#26: against the page, the outer
    columns of A4 65 let an offset of -5.7 mm through, which carries every stamp over the 2.5 mm gap
    onto its neighbour); a roll's page, which is its liner."""
    return label_areas(stock, calibration) if stock.kind == "sheet" else page_area(stock)


def thermal_area(stock: LabelTemplate) -> Rect:
    """What a thermal printer addresses: the liner's width, from the top of the label it fed to its
    bottom (its y starts at the label, found by the gap or mark)."""
    return Rect(0.0, stock.first_y, stock.page_w, stock.label_h)


def offset_range(
    stock: LabelTemplate, calibration: Calibration, area: Rect | list[Rect]
) -> tuple[float, float, float, float]:
    """(lowest x, highest x, lowest y, highest y) offsets that keep every label's safe area in `area`
    (one for all labels, or one a label in slot order)."""
    m = stock.safe_margin
    areas = area if isinstance(area, list) else [area] * stock.per_page
    placed = [(x * calibration.scale_x, y * calibration.scale_y) for x, y in map(stock.position, range(stock.per_page))]
    return (
        max(a.x - (x + m) for (x, _y), a in zip(placed, areas, strict=True)),
        min(a.right - (x + stock.label_w - m) for (x, _y), a in zip(placed, areas, strict=True)),
        max(a.y - (y + m) for (_x, y), a in zip(placed, areas, strict=True)),
        min(a.bottom - (y + stock.label_h - m) for (_x, y), a in zip(placed, areas, strict=True)),
    )


def fit_offsets(stock: LabelTemplate, calibration: Calibration, area: Rect | list[Rect]) -> tuple[Calibration, str]:
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
