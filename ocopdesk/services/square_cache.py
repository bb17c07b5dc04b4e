"""Marketplace squares kept by photo content, side and JPEG quality, beside the catalogue (issue #28).

The marketplaces take the same 1200-pixel square under different byte caps (1 MB for Postmart, Tiki and Voso,
2 MB Shopee, 3 MB Lazada, 5 MB TikTok). A square is the same bytes for the same photo, side and quality, so it is
kept under those three: one made for a 1 MB cap at quality 88 serves every larger cap, and a second marketplace's
export decodes nothing. A file found too large for a cap sends the search to the next lower quality, and only the
qualities not yet known are encoded.
"""

from __future__ import annotations

from pathlib import Path

from ocopdesk.render import photos
from ocopdesk.render.files import write_atomic


def square(folder: Path, sha: str, source: Path, size: int, max_bytes: int) -> bytes:
    """The square of the photo stored at `source` (content hash `sha`) that fits `max_bytes`: from `folder` when
    an earlier export made it at a quality that fits, else made from the first quality not known to be too large
    and kept. Raises PhotoError (a photo that cannot be used) or OSError (the source cannot be read)."""
    qualities = photos.SQUARE_QUALITIES
    while qualities:
        kept = folder / name(sha, size, qualities[0])
        if not kept.is_file():
            break
        if kept.stat().st_size <= max_bytes:
            return kept.read_bytes()
        qualities = qualities[1:]
    quality, data = photos.square_at(source.read_bytes(), size, max_bytes, qualities)
    write_atomic(folder / name(sha, size, quality), data)
    return data


def name(sha: str, size: int, quality: int) -> str:
    """The file a square is kept in: content hash, side, quality."""
    return f"{sha}-{size}-q{quality}.jpg"
