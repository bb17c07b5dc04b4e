"""The website build's small shared values: its report, the places it has pages for, and the names its
photo and document files get (the builder, the page maker and the tests agree on them here)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ocopdesk.domain.media import MediaFile
from ocopdesk.i18n import _

Output = tuple[str, str, Callable[[], bytes]]  # path in the site, fingerprint of its inputs, maker


@dataclass
class SiteReport:
    out: Path
    pages: int = 0
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    photos_made: int = 0
    photos_left_out: int = 0  # a damaged or missing photo file: the next build tries it again
    warnings: list[str] = field(default_factory=list)
    nginx_conf: Path | None = None

    def summary(self) -> str:
        """One sentence for the CLI and the app alike."""
        return _(
            "Website in {path}: {pages} pages, {written} files written, {unchanged} unchanged, {removed} removed, "
            "{photos} photos resized. nginx rules: {conf}"
        ).format(
            path=self.out,
            pages=self.pages,
            written=len(self.written),
            unchanged=self.unchanged,
            removed=len(self.removed),
            photos=self.photos_made,
            conf=self.nginx_conf,
        )


@dataclass(frozen=True, slots=True)
class Place:
    slug: str
    name: str
    note: str = ""


def photo_name(sha: str, width: int) -> str:
    return f"img/{sha[:24]}-{width}.jpg"


def photo_glob(sha: str) -> str:
    """Every width of one photo (the smallest photos keep their own width, not one of PHOTO_WIDTHS)."""
    return f"img/{sha[:24]}-*.jpg"


def document_name(item: MediaFile) -> str:
    return f"doc/{item.sha256[:24]}{item.ext}"
