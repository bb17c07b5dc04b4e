"""The stamp page's item table (Circular 02/2024 + the 2026 passport) as typed values for the template
`passport.html`; its own block so other page changes merge around it."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup


@dataclass(frozen=True, slots=True)
class PassportRow:
    key: str  # an ITEMS key of domain/passport.py, or "gln"
    label: Markup
    value: str | Markup
    declared: bool


@dataclass(frozen=True, slots=True)
class InputLot:
    """A lot a stage used, linked to its own page ("" when it has none: a code saved before today's rule)."""

    code: str
    product: str
    href: str


@dataclass(frozen=True, slots=True)
class StageView:
    when: str  # dd/mm/yyyy, with HH:MM when known
    kind: str | Markup
    place: str  # the place as written, with its commune
    place_code: str | Markup  # "GLN …" or "Mã xã …", or "not declared"
    actor: str  # empty when the producer keeps it private
    note: str
    inputs: tuple[InputLot, ...] = ()  # "Nguyên liệu từ lô …": the lots this stage used (a TransformationEvent)


@dataclass(frozen=True, slots=True)
class PassportView:
    rows: list[PassportRow]
    stages: list[StageView]
    stages_label: Markup
    no_stages: Markup  # what shows when the lot has no stage
