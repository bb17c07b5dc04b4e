"""The `ocopdesk` command line: a thin layer over the same services the GUI calls.

Exit codes: 0 success, 1 invalid data or a failed operation, 2 misuse. Errors go to stderr in
plain words; an unexpected error writes its traceback to the log file, never to the screen.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ocopdesk.domain.dates import DateError, parse_date
from ocopdesk.domain.errors import OcopDeskError, ValidationError
from ocopdesk.domain.product import ProductFilter
from ocopdesk.i18n import N_, _
from ocopdesk.logs import log_unexpected
from ocopdesk.paths import AppPaths
from ocopdesk.services.failures import explain
from ocopdesk.version import version_line

if TYPE_CHECKING:
    from ocopdesk.services.catalog import CatalogService
    from ocopdesk.services.importer import ImportReport
    from ocopdesk.services.progress import ProgressFn

# argparse's own messages, translated through our catalogue (argparse looks up `_` at call time).
ARGPARSE_MESSAGES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("expected one argument"),
    N_("invalid %(type)s value: %(value)r"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("show program's version number and exit"),
)
argparse._ = _  # type: ignore[attr-defined]

Handler = Callable[[argparse.Namespace], int]


def _date(text: str) -> object:
    try:
        return parse_date(text)
    except DateError as exc:
        raise argparse.ArgumentTypeError(
            _("“{value}” is not a date (yyyy-mm-dd or dd/mm/yyyy)").format(value=text)
        ) from exc


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        type=Path,
        default=argparse.SUPPRESS,
        metavar=_("PATH"),
        help=_("catalogue database file (default: your user data folder)"),
    )
    parser = argparse.ArgumentParser(
        prog="ocopdesk", parents=[common], description=_("OCOPDesk: OCOP product catalogue, stamps and listings.")
    )
    parser.add_argument("--version", action="version", version=version_line(), help=_("show the version and exit"))
    sub = parser.add_subparsers(dest="command", required=True, metavar=_("COMMAND"))

    def command(name: str, help_text: str, handler: Handler) -> argparse.ArgumentParser:
        p = sub.add_parser(name, parents=[common], help=help_text, description=help_text)
        p.set_defaults(handler=handler)
        return p

    command("init", _("create an empty catalogue"), cmd_init)
    command("demo", _("load the demo catalogue (Thanh Hóa cooperatives)"), cmd_demo)
    p = command("import", _("import products from an .xlsx or .csv file"), cmd_import)
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
    p = command("backup", _("write a backup ZIP of the catalogue and its photos"), cmd_backup)
    p.add_argument("out", type=Path, metavar=_("OUT"))
    p = command("restore", _("replace the catalogue with a backup ZIP"), cmd_restore)
    p.add_argument("archive", type=Path, metavar=_("IN"))
    p.add_argument("--force", action="store_true", help=_("replace an existing catalogue"))
    _add_products(sub, common)
    _add_batches(sub, common)
    _add_stamps(sub, common)
    _add_settings(sub, common)
    _add_templates(sub, common)
    _add_site(sub, common)
    _add_listings(sub, common)
    p = sub.add_parser(
        "poster", parents=[common], help=_("an information QR poster (A6–A4) for a product, the cooperative or a place")
    )
    target = p.add_mutually_exclusive_group()
    target.add_argument("--sku", help=_("the product's page"))
    target.add_argument("--place", help=_("a place's page, e.g. a community-tourism site or a fair stand"))
    p.add_argument("--text", default="", help=_("a short line under the QR code"))
    p.add_argument("--size", default="A5", choices=("A6", "A5", "A4"))
    p.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    p.set_defaults(handler=cmd_poster)
    return parser


def _add_stamps(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    stamps = sub.add_parser("stamps", parents=[common], help=_("traceability stamps"))
    ssub = stamps.add_subparsers(dest="action", required=True, metavar=_("ACTION"))
    p = ssub.add_parser("issue", parents=[common], help=_("issue new stamps for a lot"))
    p.add_argument("--lot", required=True)
    p.add_argument("--count", required=True, type=int)
    p.add_argument("--sku", help=_("the product, when several products have this lot code"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_stamps_issue)
    p = ssub.add_parser("list", parents=[common], help=_("list the stamps of a lot"))
    p.add_argument("--lot", required=True)
    p.add_argument("--sku")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_stamps_list)
    p = ssub.add_parser(
        "verify",
        parents=[common],
        help=_("check a scanned stamp or a typed serial (exit 0 when genuine, 3 when only the serial was checked)"),
    )
    p.add_argument("text", metavar=_("URL_OR_SERIAL"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_stamps_verify)
    p = ssub.add_parser("pdf", parents=[common], help=_("lay out a lot's stamps on label stock as a PDF"))
    p.add_argument("--lot", required=True)
    p.add_argument("--sku")
    p.add_argument("--serials", metavar="A-B", help=_("running numbers to print (default: all)"))
    p.add_argument("--template", required=True, help=_("label stock, see `ocopdesk templates list`"))
    p.add_argument("--start-at", type=int, default=1, metavar="K", help=_("first free label on a partly used sheet"))
    p.add_argument("--offset-x", type=float, default=0.0, metavar="MM")
    p.add_argument("--offset-y", type=float, default=0.0, metavar="MM")
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
    p.set_defaults(handler=cmd_stamps_pdf)
    p = ssub.add_parser("csv", parents=[common], help=_("the lot's stamps as CSV for gLabels or BarTender"))
    p.add_argument("--lot", required=True)
    p.add_argument("--sku")
    p.add_argument("--serials", metavar="A-B", help=_("running numbers to list (default: all)"))
    p.add_argument("--out", required=True, type=Path, metavar="FILE.csv")
    p.set_defaults(handler=cmd_stamps_csv)
    p = ssub.add_parser("void", parents=[common], help=_("void a range of stamps, e.g. a spoiled sheet"))
    p.add_argument("--lot", required=True)
    p.add_argument("--serials", required=True, metavar="A-B", help=_("running numbers, e.g. 41-65"))
    p.add_argument("--reason", required=True)
    p.add_argument("--sku")
    p.set_defaults(handler=cmd_stamps_void)


def _add_templates(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    templates = sub.add_parser("templates", parents=[common], help=_("label stock for stamps"))
    tsub = templates.add_subparsers(dest="action", required=True, metavar=_("ACTION"))
    p = tsub.add_parser("list", parents=[common], help=_("list label stock"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_templates_list)


def _add_listings(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    from ocopdesk.marketplaces.base import registry

    names = list(registry())
    p = sub.add_parser(
        "export",
        parents=[common],
        help=_("listing bundles for marketplaces (check, export, status)"),
        description=_(
            "`export --marketplace NAME --out PATH` writes a bundle; `export check` lists what is not ready; "
            "`export status` shows what was exported and listed; `export listed` records a listing's address."
        ),
    )
    p.add_argument(
        "action", nargs="?", choices=("check", "status", "listed", "photos"), help=_("what to do (default: export)")
    )
    p.add_argument("--marketplace", required=True, choices=names, metavar="|".join(names))
    p.add_argument("--sku", action="append", help=_("only this product (repeatable)"))
    p.add_argument(
        "--template", type=Path, metavar="FILE.xlsx", help=_("the mass-upload template from your seller centre")
    )
    p.add_argument("--out", type=Path, metavar=_("PATH"), help=_("a .zip file or a folder"))
    p.add_argument("--all", action="store_true", help=_("bundle products that are not ready too"))
    p.add_argument("--image-host", help=_("the web address the image folder is published at"))
    p.add_argument("--image-folder", type=Path, help=_("the local folder published at the image host"))
    p.add_argument("--no-url-check", action="store_true", help=_("do not check that the image addresses answer"))
    p.add_argument(
        "--photos",
        choices=("host", "bundle"),
        help=_(
            "how photos reach a marketplace that reads addresses: host (the sheet links the image host) or "
            "bundle (photo columns empty, numbered photos in the bundle to add in the seller centre); remembered"
        ),
    )
    p.add_argument("--url", help=_("with `listed`: the listing's address on the marketplace"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_export)
    cats = sub.add_parser("categories", parents=[common], help=_("marketplace categories for your products"))
    csub = cats.add_subparsers(dest="action", required=True, metavar=_("ACTION"))
    p = csub.add_parser("list", parents=[common], help=_("the loaded category list and the category rules"))
    p.add_argument("--marketplace", required=True, choices=names, metavar="|".join(names))
    p.set_defaults(handler=cmd_categories_list)
    p = csub.add_parser(
        "load", parents=[common], help=_("load the category list from your seller centre's mass-upload template")
    )
    p.add_argument("--marketplace", required=True, choices=names, metavar="|".join(names))
    p.add_argument("file", type=Path, metavar="FILE.xlsx")
    p.set_defaults(handler=cmd_categories_load)
    p = csub.add_parser("search", parents=[common], help=_("find categories by name, with or without diacritics"))
    p.add_argument("--marketplace", required=True, choices=names, metavar="|".join(names))
    p.add_argument("words", nargs="+", metavar=_("WORDS"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_categories_search)
    p = csub.add_parser("set", parents=[common], help=_("give a product its category"))
    p.add_argument("--marketplace", required=True, choices=names, metavar="|".join(names))
    p.add_argument("--sku", required=True)
    p.add_argument("--category", required=True, help=_("the category id, as `categories search` shows it"))
    p.set_defaults(handler=cmd_categories_set)
    p = csub.add_parser(
        "suggest", parents=[common], help=_("suggest categories for the products without one (never applied unasked)")
    )
    p.add_argument("--marketplace", required=True, choices=names, metavar="|".join(names))
    p.add_argument("--sku", action="append", help=_("only this product (repeatable)"))
    p.add_argument("--all", action="store_true", help=_("every product, also those with a category"))
    p.add_argument("--accept", action="store_true", help=_("apply the confident suggestions to products without one"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_categories_suggest)
    p = csub.add_parser("add", parents=[common], help=_("add a rule: products matching it get this category"))
    p.add_argument("--marketplace", required=True, choices=names, metavar="|".join(names))
    p.add_argument("--category", required=True, help=_("the marketplace's leaf category id"))
    p.add_argument("--name", default="", help=_("the category's name, for people"))
    p.add_argument("--keyword", default="", help=_('words in the product name, e.g. "mật ong"'))
    p.add_argument("--group", default="", help=_("OCOP group, e.g. 1"))
    p.add_argument("--subgroup", default="", help=_("OCOP sub-group, e.g. 1.3"))
    p.set_defaults(handler=cmd_categories_add)
    p = sub.add_parser(
        "publish", parents=[common], help=_("upload a folder to a web host by WebDAV (changed files only)")
    )
    p.add_argument("--to", required=True, metavar="URL")
    p.add_argument("--from", dest="source", type=Path, metavar=_("FOLDER"), help=_("default: the image folder"))
    p.add_argument("--user", default="")
    p.add_argument("--password-env", metavar="VAR", help=_("read the password from this environment variable"))
    p.set_defaults(handler=cmd_publish)


def _add_site(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    site = sub.add_parser("site", parents=[common], help=_("the traceability website the QR codes lead to"))
    ssub = site.add_subparsers(dest="action", required=True, metavar=_("ACTION"))
    p = ssub.add_parser("build", parents=[common], help=_("build (or update) the static website in a folder"))
    p.add_argument("--out", required=True, type=Path, metavar=_("FOLDER"))
    p.set_defaults(handler=cmd_site_build)
    p = ssub.add_parser("serve", parents=[common], help=_("preview a built website on this computer (127.0.0.1)"))
    p.add_argument("folder", type=Path, metavar=_("FOLDER"))
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(handler=cmd_site_serve)


def _add_settings(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    settings = sub.add_parser("settings", parents=[common], help=_("the cooperative profile and stamp settings"))
    ssub = settings.add_subparsers(dest="action", required=True, metavar=_("ACTION"))
    ssub.add_parser("show", parents=[common], help=_("show the settings")).set_defaults(handler=cmd_settings_show)
    p = ssub.add_parser("set", parents=[common], help=_("change one setting"))
    p.add_argument("key", choices=PROFILE_KEYS)
    p.add_argument("value")
    p.set_defaults(handler=cmd_settings_set)


def _add_products(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    products = sub.add_parser("products", parents=[common], help=_("list and show products"))
    psub = products.add_subparsers(dest="action", required=True, metavar=_("ACTION"))
    p = psub.add_parser("list", parents=[common], help=_("list products"))
    p.add_argument("--search", default="", help=_("words to find, with or without diacritics"))
    p.add_argument("--group", default="", help=_("OCOP group code (1–6)"))
    p.add_argument("--stars", type=int, choices=(3, 4, 5))
    p.add_argument(
        "--expiring", type=int, metavar=_("DAYS"), help=_("only products whose certificate expires within DAYS days")
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_products_list)
    p = psub.add_parser("show", parents=[common], help=_("show one product"))
    p.add_argument("sku", metavar="SKU")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_products_show)


LOT_HELP = N_("lot code printed in the QR: at most 20 of A–Z a–z 0–9 - . _ /, a letter or digit first and last")


def _add_batches(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    batches = sub.add_parser("batches", parents=[common], help=_("production batches (lots)"))
    bsub = batches.add_subparsers(dest="action", required=True, metavar=_("ACTION"))
    p = bsub.add_parser("add", parents=[common], help=_("add a batch"))
    p.add_argument("--sku", required=True)
    p.add_argument("--lot", required=True, help=_(LOT_HELP))
    p.add_argument("--produced", required=True, type=_date, help=_("production date"))
    p.add_argument("--expires", type=_date, help=_("expiry date"))
    p.add_argument("--quantity", type=int)
    p.add_argument("--name", default="", help=_("Vietnamese lot name for people"))
    p.set_defaults(handler=cmd_batches_add)
    p = bsub.add_parser("list", parents=[common], help=_("list batches"))
    p.add_argument("--sku")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_batches_list)
    p = bsub.add_parser("rename", parents=[common], help=_("give a lot a new code (one that can have a web page)"))
    p.add_argument("--lot", required=True, help=_("the lot's code now"))
    p.add_argument("--to", required=True, help=_(LOT_HELP))
    p.add_argument("--sku", help=_("the product, when several products have this lot code"))
    p.set_defaults(handler=cmd_batches_rename)


def db_path(args: argparse.Namespace) -> Path:
    return Path(getattr(args, "db", None) or AppPaths.from_environment().default_db)


def _service(args: argparse.Namespace, create: bool = False):  # type: ignore[no-untyped-def]
    from ocopdesk.services.catalog import CatalogService

    path = db_path(args)
    if not create and not path.exists():
        raise OcopDeskError(
            _("There is no catalogue at {path}. Create one with `ocopdesk init` or `ocopdesk demo`.").format(path=path)
        )
    return CatalogService.open(path, create=create)


def out(text: str) -> None:
    sys.stdout.write(text + "\n")


def err(text: str) -> None:
    sys.stderr.write(text + "\n")


def cmd_init(args: argparse.Namespace) -> int:
    service = _service(args, create=True)
    out(_("Catalogue ready: {path} ({count} products)").format(path=service.path, count=service.count_products()))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from ocopdesk.services.demo import load_demo

    service = _service(args, create=True)
    added, _changes = load_demo(service)
    out(
        _("Demo catalogue loaded: {added} products added, {count} in total ({path}).").format(
            added=added, count=service.count_products(), path=service.path
        )
    )
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from ocopdesk.cli_output import to_json

    service = _service(args, create=True)

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
    from ocopdesk.cli_output import grouped, import_json, import_notes, import_summary, to_json
    from ocopdesk.services.importer import ImportInvalid, import_file

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
        if args.json:
            out(to_json(import_json(invalid.report)))
        else:
            for note in import_notes(invalid.report):
                err(note)
            for problem in invalid.report.problems:
                err(str(problem))
            _hint_outside(invalid.report)
        err(invalid.message)
        return 1
    if args.json:
        out(to_json(import_json(report)))
        return 0
    for note in import_notes(report):
        err(note)
    for problem in report.problems:
        err(str(problem))
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
    return 0


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
    from ocopdesk.cli_output import product_json, product_rows, to_json

    service = _service(args)
    ids = service.search(ProductFilter(args.search, args.group, args.stars, None, args.expiring))
    items = service.summaries(ids)
    out(to_json([product_json(p) for p in items]) if args.json else product_rows(items))
    return 0


def cmd_products_show(args: argparse.Namespace) -> int:
    from ocopdesk.cli_output import detail_json, detail_text, to_json

    service = _service(args)
    detail = service.product_by_sku(args.sku)
    batches = service.batches(detail.product.sku)
    out(to_json(detail_json(detail, batches)) if args.json else detail_text(detail, batches))
    return 0


def cmd_batches_add(args: argparse.Namespace) -> int:
    service = _service(args)
    batch, _changes = service.add_batch(args.sku, args.lot, args.produced, args.expires, args.quantity, args.name)
    out(_("Batch {lot} added for {sku}.").format(lot=batch.lot_code, sku=args.sku.upper()))
    return 0


def cmd_batches_list(args: argparse.Namespace) -> int:
    from ocopdesk.cli_output import batch_json, batch_rows, to_json

    service = _service(args)
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
    from ocopdesk.services.stamps import find_lot

    service = _service(args)
    old = find_lot(service, args.lot, args.sku)
    assert old.id is not None
    batch, _changes = service.rename_lot(old.id, args.to)
    out(_("Lot {old} is now {lot}.").format(old=old.lot_code, lot=batch.lot_code))
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from ocopdesk.services.backup import backup

    written = backup(_service(args), args.out)
    out(_("Backup written: {path}").format(path=written))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from ocopdesk.services.backup import restore

    target = db_path(args)
    safety = restore(args.archive, target, force=args.force)
    out(_("Catalogue restored to {path}.").format(path=target))
    if safety:
        out(_("The catalogue it replaced was kept as {path}.").format(path=safety))
    return 0


def cmd_stamps_issue(args: argparse.Namespace) -> int:
    from ocopdesk.cli_output import to_json
    from ocopdesk.services import stamps

    result = stamps.issue(_service(args), args.lot, args.count, args.sku)
    if args.json:
        out(to_json({"lot": result.batch.lot_code, "first": result.first, "last": result.last, "urls": result.urls}))
    else:
        out(
            _("Issued {count} stamps for lot {lot}: numbers {first}–{last}.").format(
                count=len(result.urls), lot=result.batch.lot_code, first=result.first, last=result.last
            )
        )
    return 0


def cmd_stamps_list(args: argparse.Namespace) -> int:
    from ocopdesk.cli_output import stamp_rows, to_json
    from ocopdesk.services import stamps

    service = _service(args)
    rows = stamps.urls_for(service, stamps.find_lot(service, args.lot, args.sku))
    if args.json:
        out(
            to_json(
                [
                    {
                        "number": s.number,
                        "serial": s.serial,
                        "status": s.status,
                        "print_count": s.print_count,
                        "url": url,
                    }
                    for s, url in rows
                ]
            )
        )
    else:
        out(stamp_rows(rows))
    return 0


def cmd_stamps_verify(args: argparse.Namespace) -> int:
    from ocopdesk.cli_output import to_json, verification_text
    from ocopdesk.services import stamps

    answer = stamps.verify(_service(args), args.text)
    if args.json:
        out(to_json({"result": answer.result, "message": answer.message, **answer.details}))
    else:
        out(verification_text(answer))
    return 0 if answer.genuine else 3 if answer.result == "serial" else 1


def _serial_range(text: str | None, message: str) -> tuple[int, int | None] | None:
    from ocopdesk.domain.stamp import parse_range

    if not text:
        return 1, None
    try:
        return parse_range(text)
    except ValueError:
        err(message)
        return None


def cmd_stamps_pdf(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from ocopdesk.domain.print_request import Calibration, PrintRequest
    from ocopdesk.services.stamp_print import FOR_PRINT, PROOF, load_label_options, pdf_for_lot

    span = _serial_range(args.serials, _("Write the stamps to print as running numbers, e.g. 1-65."))
    if span is None:
        return 2
    service = _service(args)
    options = load_label_options(service)  # the cooperative's own line, logo and QR size, as last saved
    if args.text is not None:
        options = replace(options, own_text=args.text)
    if args.logo is not None:
        options = replace(options, logo=args.logo)
    if args.qr_size is not None:
        options = replace(options, qr_size=args.qr_size)
    request = PrintRequest(
        lot=args.lot,
        stock=args.template,
        sku=args.sku,
        first=span[0],
        last=span[1],
        start_at=args.start_at,
        calibration=Calibration(args.offset_x, args.offset_y),
        outlines=args.outlines,
        copies=args.copies,
        options=options,
    )
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


def cmd_stamps_csv(args: argparse.Namespace) -> int:
    from ocopdesk.services import stamps

    span = _serial_range(args.serials, _("Write the stamps to list as running numbers, e.g. 1-65."))
    if span is None:
        return 2
    count = stamps.stamps_csv(_service(args), args.lot, args.out, args.sku, span[0], span[1])
    out(_("Wrote {count} stamps to {path} (number, serial, url, lot, product).").format(count=count, path=args.out))
    return 0


def cmd_poster(args: argparse.Namespace) -> int:
    from ocopdesk.services.posters import poster_pdf

    path, url = poster_pdf(_service(args), args.out, sku=args.sku, place=args.place, line=args.text, size=args.size)
    out(_("Poster written to {path}; its QR code opens {url}").format(path=path, url=url))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from ocopdesk.domain.product import ProductFilter
    from ocopdesk.services import listing_export, listings

    service = _service(args)
    if args.photos:
        listings.set_photo_way(service, args.marketplace, args.photos)
    if args.action == "check":
        return _export_check(args, service)
    if args.action == "photos":
        return _export_photos(args, service)
    if args.action == "status":
        rows = listings.statuses(service, args.marketplace)
        for summary in service.summaries(service.search(ProductFilter())):
            status = rows.get((summary.id, args.marketplace))
            if status is None:
                continue
            state = _("changed since export") if status.changed_since_export else _("exported")
            out(f"{summary.sku}  {state} {status.exported_at[:10]} {status.bundle}  {status.listed_url}")
        return 0
    if args.action == "listed":
        if not args.sku or len(args.sku) != 1 or args.url is None:
            raise OcopDeskError(_("Say which product with --sku and give its listing address with --url."))
        listings.mark_listed(service, args.sku[0], args.marketplace, args.url)
        out(_("Saved."))
        return 0
    if args.out is None:
        raise OcopDeskError(_("Say where to write the bundle with --out (a .zip file or a folder)."))
    if args.image_host or args.image_folder:
        listings.save_listing_settings(
            service, image_host_url=args.image_host or "", image_folder=str(args.image_folder or "")
        )

    def progress(done: int, total: int, message: str) -> None:
        if total:
            err(f"{message} {done}/{total}")

    report = listing_export.export(
        service,
        args.marketplace,
        args.out,
        skus=args.sku,
        template=args.template,
        include_unready=args.all,
        image_host=args.image_host,
        image_folder=args.image_folder,
        check_urls=not args.no_url_check,
        progress=progress,
    )
    for sku, reasons in report.left_out.items():
        err(_("Left out {sku}: {reasons}").format(sku=sku, reasons="; ".join(reasons)))
    for line in report.warnings + report.url_failures:
        err(_("Warning: {message}").format(message=line))
    out(
        _("Bundle for {market} written to {path}: {count} products, {images} photos.").format(
            market=args.marketplace, path=report.out, count=len(report.exported), images=report.images
        )
    )
    if report.photo_way == listings.BUNDLE:
        out(_("The photo columns are empty: add the photos in the seller centre as HUONG-DAN.txt says."))
    if report.url_failures:
        err(
            _(
                "The sheet is not ready: {n} image addresses do not answer. "
                "Publish the image folder, then export again."
            ).format(n=len(report.url_failures))
        )
        return 1
    return 0


def _export_check(args: argparse.Namespace, service) -> int:  # type: ignore[no-untyped-def]
    from ocopdesk.cli_output import to_json
    from ocopdesk.services import listings

    checked = listings.check(service, args.marketplace, args.sku, image_host=args.image_host)
    market = listings.marketplace(args.marketplace)
    if args.json:
        out(
            to_json(
                [
                    {
                        "sku": r.sku,
                        "name": r.name,
                        "ready": r.ready,
                        "category": {"id": r.category.id, "path": list(r.category.path)} if r.category else None,
                        "problems": [
                            {"field": p.field, "severity": p.severity, "message": p.message} for p in r.problems
                        ],
                    }
                    for r in checked
                ]
            )
        )
        return 0 if any(r.ready for r in checked) else 1
    for r in checked:
        out(f"{'✓' if r.ready else '✗'} {r.sku}  {r.name}")
        if market.needs_category and r.category:
            out(f"    {_('category')}: {r.category.label()}")
        for problem in r.problems:
            out(f"    {_('error') if problem.severity == 'error' else _('warning')}: {problem.message}")
    out(_("{ready} of {total} products are ready.").format(ready=sum(r.ready for r in checked), total=len(checked)))
    if any(p.field == "category" for r in checked for p in r.errors):
        err(
            _("To choose categories: ocopdesk categories suggest --marketplace {market} (add --accept)").format(
                market=market.id
            )
        )
    if any(p.field == "image_host" for r in checked for p in r.errors):
        err(
            _(
                "To put the photos in the image folder: ocopdesk export photos --marketplace {market}, then publish "
                "the folder; or leave the photo columns empty with --photos bundle."
            ).format(market=market.id)
        )
    return 0 if any(r.ready for r in checked) else 1


def _export_photos(args: argparse.Namespace, service) -> int:  # type: ignore[no-untyped-def]
    from ocopdesk.services import listing_export

    report = listing_export.prepare_photos(service, [args.marketplace], args.sku, args.image_folder)
    for sku, reasons in report.failures.items():
        err(_("Left out {sku}: {reasons}").format(sku=sku, reasons="; ".join(reasons)))
    out(
        _("Wrote {count} photos of {products} products to {folder}.").format(
            count=report.written, products=report.products, folder=report.folder / "m"
        )
    )
    out(
        _("Publish that folder at {host}/m/ (with the website), then check again with `export check`.").format(
            host=report.host or "…"
        )
    )
    return 0


def cmd_categories_list(args: argparse.Namespace) -> int:
    from ocopdesk.domain.dates import format_date
    from ocopdesk.services import categories
    from ocopdesk.services.listings import category_rules

    service = _service(args)
    info = categories.list_info(service, args.marketplace)
    if info is None:
        out(_("No category list loaded: load one with `ocopdesk categories load`; the built-in ids are used."))
    else:
        out(
            _("Category list: {count} categories, loaded on {date} from {source}.").format(
                count=info.count, date=format_date(info.loaded_on), source=info.source
            )
        )
    for rule in category_rules(service, args.marketplace):
        match = " ".join(
            f"{label}={value}"
            for label, value in (("group", rule.group), ("subgroup", rule.subgroup), ("keyword", rule.keyword))
            if value
        )
        out(f"{rule.category:<10} {rule.name:<24} {match}")
    return 0


def cmd_categories_load(args: argparse.Namespace) -> int:
    from ocopdesk.domain.dates import format_date
    from ocopdesk.services import categories

    info = categories.load_list(_service(args), args.marketplace, args.file)
    out(
        _("Loaded {count} categories for {market} from {source} on {date}.").format(
            count=info.count, market=args.marketplace, source=info.source, date=format_date(info.loaded_on)
        )
    )
    return 0


def cmd_categories_search(args: argparse.Namespace) -> int:
    from ocopdesk.cli_output import to_json
    from ocopdesk.services import categories

    found = categories.index(_service(args), args.marketplace).search(" ".join(args.words), 50)
    if args.json:
        out(to_json([{"id": c.id, "name": c.name, "path": list(c.path)} for c in found]))
    else:
        for category in found:
            out(f"{category.id:<10} {category.path_text}")
    return 0 if found else 1


def cmd_categories_set(args: argparse.Namespace) -> int:
    from ocopdesk.services import categories

    category = categories.choose(_service(args), args.marketplace, args.sku, args.category)
    out(_("{sku}: {category}").format(sku=args.sku.upper(), category=category.label()))
    return 0


def cmd_categories_suggest(args: argparse.Namespace) -> int:
    from ocopdesk.cli_output import to_json
    from ocopdesk.services import categories

    service = _service(args)
    if categories.list_info(service, args.marketplace) is None:
        err(
            _(
                "Only the few built-in categories are known: load the list from your seller centre's template for "
                "better suggestions (ocopdesk categories load)."
            )
        )
    found = categories.suggest(service, args.marketplace, args.sku, everyone=args.all)
    applied = dict(categories.accept_confident(service, args.marketplace, found=found)) if args.accept else {}
    if args.json:
        out(to_json([_suggestion_json(item, applied) for item in found]))
        return 0
    for item in found:
        current = item.current.category
        out(f"{item.sku}  {item.name}" + (f"  [{current.label()}]" if current else ""))
        for n, s in enumerate(item.suggestions):
            mark = "✓" if n == 0 and item.sku in applied else ("*" if s.confident else " ")
            out(f"  {mark} {s.confidence:4.0%}  {s.category.id:<10} {s.category.path_text}")
        if not item.suggestions:
            out("    " + _("no suggestion: choose by name with `categories search` and `categories set`"))
    if args.accept:
        out(_("{n} confident suggestions applied; the others wait for you.").format(n=len(applied)))
    elif any(s.confident for item in found for s in item.suggestions[:1] if item.needs_one):
        out(_("* confident: apply them with --accept; choose the others with `categories set`."))
    return 0


def _suggestion_json(item, applied: dict[str, object]) -> dict[str, object]:  # type: ignore[no-untyped-def]
    current = item.current.category
    return {
        "sku": item.sku,
        "name": item.name,
        "current": {"id": current.id, "path": list(current.path), "source": item.current.source} if current else None,
        "accepted": item.sku in applied,
        "suggestions": [
            {
                "id": s.category.id,
                "name": s.category.name,
                "path": list(s.category.path),
                "confidence": s.confidence,
                "confident": s.confident,
            }
            for s in item.suggestions
        ],
    }


def cmd_categories_add(args: argparse.Namespace) -> int:
    from ocopdesk.marketplaces.categories import CategoryRule
    from ocopdesk.services.listings import add_category_rule

    rule = CategoryRule(
        args.category.strip(), args.name.strip(), args.group.strip(), args.subgroup.strip(), args.keyword
    )
    add_category_rule(_service(args), args.marketplace, rule)
    out(_("Saved."))
    return 0


def cmd_publish(args: argparse.Namespace) -> int:
    import os

    from ocopdesk.services.publish import publish

    source = args.source
    if source is None:
        from ocopdesk.services.listings import listing_settings

        folder = listing_settings(_service(args))["image_folder"]
        if not folder:
            raise OcopDeskError(_("Say which folder to upload with --from."))
        source = Path(folder)
    password = os.environ.get(args.password_env, "") if args.password_env else ""
    report = publish(source, args.to, user=args.user, password=password)
    for rel, reason in report.failed.items():
        err(f"{rel}: {reason}")
    out(report.summary())
    return 1 if report.failed or report.stopped else 0


def cmd_site_build(args: argparse.Namespace) -> int:
    from ocopdesk.services.site import build_site

    report = build_site(_service(args), args.out)
    for warning in report.warnings:
        err(_("Warning: {message}").format(message=warning))
    out(report.summary())
    return 0


def cmd_site_serve(args: argparse.Namespace) -> int:
    from ocopdesk.services.site_preview import make_server, site_root

    try:
        server = make_server(args.folder, args.port)
    except OSError as exc:
        raise OcopDeskError(
            _("Cannot listen on port {port}: {reason}. Try another with --port.").format(port=args.port, reason=exc)
        ) from exc
    host, port = server.server_address[:2]
    out(
        _("Serving {path} at http://{host}:{port}{root} — press Ctrl+C to stop.").format(
            path=args.folder, host=host, port=port, root=site_root(args.folder.resolve())
        )
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


def cmd_templates_list(args: argparse.Namespace) -> int:
    from ocopdesk.cli_output import table, to_json
    from ocopdesk.services.stamp_print import label_templates

    found = label_templates()
    if args.json:
        out(
            to_json(
                [
                    {
                        "id": t.id,
                        "name": t.name,
                        "kind": t.kind,
                        "label_mm": [t.label_w, t.label_h],
                        "per_page": t.per_page,
                        "equivalents": list(t.equivalents),
                    }
                    for t in found.values()
                ]
            )
        )
    else:
        out(
            table(
                [_("Template"), _("Name"), _("Labels per page"), _("Equivalent stock")],
                [[t.id, t.name, str(t.per_page), ", ".join(t.equivalents)] for t in found.values()],
            )
        )
    return 0


def cmd_stamps_void(args: argparse.Namespace) -> int:
    from ocopdesk.domain.stamp import parse_range
    from ocopdesk.services import stamps

    try:
        low, high = parse_range(args.serials)
    except ValueError:
        err(_("Write the stamps to void as running numbers, e.g. 41-65."))
        return 2
    count = stamps.void(_service(args), args.lot, low, high, args.reason, args.sku)
    out(_("Voided {count} stamps.").format(count=count))
    return 0


PROFILE_KEYS = ("name", "address", "phone", "email", "website", "resolver_base_url", "default_label_template")


def cmd_settings_show(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from ocopdesk.services.profile import load_profile

    for key, value in asdict(load_profile(_service(args))).items():
        out(f"{key} = {value}")
    return 0


def cmd_settings_set(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from ocopdesk.services.profile import load_profile, save_profile

    service = _service(args)
    save_profile(service, replace(load_profile(service), **{args.key: args.value}))
    out(_("Saved."))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)  # exits 2 on misuse, with argparse's (translated) message
    try:
        return int(args.handler(args))
    except ValidationError as invalid:
        for problem in invalid.errors:
            err(problem.message)
        return 1
    except OcopDeskError as failure:
        err(failure.message)
        if failure.cli_hint:
            err(failure.cli_hint)
        return failure.exit_code
    except KeyboardInterrupt:
        err(_("Interrupted."))
        return 130
    except Exception as error:
        known = explain(error)
        if known is not None:
            err(known.message)
            return known.exit_code
        log_file = log_unexpected("cli")
        err(_("Unexpected error. Details were written to {path}.").format(path=log_file))
        return 1


def run() -> None:
    """Console-script entry point."""
    logging.basicConfig(level=logging.WARNING)
    sys.exit(main())
