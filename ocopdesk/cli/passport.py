"""`products passport`, `batches event` and `producers list|set`: the passport items (#25) from the command
line, through the same services as the editors."""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

from ocopdesk.cli.base import Subparsers, command, date_arg, err, group, open_service, out
from ocopdesk.domain.batch import EVENT_KINDS, BatchEvent
from ocopdesk.domain.errors import NotFoundError
from ocopdesk.domain.passport import PRIVATE_CHOICES
from ocopdesk.i18n import _
from ocopdesk.services import passport
from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.stamps import find_lot

_PRODUCT_OPTIONS = {  # option → Product field
    "brand": "brand",
    "standard": "standard_number",
    "standard_title": "standard_title",
    "warnings": "warnings",
    "usage": "usage",
}
_PRODUCER_OPTIONS = ("tax_code", "registration_no", "gln", "private")


def add_product_commands(psub: Subparsers, common: argparse.ArgumentParser) -> None:
    p = command(psub, common, "passport", _("show or declare a product's passport items"), cmd_products_passport)
    p.add_argument("sku", metavar="SKU")
    p.add_argument("--brand", help=_("brand or trademark"))
    p.add_argument("--standard", help=_("the applied standard's number, e.g. TCCS 01:2024/HTX"))
    p.add_argument("--standard-title", help=_("the applied standard's title"))
    p.add_argument("--warnings", help=_("safety warnings"))
    p.add_argument("--usage", help=_("instructions for use"))
    add_dossier_command(psub, common)


def add_dossier_command(psub: Subparsers, common: argparse.ArgumentParser) -> None:
    p = command(psub, common, "dossier", _("a product's quality dossier: one PDF, and the scans as a ZIP"), cmd_dossier)
    p.add_argument("sku", metavar="SKU")
    p.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    p.add_argument("--zip", type=Path, metavar="FILE.zip", help=_("also the scanned documents, in one ZIP"))


def cmd_dossier(args: argparse.Namespace) -> int:
    from ocopdesk.services.dossier import write_quality_dossier  # loads Qt's painter, only for this command

    report = write_quality_dossier(open_service(args), args.sku, args.out, args.zip)
    out(_("Quality dossier written to {path} ({scans} scanned pages).").format(path=report.pdf, scans=report.scans))
    if report.archive:
        out(_("{count} documents in {path}.").format(count=report.files, path=report.archive))
    return 0


def add_batch_commands(bsub: Subparsers, common: argparse.ArgumentParser) -> None:
    p = command(bsub, common, "event", _("add a production stage to a lot, with its time and place"), cmd_event)
    p.add_argument("--lot", required=True)
    p.add_argument("--sku", help=_("the product, when several products have this lot code"))
    p.add_argument("--kind", required=True, choices=tuple(EVENT_KINDS))
    p.add_argument("--date", required=True, type=date_arg, help=_("the day it happened"))
    p.add_argument("--time", default="", help=_("the time it happened, HH:MM"))
    p.add_argument("--place", default="", help=_("where, as people say it, e.g. Xưởng HTX"))
    p.add_argument("--commune", default="", help=_("the commune's code (2025 list), the place's tracing code"))
    p.add_argument("--gln", default="", help=_("the place's GS1 location number (GLN), when it has one"))
    p.add_argument("--actor", default="", help=_("who did it"))
    p.add_argument("--note", default="")
    p.add_argument(
        "--input-lot",
        action="append",
        default=[],
        metavar="LOT",
        help=_("a lot this stage used (honey for the bottled honey), SKU:LOT when several products have the code"),
    )


def register(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    rsub = group(sub, common, "producers", _("producers: identifiers and what their pages keep private"))
    command(rsub, common, "list", _("list producers"), cmd_producers_list)
    p = command(rsub, common, "set", _("change a producer's identifiers or privacy choices"), cmd_producers_set)
    p.add_argument("name", help=_("the producer's name (with or without diacritics)"))
    p.add_argument("--tax-code", help=_("tax code (mã số thuế)"))
    p.add_argument("--registration-no", help=_("business registration number"))
    p.add_argument("--gln", help=_("GS1 location number (GLN)"))
    p.add_argument(
        "--private",
        metavar=",".join(PRIVATE_CHOICES),
        help=_("items kept off the website beyond the legal minimum, comma-separated; empty: all public"),
    )


def cmd_products_passport(args: argparse.Namespace) -> int:
    service = open_service(args)
    detail = service.product_by_sku(args.sku)
    changes = {field: getattr(args, option) for option, field in _PRODUCT_OPTIONS.items()}
    changes = {k: v for k, v in changes.items() if v is not None}
    if changes:
        service.save_product(replace(detail.product, **changes))
        detail = service.product_by_sku(args.sku)
        out(_("Saved."))
    p = detail.product
    for label, value in (
        (_("Brand / trademark"), p.brand),
        (_("Applied standard"), " – ".join(x for x in (p.standard_number, p.standard_title) if x)),
        (_("Safety warnings"), p.warnings),
        (_("Instructions for use"), p.usage),
    ):
        out(f"{label}: {value or _('not declared')}")
    missing = passport.missing_line(passport.product_gaps(detail))
    if missing:
        err(missing)
    return 0


def cmd_event(args: argparse.Namespace) -> int:
    service = open_service(args)
    batch = find_lot(service, args.lot, args.sku)
    assert batch.id is not None
    inputs = tuple(_input_lot(service, given) for given in args.input_lot)
    event = BatchEvent(
        batch.id,
        args.kind,
        args.date,
        args.place,
        args.actor,
        args.note,
        args.time,
        args.commune,
        args.gln,
        inputs=inputs,
    )
    service.add_event(event)
    out(_("Stage added to lot {lot}.").format(lot=batch.lot_code))
    return 0


def _input_lot(service: CatalogService, given: str) -> int:
    """An input lot as LOT, or SKU:LOT when lot codes repeat across products (lot codes may hold "/", never ":")."""
    sku, _sep, lot = given.rpartition(":")
    found = find_lot(service, lot, sku or None)
    assert found.id is not None
    return found.id


def cmd_producers_list(args: argparse.Namespace) -> int:
    for p in open_service(args).producers():
        private = p.private_items or "-"
        out(f"{p.name}\t{p.tax_code or '-'}\t{p.registration_no or '-'}\t{p.gln or '-'}\t{private}")
    return 0


def cmd_producers_set(args: argparse.Namespace) -> int:
    service = open_service(args)
    found = service.producer_by_name(args.name)
    if found is None:
        raise NotFoundError(_("There is no producer named “{name}”.").format(name=args.name))
    given = {name: getattr(args, name) for name in _PRODUCER_OPTIONS if getattr(args, name) is not None}
    if "private" in given:
        unknown = [x for x in given["private"].split(",") if x.strip() and x.strip() not in PRIVATE_CHOICES]
        if unknown:
            err(
                _("Unknown items: {items}. Choose from {choices}.").format(
                    items=", ".join(unknown), choices=", ".join(PRIVATE_CHOICES)
                )
            )
            return 2
        given["private_items"] = given.pop("private")
    service.save_producer(replace(found, **given))
    out(_("Saved."))
    return 0
