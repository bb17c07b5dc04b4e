"""`site build|serve` and `publish`: the traceability website and uploading a folder to a web host."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from ocopdesk.cli.base import Subparsers, command, err, group, open_service, out
from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.i18n import _
from ocopdesk.services.listings import listing_settings
from ocopdesk.services.publish import publish
from ocopdesk.services.site import build_site
from ocopdesk.services.site_preview import make_server, site_root


def register(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    ssub = group(sub, common, "site", _("the traceability website the QR codes lead to"))
    p = command(ssub, common, "build", _("build (or update) the static website in a folder"), cmd_site_build)
    p.add_argument("--out", required=True, type=Path, metavar=_("FOLDER"))
    p = command(ssub, common, "serve", _("preview a built website on this computer (127.0.0.1)"), cmd_site_serve)
    p.add_argument("folder", type=Path, metavar=_("FOLDER"))
    p.add_argument("--port", type=int, default=8000)


def register_publish(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    p = command(sub, common, "publish", _("upload a folder to a web host by WebDAV (changed files only)"), cmd_publish)
    p.add_argument("--to", required=True, metavar="URL")
    p.add_argument("--from", dest="source", type=Path, metavar=_("FOLDER"), help=_("default: the image folder"))
    p.add_argument("--user", default="")
    p.add_argument("--password-env", metavar="VAR", help=_("read the password from this environment variable"))


def cmd_publish(args: argparse.Namespace) -> int:
    source = args.source
    if source is None:
        folder = listing_settings(open_service(args))["image_folder"]
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
    report = build_site(open_service(args), args.out)
    for warning in report.warnings:
        err(_("Warning: {message}").format(message=warning))
    out(report.summary())
    return 0


def cmd_site_serve(args: argparse.Namespace) -> int:
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
