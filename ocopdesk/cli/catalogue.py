"""`init`, `demo`, `import`, `backup`, `restore`, `products`, `batches`: the catalogue itself."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ocopdesk.cli import passport
from ocopdesk.cli.base import Subparsers, command, date_arg, db_path, err, group, open_service, out
from ocopdesk.cli_output import (
    batch_json,
    batch_rows,
    detail_json,
    detail_text,
    grouped,
    import_json,
    import_notes,
    import_summary,
    product_json,
    product_rows,
    to_json,
)
from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.domain.product import ProductFilter
from ocopdesk.i18n import N_, _
from ocopdesk.services.backup import backup, restore
from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.demo import load_demo
from ocopdesk.services.importer import ImportInvalid, ImportReport, import_file
from ocopdesk.services.progress import ProgressFn
from ocopdesk.services.stamps import find_lot

LOT_HELP = N_("lot code printed in the QR: at most 20 of A–Z a–z 0–9 - . _ /, a letter or digit first and last")


def register(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    def top(name: str, help_text: str, handler) -> argparse.ArgumentParser:  # type: ignore[no-untyped-def]
        return command(sub, common, name, help_text, handler, description=help_text)

    top("init", _("create an empty catalogue"), cmd_init)
    top("demo", _("load the demo catalogue (Thanh Hóa cooperatives)"), cmd_demo)
    _add_import(top("import", _("import products from an .xlsx or .csv file"), cmd_import))
    p = top("backup", _("write a backup ZIP of the catalogue and its photos"), cmd_backup)
    p.add_argument("out", type=Path, metavar=_("OUT"))
    p = top("restore", _("replace the catalogue with a backup ZIP"), cmd_restore)
    p.add_argument("archive", type=Path, metavar=_("IN"))
    p.add_argument("--force", action="store_true", help=_("replace an existing catalogue"))
    _add_products(sub, common)
    _add_batches(sub, common)


def _add_import(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", type=Path, metavar=_("FILE"))
    p.add_argument("--skip-invalid", action="store_true", help=_("import the valid rows, list the others"))
    p.add_argument("--dry-run", action="store_true", help=_("check the file, write nothing (downloads nothing)"))
    p.add_argument(
        "--allow-folder",
        action="append",
        type=Path,
        default=[],
        metavar=_("FOLDER"),
        help=_("also read photos and documents from this folder (default: only the sheet's folder; repeatable)"),
    )
    p.add_argument(
        "--sheet", metavar=_("NAME"), help=_("the workbook's sheet to read (default: the product list found)")
    )
    p.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="COLUMN=FIELD",
        help=_('which field a column fills, by header or letter, e.g. "Hạng sao OCOP=stars"; "Ghi chú=" ignores it'),
    )
    p.add_argument("--json", action="store_true", help=_("print the mapping, the rows and every problem as JSON"))


def _add_products(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    psub = group(sub, common, "products", _("list and show products"))
    p = command(psub, common, "list", _("list products"), cmd_products_list)
    p.add_argument("--search", default="", help=_("words to find, with or without diacritics"))
    p.add_argument("--group", default="", help=_("OCOP group code (1–6)"))
    p.add_argument("--stars", type=int, choices=(3, 4, 5))
    p.add_argument(
        "--expiring", type=int, metavar=_("DAYS"), help=_("only products whose certificate expires within DAYS days")
    )
    p.add_argument("--json", action="store_true")
    p = command(psub, common, "show", _("show one product"), cmd_products_show)
    p.add_argument("sku", metavar="SKU")
    p.add_argument("--json", action="store_true")
    passport.add_product_commands(psub, common)


def _add_batches(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    bsub = group(sub, common, "batches", _("production batches (lots)"))
    p = command(bsub, common, "add", _("add a batch"), cmd_batches_add)
    p.add_argument("--sku", required=True)
    p.add_argument("--lot", required=True, help=_(LOT_HELP))
    p.add_argument("--produced", required=True, type=date_arg, help=_("production date"))
    p.add_argument("--expires", type=date_arg, help=_("expiry date"))
    p.add_argument("--quantity", type=int)
    p.add_argument("--name", default="", help=_("Vietnamese lot name for people"))
    p = command(bsub, common, "list", _("list batches"), cmd_batches_list)
    p.add_argument("--sku")
    p.add_argument("--json", action="store_true")
    p = command(bsub, common, "rename", _("give a lot a new code (one that can have a web page)"), cmd_batches_rename)
    p.add_argument("--lot", required=True, help=_("the lot's code now"))
    p.add_argument("--to", required=True, help=_(LOT_HELP))
    p.add_argument("--sku", help=_("the product, when several products have this lot code"))
    passport.add_batch_commands(bsub, common)


def cmd_init(args: argparse.Namespace) -> int:
    service = open_service(args, create=True)
    out(_("Catalogue ready: {path} ({count} products)").format(path=service.path, count=service.count_products()))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    service = open_service(args, create=True)
    added, _changes = load_demo(service)
    out(
        _("Demo catalogue loaded: {added} products added, {count} in total ({path}).").format(
            added=added, count=service.count_products(), path=service.path
        )
    )
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    service = open_service(args, create=True)

    def progress(done: int, total: int, message: str) -> None:
        if not args.json:
            err(f"{message}: {done}/{total}")
            sys.stderr.flush()

    try:
        return _import(args, service, progress)
    except OcopDeskError as failure:
        if not args.json:
            raise
        out(to_json({"error": failure.message}))
        return failure.exit_code


def _import(args: argparse.Namespace, service: CatalogService, progress: ProgressFn) -> int:
    try:
        report = import_file(
            service,
            args.file,
            skip_invalid=args.skip_invalid,
            dry_run=args.dry_run,
            sheet=args.sheet,
            mapping=_mapping(args.map),
            allowed_dirs=tuple(args.allow_folder),
            progress=progress,
        )
    except ImportInvalid as invalid:
        _show_report(args, invalid.report, failed=True)
        err(invalid.message)
        if invalid.cli_hint:
            err(invalid.cli_hint)
        return 1
    _show_report(args, report, failed=False)
    return 0


def _show_report(args: argparse.Namespace, report: ImportReport, failed: bool) -> None:
    if args.json:
        out(to_json(import_json(report)))
        return
    for note in import_notes(report):
        err(note)
    for problem in report.problems:
        err(str(problem))
    if failed:
        _hint_outside(report)
        return
    for warning in grouped(report.warnings):
        err(_("Warning: {message}").format(message=warning))
    _hint_outside(report)
    if report.not_downloaded:
        err(
            _(
                "{count} web addresses were not downloaded: a dry run downloads nothing. They are downloaded "
                "and checked when you import."
            ).format(count=report.not_downloaded)
        )
    out(import_summary(report))


def _mapping(pairs: list[str]) -> dict[str, str]:
    """--map "HEADER=field" (repeatable); "HEADER=" leaves a column unused."""
    mapping = {}
    for pair in pairs:
        header, sep, field = pair.rpartition("=")
        if not sep or not header.strip():
            raise OcopDeskError(
                _('Write --map as "COLUMN=field", e.g. --map "Hạng sao OCOP=stars" or --map "E=stars".')
            )
        mapping[header.strip()] = field.strip()
    return mapping


def _hint_outside(report: ImportReport) -> None:
    if report.outside_dirs:
        folders = " ".join(f'--allow-folder "{folder}"' for folder in report.outside_dirs)
        err(_("To read files from those folders too, import again with {options}").format(options=folders))


def cmd_products_list(args: argparse.Namespace) -> int:
    service = open_service(args)
    ids = service.search(ProductFilter(args.search, args.group, args.stars, None, args.expiring))
    items = service.summaries(ids)
    out(to_json([product_json(p) for p in items]) if args.json else product_rows(items))
    return 0


def cmd_products_show(args: argparse.Namespace) -> int:
    service = open_service(args)
    detail = service.product_by_sku(args.sku)
    batches = service.batches(detail.product.sku)
    out(to_json(detail_json(detail, batches)) if args.json else detail_text(detail, batches))
    return 0


def cmd_batches_add(args: argparse.Namespace) -> int:
    service = open_service(args)
    batch, _changes = service.add_batch(args.sku, args.lot, args.produced, args.expires, args.quantity, args.name)
    out(_("Batch {lot} added for {sku}.").format(lot=batch.lot_code, sku=args.sku.upper()))
    return 0


def cmd_batches_list(args: argparse.Namespace) -> int:
    service = open_service(args)
    views = service.batches(args.sku)
    out(to_json([batch_json(v) for v in views]) if args.json else batch_rows(views))
    problems = service.code_problems()  # codes saved before today's rule
    for view in views:
        reasons = problems.lot_page(view.batch)
        if reasons:
            err(
                _("Warning: the lot {lot} of {sku} can have no web page: {reasons}").format(
                    lot=view.batch.lot_code, sku=view.sku, reasons=" ".join(reasons)
                )
            )
    return 0


def cmd_batches_rename(args: argparse.Namespace) -> int:
    service = open_service(args)
    old = find_lot(service, args.lot, args.sku)
    assert old.id is not None
    batch, _changes = service.rename_lot(old.id, args.to)
    out(_("Lot {old} is now {lot}.").format(old=old.lot_code, lot=batch.lot_code))
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    written = backup(open_service(args), args.out)
    out(_("Backup written: {path}").format(path=written))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    target = db_path(args)
    safety = restore(args.archive, target, force=args.force)
    out(_("Catalogue restored to {path}.").format(path=target))
    if safety:
        out(_("The catalogue it replaced was kept as {path}.").format(path=safety))
    return 0
