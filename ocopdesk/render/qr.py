"""QR symbols as module matrices, encoded by zxing-cpp (≈0.3 ms a code against ≈8 ms for qrcode's
pure-Python mask search) and packed 8 modules a byte: a 1-bit picture the PDF holds as one small image
and a worker process hands back in a few hundred bytes."""

from __future__ import annotations

from dataclasses import dataclass

import zxingcpp
from PIL import Image

QUIET_ZONE = 4  # modules, on every side (ISO/IEC 18004)


@dataclass(frozen=True, slots=True)
class QrSymbol:
    """A symbol's modules, quiet zone not included, row by row, 8 modules a byte (most significant
    bit first), each row padded to whole bytes; a SET bit is a LIGHT module, as in Pillow's 1-bit mode
    and the encoder's own picture (0 dark, 255 light). Packed, 10,000 symbols cross from a worker
    process in ~3 MB; as lists of dark runs they were 29 MB of tuples, and unpickling them cost the
    drawing process 1.2 s of a 10,000-stamp PDF (#26)."""

    size: int  # modules per side, quiet zone not included
    bits: bytes

    @property
    def stride(self) -> int:
        """Bytes a row."""
        return (self.size + 7) // 8

    def dark(self, row: int, col: int) -> bool:
        return not self.bits[row * self.stride + col // 8] & (0x80 >> (col % 8))


def encode(text: str, ec_level: str = "M") -> QrSymbol:
    barcode = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, ec_level=ec_level)
    image = barcode.to_image(scale=1, add_quiet_zones=False)
    size = memoryview(image).shape[0]
    picture = Image.frombytes("L", (size, size), bytes(image))  # 0 = dark, 255 = light
    return QrSymbol(size, picture.convert("1", dither=Image.Dither.NONE).tobytes())


def encode_many(texts: list[str], ec_level: str = "M") -> list[QrSymbol]:
    """A chunk of symbols, for a worker process (module-level so it can be sent there)."""
    return [encode(text, ec_level) for text in texts]


# Byte-mode capacity (bytes) of QR versions 1–20 per error correction level (ISO/IEC 18004 table 7).
# A thermal printer encodes the QR code itself; told to use byte mode (ZPL `B`, TSPL `B`), its symbol
# has exactly this version, so the layout can size the box without encoding 10,000 codes here.
BYTE_CAPACITY = {
    "L": (17, 32, 53, 78, 106, 134, 154, 192, 230, 271, 321, 367, 425, 458, 520, 586, 644, 718, 792, 858),
    "M": (14, 26, 42, 62, 84, 106, 122, 152, 180, 213, 251, 287, 331, 362, 412, 450, 504, 560, 624, 666),
    "Q": (11, 20, 32, 46, 60, 74, 86, 108, 130, 151, 177, 203, 241, 258, 292, 322, 364, 394, 442, 482),
    "H": (7, 14, 24, 34, 44, 58, 64, 84, 98, 119, 137, 155, 177, 194, 220, 250, 280, 310, 338, 382),
}


def byte_mode_modules(text: str, ec_level: str = "M") -> int:
    """Modules per side of the smallest byte-mode QR symbol holding `text` (UTF-8) at this level."""
    size = len(text.encode("utf-8"))
    for version, capacity in enumerate(BYTE_CAPACITY[ec_level], start=1):
        if size <= capacity:
            return 17 + 4 * version
    raise ValueError(f"{size} bytes do not fit a version 1–20 QR code at level {ec_level}")
