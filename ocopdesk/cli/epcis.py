"""`export epcis`: the traceability events as an EPCIS 2.0 JSON-LD document (services/epcis_export.py)."""

from __future__ import annotations

import argparse
from pathlib import Path

from ocopdesk.cli.base import Subparsers, command, open_service, out
from ocopdesk.i18n import _
from ocopdesk.services.epcis_export import export_epcis


def add_export_command(esub: Subparsers, common: argparse.ArgumentParser) -> None:
    p = command(esub, common, "epcis", _("the traceability events as an EPCIS 2.0 document (JSON-LD)"), cmd_epcis)
    p.add_argument("--lot", help=_("only this lot"))
    p.add_argument("--sku", help=_("only this product (or the product of --lot, when several share its code)"))
    p.add_argument("--out", required=True, type=Path, metavar="FILE.jsonld")


def cmd_epcis(args: argparse.Namespace) -> int:
    report = export_epcis(open_service(args), args.out, lot=args.lot, sku=args.sku)
    out(
        _("Wrote {events} EPCIS events ({stamps} stamps, {lots} lots) to {path}.").format(
            events=report.events, stamps=report.stamps, lots=report.lots, path=report.path
        )
    )
    return 0
