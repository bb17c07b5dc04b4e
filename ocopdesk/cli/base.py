"""What every command module shares: the translating parser, where output goes, how the catalogue is opened.

argparse writes its own words ("usage:", "the following arguments are required") through the English
`gettext` catalogue; `TranslatingParser` passes them through ours instead, using only argparse's public
hooks (`error`, `add_argument_group`, `add_argument`, the formatter's `add_usage`), so no module of the
standard library is patched.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, NoReturn

from ocopdesk.domain.dates import DateError, parse_date
from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.i18n import N_, _
from ocopdesk.paths import AppPaths
from ocopdesk.services.catalog import CatalogService

Handler = Callable[[argparse.Namespace], int]
Subparsers = argparse._SubParsersAction  # type: ignore[type-arg]  # argparse names no public type for it

# argparse's own messages, translated through our catalogue.
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
_PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[sr]")


@cache
def _patterns() -> list[tuple[re.Pattern[str], str]]:
    """Each of argparse's message templates as a regular expression that reads its values back."""
    found = []
    for template in ARGPARSE_MESSAGES:
        if "%" not in template or template.startswith("%(prog)s"):
            continue
        parts, last = [], 0
        for n, match in enumerate(_PLACEHOLDER.finditer(template)):
            parts += [re.escape(template[last : match.start()]), f"(?P<{match.group(1) or f'arg{n}'}>.*?)"]
            last = match.end()
        parts.append(re.escape(template[last:]))
        found.append((re.compile("".join(parts), re.DOTALL), template))
    return found


def translate_message(text: str) -> str:
    """argparse's English message → ours: the template is translated, its values kept (a nested message, as
    in "argument --x: invalid choice: …", translated in turn)."""
    if text in ARGPARSE_MESSAGES:
        return _(text)
    for pattern, template in _patterns():
        match = pattern.fullmatch(text)
        if match is None:
            continue
        values = {name: translate_message(value) for name, value in match.groupdict().items()}
        return _fill(_(template), values) or text
    return text


def _fill(template: str, values: dict[str, str]) -> str | None:
    """`template` with its placeholders replaced by `values` (unnamed ones in order); None when a translation's
    placeholders do not match argparse's."""
    unnamed = iter(value for name, value in values.items() if name.startswith("arg"))
    try:
        return _PLACEHOLDER.sub(lambda m: values[m.group(1)] if m.group(1) else next(unnamed), template)
    except (KeyError, StopIteration):
        return None


class TranslatingFormatter(argparse.HelpFormatter):
    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, prefix if prefix is not None else _("usage: "))


class TranslatingParser(argparse.ArgumentParser):
    """An ArgumentParser whose own words (usage, section titles, errors) are in the clerk's language."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", TranslatingFormatter)
        super().__init__(*args, **kwargs)

    def add_argument_group(self, title: str | None = None, *args: Any, **kwargs: Any) -> Any:
        return super().add_argument_group(_(title) if title in ARGPARSE_MESSAGES else title, *args, **kwargs)

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        if kwargs.get("help") in ARGPARSE_MESSAGES:  # -h and --version as argparse adds them
            kwargs["help"] = _(kwargs["help"])
        return super().add_argument(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, _("%(prog)s: error: %(message)s\n") % {"prog": self.prog, "message": translate_message(message)})


def date_arg(text: str) -> object:
    try:
        return parse_date(text)
    except DateError as exc:
        raise argparse.ArgumentTypeError(
            _("“{value}” is not a date (yyyy-mm-dd or dd/mm/yyyy)").format(value=text)
        ) from exc


def db_path(args: argparse.Namespace) -> Path:
    return Path(getattr(args, "db", None) or AppPaths.from_environment().default_db)


def open_service(args: argparse.Namespace, create: bool = False) -> CatalogService:
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


def group(sub: Subparsers, common: argparse.ArgumentParser, name: str, help_text: str) -> Subparsers:
    """A command with actions (`stamps issue`, `stamps list`…): its parser's own subparsers."""
    parser = sub.add_parser(name, parents=[common], help=help_text)
    return parser.add_subparsers(dest="action", required=True, metavar=_("ACTION"))


def command(
    sub: Subparsers, common: argparse.ArgumentParser, name: str, help_text: str, handler: Handler, **kwargs: Any
) -> argparse.ArgumentParser:
    kwargs.setdefault("parents", [common])
    parser = sub.add_parser(name, help=help_text, **kwargs)
    parser.set_defaults(handler=handler)
    return parser
