"""QR symbols as module matrices, encoded by zxing-cpp (≈0.3 ms a code against ≈8 ms for qrcode's
pure-Python mask search), and turned into merged horizontal runs for lean vector drawing."""

from __future__ import annotations

import re
from dataclasses import dataclass

import zxingcpp

_DARK_RUN = re.compile(rb"\x00+")

QUIET_ZONE = 4  # modules, on every side (ISO/IEC 18004)


@dataclass(frozen=True, slots=True)
class QrSymbol:
    size: int  # modules per side, quiet zone not included
    runs: list[tuple[int, int, int]]  # (row, first column, length) of dark modules


def encode(text: str, ec_level: str = "M") -> QrSymbol:
    barcode = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, ec_level=ec_level)
    image = barcode.to_image(scale=1, add_quiet_zones=False)
    view = memoryview(image)
    size = view.shape[0]
    data = bytes(view)  # 0 = dark, 255 = light
    runs = []
    for row in range(size):
        line = data[row * size : (row + 1) * size]
        col = 0
        while col < size:
            if line[col] == 0:
                start = col
                while col < size and line[col] == 0:
                    col += 1
                runs.append((row, start, col - start))
            else:
                col += 1
    return QrSymbol(size, runs)


def encode_many(texts: list[str], ec_level: str = "M") -> list[QrSymbol]:
    """A chunk of symbols, for a worker process (module-level so it can be sent there)."""
    return [encode(text, ec_level) for text in texts]
