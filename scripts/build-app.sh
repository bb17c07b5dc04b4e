#!/bin/sh
# The desktop build: a one-folder PyInstaller app in dist/OCOPDesk (OCOPDesk to open the window, ocopdesk-cli for
# commands), runnable with no Python installed. Uses the project's venv (.venv) and installs PyInstaller into it.
# Usage: sh scripts/build-app.sh [DIST_DIR]   (default: dist)
set -e
cd "$(dirname "$0")/.."
dist="${1:-dist}"
python="${PYTHON:-.venv/bin/python}"
[ -x "$python" ] || { python3 -m venv .venv && .venv/bin/pip install -q -e .; python=.venv/bin/python; }
"$python" -m pip install -q "pyinstaller>=6.10"
"$python" -m PyInstaller --noconfirm --clean --log-level WARN --distpath "$dist" \
    --workpath "${WORKPATH:-build/pyinstaller}" scripts/ocopdesk.spec
echo "Built $dist/OCOPDesk"
