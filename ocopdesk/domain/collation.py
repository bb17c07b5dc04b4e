"""Vietnamese alphabetical order for lists a person reads (provinces, communes, field names): the CLDR
collation for "vi" (https://github.com/unicode-org/cldr/blob/main/common/collation/vi.xml), in pure Python.

Why not PyICU: it ships no wheels for Windows, where the clerks are, and would need ICU built in; Qt's
QCollator exists only in the GUI, and the CLI must list names in the same order. The rules are small: ă â
đ ê ô ơ ư are letters of their own (a < ă < â, d < đ, o < ô < ơ, u < ư); the five tones only matter when
the letters are equal, in the order ngang, huyền, hỏi, ngã, sắc, nặng (a < à < ả < ã < á < ạ); lower case
before upper case last of all. Spaces and punctuation sort before digits, digits before letters (CLDR's
root order), so "Hà Nội" comes before "Hải Phòng". tests/gui/test_collation.py checks every province and
commune name against Qt's ICU collator."""

from __future__ import annotations

import unicodedata

ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng
_WITH_MARK = {
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}
_PRIMARY = {letter: 1000 + index for index, letter in enumerate(ALPHABET)}


def _letters(value: str) -> list[tuple[str, int, int]]:
    """(letter of the Vietnamese alphabet or other character, tone 0–5, 1 for upper case) per letter."""
    found: list[tuple[str, int, int]] = []
    for char in unicodedata.normalize("NFD", value):
        if unicodedata.combining(char) and found:
            letter, tone, upper = found[-1]
            if char in _TONES:
                found[-1] = (letter, _TONES[char], upper)
            else:
                found[-1] = (_WITH_MARK.get((letter, char), letter), tone, upper)
            continue
        lower = "đ" if char in "đĐ" else char.lower()
        found.append((lower, 0, int(char != lower and char.isupper())))
    return found


def _primary(letter: str) -> int:
    if letter in _PRIMARY:
        return _PRIMARY[letter]
    if letter.isdigit():
        return 500 + int(unicodedata.digit(letter, 0))
    if letter.isalpha():  # a letter outside the Vietnamese alphabet: after z, in code point order
        return 2000 + ord(letter)
    return 1 if letter.isspace() else 10 + min(ord(letter), 480)  # space first, then punctuation


def collation_key(value: str | None) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
    """A key for sorted(): letters first, then tones, then case, each compared over the whole name."""
    letters = _letters(value or "")
    return (
        tuple(_primary(letter) for letter, _tone, _upper in letters),
        tuple(tone for _letter, tone, _upper in letters),
        tuple(upper for _letter, _tone, upper in letters),
    )


def vietnamese_sorted(values: list[str]) -> list[str]:
    return sorted(values, key=collation_key)
