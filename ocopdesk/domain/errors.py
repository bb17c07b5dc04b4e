"""Errors that carry a message a cooperative clerk can read, and field-level validation results."""

from __future__ import annotations

from dataclasses import dataclass


class OcopDeskError(Exception):
    """An expected failure with a translated, user-readable message (never shown as a traceback).

    `message` suits every front end; `cli_hint` names a command or option and is printed only by the
    command line (a clerk in the window has no command line)."""

    exit_code = 1

    def __init__(self, message: str, cli_hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.cli_hint = cli_hint


class NotFoundError(OcopDeskError):
    """A product, batch or file the user named does not exist."""


@dataclass(frozen=True, slots=True)
class FieldError:
    """One problem with one field, ready for a form to show next to that field."""

    field: str
    message: str


class ValidationError(OcopDeskError):
    """A record failed validation; `errors` says which fields and why."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in errors))
        self.errors = errors
