"""TSPL2 (TSC, Xprinter and most cheap roll printers): the lot's constant lines downloaded once per job
as a 1-bit BMP (`DOWNLOAD`, drawn with `PUTBMP`, removed with `KILL`), per label only the serial line
as a `BITMAP` (OR mode, so it never erases what is under it) and the QR code drawn by the printer
(`QRCODE`, manual byte mode, whole-dot cell width). Reference: TSC TSPL/TSPL2 Programming Manual."""

from __future__ import annotations

import struct

from ocopdesk.render.label_bitmap import Bitmap
from ocopdesk.render.thermal import LabelParts, Media

_INVERT = bytes(255 - n for n in range(256))  # TSPL's BITMAP prints the 0 bits


def bmp(bitmap: Bitmap) -> bytes:
    """A 1-bit Windows BMP (palette black, white; rows bottom-up, each padded to 4 bytes)."""
    stride = -(-bitmap.width_bytes // 4) * 4
    pad = b"\0" * (stride - bitmap.width_bytes)
    rows = bitmap.rows.translate(_INVERT)  # palette index 1 is white
    w = bitmap.width_bytes
    pixels = b"".join(rows[r * w : (r + 1) * w] + pad for r in range(bitmap.height - 1, -1, -1))
    offset = 14 + 40 + 8
    header = struct.pack("<2sIHHI", b"BM", offset + len(pixels), 0, 0, offset)
    info = struct.pack("<IiiHHIIiiII", 40, bitmap.width, bitmap.height, 1, 1, 0, len(pixels), 0, 0, 2, 2)
    return header + info + b"\x00\x00\x00\x00\xff\xff\xff\x00" + pixels


class Tspl:
    """The TSPL2 back end's commands (see render.thermal.ThermalLanguage)."""

    name = "tspl"

    def shift_limits(self, dpi: int) -> tuple[int, int]:
        """SHIFT moves the label at most one inch either way (TSPL/TSPL2 Programming Manual, SHIFT)."""
        return dpi, dpi

    def header(self, media: Media) -> bytes:
        s = media.settings
        sensing = f"BLINE {s.mark_mm:g} mm,0 mm" if s.mark_mm > 0 else f"GAP {s.gap_mm:g} mm,0 mm"
        lines = [
            f"SIZE {media.page_w_mm:g} mm,{media.label_h_mm:g} mm",
            sensing,
            f"SPEED {s.speed_ips}",
            f"DENSITY {s.darkness}",
            "DIRECTION 0,0",
            "REFERENCE 0,0",
            # The calibration, by the printer: SHIFT x,y moves the whole image x dots right and y dots
            # away from the printing direction (down the label). REFERENCE takes no negative origin and
            # OFFSET moves where the roll stops after printing (peel, cutter), not the image.
            f"SHIFT {media.shift[0]},{media.shift[1]}",
            "CODEPAGE UTF-8",
        ]
        return ("\r\n".join(lines) + "\r\n").encode("ascii")

    def stored(self, name: str, bitmap: Bitmap) -> bytes:
        data = bmp(bitmap)
        return f'DOWNLOAD "{name}.BMP",{len(data)},'.encode("ascii") + data + b"\r\n"

    def page(self, media: Media, labels: list[LabelParts]) -> bytes:
        parts = [b"CLS\r\n"]
        for label in labels:
            if label.stored is not None:
                name, x, y = label.stored
                parts.append(f'PUTBMP {x},{y},"{name}.BMP"\r\n'.encode("ascii"))
            if label.serial is not None:
                b = label.serial
                head = f"BITMAP {b.x},{b.y},{b.width_bytes},{b.height},1,".encode("ascii")
                parts.append(head + b.rows.translate(_INVERT) + b"\r\n")
            qr, data = label.qr, label.url.replace('"', '\\["]')
            size = len(label.url.encode("utf-8"))
            parts.append(f'QRCODE {qr.x},{qr.y},{qr.ec},{qr.dots},M,0,M2,"B{size:04d}{data}"\r\n'.encode())
        parts.append(b"PRINT 1,1\r\n")
        return b"".join(parts)

    def footer(self, names: list[str]) -> bytes:
        """Our BMPs removed, and SHIFT back to 0 for whatever prints next."""
        return b"".join(f'KILL "{name}.BMP"\r\n'.encode("ascii") for name in names) + b"SHIFT 0,0\r\n"
