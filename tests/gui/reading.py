"""Reading a widget the way the clerk does: whether a label's whole text fits the room it is given (and the
window around it), and what Tesseract (Vietnamese) reads off a screenshot of it."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QLabel, QWidget


def cut_off(label: QLabel) -> str:
    """Why `label` does not show its whole text, or "" when it does: the height its wrapped text needs at its
    width, and its rectangle inside every parent up to the window (a parent clips what lies outside it)."""
    if not label.isVisible():
        return "hidden"
    needed = label.heightForWidth(label.width()) if label.wordWrap() else label.sizeHint().height()
    if label.height() < needed:
        return f"{label.height()} px tall, its text needs {needed} px"
    rect = QRect(QPoint(0, 0), label.size())
    widget: QWidget = label
    while not widget.isWindow():
        parent = widget.parentWidget()
        rect = rect.translated(widget.pos())
        if not QRect(QPoint(0, 0), parent.size()).contains(rect):
            return f"outside {type(parent).__name__} ({rect} not in {parent.size()})"
        widget = parent
    return ""


def read_back(widget: QWidget, folder: Path) -> str:
    """Tesseract's reading (vie) of the widget as it is drawn now, scaled 3× as a person leans in; the
    text as one line of folded words so a test can look for a phrase whatever the line breaks."""
    binary = shutil.which("tesseract")
    assert binary, "tesseract is missing (Debian: tesseract-ocr tesseract-ocr-vie)"
    image = widget.grab().toImage()
    image = image.scaled(image.width() * 3, image.height() * 3, mode=Qt.TransformationMode.SmoothTransformation)
    path = folder / f"read-{id(widget)}.png"
    assert image.save(str(path)), f"no picture of {widget!r} ({widget.size()}, {image.size()}, {image.isNull()})"
    done = subprocess.run([binary, str(path), "stdout", "-l", "vie", "--psm", "6"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return " ".join(unicodedata.normalize("NFC", done.stdout).split())


def words_of(text: str) -> list[str]:
    return re.findall(r"\w+", unicodedata.normalize("NFC", text).casefold())


def share_read(expected: str, read: str) -> float:
    """The share of the expected words Tesseract found (a fair measure: OCR misreads a letter now and then)."""
    want, got = words_of(expected), set(words_of(read))
    return sum(w in got for w in want) / len(want)
