"""`settings show|set` and `poster`: the cooperative profile, and a QR poster that points at its pages."""

from __future__ import annotations

import argparse
from dataclasses import asdict, replace
from pathlib import Path

from ocopdesk.cli.base import Subparsers, command, group, open_service, out
from ocopdesk.i18n import _
from ocopdesk.services.profile import load_profile, save_profile

PROFILE_KEYS = ("name", "address", "phone", "email", "website", "resolver_base_url", "default_label_template")


def register(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    ssub = group(sub, common, "settings", _("the cooperative profile and stamp settings"))
    command(ssub, common, "show", _("show the settings"), cmd_settings_show)
    p = command(ssub, common, "set", _("change one setting"), cmd_settings_set)
    p.add_argument("key", choices=PROFILE_KEYS)
    p.add_argument("value")


def register_poster(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    p = command(
        sub,
        common,
        "poster",
        _("an information QR poster (A6–A4) for a product, the cooperative or a place"),
        cmd_poster,
    )
    target = p.add_mutually_exclusive_group()
    target.add_argument("--sku", help=_("the product's page"))
    target.add_argument("--place", help=_("a place's page, e.g. a community-tourism site or a fair stand"))
    p.add_argument("--text", default="", help=_("a short line under the QR code"))
    p.add_argument("--size", default="A5", choices=("A6", "A5", "A4"))
    p.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")


def cmd_settings_show(args: argparse.Namespace) -> int:
    for key, value in asdict(load_profile(open_service(args))).items():
        out(f"{key} = {value}")
    return 0


def cmd_settings_set(args: argparse.Namespace) -> int:
    service = open_service(args)
    save_profile(service, replace(load_profile(service), **{args.key: args.value}))
    out(_("Saved."))
    return 0


def cmd_poster(args: argparse.Namespace) -> int:
    from ocopdesk.services.posters import poster_pdf  # loads Qt's painter, only for this command

    path, url = poster_pdf(open_service(args), args.out, sku=args.sku, place=args.place, line=args.text, size=args.size)
    out(_("Poster written to {path}; its QR code opens {url}").format(path=path, url=url))
    return 0
