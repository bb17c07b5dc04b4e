#!/bin/sh
# Append new source strings to the end of the Vietnamese catalogue (nothing else in the file moves); then
# fill in every empty msgstr. tests/test_i18n.py fails while any string lacks its Vietnamese text.
set -e
cd "$(dirname "$0")/.."
exec "${PYTHON:-python3}" scripts/update_translations.py
