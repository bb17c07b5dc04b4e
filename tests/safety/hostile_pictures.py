"""Pictures made to hurt: headers that declare far more pixels than the file holds (decompression bombs), and
big-but-legal 60-megapixel PNGs, written byte by byte so each is small on disk and distinct by content."""

from __future__ import annotations

import functools
import io
import struct
import zlib

from PIL import Image


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png(width: int, height: int, tag: str = "", *, rows: int | None = None, color: int = 6) -> bytes:
    """A PNG of `width`×`height` (colour type 6: RGBA, 2: RGB), transparent black; `rows` limits the rows
    actually present (fewer: a bomb whose header lies). `tag` goes in a tEXt chunk to make files distinct."""
    data = _pixels(width, height if rows is None else rows, 4 if color == 6 else 3)
    header = struct.pack(">IIBBBBB", width, height, 8, color, 0, 0, 0)
    text = _chunk(b"tEXt", b"Comment\x00" + tag.encode()) if tag else b""
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + text + _chunk(b"IDAT", data) + _chunk(b"IEND", b"")


@functools.lru_cache(maxsize=4)
def _pixels(width: int, rows: int, bands: int) -> bytes:
    """The compressed rows (made once: 12 distinct 60 MP files differ only in their tEXt chunk)."""
    squeeze = zlib.compressobj(9)
    row = b"\x00" * (1 + width * bands)
    return b"".join(squeeze.compress(row) for _ in range(rows)) + squeeze.flush()


def jpeg_bomb(width: int = 15_000, height: int = 12_000) -> bytes:
    """A 16×16 JPEG whose frame header is rewritten to declare `width`×`height` (180 MP by default)."""
    out = io.BytesIO()
    Image.new("RGB", (16, 16), (200, 120, 40)).save(out, "JPEG", quality=50)
    data = bytearray(out.getvalue())
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def png_bomb() -> bytes:
    """20,000 × 9,000 pixels (180 MP) declared in a few hundred bytes: only the first row is present."""
    return png(20_000, 9_000, rows=1, color=2)
