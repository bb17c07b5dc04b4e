"""Numbered schema migrations, recorded in the database by sqlite-utils' `Migrations`.

Never edit a migration once shipped: add the next number instead.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("ocopdesk")
REINDEX_KEY = "search.rebuild"  # set by a migration whose derived index the current code must rebuild


@migrations(name="0001_create_catalogue")
def _create_catalogue(db: Database) -> None:
    db.executescript("""
    CREATE TABLE producers (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        name_fold TEXT NOT NULL,
        kind TEXT NOT NULL DEFAULT 'cooperative',
        tax_code TEXT NOT NULL DEFAULT '',
        phone TEXT NOT NULL DEFAULT '',
        email TEXT NOT NULL DEFAULT '',
        representative TEXT NOT NULL DEFAULT '',
        province_code TEXT NOT NULL DEFAULT '',
        commune_code TEXT NOT NULL DEFAULT '',
        address_scheme TEXT NOT NULL DEFAULT '2025-07',
        street TEXT NOT NULL DEFAULT '',
        legacy_address TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX producers_name_fold ON producers(name_fold);
    CREATE TABLE products (
        id INTEGER PRIMARY KEY,
        sku TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        name_sort TEXT NOT NULL,
        producer_id INTEGER REFERENCES producers(id) ON DELETE RESTRICT,
        gtin TEXT NOT NULL DEFAULT '',
        ocop_group TEXT NOT NULL DEFAULT '',
        ocop_subgroup TEXT NOT NULL DEFAULT '',
        grouping_version TEXT NOT NULL DEFAULT '',
        price INTEGER,
        unit TEXT NOT NULL DEFAULT '',
        net_quantity TEXT NOT NULL DEFAULT '',
        weight_g INTEGER,
        length_cm REAL, width_cm REAL, height_cm REAL,
        shelf_life_days INTEGER,
        ingredients TEXT NOT NULL DEFAULT '',
        usage TEXT NOT NULL DEFAULT '',
        storage TEXT NOT NULL DEFAULT '',
        warnings TEXT NOT NULL DEFAULT '',
        description TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX products_name_sort ON products(name_sort);
    CREATE INDEX products_producer ON products(producer_id);
    CREATE INDEX products_group ON products(ocop_group);
    CREATE TABLE product_media (
        id INTEGER PRIMARY KEY,
        product_id INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('photo', 'document')),
        position INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        ext TEXT NOT NULL,
        original_name TEXT NOT NULL DEFAULT '',
        title TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX product_media_product ON product_media(product_id, kind, position);
    CREATE TABLE certificates (
        id INTEGER PRIMARY KEY,
        product_id INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
        stars INTEGER NOT NULL CHECK (stars BETWEEN 3 AND 5),
        authority TEXT NOT NULL DEFAULT '',
        decision_number TEXT NOT NULL,
        signed_on TEXT NOT NULL,
        expires_on TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'valid' CHECK (status IN ('valid', 'expired', 'revoked')),
        score INTEGER,
        ocop_group TEXT NOT NULL DEFAULT '',
        ocop_subgroup TEXT NOT NULL DEFAULT '',
        grouping_version TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX certificates_product ON certificates(product_id);
    CREATE INDEX certificates_expiry ON certificates(status, expires_on);
    CREATE TABLE batches (
        id INTEGER PRIMARY KEY,
        product_id INTEGER NOT NULL REFERENCES products(id) ON DELETE RESTRICT,
        lot_code TEXT NOT NULL,
        lot_name TEXT NOT NULL DEFAULT '',
        produced_on TEXT NOT NULL,
        expires_on TEXT,
        quantity INTEGER,
        notes TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        UNIQUE (product_id, lot_code)
    );
    CREATE TABLE batch_events (
        id INTEGER PRIMARY KEY,
        batch_id INTEGER NOT NULL REFERENCES batches(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        occurred_on TEXT NOT NULL,
        place TEXT NOT NULL DEFAULT '',
        actor TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX batch_events_batch ON batch_events(batch_id, occurred_on);
    CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    """)


@migrations(name="0002_product_search")
def _product_search(db: Database) -> None:
    """Full-text search over folded text (đ→d, no marks), which FTS5's own folding cannot do. The index is
    derived data: this migration only creates it and asks for a rebuild, which the current code does when the
    catalogue is opened (storage/database.py), so the migration never runs today's domain code."""
    db.execute(
        "CREATE VIRTUAL TABLE product_search USING fts5("
        "body, tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3')"
    )
    db.execute(f"INSERT OR REPLACE INTO settings (key, value) VALUES ('{REINDEX_KEY}', 'true')")


@migrations(name="0003_stamps")
def _stamps(db: Database) -> None:
    """Serialized stamps per batch; the verification key lives in `secrets` and never leaves the file."""
    db.executescript("""
    CREATE TABLE secrets (name TEXT PRIMARY KEY, value BLOB NOT NULL);
    CREATE TABLE stamps (
        id INTEGER PRIMARY KEY,
        batch_id INTEGER NOT NULL REFERENCES batches(id) ON DELETE RESTRICT,
        number INTEGER NOT NULL,
        serial TEXT NOT NULL UNIQUE,
        status TEXT NOT NULL DEFAULT 'issued' CHECK (status IN ('issued', 'voided')),
        issued_at TEXT NOT NULL,
        print_count INTEGER NOT NULL DEFAULT 0,
        last_printed_at TEXT NOT NULL DEFAULT '',
        reprints INTEGER NOT NULL DEFAULT 0,
        voided_at TEXT NOT NULL DEFAULT '',
        void_reason TEXT NOT NULL DEFAULT '',
        UNIQUE (batch_id, number)
    );
    """)


@migrations(name="0004_listings")
def _listings(db: Database) -> None:
    """Where each product stands on each marketplace: exported (when, in which bundle), listed
    (the URL the clerk pasted back). "Changed since export" compares with products.updated_at."""
    db.executescript("""
    CREATE TABLE listings (
        product_id INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
        marketplace TEXT NOT NULL,
        exported_at TEXT NOT NULL DEFAULT '',
        bundle TEXT NOT NULL DEFAULT '',
        listed_url TEXT NOT NULL DEFAULT '',
        listed_at TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (product_id, marketplace)
    );
    """)


@migrations(name="0005_public_documents")
def _public_documents(db: Database) -> None:
    """A document reaches the website only when the clerk marked it public. Documents already in a
    catalogue were published by earlier versions, so they stay public; new ones start private."""
    db.executescript("""
    ALTER TABLE product_media ADD COLUMN public INTEGER NOT NULL DEFAULT 0;
    UPDATE product_media SET public = 1 WHERE kind = 'document';
    """)


@migrations(name="0006_marketplace_categories")
def _marketplace_categories(db: Database) -> None:
    """The category list a seller centre's template carries, per marketplace (replaced whole on each
    load), and the category the clerk chose for a product there. The path is a JSON list of names,
    because a name may itself hold the separator a template used."""
    db.executescript("""
    CREATE TABLE category_lists (
        marketplace TEXT PRIMARY KEY,
        loaded_on TEXT NOT NULL,
        source TEXT NOT NULL DEFAULT '',
        count INTEGER NOT NULL
    );
    CREATE TABLE categories (
        marketplace TEXT NOT NULL,
        category_id TEXT NOT NULL,
        path TEXT NOT NULL,
        PRIMARY KEY (marketplace, category_id)
    );
    CREATE TABLE product_categories (
        product_id INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
        marketplace TEXT NOT NULL,
        category_id TEXT NOT NULL,
        path TEXT NOT NULL DEFAULT '[]',
        chosen_at TEXT NOT NULL,
        PRIMARY KEY (product_id, marketplace)
    );
    """)


@migrations(name="0007_stamp_scans_27")
def _stamp_scans_27(db: Database) -> None:
    """Stamp checks read from web server logs (#27), as aggregates only: per stamp its first and last
    check, count, busiest day and device families; per stamp and hashed network (HMAC of the /24 or
    /48, never an address) the first and last check; per lot and day; per stamp and country.
    `scan_sources` remembers each log by its first line and how many bytes of it were counted, so a
    file loaded twice counts nothing twice and a growing log is read from where the last load stopped.
    Serials the catalogue never issued are kept too: they are the guessing signal."""
    db.executescript("""
    CREATE TABLE scan_sources (
        head TEXT PRIMARY KEY,
        path TEXT NOT NULL,
        format TEXT NOT NULL,
        consumed INTEGER NOT NULL,
        lines INTEGER NOT NULL,
        malformed INTEGER NOT NULL,
        checks INTEGER NOT NULL,
        loaded_at TEXT NOT NULL
    );
    CREATE TABLE stamp_scans (
        serial TEXT PRIMARY KEY,
        gtin TEXT NOT NULL DEFAULT '',
        lot TEXT NOT NULL DEFAULT '',
        first_at TEXT NOT NULL,
        last_at TEXT NOT NULL,
        checks INTEGER NOT NULL,
        peak_day TEXT NOT NULL,
        peak_checks INTEGER NOT NULL,
        ios INTEGER NOT NULL DEFAULT 0,
        android INTEGER NOT NULL DEFAULT 0,
        windows INTEGER NOT NULL DEFAULT 0,
        macos INTEGER NOT NULL DEFAULT 0,
        linux INTEGER NOT NULL DEFAULT 0,
        other INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE stamp_scan_networks (
        serial TEXT NOT NULL, network TEXT NOT NULL, first_at TEXT NOT NULL, last_at TEXT NOT NULL,
        checks INTEGER NOT NULL, PRIMARY KEY (serial, network)
    ) WITHOUT ROWID;
    CREATE TABLE scan_days (
        gtin TEXT NOT NULL, lot TEXT NOT NULL, day TEXT NOT NULL, checks INTEGER NOT NULL,
        PRIMARY KEY (gtin, lot, day)
    ) WITHOUT ROWID;
    CREATE TABLE stamp_scan_countries (
        serial TEXT NOT NULL, country TEXT NOT NULL, checks INTEGER NOT NULL, PRIMARY KEY (serial, country)
    ) WITHOUT ROWID;
    """)


@migrations(name="0008_passport_items_25")
def _passport_items_25(db: Database) -> None:
    """Issue #25, the 2026 passport and Circular 02/2024's items: the producer's business registration number,
    GLN and the items it keeps private; the product's brand and applied standard; each stage's time of day,
    commune and GLN (the place's tracing code). All default to empty: nothing declared, nothing hidden."""
    db.executescript("""
    ALTER TABLE producers ADD COLUMN registration_no TEXT NOT NULL DEFAULT '';
    ALTER TABLE producers ADD COLUMN gln TEXT NOT NULL DEFAULT '';
    ALTER TABLE producers ADD COLUMN private_items TEXT NOT NULL DEFAULT '';
    ALTER TABLE products ADD COLUMN brand TEXT NOT NULL DEFAULT '';
    ALTER TABLE products ADD COLUMN standard_number TEXT NOT NULL DEFAULT '';
    ALTER TABLE products ADD COLUMN standard_title TEXT NOT NULL DEFAULT '';
    ALTER TABLE batch_events ADD COLUMN occurred_time TEXT NOT NULL DEFAULT '';
    ALTER TABLE batch_events ADD COLUMN commune_code TEXT NOT NULL DEFAULT '';
    ALTER TABLE batch_events ADD COLUMN place_gln TEXT NOT NULL DEFAULT '';
    """)


# The tables whose rows are entities another catalogue may hold a copy of (issue #24); each has a `uuid`. A new
# entity table joins this list and gets its column, index and triggers in a migration of its own (the one
# below keeps its own list: a shipped migration never changes).
ENTITY_TABLES = ("producers", "products", "certificates", "batches", "product_media", "stamps")
# A random (version 4) UUID from SQLite's own generator, in the canonical lower-case form Python's uuid prints.
UUID4_SQL = (
    "lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2)"
    " || '-' || substr('89ab', 1 + (random() & 3), 1) || substr(lower(hex(randomblob(2))), 2)"
    " || '-' || lower(hex(randomblob(6)))"
)


@migrations(name="0009_stable_ids_24")
def _stable_ids_24(db: Database) -> None:
    """Issue #24: identity that survives leaving this file. Every entity row gets a random UUID (existing rows
    here, new rows by a trigger whenever a writer leaves it empty, so no insert path can forget), a unique
    index, and a trigger refusing to change or clear it once set. The catalogue gets one id of its own, made
    once for the file, kept by backups and restores, refused any change (docs/catalogue-exchange.md)."""
    for table in ("producers", "products", "certificates", "batches", "product_media", "stamps"):
        db.executescript(f"""
        ALTER TABLE {table} ADD COLUMN uuid TEXT;
        UPDATE {table} SET uuid = {UUID4_SQL};
        CREATE UNIQUE INDEX {table}_uuid ON {table}(uuid);
        CREATE TRIGGER {table}_uuid_given AFTER INSERT ON {table} WHEN NEW.uuid IS NULL OR NEW.uuid = ''
        BEGIN UPDATE {table} SET uuid = {UUID4_SQL} WHERE rowid = NEW.rowid; END;
        CREATE TRIGGER {table}_uuid_kept BEFORE UPDATE OF uuid ON {table}
        WHEN OLD.uuid IS NOT NULL AND OLD.uuid <> '' AND NEW.uuid IS NOT OLD.uuid
        BEGIN SELECT RAISE(ABORT, 'ocopdesk: a uuid never changes'); END;
        """)
    db.executescript(f"""
    CREATE TABLE catalogue (
        one INTEGER PRIMARY KEY CHECK (one = 1),
        uuid TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    INSERT INTO catalogue (one, uuid, created_at)
    VALUES (1, {UUID4_SQL}, strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now'));
    CREATE TRIGGER catalogue_kept BEFORE UPDATE ON catalogue
    BEGIN SELECT RAISE(ABORT, 'ocopdesk: the catalogue id never changes'); END;
    CREATE TRIGGER catalogue_not_deleted BEFORE DELETE ON catalogue
    BEGIN SELECT RAISE(ABORT, 'ocopdesk: the catalogue id never changes'); END;
    """)


@migrations(name="0010_search_one_letter_prefix_28")
def _search_one_letter_prefix_28(db: Database) -> None:
    """Issue #28: the search index also keeps one-letter prefixes, so a first keystroke ("m") or a one-digit
    term ("loại 1") reads one prefix list instead of merging every word that starts with the letter (measured
    at 100,000 products: 'loai 1' 7.5 → 2.8 ms, 'm' 14.6 → 3.9 ms to count). FTS5's options are fixed when the
    table is made: a new table takes the stored folded text as it is (no domain code runs) and the name."""
    db.executescript("""
    CREATE VIRTUAL TABLE product_search_28 USING fts5(
        body, tokenize = 'unicode61 remove_diacritics 0', prefix = '1 2 3');
    INSERT INTO product_search_28(rowid, body) SELECT rowid, body FROM product_search;
    DROP TABLE product_search;
    ALTER TABLE product_search_28 RENAME TO product_search;
    """)


@migrations(name="0011_stage_inputs_25")
def _stage_inputs_25(db: Database) -> None:
    """Issue #25: a production stage can name the lots it used (honey lot → bottled lot, rice → rice paper), so
    the export can say so in an EPCIS TransformationEvent and the lot page can link to where its ingredients came
    from. A stage's inputs go with it; a lot that another lot was made from cannot be deleted from under it."""
    db.executescript("""
    CREATE TABLE batch_event_inputs (
        event_id INTEGER NOT NULL REFERENCES batch_events(id) ON DELETE CASCADE,
        input_batch_id INTEGER NOT NULL REFERENCES batches(id) ON DELETE RESTRICT,
        PRIMARY KEY (event_id, input_batch_id)
    ) WITHOUT ROWID;
    CREATE INDEX batch_event_inputs_input ON batch_event_inputs(input_batch_id);
    """)


@migrations(name="0012_search_four_letter_prefix_28")
def _search_four_letter_prefix_28(db: Database) -> None:
    """Issue #28: four-letter prefixes too. A finished word of four letters that nearly every product holds
    ("dong" from "đóng gói" in a description) was merged from every word that starts with it on each keystroke;
    with the prefix list 'dong hoi' reads two lists (measured at 100,000 products, bench/catalogue.py's
    catalogue: 5.6 → 2.3 ms in SQLite; the index grows by a tenth). Same rebuild as 0010: the stored folded
    text is copied as it is."""
    db.executescript("""
    CREATE VIRTUAL TABLE product_search_28b USING fts5(
        body, tokenize = 'unicode61 remove_diacritics 0', prefix = '1 2 3 4');
    INSERT INTO product_search_28b(rowid, body) SELECT rowid, body FROM product_search;
    DROP TABLE product_search;
    ALTER TABLE product_search_28b RENAME TO product_search;
    """)


@migrations(name="0013_change_marks_28")
def _change_marks_28(db: Database) -> None:
    """Issue #28: a mark per table that every write changes (storage/change_marks.py), so a website rebuild
    with nothing changed is known from one small table. `database.open_catalogue` covers the tables after
    every migration run, this one's included, so a table a later migration adds is watched too."""
    db.execute("CREATE TABLE change_marks (tbl TEXT PRIMARY KEY, mark INTEGER NOT NULL) WITHOUT ROWID")


@migrations(name="0014_search_marks_28")
def _search_marks_28(db: Database) -> None:
    """Issue #28, "tone marks carry meaning": a second column, `marked`, holds the words that carry marks as
    written, so a word typed with marks matches only those marks (trà is not tra). The table is remade with the
    same tokenizer and prefixes; the new column is filled by the current code when the catalogue is opened
    (storage/database.py), like 0002, so this migration runs no domain code."""
    db.executescript(f"""
    DROP TABLE product_search;
    CREATE VIRTUAL TABLE product_search USING fts5(
        body, marked, tokenize = 'unicode61 remove_diacritics 0', prefix = '1 2 3 4');
    INSERT OR REPLACE INTO settings (key, value) VALUES ('{REINDEX_KEY}', 'true');
    """)


@migrations(name="0015_stamp_scan_days_27")
def _stamp_scan_days_27(db: Database) -> None:
    """Issue #27, the per-stamp chart: checks per stamp and UTC day, so selecting one stamp shows its checks
    over days (a copied stamp's climb is seen, not only its total). Counts only, like every scan table;
    logs loaded before this migration have no rows here (their totals stay in `stamp_scans`)."""
    db.executescript("""
    CREATE TABLE stamp_scan_days (
        serial TEXT NOT NULL, day TEXT NOT NULL, checks INTEGER NOT NULL, PRIMARY KEY (serial, day)
    ) WITHOUT ROWID;
    """)


@migrations(name="0016_scan_store_27")
def _scan_store_27(db: Database) -> None:
    """Issue #27, 10M log lines in ≤ 30 s: the per-network and per-day rows move to a DuckDB file beside
    the catalogue (storage/scan_store.py), each row tagged with the generation of the load that wrote it;
    `scan_sources.gen` records the generation each load committed here, so rows of a load killed between
    the two files' commits are never counted. The old tables stay until the next load hands their rows
    to the store (storage/scans.py `legacy`)."""
    db.executescript("ALTER TABLE scan_sources ADD COLUMN gen INTEGER NOT NULL DEFAULT 0;")


@migrations(name="0017_sku_upper_index_28")
def _sku_upper_index_28(db: Database) -> None:
    """Issue #28: the SKU checks of every save and import ask for SKUs in any case (`upper(sku) IN (...)`, so
    that "sp01" and "SP01" cannot live side by side), which the SKU's own index cannot answer: each 500 SKUs
    scanned the whole table (importing 10,000 rows into 100,000 products: 1.3 s of scans). An index on the
    expression answers them."""
    db.execute("CREATE INDEX products_sku_upper ON products(upper(sku))")


# In the order they apply: everything is pending on an empty database (`pending` is public; the list
# sqlite-utils keeps is not).
NAMES = [m.name for m in migrations.pending(Database(memory=True))]
SCHEMA_VERSION = len(NAMES)
KNOWN = set(NAMES)
