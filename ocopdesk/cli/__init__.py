"""The `ocopdesk` command line: a thin layer over the same services the GUI calls.

One module per area registers its commands (`register(sub, common)`) and holds their handlers; the
handlers read arguments, call a service and print through `ocopdesk.cli_output`. This module builds the
parser and runs a command.

Exit codes: 0 success, 1 invalid data or a failed operation, 2 misuse. Errors go to stderr in
plain words; an unexpected error writes its traceback to the log file, never to the screen.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from ocopdesk.cli import catalogue, categories, listings, passport, scans, settings, shipping, site, stamps
from ocopdesk.cli.base import TranslatingParser, err
from ocopdesk.domain.errors import OcopDeskError, ValidationError
from ocopdesk.i18n import _
from ocopdesk.logs import log_unexpected
from ocopdesk.services.failures import explain
from ocopdesk.version import version_line

__all__ = ["build_parser", "main", "run"]


def build_parser() -> TranslatingParser:
    common = TranslatingParser(add_help=False)
    common.add_argument(
        "--db",
        type=Path,
        default=argparse.SUPPRESS,
        metavar=_("PATH"),
        help=_("catalogue database file (default: your user data folder)"),
    )
    parser = TranslatingParser(
        prog="ocopdesk", parents=[common], description=_("OCOPDesk: OCOP product catalogue, stamps and listings.")
    )
    parser.add_argument("--version", action="version", version=version_line(), help=_("show the version and exit"))
    sub = parser.add_subparsers(dest="command", required=True, metavar=_("COMMAND"))
    catalogue.register(sub, common)
    passport.register(sub, common)
    stamps.register(sub, common)
    settings.register(sub, common)
    stamps.register_templates(sub, common)
    site.register(sub, common)
    listings.register(sub, common)
    categories.register(sub, common)
    shipping.register(sub, common)
    site.register_publish(sub, common)
    settings.register_poster(sub, common)
    scans.register(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(listings.legacy_export(sys.argv[1:] if argv is None else argv))
    try:  # parse_args exits 2 on misuse, with argparse's (translated) message
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
