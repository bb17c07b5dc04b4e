"""Label stock as data: A4 sheets and thermal rolls (resources/labels/*.json, plus the user's own
templates), read and checked so a damaged file is refused with a message naming it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ocopdesk.bundled import resource
from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.i18n import _

FORMAT = "ocopdesk-label/1"
MIN_QR_MODULE_MM = 0.396  # GS1 General Specifications §5.12.3.1


class TemplateError(OcopDeskError):
    """A label template file is missing, damaged or describes an impossible sheet."""


@dataclass(frozen=True, slots=True)
class ThermalMedia:
    """What a thermal roll printer must be told about a roll before it prints on it: its resolution
    (the roll's usual printer; the job may choose the other), how it finds the next label (the gap
    between labels, or a black mark printed on the back) and a starting speed and darkness."""

    dpi: int = 203  # 203 or 300
    gap_mm: float = 2.0  # between labels; 0 with a black mark
    mark_mm: float = 0.0  # height of the black mark, 0 for gap sensing
    speed_ips: int = 4  # inches a second
    darkness: int = 8  # 0–15 (TSPL DENSITY; ZPL ~SD takes 0–30, twice this)


@dataclass(frozen=True, slots=True)
class LabelTemplate:
    id: str
    name: str
    kind: str  # sheet | roll
    page_w: float
    page_h: float
    label_w: float
    label_h: float
    columns: int
    rows: int
    first_x: float
    first_y: float
    pitch_x: float
    pitch_y: float
    corner_radius: float = 0.0
    safe_margin: float = 1.0
    equivalents: tuple[str, ...] = ()
    thermal: ThermalMedia | None = None  # how a thermal printer feeds this roll; None for sheets

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    @property
    def title(self) -> str:
        """The stock as a clerk finds it in a shop: its size, then the products sold under it ("Avery L7651,
        Tanex A4 65"), since the box in hand names the brand's code rather than the size."""
        return f"{self.name} ({', '.join(self.equivalents)})" if self.equivalents else self.name

    def proposed_issue(self, quantity: int | None, issued: int = 0) -> int:
        """How many stamps to issue for a lot so printing uses whole sheets (whole rows on a roll): the
        packs still without a stamp rounded up to full sheets, or one sheet when the quantity is unknown.
        A roll has no sheet to waste, so it proposes the packs left, or 10 rows. A lot stamped already
        (every pack, or some when the quantity is unknown) gets 0: what the clerk needs next is printing,
        and a proposal would invite a second issue (the clerk's walk, #22)."""
        left = (quantity or 0) - issued
        if issued > 0 and left <= 0:
            return 0
        if self.kind == "roll":
            wanted = left if left > 0 else 10 * self.columns
            return -(-wanted // self.columns) * self.columns
        return max(1, -(-left // self.per_page)) * self.per_page

    def position(self, index: int) -> tuple[float, float]:
        """Top-left corner (mm) of label `index` on its page, row by row."""
        row, column = divmod(index % self.per_page, self.columns)
        return self.first_x + column * self.pitch_x, self.first_y + row * self.pitch_y


def parse_template(data: Any, origin: str) -> LabelTemplate:
    def bad(reason: str) -> TemplateError:
        return TemplateError(_("The label template {file} cannot be used: {reason}").format(file=origin, reason=reason))

    try:
        if data.get("format") != FORMAT:
            raise bad(_("it is not an OCOPDesk label template"))
        page, label, layout = data["page"], data["label"], data["layout"]
        template = LabelTemplate(
            id=str(data["id"]),
            name=str(data["name"]),
            kind=str(data["kind"]),
            page_w=float(page["width_mm"]),
            page_h=float(page["height_mm"]),
            label_w=float(label["width_mm"]),
            label_h=float(label["height_mm"]),
            columns=int(layout["columns"]),
            rows=int(layout["rows"]),
            first_x=float(layout["first_x_mm"]),
            first_y=float(layout["first_y_mm"]),
            pitch_x=float(layout["pitch_x_mm"]),
            pitch_y=float(layout["pitch_y_mm"]),
            corner_radius=float(label.get("corner_radius_mm", 0)),
            safe_margin=float(label.get("safe_margin_mm", 1)),
            equivalents=tuple(str(e) for e in data.get("equivalents", ())),
            thermal=_thermal(data.get("thermal")),
        )
    except (AttributeError, KeyError, TypeError, ValueError) as exc:
        raise bad(_("a value is missing or not a number ({detail})").format(detail=exc)) from exc
    problem = _check(template)
    if problem:
        raise bad(problem)
    return template


def _thermal(data: Any) -> ThermalMedia | None:
    """The optional "thermal" section of a roll template (dpi, gap_mm or mark_mm, speed_ips, darkness)."""
    if data is None:
        return None
    return ThermalMedia(
        dpi=int(data.get("dpi", 203)),
        gap_mm=float(data.get("gap_mm", 2.0)),
        mark_mm=float(data.get("mark_mm", 0.0)),
        speed_ips=int(data.get("speed_ips", 4)),
        darkness=int(data.get("darkness", 8)),
    )


def _check(t: LabelTemplate) -> str:
    if t.kind not in ("sheet", "roll"):
        return _("kind must be sheet or roll")
    if min(t.page_w, t.page_h, t.label_w, t.label_h, t.columns, t.rows) <= 0 or t.safe_margin < 0:
        return _("sizes and counts must be greater than 0")
    if t.pitch_x < t.label_w - 1e-6 or t.pitch_y < t.label_h - 1e-6:
        return _("labels would overlap (the pitch is smaller than the label)")
    right = t.first_x + (t.columns - 1) * t.pitch_x + t.label_w
    bottom = t.first_y + (t.rows - 1) * t.pitch_y + t.label_h
    if t.first_x < 0 or t.first_y < 0 or right > t.page_w + 0.01 or bottom > t.page_h + 0.01:
        return _("the labels do not fit on the page")
    media = t.thermal
    if media is not None and (
        media.dpi not in (203, 300)
        or min(media.gap_mm, media.mark_mm) < 0
        or not 1 <= media.speed_ips <= 14
        or not 0 <= media.darkness <= 15
    ):
        return _(
            "the thermal settings must have dpi 203 or 300, a gap or mark of 0 mm or more, speed 1–14, darkness 0–15"
        )
    return ""


def load_file(path: Path) -> LabelTemplate:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise TemplateError(
            _("The label template {file} cannot be used: {reason}").format(
                file=path.name, reason=_("it is not readable JSON")
            )
        ) from exc
    return parse_template(data, path.name)


def templates(user_dir: Path | None = None) -> dict[str, LabelTemplate]:
    """Shipped stock, then the user's own (which may replace a shipped one with the same id)."""
    found: dict[str, LabelTemplate] = {}
    for folder in (resource("labels"), user_dir):
        if folder is not None and folder.is_dir():
            for path in sorted(folder.glob("*.json")):
                template = load_file(path)
                found[template.id] = template
    return found
