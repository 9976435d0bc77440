//! The schema, as numbered migrations applied on connect.
//!
//! Records are JSONB blobs of the core's own serde forms, so a field added to `Customer` or
//! `OrderRef` needs no migration; real columns exist only for look-ups and for the uniqueness
//! the database itself enforces. Append a migration to change the schema; never edit one that
//! has shipped.

use crate::pool::{store_failure, Fail, Session, Tx};
use orderlink::{Error, Result};

/// Each entry is applied once, in order, inside the migration transaction.
const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE settings (
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    body jsonb NOT NULL
);

-- L1: every link code ever issued to a customer. Rows are never deleted, so a code freed by
-- deletion or rotation (L5) can never be issued again.
CREATE TABLE link_codes (
    code text CONSTRAINT link_codes_pkey PRIMARY KEY,
    customer_id uuid NOT NULL
);

CREATE TABLE customers (
    id uuid CONSTRAINT customers_pkey PRIMARY KEY,
    link_code text NOT NULL CONSTRAINT customers_link_code_key UNIQUE REFERENCES link_codes (code),
    -- C2: the code trimmed and case-folded by the core (orderlink::customer::code_key).
    code_key text,
    -- C4: the N1 name key; unique only under the workspace's policy, so checked under a lock.
    name_key text NOT NULL,
    external_id text,
    body jsonb NOT NULL
);
CREATE UNIQUE INDEX customers_code_key ON customers (code_key);
CREATE UNIQUE INDEX customers_external_id ON customers (external_id);
CREATE INDEX customers_name_key ON customers (name_key);

CREATE TABLE link_rotations (
    seq bigserial PRIMARY KEY,
    customer_id uuid NOT NULL,
    body jsonb NOT NULL
);
CREATE INDEX link_rotations_customer ON link_rotations (customer_id, seq);

-- A3: a new challenge replaces the open one of its customer.
CREATE TABLE challenges (
    id uuid PRIMARY KEY,
    customer_id uuid NOT NULL CONSTRAINT challenges_one_per_customer UNIQUE,
    body jsonb NOT NULL
);
-- A3: when challenges were created, for the rate limit; (seconds, nanoseconds) keeps the
-- clock's full precision.
CREATE TABLE challenge_log (
    customer_id uuid NOT NULL,
    at_s bigint NOT NULL,
    at_ns integer NOT NULL
);
CREATE INDEX challenge_log_customer ON challenge_log (customer_id, at_s, at_ns);

CREATE TABLE sessions (
    token_hash bytea PRIMARY KEY,
    body jsonb NOT NULL
);

-- P3. The record's `orders` list is not in the blob: it is the orders whose pending_id is the
-- record, in intake order.
CREATE TABLE pending (
    id uuid PRIMARY KEY,
    seq bigserial NOT NULL UNIQUE,
    key_name text NOT NULL,
    key_email text NOT NULL,
    state text NOT NULL CHECK (state IN ('open', 'mapped', 'ignored')),
    mapped_to uuid,
    body jsonb NOT NULL
);
-- P3: one open record per key, whichever backend instance takes the order in.
CREATE UNIQUE INDEX pending_one_open_per_key ON pending (key_name, key_email) WHERE state = 'open';
CREATE INDEX pending_key ON pending (key_name, key_email);

CREATE TABLE orders (
    id uuid PRIMARY KEY,
    seq bigserial NOT NULL UNIQUE,
    -- NULL is the PENDING_MAPPING placeholder. C7: a customer with orders cannot be deleted.
    owner uuid REFERENCES customers (id),
    pending_id uuid REFERENCES pending (id),
    key_name text,
    key_email text,
    total numeric NOT NULL,
    placed_s bigint NOT NULL,
    placed_ns integer NOT NULL,
    body jsonb NOT NULL
);
CREATE INDEX orders_owner ON orders (owner, placed_s, placed_ns);
CREATE INDEX orders_pending ON orders (pending_id, seq);
CREATE INDEX orders_key ON orders (key_name, key_email, seq);

-- P5: one customer per key.
CREATE TABLE mappings (
    key_name text NOT NULL,
    key_email text NOT NULL,
    customer_id uuid NOT NULL,
    body jsonb NOT NULL,
    PRIMARY KEY (key_name, key_email)
);

CREATE TABLE audit (
    seq bigserial PRIMARY KEY,
    body jsonb NOT NULL
);

CREATE TABLE price_book (
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    version bigint NOT NULL,
    body jsonb NOT NULL
);
"#,
    r#"
-- B2: deliveries, kept after their customer is deleted; read per customer by time, then in
-- the order recorded.
CREATE TABLE deliveries (
    seq bigserial PRIMARY KEY,
    customer_id uuid NOT NULL,
    at_s bigint NOT NULL,
    at_ns integer NOT NULL,
    body jsonb NOT NULL
);
CREATE INDEX deliveries_customer ON deliveries (customer_id, at_s, at_ns, seq);

-- AC1: portal engagement events, read by time range.
CREATE TABLE activity (
    seq bigserial PRIMARY KEY,
    at_s bigint NOT NULL,
    at_ns integer NOT NULL,
    body jsonb NOT NULL
);
CREATE INDEX activity_at ON activity (at_s, at_ns, seq);
"#,
    r#"
-- Customer notes, deleted with their customer; read per customer by creation time, then id.
CREATE TABLE notes (
    id uuid PRIMARY KEY,
    customer_id uuid NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    created_s bigint NOT NULL,
    created_ns integer NOT NULL,
    body jsonb NOT NULL
);
CREATE INDEX notes_customer ON notes (customer_id, created_s, created_ns, id);
"#,
    r#"
-- A3 lockout: each customer link's failure count and lock (a VerificationLock body), changed
-- under a row lock; and the audited lock and lift events.
CREATE TABLE verification_locks (
    customer_id uuid PRIMARY KEY,
    body jsonb NOT NULL
);
CREATE TABLE verification_lock_events (
    seq bigserial PRIMARY KEY,
    customer_id uuid NOT NULL,
    body jsonb NOT NULL
);
CREATE INDEX verification_lock_events_customer ON verification_lock_events (customer_id, seq);
"#,
];

/// Creates the schema if needed and applies the migrations it lacks, in one transaction under
/// an advisory lock, so instances starting together apply each migration once.
pub(crate) fn migrate(s: &mut Session<'_>, schema: &str) -> Result<()> {
    let outcome = (|| -> Tx<()> {
        s.batch("BEGIN")?;
        s.execute("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", &[&format!("orderlink:migrate:{schema}")])?;
        // `schema` is checked to be a plain identifier (see `valid_schema`), so it may be spliced.
        s.batch(&format!(
            "CREATE SCHEMA IF NOT EXISTS \"{schema}\";
             CREATE TABLE IF NOT EXISTS \"{schema}\".orderlink_migrations (
                 version integer PRIMARY KEY,
                 applied_at timestamptz NOT NULL DEFAULT now()
             );"
        ))?;
        let row = s.query_one("SELECT coalesce(max(version), 0) FROM orderlink_migrations", &[])?;
        let applied: i32 = row.try_get(0)?;
        let known = MIGRATIONS.len() as i32;
        if applied > known {
            return Err(Error::store(format!(
                "schema \"{schema}\" is at migration {applied}, newer than this orderlink-postgres knows ({known}); \
                 upgrade the library"
            ))
            .into());
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(applied as usize) {
            s.batch(sql)?;
            s.execute("INSERT INTO orderlink_migrations (version) VALUES ($1)", &[&(i as i32 + 1)])?;
        }
        s.batch("COMMIT")
    })();
    outcome.map_err(|f| {
        let _ = s.batch("ROLLBACK");
        match f {
            Fail::Domain(e) => e,
            Fail::Db(e) => store_failure(&e),
        }
    })
}

/// How many migrations this version of the crate knows.
pub(crate) fn latest() -> usize {
    MIGRATIONS.len()
}

/// A schema name the store accepts: a plain lower-case identifier, so it needs no quoting in
/// SQL or in the connection's `search_path` option.
pub(crate) fn valid_schema(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && name.len() <= 63
        && !name.starts_with("pg_")
}
