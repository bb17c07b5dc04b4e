"""The boxes of a stamp and how fitted lines are stacked into them: the plain geometry stamp_layout
hands a back end (rectangles in mm, ink in em, text and QR boxes), and the placement of a fitted plan's
lines down the text column (by their ink, tight inside one item, wider between items, centred)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ocopdesk.domain.errors import OcopDeskError

PT_MM = 25.4 / 72
QUIET_ZONE = 4  # modules on every side (ISO/IEC 18004)


class LayoutRefused(OcopDeskError):
    """The stock cannot carry what a stamp must show (the QR at a scannable size, lot code, serial)."""


@dataclass(frozen=True, slots=True)
class Rect:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    def inside(self, other: Rect, tolerance: float = 1e-6) -> bool:
        return (
            self.x >= other.x - tolerance
            and self.y >= other.y - tolerance
            and self.right <= other.right + tolerance
            and self.bottom <= other.bottom + tolerance
        )

    def intersects(self, other: Rect) -> bool:
        return self.x < other.right and other.x < self.right and self.y < other.bottom and other.y < self.bottom


@dataclass(frozen=True, slots=True)
class Ink:
    """A string's inked area in em, from the pen position on the baseline (y grows downwards)."""

    left: float
    top: float
    right: float
    bottom: float

    @property
    def width(self) -> float:
        return self.right - self.left

    def union(self, other: Ink) -> Ink:
        return Ink(
            min(self.left, other.left),
            min(self.top, other.top),
            max(self.right, other.right),
            max(self.bottom, other.bottom),
        )


Measure = Callable[[str, bool], Ink]  # (text, bold) → ink in em


@dataclass(frozen=True, slots=True)
class LabelOptions:
    """What a cooperative may add or choose on its stamps; all of it under the same fit rules."""

    own_text: str = ""  # one line of their own, e.g. "Đặc sản OCOP Thanh Hóa"
    qr_size: str = "large"  # large | medium | small
    logo: str = ""  # path of the cooperative's logo picture, empty for none


@dataclass(frozen=True, slots=True)
class StampText:
    """What a stamp says in words (its QR content is the back end's business)."""

    product_name: str
    lot: str
    serial: str
    number: int
    stars: int = 0


@dataclass(frozen=True, slots=True)
class TextBox:
    role: str  # name | own | stars | lot | serial | caption
    text: str
    bold: bool
    size_pt: float
    x: float  # pen position on the baseline, mm from the label's top-left corner
    y: float
    ink: Rect  # where the ink lands, mm


@dataclass(frozen=True, slots=True)
class QrBox:
    rect: Rect  # quiet zone included
    module: float  # mm
    modules: int  # per side, quiet zone not included

    @property
    def code_origin(self) -> tuple[float, float]:
        return self.rect.x + QUIET_ZONE * self.module, self.rect.y + QUIET_ZONE * self.module


@dataclass(frozen=True, slots=True)
class LabelLayout:
    width: float
    height: float
    safe: Rect
    qr: QrBox
    texts: tuple[TextBox, ...]
    logo: Rect | None = None
    gave_way: tuple[str, ...] = ()  # GIVE_WAY steps the height needed, in order; codes_wrap, lot_three_lines
    too_wide: tuple[
        str, ...
    ] = ()  # lines left out (or the name shortened) because even their smallest size is too wide

    def boxes(self) -> list[tuple[str, Rect]]:
        found = [("qr", self.qr.rect)] + [(t.role, t.ink) for t in self.texts]
        return found + ([("logo", self.logo)] if self.logo else [])

    def lines(self, role: str) -> list[str]:
        return [t.text for t in self.texts if t.role == role]


# ---------------------------------------------------------------- placing a fitted plan


@dataclass(frozen=True, slots=True)
class FittedLine:
    role: str
    text: str
    size: float
    ink: Ink  # em
    first: bool  # first line of its item (a wider gap above)


@dataclass(frozen=True, slots=True)
class FittedPlan:
    lines: tuple[FittedLine, ...]
    logo_h: float  # mm, 0 for none
    logo_w: float
    gave_way: tuple[str, ...]
    too_wide: tuple[str, ...] = ()


def _gap(line: FittedLine, previous: FittedLine | None) -> float:
    """Space (mm) above a line: tight inside one item, wider between items."""
    if previous is None:
        return 0.0
    em = max(line.size, previous.size) * PT_MM
    return max(0.12, 0.14 * em) if not line.first else max(0.3, 0.32 * em)


def plan_height(plan: FittedPlan) -> float:
    total = plan.logo_h + (max(0.4, 0.1 * plan.logo_h) if plan.logo_h and plan.lines else 0.0)
    previous = None
    for line in plan.lines:
        total += _gap(line, previous) + (line.ink.bottom - line.ink.top) * line.size * PT_MM
        previous = line
    return total


def stack_lines(column: Rect, plan: FittedPlan) -> tuple[tuple[tuple[FittedLine, float, float], ...], Rect | None]:
    """Baselines, top to bottom. Spare height widens the gaps between items a little (up to half an
    em each) and what is left centres the block beside the QR code."""
    spare = column.h - plan_height(plan)
    item_gaps = sum(1 for i, line in enumerate(plan.lines) if i and line.first) + (
        1 if plan.logo_h and plan.lines else 0
    )
    widen = 0.0
    if item_gaps:
        cap = 0.5 * min(line.size for line in plan.lines) * PT_MM
        widen = min(cap, spare / item_gaps)
    y = column.y + (spare - widen * item_gaps) / 2
    logo = None
    if plan.logo_h:
        logo = Rect(column.x, y, plan.logo_w, plan.logo_h)
        y += plan.logo_h + (max(0.4, 0.1 * plan.logo_h) + widen if plan.lines else 0.0)
    placed = []
    previous = None
    for line in plan.lines:
        em = line.size * PT_MM
        y += _gap(line, previous) + (widen if previous is not None and line.first else 0.0)
        baseline = y - line.ink.top * em
        placed.append((line, column.x - line.ink.left * em, baseline))
        y = baseline + line.ink.bottom * em
        previous = line
    return tuple(placed), logo
