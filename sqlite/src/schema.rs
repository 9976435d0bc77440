//! The schema, as migrations applied in order when a file is opened.
//!
//! Records are JSON documents (`doc`), so a field added to `Customer` or `OrderRef` needs no
//! migration; only what a look-up, an order or a uniqueness rule needs is a real column, with
//! an index. The file's `user_version` is the number of migrations applied; its
//! `application_id` marks it as an orderlink file.

use orderlink::{Error, Result};
use rusqlite::{Connection, OptionalExtension};

/// `PRAGMA application_id` of an orderlink file: "OLNK" in ASCII.
pub const APPLICATION_ID: i64 = 0x4F4C_4E4B;

/// Migration `i` takes a file from schema version `i` to `i + 1`. Append only: a released
/// migration never changes.
pub const MIGRATIONS: &[&str] = &[
    // 1: the first schema.
    "
    CREATE TABLE settings (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        rev INTEGER NOT NULL,         -- bumped on every save; readers cache by it
        doc TEXT NOT NULL
    );

    CREATE TABLE customers (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        version INTEGER NOT NULL,
        link_code TEXT NOT NULL UNIQUE,  -- L4: the current code
        code_key TEXT UNIQUE,            -- C2: the code folded (NULL: no code)
        name_key TEXT NOT NULL,          -- C4: the N1 name (unique only under the policy)
        external_id TEXT UNIQUE,         -- S3
        active INTEGER NOT NULL,         -- P2: auto-link only to active customers
        doc TEXT NOT NULL
    );
    CREATE INDEX customers_name_key ON customers (name_key);

    -- L1: every link code ever given to a customer, in use or retired. Never deleted.
    CREATE TABLE issued_link_codes (code TEXT PRIMARY KEY) WITHOUT ROWID;

    CREATE TABLE link_rotations (
        seq INTEGER PRIMARY KEY,
        customer_id TEXT NOT NULL,
        doc TEXT NOT NULL
    );
    CREATE INDEX link_rotations_customer ON link_rotations (customer_id, seq);

    CREATE TABLE challenges (
        id TEXT PRIMARY KEY,
        customer_id TEXT NOT NULL,
        doc TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX challenges_customer ON challenges (customer_id);

    -- A3: when each challenge was created, for the rate limit.
    CREATE TABLE challenge_log (customer_id TEXT NOT NULL, at TEXT NOT NULL);
    CREATE INDEX challenge_log_customer ON challenge_log (customer_id);

    CREATE TABLE sessions (token_hash BLOB PRIMARY KEY, doc TEXT NOT NULL) WITHOUT ROWID;

    CREATE TABLE orders (
        seq INTEGER PRIMARY KEY,      -- intake order
        id TEXT NOT NULL UNIQUE,
        owner TEXT,                   -- the customer's id; NULL: the placeholder
        key_name TEXT,                -- the buyer key it came in under (P2, P5)
        key_email TEXT,
        pending_id TEXT,              -- the pending record it was taken in under (P3)
        doc TEXT NOT NULL
    );
    CREATE INDEX orders_owner ON orders (owner, seq);
    -- Partial: an order on a customer's own link has neither, and its write skips both.
    CREATE INDEX orders_key ON orders (key_name, key_email, seq) WHERE key_name IS NOT NULL;
    CREATE INDEX orders_pending ON orders (pending_id, seq) WHERE pending_id IS NOT NULL;

    CREATE TABLE pending (
        seq INTEGER PRIMARY KEY,      -- oldest first
        id TEXT NOT NULL UNIQUE,
        key_name TEXT NOT NULL,
        key_email TEXT NOT NULL,
        open INTEGER NOT NULL,
        doc TEXT NOT NULL             -- its `orders` are read from the orders table
    );
    -- P3: at most one open record per key.
    CREATE UNIQUE INDEX pending_open_key ON pending (key_name, key_email) WHERE open = 1;
    CREATE INDEX pending_key ON pending (key_name, key_email);

    CREATE TABLE mappings (
        key_name TEXT NOT NULL,
        key_email TEXT NOT NULL,
        customer_id TEXT NOT NULL,
        doc TEXT NOT NULL,
        PRIMARY KEY (key_name, key_email)
    ) WITHOUT ROWID;

    CREATE TABLE audit (seq INTEGER PRIMARY KEY, doc TEXT NOT NULL);

    CREATE TABLE price_book (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        version INTEGER NOT NULL,     -- readers cache the book by it
        doc TEXT NOT NULL
    );
    ",
    // 2: messages and activity (B2, AC1). Times are kept as (seconds, nanoseconds) since the
    // epoch: exact, and ordered as the times are, for any year.
    "
    CREATE TABLE deliveries (
        seq INTEGER PRIMARY KEY,      -- the order recorded, for equal times
        customer_id TEXT NOT NULL,
        at_s INTEGER NOT NULL,
        at_ns INTEGER NOT NULL,
        doc TEXT NOT NULL
    );
    CREATE INDEX deliveries_customer ON deliveries (customer_id, at_s, at_ns, seq);

    CREATE TABLE activity (
        seq INTEGER PRIMARY KEY,
        at_s INTEGER NOT NULL,
        at_ns INTEGER NOT NULL,
        doc TEXT NOT NULL
    );
    CREATE INDEX activity_at ON activity (at_s, at_ns, seq);
    ",
    // 3: customer notes, deleted with their customer.
    "
    CREATE TABLE notes (
        id TEXT PRIMARY KEY,
        customer_id TEXT NOT NULL,
        created_s INTEGER NOT NULL,
        created_ns INTEGER NOT NULL,
        doc TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX notes_customer ON notes (customer_id, created_s, created_ns, id);
    ",
    // 4: A3 lockout: each customer link's failure count and lock (a `VerificationLock`
    // document), and the audited lock and lift events.
    "
    CREATE TABLE verification_locks (customer_id TEXT PRIMARY KEY, doc TEXT NOT NULL) WITHOUT ROWID;

    CREATE TABLE verification_lock_events (
        seq INTEGER PRIMARY KEY,
        customer_id TEXT NOT NULL,
        doc TEXT NOT NULL
    );
    CREATE INDEX verification_lock_events_customer ON verification_lock_events (customer_id, seq);
    ",
    // 5: many workspaces in one file (W1), one link-code space (W2). Every table gains the
    // workspace (`ws`, the `workspaces` row) leading its keys and indexes; the settings become
    // the `workspaces` table; `link_codes` is the one table shared by every workspace: each code
    // ever issued, with its workspace, its customer (NULL: the workspace's own code) and whether
    // it is current. A schema-4 file's workspace becomes workspace 1 (keeping the id its
    // settings carry, or given a new one) with every record and code. Customers gain the
    // folded columns a list is served from (W4); `migrate` fills them in, and each workspace's
    // trigram search index, after this runs.
    "
    CREATE TABLE workspaces (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        rev INTEGER NOT NULL,         -- bumped on every save; readers cache by it
        doc TEXT NOT NULL
    );
    INSERT INTO workspaces (seq, id, rev, doc)
    SELECT 1, coalesce(nullif(json_extract(doc, '$.id'), '00000000-0000-0000-0000-000000000000'),
        lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-'
        || substr('89ab', 1 + abs(random() % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))),
        rev, doc
    FROM settings;

    CREATE TABLE link_codes (
        code TEXT PRIMARY KEY,
        ws INTEGER NOT NULL,
        customer_id TEXT,             -- NULL: the workspace's own code
        current INTEGER NOT NULL      -- 0: retired (rotated, deleted, replaced); never issued again
    ) WITHOUT ROWID;
    INSERT INTO link_codes (code, ws, customer_id, current)
    SELECT json_extract(doc, '$.link_code'), 1, NULL, 1 FROM settings;
    INSERT OR IGNORE INTO link_codes (code, ws, customer_id, current)
    SELECT i.code, 1, c.id, c.id IS NOT NULL FROM issued_link_codes i LEFT JOIN customers c ON c.link_code = i.code;
    DROP TABLE issued_link_codes;
    DROP TABLE settings;

    ALTER TABLE customers RENAME TO customers_4;
    CREATE TABLE customers (
        ws INTEGER NOT NULL,
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL,
        version INTEGER NOT NULL,
        link_code TEXT NOT NULL,      -- L4: the current code
        code_key TEXT,                -- C2: the code folded (NULL: no code)
        name_key TEXT NOT NULL,       -- C4: the N1 name (unique only under the policy)
        external_id TEXT,             -- S3
        active INTEGER NOT NULL,      -- P2: auto-link only to active customers
        -- W4: what a list filters and sorts by, folded as the core's listing folds it.
        name_f TEXT NOT NULL DEFAULT '',
        code_f TEXT,
        email_f TEXT,
        phone_f TEXT,
        contact_f TEXT,
        tags_k TEXT NOT NULL DEFAULT '',  -- every tag's key, each between two US (0x1F) characters
        managed_by TEXT,
        orders_n INTEGER NOT NULL DEFAULT 0,
        placed INTEGER NOT NULL DEFAULT 0, -- a customer (not a lead): orders beyond drafts
        last_s INTEGER,
        last_ns INTEGER,
        created_s INTEGER NOT NULL DEFAULT 0,
        created_ns INTEGER NOT NULL DEFAULT 0,
        doc TEXT NOT NULL
    );
    INSERT INTO customers (ws, seq, id, version, link_code, code_key, name_key, external_id, active, doc)
    SELECT 1, seq, id, version, link_code, code_key, name_key, external_id, active, doc FROM customers_4;
    DROP TABLE customers_4;
    CREATE UNIQUE INDEX customers_id ON customers (ws, id);
    CREATE UNIQUE INDEX customers_link ON customers (ws, link_code);
    CREATE UNIQUE INDEX customers_code ON customers (ws, code_key) WHERE code_key IS NOT NULL;
    CREATE UNIQUE INDEX customers_external ON customers (ws, external_id) WHERE external_id IS NOT NULL;
    CREATE INDEX customers_name ON customers (ws, name_key);
    -- W4: a page of active (or inactive) customers by name walks the first index, a page of
    -- every customer the second; counts by status and kind read the narrow third.
    CREATE INDEX customers_list ON customers (ws, active, name_f, id);
    CREATE INDEX customers_names ON customers (ws, name_f, id);
    CREATE INDEX customers_status ON customers (ws, active, placed);

    ALTER TABLE link_rotations RENAME TO link_rotations_4;
    CREATE TABLE link_rotations (ws INTEGER NOT NULL, seq INTEGER PRIMARY KEY, customer_id TEXT NOT NULL, doc TEXT NOT NULL);
    INSERT INTO link_rotations SELECT 1, seq, customer_id, doc FROM link_rotations_4;
    DROP TABLE link_rotations_4;
    CREATE INDEX link_rotations_customer ON link_rotations (ws, customer_id, seq);

    ALTER TABLE challenges RENAME TO challenges_4;
    CREATE TABLE challenges (
        ws INTEGER NOT NULL, id TEXT NOT NULL, customer_id TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (ws, id)
    ) WITHOUT ROWID;
    INSERT INTO challenges SELECT 1, id, customer_id, doc FROM challenges_4;
    DROP TABLE challenges_4;
    CREATE INDEX challenges_customer ON challenges (ws, customer_id);

    ALTER TABLE challenge_log RENAME TO challenge_log_4;
    CREATE TABLE challenge_log (ws INTEGER NOT NULL, customer_id TEXT NOT NULL, at TEXT NOT NULL);
    INSERT INTO challenge_log SELECT 1, customer_id, at FROM challenge_log_4;
    DROP TABLE challenge_log_4;
    CREATE INDEX challenge_log_customer ON challenge_log (ws, customer_id);

    ALTER TABLE sessions RENAME TO sessions_4;
    CREATE TABLE sessions (ws INTEGER NOT NULL, token_hash BLOB NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (ws, token_hash))
        WITHOUT ROWID;
    INSERT INTO sessions SELECT 1, token_hash, doc FROM sessions_4;
    DROP TABLE sessions_4;

    ALTER TABLE orders RENAME TO orders_4;
    CREATE TABLE orders (
        ws INTEGER NOT NULL,
        seq INTEGER PRIMARY KEY,      -- intake order
        id TEXT NOT NULL,
        owner TEXT,                   -- the customer's id; NULL: the placeholder
        key_name TEXT,
        key_email TEXT,
        pending_id TEXT,
        doc TEXT NOT NULL
    );
    INSERT INTO orders SELECT 1, seq, id, owner, key_name, key_email, pending_id, doc FROM orders_4;
    DROP TABLE orders_4;
    CREATE UNIQUE INDEX orders_id ON orders (ws, id);
    CREATE INDEX orders_owner ON orders (ws, owner, seq);
    CREATE INDEX orders_key ON orders (ws, key_name, key_email, seq) WHERE key_name IS NOT NULL;
    CREATE INDEX orders_pending ON orders (ws, pending_id, seq) WHERE pending_id IS NOT NULL;

    ALTER TABLE pending RENAME TO pending_4;
    CREATE TABLE pending (
        ws INTEGER NOT NULL,
        seq INTEGER PRIMARY KEY,      -- oldest first
        id TEXT NOT NULL,
        key_name TEXT NOT NULL,
        key_email TEXT NOT NULL,
        open INTEGER NOT NULL,
        doc TEXT NOT NULL
    );
    INSERT INTO pending SELECT 1, seq, id, key_name, key_email, open, doc FROM pending_4;
    DROP TABLE pending_4;
    CREATE UNIQUE INDEX pending_id ON pending (ws, id);
    CREATE UNIQUE INDEX pending_open_key ON pending (ws, key_name, key_email) WHERE open = 1;
    CREATE INDEX pending_key ON pending (ws, key_name, key_email);
    CREATE INDEX pending_ws ON pending (ws, seq);

    ALTER TABLE mappings RENAME TO mappings_4;
    CREATE TABLE mappings (
        ws INTEGER NOT NULL,
        key_name TEXT NOT NULL,
        key_email TEXT NOT NULL,
        customer_id TEXT NOT NULL,
        doc TEXT NOT NULL,
        PRIMARY KEY (ws, key_name, key_email)
    ) WITHOUT ROWID;
    INSERT INTO mappings SELECT 1, key_name, key_email, customer_id, doc FROM mappings_4;
    DROP TABLE mappings_4;

    ALTER TABLE audit RENAME TO audit_4;
    CREATE TABLE audit (ws INTEGER NOT NULL, seq INTEGER PRIMARY KEY, doc TEXT NOT NULL);
    INSERT INTO audit SELECT 1, seq, doc FROM audit_4;
    DROP TABLE audit_4;
    CREATE INDEX audit_ws ON audit (ws, seq);

    ALTER TABLE price_book RENAME TO price_book_4;
    CREATE TABLE price_book (ws INTEGER PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL);
    INSERT INTO price_book SELECT 1, version, doc FROM price_book_4;
    DROP TABLE price_book_4;

    ALTER TABLE deliveries RENAME TO deliveries_4;
    CREATE TABLE deliveries (
        ws INTEGER NOT NULL, seq INTEGER PRIMARY KEY, customer_id TEXT NOT NULL,
        at_s INTEGER NOT NULL, at_ns INTEGER NOT NULL, doc TEXT NOT NULL
    );
    INSERT INTO deliveries SELECT 1, seq, customer_id, at_s, at_ns, doc FROM deliveries_4;
    DROP TABLE deliveries_4;
    CREATE INDEX deliveries_customer ON deliveries (ws, customer_id, at_s, at_ns, seq);

    ALTER TABLE activity RENAME TO activity_4;
    CREATE TABLE activity (ws INTEGER NOT NULL, seq INTEGER PRIMARY KEY, at_s INTEGER NOT NULL, at_ns INTEGER NOT NULL, doc TEXT NOT NULL);
    INSERT INTO activity SELECT 1, seq, at_s, at_ns, doc FROM activity_4;
    DROP TABLE activity_4;
    CREATE INDEX activity_at ON activity (ws, at_s, at_ns, seq);

    ALTER TABLE notes RENAME TO notes_4;
    CREATE TABLE notes (
        ws INTEGER NOT NULL, id TEXT NOT NULL, customer_id TEXT NOT NULL,
        created_s INTEGER NOT NULL, created_ns INTEGER NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (ws, id)
    ) WITHOUT ROWID;
    INSERT INTO notes SELECT 1, id, customer_id, created_s, created_ns, doc FROM notes_4;
    DROP TABLE notes_4;
    CREATE INDEX notes_customer ON notes (ws, customer_id, created_s, created_ns, id);

    ALTER TABLE verification_locks RENAME TO verification_locks_4;
    CREATE TABLE verification_locks (ws INTEGER NOT NULL, customer_id TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (ws, customer_id))
        WITHOUT ROWID;
    INSERT INTO verification_locks SELECT 1, customer_id, doc FROM verification_locks_4;
    DROP TABLE verification_locks_4;

    ALTER TABLE verification_lock_events RENAME TO verification_lock_events_4;
    CREATE TABLE verification_lock_events (ws INTEGER NOT NULL, seq INTEGER PRIMARY KEY, customer_id TEXT NOT NULL, doc TEXT NOT NULL);
    INSERT INTO verification_lock_events SELECT 1, seq, customer_id, doc FROM verification_lock_events_4;
    DROP TABLE verification_lock_events_4;
    CREATE INDEX verification_lock_events_customer ON verification_lock_events (ws, customer_id, seq);
    ",
    // 6: I7 saved import mappings; I9 import batches and what each row of one did.
    "
    -- I7: a workspace's saved column mappings, one per name (compared without case: name_key).
    CREATE TABLE import_mappings (
        ws INTEGER NOT NULL,
        name_key TEXT NOT NULL,
        doc TEXT NOT NULL,
        PRIMARY KEY (ws, name_key)
    ) WITHOUT ROWID;

    -- I9: one row per confirmed import; `undo` is the undo's report once undone (NULL before:
    -- a batch is undone at most once), which is also the audit of the undo.
    CREATE TABLE import_batches (
        ws INTEGER NOT NULL,
        id TEXT NOT NULL,
        confirmed_s INTEGER NOT NULL,
        confirmed_ns INTEGER NOT NULL,
        undo TEXT,
        PRIMARY KEY (ws, id)
    ) WITHOUT ROWID;

    -- I9: what each row of a batch did (created, or updated with each changed field's value
    -- before and after), in row order.
    CREATE TABLE import_batch_rows (
        ws INTEGER NOT NULL,
        batch_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        customer_id TEXT NOT NULL,
        action TEXT NOT NULL,
        doc TEXT NOT NULL,
        PRIMARY KEY (ws, batch_id, seq)
    ) WITHOUT ROWID;
    ",
    // 7: carts and checkout links (CT1–CT5), the workspace leading every key. A customer has at
    // most one open cart (a partial unique index); a cart's row holds its head (the cart without
    // lines and changes, as a document) and the columns look-ups need; its lines and its change
    // log (each change with its author: an agent's name, NULL for the customer) are rows of
    // their own. Every checkout code ever issued is a row of `checkout_links` and of the
    // file-wide `link_codes` (W2: one code space with order links; a rotated code is retired
    // there); the cart's `checkout_code` is its current one.
    "
    CREATE TABLE carts (
        ws INTEGER NOT NULL,
        seq INTEGER PRIMARY KEY,      -- oldest first
        id TEXT NOT NULL,
        customer_id TEXT NOT NULL,
        state TEXT NOT NULL,          -- open, submitted, abandoned
        version INTEGER NOT NULL,
        checkout_code TEXT,           -- CT3: the current checkout code
        order_id TEXT,                -- CT4: the order it became
        doc TEXT NOT NULL             -- the cart without its lines and changes
    );
    CREATE UNIQUE INDEX carts_id ON carts (ws, id);
    CREATE UNIQUE INDEX carts_one_open ON carts (ws, customer_id) WHERE state = 'open';
    CREATE INDEX carts_customer ON carts (ws, customer_id, seq);
    CREATE INDEX carts_open ON carts (ws, seq) WHERE state = 'open';
    CREATE UNIQUE INDEX carts_order ON carts (ws, order_id) WHERE order_id IS NOT NULL;
    CREATE TABLE cart_lines (
        ws INTEGER NOT NULL,
        cart_id TEXT NOT NULL,
        pos INTEGER NOT NULL,
        sku TEXT NOT NULL,
        qty TEXT NOT NULL,            -- decimal text
        uom TEXT NOT NULL,
        PRIMARY KEY (ws, cart_id, pos)
    ) WITHOUT ROWID;
    CREATE TABLE cart_changes (
        ws INTEGER NOT NULL,
        cart_id TEXT NOT NULL,
        pos INTEGER NOT NULL,
        at_s INTEGER NOT NULL,
        at_ns INTEGER NOT NULL,
        agent TEXT,                   -- CT2: the agent who made it; NULL: the customer
        kind TEXT NOT NULL,
        doc TEXT NOT NULL,
        PRIMARY KEY (ws, cart_id, pos)
    ) WITHOUT ROWID;
    CREATE TABLE checkout_links (
        code TEXT PRIMARY KEY,
        ws INTEGER NOT NULL,
        cart_id TEXT NOT NULL,
        doc TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX checkout_links_cart ON checkout_links (ws, cart_id);
    ",
    // W4: the two name-order indexes carry the folded fields a search tests, so a name walk
    // for a searched page (`listing::walk_names`) reads the index alone instead of looking up
    // each row it passes in the table: a walk of 800 entries took 2.0 ms with a look-up each,
    // 0.37 ms from the index. Same order and prefix as before, so every query they served
    // they serve still.
    "
    DROP INDEX customers_list;
    DROP INDEX customers_names;
    CREATE INDEX customers_list ON customers (ws, active, name_f, id, code_f, email_f, phone_f, contact_f);
    CREATE INDEX customers_names ON customers (ws, name_f, id, code_f, email_f, phone_f, contact_f);
    ",
];

/// Brings the file up to the newest schema, in the caller's write transaction. Refuses a file
/// that is not an orderlink file, or that a newer orderlink wrote.
pub fn migrate(conn: &Connection, path: &str) -> Result<()> {
    let app: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0)).map_err(crate::db)?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(crate::db)?;
    if app == 0 && version == 0 {
        let other: Option<String> =
            conn.query_row("SELECT name FROM sqlite_schema LIMIT 1", [], |r| r.get(0)).optional().map_err(crate::db)?;
        if let Some(table) = other {
            return Err(Error::store(format!(
                "{path} is a SQLite database of something else (it has a '{table}' table), not an orderlink file"
            )));
        }
        conn.pragma_update(None, "application_id", APPLICATION_ID).map_err(crate::db)?;
    } else if app != APPLICATION_ID {
        return Err(Error::store(format!("{path} is a SQLite database of another application, not an orderlink file")));
    }
    let known = MIGRATIONS.len() as i64;
    if !(0..=known).contains(&version) {
        return Err(Error::store(format!(
            "{path} was written by a newer orderlink (schema {version}; this one knows up to {known}); upgrade orderlink"
        )));
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        conn.execute_batch(sql).map_err(crate::db)?;
        if i == 4 {
            after_5(conn)?;
        }
        conn.pragma_update(None, "user_version", i as i64 + 1).map_err(crate::db)?;
    }
    Ok(())
}

/// Migration 5's second half, which needs the core's folding: fills in the list columns of every
/// customer and makes the search index of every workspace (a schema-4 file's one).
fn after_5(conn: &Connection) -> Result<()> {
    let workspaces: Vec<i64> = {
        let mut stmt = conn.prepare("SELECT seq FROM workspaces").map_err(crate::db)?;
        let rows = stmt.query_map([], |r| r.get(0)).map_err(crate::db)?;
        rows.collect::<rusqlite::Result<_>>().map_err(crate::db)?
    };
    for ws in workspaces {
        create_search(conn, ws)?;
        let docs: Vec<String> = {
            let mut stmt = conn.prepare("SELECT doc FROM customers WHERE ws = ?1").map_err(crate::db)?;
            let rows = stmt.query_map([ws], |r| r.get(0)).map_err(crate::db)?;
            rows.collect::<rusqlite::Result<_>>().map_err(crate::db)?
        };
        for doc in docs {
            let customer: orderlink::Customer = crate::records::from_doc(&doc)?;
            crate::records::write_customer(conn, ws, &customer)?;
        }
    }
    Ok(())
}

/// The name of workspace `ws`'s search index (W4): one per workspace, so a search reads what
/// that workspace holds and nothing of the others.
pub(crate) fn search_table(ws: i64) -> String {
    format!("customer_search_{ws}")
}

/// W4: makes workspace `ws`'s search index: the folded name, code, email, phone and contact of
/// each customer (rowid: the customer's `seq`), indexed by trigram for substring search. It is
/// contentless (the text lives in `customers`) and deletable.
pub(crate) fn create_search(conn: &Connection, ws: i64) -> Result<()> {
    conn.execute_batch(&format!(
        "CREATE VIRTUAL TABLE IF NOT EXISTS {} USING fts5(name_f, code_f, email_f, phone_f, contact_f,
         content='', contentless_delete=1, tokenize='trigram case_sensitive 1')",
        search_table(ws)
    ))
    .map_err(crate::db)
}
