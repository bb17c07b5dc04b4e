"""Where everything on a stamp goes: (label stock, stamp text, options) → plain boxes.

No drawing and no fonts here: text is measured by a `Measure` the caller passes in (the Qt back end
measures the ink of the real string, stacked Vietnamese marks included), in em units, so every
string is measured once at one reference size and scaled. A back end draws the boxes and nothing
else: the QR square (its quiet zone included), each text line at its size and baseline, the logo.

The fit rules, kept on every stock (README, "What a stamp says, on every label stock"):
- Lines are stacked by their ink, not by line height: no ink leaves the label's safe area, no two
  boxes touch, nothing enters the QR code's quiet zone (the text column starts after it).
- Every line has a smallest legible size (MIN_PT). All lines grow together from it up to their
  largest size while everything fits; stars, own line and caption never outgrow the name, and the
  lot code and serial share one size.
- Width first, each line on its own: the name takes two lines (three on a narrow label) and is
  shortened at a word with "…" only when three cannot hold it; the lot code breaks at its hyphens
  (at any character as a last resort) and the serial puts its number, then its second half, on the
  next line — neither is ever shortened; an optional line too wide even at its smallest size is
  left out (`too_wide`).
- Then height: when the lines do not fit at their smallest sizes they give way in the order
  GIVE_WAY — the caption, the own line, the logo, the stars line, then the product name shortened
  to fewer lines.
- The lot code and the serial are never dropped: a stock that cannot hold them at their smallest
  size is refused with a message saying which does not fit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from ocopdesk.domain.label import MIN_QR_MODULE_MM, LabelTemplate
from ocopdesk.domain.stamp_boxes import (
    PT_MM,
    QUIET_ZONE,
    FittedLine,
    FittedPlan,
    Ink,
    LabelLayout,
    LabelOptions,
    LayoutRefused,
    Measure,
    QrBox,
    Rect,
    StampText,
    TextBox,
    plan_height,
    stack_lines,
)
from ocopdesk.domain.stamp_lines import (
    SerialRoom,
    number_line,
    serial_halves,
    serial_line,
    serial_room,
    wrap_code,
    wrap_words,
)
from ocopdesk.i18n import _

CAPTION = "Quét mã để truy xuất nguồn gốc"  # printed on every stamp, in Vietnamese on purpose

# Smallest legible and largest size (points) per line. 4 pt capitals are 1 mm tall: 8 dots on a
# 203 dpi thermal printer, the coarsest stock in use.
MIN_PT = {"name": 4.5, "own": 4.0, "stars": 4.0, "lot": 4.0, "serial": 4.0, "caption": 3.5}
MAX_PT = {"name": 11.0, "own": 8.0, "stars": 9.0, "lot": 8.0, "serial": 8.0, "caption": 7.0}
BOLD = {"name"}
QR_SIZES = {"large": 1.0, "medium": 0.85, "small": 0.72}  # share of the largest QR the stock allows
QR_SIZE_NAMES = {"large": "lớn", "medium": "vừa", "small": "nhỏ"}
LOGO_MIN_MM = 3.0
GIVE_WAY = ("caption", "own", "logo", "stars", "name_short")  # when the height runs out, in this order
ORDER = ("name", "own", "stars", "lot", "serial", "caption")  # top to bottom, under the logo
SECONDARY = ("own", "stars", "caption")  # never larger than the product name
COMFORT_PT = 5.5  # a code stays on fewer lines as long as that keeps it at least this large
NAME_COMFORT_PT = 6.0  # the same for the product name (two lines, else three)
_STEPS = 24  # sizes tried between the smallest and the largest


def qr_box(stock: LabelTemplate, modules: int, qr_size: str = "large") -> QrBox:
    """The QR square at the left of the safe area, vertically centred; refused below GS1's module minimum."""
    if qr_size not in QR_SIZES:
        raise LayoutRefused(_("Unknown QR size {size}: choose large, medium or small.").format(size=qr_size))
    margin = stock.safe_margin
    side = min(stock.label_h - 2 * margin, stock.label_w * 0.6) * QR_SIZES[qr_size]
    module = side / (modules + 2 * QUIET_ZONE)
    if module < MIN_QR_MODULE_MM:
        raise LayoutRefused(
            _(
                "On {template} the QR code would have {module:.3f} mm modules, below the 0.396 mm minimum: it may not "
                "scan. Choose a larger label or QR size, or a shorter traceability address."
            ).format(template=stock.name, module=module)
        )
    top = margin + (stock.label_h - 2 * margin - side) / 2
    return QrBox(Rect(margin, top, side, side), module, modules)


# ---------------------------------------------------------------- fitting


@dataclass(frozen=True)
class LabelPlan:
    """A fitted label for one lot's text; `place` puts one stamp's serial into it."""

    stock: LabelTemplate
    qr: QrBox
    column: Rect
    lines: tuple[tuple[FittedLine, float, float], ...]  # line, pen x, baseline y (mm)
    logo: Rect | None
    gave_way: tuple[str, ...]
    too_wide: tuple[str, ...]
    _measure: Measure = field(repr=False, compare=False)
    _fixed: dict[int, TextBox] = field(default_factory=dict, repr=False, compare=False)

    def place(self, serial: str, number: int) -> LabelLayout:
        """The plan's boxes with this stamp's serial lines; the other lines' boxes are made once a plan
        (a 10,000-stamp job places 10,000 times)."""
        count = sum(1 for line, _x, _y in self.lines if line.role == "serial")
        serial_lines = iter(
            {1: [serial_line(serial, number)], 2: [serial, number_line(number)]}.get(
                count, [*serial_halves(serial), number_line(number)]
            )
        )
        boxes = []
        for n, (line, _x, y) in enumerate(self.lines):
            if line.role == "serial":
                text = next(serial_lines)
                boxes.append(self._box(line, text, self._measure(text, line.role in BOLD), y))
            else:
                box = self._fixed.get(n)
                if box is None:
                    box = self._fixed[n] = self._box(line, line.text, line.ink, y)
                boxes.append(box)
        return LabelLayout(
            self.stock.label_w,
            self.stock.label_h,
            _safe(self.stock),
            self.qr,
            tuple(boxes),
            self.logo,
            self.gave_way,
            self.too_wide,
        )

    def _box(self, line: FittedLine, text: str, ink: Ink, y: float) -> TextBox:
        em = line.size * PT_MM
        x = self.column.x - ink.left * em
        rect = Rect(self.column.x, y + ink.top * em, ink.width * em, (ink.bottom - ink.top) * em)
        return TextBox(line.role, text, line.role in BOLD, line.size, x, y, rect)


def _safe(stock: LabelTemplate) -> Rect:
    m = stock.safe_margin
    return Rect(m, m, stock.label_w - 2 * m, stock.label_h - 2 * m)


def plan_label(
    stock: LabelTemplate,
    product_name: str,
    lot: str,
    stars: int,
    options: LabelOptions,
    modules: int,
    measure: Measure,
    room: SerialRoom,
    logo_aspect: float | None = None,
) -> LabelPlan:
    """Fit one lot's text beside its QR code on this stock (see the module docstring for the rules)."""
    qr = qr_box(stock, modules, options.qr_size)
    safe = _safe(stock)
    column = Rect(qr.rect.right, safe.y, safe.right - qr.rect.right, safe.h)
    fitter = _Fitter(column, product_name, lot, stars, options.own_text.strip(), measure, room, logo_aspect)
    plan = fitter.fit()
    if plan is None:
        raise LayoutRefused(fitter.refusal(stock))
    placed, logo = stack_lines(column, plan)
    return LabelPlan(stock, qr, column, placed, logo, plan.gave_way, plan.too_wide, measure)


def layout_label(
    stock: LabelTemplate,
    content: StampText,
    options: LabelOptions,
    modules: int,
    measure: Measure,
    logo_aspect: float | None = None,
) -> LabelLayout:
    """The boxes of one stamp: the pure function the tests check on every stock."""
    room = serial_room([(content.serial, content.number)], measure)
    plan = plan_label(
        stock, content.product_name, content.lot, content.stars, options, modules, measure, room, logo_aspect
    )
    return plan.place(content.serial, content.number)


@dataclass(frozen=True)
class _Item:
    role: str
    lines_at: Callable[[float], list[tuple[str, Ink]] | None]  # its lines at a size; None: too wide
    cap: float  # the largest size at which it fits the column's width


class _Fitter:
    """Width first, each line on its own: how many lines it needs and its largest size. Then height,
    shared: what gives way (GIVE_WAY) until everything fits at its smallest size; then all lines grow
    together as far as the height allows."""

    def __init__(
        self,
        column: Rect,
        name: str,
        lot: str,
        stars: int,
        own: str,
        measure: Measure,
        room: SerialRoom,
        logo_aspect: float | None,
    ) -> None:
        self.column, self.name, self.lot, self.stars, self.own = column, name.strip(), lot, stars, own
        self.measure, self.room, self.logo_aspect = measure, room, logo_aspect
        self.problem = ""  # serial | lot | height, when nothing fits

    def fits(self, text: str, role: str, size: float) -> bool:
        return self.measure(text, role in BOLD).width * size * PT_MM <= self.column.w + 1e-9

    def grid(self, role: str) -> list[float]:
        low, high = MIN_PT[role], MAX_PT[role]
        return [low + n / _STEPS * (high - low) for n in range(_STEPS, -1, -1)]

    def item(self, role: str, lines_at: Callable[[float], list[tuple[str, Ink]] | None]) -> _Item | None:
        cap = next((size for size in self.grid(role) if lines_at(size) is not None), None)
        return None if cap is None else _Item(role, lines_at, cap)

    def texts(
        self, role: str, wrap: Callable[[float], list[str] | None]
    ) -> Callable[[float], list[tuple[str, Ink]] | None]:
        def lines_at(size: float) -> list[tuple[str, Ink]] | None:
            found = wrap(size)
            return None if found is None else [(text, self.measure(text, role in BOLD)) for text in found]

        return lines_at

    def words(self, role: str, text: str, max_lines: int, shorten: bool) -> _Item | None:
        lines_at = self.texts(
            role, lambda size: wrap_words(text, lambda t: self.fits(t, role, size), max_lines, shorten)
        )
        if shorten:  # a shortened line keeps as much as it can: its smallest size
            return _Item(role, lines_at, MIN_PT[role])
        return self.item(role, lines_at)

    def code(self, candidates: list[Callable[[], _Item | None]], comfort: float = COMFORT_PT) -> _Item | None:
        """Fewest lines while that keeps the text at a comfortable size; else one more line if that is
        larger; a third choice only when the first two cannot hold it at all. Candidates are built
        only when needed: each serial arrangement measures every stamp of the job."""
        one = candidates[0]()
        if one is not None and one.cap >= comfort:
            return one
        fewer = [c for c in (one, candidates[1]()) if c is not None]
        if fewer:
            return max(fewer, key=lambda c: c.cap)
        return next((c for make in candidates[2:] if (c := make()) is not None), None)

    def lot_item(self, lines: int) -> _Item | None:
        return self.item(
            "lot",
            self.texts("lot", lambda size: wrap_code("Lô ", self.lot, lambda t: self.fits(t, "lot", size), lines)),
        )

    def serial(self, lines: int) -> Callable[[float], list[tuple[str, Ink]] | None]:
        """The serial and its running number on one line; else the number under it; on the
        narrowest stocks the serial's two halves one under the other (never shortened)."""

        def lines_at(size: float) -> list[tuple[str, Ink]] | None:
            room, width = self.room, self.column.w / (size * PT_MM) + 1e-9
            if room.whole.width <= width:
                return [("", room.whole)]
            if lines >= 2 and max(room.serial.width, room.number.width) <= width:
                return [("", room.serial), ("", room.number)]
            if lines >= 3 and max(room.halves.width, room.number.width) <= width:
                return [("", room.halves), ("", room.halves), ("", room.number)]
            return None

        return lines_at

    def width_pass(self, too_wide: list[str]) -> dict[str, _Item] | None:
        items: dict[str, _Item] = {}
        optional = {
            "own": (lambda: self.words("own", self.own, 2, False)) if self.own else None,
            "stars": (lambda: self.words("stars", "OCOP " + "★" * self.stars, 1, False)) if self.stars else None,
            "caption": lambda: self.words("caption", CAPTION, 2, False),
        }
        if self.name:  # two lines, three on a narrow label, shortened only when three cannot hold it
            name = self.code([lambda n=n: self.words("name", self.name, n, False) for n in (2, 3)], NAME_COMFORT_PT)
            if name is None:
                too_wide.append("name_short")
                name = self.words("name", self.name, 3, True)
            if name is not None:
                items["name"] = name
        for role, make in optional.items():
            built = make() if make else None
            if built is not None:
                items[role] = built
            elif make is not None:
                too_wide.append(role)
        lot = self.code([lambda n=n: self.lot_item(n) for n in (1, 2, 3)])
        serial = self.code([lambda n=n: self.item("serial", self.serial(n)) for n in (1, 2, 3)])
        if serial is None:
            self.problem = "serial"
            return None
        if lot is None:
            self.problem = "lot"
            return None
        items["lot"], items["serial"] = lot, serial
        if self.logo_aspect and self.logo_aspect * LOGO_MIN_MM > self.column.w:
            too_wide.append("logo")
        return items

    def fit(self) -> FittedPlan | None:
        gave_way: list[str] = []
        too_wide: list[str] = []
        items = self.width_pass(too_wide)
        if items is None:
            return None
        logo = bool(self.logo_aspect) and "logo" not in too_wide
        for step in GIVE_WAY:
            if plan_height(self.lines(items, logo, 0.0)) <= self.column.h + 1e-9:
                break
            if step == "logo":
                if not logo:
                    continue
                logo = False
            elif step == "name_short":
                if "name" not in items:
                    continue
                for lines in (2, 1):  # fewer lines, each at the smallest size, until the height suffices
                    items["name"] = self.words("name", self.name, lines, True) or items["name"]
                    if plan_height(self.lines(items, logo, 0.0)) <= self.column.h + 1e-9:
                        break
            elif step in items:
                del items[step]
            else:
                continue
            if step not in gave_way:
                gave_way.append(step)
        if plan_height(self.lines(items, logo, 0.0)) > self.column.h + 1e-9:
            self.problem = "height"
            return None
        for n in range(_STEPS, -1, -1):
            plan = self.lines(items, logo, n / _STEPS)
            if plan_height(plan) <= self.column.h + 1e-9:
                lot_lines = sum(1 for line in plan.lines if line.role == "lot")
                if lot_lines > 1 or sum(1 for line in plan.lines if line.role == "serial") > 1:
                    gave_way.append("codes_wrap")
                if lot_lines > 2:
                    gave_way.append("lot_three_lines")
                return replace(plan, gave_way=tuple(gave_way), too_wide=tuple(too_wide))
        return None  # not reached: the smallest sizes fit

    def lines(self, items: dict[str, _Item], logo: bool, s: float) -> FittedPlan:
        lines: list[FittedLine] = []
        sizes = {role: min(item.cap, MIN_PT[role] + s * (MAX_PT[role] - MIN_PT[role])) for role, item in items.items()}
        sizes["lot"] = sizes["serial"] = min(sizes["lot"], sizes["serial"])  # the two codes read as a pair
        for role in SECONDARY:
            if role in sizes and "name" in sizes:
                sizes[role] = max(MIN_PT[role], min(sizes[role], sizes["name"]))
        for role in ORDER:
            item = items.get(role)
            if item is None:
                continue
            size = sizes[role]
            found = item.lines_at(size)
            assert found is not None  # below its cap a line always fits
            lines += [FittedLine(role, text, size, ink, i == 0) for i, (text, ink) in enumerate(found)]
        logo_h, logo_w = self.logo_size(s) if logo else (0.0, 0.0)
        return FittedPlan(tuple(lines), logo_h, logo_w, ())

    def logo_size(self, s: float) -> tuple[float, float]:
        assert self.logo_aspect
        largest = max(LOGO_MIN_MM, min(9.0, 0.3 * self.column.h))
        h = min(LOGO_MIN_MM + s * (largest - LOGO_MIN_MM), self.column.w / self.logo_aspect)
        return h, h * self.logo_aspect

    def refusal(self, stock: LabelTemplate) -> str:
        """Which of the things a stamp must show does not fit, said in words."""
        room = _("{width:.1f} × {height:.1f} mm beside the QR code").format(width=self.column.w, height=self.column.h)
        if self.problem == "serial":
            what = _("the serial")
        elif self.problem == "lot":
            what = _("the lot code {lot}").format(lot=self.lot)
        else:
            what = _("the lot code {lot} and the serial").format(lot=self.lot)
        return _(
            "On {template}, {what} does not fit at the smallest legible size ({points:g} pt) in the {room}. "
            "The lot code and the serial are never shortened: choose a larger label or a smaller QR size."
        ).format(template=stock.name, what=what, points=MIN_PT["lot"], room=room)
