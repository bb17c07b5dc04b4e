"""The TCVN3 and VNI code tables and the character classes `legacy_text` converts and detects with.

Pure data, built once at import: where each table entry comes from is told in `legacy_text`'s docstring, and
tests/domain/test_legacy_text.py checks them.
"""

from __future__ import annotations

import re
import unicodedata

# Tone marks as Unicode combining characters, in the traditional order huyền, hỏi, ngã, sắc, nặng.
_GRAVE, _HOOK, _TILDE, ACUTE, DOT = "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"
TONES = (_GRAVE, _HOOK, _TILDE, ACUTE, DOT)
_CIRCUMFLEX, _BREVE = "\u0302", "\u0306"

# The 12 vowel letters, and every vowel letter with its tones (NFC), lower and upper case.
_VOWELS = "aăâeêioôơuưy"
VIET_LETTERS = frozenset(
    unicodedata.normalize("NFC", v + t) for v in _VOWELS + _VOWELS.upper() for t in ("", *TONES)
) | frozenset("đĐ")

# ---------------------------------------------------------------------------------------------------------------
# TCVN3 as data: per vowel, the code of the letter without tone (None = plain ASCII) and its five toned forms in
# the order grave, hook, tilde, acute, dot.
_TCVN3_VOWELS: tuple[tuple[str, int | None, tuple[int, int, int, int, int]], ...] = (
    ("a", None, (0xB5, 0xB6, 0xB7, 0xB8, 0xB9)),
    ("ă", 0xA8, (0xBB, 0xBC, 0xBD, 0xBE, 0xC6)),
    ("â", 0xA9, (0xC7, 0xC8, 0xC9, 0xCA, 0xCB)),
    ("e", None, (0xCC, 0xCE, 0xCF, 0xD0, 0xD1)),
    ("ê", 0xAA, (0xD2, 0xD3, 0xD4, 0xD5, 0xD6)),
    ("i", None, (0xD7, 0xD8, 0xDC, 0xDD, 0xDE)),
    ("o", None, (0xDF, 0xE1, 0xE2, 0xE3, 0xE4)),
    ("ô", 0xAB, (0xE5, 0xE6, 0xE7, 0xE8, 0xE9)),
    ("ơ", 0xAC, (0xEA, 0xEB, 0xEC, 0xED, 0xEE)),
    ("u", None, (0xEF, 0xF1, 0xF2, 0xF3, 0xF4)),
    ("ư", 0xAD, (0xF5, 0xF6, 0xF7, 0xF8, 0xF9)),
    ("y", None, (0xFA, 0xFB, 0xFC, 0xFD, 0xFE)),
)
_TCVN3_OTHERS = {0xAE: "đ", 0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ", 0xA0: "\xa0"}


def _tcvn3_decode_map() -> dict[int, str]:
    table = dict(_TCVN3_OTHERS)
    for vowel, plain, toned in _TCVN3_VOWELS:
        if plain is not None:
            table[plain] = vowel
        for tone, code in zip(TONES, toned, strict=True):
            table[code] = unicodedata.normalize("NFC", vowel + tone)
    return table


TCVN3_DECODE = _tcvn3_decode_map()  # byte value (= code point after latin-1/cp1252) → Unicode letter
TCVN3_CAPITAL_CODES = frozenset(chr(c) for c in range(0xA1, 0xA8))
TCVN3_LOWER_CODES = frozenset(chr(c) for c, letter in TCVN3_DECODE.items() if letter.islower())

# ---------------------------------------------------------------------------------------------------------------
# VNI as data. Mark bytes (lowercase form; the capital form is 0x20 lower) and what they add to the base letter.
_VNI_MARKS: dict[int, str] = {
    0xF8: _GRAVE,
    0xFB: _HOOK,
    0xF5: _TILDE,
    0xF9: ACUTE,
    0xEF: DOT,
    0xE2: _CIRCUMFLEX,
    0xE0: _CIRCUMFLEX + _GRAVE,
    0xE5: _CIRCUMFLEX + _HOOK,
    0xE3: _CIRCUMFLEX + _TILDE,
    0xE1: _CIRCUMFLEX + ACUTE,
    0xE4: _CIRCUMFLEX + DOT,
    0xEA: _BREVE,
    0xE8: _BREVE + _GRAVE,
    0xFA: _BREVE + _HOOK,
    0xFC: _BREVE + _TILDE,
    0xE9: _BREVE + ACUTE,
    0xEB: _BREVE + DOT,
}
# Letters with a byte of their own (lowercase form; the capital form is 0x20 lower).
_VNI_SINGLES: dict[int, str] = {
    0xF1: "đ",
    0xF4: "ơ",
    0xF6: "ư",
    0xEC: "ì",
    0xED: "í",
    0xE6: "ỉ",
    0xF3: "ĩ",
    0xF2: "ị",
    0xEE: "ỵ",
}
_CASE_GAP = 0x20


def _vni_maps() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(mark char → combining marks, single char → letter, letter → canonical VNI spelling)."""
    marks: dict[str, str] = {}
    for code, combining in _VNI_MARKS.items():
        marks[chr(code)] = combining
        marks[chr(code - _CASE_GAP)] = combining
    singles: dict[str, str] = {}
    for code, letter in _VNI_SINGLES.items():
        singles[chr(code)] = letter
        singles[chr(code - _CASE_GAP)] = letter.upper()
    encode: dict[str, str] = {}
    single_of = {letter: char for char, letter in singles.items()}
    for base in "aeouyAEOUY" + "ơƠưƯ":
        base_code = single_of.get(base, base)
        for code, combining in _VNI_MARKS.items():
            letter = unicodedata.normalize("NFC", base + combining)
            if letter in VIET_LETTERS and len(letter) == 1:
                mark = chr(code if base.islower() else code - _CASE_GAP)
                encode.setdefault(letter, base_code + mark)
    encode.update(single_of)  # ỵ and the i-family are single bytes even though y/i + mark would compose
    return marks, singles, encode


VNI_MARK, VNI_SINGLE, VNI_ENCODE = _vni_maps()
_VNI_BASES = "aeiouyAEIOUY" + "ôÔöÖ"  # ô/ö are VNI's ơ/ư, which take tone marks too
# One pass: a base letter with its mark, or any other non-ASCII character.
VNI_TOKEN = re.compile(f"([{_VNI_BASES}])([{''.join(VNI_MARK)}])|([^\\x00-\\x7f])")

# What latin-1 decoding leaves for 0x80–0x9F (C1 controls) → what cp1252 shows for the same byte.
C1_TO_CP1252 = {c: bytes([c]).decode("cp1252") for c in range(0x80, 0xA0) if c not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)}
TCVN3_TABLE = str.maketrans({**C1_TO_CP1252, **TCVN3_DECODE})

# Characters only real Unicode Vietnamese has (never the result of reading legacy bytes as latin-1/cp1252).
MODERN_VIETNAMESE = re.compile("[ĂăĐđĨĩŨũƠơƯư\u1ea0-\u1ef9\u0300-\u036f]")
# Typographic punctuation the legacy fonts kept at the cp1252 places; neutral for detection.
NEUTRAL = frozenset("\xa0–—‘’‚“”„…•€™†‡‰‹›") | frozenset(chr(c) for c in range(0x80, 0xA0))
# Word boundaries for the syllable test: white space, ASCII punctuation and digits, neutral punctuation.
SPLIT = re.compile("[\\s!-@\\[-`{-~\xa0–—‘’‚“”„…•€™†‡‰‹›\x80-\x9f]+")
ASCII_LOWER = frozenset("abcdefghijklmnopqrstuvwxyz")
ASCII_UPPER = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _tcvn3_encode_map() -> dict[int, str]:
    table = {ord(letter): chr(code) for code, letter in TCVN3_DECODE.items() if letter != "\xa0"}
    for letter in list(TCVN3_DECODE.values()):
        capital = letter.upper()
        if capital != letter and ord(capital) not in table:
            table[ord(capital)] = table[ord(letter)]
    return table


TCVN3_ENCODE = _tcvn3_encode_map()
