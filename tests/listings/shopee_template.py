"""A Shopee VN mass-upload template as a seller downloads it, made for the tests (there is no real one
in the repository): a guide sheet, the data sheet `Bản đăng tải` (row 1 machine keys, row 2 `basic`
and the template hash, row 3 headers, row 4 required flags, rows 5–6 help, data from row 7, with
validations), a decoy attribute sheet, and the category list in a sheet named for something else
("Phạm vi ngày chuẩn bị hàng"), its first row holding `et_title_category_name` and
`et_title_category_id`, each name written `100819-Thực phẩm và đồ uống/Ngũ cốc & mứt/Mật ong`.

The tree is a plausible, smaller cut of Shopee's Vietnamese tree (a few hundred leaves) with the
decoys a real one has: fresh squid beside dried seafood, mattresses (nệm) beside fermented pork
rolls (nem), hair wax beside beeswax, bath towels beside scarves. The seed's known ids sit at
their leaves.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation

HASH = "7f3c9a0e2b41d8c6a5e0f1b2c3d4e5f6"
CATEGORY_SHEET = "Phạm vi ngày chuẩn bị hàng"
DATA_SHEET = "Bản đăng tải"

TREE = """
Thực phẩm và đồ uống
  Đồ ăn vặt
    Kẹo =100785
    Sô cô la
    Bánh quy
    Snack & khoai tây chiên
    Hạt sấy khô =100789
    Bánh gạo
    Rong biển ăn liền
    Thịt khô =101574
    Chà bông =101576
    Hoa quả sấy =101575
    Mực tẩm & cá khô ăn liền
    Đồ ăn vặt khác
  Đồ chế biến sẵn
    Giò, chả & nem
    Xúc xích & thịt nguội
    Đồ hộp
    Mì, phở & bún ăn liền
    Cháo ăn liền
    Đồ ăn đông lạnh chế biến sẵn
    Dưa muối & món ăn kèm
  Nhu yếu phẩm
    Gạo =100798
    Ngũ cốc & các loại đậu
    Mì, bún & phở khô
    Bột mì & tinh bột
    Đồ khô
      Hải sản khô
      Nấm =100853
      Măng khô
      Rau củ sấy khô
      Đồ khô khác
  Nguyên liệu nấu ăn
    Dầu ăn
    Gia vị & hương liệu
      Muối
      Tiêu
      Bột nêm & hạt nêm
      Ớt & sa tế
      Gia vị khác
    Đường & chất tạo ngọt
    Nước chấm & nước sốt
      Nước mắm & nước chấm =101591
      Nước tương
      Tương ớt & tương cà
      Dầu hào
    Giấm
    Nguyên liệu nấu ăn khác
  Đồ làm bánh
    Bột làm bánh
    Bơ & kem làm bánh
    Phụ gia làm bánh
  Ngũ cốc & mứt
    Mật ong =100819
    Mứt =100820
    Ngũ cốc ăn sáng
    Bơ đậu phộng & sốt phết
    Si rô
  Đồ uống
    Cà phê =100824
    Trà =100825
    Trà thảo mộc =100834
    Trà sữa
    Ca cao & sô cô la uống
    Nước ép trái cây
    Nước khoáng & nước tinh khiết
    Nước ngọt có ga
    Nước tăng lực
    Nước yến
    Sữa đậu nành & sữa hạt
  Đồ uống có cồn
    Bia
    Rượu vang
    Rượu mạnh =100862
    Rượu sake & soju
    Đồ uống có cồn khác
  Sữa & trứng
    Sữa tươi
    Sữa chua
    Phô mai
    Trứng
  Thực phẩm tươi sống & đông lạnh
    Thịt
      Thịt heo
      Thịt bò
      Thịt gà & gia cầm
    Hải sản
      Cá
      Tôm
      Mực & bạch tuộc
      Cua, ghẹ & sò
    Rau củ
    Trái cây tươi
    Đậu phụ
  Các loại bánh
    Bánh mì
    Bánh ngọt
    Bánh trung thu
    Bánh truyền thống
  Bộ quà tặng =100656
  Thực phẩm khác
Sức khỏe
  Thực phẩm chức năng
    Vitamin & khoáng chất
    Hỗ trợ tiêu hóa
    Hỗ trợ xương khớp
    Sữa ong chúa & phấn hoa
    Thực phẩm chức năng khác
  Dược liệu & thảo mộc
    Cao dược liệu
    Dược liệu khô
    Sâm & nấm linh chi
  Chăm sóc cá nhân
    Dầu gió & cao xoa
    Khẩu trang
    Băng vệ sinh
    Tăm bông
  Dụng cụ y tế
    Nhiệt kế
    Máy đo huyết áp
    Dụng cụ sơ cứu
Sắc đẹp
  Chăm sóc da mặt
    Sữa rửa mặt
    Kem dưỡng da
    Mặt nạ
    Serum
    Kem chống nắng
  Chăm sóc cơ thể
    Sữa tắm
    Xà phòng tắm
    Dưỡng thể
    Tẩy tế bào chết
  Chăm sóc tóc
    Dầu gội
    Dầu xả
    Sáp vuốt tóc
    Thuốc nhuộm tóc
  Chăm sóc môi
    Son dưỡng môi
    Tẩy da chết môi
  Trang điểm
    Son môi
    Kem nền
    Phấn phủ
    Mascara
  Tinh dầu
    Tinh dầu thiên nhiên
    Dầu massage
  Nước hoa
    Nước hoa nữ
    Nước hoa nam
Nhà cửa & Đời sống
  Chăn, ga, gối & nệm
    Chăn
    Ga trải giường
    Gối
    Nệm
    Chiếu
  Sắp xếp nhà cửa
    Hộp đựng đồ
    Giỏ đựng đồ
    Móc treo quần áo
    Kệ & giá
  Trang trí nhà cửa
    Tranh & khung ảnh
    Đồ thủ công mỹ nghệ
    Bình hoa & hoa giả
    Nến & đồ thơm
    Máy khuếch tán tinh dầu
    Đồng hồ treo tường
    Thảm trang trí
  Dụng cụ nhà bếp
    Nồi & chảo
    Dao & kéo
    Hộp đựng thực phẩm
    Đũa, muỗng & dĩa
    Hộp cơm
    Thớt
  Đồ dùng phòng tắm
    Khăn tắm
    Khăn mặt
    Thảm chùi chân
    Rèm phòng tắm
  Đồ dùng trong nhà
    Dép đi trong nhà
    Ô dù
    Quạt tay & quạt giấy
  Làm vườn
    Cây cảnh
    Hạt giống
    Chậu cây
    Phân bón
    Dụng cụ làm vườn
  Dụng cụ & thiết bị tiện ích
    Đèn pin
    Ổ cắm điện
    Pin
  Sơn & vật liệu
    Sơn
    Keo dán
Thời trang nữ
  Áo
    Áo thun
    Áo sơ mi
    Áo khoác
  Váy
  Quần
    Quần jean
    Quần short
  Đồ ngủ
  Áo dài
Thời trang nam
  Áo sơ mi nam
  Áo thun nam
  Quần tây
  Quần short nam
Phụ kiện thời trang
  Khăn
    Khăn choàng & khăn quàng cổ
    Khăn lụa
  Mũ & nón
    Nón lá
    Mũ lưỡi trai
    Mũ len
  Trang sức
    Nhẫn
    Vòng tay
    Dây chuyền
    Khuyên tai
  Thắt lưng
  Kính mắt
Túi Ví Nữ
  Túi xách tay
  Túi tote
  Túi đeo chéo
  Túi cói & túi đan
  Ví nữ
  Ba lô nữ
Túi Ví Nam
  Ví nam
  Túi đeo chéo nam
  Cặp xách nam
Giày Dép Nữ
  Dép
    Dép lê
    Dép xỏ ngón
  Giày cao gót
  Giày búp bê
  Giày thể thao nữ
Giày Dép Nam
  Dép nam
  Giày tây
  Giày thể thao nam
Voucher & Dịch vụ
  Du lịch & lưu trú
    Khách sạn & homestay
    Tour du lịch
    Vé tham quan
  Nhà hàng & ăn uống
    Phiếu ăn uống
  Dịch vụ khác
    Khóa học
    Dịch vụ sửa chữa
Sở thích & Sưu tầm
  Vật liệu thủ công
    Sáp, nến & xà phòng thủ công
    Len & sợi
    Vải & kim chỉ
    Hạt cườm
  Đồ sưu tầm
    Tem & tiền xu
    Mô hình
  Nhạc cụ
    Đàn guitar
    Sáo
    Đàn tranh
Mẹ & Bé
  Đồ ăn cho bé
    Bột ăn dặm
    Bánh ăn dặm
    Sữa công thức
  Tã & bỉm
  Đồ chơi cho bé
Chăm sóc thú cưng
  Thức ăn cho chó
  Thức ăn cho mèo
  Thức ăn cho cá
  Phụ kiện thú cưng
Văn phòng phẩm
  Bút viết
  Sổ & giấy
  Hộp bút
  Thiệp & giấy gói quà
Thiết bị điện gia dụng
  Đồ gia dụng nhà bếp
    Nồi cơm điện
    Máy xay sinh tố
    Ấm siêu tốc
    Nồi chiên không dầu
    Máy ép trái cây
  Thiết bị làm mát
    Quạt điện
    Máy lọc không khí
  Máy hút bụi
  Bàn là
Điện thoại & Phụ kiện
  Cáp & sạc
  Ốp lưng
  Tai nghe
  Sạc dự phòng
  Giá đỡ điện thoại
Thể thao & Dã ngoại
  Dã ngoại
    Lều
    Túi ngủ
    Bình nước
    Đèn cắm trại
  Thể thao
    Giày chạy bộ
    Thảm tập yoga
    Vợt cầu lông
Đồ chơi
  Đồ chơi gỗ
  Búp bê
  Xếp hình
  Đồ chơi giáo dục
Ô tô & Xe máy
  Mũ bảo hiểm
  Dầu nhớt
  Phụ kiện xe máy
Sách
  Sách nấu ăn
  Sách thiếu nhi
  Sách kỹ năng
"""


def leaves() -> list[tuple[str, str]]:
    """(id, "Top/…/Leaf") for every leaf of TREE; ids not written in the tree are numbered."""
    used = {int(line.split("=")[1]) for line in TREE.splitlines() if "=" in line}
    lines = [line for line in TREE.splitlines() if line.strip()]
    out, stack, next_id = [], [], 100100
    for n, line in enumerate(lines):
        depth = (len(line) - len(line.lstrip())) // 2
        name, _sep, given = line.strip().partition(" =")
        stack[depth:] = [name]
        deeper = n + 1 < len(lines) and (len(lines[n + 1]) - len(lines[n + 1].lstrip())) // 2 > depth
        if deeper:
            continue
        if given:
            category_id = int(given)
        else:
            while next_id in used:
                next_id += 1
            category_id, next_id = next_id, next_id + 1
        out.append((str(category_id), "/".join(stack)))
    return out


# The shipping channels as Shopee's basic template of July 2025 has them (/work/shared/marketplaces/
# shopee-2025-07-basic.xlsx, sheet "Bản đăng tải", rows 1 and 3); they were two invented keys before.
CHANNELS = {
    "channel_id.5000": "Siêu Tốc - 4 Giờ",
    "channel_id.5001": "Nhanh",
    "channel_id.5002": "Tiết kiệm",
    "channel_id.5004": "Hàng Cồng Kềnh",
    "channel_id.50039": "Tủ Nhận Hàng",
}
DATA_KEYS = [
    "ps_category",
    "ps_product_name",
    "ps_product_description",
    "ps_sku_parent_short",
    "et_title_variation_integration_no",
    "et_title_variation_1",
    "et_title_option_for_variation_1",
    "et_title_image_per_variation",
    "et_title_variation_2",
    "et_title_option_for_variation_2",
    "ps_price",
    "ps_stock",
    "ps_sku_short",
    "ps_new_size_chart",
    "ps_item_cover_image",
    *(f"ps_item_image_{n}" for n in range(1, 9)),
    "ps_weight",
    "ps_length",
    "ps_width",
    "ps_height",
    *CHANNELS,
    "ps_product_pre_order_dts",
    "ps_gtin_code",
]
HEADERS = {
    "ps_category": "Ngành hàng",
    "ps_product_name": "Tên sản phẩm",
    "ps_product_description": "Mô tả sản phẩm",
    "ps_sku_parent_short": "SKU sản phẩm",
    "et_title_variation_integration_no": "Mã phân loại",
    "et_title_variation_1": "Tên nhóm phân loại hàng 1",
    "et_title_option_for_variation_1": "Tên phân loại hàng cho nhóm phân loại hàng 1",
    "et_title_image_per_variation": "Hình ảnh mỗi phân loại",
    "et_title_variation_2": "Tên nhóm phân loại hàng 2",
    "et_title_option_for_variation_2": "Tên phân loại hàng cho nhóm phân loại hàng 2",
    "ps_price": "Giá",
    "ps_stock": "Kho hàng",
    "ps_sku_short": "SKU phân loại",
    "ps_new_size_chart": "Bảng quy đổi kích cỡ",
    "ps_item_cover_image": "Ảnh bìa",
    "ps_weight": "Cân nặng",
    "ps_length": "Chiều dài",
    "ps_width": "Chiều rộng",
    "ps_height": "Chiều cao",
    **CHANNELS,
    "ps_product_pre_order_dts": "Hàng đặt trước",
    "ps_gtin_code": "Mã GTIN",
}
REQUIRED = {"ps_category", "ps_product_name", "ps_product_description", "ps_price", "ps_stock", "ps_item_cover_image"}


def header_rows() -> list[list[object]]:
    """Rows 1–6 of `Bản đăng tải`, as the template holds them."""
    headers = [HEADERS.get(k, f"Hình ảnh sản phẩm {k.rsplit('_', 1)[-1]}") for k in DATA_KEYS]
    help_row = ["Chọn ngành hàng: nhập mã ngành hàng trong sheet Phạm vi ngày chuẩn bị hàng"] + [""] * (
        len(DATA_KEYS) - 1
    )
    help_row[DATA_KEYS.index("ps_item_cover_image")] = "Dán đường dẫn (URL) của ảnh; ảnh JPG/PNG ≤ 2 MB"
    example = ["100819", "Mật ong rừng nguyên chất 500ml"] + [""] * (len(DATA_KEYS) - 2)
    example[DATA_KEYS.index("ps_price")] = "150000"
    return [
        DATA_KEYS,
        ["basic", HASH],
        headers,
        ["Bắt buộc" if k in REQUIRED else "Tùy chọn" for k in DATA_KEYS],
        help_row,
        example,
    ]


def make(path: Path, with_categories: bool = True) -> Path:
    book = Workbook()
    guide = book.active
    assert guide is not None
    guide.title = "Hướng dẫn"
    guide["A1"] = "Hướng dẫn đăng tải hàng loạt"
    guide["A3"] = "1. Điền thông tin sản phẩm vào sheet Bản đăng tải, bắt đầu từ dòng 7."
    guide["A4"] = "2. Tra mã ngành hàng trong sheet Phạm vi ngày chuẩn bị hàng."
    sheet = book.create_sheet(DATA_SHEET)
    for row in header_rows():
        sheet.append([v if v != "" else None for v in row])
    column = {k: n for n, k in enumerate(DATA_KEYS, 1)}
    for key, kind, low, high in (
        ("ps_category", "whole", "1", "9999999"),
        ("ps_price", "whole", "1000", "120000000"),
        ("ps_stock", "whole", "0", "999999"),
        ("ps_weight", "decimal", "0", "1000000"),
    ):
        rule = DataValidation(type=kind, operator="between", formula1=low, formula2=high)
        sheet.add_data_validation(rule)
        letter = sheet.cell(row=1, column=column[key]).column_letter
        rule.add(f"{letter}7:{letter}5000")
    sheet.cell(row=7, column=column["ps_gtin_code"]).number_format = "@"
    attributes = book.create_sheet("Thuộc tính")
    attributes.append(["et_title_attribute_category", "et_title_attribute_name", "et_title_attribute_value"])
    attributes.append([100819, "Thương hiệu", "No brand"])
    attributes.append([100862, "Nồng độ cồn", "29%"])
    if with_categories:
        table = book.create_sheet(CATEGORY_SHEET)
        table.append(["et_title_category_name", "et_title_category_id", "et_title_pre_order_dts_range", "et_title_dts"])
        table.append(["Ngành hàng", "Mã ngành hàng", "Phạm vi ngày chuẩn bị hàng (hàng đặt trước)", "Ngày chuẩn bị"])
        for category_id, names in leaves():
            table.append([f"{category_id}-{names}", int(category_id), "7-15", 2])
    book.save(path)
    return path
