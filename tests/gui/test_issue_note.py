"""The line under the issue box says how many labels a sheet holds once (#22): the clerk read
"mỗi tờ 14 nhãn (A4, 14 nhãn 99,1 × 38,1 mm)" on every bundled sheet stock."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from ocopdesk import i18n
from ocopdesk.bundled import resource
from ocopdesk.domain.label import LabelTemplate, templates
from ocopdesk.gui.pages.batches import proposal_note

SHEETS = sorted(t.id for t in templates(resource("labels")).values() if t.kind == "sheet")


@pytest.fixture(autouse=True)
def vietnamese(isolated_home: object) -> None:
    """The clerk's language (the suite's default is English; isolated_home sets it back)."""
    i18n.set_language("vi")


def stock(stock_id: str) -> LabelTemplate:
    return templates(resource("labels"))[stock_id]


def times_said(count: int, text: str) -> int:
    return len(re.findall(rf"(?<![\d,.]){count}(?![\d,.])", text))


@pytest.mark.parametrize("stock_id", SHEETS)
def test_each_bundled_sheet_says_its_count_once(stock_id: str) -> None:
    sheet = stock(stock_id)
    left = 3 * sheet.per_page + 1  # neither a whole number of sheets nor a number that holds the count
    proposed = sheet.proposed_issue(left)
    note = proposal_note(sheet, left, proposed)
    assert times_said(sheet.per_page, note) == 1, note
    assert sheet.name in note and f"{proposed} tem" in note and "4 tờ" in note, note


def test_the_clerks_line_for_the_fourteen_up_sheet() -> None:
    note = proposal_note(stock("a4-14-99x38"), 100, 112)
    assert note == "100 gói chưa có tem, làm tròn lên 8 tờ trọn (A4, 14 nhãn 99,1 × 38,1 mm): 112 tem."


def test_a_stock_whose_name_does_not_say_its_count_still_has_it_said() -> None:
    own = replace(stock("a4-14-99x38"), name="Giấy nhãn của HTX")
    note = proposal_note(own, 100, 112)
    assert times_said(14, note) == 1 and "Giấy nhãn của HTX" in note, note


def test_a_size_with_the_count_inside_it_is_not_taken_for_the_count() -> None:
    """99,1 mm holds a "1" and 38,1 mm an "8"; neither says how many labels the sheet has."""
    own = replace(stock("a4-14-99x38"), name="Nhãn 99,1 × 38,1 mm", columns=1, rows=8)
    note = proposal_note(own, 20, 24)
    assert "mỗi tờ 8 nhãn" in note, note
