//! # orderlink-sqlite
//!
//! An embedded file store for [`orderlink`]: one workspace in one SQLite file, kept across
//! restarts. It passes the core's store conformance suite unchanged.
//!
//! ```
//! use orderlink::{Env, NewCustomer, NewWorkspace, Workspace};
//! use orderlink_sqlite::SqliteStore;
//! use std::sync::Arc;
//! # let dir = tempfile::tempdir().unwrap();
//! let path = dir.path().join("shop.db");
//! let ws = Workspace::create(Arc::new(SqliteStore::open(&path)?), Env::system(), NewWorkspace::named("Acme"))?;
//! let deli = ws.create_customer(NewCustomer::named("Corner Deli"))?;
//! drop(ws); // closes the file
//!
//! let ws = Workspace::open(Arc::new(SqliteStore::open(&path)?), Env::system())?;
//! assert_eq!(ws.get_customer(deli.id)?.name, "Corner Deli");
//! # Ok::<(), orderlink::Error>(())
//! ```
//!
//! How it keeps the store's promises:
//! - **Atomic calls.** Every trait call that writes is one `BEGIN IMMEDIATE` transaction: the
//!   checks and the writes see one state, and a refused call rolls back whole.
//! - **Threads and processes.** The store holds one connection behind a mutex, so the calls of
//!   one process run one at a time (as the in-memory store's lock does). Other processes on the
//!   same file (a CLI beside a server) are serialised by SQLite itself: WAL journaling lets
//!   readers go on during a write, and a writer waits up to [`BUSY_TIMEOUT`] for another.
//! - **Durability.** WAL with `synchronous = NORMAL`: a committed call survives the process
//!   crashing; a power cut can lose the last commits but never corrupts the file.
//! - **Records.** Each record is a JSON document; only what look-ups and uniqueness need is a
//!   real column, with a (partial) unique index where the rule is uniqueness. New fields on a
//!   core record therefore need no migration (give them a serde default).
//! - **Schema.** Migrations live in this crate ([`schema`]) and run when a file is opened; a
//!   file a newer orderlink wrote, or another application's database, is refused.
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(not(test), warn(clippy::unwrap_used, clippy::expect_used))]

mod records;
pub mod schema;

use chrono::{DateTime, Utc};
use orderlink::pending::{check_remap, ReviewAction};
use orderlink::{messages::Delivery, pricing::PriceBook, verification, ActivityEvent, Note, NoteId};
use orderlink::{
    AuditEntry, ChallengeId, Customer, CustomerId, CustomerWrite, Error, IntakeOutcome, LinkCode, LinkRotation,
    Mapping, MatchKey, OrderId, OrderOwner, OrderRef, OrderStatus, PendingBuyer, PendingId, PendingState, Result,
    Store, Uniqueness, WorkspaceSettings,
};
use records::{doc_of, docs_of, from_doc, to_doc};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

/// How long a write waits for another process's write to the same file before it fails.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The most of the file mapped into memory for reading.
const MMAP_BYTES: i64 = 256 * 1024 * 1024;
/// The page cache of the connection, in KiB.
const CACHE_KIB: i64 = 32 * 1024;

/// A SQLite failure, as the core's store error.
pub(crate) fn db(e: rusqlite::Error) -> Error {
    Error::store(format!("sqlite: {e}"))
}

/// A value read often and written rarely (the settings, the price book), kept with the
/// revision it was read at, so a read costs one `SELECT` of that revision while it is current.
struct Cached<T> {
    rev: i64,
    value: T,
}

/// One orderlink workspace in a SQLite file. Share it as `Arc<dyn orderlink::Store>`.
pub struct SqliteStore {
    conn: Mutex<Connection>,
    path: PathBuf,
    settings: Mutex<Option<Cached<WorkspaceSettings>>>,
    book: Mutex<Option<Cached<Arc<PriceBook>>>>,
}

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteStore").field("path", &self.path).finish_non_exhaustive()
    }
}

impl SqliteStore {
    /// Opens the file at `path`, creating it (empty) if it does not exist, and brings its
    /// schema up to date. A new file holds no workspace: create one with
    /// `Workspace::create`, or open the one an existing file holds with `Workspace::open`.
    ///
    /// Refused (`STORE_FAILURE`) when the file cannot be opened, is not an orderlink file, or
    /// was written by a newer orderlink.
    pub fn open(path: impl AsRef<Path>) -> Result<SqliteStore> {
        Self::open_with(path.as_ref(), OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE)
    }

    /// Opens a file that must exist already (`STORE_FAILURE` naming the path when it does
    /// not): for tools that should not leave an empty file behind after a typo.
    pub fn open_existing(path: impl AsRef<Path>) -> Result<SqliteStore> {
        let path = path.as_ref();
        if !path.is_file() {
            return Err(Error::store(format!("{} does not exist (or is not a file)", path.display())));
        }
        Self::open_with(path, OpenFlags::SQLITE_OPEN_READ_WRITE)
    }

    fn open_with(path: &Path, flags: OpenFlags) -> Result<SqliteStore> {
        let shown = path.display().to_string();
        let fail = |e: rusqlite::Error| Error::store(format!("cannot open {shown}: {e}"));
        let mut conn = Connection::open_with_flags(path, flags | OpenFlags::SQLITE_OPEN_NO_MUTEX).map_err(fail)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(fail)?;
        // The first statement reads the file: a file that is not a database fails here.
        conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0)).map_err(fail)?;
        conn.pragma_update(None, "synchronous", "NORMAL").map_err(fail)?;
        // Reads from a memory map rather than a read() per page, and a larger page cache
        // (SQLite's default is 2 MB): both are upper bounds, taken only as a file grows.
        conn.pragma_update(None, "mmap_size", MMAP_BYTES).map_err(fail)?;
        conn.pragma_update(None, "cache_size", -CACHE_KIB).map_err(fail)?;
        conn.set_prepared_statement_cache_capacity(64);
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(fail)?;
        schema::migrate(&tx, &shown)?;
        tx.commit().map_err(fail)?;
        Ok(SqliteStore {
            conn: Mutex::new(conn),
            path: path.to_path_buf(),
            settings: Mutex::new(None),
            book: Mutex::new(None),
        })
    }

    /// The file this store keeps its workspace in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn lock(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock drops its transaction, which rolls back: the
        // connection is safe to keep using.
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Runs `body` in one write transaction (`BEGIN IMMEDIATE`: the write lock is taken before
    /// the first read, so its checks and writes see one state): committed if it returns Ok,
    /// rolled back if not.
    fn write<T>(&self, body: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        self.transaction(TransactionBehavior::Immediate, body)
    }

    /// Runs `body` in one read transaction, so the statements it runs see one state of the file
    /// even while another process writes.
    fn read<T>(&self, body: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        self.transaction(TransactionBehavior::Deferred, body)
    }

    fn transaction<T>(&self, how: TransactionBehavior, body: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(how).map_err(db)?;
        let out = body(&tx)?;
        tx.commit().map_err(db)?;
        Ok(out)
    }
}

/// A3: a customer link's lockout state (the default when none is kept).
fn lock_of(conn: &Connection, customer_id: CustomerId) -> Result<verification::VerificationLock> {
    Ok(doc_of(conn, "SELECT doc FROM verification_locks WHERE customer_id = ?1", &[&customer_id.to_string()])?
        .unwrap_or_default())
}

/// A3: keeps a link's lockout state and appends its event, in the caller's transaction.
fn save_lock(
    conn: &Connection,
    customer_id: CustomerId,
    state: &verification::VerificationLock,
    event: Option<&verification::VerificationLockEvent>,
) -> Result<()> {
    let id = customer_id.to_string();
    conn.prepare_cached("INSERT OR REPLACE INTO verification_locks (customer_id, doc) VALUES (?1, ?2)")
        .map_err(db)?
        .execute(params![id, to_doc(state)?])
        .map_err(db)?;
    if let Some(event) = event {
        conn.prepare_cached("INSERT INTO verification_lock_events (customer_id, doc) VALUES (?1, ?2)")
            .map_err(db)?
            .execute(params![id, to_doc(event)?])
            .map_err(db)?;
    }
    Ok(())
}

/// The cached value when `rev` is still the stored revision; else `load`'s answer, cached.
fn cached<T: Clone>(
    cache: &Mutex<Option<Cached<T>>>,
    rev: Option<i64>,
    load: impl FnOnce() -> Result<T>,
) -> Result<Option<T>> {
    let Some(rev) = rev else { return Ok(None) };
    let mut cache = cache.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(c) = cache.as_ref().filter(|c| c.rev == rev) {
        return Ok(Some(c.value.clone()));
    }
    let value = load()?;
    *cache = Some(Cached { rev, value: value.clone() });
    Ok(Some(value))
}

fn revision(conn: &Connection, sql: &str) -> Result<Option<i64>> {
    conn.prepare_cached(sql).map_err(db)?.query_row([], |r| r.get(0)).optional().map_err(db)
}

impl Store for SqliteStore {
    fn settings(&self) -> Result<Option<WorkspaceSettings>> {
        let conn = self.lock();
        let rev = revision(&conn, "SELECT rev FROM settings WHERE id = 1")?;
        cached(&self.settings, rev, || {
            doc_of(&conn, "SELECT doc FROM settings WHERE id = 1", &[])?
                .ok_or_else(|| Error::store("the settings row vanished while it was read"))
        })
    }

    fn save_settings(&self, settings: &WorkspaceSettings) -> Result<()> {
        self.write(|conn| {
            conn.prepare_cached(
                "INSERT INTO settings (id, rev, doc) VALUES (1, 1, ?1)
                 ON CONFLICT (id) DO UPDATE SET rev = rev + 1, doc = excluded.doc",
            )
            .map_err(db)?
            .execute([to_doc(settings)?])
            .map_err(db)?;
            Ok(())
        })
    }

    fn insert_customer(&self, customer: &Customer, u: &Uniqueness) -> Result<()> {
        self.write(|conn| records::insert_customer(conn, customer, u))
    }

    fn replace_customer(&self, customer: &Customer, expected_version: u64, u: &Uniqueness) -> Result<()> {
        self.write(|conn| records::replace_customer(conn, customer, expected_version, u))
    }

    fn delete_customer(&self, id: CustomerId) -> Result<()> {
        self.write(|conn| {
            let current = records::require_customer(conn, id)?;
            if current.stats.orders > 0 {
                return Err(Error::CustomerHasOrders { orders: current.stats.orders });
            }
            // The link code stays in issued_link_codes: retired, never issued again (L1).
            conn.execute("DELETE FROM customers WHERE id = ?1", [id.to_string()]).map_err(db)?;
            conn.execute("DELETE FROM notes WHERE customer_id = ?1", [id.to_string()]).map_err(db)?;
            Ok(())
        })
    }

    fn customer(&self, id: CustomerId) -> Result<Option<Customer>> {
        records::customer(&self.lock(), id)
    }

    fn customer_by_link_code(&self, code: &LinkCode) -> Result<Option<Customer>> {
        doc_of(&self.lock(), "SELECT doc FROM customers WHERE link_code = ?1", &[&code.as_str()])
    }

    fn customers_by_external_id(&self, external_ids: &[String]) -> Result<Vec<Customer>> {
        self.read(|conn| {
            let mut found = Vec::new();
            for ext in external_ids {
                found.extend(doc_of::<Customer>(conn, "SELECT doc FROM customers WHERE external_id = ?1", &[ext])?);
            }
            Ok(found)
        })
    }

    fn all_customers(&self) -> Result<Vec<Customer>> {
        docs_of(&self.lock(), "SELECT doc FROM customers ORDER BY seq", &[])
    }

    fn write_customers(&self, writes: &[CustomerWrite], u: &Uniqueness) -> Result<()> {
        self.write(|conn| {
            for w in writes {
                match w {
                    CustomerWrite::Insert(c) => records::insert_customer(conn, c, u)?,
                    CustomerWrite::Update { customer, expected_version } => {
                        records::replace_customer(conn, customer, *expected_version, u)?
                    }
                }
            }
            Ok(())
        })
    }

    fn rotate_link(
        &self,
        customer: &Customer,
        expected_version: u64,
        rotation: &LinkRotation,
        u: &Uniqueness,
    ) -> Result<()> {
        self.write(|conn| {
            records::rotate_link(conn, customer, expected_version, u)?;
            conn.prepare_cached("INSERT INTO link_rotations (customer_id, doc) VALUES (?1, ?2)")
                .map_err(db)?
                .execute(params![rotation.customer_id.to_string(), to_doc(rotation)?])
                .map_err(db)?;
            Ok(())
        })
    }

    fn link_rotations(&self, id: CustomerId) -> Result<Vec<LinkRotation>> {
        docs_of(&self.lock(), "SELECT doc FROM link_rotations WHERE customer_id = ?1 ORDER BY seq", &[&id.to_string()])
    }

    fn insert_challenge(&self, challenge: &verification::Challenge, limit: &verification::RateLimit) -> Result<()> {
        self.write(|conn| {
            let customer = challenge.customer_id.to_string();
            let since = challenge.created_at - limit.window;
            let mut log: Vec<DateTime<Utc>> =
                docs_of(conn, "SELECT at FROM challenge_log WHERE customer_id = ?1", &[&customer])?;
            log.retain(|t| *t > since);
            if log.len() >= limit.max as usize {
                let oldest = log.iter().min().copied().unwrap_or(challenge.created_at);
                let retry = (oldest + limit.window - challenge.created_at).num_seconds().max(1);
                return Err(Error::RateLimited { retry_after_secs: retry as u64 });
            }
            log.push(challenge.created_at);
            conn.execute("DELETE FROM challenge_log WHERE customer_id = ?1", [&customer]).map_err(db)?;
            for at in &log {
                conn.prepare_cached("INSERT INTO challenge_log (customer_id, at) VALUES (?1, ?2)")
                    .map_err(db)?
                    .execute(params![customer, to_doc(at)?])
                    .map_err(db)?;
            }
            conn.execute("DELETE FROM challenges WHERE customer_id = ?1", [&customer]).map_err(db)?;
            conn.execute(
                "INSERT INTO challenges (id, customer_id, doc) VALUES (?1, ?2, ?3)",
                params![challenge.id.to_string(), customer, to_doc(challenge)?],
            )
            .map_err(db)?;
            Ok(())
        })
    }

    fn take_challenge(&self, id: ChallengeId) -> Result<Option<verification::Challenge>> {
        self.write(|conn| {
            let doc: Option<String> = conn
                .query_row("DELETE FROM challenges WHERE id = ?1 RETURNING doc", [id.to_string()], |r| r.get(0))
                .optional()
                .map_err(db)?;
            doc.map(|d| from_doc(&d)).transpose()
        })
    }

    fn insert_session(&self, session: &verification::SessionRecord) -> Result<()> {
        self.write(|conn| {
            conn.execute(
                "INSERT OR REPLACE INTO sessions (token_hash, doc) VALUES (?1, ?2)",
                params![&session.token_hash[..], to_doc(session)?],
            )
            .map_err(db)?;
            Ok(())
        })
    }

    fn session(&self, token_hash: &[u8; 32]) -> Result<Option<verification::SessionRecord>> {
        doc_of(&self.lock(), "SELECT doc FROM sessions WHERE token_hash = ?1", &[&&token_hash[..]])
    }

    fn verification_lock(&self, customer_id: CustomerId) -> Result<verification::VerificationLock> {
        lock_of(&self.lock(), customer_id)
    }

    fn record_verification_failure(
        &self,
        customer_id: CustomerId,
        at: DateTime<Utc>,
        rule: &verification::Lockout,
    ) -> Result<verification::VerificationLock> {
        self.write(|conn| {
            let (next, event) = lock_of(conn, customer_id)?.after_failure(customer_id, at, rule);
            save_lock(conn, customer_id, &next, event.as_ref())?;
            Ok(next)
        })
    }

    fn record_verification_pass(
        &self,
        customer_id: CustomerId,
        at: DateTime<Utc>,
    ) -> Result<(verification::VerificationLock, bool)> {
        self.write(|conn| {
            let (next, counted) = lock_of(conn, customer_id)?.after_pass(at);
            save_lock(conn, customer_id, &next, None)?;
            Ok((next, counted))
        })
    }

    fn lift_verification_lock(
        &self,
        customer_id: CustomerId,
        at: DateTime<Utc>,
        by: Option<&str>,
    ) -> Result<Option<verification::VerificationLockEvent>> {
        self.write(|conn| {
            let (next, event) = lock_of(conn, customer_id)?.after_lift(customer_id, at, by);
            save_lock(conn, customer_id, &next, event.as_ref())?;
            Ok(event)
        })
    }

    fn verification_lock_events(&self, customer_id: CustomerId) -> Result<Vec<verification::VerificationLockEvent>> {
        docs_of(
            &self.lock(),
            "SELECT doc FROM verification_lock_events WHERE customer_id = ?1 ORDER BY seq",
            &[&customer_id.to_string()],
        )
    }

    fn attach_order(&self, order: &OrderRef) -> Result<()> {
        let OrderOwner::Customer(id) = order.owner else {
            return Err(Error::store("attach_order takes an order owned by a customer"));
        };
        self.write(|conn| {
            records::require_customer(conn, id)?;
            records::add_order(conn, order, None)
        })
    }

    fn intake(&self, order: &OrderRef, key: &MatchKey, new_pending: &PendingBuyer) -> Result<IntakeOutcome> {
        self.write(|conn| {
            let mapped: Option<String> = conn
                .prepare_cached(
                    "SELECT m.customer_id FROM mappings m JOIN customers c ON c.id = m.customer_id
                     WHERE m.key_name = ?1 AND m.key_email = ?2 AND c.active",
                )
                .map_err(db)?
                .query_row([&key.name, &key.email], |r| r.get(0))
                .optional()
                .map_err(db)?;
            if let Some(customer_id) = mapped {
                let customer_id: CustomerId = customer_id.parse()?;
                records::add_order(
                    conn,
                    &OrderRef { owner: OrderOwner::Customer(customer_id), ..order.clone() },
                    None,
                )?;
                return Ok(IntakeOutcome::AutoLinked { order_id: order.id, customer_id });
            }
            let held = OrderRef { owner: OrderOwner::Placeholder, ..order.clone() };
            if let Some(mut open) = records::open_for_key(conn, key)? {
                open.updated_at = order.placed_at.max(open.updated_at);
                records::write_pending(conn, &open)?;
                records::add_order(conn, &held, Some(open.id))?;
                return Ok(IntakeOutcome::Pending { order_id: order.id, pending_id: open.id, new_record: false });
            }
            let record = PendingBuyer { orders: vec![order.id], state: PendingState::Open, ..new_pending.clone() };
            records::insert_pending(conn, &record)?;
            records::add_order(conn, &held, Some(record.id))?;
            Ok(IntakeOutcome::Pending { order_id: order.id, pending_id: record.id, new_record: true })
        })
    }

    fn review(&self, action: &ReviewAction, at: DateTime<Utc>, actor: Option<&str>) -> Result<AuditEntry> {
        self.write(|conn| {
            let entry = review(conn, action, at, actor.map(str::to_owned))?;
            conn.prepare_cached("INSERT INTO audit (doc) VALUES (?1)")
                .map_err(db)?
                .execute([to_doc(&entry)?])
                .map_err(db)?;
            Ok(entry)
        })
    }

    fn pending(&self, id: PendingId) -> Result<Option<PendingBuyer>> {
        self.read(|conn| records::pending(conn, id))
    }

    fn pending_buyers(&self, open_only: bool) -> Result<Vec<PendingBuyer>> {
        self.read(|conn| records::pending_buyers(conn, open_only))
    }

    fn mappings(&self) -> Result<Vec<Mapping>> {
        let mut all: Vec<Mapping> = docs_of(&self.lock(), "SELECT doc FROM mappings", &[])?;
        all.sort_by(|a, b| a.created_at.cmp(&b.created_at).then_with(|| a.key.cmp(&b.key)));
        Ok(all)
    }

    fn audit_trail(&self) -> Result<Vec<AuditEntry>> {
        docs_of(&self.lock(), "SELECT doc FROM audit ORDER BY seq", &[])
    }

    fn order(&self, id: OrderId) -> Result<Option<OrderRef>> {
        records::order(&self.lock(), id)
    }

    fn orders_of(&self, owner: OrderOwner) -> Result<Vec<OrderRef>> {
        let mut orders = records::orders_of(&self.lock(), owner)?;
        orders.sort_by_key(|o| (o.placed_at, o.id));
        Ok(orders)
    }

    fn set_order_status(&self, id: OrderId, status: OrderStatus) -> Result<OrderRef> {
        self.write(|conn| {
            let mut order = records::order(conn, id)?.ok_or_else(|| Error::OrderNotFound { id: id.to_string() })?;
            if order.owner == OrderOwner::Placeholder && status == OrderStatus::Invoiced {
                return Err(Error::CustomerMappingRequired { number: order.number.clone() });
            }
            let drafts_change = (order.status == OrderStatus::Draft) != (status == OrderStatus::Draft);
            order.status = status;
            records::write_order(conn, &order)?;
            if let (true, OrderOwner::Customer(customer_id)) = (drafts_change, order.owner) {
                records::refresh_stats(conn, customer_id)?;
            }
            Ok(order)
        })
    }

    fn price_book(&self) -> Result<Arc<PriceBook>> {
        let conn = self.lock();
        let rev = revision(&conn, "SELECT version FROM price_book WHERE id = 1")?;
        let book = cached(&self.book, rev, || {
            let book: PriceBook = doc_of(&conn, "SELECT doc FROM price_book WHERE id = 1", &[])?
                .ok_or_else(|| Error::store("the price book row vanished while it was read"))?;
            Ok(Arc::new(book.reindexed()))
        })?;
        Ok(book.unwrap_or_default())
    }

    fn save_price_book(&self, book: &PriceBook, expected_version: u64) -> Result<()> {
        self.write(|conn| {
            let stored = revision(conn, "SELECT version FROM price_book WHERE id = 1")?.unwrap_or(0);
            if stored != i64::try_from(expected_version).map_err(|_| Error::StaleWrite)? {
                return Err(Error::StaleWrite);
            }
            let mut saved = book.clone();
            saved.version = expected_version + 1;
            conn.execute(
                "INSERT OR REPLACE INTO price_book (id, version, doc) VALUES (1, ?1, ?2)",
                params![stored + 1, to_doc(&saved)?],
            )
            .map_err(db)?;
            Ok(())
        })
    }

    fn record_deliveries(&self, deliveries: &[Delivery]) -> Result<()> {
        self.write(|conn| {
            for d in deliveries {
                let (s, ns) = time_columns(d.at);
                conn.prepare_cached("INSERT INTO deliveries (customer_id, at_s, at_ns, doc) VALUES (?1, ?2, ?3, ?4)")
                    .map_err(db)?
                    .execute(params![d.customer_id.to_string(), s, ns, to_doc(d)?])
                    .map_err(db)?;
            }
            Ok(())
        })
    }

    fn deliveries_of(&self, customer_id: CustomerId) -> Result<Vec<Delivery>> {
        docs_of(
            &self.lock(),
            "SELECT doc FROM deliveries WHERE customer_id = ?1 ORDER BY at_s, at_ns, seq",
            &[&customer_id.to_string()],
        )
    }

    /// One indexed look-up per customer, rather than every delivery of each.
    fn last_deliveries(&self, customer_ids: &[CustomerId]) -> Result<Vec<Delivery>> {
        self.read(|conn| {
            let mut seen = std::collections::HashSet::new();
            let mut last = Vec::new();
            for id in customer_ids.iter().filter(|id| seen.insert(**id)) {
                last.extend(doc_of::<Delivery>(
                    conn,
                    "SELECT doc FROM deliveries WHERE customer_id = ?1
                     ORDER BY at_s DESC, at_ns DESC, seq DESC LIMIT 1",
                    &[&id.to_string()],
                )?);
            }
            Ok(last)
        })
    }

    fn record_activity(&self, event: &ActivityEvent) -> Result<()> {
        let (s, ns) = time_columns(event.at);
        self.write(|conn| {
            conn.prepare_cached("INSERT INTO activity (at_s, at_ns, doc) VALUES (?1, ?2, ?3)")
                .map_err(db)?
                .execute(params![s, ns, to_doc(event)?])
                .map_err(db)?;
            Ok(())
        })
    }

    fn save_note(&self, note: &Note) -> Result<()> {
        let (s, ns) = time_columns(note.created_at);
        self.write(|conn| {
            records::require_customer(conn, note.customer_id)?;
            conn.prepare_cached(
                "INSERT OR REPLACE INTO notes (id, customer_id, created_s, created_ns, doc) VALUES (?1, ?2, ?3, ?4, ?5)",
            )
            .map_err(db)?
            .execute(params![note.id.to_string(), note.customer_id.to_string(), s, ns, to_doc(note)?])
            .map_err(db)?;
            Ok(())
        })
    }

    fn note(&self, id: NoteId) -> Result<Option<Note>> {
        doc_of(&self.lock(), "SELECT doc FROM notes WHERE id = ?1", &[&id.to_string()])
    }

    fn notes_of(&self, customer_id: CustomerId) -> Result<Vec<Note>> {
        docs_of(
            &self.lock(),
            "SELECT doc FROM notes WHERE customer_id = ?1 ORDER BY created_s, created_ns, id",
            &[&customer_id.to_string()],
        )
    }

    fn activity_between(&self, start: DateTime<Utc>, end: DateTime<Utc>) -> Result<Vec<ActivityEvent>> {
        let ((s0, ns0), (s1, ns1)) = (time_columns(start), time_columns(end));
        docs_of(
            &self.lock(),
            "SELECT doc FROM activity WHERE (at_s, at_ns) >= (?1, ?2) AND (at_s, at_ns) < (?3, ?4)
             ORDER BY at_s, at_ns, seq",
            &[&s0, &ns0, &s1, &ns1],
        )
    }
}

/// A time as the (seconds, nanoseconds) columns that order and compare it exactly.
fn time_columns(at: DateTime<Utc>) -> (i64, i64) {
    (at.timestamp(), i64::from(at.timestamp_subsec_nanos()))
}

/// P4/P5: applies a review action inside the caller's transaction and says what it did.
fn review(conn: &Connection, action: &ReviewAction, at: DateTime<Utc>, actor: Option<String>) -> Result<AuditEntry> {
    let (key, from, moved) = match action {
        ReviewAction::Map { pending_id, customer_id } => {
            let record = records::open_pending(conn, *pending_id)?;
            records::require_customer(conn, *customer_id)?;
            records::map_record(conn, record, *customer_id, at)?
        }
        ReviewAction::CreateAndMap { pending_id, customer, uniqueness } => {
            let record = records::open_pending(conn, *pending_id)?;
            records::insert_customer(conn, customer, uniqueness)?;
            records::map_record(conn, record, customer.id, at)?
        }
        ReviewAction::Ignore { pending_id } => {
            let mut record = records::open_pending(conn, *pending_id)?;
            record.state = PendingState::Ignored;
            record.updated_at = at;
            records::write_pending(conn, &record)?;
            (record.key, None, Vec::new())
        }
        ReviewAction::Remap { key, customer_id } => {
            let from = records::mapping(conn, key)?.map(|m| m.customer_id).ok_or(Error::MappingNotFound)?;
            records::require_customer(conn, *customer_id)?;
            check_remap(from, *customer_id)?;
            let moving = records::key_orders_of(conn, key, from)?;
            records::move_orders(conn, &moving, OrderOwner::Customer(*customer_id))?;
            records::set_mapping(conn, key, *customer_id, at)?;
            for mut p in records::closed_for_key(conn, key)? {
                if p.state == PendingState::Mapped(from) {
                    p.state = PendingState::Mapped(*customer_id);
                    p.updated_at = at;
                    records::write_pending(conn, &p)?;
                }
            }
            (key.clone(), Some(from), moving)
        }
    };
    Ok(action.audit_entry(at, actor, key, from, moved))
}
