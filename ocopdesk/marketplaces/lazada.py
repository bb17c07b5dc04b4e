"""Lazada: name ≤ 255, description ≤ 25,000 (HTML), brand required ("No Brand" exists), SellerSku,
package weight in kg and L×W×H in cm required, ≤ 8 images, 330–5000 px, ≤ 3 MB."""

from ocopdesk.i18n import N_
from ocopdesk.marketplaces.base import SHEET, Column, ImageRules, Marketplace

COLUMNS = (
    Column("PrimaryCategory", "Ngành hàng", "category_id", True),
    Column("name", "Tên sản phẩm", "title", True),
    Column("description", "Mô tả", "description_html", True),
    Column("brand", "Thương hiệu", "brand", True),
    Column("SellerSku", "SellerSku", "sku", True),
    Column("price", "Giá", "price", True),
    Column("quantity", "Số lượng", "stock", True),
    Column("package_weight", "Khối lượng gói (kg)", "weight", True),
    Column("package_length", "Dài (cm)", "length_cm", True),
    Column("package_width", "Rộng (cm)", "width_cm", True),
    Column("package_height", "Cao (cm)", "height_cm", True),
    *(Column(f"Images{n}", f"Ảnh {n}", f"image_{n}", n == 1) for n in range(1, 9)),
)

PROFILE = Marketplace(
    id="lazada",
    name="Lazada",
    kind=SHEET,
    title_min=1,
    title_max=255,
    description_min=0,
    description_max=25_000,
    price_min=1000,
    price_max=120_000_000,
    weight_unit="kg",
    needs_dimensions=True,
    needs_brand=True,
    images=ImageRules(min_count=1, max_count=8, min_source_px=330, max_bytes=3_000_000, as_urls=True),
    columns=COLUMNS,
    sheet_name="Upload Template",
    first_data_row=2,
    upload_url="https://sellercenter.lazada.vn/apps/product/bulk",
    how_to=N_(
        "In Lazada Seller Center open “Sản phẩm → Quản lý hàng loạt”, upload the .xlsx and check the result "
        "report. Brand is the cooperative's name."
    ),
)
