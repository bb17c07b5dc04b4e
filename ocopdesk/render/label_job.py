"""The page loop every stamp back end shares, Qt-free: which stamp goes on which label of which page
(pagination, the first free label, copies in a row) and where that label sits once the printer's
calibration is applied. A back end (QPainter for PDF/preview/printer, ZPL, TSPL) implements
`LabelRenderer` and draws what it is handed; none of them repeats this arithmetic."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Protocol

from ocopdesk.domain.label import LabelTemplate
from ocopdesk.domain.print_request import Calibration
from ocopdesk.domain.stamp_boxes import LabelOptions, StampText

PROOF_MARK = "BẢN XEM THỬ"  # across every page of a proof PDF, in Vietnamese on purpose (like the caption)


@dataclass(frozen=True, slots=True)
class StampContent:
    url: str
    product_name: str
    lot: str
    serial: str
    number: int
    stars: int = 0  # 0: no valid certificate, so no stars may be printed

    @property
    def text(self) -> StampText:
        return StampText(self.product_name, self.lot, self.serial, self.number, self.stars)


@dataclass(frozen=True, slots=True)
class SheetJob:
    """What the renderer draws: stamps on a stock, where to start, how to shift, what to add."""

    template: LabelTemplate
    contents: list[StampContent]
    start_at: int = 1
    calibration: Calibration = field(default_factory=Calibration)
    outlines: bool = False
    copies: int = 1
    options: LabelOptions = field(default_factory=LabelOptions)
    proof: bool = False  # a proof carries PROOF_MARK across every page, never to be taken for counted stamps

    @property
    def labels(self) -> int:
        return len(self.contents) * self.copies


@dataclass(frozen=True, slots=True)
class PlacedLabel:
    """One label to draw: its top-left corner on the page (mm, calibrated), its stamp and its copy."""

    x: float
    y: float
    content: StampContent
    copy: int  # 0 for the first copy of a stamp: a back end encodes its QR code then


class LabelRenderer(Protocol):
    """A back end: told where each label goes, it lays the stamp out (its QR code's size is its own
    business: encoded here, or by the printer) and draws it there."""

    def begin_page(self, index: int) -> None: ...

    def label(self, placed: PlacedLabel) -> None: ...

    def end_page(self, index: int) -> None: ...


def pages(template: LabelTemplate, count: int, start_at: int = 1) -> Iterator[list[tuple[int, int]]]:
    """Yield, page by page, (label position on the page, item index) pairs; `start_at` skips the
    labels already used on a partly used first sheet."""
    slot, item = start_at - 1, 0
    while item < count:
        page = []
        while slot < template.per_page and item < count:
            page.append((slot, item))
            slot, item = slot + 1, item + 1
        yield page
        slot = 0


def label_count(job: SheetJob, max_pages: int | None = None) -> int:
    """Labels the job draws, cut to `max_pages` pages (a preview draws one)."""
    if max_pages is None:
        return job.labels
    return min(job.labels, max_pages * job.template.per_page - (job.start_at - 1))


def run_pages(job: SheetJob, renderer: LabelRenderer, max_pages: int | None = None) -> int:
    """Drive `renderer` through the job, page by page; returns the number of pages."""
    template, cal, copies = job.template, job.calibration, job.copies
    painted = 0
    for n, page in enumerate(pages(template, label_count(job, max_pages), job.start_at)):
        renderer.begin_page(n)
        for slot, index in page:
            item, copy = divmod(index, copies)
            content = job.contents[item]
            x, y = template.position(slot)
            placed = PlacedLabel(x * cal.scale_x + cal.offset_x, y * cal.scale_y + cal.offset_y, content, copy)
            renderer.label(placed)
        renderer.end_page(n)
        painted += 1
    return painted
