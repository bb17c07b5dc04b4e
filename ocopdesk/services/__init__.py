"""Use cases: the one API that the GUI and the CLI both call. Qt-free."""
