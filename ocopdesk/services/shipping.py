"""The shipping channels a shop has turned on in its seller centre, kept once per catalogue for each
marketplace whose sheet switches channels on or off per product (Shopee): which channels there are
(read from the seller's own template, else the profile's built-in list), which are on, and the sheet
columns that write "Mở" for those and "Tắt" for the others. Shopee refuses a row with no channel on,
so none chosen is a readiness error (`readiness.shipping`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.domain.text import fold
from ocopdesk.i18n import _
from ocopdesk.marketplaces import shipping
from ocopdesk.marketplaces.base import Column, Marketplace, ShippingChannel, ShippingRules
from ocopdesk.render import sheets
from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.changes import Changes
from ocopdesk.services.markets import marketplace
from ocopdesk.services.progress import CancelToken, ProgressFn

PREFIX = "shipping."


@dataclass(frozen=True, slots=True)
class ShippingChoice:
    """One marketplace's channels and the ones the shop has on; `source`: the template they were read
    from ("" while the built-in list is offered)."""

    market_id: str
    channels: tuple[ShippingChannel, ...]
    on: frozenset[str]
    source: str = ""

    @property
    def chosen(self) -> tuple[ShippingChannel, ...]:
        return tuple(c for c in self.channels if c.id in self.on)


def rules_of(market: Marketplace) -> ShippingRules:
    if market.shipping is None:
        raise OcopDeskError(_("{market}'s sheet has no shipping channels to choose.").format(market=market.name))
    return market.shipping


def choice(service: CatalogService, marketplace_id: str) -> ShippingChoice:
    """What is stored for this marketplace; before anything is, the built-in channels, none on."""
    market = marketplace(marketplace_id)
    rules = rules_of(market)
    stored = service.settings.get_all(PREFIX).get(market.id) or {}
    channels = tuple(ShippingChannel(**c) for c in stored.get("channels", ())) or rules.built_in
    known = {c.id for c in channels}
    on = frozenset(str(i) for i in stored.get("on", ()) if str(i) in known)
    return ShippingChoice(market.id, channels, on, str(stored.get("source", "")))


def on_by_market(service: CatalogService, markets: Iterable[Marketplace]) -> dict[str, tuple[ShippingChannel, ...]]:
    """The channels on, for every marketplace of `markets` that has shipping channels (readiness reads them once)."""
    return {m.id: choice(service, m.id).chosen for m in markets if m.shipping is not None}


def _save(service: CatalogService, found: ShippingChoice) -> Changes:
    value = {
        "channels": [{"id": c.id, "name": c.name, "max_price": c.max_price} for c in found.channels],
        "on": [c.id for c in found.chosen],
        "source": found.source,
    }
    return service.settings.save(PREFIX, {found.market_id: value})


def choose(service: CatalogService, marketplace_id: str, wanted: Iterable[str]) -> tuple[ShippingChoice, Changes]:
    """Turn on exactly the channels `wanted` (ids, or names with or without diacritics) and the others off.
    An unknown one refuses all, naming the channels there are."""
    current = choice(service, marketplace_id)
    by_word = {c.id: c.id for c in current.channels} | {fold(c.name): c.id for c in current.channels}
    on, unknown = set(), []
    for word in wanted:
        found = by_word.get(word.strip()) or by_word.get(fold(word))
        if found:
            on.add(found)
        else:
            unknown.append(word)
    if unknown:
        names = ", ".join(f"{c.id} ({c.name})" for c in current.channels)
        raise OcopDeskError(
            _("There is no shipping channel {words}. The channels are: {names}.").format(
                words=", ".join(unknown), names=names
            )
        )
    updated = replace(current, on=frozenset(on))
    return updated, _save(service, updated)


def read_template(service: CatalogService, marketplace_id: str, path: Path) -> tuple[ShippingChoice, Changes]:
    """Take the channels from the seller's own template (its header rows), keeping on the channels that
    were on and are still offered. A template without channel columns refuses and changes nothing."""
    market = marketplace(marketplace_id)
    current = choice(service, market.id)
    channels = template_channels(market, Path(path))
    if not channels:
        raise OcopDeskError(
            _(
                "{file} has no shipping channel columns ({prefix}…). Download the mass-upload template from your "
                "{market} seller centre and choose that."
            ).format(file=Path(path).name, prefix=rules_of(market).key_prefix, market=market.name)
        )
    kept = current.on & {c.id for c in channels}
    updated = ShippingChoice(market.id, channels, frozenset(kept), Path(path).name)
    return updated, _save(service, updated)


def read_template_job(
    service: CatalogService, progress: ProgressFn, cancel: CancelToken, marketplace_id: str, path: Path
) -> tuple[ShippingChoice, Changes]:
    """For the window's background runner: a seller's template with its category list is megabytes."""
    progress(0, 0, _("Reading the shipping channels…"))
    return read_template(service, marketplace_id, path)


def template_channels(market: Marketplace, path: Path) -> tuple[ShippingChannel, ...]:
    """The channels of a template's data sheet (or of the first sheet that has any), read with the
    bounded spreadsheet reader: a template comes from outside."""
    rules = rules_of(market)
    tables = sorted(sheets.read_tables(path), key=lambda table: table[0] != market.sheet_name)
    for _name, rows in tables:
        found = shipping.channels_in(rows, rules)
        if found:
            return found
    return ()


def sheet_columns(market: Marketplace, channels: Iterable[ShippingChannel], on: Iterable[str]) -> tuple[Column, ...]:
    """One column per channel, keyed as the template keys it, "Mở" in every row for the channels on and
    "Tắt" for the others (the template's own words)."""
    rules = rules_of(market)
    on = set(on)
    return tuple(
        Column(rules.key_prefix + c.id, c.name, "", value=rules.on if c.id in on else rules.off) for c in channels
    )


def with_channels(
    service: CatalogService, market: Marketplace, template: Path | None, warnings: list[str]
) -> Marketplace:
    """`market` with its shipping columns added for the export: every channel of the template being filled
    (or of the stored list, without one), on as chosen. A chosen channel the template lacks is a warning;
    none of them there refuses, before anything is written."""
    if market.shipping is None:
        return market
    current = choice(service, market.id)
    channels = template_channels(market, template) if template is not None else current.channels
    channels = channels or current.channels
    offered = {c.id for c in channels}
    missing = [c.name for c in current.chosen if c.id not in offered]
    if current.on and not current.on & offered:
        raise OcopDeskError(
            _(
                "None of the shipping channels you turned on ({names}) is in this template. Choose the channels "
                "again from this template, in “Shipping on {market}” on the Marketplaces page."
            ).format(names=", ".join(missing), market=market.name)
        )
    if missing:
        warnings.append(
            _("The template has no column for the shipping channels: {names}").format(names=", ".join(missing))
        )
    return replace(market, columns=market.columns + sheet_columns(market, channels, current.on))
