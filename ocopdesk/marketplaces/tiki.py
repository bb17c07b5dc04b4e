"""Tiki: products are review requests; images ≥ 500×500 (smaller are rejected); food categories
require legal documents (`certificate_files`). A kit, with the certificate scans required."""

from ocopdesk.i18n import N_
from ocopdesk.marketplaces.base import KIT, ImageRules, Marketplace

PROFILE = Marketplace(
    id="tiki",
    name="Tiki",
    kind=KIT,
    needs_category=False,  # the clerk picks the category in the seller form
    title_min=10,
    title_max=255,
    description_min=100,
    description_max=10000,
    needs_certificate_file=True,
    images=ImageRules(min_count=1, max_count=9, min_source_px=500),
    upload_url="https://sellercenter.tiki.vn",
    how_to=N_(
        "Tiki reviews each new product: in Seller Center choose “Tạo sản phẩm”, copy the fields from "
        "thong-tin.txt, upload the photos in anh/ (at least 500×500) and attach the certificate scans in "
        "chung-nhan/ as the category's legal documents."
    ),
)
