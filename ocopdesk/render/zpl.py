"""ZPL II (Zebra; Godex and many others emulate it): the lot's constant lines stored once per job as a
graphic (`~DG`, recalled with `^XG`, deleted at the end with `^ID`), per label only the serial line as a
`^GF` bitmap compressed `:Z64:` and the QR code drawn by the printer (`^BQ`, byte mode, whole-dot
magnification). References: Zebra ZPL II Programming Guide (^BQ, ^GF, ~DG, ^XG, ^ID, ^CI28)."""

from __future__ import annotations

import base64
import binascii
import zlib

from ocopdesk.render.label_bitmap import Bitmap
from ocopdesk.render.thermal import LabelParts, Media, QrPrint

# Zebra firmware prints a ^FO-placed ^BQ symbol lower than its field origin by the bar code height
# of ^BY, a setting the printer keeps between jobs (10 dots by default): Zebrash pull request #57
# (github.com/ingridhq/zebrash/pull/57, matching Labelary), ZPLab pull request #401
# (github.com/u8array/ZPLab/pull/401, "an unpinned QR prints at a different y per printer session").
# So every format pins ^BY's height and raises the field origin by as much.
BQ_DROP = 10


def z64(data: bytes) -> str:
    """`:Z64:` — deflate, base64, then the CRC-16 (XModem) of the base64 text, as ZPL wants it."""
    text = base64.b64encode(zlib.compress(data, 1))
    return f":Z64:{text.decode('ascii')}:{binascii.crc_hqx(text, 0):04X}"


def graphic_field(bitmap: Bitmap) -> str:
    size = len(bitmap.rows)
    return f"^FO{bitmap.x},{bitmap.y}^GFA,{size},{size},{bitmap.width_bytes},{z64(bitmap.rows)}^FS"


def qr_field(qr: QrPrint, url: str) -> str:
    """Byte mode with its length, so the printer's symbol has the version the layout sized."""
    data = url.encode("utf-8")
    escaped = url
    prefix = ""
    if any(c in url for c in "^~_"):  # ZPL's own prefixes inside the data: hexadecimal escapes (^FH)
        escaped, prefix = "".join(f"_{ord(c):02X}" if c in "^~_" else c for c in url), "^FH_"
    return f"^FO{qr.x},{max(0, qr.y - BQ_DROP)}^BQN,2,{qr.dots}{prefix}^FD{qr.ec}M,B{len(data):04d}{escaped}^FS"


# ^LT moves a format at most 120 dot rows (ZPL II Programming Guide, ^LT); ^LS takes -9999 to 9999.
LABEL_TOP_MAX = 120


class Zpl:
    """The ZPL II back end's commands (see render.thermal.ThermalLanguage)."""

    name = "zpl"

    def shift_limits(self, dpi: int) -> tuple[int, int]:
        return 9999, LABEL_TOP_MAX

    def header(self, media: Media) -> bytes:
        darkness = min(30, 2 * media.settings.darkness)  # ~SD is 0–30; the stock's darkness is 0–15
        return f"~SD{darkness:02d}\n".encode("ascii")

    def stored(self, name: str, bitmap: Bitmap) -> bytes:
        size = len(bitmap.rows)
        return f"~DGR:{name}.GRF,{size},{bitmap.width_bytes},{bitmap.rows.hex().upper()}\n".encode("ascii")

    def page(self, media: Media, labels: list[LabelParts]) -> bytes:
        sensing = "M" if media.settings.mark_mm > 0 else "Y"
        parts = [
            # every setting a printer keeps between jobs that would move or turn our fields, pinned
            f"^XA^CI28^PW{media.width}^LL{media.height}^LH0,0^PON^FWN^MN{sensing}^PR{media.settings.speed_ips}"
            f"^BY2,3,{BQ_DROP}{shift(media)}"
        ]
        for label in labels:
            if label.stored is not None:
                name, x, y = label.stored
                parts.append(f"^FO{x},{y}^XGR:{name}.GRF,1,1^FS")
            if label.serial is not None:
                parts.append(graphic_field(label.serial))
            parts.append(qr_field(label.qr, label.url))
        parts.append("^XZ\n")
        return "".join(parts).encode("utf-8")

    def footer(self, names: list[str]) -> bytes:
        """Our stored graphics deleted, and ^LS/^LT back to 0: the printer keeps them until it is turned
        off, and the next program's labels must not move by our calibration."""
        return ("^XA^LS0^LT0" + "".join(f"^IDR:{name}.GRF^FS" for name in names) + "^XZ\n").encode("ascii")


def shift(media: Media) -> str:
    """The calibration as the printer's own label shift (^LS counts dots to the LEFT) and label top
    (^LT, rows down), pinned in every format, before its first field as ^LS requires."""
    dx, dy = media.shift
    return f"^LS{-dx}^LT{dy}"
