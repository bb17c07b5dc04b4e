"""Start OCOPDesk: `python main.py [--db PATH]` opens the window; `python main.py COMMAND …` runs the command line
(the desktop build's executables start here too)."""

import multiprocessing
import sys

from ocopdesk.launcher import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # the GUI's worker processes, in a frozen build
    sys.exit(main())
