"""Held out (issue #23): sheets shaped like published district and provincial OCOP lists, written after the
footer and .xls code was built and never used to tune it. No public list could be fetched as a spreadsheet, so
their shape is reproduced from published documents, with real product names where a source gives them:

- the provincial decision annex: Quyết định 2919/QĐ-UBND (Thừa Thiên Huế, 27/11/2020), 11 products of round 2
  of 2020 as reported by Dân Việt (etime.danviet.vn/hue-cap-giay-chung-nhan-cho-11-san-pham-ocop-cap-tinh-dot-2-
  nam-2020-202011281043519.htm): "PHỤ LỤC", "(Kèm theo Quyết định số …)", products grouped by stars under
  "I."/"II." with a "Cộng" per group and a "TỔNG CỘNG";
- the office header block and the place-and-date line of Kế hoạch 115/KH-UBND (Thừa Thiên Huế 2020, on
  thuvienphapluat.vn) and of Nghị định 30/2020/NĐ-CP's forms: "ỦY BAN NHÂN DÂN / TỈNH …" beside "CỘNG HÒA XÃ
  HỘI CHỦ NGHĨA VIỆT NAM", "…, ngày … tháng … năm …", "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH", "Nơi nhận:";
- a district department's report saved as Excel 97–2003 (.xls), as gso.gov.vn still publishes its tables.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.importer import import_file
from tests.services.test_import_corpus import everything, workbook
from tests.services.test_import_xls import xls_workbook

HUE_4_STARS = [("Gạo hữu cơ An Lỗ", "HTX SXKD DV nông nghiệp An Lỗ", "Xã Phong Hiền, huyện Phong Điền")]
HUE_3_STARS = [
    ("Gạo thơm Thủy Thanh", "HTX nông nghiệp Thủy Thanh", "Xã Thủy Thanh, thị xã Hương Thủy"),
    ("Tinh dầu tràm Trường Hải", "Cơ sở tinh dầu tràm Trường Hải", "Xã Lộc Thủy, huyện Phú Lộc"),
    ("Mắm nêm cá cơm Mệ Em", "Cơ sở Mệ Em", "Xã Vinh Mỹ, huyện Phú Lộc"),
    ("Nước mắm cá cơm Xuân Anh", "Cơ sở nước mắm Xuân Anh", "Xã Lộc Vĩnh, huyện Phú Lộc"),
    ("Nước mắm ruốc Làng Trài", "HTX nước mắm Làng Trài", "Xã Phú Hải, huyện Phú Vang"),
    ("Nước ớt Vinh Xuân", "Cơ sở nước ớt Vinh Xuân", "Xã Vinh Xuân, huyện Phú Vang"),
    ("Nước mắm ruốc Hương Giang", "Cơ sở Hương Giang", "Xã Hải Dương, thị xã Hương Trà"),
    ("Rượu Tà Rương Mão", "Hộ kinh doanh Mão", "Xã Thượng Long, huyện Nam Đông"),
    ("Rượu Ô Lâu", "HTX rượu Ô Lâu", "Xã Phong Chương, huyện Phong Điền"),
    ("Bưởi cốm Hương Thọ", "HTX bưởi Hương Thọ", "Xã Hương Thọ, thị xã Hương Trà"),
]


def hue_annex() -> list[list[object]]:
    rows: list[list[object]] = [
        ["ỦY BAN NHÂN DÂN", None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
        ["TỈNH THỪA THIÊN HUẾ", None, None, "Độc lập - Tự do - Hạnh phúc"],
        [],
        ["PHỤ LỤC"],
        ["DANH SÁCH SẢN PHẨM ĐẠT CHỨNG NHẬN OCOP CẤP TỈNH ĐỢT 2 NĂM 2020"],
        ["(Kèm theo Quyết định số 2919/QĐ-UBND ngày 27 tháng 11 năm 2020 của UBND tỉnh)"],
        [],
        ["TT", "Tên sản phẩm", "Tên chủ thể", "Địa chỉ", "Kết quả đánh giá", None],
        [None, None, None, None, "Điểm", "Hạng sao"],
        ["I", "Sản phẩm đạt 4 sao"],
    ]
    rows += [[n, name, who, where, 72, "4 sao"] for n, (name, who, where) in enumerate(HUE_4_STARS, 1)]
    rows += [[None, "Cộng I", None, None, None, "1 sản phẩm"], ["II", "Sản phẩm đạt 3 sao"]]
    rows += [[n, name, who, where, 60 + n, "3 sao"] for n, (name, who, where) in enumerate(HUE_3_STARS, 1)]
    rows += [[None, "Cộng II", None, None, None, "10 sản phẩm"], [None, "TỔNG CỘNG", None, None, None, "11 sản phẩm"]]
    return rows


DONG_SON = [
    ("Nem chua Đông Sơn", "HTX Đông Hòa", "4 sao", "15/03/2024", "Chiếc", 3000, ""),
    ("Bánh răng bừa Đông Thịnh", "Hộ Lê Thị Lan", "3 sao", dt.date(2023, 12, 28), "Hộp", 45000, ""),
    ("Rượu làng Quang", "HTX Quang Minh", "3 sao", "28/12/2023", "Chai", 120000, "Chờ cấp lại"),
    ("Đá mỹ nghệ An Hoạch", "Công ty TNHH Đá Nhồi", "4 sao", dt.date(2024, 3, 15), "Bộ", 2500000, ""),
    ("Chè lam Đông Văn", "Hộ Nguyễn Văn Tư", "3 sao", "02/10/2024", "Gói", 35000, ""),
    ("Trứng vịt muối Đông Yên", "HTX Đông Yên", "3 sao", "02/10/2024", "Hộp", 60000, ""),
]


def dong_son_report() -> list[list[object]]:
    rows: list[list[object]] = [
        ["UBND HUYỆN ĐÔNG SƠN", None, None, None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
        ["PHÒNG NÔNG NGHIỆP VÀ PTNT", None, None, None, None, "Độc lập - Tự do - Hạnh phúc"],
        [],
        ["BÁO CÁO DANH SÁCH SẢN PHẨM OCOP TRÊN ĐỊA BÀN HUYỆN NĂM 2024"],
        [],
        ["STT", "Tên sản phẩm", "Chủ thể", "Hạng sao", "Ngày công nhận", "ĐV tính", "ĐG (đồng)", "Ghi chú"],
    ]
    rows += [[n, *product] for n, product in enumerate(DONG_SON, 1)]
    rows += [
        ["Tổng cộng", None, "6 sản phẩm"],
        [],
        [None, None, None, None, None, "Đông Sơn, ngày 05 tháng 12 năm 2024"],
        [None, "NGƯỜI LẬP BIỂU", None, None, None, "TRƯỞNG PHÒNG"],
        [],
        [],
        [None, "Lê Thị Thu", None, None, None, "Nguyễn Văn Hùng"],
    ]
    return rows


def commune_list() -> list[list[object]]:
    rows: list[list[object]] = [
        ["UBND XÃ THIỆU TRUNG"],
        ["DANH SÁCH SẢN PHẨM OCOP CỦA XÃ"],
        ["STT", "Tên sản phẩm", "Cơ sở sản xuất", "Hạng sao OCOP", "Đơn vị tính", "Giá bán (đ)"],
        [1, "Bánh đa Thiệu Trung", "HTX bánh đa Thiệu Trung", 3, "Chiếc", 5000],
        [2, "Nón lá Trung Hà", "Hộ Trần Thị Mai", 3, "Chiếc", 80000],
        [3, "Mộc mỹ nghệ Đông Trung", "HTX mộc Đông Trung", 4, "Bộ", 15000000],
        ["Tổng số: 3 sản phẩm", None, None, None, None, 15085000],
        [],
        ["Ghi chú:"],
        [None, "(*) Giá tham khảo tại cơ sở, tháng 11/2024."],
        ["- Sản phẩm số 3 nhận đặt hàng theo mẫu."],
        [],
        [None, "Người lập", None, None, "Xác nhận của UBND xã"],
        [None, "Phạm Văn Long", None, None, "KT. CHỦ TỊCH"],
        [None, None, None, None, "PHÓ CHỦ TỊCH"],
        [None, None, None, None, "Đỗ Thị Hằng"],
    ]
    return rows


def names(service: CatalogService) -> list[str]:
    return sorted(s.name for s in everything(service))


def test_the_provincial_annex_by_stars_with_group_totals(service: CatalogService, tmp_path: Path) -> None:
    report = import_file(service, workbook(tmp_path / "hue.xlsx", {"PL": hue_annex()}, {"PL": "E8:F8"}))
    assert names(service) == sorted(p[0] for p in HUE_4_STARS + HUE_3_STARS)
    assert report.problems == [] and len(report.totals_rows) == 3
    assert (
        service.product_by_sku(next(s.sku for s in everything(service) if s.name == "Rượu Ô Lâu")).certificates[0].stars
        == 3
    )


@pytest.mark.parametrize("suffix", [".xls", ".xlsx"])
def test_the_district_report_with_its_signing_block(service: CatalogService, tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"dongson{suffix}"
    if suffix == ".xls":
        xls_workbook(path, {"BC": dong_son_report()}, {"BC": [(12, 12, 0, 1)]})
    else:
        workbook(path, {"BC": dong_son_report()}, {"BC": "A13:B13"})
    report = import_file(service, path)
    assert names(service) == sorted(p[0] for p in DONG_SON) and report.problems == []
    assert report.totals_rows == [13]
    assert [r for r, kind in report.left_out if kind == "signature"] == [15, 16, 19]
    stone = next(s for s in everything(service) if s.name == "Đá mỹ nghệ An Hoạch")
    product = service.product_by_sku(stone.sku)
    assert product.product.price == 2_500_000 and product.certificates[0].signed_on == dt.date(2024, 3, 15)


def test_the_commune_list_with_notes_and_two_signers(service: CatalogService, tmp_path: Path) -> None:
    report = import_file(service, workbook(tmp_path / "xa.xlsx", {"DS": commune_list()}, {"DS": "A7:E7"}))
    assert names(service) == ["Bánh đa Thiệu Trung", "Mộc mỹ nghệ Đông Trung", "Nón lá Trung Hà"]
    assert report.problems == [] and report.totals_rows == [7]
    kinds = {row: kind for row, kind in report.left_out}
    assert [kinds.get(r) for r in (9, 10, 11)] == ["note"] * 3
    assert [kinds.get(r) for r in (13, 14, 15, 16)] == ["signature"] * 4
