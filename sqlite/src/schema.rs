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
        conn.pragma_update(None, "user_version", i as i64 + 1).map_err(crate::db)?;
    }
    Ok(())
}
