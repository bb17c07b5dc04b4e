"""Tesseract on many line pictures in few runs (issue #21: the thermal and stamp tests spent 80 % of their
time starting Tesseract and loading its Vietnamese model, ~0.3 s a run, for a line it reads in ~0.04 s).

Tesseract reads a list file of pictures as the pages of one document and writes each page's text followed
by a form feed. Every page is read by the same LSTM from scratch (no adaptation between pages in LSTM mode),
so a picture's reading in a batch is the reading it gets alone — checked by tests/render/test_ocr_batch.py.
The callers' rule stays "try the next size until a reading matches": `first_matches` only groups the tries.
Tesseract runs on one thread (OMP_THREAD_LIMIT=1): its OpenMP threads spin for cores the other test worker
needs (half the CPU time for the same text here; tesseract-ocr/tesseract#2611 on running several at once).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path

from PIL import Image

INSTALL_HINT = "run `sh scripts/install-linux-deps.sh --test` (Debian: tesseract-ocr tesseract-ocr-vie poppler-utils)"
Try = tuple[Image.Image, str]  # a line picture and the page segmentation mode (--psm) to read it with


def framed(image: Image.Image) -> Image.Image:
    """The picture on a 30 px white border: Tesseract reads best with one."""
    out = Image.new("L", (image.width + 60, image.height + 60), 255)
    out.paste(image, (30, 30))
    return out


def tesseract_many(images: Sequence[Image.Image], tmp: Path, psm: str) -> list[str]:
    """Each picture's text (framed, stripped, NFC), all read by one Tesseract run in Vietnamese."""
    if not images:
        return []
    binary = shutil.which("tesseract")
    assert binary, f"tesseract is missing: {INSTALL_HINT}"
    folder = tmp / "ocr"
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n, image in enumerate(images):
        paths.append(folder / f"{psm}-{n}.png")
        framed(image).save(paths[-1])
    listing = folder / f"pages-{psm}.txt"
    listing.write_text("".join(f"{p}\n" for p in paths), encoding="utf-8")
    done = subprocess.run(
        [binary, str(listing), "stdout", "-l", "vie", "--psm", psm],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "OMP_THREAD_LIMIT": "1"},
    )
    pages = done.stdout.split("\f")  # between pages (Tesseract 5); a version that ends with one too is fine
    if len(pages) == len(images) + 1 and not pages[-1].strip():
        pages.pop()
    assert len(pages) == len(images), (len(pages), len(images), done.stderr[-500:])
    return [unicodedata.normalize("NFC", page.strip()) for page in pages]


def read_all(tries: Sequence[Try], tmp: Path) -> list[str]:
    """The reading of every try, in order: one Tesseract run per page segmentation mode."""
    readings = [""] * len(tries)
    for psm in dict.fromkeys(mode for _image, mode in tries):
        where = [n for n, (_image, mode) in enumerate(tries) if mode == psm]
        for n, text in zip(where, tesseract_many([tries[n][0] for n in where], tmp, psm), strict=True):
            readings[n] = text
    return readings


def first_matches(lines: Sequence[Sequence[Try]], matches: Sequence[Callable[[str], bool]], tmp: Path) -> list[str]:
    """For each line, the reading of its first try that `matches` accepts, else of its last try — what
    reading the tries one by one until a match gives. Round one reads every line's first try (most lines
    match there); round two reads all other tries of the lines still unmatched, and the first match in the
    line's own order is kept, so a later try never wins over an earlier one."""
    got = read_all([tries[0] for tries in lines], tmp)
    pending = [n for n, text in enumerate(got) if not matches[n](text) and len(lines[n]) > 1]
    rest = [(n, t) for n in pending for t in lines[n][1:]]
    readings = read_all([t for _n, t in rest], tmp)
    for n in pending:
        mine = [text for (m, _t), text in zip(rest, readings, strict=True) if m == n]
        got[n] = next((text for text in mine if matches[n](text)), mine[-1])
    return got
