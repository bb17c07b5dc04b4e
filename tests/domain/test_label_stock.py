"""Label stock as the clerk meets it: named with the products sold under it, and an issue count that fills
whole sheets (issue #22, seams 4 and 18)."""

from __future__ import annotations

from ocopdesk.bundled import resource
from ocopdesk.domain.label import templates


def stock(stock_id: str):  # type: ignore[no-untyped-def]
    return templates(resource("labels"))[stock_id]


def test_a_stock_is_named_by_its_size_and_the_products_sold_under_it() -> None:
    assert stock("a4-65-38x21").title == "A4, 65 nhãn 38,1 × 21,2 mm (Avery L7651, Tanex A4 65)"


def test_on_a_sheet_the_packs_left_are_rounded_up_to_whole_sheets() -> None:
    sheet14 = stock("a4-14-99x38")
    assert sheet14.proposed_issue(100) == 112  # 8 sheets, not 7 and a 2-label remnant
    assert sheet14.proposed_issue(100, issued=98) == 14  # 2 packs left: one sheet
    assert sheet14.proposed_issue(None) == 14  # quantity unknown: one sheet
    assert stock("a4-65-38x21").proposed_issue(None) == 65


def test_on_a_roll_the_packs_left_are_proposed_whole_rows() -> None:
    assert stock("roll-30x20").proposed_issue(100) == 100
    assert stock("roll-35x22x2").proposed_issue(101) == 102  # two labels side by side
    assert stock("roll-30x20").proposed_issue(None) == 10
