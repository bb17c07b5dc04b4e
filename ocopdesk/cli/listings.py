"""`export bundle|check|status|listed|photos`: listing bundles for marketplaces.

`export` used to take its action as an optional word anywhere among its options (none meaning "write a
bundle"); `legacy_export` turns those spellings into the subcommands, with a notice, so scripts keep working.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from ocopdesk.cli import epcis
from ocopdesk.cli.base import Subparsers, TranslatingParser, command, err, open_service, out
from ocopdesk.cli_output import readiness_json, to_json
from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.domain.product import ProductFilter
from ocopdesk.i18n import _
from ocopdesk.services import listing_export, listings, markets
from ocopdesk.services.catalog import CatalogService

ACTIONS = ("bundle", "check", "status", "listed", "photos", "epcis")
_FLAGS = {"--all", "--no-url-check", "--json", "-h", "--help"}  # export's options that take no value


def marketplace_option(p: argparse.ArgumentParser) -> None:
    names = list(markets.marketplaces())
    p.add_argument("--marketplace", required=True, choices=names, metavar="|".join(names))


def register(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    shared = TranslatingParser(add_help=False)  # what every export action understands, as before
    marketplace_option(shared)
    shared.add_argument("--sku", action="append", help=_("only this product (repeatable)"))
    shared.add_argument("--image-host", help=_("the web address the image folder is published at"))
    shared.add_argument("--image-folder", type=Path, help=_("the local folder published at the image host"))
    shared.add_argument(
        "--photos",
        choices=("host", "bundle"),
        help=_(
            "how photos reach a marketplace that reads addresses: host (the sheet links the image host) or "
            "bundle (photo columns empty, numbered photos in the bundle to add in the seller centre); remembered"
        ),
    )
    shared.add_argument("--json", action="store_true")
    export = sub.add_parser(
        "export",
        parents=[common],
        help=_("listing bundles for marketplaces (check, export, status)"),
        description=_(
            "`export bundle --marketplace NAME --out PATH` writes a bundle; `export check` lists what is not "
            "ready; `export status` shows what was exported and listed; `export listed` records a listing's address."
        ),
    )
    esub = export.add_subparsers(dest="action", required=True, metavar=_("ACTION"))
    parents = [common, shared]
    p = command(esub, common, "bundle", _("write a listing bundle (.zip or folder)"), cmd_bundle, parents=parents)
    p.add_argument(
        "--template", type=Path, metavar="FILE.xlsx", help=_("the mass-upload template from your seller centre")
    )
    p.add_argument("--out", type=Path, metavar=_("PATH"), help=_("a .zip file or a folder"))
    p.add_argument("--all", action="store_true", help=_("bundle products that are not ready too"))
    p.add_argument("--no-url-check", action="store_true", help=_("do not check that the image addresses answer"))
    command(esub, common, "check", _("list what is not ready"), cmd_check, parents=parents)
    command(esub, common, "status", _("show what was exported and listed"), cmd_status, parents=parents)
    p = command(esub, common, "listed", _("record a listing's address"), cmd_listed, parents=parents)
    p.add_argument("--url", help=_("the listing's address on the marketplace"))
    command(esub, common, "photos", _("put the photos in the image folder"), cmd_photos, parents=parents)
    epcis.add_export_command(esub, common)


def legacy_export(argv: Sequence[str]) -> list[str]:
    """`export --marketplace X --out P` → `export bundle …`; `export --marketplace X check` → `export check …`."""
    args = list(argv)
    start = _command_index(args)
    if start is None or args[start] != "export":
        return args
    rest = args[start + 1 :]
    if rest and (rest[0] in ACTIONS or rest[0] in ("-h", "--help")):
        return args
    found = next((i for i, word in enumerate(rest) if word in ACTIONS and not _is_value(rest, i)), None)
    action = rest.pop(found) if found is not None else "bundle"
    err(_("Note: write `ocopdesk export {action} …`; the old spelling still works.").format(action=action))
    return [*args[: start + 1], action, *rest]


def _command_index(args: list[str]) -> int | None:
    i = 0
    while i < len(args):
        if args[i] == "--db":
            i += 2
        elif args[i].startswith("-"):
            i += 1
        else:
            return i
    return None


def _is_value(words: list[str], i: int) -> bool:
    """True when words[i] is the value of the option before it (`--sku check`)."""
    before = words[i - 1] if i else ""
    return before.startswith("--") and "=" not in before and before not in _FLAGS


def _prepare(args: argparse.Namespace) -> CatalogService:
    service = open_service(args)
    if args.photos:
        listings.set_photo_way(service, args.marketplace, args.photos)
    return service


def cmd_status(args: argparse.Namespace) -> int:
    service = _prepare(args)
    rows = listings.statuses(service, args.marketplace)
    for summary in service.summaries(service.search(ProductFilter())):
        status = rows.get((summary.id, args.marketplace))
        if status is None:
            continue
        state = _("changed since export") if status.changed_since_export else _("exported")
        out(f"{summary.sku}  {state} {status.exported_at[:10]} {status.bundle}  {status.listed_url}")
    return 0


def cmd_listed(args: argparse.Namespace) -> int:
    service = _prepare(args)
    if not args.sku or len(args.sku) != 1 or args.url is None:
        raise OcopDeskError(_("Say which product with --sku and give its listing address with --url."))
    listings.mark_listed(service, args.sku[0], args.marketplace, args.url)
    out(_("Saved."))
    return 0


def cmd_bundle(args: argparse.Namespace) -> int:
    service = _prepare(args)
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


def cmd_check(args: argparse.Namespace) -> int:
    service = _prepare(args)
    checked = listings.check(service, args.marketplace, args.sku, image_host=args.image_host)
    market = markets.marketplace(args.marketplace)
    status = 0 if any(r.ready for r in checked) else 1
    if args.json:
        out(to_json([readiness_json(r) for r in checked]))
        return status
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
    if any(p.field == "shipping" for r in checked for p in r.errors):
        err(
            _(
                "To turn on the shipping channels your shop has: ocopdesk shipping set --marketplace {market} "
                "CHANNEL… (ocopdesk shipping list shows them)"
            ).format(market=market.id)
        )
    if any(p.field == "image_host" for r in checked for p in r.errors):
        err(
            _(
                "To put the photos in the image folder: ocopdesk export photos --marketplace {market}, then publish "
                "the folder; or leave the photo columns empty with --photos bundle."
            ).format(market=market.id)
        )
    return status


def cmd_photos(args: argparse.Namespace) -> int:
    service = _prepare(args)
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
