"""`scans load|list|forget`: stamp checks read from the web server's own access logs (#27)."""

from __future__ import annotations

import argparse
import getpass
import os
from pathlib import Path

from ocopdesk.cli.base import Subparsers, command, err, group, open_service, out
from ocopdesk.cli_output import table, to_json
from ocopdesk.domain.dates import format_date
from ocopdesk.i18n import _
from ocopdesk.services import scans


def register(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    ssub = group(sub, common, "scans", _("stamp checks read from the web server's access logs"))
    p = command(
        ssub,
        common,
        "load",
        _("count the stamp checks in log files or folders, or fetched from a web address"),
        cmd_scans_load,
    )
    p.add_argument("paths", nargs="+", metavar=_("FILE_OR_FOLDER_OR_URL"))
    p.add_argument(
        "--user", help=_("user name for a log address behind a password (asked for, or OCOPDESK_LOG_PASSWORD)")
    )
    p.add_argument("--json", action="store_true")
    p = command(ssub, common, "list", _("list the checked stamps and their signals"), cmd_scans_list)
    p.add_argument("--lot")
    p.add_argument("--suspicious", action="store_true", help=_("only stamps with a signal"))
    p.add_argument("--json", action="store_true")
    p.add_argument("--csv", type=Path, metavar="FILE.csv", help=_("also write the list as CSV"))
    command(ssub, common, "forget", _("erase every stamp check and log mark"), cmd_scans_forget)


def cmd_scans_load(args: argparse.Namespace) -> int:
    service = open_service(args)
    urls = [p for p in args.paths if p.lower().startswith(("http://", "https://"))]
    paths = [Path(p) for p in args.paths if p not in urls]
    report = scans.load(service, paths) if paths else scans.LoadReport()
    auth = (args.user, os.environ.get("OCOPDESK_LOG_PASSWORD") or getpass.getpass()) if args.user and urls else None
    for url in urls:
        report.files += scans.load_url(service, url, auth).files
    if args.json:
        out(
            to_json(
                [
                    {
                        "path": f.where,
                        "format": f.fmt,
                        "lines": f.lines,
                        "checks": f.checks,
                        "malformed": f.malformed,
                        "samples": list(f.samples),
                        "skipped": f.skipped,
                    }
                    for f in report.files
                ]
            )
        )
        return 0
    for f in report.files:
        if f.skipped:
            out(_("{path}: skipped, {reason}").format(path=f.where, reason=f.skipped))
            continue
        out(
            _("{path} ({format}): {lines} lines, {checks} stamp checks, {malformed} malformed").format(
                path=f.where, format=f.fmt, lines=f.lines, checks=f.checks, malformed=f.malformed
            )
        )
        for sample in f.samples:
            err(_("  malformed line: {line}").format(line=sample))
    out(
        _("Total: {checks} stamp checks in {lines} lines; {malformed} malformed lines skipped.").format(
            checks=report.checks, lines=report.lines, malformed=report.malformed
        )
    )
    return 0


def cmd_scans_list(args: argparse.Namespace) -> int:
    found = scans.stamps(open_service(args), args.lot, args.suspicious)
    if args.csv:
        scans.export_csv(found, args.csv)
    if args.json:
        out(
            to_json(
                [
                    {
                        "serial": s.serial,
                        "gtin": s.gtin,
                        "lot": s.lot,
                        "status": s.status or "never issued",
                        "first_at": s.first_at,
                        "last_at": s.last_at,
                        "checks": s.checks,
                        "networks": s.networks,
                        "devices": s.devices,
                        "countries": s.countries,
                        "flags": [{"kind": f.kind, "reason": f.explain()} for f in s.flags],
                    }
                    for s in found
                ]
            )
        )
        return 0
    if not found:
        out(_("No stamp checks yet. Load a web server log with `ocopdesk scans load FILE`."))
        return 0
    rows = [
        [
            s.serial,
            s.lot,
            format_date(s.first_day),
            str(s.checks),
            str(s.networks),
            " ".join(f.explain() for f in s.flags),
        ]
        for s in found
    ]
    out(table([_("Serial"), _("Lot"), _("First check"), _("Checks"), _("Networks"), _("Signals")], rows))
    return 0


def cmd_scans_forget(args: argparse.Namespace) -> int:
    count = scans.forget(open_service(args))
    out(_("Erased the checks of {count} stamps and every log mark.").format(count=count))
    err(_("The web server's own log files are not touched; delete or rotate them on the host."))
    return 0
