"""Start the OCOPDesk desktop application: `python main.py [--db PATH]`."""

import sys

from ocopdesk.app import run

if __name__ == "__main__":
    sys.exit(run())
