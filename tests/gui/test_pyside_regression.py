"""PySide6 6.12.0 on Python 3.11 drops a reference to None on every void call and aborts after a few
thousand ("Fatal Python error: none_dealloc"). Run the calls in a child process so that, if an
upgrade brings the bug back, this test fails instead of killing the whole test run."""

import subprocess
import sys

CHILD = """
import sys
from PySide6.QtGui import QStandardItem
item = QStandardItem()
before = sys.getrefcount(None)
for n in range(100_000):
    item.setText(str(n))
print(before, sys.getrefcount(None), item.text())
"""


def test_100000_void_qt_calls_keep_none_alive() -> None:
    result = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    before, after, text = result.stdout.split()
    assert text == "99999"
    assert abs(int(after) - int(before)) < 1000  # a leak would lose ~100,000 references
