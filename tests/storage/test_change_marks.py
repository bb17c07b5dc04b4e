"""The change marks (#28): every write to any table changes that table's mark, a table added by a later migration
is watched once the migrations have run, and a table without its triggers makes the marks say nothing."""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database

from ocopdesk.storage import change_marks
from ocopdesk.storage.database import open_catalogue
from ocopdesk.storage.migrations import migrations


def changed(before: dict[str, int] | None, after: dict[str, int] | None) -> set[str]:
    assert before is not None and after is not None
    return {t for t in after if before.get(t) != after[t]}


def test_every_kind_of_write_changes_its_tables_mark_and_only_that(tmp_path: Path) -> None:
    cdb = open_catalogue(tmp_path / "c.sqlite")
    tables = change_marks.watched_tables(cdb.conn)
    assert {"products", "batches", "batch_events", "stamps", "settings", "secrets", "stamp_scans"} <= set(tables)
    marks = change_marks.current(cdb.conn)
    for sql in (
        "INSERT INTO settings (key, value) VALUES ('a', '1')",
        "UPDATE settings SET value = '2' WHERE key = 'a'",
        "UPDATE settings SET value = '2' WHERE key = 'a'",  # the same value again: still a write
        "DELETE FROM settings",  # no WHERE: SQLite's truncation shortcut must not skip the trigger
    ):
        with cdb.write():
            cdb.conn.execute(sql)
        now = change_marks.current(cdb.conn)
        assert changed(marks, now) == {"settings"}, sql
        marks = now
    cdb.close()


def test_a_table_without_its_triggers_makes_the_marks_unknown(tmp_path: Path) -> None:
    cdb = open_catalogue(tmp_path / "c.sqlite")
    with cdb.write():
        cdb.conn.execute("DROP TRIGGER stamps_mark_update")
    assert change_marks.current(cdb.conn) is None  # a voided stamp would go unseen: nobody may trust the marks
    with cdb.write():
        change_marks.cover(cdb.conn)
    assert change_marks.current(cdb.conn) is not None
    cdb.close()


def test_a_table_a_later_migration_adds_is_watched(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    open_catalogue(path).close()

    @migrations(name="9999_a_later_table")
    def _later(db: Database) -> None:
        db.execute("CREATE TABLE stage_inputs (id INTEGER PRIMARY KEY, lot TEXT)")

    try:
        cdb = open_catalogue(path)
    finally:
        migrations._migrations.pop()  # the test's migration must not outlive it
    marks = change_marks.current(cdb.conn)
    assert marks is not None and "stage_inputs" in marks
    with cdb.write():
        cdb.conn.execute("INSERT INTO stage_inputs (lot) VALUES ('L1')")
    assert changed(marks, change_marks.current(cdb.conn)) == {"stage_inputs"}
    cdb.close()
