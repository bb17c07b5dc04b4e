"""`stamps issue|list|verify|pdf|print|test-label|csv|void` and `templates list`: stamps and their label stock.

The PDF commands load the printing service (and with it Qt's painter) only when they run, so the other
commands start without it.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

from ocopdesk.cli.base import Subparsers, command, err, group, open_service, out
from ocopdesk.cli_output import (
    issued_json,
    stamp_rows,
    stamps_json,
    table,
    template_json,
    to_json,
    verification_json,
    verification_text,
)
from ocopdesk.domain.print_request import Calibration, PrintRequest
from ocopdesk.domain.stamp import parse_range
from ocopdesk.domain.stamp_boxes import LabelOptions
from ocopdesk.i18n import _
from ocopdesk.services import stamps


def register(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    ssub = group(sub, common, "stamps", _("traceability stamps"))
    p = command(ssub, common, "issue", _("issue new stamps for a lot"), cmd_stamps_issue)
    p.add_argument("--lot", required=True)
    p.add_argument("--count", required=True, type=int)
    p.add_argument("--sku", help=_("the product, when several products have this lot code"))
    p.add_argument("--json", action="store_true")
    p = command(ssub, common, "list", _("list the stamps of a lot"), cmd_stamps_list)
    p.add_argument("--lot", required=True)
    p.add_argument("--sku")
    p.add_argument("--json", action="store_true")
    p = command(
        ssub,
        common,
        "verify",
        _("check a scanned stamp or a typed serial (exit 0 when genuine, 3 when only the serial was checked)"),
        cmd_stamps_verify,
    )
    p.add_argument("text", metavar=_("URL_OR_SERIAL"))
    p.add_argument("--json", action="store_true")
    _add_pdf(command(ssub, common, "pdf", _("lay out a lot's stamps on label stock as a PDF"), cmd_stamps_pdf))
    _add_print(
        command(
            ssub, common, "print", _("send a lot's stamps to a thermal roll printer in its language"), cmd_stamps_print
        )
    )
    p = command(
        ssub, common, "test-label", _("send one sample stamp to a thermal printer (not counted)"), cmd_stamps_test_label
    )
    p.add_argument("--template", required=True, help=_("label stock, see `ocopdesk templates list`"))
    _add_offsets(p)
    _add_printer(p)
    p = command(ssub, common, "csv", _("the lot's stamps as CSV for gLabels or BarTender"), cmd_stamps_csv)
    p.add_argument("--lot", required=True)
    p.add_argument("--sku")
    p.add_argument("--serials", metavar="A-B", help=_("running numbers to list (default: all)"))
    p.add_argument("--out", required=True, type=Path, metavar="FILE.csv")
    p = command(ssub, common, "void", _("void a range of stamps, e.g. a spoiled sheet"), cmd_stamps_void)
    p.add_argument("--lot", required=True)
    p.add_argument("--serials", required=True, metavar="A-B", help=_("running numbers, e.g. 41-65"))
    p.add_argument("--reason", required=True)
    p.add_argument("--sku")


def register_templates(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    tsub = group(sub, common, "templates", _("label stock for stamps"))
    p = command(tsub, common, "list", _("list label stock"), cmd_templates_list)
    p.add_argument("--json", action="store_true")


def _add_pdf(p: argparse.ArgumentParser) -> None:
    p.add_argument("--lot", required=True)
    p.add_argument("--sku")
    p.add_argument("--serials", metavar="A-B", help=_("running numbers to print (default: all)"))
    p.add_argument("--template", required=True, help=_("label stock, see `ocopdesk templates list`"))
    p.add_argument("--start-at", type=int, default=1, metavar="K", help=_("first free label on a partly used sheet"))
    _add_offsets(p)
    p.add_argument("--outlines", action="store_true", help=_("draw label outlines (alignment test)"))
    p.add_argument(
        "--for-print",
        action="store_true",
        help=_("the PDF you will print: its stamps count as printed (without it the PDF is a proof, not counted)"),
    )
    p.add_argument("--copies", type=int, default=1, metavar="N", help=_("print each stamp N times in a row"))
    p.add_argument("--text", default=None, help=_("one line of your own on every stamp"))
    p.add_argument("--logo", default=None, metavar="FILE", help=_("the cooperative's logo (PNG or JPEG)"))
    p.add_argument("--qr-size", default=None, choices=("large", "medium", "small"), help=_("size of the QR code"))
    p.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")


def _add_offsets(p: argparse.ArgumentParser) -> None:
    """The calibration shift; negative for a printer that prints too far right or down (#26)."""
    p.add_argument(
        "--offset-x", type=float, default=0.0, metavar="MM", help=_("shift right in mm; negative shifts left")
    )
    p.add_argument("--offset-y", type=float, default=0.0, metavar="MM", help=_("shift down in mm; negative shifts up"))


def _add_printer(p: argparse.ArgumentParser) -> None:
    p.add_argument("--language", required=True, choices=("zpl", "tspl"), help=_("ZPL for Zebra, TSPL for TSC/Xprinter"))
    p.add_argument("--dpi", type=int, default=None, choices=(203, 300), help=_("default: the roll's own"))
    p.add_argument("--to", required=True, metavar=_("PRINTER|tcp://HOST:9100|FILE"))


def _add_print(p: argparse.ArgumentParser) -> None:
    p.add_argument("--lot", required=True)
    p.add_argument("--sku")
    p.add_argument("--serials", metavar="A-B", help=_("running numbers to print (default: all)"))
    p.add_argument("--template", required=True, help=_("label stock, see `ocopdesk templates list`"))
    _add_offsets(p)
    p.add_argument("--copies", type=int, default=1, metavar="N", help=_("print each stamp N times in a row"))
    p.add_argument("--text", default=None, help=_("one line of your own on every stamp"))
    p.add_argument("--logo", default=None, metavar="FILE", help=_("the cooperative's logo (PNG or JPEG)"))
    p.add_argument("--qr-size", default=None, choices=("large", "medium", "small"), help=_("size of the QR code"))
    _add_printer(p)


def cmd_stamps_issue(args: argparse.Namespace) -> int:
    result = stamps.issue(open_service(args), args.lot, args.count, args.sku)
    if args.json:
        out(to_json(issued_json(result)))
    else:
        out(
            _("Issued {count} stamps for lot {lot}: numbers {first}–{last}.").format(
                count=len(result.urls), lot=result.batch.lot_code, first=result.first, last=result.last
            )
        )
    return 0


def cmd_stamps_list(args: argparse.Namespace) -> int:
    service = open_service(args)
    rows = stamps.urls_for(service, stamps.find_lot(service, args.lot, args.sku))
    out(to_json(stamps_json(rows)) if args.json else stamp_rows(rows))
    return 0


def cmd_stamps_verify(args: argparse.Namespace) -> int:
    answer = stamps.verify(open_service(args), args.text)
    out(to_json(verification_json(answer)) if args.json else verification_text(answer))
    return 0 if answer.genuine else 3 if answer.result == "serial" else 1


def _serial_range(text: str | None, message: str) -> tuple[int, int | None] | None:
    if not text:
        return 1, None
    try:
        return parse_range(text)
    except ValueError:
        err(message)
        return None


def cmd_stamps_pdf(args: argparse.Namespace) -> int:
    from ocopdesk.services.stamp_print import FOR_PRINT, PROOF, load_label_options, pdf_for_lot  # loads Qt

    span = _serial_range(args.serials, _("Write the stamps to print as running numbers, e.g. 1-65."))
    if span is None:
        return 2
    service = open_service(args)
    request = _request(args, load_label_options(service), span)
    result = pdf_for_lot(service, request, args.out, FOR_PRINT if args.for_print else PROOF)
    for note in (result.stars_note, *result.notes):
        if note:
            err(note)
    out(
        _("Wrote {count} stamps on {pages} page(s) to {path}.").format(
            count=result.count, pages=result.pages, path=result.path
        )
    )
    if result.counted:
        out(_("Counted as printed: this PDF is the one you print."))
    else:
        out(_("A proof, not counted as printed. Make the PDF you will print with --for-print."))
    return 0


def _request(args: argparse.Namespace, options: LabelOptions, span: tuple[int, int | None]) -> PrintRequest:
    """The request both `stamps pdf` and `stamps print` make: the cooperative's saved label options
    (own line, logo, QR size) with what this command line changes."""
    own = {"own_text": args.text, "logo": args.logo, "qr_size": args.qr_size}
    options = replace(options, **{key: value for key, value in own.items() if value is not None})
    return PrintRequest(
        lot=args.lot,
        stock=args.template,
        sku=args.sku,
        first=span[0],
        last=span[1],
        start_at=getattr(args, "start_at", 1),
        calibration=Calibration(args.offset_x, args.offset_y),
        outlines=getattr(args, "outlines", False),
        copies=args.copies,
        options=options,
    )


def cmd_stamps_print(args: argparse.Namespace) -> int:
    from ocopdesk.services.stamp_print import load_label_options  # loads Qt
    from ocopdesk.services.thermal_print import print_lot

    span = _serial_range(args.serials, _("Write the stamps to print as running numbers, e.g. 1-65."))
    if span is None:
        return 2
    service = open_service(args)
    request = _request(args, load_label_options(service), span)
    result = print_lot(service, request, args.language, args.dpi, args.to)
    for note in (result.stars_note, *result.notes):
        if note:
            err(note)
    out(
        _("Sent {count} stamps ({labels} labels, {size} bytes of {language}) to {target}; counted as printed.").format(
            count=result.count,
            labels=result.labels,
            size=result.size,
            language=args.language.upper(),
            target=result.target,
        )
    )
    return 0


def cmd_stamps_test_label(args: argparse.Namespace) -> int:
    from ocopdesk.services.thermal_print import sample_label  # loads Qt

    result = sample_label(args.template, args.language, args.dpi, args.to, Calibration(args.offset_x, args.offset_y))
    for note in result.notes:
        err(note)
    out(
        _("Sent a test label ({size} bytes of {language}) to {target}; not counted.").format(
            size=result.size, language=args.language.upper(), target=result.target
        )
    )
    return 0


def cmd_stamps_csv(args: argparse.Namespace) -> int:
    span = _serial_range(args.serials, _("Write the stamps to list as running numbers, e.g. 1-65."))
    if span is None:
        return 2
    count = stamps.stamps_csv(open_service(args), args.lot, args.out, args.sku, span[0], span[1])
    out(_("Wrote {count} stamps to {path} (number, serial, url, lot, product).").format(count=count, path=args.out))
    return 0


def cmd_stamps_void(args: argparse.Namespace) -> int:
    try:
        low, high = parse_range(args.serials)
    except ValueError:
        err(_("Write the stamps to void as running numbers, e.g. 41-65."))
        return 2
    count, _changes = stamps.void(open_service(args), args.lot, low, high, args.reason, args.sku)
    out(_("Voided {count} stamps.").format(count=count))
    return 0


def cmd_templates_list(args: argparse.Namespace) -> int:
    from ocopdesk.services.stamp_print import label_templates  # loads Qt

    found = list(label_templates().values())
    if args.json:
        out(to_json([template_json(t) for t in found]))
    else:
        out(
            table(
                [_("Template"), _("Name"), _("Labels per page"), _("Equivalent stock")],
                [[t.id, t.name, str(t.per_page), ", ".join(t.equivalents)] for t in found],
            )
        )
    return 0
