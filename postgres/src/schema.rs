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
    r#"
-- W1, W2: many workspaces in one schema. Every table gains the workspace id (`ws`), leading
-- every primary key, unique key and index; `workspaces` replaces the one-row `settings`; and
-- `link_codes` becomes the one table shared by every workspace: each code ever issued to a
-- customer or a workspace, with its workspace (customer_id NULL for a workspace's own code).
-- A schema written by an earlier release holds one workspace: it keeps its id (a random one
-- when its settings carry none) and every row is tagged with it.
CREATE TABLE workspaces (
    id uuid CONSTRAINT workspaces_pkey PRIMARY KEY,
    seq bigserial NOT NULL,
    body jsonb NOT NULL
);
CREATE INDEX workspaces_seq ON workspaces (seq);

ALTER TABLE link_codes ADD COLUMN ws uuid, ALTER COLUMN customer_id DROP NOT NULL;

DO $migrate$
DECLARE
    w uuid;
    t text;
BEGIN
    SELECT CASE WHEN coalesce(body ->> 'id', '00000000-0000-0000-0000-000000000000')
                     = '00000000-0000-0000-0000-000000000000'
                THEN gen_random_uuid() ELSE (body ->> 'id')::uuid END
      INTO w FROM settings;
    -- An empty schema has no rows to tag: any id does.
    w := coalesce(w, '00000000-0000-0000-0000-000000000000');
    INSERT INTO workspaces (id, body) SELECT w, jsonb_set(body, '{id}', to_jsonb(w::text)) FROM settings;
    UPDATE link_codes SET ws = w;
    INSERT INTO link_codes (code, ws, customer_id) SELECT body ->> 'link_code', w, NULL FROM settings
        ON CONFLICT (code) DO NOTHING;
    FOREACH t IN ARRAY ARRAY['customers', 'link_rotations', 'challenges', 'challenge_log', 'sessions',
        'pending', 'orders', 'mappings', 'audit', 'price_book', 'deliveries', 'activity', 'notes',
        'verification_locks', 'verification_lock_events']
    LOOP
        EXECUTE format('ALTER TABLE %I ADD COLUMN ws uuid NOT NULL DEFAULT %L', t, w);
        EXECUTE format('ALTER TABLE %I ALTER COLUMN ws DROP DEFAULT', t);
    END LOOP;
END
$migrate$;

DROP TABLE settings;
ALTER TABLE link_codes ALTER COLUMN ws SET NOT NULL;
CREATE INDEX link_codes_ws ON link_codes (ws);

-- Foreign keys first: they hang on the keys rebuilt below.
ALTER TABLE orders DROP CONSTRAINT orders_owner_fkey, DROP CONSTRAINT orders_pending_id_fkey;
ALTER TABLE notes DROP CONSTRAINT notes_customer_id_fkey;

ALTER TABLE customers DROP CONSTRAINT customers_pkey, ADD CONSTRAINT customers_pkey PRIMARY KEY (ws, id),
    DROP CONSTRAINT customers_link_code_key, ADD CONSTRAINT customers_link_code_key UNIQUE (ws, link_code);
DROP INDEX customers_code_key;
CREATE UNIQUE INDEX customers_code_key ON customers (ws, code_key);
DROP INDEX customers_external_id;
CREATE UNIQUE INDEX customers_external_id ON customers (ws, external_id);
DROP INDEX customers_name_key;
CREATE INDEX customers_name_key ON customers (ws, name_key);

ALTER TABLE link_rotations DROP CONSTRAINT link_rotations_pkey, ADD CONSTRAINT link_rotations_pkey PRIMARY KEY (ws, seq);
DROP INDEX link_rotations_customer;
CREATE INDEX link_rotations_customer ON link_rotations (ws, customer_id, seq);

ALTER TABLE challenges DROP CONSTRAINT challenges_pkey, ADD CONSTRAINT challenges_pkey PRIMARY KEY (ws, id),
    DROP CONSTRAINT challenges_one_per_customer, ADD CONSTRAINT challenges_one_per_customer UNIQUE (ws, customer_id);
DROP INDEX challenge_log_customer;
CREATE INDEX challenge_log_customer ON challenge_log (ws, customer_id, at_s, at_ns);

ALTER TABLE sessions DROP CONSTRAINT sessions_pkey, ADD CONSTRAINT sessions_pkey PRIMARY KEY (ws, token_hash);

ALTER TABLE pending DROP CONSTRAINT pending_pkey, ADD CONSTRAINT pending_pkey PRIMARY KEY (ws, id),
    DROP CONSTRAINT pending_seq_key, ADD CONSTRAINT pending_seq_key UNIQUE (ws, seq);
DROP INDEX pending_one_open_per_key;
CREATE UNIQUE INDEX pending_one_open_per_key ON pending (ws, key_name, key_email) WHERE state = 'open';
DROP INDEX pending_key;
CREATE INDEX pending_key ON pending (ws, key_name, key_email);

ALTER TABLE orders DROP CONSTRAINT orders_pkey, ADD CONSTRAINT orders_pkey PRIMARY KEY (ws, id),
    DROP CONSTRAINT orders_seq_key, ADD CONSTRAINT orders_seq_key UNIQUE (ws, seq),
    -- C7: a customer with orders cannot be deleted (NULL owner, the placeholder, is unchecked).
    ADD CONSTRAINT orders_owner_fkey FOREIGN KEY (ws, owner) REFERENCES customers (ws, id),
    ADD CONSTRAINT orders_pending_id_fkey FOREIGN KEY (ws, pending_id) REFERENCES pending (ws, id);
DROP INDEX orders_owner;
CREATE INDEX orders_owner ON orders (ws, owner, placed_s, placed_ns);
DROP INDEX orders_pending;
CREATE INDEX orders_pending ON orders (ws, pending_id, seq);
DROP INDEX orders_key;
CREATE INDEX orders_key ON orders (ws, key_name, key_email, seq);

ALTER TABLE mappings DROP CONSTRAINT mappings_pkey, ADD CONSTRAINT mappings_pkey PRIMARY KEY (ws, key_name, key_email);

ALTER TABLE audit DROP CONSTRAINT audit_pkey, ADD CONSTRAINT audit_pkey PRIMARY KEY (ws, seq);

ALTER TABLE price_book DROP CONSTRAINT price_book_pkey, DROP COLUMN only_row,
    ADD CONSTRAINT price_book_pkey PRIMARY KEY (ws);

ALTER TABLE deliveries DROP CONSTRAINT deliveries_pkey, ADD CONSTRAINT deliveries_pkey PRIMARY KEY (ws, seq);
DROP INDEX deliveries_customer;
CREATE INDEX deliveries_customer ON deliveries (ws, customer_id, at_s, at_ns, seq);

ALTER TABLE activity DROP CONSTRAINT activity_pkey, ADD CONSTRAINT activity_pkey PRIMARY KEY (ws, seq);
DROP INDEX activity_at;
CREATE INDEX activity_at ON activity (ws, at_s, at_ns, seq);

ALTER TABLE notes DROP CONSTRAINT notes_pkey, ADD CONSTRAINT notes_pkey PRIMARY KEY (ws, id),
    ADD CONSTRAINT notes_customer_id_fkey FOREIGN KEY (ws, customer_id) REFERENCES customers (ws, id) ON DELETE CASCADE;
DROP INDEX notes_customer;
CREATE INDEX notes_customer ON notes (ws, customer_id, created_s, created_ns, id);

ALTER TABLE verification_locks DROP CONSTRAINT verification_locks_pkey,
    ADD CONSTRAINT verification_locks_pkey PRIMARY KEY (ws, customer_id);
ALTER TABLE verification_lock_events DROP CONSTRAINT verification_lock_events_pkey,
    ADD CONSTRAINT verification_lock_events_pkey PRIMARY KEY (ws, seq);
DROP INDEX verification_lock_events_customer;
CREATE INDEX verification_lock_events_customer ON verification_lock_events (ws, customer_id, seq);
"#,
    r#"
-- W4: the columns a list filters and sorts on, beside the body, so a page is chosen by the
-- database from indexes: the folded name (the name sort), the folded search fields joined by
-- U+0001, the active flag, the managing user, lead or customer, the tag keys. Rows written
-- before this migration are filled in by the library right after it (the folding is the
-- core's own, in Rust), in the same transaction.
ALTER TABLE customers
    ADD COLUMN name_fold text COLLATE "C",
    ADD COLUMN search text COLLATE "C",
    ADD COLUMN active boolean,
    ADD COLUMN managed_by uuid,
    ADD COLUMN placed boolean,
    ADD COLUMN tags text[];
-- The name order with every list column beside it: a page and its count are read from the
-- index alone (an index-only scan, once vacuum has marked the pages all-visible).
CREATE INDEX customers_list ON customers (ws, name_fold, id) INCLUDE (active, managed_by, placed, tags, search);

-- W4: substring search through a trigram index (pg_trgm), with the workspace id in the same
-- GIN index (btree_gin) so one workspace's matches are found without visiting another's. Both
-- are contrib extensions PostgreSQL ships (trusted: a database owner may create them); where
-- they cannot be created the index is left out and a search reads the workspace's rows only.
DO $trgm$
DECLARE
    trgm name;
    bgin name;
BEGIN
    -- Extensions are per database: schemas migrating at the same moment take turns here, so
    -- the second sees the first's extensions instead of failing to create them again.
    PERFORM pg_advisory_xact_lock(hashtextextended('orderlink:extensions', 0));
    BEGIN
        CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
    EXCEPTION WHEN OTHERS THEN
        RAISE NOTICE 'orderlink: pg_trgm unavailable (%), searches read the workspace''s rows', SQLERRM;
    END;
    BEGIN
        CREATE EXTENSION IF NOT EXISTS btree_gin SCHEMA public;
    EXCEPTION WHEN OTHERS THEN
        RAISE NOTICE 'orderlink: btree_gin unavailable (%)', SQLERRM;
    END;
    SELECT n.nspname INTO trgm FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
        WHERE e.extname = 'pg_trgm';
    SELECT n.nspname INTO bgin FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
        WHERE e.extname = 'btree_gin';
    IF trgm IS NOT NULL AND bgin IS NOT NULL THEN
        EXECUTE format('CREATE INDEX customers_search ON customers USING gin (ws, search %I.gin_trgm_ops)', trgm);
    ELSIF trgm IS NOT NULL THEN
        EXECUTE format('CREATE INDEX customers_search ON customers USING gin (search %I.gin_trgm_ops)', trgm);
    END IF;
END
$trgm$;
"#,
    r#"
-- I7: a workspace's saved import column mappings, one per name (compared without case:
-- name_key is the name as the core compares it).
CREATE TABLE import_mappings (
    ws uuid NOT NULL,
    name_key text NOT NULL,
    body jsonb NOT NULL,
    PRIMARY KEY (ws, name_key)
);

-- I9: one row per confirmed import; `undo` is the undo's report once undone (NULL before: a
-- batch is undone at most once, its row locked while it is), also the audit of the undo.
CREATE TABLE import_batches (
    ws uuid NOT NULL,
    id uuid NOT NULL,
    confirmed_s bigint NOT NULL,
    confirmed_ns integer NOT NULL,
    undo jsonb,
    PRIMARY KEY (ws, id)
);

-- I9: what each row of a batch did (created, or updated with each changed field's value before
-- and after), in row order.
CREATE TABLE import_batch_rows (
    ws uuid NOT NULL,
    batch_id uuid NOT NULL,
    seq integer NOT NULL,
    customer_id uuid NOT NULL,
    action text NOT NULL CHECK (action IN ('created', 'updated')),
    body jsonb NOT NULL,
    PRIMARY KEY (ws, batch_id, seq),
    FOREIGN KEY (ws, batch_id) REFERENCES import_batches (ws, id)
);
"#,
    r#"
-- CT1–CT5: carts and checkout links, the workspace id leading every key. A customer has at most
-- one open cart (a partial unique index); a cart's row holds its head (the cart without lines
-- and changes) and the columns look-ups and checks need; its lines and its change log (each
-- change with its author: an agent's name, NULL for the customer) are rows of their own, gone
-- with the cart, which goes with its customer. Every checkout code ever issued is a row of
-- `checkout_links` and of the store-wide `link_codes` (W2: one code space with order links,
-- never issued twice); the cart's `checkout_code` is its current one.
CREATE TABLE carts (
    ws uuid NOT NULL,
    id uuid NOT NULL,
    seq bigserial NOT NULL,
    customer_id uuid NOT NULL,
    state text NOT NULL CHECK (state IN ('open', 'submitted', 'abandoned')),
    version bigint NOT NULL,
    n_changes integer NOT NULL,
    checkout_code text,
    order_id uuid,
    head jsonb NOT NULL,
    CONSTRAINT carts_pkey PRIMARY KEY (ws, id),
    CONSTRAINT carts_customer_fkey FOREIGN KEY (ws, customer_id) REFERENCES customers (ws, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX carts_one_open ON carts (ws, customer_id) WHERE state = 'open';
CREATE INDEX carts_customer ON carts (ws, customer_id, seq);
CREATE INDEX carts_open ON carts (ws, seq) WHERE state = 'open';
CREATE UNIQUE INDEX carts_order ON carts (ws, order_id) WHERE order_id IS NOT NULL;

CREATE TABLE cart_lines (
    ws uuid NOT NULL,
    cart_id uuid NOT NULL,
    pos integer NOT NULL,
    sku text NOT NULL,
    qty text NOT NULL,
    uom text NOT NULL,
    CONSTRAINT cart_lines_pkey PRIMARY KEY (ws, cart_id, pos),
    CONSTRAINT cart_lines_cart_fkey FOREIGN KEY (ws, cart_id) REFERENCES carts (ws, id) ON DELETE CASCADE
);

CREATE TABLE cart_changes (
    ws uuid NOT NULL,
    cart_id uuid NOT NULL,
    pos integer NOT NULL,
    at_s bigint NOT NULL,
    at_ns integer NOT NULL,
    agent text,
    kind text NOT NULL,
    body jsonb NOT NULL,
    CONSTRAINT cart_changes_pkey PRIMARY KEY (ws, cart_id, pos),
    CONSTRAINT cart_changes_cart_fkey FOREIGN KEY (ws, cart_id) REFERENCES carts (ws, id) ON DELETE CASCADE
);

CREATE TABLE checkout_links (
    code text CONSTRAINT checkout_links_pkey PRIMARY KEY CONSTRAINT checkout_links_code_fkey REFERENCES link_codes (code),
    ws uuid NOT NULL,
    cart_id uuid NOT NULL,
    body jsonb NOT NULL
);
CREATE INDEX checkout_links_cart ON checkout_links (ws, cart_id);
"#,
    r#"
-- W4: substring search through the workspace's own three-character grams, in PostgreSQL's
-- built-in GIN over bigint arrays (no extension). `orderlink_grams(ws, search)` is a hash of
-- every three-character window of `search`, keyed by the workspace, so one workspace's
-- candidates for a term are the rows whose grams contain every gram of the term; another
-- workspace's rows are not in those posting lists at all (the trigram index of migration 6
-- kept the workspace as a key of its own, whose posting list, every row of the workspace,
-- each search of a large workspace intersected). A hash shared by chance only adds a
-- candidate: every candidate is rechecked against `search`. The grams live in the index only
-- (an expression index, kept by the server on every write), not in the rows, which stay as
-- narrow as before. `hashtextextended` is the server's stable hash (the one hash partitioning
-- relies on); the function names its catalog functions in full, so it means the same under
-- any search_path (a restore runs with an empty one). Terms of one or two characters have no
-- gram and do not use the index.
-- The windows are the non-overlapping three-character matches of the text and of the text
-- less its first one and two characters (three linear passes of `regexp_matches`): taking
-- `substr(t, i, 3)` for every i counts characters from the start each time, and took 2.3 s
-- for a 30,000-character text (0.2 s this way, for ten times as many).
CREATE FUNCTION orderlink_grams(ws uuid, t text) RETURNS bigint[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $grams$
    SELECT coalesce(array_agg(DISTINCT pg_catalog.hashtextextended(m[1], k.seed)), '{}')
    FROM (SELECT pg_catalog.hashtextextended(ws::text, 0) AS seed) k,
         (VALUES (t), (pg_catalog.substr(t, 2)), (pg_catalog.substr(t, 3))) AS v(s),
         pg_catalog.regexp_matches(v.s, '(...)', 'g') AS m
$grams$;
CREATE INDEX customers_grams ON customers USING gin (orderlink_grams(ws, search));
DROP INDEX IF EXISTS customers_search;
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
        if applied < LIST_COLUMNS {
            fill_list_columns(s)?;
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

/// The migration adding the list columns (W4), which rows written before it get from
/// [`fill_list_columns`].
const LIST_COLUMNS: i32 = 6;

/// W4: the list columns of every customer row that has none (written before migration 6),
/// folded by the core as every later write folds them.
fn fill_list_columns(s: &mut Session<'_>) -> Tx<()> {
    let rows = s.query("SELECT ws, id, body FROM customers WHERE name_fold IS NULL", &[])?;
    for row in rows {
        let ws: uuid::Uuid = row.try_get(0)?;
        let id: uuid::Uuid = row.try_get(1)?;
        let c: orderlink::Customer = crate::records::body(&row, 2)?;
        let l = crate::customers::search_columns(&c);
        s.execute(
            "UPDATE customers SET name_fold = $3, search = $4, active = $5, managed_by = $6, placed = $7, tags = $8
             WHERE ws = $1 AND id = $2",
            &[&ws, &id, &l.name_fold, &l.search, &c.active, &l.managed_by, &l.placed, &l.tags],
        )?;
    }
    Ok(())
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
