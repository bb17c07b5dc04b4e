"""One value for "print these stamps like this": what the print dialog and the CLI hand to the
job, the service and the renderer, instead of a dozen positional settings."""

from __future__ import annotations

from dataclasses import dataclass, field

from ocopdesk.domain.stamp_boxes import LabelOptions

MAX_COPIES = 5


@dataclass(frozen=True, slots=True)
class Calibration:
    """Per printer and stock: shift (mm) and scale, found with the calibration page."""

    offset_x: float = 0.0
    offset_y: float = 0.0
    scale_x: float = 1.0
    scale_y: float = 1.0


@dataclass(frozen=True, slots=True)
class PrintRequest:
    """A lot's stamps on a stock. `first`–`last` are running numbers (None: to the end);
    `start_at` is the first free label on a partly used sheet; `copies` prints each stamp that many
    times in a row (a jar and its carton carry the same stamp)."""

    lot: str
    stock: str
    sku: str | None = None
    first: int = 1
    last: int | None = None
    start_at: int = 1
    calibration: Calibration = field(default_factory=Calibration)
    outlines: bool = False
    copies: int = 1
    options: LabelOptions = field(default_factory=LabelOptions)
