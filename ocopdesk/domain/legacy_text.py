"""Vietnamese typed in the old font encodings (TCVN3/ABC and VNI), read back as Unicode: detect and repair.

Lists from district offices are still typed with `.VnTime` (TCVN3) or `VNI-Times` (VNI) fonts. Those fonts draw
Vietnamese letters at the places of Western letters, so when Excel, openpyxl or a CSV reader hands us the cell as
Unicode we get the Western letters: "Hà Nội" arrives as "Hµ Néi" (TCVN3) or "Haø Noäi" (VNI). This module turns
such text into NFC Unicode (`to_unicode`), tells whether a column is in one of those encodings (`detect`), and
encodes back (`from_unicode`, used by the tests to build samples and handy for round trips).

Both schemes use only byte values 0xA0–0xFF for letters, where cp1252 and latin-1 agree, so it does not matter
which of the two read the bytes. cp1252 gives typographic punctuation for 0x80–0x9F (– ’ “ …) and latin-1 gives C1
control characters there; `to_unicode` turns those C1 controls into the cp1252 punctuation the typist saw.

TCVN3 (TCVN 5712:1993, VN3, "ABC"): one byte per letter. It has codes for the 67 lowercase Vietnamese letters
outside ASCII, but for capitals only Ă Â Ê Ô Ơ Ư Đ. A capital with a tone (Ấ, Ờ, ...) is typed with the same
code as the lowercase letter in an all-capital font (`.VnTimeH`, `.VnArialH`: the name ends in "H"), so the text
itself says "ấ". Hence `to_unicode(..., uppercase=True)` for cells in such a font, and a rule for cells typed with
Caps Lock: a word whose cased letters are all capitals (ASCII letters and the seven TCVN3 capitals, at least two,
none lowercase) is upper-cased after conversion, and so is the rest of its cell when no ASCII letter in the cell
is lowercase ("HîP T¸C X·" → "HỢP TÁC XÃ", but "M· SP" → "Mã SP").
The codes VN1/VN2 use for capitals with tones (0x80–0x9F and a few others) are not TCVN3 and are left alone.
U+00AD (soft hyphen) is TCVN3's "ư": software that drops soft hyphens loses that letter for good ("N­íc" → "Níc").

VNI (VNI Windows): a vowel is an ASCII letter followed by a mark byte (a+ø → à, o+ä → ộ, a+ù → á); đ ơ ư and
the i-family (ì í ỉ ĩ ị) and ỵ have one byte of their own (ñ ô ö ì í æ ó ò î). Capitals use capital bases and
the capital form of the mark byte (A+Ø → À), always 0x20 below the lowercase byte.

Where the tables come from (each entry agreed in at least two; see tests/domain/test_legacy_text.py):
- TCVN3: glibc iconv "TCVN5712-1" (VN1, a superset of VN3; the tests compare every TCVN3 code with it when iconv
  is installed); Wikipedia, "VSCII" (https://en.wikipedia.org/wiki/Vietnamese_Standard_Code_for_Information_Interchange):
  VN3 = ASCII + 67 lowercase + Ă Â Ê Ô Ơ Ư Đ + NBSP, capitals with tones via an all-capital font;
  github.com/khiemdoan/VBKey Modules/mdlCodeTable.bas (TCVN3_TABLE); github.com/tomwillow/SmartCharsetConverter
  src/Core/Vietnamese.cpp (tcvn3Table); github.com/duydev/vietnamese-conversion src/charsets.ts; the capital-font
  convention from the WinVNKey help ("check_capital_fonts": capital fonts carry the suffix "H") and the
  giaiphapexcel.com thread "Một thắc mắc với font TCVN3" (capitals with tones need the capital font).
- VNI: VBKey mdlCodeTable.bas (VNI_WINDOWS_TABLE) and SmartCharsetConverter Vietnamese.cpp (vniTable) agree on all
  134 letters; vietnamese-conversion charsets.ts agrees except ỷ ỹ Ỷ Ỹ, where its entries (ë ì Ë Ì) collide with
  ì/Ì and are wrong; the "Bảng đối chiếu encoding" table (scribd.com/document/23311958) for the marks and i-forms;
  vietnamese-conversion's README sample "Xin chaøo caùc baïn".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from ocopdesk.domain.legacy_tables import (
    ACUTE,
    ASCII_LOWER,
    ASCII_UPPER,
    C1_TO_CP1252,
    DOT,
    MODERN_VIETNAMESE,
    NEUTRAL,
    SPLIT,
    TCVN3_CAPITAL_CODES,
    TCVN3_DECODE,
    TCVN3_ENCODE,
    TCVN3_LOWER_CODES,
    TCVN3_TABLE,
    TONES,
    VIET_LETTERS,
    VNI_ENCODE,
    VNI_MARK,
    VNI_SINGLE,
    VNI_TOKEN,
)

SCHEMES = ("tcvn3", "vni")


def _check_scheme(scheme: str) -> None:
    if scheme not in SCHEMES:
        raise ValueError(f"unknown legacy encoding {scheme!r}; expected one of {SCHEMES}")


# ---------------------------------------------------------------------------------------------------------------
# Conversion


def to_unicode(text: str, scheme: str, *, uppercase: bool = False) -> str:
    """Repair `text` typed in `scheme` ("tcvn3" or "vni") and read as latin-1/cp1252; NFC Unicode out.

    `uppercase=True` is for cells in a TCVN3 all-capital font (see `scheme_for_font`): their letters are drawn as
    capitals whatever the code says. A cell that already holds letters only Unicode has (ơ, ư, đ, ạ ...) is
    returned unchanged (NFC): it was typed in Unicode, and converting it would garble it.
    """
    _check_scheme(scheme)
    if MODERN_VIETNAMESE.search(text):
        return unicodedata.normalize("NFC", text)
    if scheme == "tcvn3":
        out = text.translate(TCVN3_TABLE)
        if not uppercase:
            out = _restore_capitals(text, out)
    else:
        out = _vni_decode(text)[0]
    if uppercase:
        out = out.upper()
    return unicodedata.normalize("NFC", out)


def _vni_decode(text: str) -> tuple[str, int, int]:
    """(converted text, characters VNI explains, characters it cannot: a mark after a letter that cannot carry it,
    a stray mark, any other non-ASCII character that is not neutral punctuation)."""
    counts = [0, 0]

    def one(match: re.Match[str]) -> str:
        if match[1]:
            base = VNI_SINGLE.get(match[1], match[1])
            letter = unicodedata.normalize("NFC", base + VNI_MARK[match[2]])
            if len(letter) == 1 and letter in VIET_LETTERS:
                counts[0] += 1
                return letter
            counts[1] += 1
            return base + match[2]
        char = match[3]
        if char in VNI_SINGLE:
            counts[0] += 1
            return VNI_SINGLE[char]
        if char not in NEUTRAL:
            counts[1] += 1
        return C1_TO_CP1252.get(ord(char), char)

    return VNI_TOKEN.sub(one, text), counts[0], counts[1]


def _restore_capitals(raw: str, converted: str) -> str:
    """Upper-case what a TCVN3 typist wrote in capitals (Caps Lock or an all-capital font), see the module docstring.

    A word counts as capitals when it shows at least two capitals (ASCII or the seven TCVN3 capitals) and no ASCII
    lowercase letter; its lowercase codes then stand for capitals too ("HîP" → "HỢP"). When such a word holds a
    lowercase code and the cell has no ASCII lowercase letter at all, the whole cell is capitals ("X·" in
    "HîP T¸C X·" → "XÃ"). One capital is Title Case ("Hµ" → "Hà"), and "M· SP" stays "Mã SP".
    """
    if raw.isascii():
        return converted
    raw_words, out_words = raw.split(" "), converted.split(" ")  # the translation is one character for one
    capital_words = []
    any_lower = caps_with_code = False
    for word in raw_words:
        up = sum(1 for ch in word if ch in ASCII_UPPER or ch in TCVN3_CAPITAL_CODES)
        low = any(ch in ASCII_LOWER for ch in word)
        capital = up >= 2 and not low
        capital_words.append(capital)
        any_lower = any_lower or low
        caps_with_code = caps_with_code or (capital and any(ch in TCVN3_LOWER_CODES for ch in word))
    if caps_with_code and not any_lower:
        return converted.upper()
    return " ".join(out.upper() if cap else out for out, cap in zip(out_words, capital_words, strict=True))


def from_unicode(text: str, scheme: str) -> str:
    """Encode Unicode Vietnamese as the latin-1 text a legacy font would show (the inverse of `to_unicode`).

    TCVN3 has no capitals with tones: they are written with the lowercase code, as a `.VnTimeH` typist would.
    Characters the scheme cannot hold are kept as they are.
    """
    _check_scheme(scheme)
    text = unicodedata.normalize("NFC", text)
    if scheme == "tcvn3":
        return text.translate(TCVN3_ENCODE)
    return "".join(VNI_ENCODE.get(ch, ch) for ch in text)


def scheme_for_font(font_name: str | None) -> tuple[str | None, bool]:
    """The legacy scheme a cell's font implies, and whether it is an all-capital font.

    TCVN3 fonts are named ".Vn…" (.VnTime, .VnArial); their all-capital twins end in "H" (.VnTimeH). VNI fonts are
    named "VNI-…" (VNI-Times, VNI-Helve). Any other font says nothing: (None, False).
    """
    name = (font_name or "").strip()
    if name[:3].lower() == ".vn":
        return "tcvn3", name.endswith("H")
    if name[:4].lower() == "vni-":
        return "vni", False
    return None, False


# ---------------------------------------------------------------------------------------------------------------
# Detection

_ONSET = "ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|[bcdđghklmnpqrstvx]"
_OPEN_NUCLEI = (  # vowel groups ending in a glide: nothing may follow
    "ai ao au ay âu ây eo êu iu oi ôi ơi ui ưi ưu iêu yêu oai oao oay oeo uây uôi uyu ươi ươu"
)
_NUCLEI = "a ă â e ê i o ô ơ u ư y ia iê oa oă oe oo ua uâ uê uô uơ uy ưa ươ yê uya uyê"
_CODA = "ch|ng|nh|[cmnpt]"


def _alternatives(words: str) -> str:
    return "|".join(sorted(words.split(), key=len, reverse=True))


_SYLLABLE = re.compile(
    f"(?:{_ONSET})?(?:(?:{_alternatives(_OPEN_NUCLEI)})|(?:{_alternatives(_NUCLEI)})(?P<coda>{_CODA})?)"
)
_STOP_CODAS = frozenset(("c", "ch", "p", "t"))


def _is_syllable(word: str) -> bool:
    """One Vietnamese syllable: Vietnamese letters in a legal shape, one tone at most, placed on a vowel, and
    only sắc or nặng before a final c/ch/p/t."""
    tones: list[str] = []
    bare: list[str] = []
    previous = ""
    for ch in unicodedata.normalize("NFD", word.lower()):
        if ch in TONES:
            if not previous or previous not in "aeiouy":
                return False
            tones.append(ch)
        else:
            bare.append(ch)
            if not unicodedata.combining(ch):
                previous = ch
    if len(tones) > 1:
        return False
    match = _SYLLABLE.fullmatch(unicodedata.normalize("NFC", "".join(bare)))
    if match is None:
        return False
    if match["coda"] in _STOP_CODAS:
        return bool(tones) and tones[0] in (ACUTE, DOT)
    return True


def _judge(text: str) -> tuple[bool, set[str]]:
    """(every word with a non-ASCII character is a Vietnamese syllable, those words of 2+ letters, lowercased)."""
    words: set[str] = set()
    for word in SPLIT.split(text):
        if not word or word.isascii():
            continue
        if not _is_syllable(word):
            return False, words
        if len(word) >= 2:
            words.add(word.lower())
    return True, words


def _tcvn3_scan(text: str) -> tuple[int, int]:
    codes = leftovers = 0
    for ch in text:
        if ch.isascii() or ch in NEUTRAL:
            continue
        if ord(ch) in TCVN3_DECODE:
            codes += 1
        else:
            leftovers += 1
    return codes, leftovers


def _classify(text: str, scheme: str) -> tuple[str, set[str]]:
    """One non-ASCII cell against one scheme: ("fit" | "bad" | "neutral", the Vietnamese words it yields)."""
    if scheme == "tcvn3":
        codes, leftovers = _tcvn3_scan(text)
        converted = text.translate(TCVN3_TABLE)
    else:
        converted, codes, leftovers = _vni_decode(text)
    if codes == 0:
        return "neutral", set()  # nothing this scheme would change: no evidence either way
    plausible, words = _judge(converted)
    if leftovers or not plausible:
        return "bad", set()
    if _judge(text)[0]:
        return "neutral", set()  # reads as Vietnamese both ways ("Cô Tô", "Hoàng"): proves nothing
    return "fit", words


_SAMPLE = 200
_MIN_SHARE = 0.8


def detect(texts: Iterable[object]) -> str | None:
    """Say whether the text cells of a column (or a sheet) are TCVN3 or VNI read as Unicode: "tcvn3", "vni", None.

    The rule, built to stay silent on anything that is not legacy Vietnamese:
    - Only cells with a non-ASCII character count (plain ASCII, e-mails, URLs, codes, prices say nothing); the
      first 200 such cells are the sample.
    - A cell with letters only Unicode has (ơ ư đ ạ ..., or combining marks) votes against both schemes.
    - For each scheme a cell is a *fit* when every non-ASCII character is a code of that scheme (or neutral
      punctuation such as – ’ “ … NBSP), the scheme changes at least one character, every converted word that is
      not plain ASCII is one Vietnamese syllable (Vietnamese letters in a legal onset–vowel–final shape, one tone
      at most, only sắc/nặng before c/ch/p/t), and the cell as it stands is *not* such Vietnamese ("Hµ Néi" is a
      fit; "Cô Tô", valid either way, is neutral). A cell the scheme would change into something else is *bad*.
    - A scheme wins when it has at least one fit cell, its fits yield two different Vietnamese words of two or
      more letters (so "100 µm" → "100 àm" in every row is not enough), and its fits are at least 80 % of its
      fit + bad + Unicode-Vietnamese cells. If both win, the one with more fits; a tie gives None.
    "Café Crème", "Señor", "Müller", "35.000đ", "£5" or real Unicode Vietnamese therefore give None.
    """
    unicode_cells = 0
    fit = dict.fromkeys(SCHEMES, 0)
    bad = dict.fromkeys(SCHEMES, 0)
    words: dict[str, set[str]] = {s: set() for s in SCHEMES}
    for text in _sample(texts):
        if MODERN_VIETNAMESE.search(text):
            unicode_cells += 1
            continue
        for scheme in SCHEMES:
            verdict, found = _classify(text, scheme)
            if verdict == "fit":
                fit[scheme] += 1
                words[scheme] |= found
            elif verdict == "bad":
                bad[scheme] += 1
    winners = [
        s
        for s in SCHEMES
        if fit[s] >= 1 and len(words[s]) >= 2 and fit[s] >= _MIN_SHARE * (fit[s] + bad[s] + unicode_cells)
    ]
    if len(winners) == 2 and fit["tcvn3"] != fit["vni"]:
        return max(winners, key=lambda s: fit[s])
    return winners[0] if len(winners) == 1 else None


def convert_mixed(texts: list[object]) -> tuple[str | None, list[object]]:
    """A column where some rows were typed in an old font and later ones in Unicode: `detect` stays silent
    (the Unicode rows vote against), so each cell is judged alone. A scheme is used when at least three cells
    are fits yielding two different words and no cell is bad for it; only the fit cells are converted, the
    Unicode ones are left as they are. Returns (scheme or None, the cells)."""
    sample = _sample(texts)
    for scheme in SCHEMES:
        judged = [(text, *_classify(text, scheme)) for text in sample if not MODERN_VIETNAMESE.search(text)]
        fits = [found for _text, verdict, found in judged if verdict == "fit"]
        words = set().union(*fits) if fits else set()
        # A cell the scheme would garble but that reads as Vietnamese already ("Cà phê") was typed in Unicode.
        against = [text for text, verdict, _found in judged if verdict == "bad" and not _judge(text)[0]]
        if len(fits) >= 3 and len(words) >= 2 and not against:
            return scheme, convert_fits(texts, scheme)
    return None, texts


def convert_fits(texts: list[object], scheme: str) -> list[object]:
    """Convert only the cells that are plainly in `scheme`; a cell already in Unicode, or one the scheme
    would not make into Vietnamese, is left as it is."""
    return [
        to_unicode(c, scheme)
        if isinstance(c, str) and not MODERN_VIETNAMESE.search(c) and _classify(c, scheme)[0] == "fit"
        else c
        for c in texts
    ]


def _sample(texts: Iterable[object]) -> list[str]:
    sample: list[str] = []
    for text in texts:
        if isinstance(text, str) and not text.isascii():
            sample.append(text)
            if len(sample) >= _SAMPLE:
                break
    return sample


def convert_column(texts: Iterable[object]) -> tuple[str | None, list[object]]:
    """Detect the column's scheme and convert its text cells; other cells (numbers, dates, None) pass through.

    Returns (scheme or None, the cells in order); with None the cells come back as they were.
    """
    cells = list(texts)
    scheme = detect(cells)
    if scheme is None:
        return None, cells
    return scheme, [to_unicode(c, scheme) if isinstance(c, str) else c for c in cells]
