"""Where things live: a value object built once at start-up, never import-time globals.

`OCOPDESK_HOME` puts data, config and logs under one folder (portable installs, tests).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "OCOPDesk"
DB_FILENAME = "catalogue.sqlite"


@dataclass(frozen=True, slots=True)
class AppPaths:
    data_dir: Path
    config_dir: Path
    log_dir: Path

    @property
    def default_db(self) -> Path:
        return self.data_dir / DB_FILENAME

    @classmethod
    def from_environment(cls) -> AppPaths:
        home = os.environ.get("OCOPDESK_HOME")
        if home:
            root = Path(home).expanduser()
            return cls(root / "data", root / "config", root / "logs")
        return cls(
            Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
            Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
            Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
        )
