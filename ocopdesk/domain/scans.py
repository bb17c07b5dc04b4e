"""Stamp checks read from a web server's access log: what is kept per stamp, and the signals that
say a stamp may be copied, guessed or abused, each with its reason in plain words.

Only aggregates are kept (see README "Quét tem: privacy"): per stamp its first and last check, its
count, per network (a keyed hash of the /24 or /48, never the address) its first check and count,
checks per day, per device family and per country where the log carries one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ocopdesk.i18n import N_, _

# One genuine product is checked by its buyer, perhaps a shop and a neighbour: a handful of networks
# over its life. The same serial from this many networks within the window reads like a printed copy.
COPY_NETWORKS = 4
COPY_WINDOW = dt.timedelta(days=14)
BURST_PER_DAY = 30  # checks of one stamp in one UTC day: a script, or a copy passed round a market
NETWORK_DAYS_KEPT = 90  # hashed network rows are dropped this long after their last check

SIGNALS = {
    "copied": N_(
        "Checked from {networks} different networks within {days} days: the stamp may have been "
        "photocopied onto other goods."
    ),
    "voided": N_("Checked {checks} times although it was voided: a spoiled or withdrawn stamp is in circulation."),
    "unprinted": N_("Checked {checks} times although it was never printed: the serial leaked from the catalogue."),
    "unknown": N_(
        "Checked {checks} times but never issued by you: someone typed or guessed a serial, or copied a stamp "
        "of another producer."
    ),
    "burst": N_("{checks} checks in one day ({day}): far more than one buyer makes."),
}


@dataclass(frozen=True, slots=True)
class StampScans:
    """What the catalogue keeps about the checks of one serial."""

    serial: str
    gtin: str
    lot: str
    first_at: str  # ISO 8601 UTC, seconds
    last_at: str
    checks: int
    networks: int
    devices: dict[str, int] = field(default_factory=dict)
    countries: dict[str, int] = field(default_factory=dict)
    status: str = ""  # "issued", "voided" or "" when the catalogue never issued the serial
    printed: bool = False
    flags: tuple[Flag, ...] = ()

    @property
    def first_day(self) -> dt.date:
        return dt.date.fromisoformat(self.first_at[:10])


@dataclass(frozen=True, slots=True)
class Flag:
    kind: str  # a key of SIGNALS
    values: dict[str, object]

    def explain(self) -> str:
        """The reason in the clerk's language."""
        return _(SIGNALS[self.kind]).format(**self.values)


def copied(densest: int) -> Flag | None:
    """`densest`: the most networks first seen within any COPY_WINDOW (counted by the scan store over
    each stamp's networks); COPY_NETWORKS or more reads like a printed copy."""
    if densest < COPY_NETWORKS:
        return None
    return Flag("copied", {"networks": densest, "days": COPY_WINDOW.days})


def judge(scans: StampScans, densest: int, busiest_day: tuple[str, int] | None) -> tuple[Flag, ...]:
    """Every signal that applies to one stamp, the strongest first; `densest` as `copied` takes it."""
    flags: list[Flag] = []
    if not scans.status:
        flags.append(Flag("unknown", {"checks": scans.checks}))
    elif scans.status == "voided":
        flags.append(Flag("voided", {"checks": scans.checks}))
    elif not scans.printed:
        flags.append(Flag("unprinted", {"checks": scans.checks}))
    copy = copied(densest)
    if copy is not None:
        flags.insert(0, copy)
    if busiest_day and busiest_day[1] >= BURST_PER_DAY:
        day = dt.date.fromisoformat(busiest_day[0]).strftime("%d/%m/%Y")
        flags.append(Flag("burst", {"checks": busiest_day[1], "day": day}))
    return tuple(flags)
