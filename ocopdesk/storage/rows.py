"""Converting between domain dataclasses and SQLite rows (ISO dates, no Python objects in SQL)."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Any


def to_row(obj: Any, *, drop: tuple[str, ...] = ("id",)) -> dict[str, Any]:
    """A dataclass as a dict of SQLite values: dates as ISO text."""
    row = {k: v for k, v in asdict(obj).items() if k not in drop}
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in row.items()}


def to_date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None
