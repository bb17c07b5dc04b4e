"""Which OCOPDesk made a file: the app's version and the catalogue schema it writes.

Shown by `ocopdesk --version`, the About box and the log, and recorded in the website's footer and in bundle
manifests, so a clerk's report ("the stamp page says 0.1.0") can be traced to a build.
"""

from __future__ import annotations

from ocopdesk import __version__
from ocopdesk.i18n import _

# The number of schema migrations in storage/migrations.py; tests/storage/test_database.py keeps the two equal.
SCHEMA_VERSION = 17


def version_line() -> str:
    return _("OCOPDesk {version} (catalogue schema {schema})").format(version=__version__, schema=SCHEMA_VERSION)
