"""postmart.vn (Vietnam Post): no public bulk format or API; sellers fill a web form, often with
post-office staff. The bundle is a copy-paste kit. Titles like "Táo Mường Lá HTX Hưng Thịnh hộp 5kg"."""

from ocopdesk.i18n import N_
from ocopdesk.marketplaces.base import KIT, ImageRules, Marketplace

PROFILE = Marketplace(
    id="postmart",
    name="postmart.vn",
    kind=KIT,
    needs_category=False,  # the clerk picks the category in the seller form
    title_min=10,
    title_max=120,
    description_min=100,
    description_max=5000,
    images=ImageRules(min_count=1, max_count=9),
    upload_url="https://postmart.vn",
    how_to=N_(
        "postmart.vn has no bulk upload: open the seller page, choose “Đăng sản phẩm”, and for each product folder "
        "copy every field from thong-tin.txt into the form in order, then upload the photos in anh/ in their "
        "numbered order and the certificate scans in chung-nhan/. Post-office staff can help with the first listing."
    ),
)
