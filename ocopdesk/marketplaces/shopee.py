"""Shopee VN mass upload ("Đăng tải hàng loạt"): sheet `Bản đăng tải`; row 1 machine keys, row 2
`basic` + template hash, row 3 Vietnamese headers, row 4 required flags, rows 5–6 help, data from
row 7. Images as URLs (≤ 2 MB, JPG/PNG, 1:1 recommended); cover + up to 8.

Shipping: one column per channel (`channel_id.5000` …), "Điều kiện bắt buộc" with the help "Vui lòng bật ít
nhất 1 đơn vị vận chuyển cho sản phẩm này", its cells "Mở" or "Tắt" (the help row of `channel_id.50039` and
every row of the sample sheet "Đăng tải bản mẫu"). The built-in channels, names and price caps are those of
Shopee VN's basic template of July 2025 (sheet "Bản đăng tải", rows 1, 3 and 6); a seller's own template
replaces them (services/shipping.py)."""

from ocopdesk.i18n import N_
from ocopdesk.marketplaces.base import SHEET, Column, ImageRules, Marketplace, ShippingChannel, ShippingRules

COLUMNS = (
    Column("ps_category", "Ngành hàng", "category_id", True),
    Column("ps_product_name", "Tên sản phẩm", "title", True),
    Column("ps_product_description", "Mô tả sản phẩm", "description", True),
    Column("ps_sku_parent_short", "SKU sản phẩm", "sku"),
    Column("ps_price", "Giá", "price", True),
    Column("ps_stock", "Kho hàng", "stock", True),
    Column("ps_weight", "Cân nặng", "weight", True),
    Column("ps_length", "Chiều dài", "length_cm"),
    Column("ps_width", "Chiều rộng", "width_cm"),
    Column("ps_height", "Chiều cao", "height_cm"),
    Column("ps_item_cover_image", "Ảnh bìa", "image_1", True),
    *(Column(f"ps_item_image_{n}", f"Hình ảnh sản phẩm {n}", f"image_{n + 1}") for n in range(1, 9)),
    Column("ps_gtin_code", "Mã GTIN", "gtin"),
)

SHIPPING = ShippingRules(
    key_prefix="channel_id.",
    on="Mở",
    off="Tắt",
    header_offset=2,
    help_offset=5,
    built_in=(
        ShippingChannel("5000", "Siêu Tốc - 4 Giờ", 10_000_000),
        ShippingChannel("5001", "Nhanh", 100_000_000),
        ShippingChannel("5002", "Tiết kiệm", 100_000_000),
        ShippingChannel("5004", "Hàng Cồng Kềnh", 100_000_000),
        ShippingChannel("50039", "Tủ Nhận Hàng"),
    ),
)

PROFILE = Marketplace(
    id="shopee",
    name="Shopee",
    kind=SHEET,
    title_min=10,
    title_max=120,
    description_min=100,
    description_max=3000,
    price_min=1000,
    price_max=120_000_000,
    stock_max=999_999,
    weight_unit="g",
    images=ImageRules(min_count=1, max_count=9, max_bytes=2_000_000, as_urls=True),
    columns=COLUMNS,
    sheet_name="Bản đăng tải",
    first_data_row=7,
    category_keys=("et_title_category_name", "et_title_category_id"),
    upload_url="https://banhang.shopee.vn/portal/product-mass/mass-upload",
    shipping=SHIPPING,
    how_to=N_(
        "In Shopee Seller Centre open “Sản phẩm → Đăng tải hàng loạt”, upload the .xlsx in this bundle and wait "
        "for the check. Filled into the template from your own seller centre, the sheet keeps Shopee's exact "
        "header rows; every category id carries its name in a note."
    ),
)
