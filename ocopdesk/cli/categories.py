"""`categories list|load|search|set|suggest|add`: each product's category on each marketplace."""

from __future__ import annotations

import argparse
from pathlib import Path

from ocopdesk.cli.base import Subparsers, command, err, group, open_service, out
from ocopdesk.cli.listings import marketplace_option
from ocopdesk.cli_output import category_json, suggestion_json, to_json
from ocopdesk.domain.dates import format_date
from ocopdesk.i18n import _
from ocopdesk.services import categories
from ocopdesk.services.categories import ProductSuggestions
from ocopdesk.services.listings import category_rules


def register(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    csub = group(sub, common, "categories", _("marketplace categories for your products"))
    p = command(csub, common, "list", _("the loaded category list and the category rules"), cmd_list)
    marketplace_option(p)
    p = command(
        csub, common, "load", _("load the category list from your seller centre's mass-upload template"), cmd_load
    )
    marketplace_option(p)
    p.add_argument("file", type=Path, metavar="FILE.xlsx")
    p = command(csub, common, "search", _("find categories by name, with or without diacritics"), cmd_search)
    marketplace_option(p)
    p.add_argument("words", nargs="+", metavar=_("WORDS"))
    p.add_argument("--json", action="store_true")
    p = command(csub, common, "set", _("give a product its category"), cmd_set)
    marketplace_option(p)
    p.add_argument("--sku", required=True)
    p.add_argument("--category", required=True, help=_("the category id, as `categories search` shows it"))
    p = command(
        csub,
        common,
        "suggest",
        _("suggest categories for the products without one (never applied unasked)"),
        cmd_suggest,
    )
    marketplace_option(p)
    p.add_argument("--sku", action="append", help=_("only this product (repeatable)"))
    p.add_argument("--all", action="store_true", help=_("every product, also those with a category"))
    p.add_argument("--accept", action="store_true", help=_("apply the confident suggestions to products without one"))
    p.add_argument("--json", action="store_true")
    p = command(csub, common, "add", _("add a rule: products matching it get this category"), cmd_add)
    marketplace_option(p)
    p.add_argument("--category", required=True, help=_("the marketplace's leaf category id"))
    p.add_argument("--name", default="", help=_("the category's name, for people"))
    p.add_argument("--keyword", default="", help=_('words in the product name, e.g. "mật ong"'))
    p.add_argument("--group", default="", help=_("OCOP group, e.g. 1"))
    p.add_argument("--subgroup", default="", help=_("OCOP sub-group, e.g. 1.3"))


def cmd_list(args: argparse.Namespace) -> int:
    service = open_service(args)
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


def cmd_load(args: argparse.Namespace) -> int:
    info = categories.load_list(open_service(args), args.marketplace, args.file)
    out(
        _("Loaded {count} categories for {market} from {source} on {date}.").format(
            count=info.count, market=args.marketplace, source=info.source, date=format_date(info.loaded_on)
        )
    )
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    found = categories.index(open_service(args), args.marketplace).search(" ".join(args.words), 50)
    if args.json:
        out(to_json([category_json(c) for c in found]))
    else:
        for category in found:
            out(f"{category.id:<10} {category.path_text}")
    return 0 if found else 1


def cmd_set(args: argparse.Namespace) -> int:
    category, _changes = categories.choose(open_service(args), args.marketplace, args.sku, args.category)
    out(_("{sku}: {category}").format(sku=args.sku.upper(), category=category.label()))
    return 0


def cmd_suggest(args: argparse.Namespace) -> int:
    service = open_service(args)
    if categories.list_info(service, args.marketplace) is None:
        err(
            _(
                "Only the few built-in categories are known: load the list from your seller centre's template for "
                "better suggestions (ocopdesk categories load)."
            )
        )
    found = categories.suggest(service, args.marketplace, args.sku, everyone=args.all)
    applied = dict(categories.accept_confident(service, args.marketplace, found=found)[0]) if args.accept else {}
    if args.json:
        out(to_json([suggestion_json(item, applied) for item in found]))
        return 0
    for item in found:
        _show_suggestions(item, applied)
    if args.accept:
        out(_("{n} confident suggestions applied; the others wait for you.").format(n=len(applied)))
    elif any(s.confident for item in found for s in item.suggestions[:1] if item.needs_one):
        out(_("* confident: apply them with --accept; choose the others with `categories set`."))
    return 0


def _show_suggestions(item: ProductSuggestions, applied: dict[str, object]) -> None:
    current = item.current.category
    out(f"{item.sku}  {item.name}" + (f"  [{current.label()}]" if current else ""))
    for n, s in enumerate(item.suggestions):
        mark = "✓" if n == 0 and item.sku in applied else ("*" if s.confident else " ")
        out(f"  {mark} {s.confidence:4.0%}  {s.category.id:<10} {s.category.path_text}")
    if item.note:
        out("    " + item.note)
    elif not item.suggestions:
        out("    " + _("no suggestion: choose by name with `categories search` and `categories set`"))


def cmd_add(args: argparse.Namespace) -> int:
    fields = (args.category.strip(), args.name.strip(), args.group.strip(), args.subgroup.strip(), args.keyword)
    categories.add_rule(open_service(args), args.marketplace, *fields)
    out(_("Saved."))
    return 0
