"""`shipping list|load|set`: the shipping channels the shop has turned on in its seller centre (the same
service the Marketplaces page's “Shipping on Shopee” box calls)."""

from __future__ import annotations

import argparse
from pathlib import Path

from ocopdesk.cli.base import Subparsers, command, group, open_service, out
from ocopdesk.domain.money import format_number
from ocopdesk.i18n import _
from ocopdesk.services import markets, shipping
from ocopdesk.services.shipping import ShippingChoice


def _marketplace_option(p: argparse.ArgumentParser) -> None:
    names = [m.id for m in markets.marketplaces().values() if m.shipping is not None]
    p.add_argument("--marketplace", default=names[0], choices=names, metavar="|".join(names))


def register(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    ssub = group(sub, common, "shipping", _("the shipping channels your shop has turned on (Shopee)"))
    p = command(ssub, common, "list", _("the channels there are, and which are on"), cmd_list)
    _marketplace_option(p)
    p = command(ssub, common, "load", _("read the channels from your seller centre's mass-upload template"), cmd_load)
    _marketplace_option(p)
    p.add_argument("file", type=Path, metavar="FILE.xlsx")
    p = command(ssub, common, "set", _("turn on exactly these channels (ids or names), the others off"), cmd_set)
    _marketplace_option(p)
    p.add_argument("channels", nargs="+", metavar=_("CHANNEL"))


def show(found: ShippingChoice) -> None:
    source = found.source or _("the built-in list (Shopee's template of July 2025)")
    out(_("Shipping channels on {market}, from {source}:").format(market=found.market_id, source=source))
    for channel in found.channels:
        mark = "✓" if channel.id in found.on else " "
        cap = _(" (up to {price} đ)").format(price=format_number(channel.max_price)) if channel.max_price else ""
        out(f"  [{mark}] {channel.id:<8} {channel.name}{cap}")
    if not found.on:
        out(
            _(
                "None is on: {market} refuses the products. Turn on the channels your shop has with "
                "`ocopdesk shipping set`."
            ).format(market=found.market_id)
        )


def cmd_list(args: argparse.Namespace) -> int:
    show(shipping.choice(open_service(args), args.marketplace))
    return 0


def cmd_load(args: argparse.Namespace) -> int:
    found, _changes = shipping.read_template(open_service(args), args.marketplace, args.file)
    show(found)
    return 0


def cmd_set(args: argparse.Namespace) -> int:
    found, _changes = shipping.choose(open_service(args), args.marketplace, args.channels)
    show(found)
    return 0
