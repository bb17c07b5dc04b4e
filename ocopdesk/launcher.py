"""One entry point for the desktop build: no arguments (or only `--db PATH`, `--self-test`) opens the window,
anything else is a command-line command, so the frozen folder's executables serve a clerk and a script alike."""

from __future__ import annotations

import sys

_GUI_FLAGS = {"--self-test", "--version"}


def wants_window(args: list[str]) -> bool:
    """True for `[]`, `--db PATH`, `--self-test` and `--version` in any combination."""
    rest = list(args)
    while rest:
        head = rest.pop(0)
        if head == "--db" and rest:
            rest.pop(0)
        elif head not in _GUI_FLAGS:
            return False
    return True


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if wants_window(args):
        from ocopdesk.app import run

        return run([sys.argv[0], *args])
    import logging

    from ocopdesk.cli import main as cli_main

    logging.basicConfig(level=logging.WARNING)
    return cli_main(args)
