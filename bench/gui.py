"""GUI benchmarks (issue #5), offscreen: opening a 100,000-product catalogue to a usable table,
a keystroke in search to updated results, and the longest event-loop stall while a 10,000-row
import, then a site build, runs in the background. Baselines in the same run: opening 30 products, and the same
import run on the GUI thread.

    python bench/gui.py [--products 100000] [--rows 10000] [--db FILE]   (FILE: 100,000 products built before)
    python bench/gui.py --stalls-only       (only the stalls during a worker's import and site build, #28)
"""

from __future__ import annotations

import argparse
import collections
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from catalogue import build, write_xlsx
from PySide6.QtCore import QElapsedTimer, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from ocopdesk.app import open_main_window
from ocopdesk.gui.tasks import run_task
from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.demo import load_demo
from ocopdesk.services.importer import import_file
from ocopdesk.services.jobs import import_job, site_job


def time_to_usable_table(db: Path) -> tuple[float, object]:
    """From start-up to a window whose product table has painted its first rows."""
    start = time.perf_counter()
    window = open_main_window(["ocopdesk", "--db", str(db)])
    window.go_to("products")
    QApplication.processEvents()
    window.products.table.viewport().repaint()
    assert window.products.model.index(0, 1).data()
    return time.perf_counter() - start, window


def keystrokes(window, words: list[str]) -> list[float]:  # type: ignore[no-untyped-def]
    """Milliseconds from each key press to the table showing the new results (debounce included)."""
    box, model = window.products.search_box, window.products.model
    latencies: list[float] = []
    for word in words:
        box.clear()
        QApplication.processEvents()
        for ch in word:
            timer = QElapsedTimer()
            done: list[float] = []
            conn = model.modelReset.connect(lambda t=timer, d=done: d.append(t.nsecsElapsed() / 1e6))
            timer.start()
            QTest.keyClick(box, ch)
            while not done and timer.elapsed() < 2000:
                QApplication.processEvents()
                time.sleep(0.001)
            window.products.table.viewport().repaint()
            latencies.append(timer.nsecsElapsed() / 1e6)
            model.modelReset.disconnect(conn)
    return latencies


class GapSampler:
    """What the GUI thread is doing while a gap is open: a thread looks at its Python stack every 2 ms once
    no tick has come for 20 ms, so a long gap names the code it was spent in (or "waiting": no Python frame
    of ours, e.g. the thread waiting for a core or inside Qt)."""

    def __init__(self, last: list[float]) -> None:
        self.last = last
        self.ident = threading.get_ident()
        self.seen: collections.Counter[str] = collections.Counter()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self) -> None:
        while not self.stop.wait(0.002):
            if time.perf_counter() - self.last[0] > 0.02:
                frame = sys._current_frames().get(self.ident)
                self.seen[where(frame)] += 1

    def top(self, n: int = 4) -> str:
        total = sum(self.seen.values()) or 1
        return "; ".join(f"{100 * k / total:.0f}% {name}" for name, k in self.seen.most_common(n))


def where(frame) -> str:  # type: ignore[no-untyped-def]
    """The innermost frames of the project (ocopdesk/ or this bench) on the stack, or the innermost one."""
    stack = traceback.extract_stack(frame)[-12:] if frame is not None else []
    ours = [f for f in stack if "/ocopdesk/" in f.filename and "/site-packages/" not in f.filename]
    picked = (ours or stack)[-2:]
    return " < ".join(f"{Path(f.filename).name}:{f.name}" for f in reversed(picked)) or "?"


def stall_during(run_job, sampler_out: list[str] | None = None) -> tuple[float, float, float]:  # type: ignore[no-untyped-def]
    """Largest gap between 10 ms timer ticks while `run_job()` runs (the GUI's responsiveness), the CPU time
    the GUI thread spent in that gap, and the largest CPU time it spent in any one gap: on a machine shared
    with other work the gaps grow with the load (the thread waits for a core), its own CPU time much less. A
    gap with little CPU is waiting: for a core, or for something it blocks on (a join, a lock)."""
    gaps: list[tuple[float, float]] = []
    last = [time.perf_counter(), time.thread_time()]

    def tick() -> None:
        now, cpu = time.perf_counter(), time.thread_time()
        gaps.append(((now - last[0]) * 1000, (cpu - last[1]) * 1000))
        last[:] = [now, cpu]

    timer = QTimer(interval=10, timerType=Qt.TimerType.PreciseTimer)
    timer.timeout.connect(tick)
    timer.start()
    last[:] = [time.perf_counter(), time.thread_time()]
    sampler = GapSampler(last)
    sampler.thread.start()
    run_job()
    QApplication.processEvents()  # let the timer report the gap the job caused
    timer.stop()
    sampler.stop.set()
    sampler.thread.join()
    if sampler_out is not None and gaps:
        at = gaps.index(max(gaps))
        began = sum(g for g, _c in gaps[:at])
        sampler_out.append(f"{sampler.top()} (the longest began {began:.0f} ms in, of {sum(g for g, _c in gaps):.0f})")
    if not gaps:
        return float("inf"), float("inf"), float("inf")
    longest = max(gaps)
    return longest[0], longest[1], max(c for _g, c in gaps)


def settled(window) -> None:  # type: ignore[no-untyped-def]
    """Let the window handle what is queued and paint its product table."""
    for _round in range(3):
        QApplication.processEvents()
        window.products.table.viewport().repaint()


def run_in_worker(window, fn, *args) -> None:  # type: ignore[no-untyped-def]
    """What the window's menu does, minus its closing message box: the job in the background, events flowing."""
    task = run_task(window, "bench", window.context.service.path, fn, *args)
    while task.running:
        QApplication.processEvents()
        time.sleep(0.002)


def bench_stalls(window, tmp_path: Path, small: Path, rows: int) -> None:  # type: ignore[no-untyped-def]
    """The longest stall while a worker imports `rows` rows and while it builds the demo's website."""
    sheet = tmp_path / "import.xlsx"
    write_xlsx(sheet, rows)
    shutil.copy(small, tmp_path / "worker.sqlite")
    shutil.copy(small, tmp_path / "inline.sqlite")
    window.actions_.open_path(tmp_path / "worker.sqlite")
    # The catalogue just opened paints its table (thumbnails decoded) on the next events: done before the
    # measure, so the gaps are the job's (they were counted in it until #28's third session).
    settle = stall_during(lambda: settled(window))
    print(f"  (first paint of the catalogue just opened, before the job: {settle[0]:.0f} ms, CPU {settle[1]:.0f} ms)")
    where_import: list[str] = []
    worker = stall_during(lambda: run_in_worker(window, import_job, sheet), where_import)

    def inline() -> None:
        service = CatalogService.open(tmp_path / "inline.sqlite")
        import_file(service, sheet)
        service.close()

    inline_stall = stall_during(inline)[0]
    print(f"longest event-loop stall during a {rows}-row import in a worker: {said(worker)}")
    print(f"  the GUI thread in gaps over 20 ms: {where_import[0]}")
    print(f"  baseline, the same import on the GUI thread: {inline_stall:.0f} ms")
    where_site: list[str] = []
    site = stall_during(lambda: run_in_worker(window, site_job, tmp_path / "site"), where_site)
    print(f"longest event-loop stall during a site build of the catalogue in a worker: {said(site)}")
    print(f"  the GUI thread in gaps over 20 ms: {where_site[0]}")
    print(f"  load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")


def said(stall: tuple[float, float, float]) -> str:
    return (
        f"{stall[0]:.0f} ms, the GUI thread's CPU in it {stall[1]:.0f} ms, its most CPU in any gap "
        f"{stall[2]:.0f} ms (target <= 50 ms)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--db", type=Path, help="a catalogue an earlier run built (copied, not changed)")
    parser.add_argument("--stalls-only", action="store_true", help="only the stalls during an import and a site build")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        os.environ["OCOPDESK_HOME"] = str(tmp_path / "home")
        small = tmp_path / "small.sqlite"
        service = CatalogService.open(small)
        load_demo(service)
        service.close()
        small_time, window = time_to_usable_table(small)
        if not args.stalls_only:
            window = bench_big(window, args, tmp_path / "big.sqlite", small_time)
        bench_stalls(window, tmp_path, small, args.rows)
        window.context.close()


def bench_big(window, args: argparse.Namespace, big: Path, small_time: float):  # type: ignore[no-untyped-def]
    """Opening the big catalogue (best of three) and keystrokes in its search box; returns the window."""
    if args.db:
        shutil.copy(args.db, big)
    else:
        service = CatalogService.open(big)
        build(service, args.products)
        service.close()
    window.context.close()
    window.close()
    big_time, window = time_to_usable_table(big)
    for _again in range(2):  # the best of three: the machine may be shared
        window.context.close()
        window.close()
        again, window = time_to_usable_table(big)
        big_time = min(big_time, again)
    print(
        f"open to usable table: {args.products} products {big_time:.2f} s (target <= 0.3 s, best of 3); "
        f"baseline 32 products {small_time:.2f} s (ratio {big_time / small_time:.1f}x; "
        f"includes QApplication start-up only in the first)"
    )
    lat = keystrokes(window, ["mat ong", "dong hoi", "nuoc mam", "chieu coi nga son", "sp00123", "htx"])
    lat.sort()
    p95 = lat[min(len(lat) - 1, round(0.95 * (len(lat) - 1)))]
    print(
        f"keystroke to updated results at {args.products} products: {len(lat)} keys, "
        f"median {statistics.median(lat):.0f} ms, p95 {p95:.0f} ms, max {max(lat):.0f} ms "
        f"(target <= 100 ms; includes the {window.products._debounce.interval()} ms debounce)"
    )
    return window


if __name__ == "__main__":
    main()
