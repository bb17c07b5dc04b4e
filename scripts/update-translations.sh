#!/bin/sh
# Add new source strings to the Vietnamese catalogue (existing translations are kept); then fill
# in every empty msgstr. tests/test_i18n.py fails while any string lacks its Vietnamese text.
set -e
cd "$(dirname "$0")/.."
pybabel extract -k _ -k N_ -k ngettext:1,2 --no-location --omit-header -o /tmp/ocopdesk.pot ocopdesk
pybabel update --no-fuzzy-matching --omit-header -i /tmp/ocopdesk.pot -d resources/locale -D ocopdesk -l vi
