"""voso.vn (Viettel Post; seller portal mc.voso.vn): no public bulk format; a copy-paste kit."""

from ocopdesk.i18n import N_
from ocopdesk.marketplaces.base import KIT, ImageRules, Marketplace

PROFILE = Marketplace(
    id="voso",
    name="voso.vn",
    kind=KIT,
    needs_category=False,  # the clerk picks the category in the seller form
    title_min=10,
    title_max=120,
    description_min=100,
    description_max=5000,
    images=ImageRules(min_count=1, max_count=9),
    upload_url="https://mc.voso.vn",
    how_to=N_(
        "voso.vn takes products through the seller portal mc.voso.vn: choose “Thêm sản phẩm”, and for each product "
        "folder copy the fields from thong-tin.txt into the form in order, upload the photos in anh/ in their "
        "numbered order and the certificate scans in chung-nhan/."
    ),
)
