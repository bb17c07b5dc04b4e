"""`python -m ocopdesk …` runs the command line."""

from ocopdesk.cli import run

run()
