#!/bin/sh
# System libraries Qt needs on a bare Debian/Ubuntu machine (xcb window plugin, OpenGL, fonts).
# Installs only what is missing; does nothing on other systems. Pass --test for test-only tools.
set -e
command -v dpkg >/dev/null 2>&1 || exit 0
pkgs="libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxcb-image0 libxcb-randr0 libxcb-render-util0
      libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxkbcommon-x11-0 libxkbcommon0 libegl1 libgl1
      libfontconfig1 libdbus-1-3 libglib2.0-0 fonts-dejavu-core"
# --test: pdftoppm and zbar check printed stamps, Tesseract (with its Vietnamese model) reads their text back;
# chromium and nginx open the built website; faketime runs two restores within the same second;
# stress-ng is the CPU hog .ci/run starts beside the background tests (a busy machine must stay green).
[ "$1" = "--test" ] && pkgs="$pkgs poppler-utils libzbar0 tesseract-ocr tesseract-ocr-vie chromium nginx faketime stress-ng"
missing=""
for p in $pkgs; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
[ -z "$missing" ] && exit 0
sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
echo "Installing system packages:$missing"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing
