"""GTIN-8/12/13/14 check digits (GS1 mod-10, weights 3,1,3,… from the right) and GTIN-14 padding."""

from __future__ import annotations

VALID_LENGTHS = (8, 12, 13, 14)


def check_digit(body: str) -> int:
    """The GS1 check digit for the digits before it."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10


def is_valid_gtin(code: str) -> bool:
    """True for an 8, 12, 13 or 14 digit code whose last digit is its GS1 check digit."""
    return code.isascii() and code.isdigit() and len(code) in VALID_LENGTHS and check_digit(code[:-1]) == int(code[-1])


def is_valid_gln(code: str) -> bool:
    """A GS1 Global Location Number (a place or a party): 13 digits, the last its mod-10 check digit."""
    return code.isascii() and code.isdigit() and len(code) == 13 and check_digit(code[:-1]) == int(code[-1])


def normalize_gtin(value: str | None) -> str:
    """Strip spaces and dashes a user or spreadsheet may add; does not validate."""
    text = "".join(ch for ch in str(value or "") if ch not in " -\u00a0")
    if text.endswith(".0") and text[:-2].isdigit():  # a GTIN that went through a float cell
        text = text[:-2]
    return text


def to_gtin14(code: str) -> str:
    """Left-pad a valid GTIN to the 14 digits GS1 Digital Link requires."""
    if not is_valid_gtin(code):
        raise ValueError(code)
    return code.zfill(14)
