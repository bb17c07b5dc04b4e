"""Stable identifiers (#24) as a rule of the house: every entity table has a unique UUID that a trigger fills
and keeps, and no way the services write an entity leaves it empty. A new table with an `id` must either
join `ENTITY_TABLES` or say here why it is not an entity of its own. The checks prove they can fail."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import replace
from pathlib import Path

from ocopdesk.domain.ocop import Certificate
from ocopdesk.domain.producer import Producer
from ocopdesk.domain.product import Product
from ocopdesk.services import stamps
from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.demo import load_demo
from ocopdesk.services.importer import import_file
from ocopdesk.services.profile import load_profile, save_profile
from ocopdesk.storage.migrations import ENTITY_TABLES
from tests.services.test_importer import GOOD, jpeg, messy_workbook

# Tables with an `id` that are not entities of their own, and why.
PARTS = {
    "batch_events": "a lot's stage travels with its lot (EPCIS gives each stage its own event hash ID)",
    "_sqlite_migrations": "sqlite-utils' record of the migrations this file has had",
}


def tables_with_id(conn: sqlite3.Connection) -> set[str]:
    """Ordinary tables (not FTS5's shadow tables) whose primary key is a column named id."""
    names = [r[1] for r in conn.execute("PRAGMA main.table_list") if r[2] == "table" and r[1] != "sqlite_schema"]
    return {n for n in names if any(c[1] == "id" and c[5] for c in conn.execute(f"PRAGMA table_info({n})"))}


def schema_problems(conn: sqlite3.Connection, entities: tuple[str, ...]) -> list[str]:
    """What is missing from the rule, table by table, in words."""
    problems = [
        f"{t}: neither an entity nor a part" for t in sorted(tables_with_id(conn) - set(entities) - PARTS.keys())
    ]
    triggers = {r[0]: r[1] for r in conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")}
    for table in entities:
        unique = [
            i[1]
            for i in conn.execute(f"PRAGMA index_list({table})")
            if i[2] and [c[2] for c in conn.execute(f"PRAGMA index_info({i[1]})")] == ["uuid"]
        ]
        if not unique:
            problems.append(f"{table}: no unique index on uuid")
        if "NEW.uuid IS NULL" not in triggers.get(f"{table}_uuid_given", ""):
            problems.append(f"{table}: no trigger gives a uuid")
        if "RAISE(ABORT" not in triggers.get(f"{table}_uuid_kept", ""):
            problems.append(f"{table}: no trigger keeps the uuid")
    return problems


def data_problems(conn: sqlite3.Connection, entities: tuple[str, ...]) -> list[str]:
    """Entity tables with no row (the walk below missed a path) or a row without its uuid."""
    problems = []
    for table in entities:
        rows, empty = conn.execute(f"SELECT count(*), sum(coalesce(uuid, '') = '') FROM {table}").fetchone()
        if not rows:
            problems.append(f"{table}: nothing was written")
        elif empty:
            problems.append(f"{table}: {empty} of {rows} rows have no uuid")
    return problems


def write_one_of_each(service: CatalogService, tmp_path: Path) -> None:
    """Every way the services make an entity: the demo (producers, products, certificates, photos, lots),
    the spreadsheet import, the editor's save with a certificate and a photo, a new lot, issued stamps."""
    load_demo(service, today=dt.date(2026, 11, 10))
    save_profile(service, replace(load_profile(service), resolver_base_url="https://truyxuat.example.vn"))
    import_file(service, messy_workbook(tmp_path / "sp.xlsx", GOOD))
    producer_id, _ = service.save_producer(Producer(name="HTX Chè Tân Cương"))
    (tmp_path / "che.jpg").write_bytes(jpeg("green"))
    photo = service.add_media(str(tmp_path / "che.jpg"))
    certificate = Certificate(stars=3, decision_number="77/QĐ-UBND", signed_on=dt.date(2026, 1, 5))
    service.save_product(
        Product(sku="CHE-1", name="Chè búp", producer_id=producer_id, price=120_000, unit="gói"),
        certificate=certificate,
        photos=[photo],
    )
    service.add_batch("CHE-1", "L2611", dt.date(2026, 11, 1))
    stamps.issue(service, "L2611", 3, sku="CHE-1")


def test_every_entity_table_has_a_unique_uuid_kept_by_the_file(service: CatalogService) -> None:
    with sqlite3.connect(service.path) as conn:
        assert schema_problems(conn, ENTITY_TABLES) == []


def test_no_way_of_writing_an_entity_leaves_its_uuid_empty(service: CatalogService, tmp_path: Path) -> None:
    write_one_of_each(service, tmp_path)
    with sqlite3.connect(service.path) as conn:
        assert data_problems(conn, ENTITY_TABLES) == []
        every = [r[0] for t in ENTITY_TABLES for r in conn.execute(f"SELECT uuid FROM {t}")]
    assert len(every) == len(set(every))  # unique across tables too: one id, one thing


def test_the_checks_can_fail(service: CatalogService, tmp_path: Path) -> None:
    write_one_of_each(service, tmp_path)
    with sqlite3.connect(service.path) as conn:
        conn.executescript("""
        DROP TRIGGER batches_uuid_given;
        DROP INDEX stamps_uuid;
        CREATE TABLE boxes (id INTEGER PRIMARY KEY, uuid TEXT);
        INSERT INTO batches (product_id, lot_code, produced_on, created_at) VALUES (1, 'RAW', '2026-01-01', 'x');
        """)
        assert schema_problems(conn, ENTITY_TABLES) == [
            "boxes: neither an entity nor a part",
            "batches: no trigger gives a uuid",
            "stamps: no unique index on uuid",
        ]
        assert data_problems(conn, ENTITY_TABLES) == [f"batches: 1 of {count(conn, 'batches')} rows have no uuid"]
        assert data_problems(conn, (*ENTITY_TABLES, "boxes"))[-1] == "boxes: nothing was written"


def count(conn: sqlite3.Connection, table: str) -> int:
    return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
