"""Calibration offsets clipped to the label (#26): negative offsets are kept while the safe area stays
on what the back end prints; past that, the most the stock allows, with a note."""

from __future__ import annotations

import pytest

from ocopdesk.domain.label import templates
from ocopdesk.domain.print_offsets import fit_offsets, offset_range, page_area, print_areas, thermal_area
from ocopdesk.domain.print_request import Calibration


def test_a_roll_keeps_small_negative_offsets_and_clips_larger_ones_to_its_margins() -> None:
    roll = templates()["roll-40x25"]  # liner 42 × 27, label at (1, 1), safe margin 1 mm
    assert offset_range(roll, Calibration(), thermal_area(roll)) == pytest.approx((-2.0, 2.0, -1.0, 1.0))
    assert offset_range(roll, Calibration(), page_area(roll)) == pytest.approx((-2.0, 2.0, -2.0, 2.0))
    kept, note = fit_offsets(roll, Calibration(-1.5, -0.8, 1.0, 1.0), thermal_area(roll))
    assert (kept.offset_x, kept.offset_y, note) == (-1.5, -0.8, "")
    clipped, note = fit_offsets(roll, Calibration(-3.0, 4.0, 1.0, 1.0), thermal_area(roll))
    assert (clipped.offset_x, clipped.offset_y) == (-2.0, 1.0)
    assert "Offset X -3.0 mm" in note and "-2.0 mm is used" in note and "Offset Y +4.0 mm" in note


def test_a_sheet_limits_offsets_by_its_outermost_labels_and_scale() -> None:
    sheet = templates()["a4-65-38x21"]
    low_x, high_x, low_y, high_y = offset_range(sheet, Calibration(), page_area(sheet))
    assert low_x == pytest.approx(-(sheet.first_x + sheet.safe_margin))
    last_x, last_y = sheet.position(sheet.per_page - 1)
    assert high_x == pytest.approx(sheet.page_w - (last_x + sheet.label_w - sheet.safe_margin))
    assert high_y == pytest.approx(sheet.page_h - (last_y + sheet.label_h - sheet.safe_margin))
    assert low_y == pytest.approx(-(sheet.first_y + sheet.safe_margin))
    shrunk = offset_range(sheet, Calibration(0, 0, 0.98, 0.98), page_area(sheet))
    assert shrunk[1] > high_x  # a scale under 100 % leaves more room on the right


def test_an_offset_no_clip_can_save_is_left_alone() -> None:
    sheet = templates()["a4-65-38x21"]
    grown = Calibration(-1.0, 0.0, 1.10, 1.0)  # 10 % wider: the last column leaves the page at any offset
    low, high, _ly, _hy = offset_range(sheet, grown, page_area(sheet))
    assert low > high
    assert fit_offsets(sheet, grown, page_area(sheet)) == (grown, "")


def test_a_sheet_keeps_each_stamp_on_its_own_label_whatever_the_page_allows() -> None:
    """On A4 65 the page would let the outer columns move 5.7 mm; the labels, 2.5 mm apart, allow their
    safe margin (1 mm) each way (#26). The scale is the printer's stretch, corrected before the offset
    is judged: 99.5 % tall still allows ±1 mm, and a PDF of roll stock keeps the page (its liner)."""
    sheet = templates()["a4-65-38x21"]
    m = sheet.safe_margin
    assert offset_range(sheet, Calibration(), print_areas(sheet, Calibration())) == pytest.approx((-m, m, -m, m))
    assert offset_range(sheet, Calibration(), page_area(sheet))[0] == pytest.approx(-5.7)
    stretched = Calibration(0.0, 0.0, 1.0, 0.995)
    assert offset_range(sheet, stretched, print_areas(sheet, stretched)) == pytest.approx((-m, m, -m, m))
    far, note = fit_offsets(sheet, Calibration(-3.0, 2.5), print_areas(sheet, Calibration(-3.0, 2.5)))
    assert (far.offset_x, far.offset_y) == (-1.0, 1.0)
    assert "Offset X -3.0 mm would push the stamps off the label" in note and "+1.0 mm is used" in note
    roll = templates()["roll-40x25"]
    assert print_areas(roll, Calibration()) == page_area(roll)
