"""What lies under a district list's table and is not a product: totals and subtotals, notes set apart by a
blank row, and the signing block (place and date, "Người lập biểu", "Thủ trưởng đơn vị", "(Ký, ghi rõ họ
tên)", the signers' names, "Xác nhận của UBND xã").

The shapes follow how Vietnamese offices lay out a list they sign: the place-and-date line and the signers'
titles of Nghị định 30/2020/NĐ-CP (văn bản hành chính), as in published OCOP plans and decisions (e.g.
Kế hoạch 115/KH-UBND Thừa Thiên Huế 2020 on thuvienphapluat.vn: "Thừa Thiên Huế, ngày 08 tháng 5 năm 2020").
"""

from __future__ import annotations

import datetime as dt
import re

from ocopdesk.services.import_cells import is_blank
from ocopdesk.services.import_columns import header_key

# Totals and subtotals: "Tổng cộng", "Tổng số", "Cộng", "Cộng huyện Thọ Xuân", "Tổng cộng: 25 sản phẩm".
_TOTALS = re.compile(r"^(?:tong cong|tong so|tong|cong|total|subtotal|grand total|sum)(?: (?P<tail>.*))?$")
_COUNT_TAIL = re.compile(r"^[\d ]*(?:san pham|sp|chu the|co so|htx|hop tac xa|sao)?[\d ]*$")
_SUBTOTAL_TAIL = re.compile(r"^(?:toan|huyen|xa|phuong|thi xa|thi tran|thanh pho|tp|nhom|phan|muc|[ivx]+|[a-d])(?: |$)")
# Signers' titles, as a whole cell ("TM. UBND HUYỆN" folds to "tm ubnd huyen"). "UBND huyện …" alone is no
# signer: it is also how a section of the list is titled.
_SIGNER = re.compile(
    r"^(?:(?:tm|kt|tl|tuq|q) )*(?:nguoi lap(?: bieu| bang| danh sach)?|nguoi ky|nguoi tong hop|nguoi kiem tra"
    r"|thu truong(?: don vi| co quan)?|ke toan(?: truong)?|xac nhan(?: cua .*)?|(?:pho )?chu tich(?: .*)?"
    r"|(?:pho )?giam doc(?: .*)?|(?:pho )?truong (?:phong|ban)(?: .*)?|(?:tm|kt) (?:ubnd|uy ban nhan dan) .*|noi nhan"
    r"|ky(?: va)?(?: ghi ro)? ho ten|ky ten(?: dong dau)?|ky ghi ro ho ten(?: dong dau)?|ky dong dau)$"
)
# "Thanh Hóa, ngày 15 tháng 3 năm 2024", "Như Xuân, ngày … tháng … năm 2024", "ngày    tháng    năm".
_PLACE_DATE = re.compile(r"^(?:[a-z][a-z ]{0,40} )?ngay(?: \d{1,2})? thang(?: \d{1,2})? nam(?: \d{4})?$")
_NOTE = re.compile(r"^(?:ghi chu|luu y|chu y|chu thich|note|notes)(?: |$)")
_NOTE_MARK = ("*", "(*)", "-", "+", "•")


def _texts(row: list[object]) -> list[str]:
    return [v for v in row if isinstance(v, str) and v.strip()]


def _is_number(value: object) -> bool:
    if isinstance(value, (int, float, dt.date)) and not isinstance(value, bool):
        return True
    return isinstance(value, str) and bool(re.fullmatch(r"[\d.,\s]+(?:đ|d|vnd|vnđ)?", value.strip().casefold()))


def is_totals(row: list[object]) -> bool:
    """The first text of the row, in whatever column, names a total; every other text is the same words
    (merged over several cells) or a count ("25 sản phẩm"), never a product's name."""
    texts = _texts(row)
    start = next((i for i, t in enumerate(texts) if not _is_number(t)), None)
    # Every total begins with t, c, s or g ("Tổng", "Cộng", "Sum", "Grand total"): most rows stop here, unfolded.
    if start is None or texts[start].lstrip()[:1].casefold() not in "tcsg":
        return False
    texts = [t for t in texts[start:] if not _is_number(t)]
    first = header_key(texts[0])
    match = _TOTALS.match(first)
    if match is None:
        return False
    tail = match.group("tail") or ""
    if tail and not (_COUNT_TAIL.match(tail) or _SUBTOTAL_TAIL.match(tail)):
        return False
    return all(header_key(t) == first or any(c.isdigit() for c in t) for t in texts[1:])


def is_signing_start(row: list[object]) -> bool:
    """A place-and-date line or a signer's title, on a row that holds no number (a product row always has one
    somewhere: its row number, price or stars; the signing block never does)."""
    cells = [v for v in row if not is_blank(v)]
    if not cells or len(cells) > 6 or any(_is_number(v) for v in cells):  # a product row: counted, not read
        return False
    keys = [header_key(t) for t in _texts(row)]
    return any(_PLACE_DATE.match(k) or _SIGNER.match(k) for k in keys)


class TableEnd:
    """Reads the rows under the header in order and names those that belong to the footer: "totals",
    "note" (after a blank row: "Ghi chú: …" and the lines that follow it) or "signature" (from the first
    place-and-date line or signer's title to the end of the sheet: titles, "(Ký, ghi rõ họ tên)", names)."""

    def __init__(self) -> None:
        self.signing = False
        self.after_blank = False
        self.in_note = False

    def kind(self, row: list[object]) -> str | None:
        cells = [v for v in row if not is_blank(v)]
        if not cells:
            self.after_blank, self.in_note = True, False
            return None
        after_blank, self.after_blank = self.after_blank, False
        if self.signing and len(cells) >= 3 and any(_is_number(v) for v in cells):
            self.signing = False  # a product row after all (a second page): the block was not the end
        elif self.signing or is_signing_start(row):
            self.signing = True
            return "signature"
        if is_totals(row):
            self.in_note = False
            return "totals"
        texts = _texts(row)
        if len(texts) == len(cells) <= 2 and (after_blank or self.in_note) and self._note_line(texts[0]):
            self.in_note = True
            return "note"
        self.in_note = False
        return None

    def _note_line(self, text: str) -> bool:
        """ "Ghi chú: …" opens a note; a line that goes on with it ("- Sản phẩm số 3 …") belongs to it."""
        if _NOTE.match(header_key(text)) or text.strip().startswith("(*)"):
            return True
        return self.in_note and text.strip().startswith(_NOTE_MARK)
