"""Start-up of the desktop build (issue #14): from launching the frozen `OCOPDesk` executable to its window
shown (the welcome screen on a first start, then the demo catalogue), offscreen, as whole processes. Baseline in
the same run: `python main.py` from the source tree with the project's venv.

    python bench/startup.py [--dist DIR] [--runs 5]      (builds the folder with scripts/build-app.sh if absent)
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def launch(command: list[str], home: Path) -> float:
    """Wall time of one start to the window shown and the app quit (`--self-test`)."""
    env = {**os.environ, "OCOPDESK_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    start = time.perf_counter()
    done = subprocess.run([*command, "--self-test"], env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0 or not done.stdout.startswith("OK"):
        raise SystemExit(f"{command[0]} did not start: {done.stdout}{done.stderr}")
    return elapsed


def series(label: str, command: list[str], runs: int, demo: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        first = launch(command, home)  # welcome screen: no catalogue yet
        subprocess.run([*demo, "demo"], env={**os.environ, "OCOPDESK_HOME": str(home)}, capture_output=True)
        times = [launch(command, home) for _ in range(runs)]
    print(
        f"{label:<28} welcome {first:5.2f} s · demo catalogue median {statistics.median(times):5.2f} s "
        f"(min {min(times):.2f}, max {max(times):.2f}, {runs} runs)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    folder = args.dist / "OCOPDesk"
    if not (folder / "OCOPDesk").exists():
        subprocess.run(["sh", str(ROOT / "scripts" / "build-app.sh"), str(args.dist)], check=True)
    series("frozen OCOPDesk", [str(folder / "OCOPDesk")], args.runs, [str(folder / "ocopdesk-cli")])
    series(
        "baseline: python main.py",
        [sys.executable, str(ROOT / "main.py")],
        args.runs,
        [sys.executable, str(ROOT / "main.py")],
    )


if __name__ == "__main__":
    main()
