"""TikTok Shop: title 25–255, price 1–180,000,000 đ, 1–9 images 600–4000 px square, ≤ 5 MB; the
batch template takes image URLs. Column keys below are this app's; with --template the machine-key
row of the seller centre's own file decides where values go."""

from ocopdesk.i18n import N_
from ocopdesk.marketplaces.base import SHEET, Column, ImageRules, Marketplace

COLUMNS = (
    Column("category", "Danh mục", "category_id", True),
    Column("product_name", "Tên sản phẩm", "title", True),
    Column("product_description", "Mô tả sản phẩm", "description", True),
    Column("seller_sku", "SKU người bán", "sku"),
    Column("price", "Giá bán", "price", True),
    Column("quantity", "Số lượng", "stock", True),
    Column("package_weight", "Khối lượng gói hàng (g)", "weight", True),
    Column("package_length", "Chiều dài (cm)", "length_cm"),
    Column("package_width", "Chiều rộng (cm)", "width_cm"),
    Column("package_height", "Chiều cao (cm)", "height_cm"),
    *(Column(f"main_image_{n}", f"Ảnh chính {n}", f"image_{n}", n == 1) for n in range(1, 10)),
    Column("gtin", "GTIN", "gtin"),
)

PROFILE = Marketplace(
    id="tiktok",
    name="TikTok Shop",
    kind=SHEET,
    title_min=25,
    title_max=255,
    description_min=0,
    description_max=10000,
    price_min=1,
    price_max=180_000_000,
    weight_unit="g",
    images=ImageRules(min_count=1, max_count=9, min_source_px=600, max_bytes=5_000_000, as_urls=True),
    columns=COLUMNS,
    sheet_name="Template",
    first_data_row=2,
    upload_url="https://seller-vn.tiktok.com/product/batch",
    how_to=N_(
        "In TikTok Shop Seller Center open “Sản phẩm → Thêm hàng loạt”, upload the .xlsx and fix anything it "
        "flags. Food products also need their "
        "certificates uploaded in the category's qualification page: the scans are in chung-nhan/."
    ),
)
