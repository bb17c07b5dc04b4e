"""Label stock as the clerk meets it: named with the products sold under it, and an issue count that fills
whole sheets (issue #22, seams 4 and 18)."""

from __future__ import annotations

import json
import re

from ocopdesk.bundled import resource
from ocopdesk.domain.label import templates


def stock(stock_id: str):  # type: ignore[no-untyped-def]
    return templates(resource("labels"))[stock_id]


def test_a_stock_is_named_by_its_size_and_the_products_sold_under_it() -> None:
    assert stock("a4-65-38x21").title == "A4, 65 nhãn 38,1 × 21,2 mm (Avery L7651, Tanex A4 65, Tomy 145)"


def test_a_clerk_holding_a_tomy_pack_finds_its_stock() -> None:
    """Vietnamese shops sell Tomy sheets by number; Tomy 145 is the A4 sheet of 65 labels 38,1 × 21,2 mm."""
    found = [t.id for t in templates(resource("labels")).values() if "Tomy 145" in t.title]
    assert found == ["a4-65-38x21"]


def test_every_tomy_code_on_a_stock_has_its_source_in_the_file() -> None:
    """A brand code is a promise about a size: each Tomy code a stock names is quoted, with its size, in the
    file's "sources" (#22: no dimensions invented)."""
    for path in sorted(resource("labels").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        sources = " ".join(data.get("sources", []))
        for code in (e for e in data.get("equivalents", []) if e.startswith("Tomy")):
            number = code.split()[-1]
            assert re.search(rf"Tomy {number}\b[^']*{data['label']['width_mm']:g}", sources), (path.name, code)


def test_on_a_sheet_the_packs_left_are_rounded_up_to_whole_sheets() -> None:
    sheet14 = stock("a4-14-99x38")
    assert sheet14.proposed_issue(100) == 112  # 8 sheets, not 7 and a 2-label remnant
    assert sheet14.proposed_issue(100, issued=98) == 14  # 2 packs left: one sheet
    assert sheet14.proposed_issue(None) == 14  # quantity unknown: one sheet
    assert sheet14.proposed_issue(100, issued=112) == 0  # every pack has a stamp: nothing more proposed
    assert sheet14.proposed_issue(None, issued=14) == 0  # stamped already, quantity unknown: print next
    assert stock("roll-30x20").proposed_issue(100, issued=100) == 0
    assert stock("a4-65-38x21").proposed_issue(None) == 65


def test_on_a_roll_the_packs_left_are_proposed_whole_rows() -> None:
    assert stock("roll-30x20").proposed_issue(100) == 100
    assert stock("roll-35x22x2").proposed_issue(101) == 102  # two labels side by side
    assert stock("roll-30x20").proposed_issue(None) == 10
