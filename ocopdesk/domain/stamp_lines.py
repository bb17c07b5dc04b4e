"""The words of a stamp broken into lines: the serial line a whole job shares, the product name wrapped
(and shortened with "…" only as a last resort), the lot code broken at its own separators and never
shortened. `fits` is the caller's test of one line at one size; nothing here measures or places."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable

from ocopdesk.domain.stamp_boxes import Ink, Measure

ELLIPSIS = "…"


# ---------------------------------------------------------------- the serial line, shared by a job


class SerialRoom:
    """Room kept for the serial line: the union of the inks of every stamp in the job, so one
    plan serves them all and each stamp only swaps its own serial in. Each arrangement is measured
    only if the fitting asks for it (most stocks never need the serial on two or three lines)."""

    def __init__(self, stamps: Iterable[tuple[str, int]], measure: Measure) -> None:
        self.stamps = list(stamps)
        if not self.stamps:
            raise ValueError("a serial room needs at least one stamp")
        self.measure = measure

    def _union(self, texts: Callable[[str, int], Iterable[str]]) -> Ink:
        inks = (self.measure(text, False) for serial, number in self.stamps for text in texts(serial, number))
        return functools.reduce(Ink.union, inks)

    @functools.cached_property
    def whole(self) -> Ink:
        """ "SERIAL · N" on one line."""
        return self._union(lambda serial, number: [serial_line(serial, number)])

    @functools.cached_property
    def serial(self) -> Ink:
        """ "SERIAL" alone, the number on the next line."""
        return self._union(lambda serial, _number: [serial])

    @functools.cached_property
    def number(self) -> Ink:
        """ "số N" under the serial."""
        return self._union(lambda _serial, number: [number_line(number)])

    @functools.cached_property
    def halves(self) -> Ink:
        """On the narrowest stock the serial's two halves, one under the other."""
        return self._union(lambda serial, _number: serial_halves(serial))


def serial_line(serial: str, number: int) -> str:
    return f"{serial} · {number}"


def number_line(number: int) -> str:
    return f"số {number}"


def serial_halves(serial: str) -> tuple[str, str]:
    middle = (len(serial) + 1) // 2
    return serial[:middle], serial[middle:]


def serial_room(stamps: Iterable[tuple[str, int]], measure: Measure) -> SerialRoom:
    return SerialRoom(stamps, measure)


# ---------------------------------------------------------------- line breaking


def wrap_words(text: str, fits: Callable[[str], bool], max_lines: int, shorten: bool) -> list[str] | None:
    """Greedy word wrap in at most `max_lines`; with `shorten`, the last line is cut at a word and
    ends with "…" instead of failing."""
    words = text.split()
    lines: list[str] = []
    while words:
        if len(lines) == max_lines:
            return _shortened(lines, words, fits) if shorten else None
        line = words.pop(0)
        if not fits(line):
            if not shorten:
                return None
            return [*lines, _cut(line, fits)]
        while words and fits(f"{line} {words[0]}"):
            line = f"{line} {words.pop(0)}"
        lines.append(line)
    return lines


def _shortened(lines: list[str], rest: list[str], fits: Callable[[str], bool]) -> list[str]:
    last_words = lines[-1].split() + rest
    kept: list[str] = []
    for word in last_words:
        if not fits(" ".join([*kept, word]) + ELLIPSIS):
            break
        kept.append(word)
    last = " ".join(kept) + ELLIPSIS if kept else _cut(last_words[0], fits)
    return [*lines[:-1], last]


def _cut(word: str, fits: Callable[[str], bool]) -> str:
    while len(word) > 1 and not fits(word + ELLIPSIS):
        word = word[:-1]
    return word + ELLIPSIS


def wrap_code(prefix: str, code: str, fits: Callable[[str], bool], max_lines: int) -> list[str] | None:
    """A code is never shortened: it breaks after the prefix, after its own - . / _, and only as a
    last resort between any two characters; no character is added or lost."""
    if fits(prefix + code):
        return [prefix + code]
    if max_lines == 1:
        return None
    pieces = [prefix.rstrip()] if prefix.strip() else []
    current = ""
    for char in code:
        current += char
        if char in "-./_":
            pieces.append(current)
            current = ""
    if current:
        pieces.append(current)
    lines: list[str] = []
    line = ""
    for piece in pieces:
        glue = " " if line == prefix.rstrip() and prefix.strip() else ""
        if line and fits(line + glue + piece):
            line += glue + piece
            continue
        if line:
            lines.append(line)
        line = ""
        for char in piece:  # a piece too long for a line of its own breaks between characters
            if line and not fits(line + char):
                lines.append(line)
                line = ""
            line += char
        if not fits(line):
            return None
    if line:
        lines.append(line)
    return lines if len(lines) <= max_lines else None
