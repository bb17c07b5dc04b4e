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

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.domain.label import MIN_QR_MODULE_MM, LabelTemplate
from ocopdesk.i18n import _

PT_MM = 25.4 / 72
QUIET_ZONE = 4  # modules on every side (ISO/IEC 18004)
CAPTION = "Quét mã để truy xuất nguồn gốc"  # printed on every stamp, in Vietnamese on purpose
ELLIPSIS = "…"

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


# ---------------------------------------------------------------- the serial line, shared by a job


class SerialRoom:
    """Room kept for the serial line: the union of the inks of every stamp in the job, so one
    plan serves them all and each stamp only swaps its own serial in. Each arrangement is measured
    only if the fitting asks for it (most stocks never need the serial on two or three lines)."""

    def __init__(self, stamps: Iterable[tuple[str, int]], measure: Measure) -> None:
        self.stamps = list(stamps)
        if not self.stamps:
            raise ValueError("a serial room needs at least one stamp")
        self.measure = measure

    def _union(self, texts: Callable[[str, int], Iterable[str]]) -> Ink:
        inks = (self.measure(text, False) for serial, number in self.stamps for text in texts(serial, number))
        return functools.reduce(Ink.union, inks)

    @functools.cached_property
    def whole(self) -> Ink:
        """ "SERIAL · N" on one line."""
        return self._union(lambda serial, number: [serial_line(serial, number)])

    @functools.cached_property
    def serial(self) -> Ink:
        """ "SERIAL" alone, the number on the next line."""
        return self._union(lambda serial, _number: [serial])

    @functools.cached_property
    def number(self) -> Ink:
        """ "số N" under the serial."""
        return self._union(lambda _serial, number: [number_line(number)])

    @functools.cached_property
    def halves(self) -> Ink:
        """On the narrowest stock the serial's two halves, one under the other."""
        return self._union(lambda serial, _number: serial_halves(serial))


def serial_line(serial: str, number: int) -> str:
    return f"{serial} · {number}"


def number_line(number: int) -> str:
    return f"số {number}"


def serial_halves(serial: str) -> tuple[str, str]:
    middle = (len(serial) + 1) // 2
    return serial[:middle], serial[middle:]


def serial_room(stamps: Iterable[tuple[str, int]], measure: Measure) -> SerialRoom:
    return SerialRoom(stamps, measure)


# ---------------------------------------------------------------- line breaking


def _wrap_words(text: str, fits: Callable[[str], bool], max_lines: int, shorten: bool) -> list[str] | None:
    """Greedy word wrap in at most `max_lines`; with `shorten`, the last line is cut at a word and
    ends with "…" instead of failing."""
    words = text.split()
    lines: list[str] = []
    while words:
        if len(lines) == max_lines:
            return _shortened(lines, words, fits) if shorten else None
        line = words.pop(0)
        if not fits(line):
            if not shorten:
                return None
            return [*lines, _cut(line, fits)]
        while words and fits(f"{line} {words[0]}"):
            line = f"{line} {words.pop(0)}"
        lines.append(line)
    return lines


def _shortened(lines: list[str], rest: list[str], fits: Callable[[str], bool]) -> list[str]:
    last_words = lines[-1].split() + rest
    kept: list[str] = []
    for word in last_words:
        if not fits(" ".join([*kept, word]) + ELLIPSIS):
            break
        kept.append(word)
    last = " ".join(kept) + ELLIPSIS if kept else _cut(last_words[0], fits)
    return [*lines[:-1], last]


def _cut(word: str, fits: Callable[[str], bool]) -> str:
    while len(word) > 1 and not fits(word + ELLIPSIS):
        word = word[:-1]
    return word + ELLIPSIS


def _wrap_code(prefix: str, code: str, fits: Callable[[str], bool], max_lines: int) -> list[str] | None:
    """A code is never shortened: it breaks after the prefix, after its own - . / _, and only as a
    last resort between any two characters; no character is added or lost."""
    if fits(prefix + code):
        return [prefix + code]
    if max_lines == 1:
        return None
    pieces = [prefix.rstrip()] if prefix.strip() else []
    current = ""
    for char in code:
        current += char
        if char in "-./_":
            pieces.append(current)
            current = ""
    if current:
        pieces.append(current)
    lines: list[str] = []
    line = ""
    for piece in pieces:
        glue = " " if line == prefix.rstrip() and prefix.strip() else ""
        if line and fits(line + glue + piece):
            line += glue + piece
            continue
        if line:
            lines.append(line)
        line = ""
        for char in piece:  # a piece too long for a line of its own breaks between characters
            if line and not fits(line + char):
                lines.append(line)
                line = ""
            line += char
        if not fits(line):
            return None
    if line:
        lines.append(line)
    return lines if len(lines) <= max_lines else None


# ---------------------------------------------------------------- fitting


@dataclass(frozen=True, slots=True)
class _Line:
    role: str
    text: str
    size: float
    ink: Ink  # em
    first: bool  # first line of its item (a wider gap above)


@dataclass(frozen=True, slots=True)
class _Plan:
    lines: tuple[_Line, ...]
    logo_h: float  # mm, 0 for none
    logo_w: float
    gave_way: tuple[str, ...]
    too_wide: tuple[str, ...] = ()


@dataclass(frozen=True)
class LabelPlan:
    """A fitted label for one lot's text; `place` puts one stamp's serial into it."""

    stock: LabelTemplate
    qr: QrBox
    column: Rect
    lines: tuple[tuple[_Line, float, float], ...]  # line, pen x, baseline y (mm)
    logo: Rect | None
    gave_way: tuple[str, ...]
    too_wide: tuple[str, ...]
    _measure: Measure = field(repr=False, compare=False)

    def place(self, serial: str, number: int) -> LabelLayout:
        boxes = []
        count = sum(1 for line, _x, _y in self.lines if line.role == "serial")
        serial_lines = iter(
            {1: [serial_line(serial, number)], 2: [serial, number_line(number)]}.get(
                count, [*serial_halves(serial), number_line(number)]
            )
        )
        for line, _x, y in self.lines:
            text = next(serial_lines) if line.role == "serial" else line.text
            ink = self._measure(text, line.role in BOLD) if line.role == "serial" else line.ink
            em = line.size * PT_MM
            x = self.column.x - ink.left * em
            rect = Rect(self.column.x, y + ink.top * em, ink.width * em, (ink.bottom - ink.top) * em)
            boxes.append(TextBox(line.role, text, line.role in BOLD, line.size, x, y, rect))
        safe = _safe(self.stock)
        return LabelLayout(
            self.stock.label_w, self.stock.label_h, safe, self.qr, tuple(boxes), self.logo, self.gave_way, self.too_wide
        )


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
    placed, logo = _stack(column, plan)
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
            role, lambda size: _wrap_words(text, lambda t: self.fits(t, role, size), max_lines, shorten)
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
            self.texts("lot", lambda size: _wrap_code("Lô ", self.lot, lambda t: self.fits(t, "lot", size), lines)),
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

    def fit(self) -> _Plan | None:
        gave_way: list[str] = []
        too_wide: list[str] = []
        items = self.width_pass(too_wide)
        if items is None:
            return None
        logo = bool(self.logo_aspect) and "logo" not in too_wide
        for step in GIVE_WAY:
            if _height(self.lines(items, logo, 0.0)) <= self.column.h + 1e-9:
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
                    if _height(self.lines(items, logo, 0.0)) <= self.column.h + 1e-9:
                        break
            elif step in items:
                del items[step]
            else:
                continue
            if step not in gave_way:
                gave_way.append(step)
        if _height(self.lines(items, logo, 0.0)) > self.column.h + 1e-9:
            self.problem = "height"
            return None
        for n in range(_STEPS, -1, -1):
            plan = self.lines(items, logo, n / _STEPS)
            if _height(plan) <= self.column.h + 1e-9:
                lot_lines = sum(1 for line in plan.lines if line.role == "lot")
                if lot_lines > 1 or sum(1 for line in plan.lines if line.role == "serial") > 1:
                    gave_way.append("codes_wrap")
                if lot_lines > 2:
                    gave_way.append("lot_three_lines")
                return replace(plan, gave_way=tuple(gave_way), too_wide=tuple(too_wide))
        return None  # not reached: the smallest sizes fit

    def lines(self, items: dict[str, _Item], logo: bool, s: float) -> _Plan:
        lines: list[_Line] = []
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
            lines += [_Line(role, text, size, ink, i == 0) for i, (text, ink) in enumerate(found)]
        logo_h, logo_w = self.logo_size(s) if logo else (0.0, 0.0)
        return _Plan(tuple(lines), logo_h, logo_w, ())

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


def _gap(line: _Line, previous: _Line | None) -> float:
    """Space (mm) above a line: tight inside one item, wider between items."""
    if previous is None:
        return 0.0
    em = max(line.size, previous.size) * PT_MM
    return max(0.12, 0.14 * em) if not line.first else max(0.3, 0.32 * em)


def _height(plan: _Plan) -> float:
    total = plan.logo_h + (max(0.4, 0.1 * plan.logo_h) if plan.logo_h and plan.lines else 0.0)
    previous = None
    for line in plan.lines:
        total += _gap(line, previous) + (line.ink.bottom - line.ink.top) * line.size * PT_MM
        previous = line
    return total


def _stack(column: Rect, plan: _Plan) -> tuple[tuple[tuple[_Line, float, float], ...], Rect | None]:
    """Baselines, top to bottom. Spare height widens the gaps between items a little (up to half an
    em each) and what is left centres the block beside the QR code."""
    spare = column.h - _height(plan)
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
