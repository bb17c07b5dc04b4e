"""Information QR posters for a product, the cooperative or a place."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ocopdesk.domain import poster
from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.i18n import _
from ocopdesk.render.poster_pdf import write_poster
from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.profile import load_profile
from ocopdesk.services.site import remember_place
from ocopdesk.services.stamp_print import stars_for
from ocopdesk.services.stamps import resolver_base


def poster_pdf(
    service: CatalogService,
    out: Path,
    *,
    sku: str | None = None,
    place: str | None = None,
    line: str = "",
    size: str = "A5",
) -> tuple[Path, str]:
    """Write the poster; returns its path and the URL its QR opens. Without sku or place: the cooperative."""
    if size not in poster.SIZES_MM:
        raise OcopDeskError(_("Poster size must be one of {sizes}.").format(sizes=", ".join(poster.SIZES_MM)))
    base = resolver_base(service)
    stars = 0
    if sku:
        detail = service.product_by_sku(sku)
        url, title = poster.product_url(base, detail.product.sku), detail.product.name
        stars = stars_for(detail, dt.date.today())[0]
    elif place:
        try:
            url = poster.place_url(base, place)
        except ValueError as exc:
            raise OcopDeskError(_("Give the place a name with letters or digits.")) from exc
        title = place.strip()
        remember_place(service, place, line)  # the website gets a page for it
    else:
        url, title = poster.cooperative_url(base), load_profile(service).name or _("Our cooperative")
    return write_poster(Path(out), poster.SIZES_MM[size], url, title, line, stars), url
