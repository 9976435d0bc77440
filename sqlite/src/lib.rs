//! # orderlink-sqlite
//!
//! An embedded file store for [`orderlink`]: workspaces in one SQLite file, kept across
//! restarts. A file holds any number of workspaces (W1) with one link-code space (W2):
//! [`SqliteStore`] is the file (an `orderlink::PlatformStore`), [`SqliteWorkspace`] the handle
//! one workspace works through (an `orderlink::Store`). It passes the core's store conformance
//! suite unchanged.
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
//! - **Workspaces.** Every table has the workspace leading its keys; the `link_codes` table,
//!   shared by all, holds every code ever issued (W2, L1). Lists are served by SQL over folded
//!   columns and a per-workspace FTS5 trigram index (W4).
//! - **Schema.** Migrations live in this crate ([`schema`]) and run when a file is opened; a
//!   file a newer orderlink wrote, or another application's database, is refused.
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(not(test), warn(clippy::unwrap_used, clippy::expect_used))]

mod carts;
mod imports;
mod listing;
mod records;
pub mod schema;

use chrono::{DateTime, Utc};
use orderlink::carts::{Cart, CartHead, CartSubmission};
use orderlink::pending::{check_remap, ReviewAction};
use orderlink::store::{FoundCheckout, StoreLink};
use orderlink::{messages::Delivery, pricing::PriceBook, verification, ActivityEvent, Note, NoteId};
use orderlink::{
    AuditEntry, ChallengeId, Customer, CustomerId, CustomerWrite, Error, IntakeOutcome, LinkCode, LinkRotation,
    Mapping, MatchKey, OrderId, OrderOwner, OrderRef, OrderStatus, PendingBuyer, PendingId, PendingState, Result,
    Store, Uniqueness, WorkspaceSettings,
};
use orderlink::{CartId, CustomerQuery, FoundLink, Page, PlatformStore, WorkspaceId};
use records::{doc_of, docs_of, from_doc, time_columns, to_doc};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, TransactionBehavior};
use std::collections::HashMap;
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

/// A value read often and written rarely (a workspace's settings, its price book), kept with
/// the revision it was read at, so a read costs one `SELECT` of that revision while it is
/// current.
struct Cached<T> {
    rev: i64,
    value: T,
}

/// What the store and every workspace handle of it share: the connection and the caches (by
/// workspace).
struct Shared {
    conn: Mutex<Connection>,
    path: PathBuf,
    settings: Mutex<HashMap<i64, Cached<WorkspaceSettings>>>,
    books: Mutex<HashMap<i64, Cached<Arc<PriceBook>>>>,
}

/// An orderlink SQLite file: any number of workspaces (W1) with one link-code space (W2). Share
/// it as `Arc<dyn orderlink::PlatformStore>`; each workspace is worked through a
/// [`SqliteWorkspace`] handle on it.
pub struct SqliteStore {
    shared: Arc<Shared>,
}

/// One workspace of a [`SqliteStore`]: the [`Store`] its workspace works through. Every call
/// reads and writes this workspace's rows only.
pub struct SqliteWorkspace {
    shared: Arc<Shared>,
    /// The workspace's row (`workspaces.seq`), leading every key of its records.
    ws: i64,
    id: WorkspaceId,
}

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteStore").field("path", &self.shared.path).finish_non_exhaustive()
    }
}

impl std::fmt::Debug for SqliteWorkspace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteWorkspace").field("path", &self.shared.path).field("id", &self.id).finish_non_exhaustive()
    }
}

impl SqliteStore {
    /// Opens the file at `path`, creating it (empty) if it does not exist, and brings its
    /// schema up to date (a file written before W1 keeps its one workspace, given an id). A new
    /// file holds no workspace: create one with `Workspace::create` (or many, with
    /// `Platform::create_workspace`), or open the one an existing file holds with
    /// `Workspace::open`.
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
            shared: Arc::new(Shared {
                conn: Mutex::new(conn),
                path: path.to_path_buf(),
                settings: Mutex::new(HashMap::new()),
                books: Mutex::new(HashMap::new()),
            }),
        })
    }

    /// The file this store keeps its workspaces in.
    pub fn path(&self) -> &Path {
        &self.shared.path
    }

    /// W1: the handle on workspace `id`, `None` when the file holds no such workspace.
    pub fn workspace_handle(&self, id: WorkspaceId) -> Result<Option<SqliteWorkspace>> {
        let ws: Option<i64> = self.shared.read(|conn| {
            conn.prepare_cached("SELECT seq FROM workspaces WHERE id = ?1")
                .map_err(db)?
                .query_row([id.to_string()], |r| r.get(0))
                .optional()
                .map_err(db)
        })?;
        Ok(ws.map(|ws| self.handle(ws, id)))
    }

    fn handle(&self, ws: i64, id: WorkspaceId) -> SqliteWorkspace {
        SqliteWorkspace { shared: self.shared.clone(), ws, id }
    }
}

impl SqliteWorkspace {
    /// The workspace's id.
    pub fn id(&self) -> WorkspaceId {
        self.id
    }

    /// The file the workspace is kept in.
    pub fn path(&self) -> &Path {
        &self.shared.path
    }
}

impl Shared {
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

/// A workspace's settings from its row, under the id the file keeps it by.
fn settings_of(id: &str, doc: &str) -> Result<WorkspaceSettings> {
    let settings: WorkspaceSettings = from_doc(doc)?;
    Ok(WorkspaceSettings { id: id.parse()?, ..settings })
}

impl PlatformStore for SqliteStore {
    fn create_workspace(&self, settings: &WorkspaceSettings) -> Result<Arc<dyn Store>> {
        let ws = self.shared.write(|conn| {
            let taken: Option<i64> = conn
                .prepare_cached("SELECT 1 FROM workspaces WHERE id = ?1")
                .map_err(db)?
                .query_row([settings.id.to_string()], |r| r.get(0))
                .optional()
                .map_err(db)?;
            if taken.is_some() {
                return Err(Error::WorkspaceExists);
            }
            if records::link_known(conn, &settings.link_code)? {
                return Err(Error::LinkCodeTaken);
            }
            let ws: i64 = conn
                .prepare_cached("INSERT INTO workspaces (id, rev, doc) VALUES (?1, 1, ?2) RETURNING seq")
                .map_err(db)?
                .query_row(params![settings.id.to_string(), to_doc(settings)?], |r| r.get(0))
                .map_err(db)?;
            records::issue_link(conn, ws, &settings.link_code, None)?;
            schema::create_search(conn, ws)?;
            Ok(ws)
        })?;
        Ok(Arc::new(self.handle(ws, settings.id)))
    }

    fn workspace(&self, id: WorkspaceId) -> Result<Option<Arc<dyn Store>>> {
        Ok(self.workspace_handle(id)?.map(|h| Arc::new(h) as Arc<dyn Store>))
    }

    fn workspaces(&self) -> Result<Vec<WorkspaceSettings>> {
        self.shared.read(|conn| {
            let mut stmt = conn.prepare_cached("SELECT id, doc FROM workspaces ORDER BY seq").map_err(db)?;
            let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))).map_err(db)?;
            let mut out = Vec::new();
            for row in rows {
                let (id, doc) = row.map_err(db)?;
                out.push(settings_of(&id, &doc)?);
            }
            Ok(out)
        })
    }

    fn workspace_count(&self) -> Result<usize> {
        let n: i64 = self.shared.lock().query_row("SELECT count(*) FROM workspaces", [], |r| r.get(0)).map_err(db)?;
        Ok(usize::try_from(n).unwrap_or_default())
    }

    /// One query: the code's row in the file-wide code table, its workspace and its customer.
    fn find_link(&self, code: &LinkCode) -> Result<Option<FoundLink>> {
        type Row = (i64, String, String, Option<String>, Option<String>);
        let row: Option<Row> = self.shared.read(|conn| {
            conn.prepare_cached(
                "SELECT w.seq, w.id, w.doc, l.customer_id, c.doc FROM link_codes l
                 JOIN workspaces w ON w.seq = l.ws
                 LEFT JOIN customers c ON c.ws = l.ws AND c.id = l.customer_id AND c.link_code = l.code
                 WHERE l.code = ?1 AND l.current = 1",
            )
            .map_err(db)?
            .query_row([code.as_str()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
            .optional()
            .map_err(db)
        })?;
        let Some((ws, id, settings, customer_id, customer)) = row else { return Ok(None) };
        let settings = settings_of(&id, &settings)?;
        let customer: Option<Customer> = customer.map(|d| from_doc(&d)).transpose()?;
        if customer.is_none() && (customer_id.is_some() || settings.link_code != *code) {
            return Ok(None);
        }
        Ok(Some(FoundLink { store: Arc::new(self.handle(ws, settings.id)), settings, customer }))
    }

    /// CT3, W2: one query for any link: the code's row in the file-wide code table, its
    /// workspace, the customer holding it as an order link, or the cart it is the current
    /// checkout code of with that cart's customer.
    fn find_any_link(&self, code: &LinkCode) -> Result<Option<StoreLink>> {
        type Row = (i64, String, String, Option<String>, Option<String>, Option<String>, Option<String>);
        let row: Option<Row> = self.shared.read(|conn| {
            conn.prepare_cached(
                "SELECT w.seq, w.id, w.doc, l.customer_id, c.doc, ct.doc, cc.doc FROM link_codes l
                 JOIN workspaces w ON w.seq = l.ws
                 LEFT JOIN customers c ON c.ws = l.ws AND c.id = l.customer_id AND c.link_code = l.code
                 LEFT JOIN checkout_links k ON c.doc IS NULL AND k.code = l.code
                 LEFT JOIN carts ct ON ct.ws = k.ws AND ct.id = k.cart_id AND ct.checkout_code = k.code
                 LEFT JOIN customers cc ON cc.ws = ct.ws AND cc.id = ct.customer_id
                 WHERE l.code = ?1 AND l.current = 1",
            )
            .map_err(db)?
            .query_row([code.as_str()], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?))
            })
            .optional()
            .map_err(db)
        })?;
        let Some((ws, id, settings, customer_id, customer, cart, cart_customer)) = row else { return Ok(None) };
        let settings = settings_of(&id, &settings)?;
        let store: Arc<dyn Store> = Arc::new(self.handle(ws, settings.id));
        if let Some(customer) = customer {
            let customer = Some(from_doc(&customer)?);
            return Ok(Some(StoreLink::Order(FoundLink { store, settings, customer })));
        }
        if customer_id.is_none() && settings.link_code == *code {
            return Ok(Some(StoreLink::Order(FoundLink { store, settings, customer: None })));
        }
        let (Some(cart), Some(customer)) = (cart, cart_customer) else { return Ok(None) };
        let (cart, customer) = (carts::head_of(&cart)?, from_doc(&customer)?);
        Ok(Some(StoreLink::Checkout(Box::new(FoundCheckout { store, settings, cart, customer }))))
    }
}

/// A3: a customer link's lockout state (the default when none is kept).
fn lock_of(conn: &Connection, ws: i64, customer_id: CustomerId) -> Result<verification::VerificationLock> {
    Ok(doc_of(
        conn,
        "SELECT doc FROM verification_locks WHERE ws = ?1 AND customer_id = ?2",
        &[&ws, &customer_id.to_string()],
    )?
    .unwrap_or_default())
}

/// A3: keeps a link's lockout state and appends its event, in the caller's transaction.
fn save_lock(
    conn: &Connection,
    ws: i64,
    customer_id: CustomerId,
    state: &verification::VerificationLock,
    event: Option<&verification::VerificationLockEvent>,
) -> Result<()> {
    let id = customer_id.to_string();
    conn.prepare_cached("INSERT OR REPLACE INTO verification_locks (ws, customer_id, doc) VALUES (?1, ?2, ?3)")
        .map_err(db)?
        .execute(params![ws, id, to_doc(state)?])
        .map_err(db)?;
    if let Some(event) = event {
        conn.prepare_cached("INSERT INTO verification_lock_events (ws, customer_id, doc) VALUES (?1, ?2, ?3)")
            .map_err(db)?
            .execute(params![ws, id, to_doc(event)?])
            .map_err(db)?;
    }
    Ok(())
}

/// The cached value of workspace `ws` when `rev` is still the stored revision; else `load`'s
/// answer, cached.
fn cached<T: Clone>(
    cache: &Mutex<HashMap<i64, Cached<T>>>,
    ws: i64,
    rev: Option<i64>,
    load: impl FnOnce() -> Result<T>,
) -> Result<Option<T>> {
    let Some(rev) = rev else { return Ok(None) };
    let mut cache = cache.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(c) = cache.get(&ws).filter(|c| c.rev == rev) {
        return Ok(Some(c.value.clone()));
    }
    let value = load()?;
    cache.insert(ws, Cached { rev, value: value.clone() });
    Ok(Some(value))
}

fn revision(conn: &Connection, sql: &str, ws: i64) -> Result<Option<i64>> {
    conn.prepare_cached(sql).map_err(db)?.query_row([ws], |r| r.get(0)).optional().map_err(db)
}

impl Store for SqliteWorkspace {
    fn settings(&self) -> Result<Option<WorkspaceSettings>> {
        let conn = self.shared.lock();
        let rev = revision(&conn, "SELECT rev FROM workspaces WHERE seq = ?1", self.ws)?;
        cached(&self.shared.settings, self.ws, rev, || {
            let doc: String = conn
                .prepare_cached("SELECT doc FROM workspaces WHERE seq = ?1")
                .map_err(db)?
                .query_row([self.ws], |r| r.get(0))
                .map_err(db)?;
            Ok(WorkspaceSettings { id: self.id, ..from_doc(&doc)? })
        })
    }

    fn save_settings(&self, settings: &WorkspaceSettings) -> Result<()> {
        self.shared.write(|conn| {
            let old: Option<String> = conn
                .prepare_cached("SELECT doc FROM workspaces WHERE seq = ?1")
                .map_err(db)?
                .query_row([self.ws], |r| r.get(0))
                .optional()
                .map_err(db)?;
            let old: WorkspaceSettings = from_doc(&old.ok_or_else(|| Error::store("the workspace was removed"))?)?;
            if old.link_code != settings.link_code {
                // W2: the new code must be free in every workspace; the old one is retired.
                if records::link_known(conn, &settings.link_code)? {
                    return Err(Error::LinkCodeTaken);
                }
                records::issue_link(conn, self.ws, &settings.link_code, None)?;
                records::retire_link(conn, old.link_code.as_str())?;
            }
            let doc = to_doc(&WorkspaceSettings { id: self.id, ..settings.clone() })?;
            conn.prepare_cached("UPDATE workspaces SET rev = rev + 1, doc = ?2 WHERE seq = ?1")
                .map_err(db)?
                .execute(params![self.ws, doc])
                .map_err(db)?;
            Ok(())
        })
    }

    fn insert_customer(&self, customer: &Customer, u: &Uniqueness) -> Result<()> {
        self.shared.write(|conn| records::insert_customer(conn, self.ws, customer, u))
    }

    fn replace_customer(&self, customer: &Customer, expected_version: u64, u: &Uniqueness) -> Result<()> {
        self.shared.write(|conn| records::replace_customer(conn, self.ws, customer, expected_version, u))
    }

    fn delete_customer(&self, id: CustomerId) -> Result<()> {
        self.shared.write(|conn| {
            let current = records::require_customer(conn, self.ws, id)?;
            if current.stats.orders > 0 {
                return Err(Error::CustomerHasOrders { orders: current.stats.orders });
            }
            // The link code stays in link_codes: retired, never issued again (L1).
            records::delete_customer(conn, self.ws, id)?;
            carts::delete_carts_of(conn, self.ws, id)?;
            conn.execute("DELETE FROM notes WHERE ws = ?1 AND customer_id = ?2", params![self.ws, id.to_string()])
                .map_err(db)?;
            Ok(())
        })
    }

    fn customer(&self, id: CustomerId) -> Result<Option<Customer>> {
        records::customer(&self.shared.lock(), self.ws, id)
    }

    fn customer_by_link_code(&self, code: &LinkCode) -> Result<Option<Customer>> {
        doc_of(
            &self.shared.lock(),
            "SELECT doc FROM customers WHERE ws = ?1 AND link_code = ?2",
            &[&self.ws, &code.as_str()],
        )
    }

    /// CT3, L4: one query for any link of the workspace: the settings' revision (the settings
    /// themselves from the cache while it is current), the customer holding the code, or the
    /// cart it is the current checkout code of, with that cart's customer.
    fn link_or_checkout(&self, code: &LinkCode) -> Result<orderlink::store::WorkspaceLinkTarget> {
        type Row = (i64, Option<String>, Option<String>, Option<String>);
        let conn = self.shared.lock();
        let row: Option<Row> = conn
            .prepare_cached(
                "SELECT w.rev, c.doc, ct.doc, cc.doc FROM workspaces w
                 LEFT JOIN customers c ON c.ws = w.seq AND c.link_code = ?1
                 LEFT JOIN checkout_links k ON c.doc IS NULL AND k.code = ?1 AND k.ws = w.seq
                 LEFT JOIN carts ct ON ct.ws = k.ws AND ct.id = k.cart_id AND ct.checkout_code = k.code
                 LEFT JOIN customers cc ON cc.ws = ct.ws AND cc.id = ct.customer_id
                 WHERE w.seq = ?2",
            )
            .map_err(db)?
            .query_row(params![code.as_str(), self.ws], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .optional()
            .map_err(db)?;
        let Some((rev, customer, cart, cart_customer)) = row else { return Ok((None, None, None)) };
        let settings = cached(&self.shared.settings, self.ws, Some(rev), || {
            let doc: String = conn
                .prepare_cached("SELECT doc FROM workspaces WHERE seq = ?1")
                .map_err(db)?
                .query_row([self.ws], |r| r.get(0))
                .map_err(db)?;
            Ok(WorkspaceSettings { id: self.id, ..from_doc(&doc)? })
        })?;
        if settings.as_ref().is_some_and(|s| s.link_code == *code) {
            return Ok((settings, None, None));
        }
        let customer: Option<Customer> = customer.map(|d| from_doc(&d)).transpose()?;
        let checkout = match (cart, cart_customer) {
            (Some(cart), Some(c)) => Some((carts::head_of(&cart)?, from_doc(&c)?)),
            _ => None,
        };
        Ok((settings, customer, checkout))
    }

    fn customers_by_external_id(&self, external_ids: &[String]) -> Result<Vec<Customer>> {
        self.shared.read(|conn| {
            let mut found = Vec::new();
            for ext in external_ids {
                found.extend(doc_of::<Customer>(
                    conn,
                    "SELECT doc FROM customers WHERE ws = ?1 AND external_id = ?2",
                    &[&self.ws, ext],
                )?);
            }
            Ok(found)
        })
    }

    fn all_customers(&self) -> Result<Vec<Customer>> {
        docs_of(&self.shared.lock(), "SELECT doc FROM customers WHERE ws = ?1 ORDER BY seq", &[&self.ws])
    }

    /// W4: served by SQL over the folded list columns and the workspace's search index; only
    /// the page's records are read.
    fn list_customers(&self, query: &CustomerQuery) -> Result<Page<Customer>> {
        self.shared.read(|conn| listing::list(conn, self.ws, query))
    }

    fn write_customers(&self, writes: &[CustomerWrite], u: &Uniqueness) -> Result<()> {
        self.shared.write(|conn| {
            for w in writes {
                match w {
                    CustomerWrite::Insert(c) => records::insert_customer(conn, self.ws, c, u)?,
                    CustomerWrite::Update { customer, expected_version } => {
                        records::replace_customer(conn, self.ws, customer, *expected_version, u)?
                    }
                }
            }
            Ok(())
        })
    }

    // --- I7, I9: saved import mappings and import batches (migration 6) ---
    /// The customers and the batch record in one `BEGIN IMMEDIATE` transaction.
    fn write_import(&self, writes: &[CustomerWrite], u: &Uniqueness, batch: &orderlink::ImportBatch) -> Result<()> {
        self.shared.write(|conn| imports::write_import(conn, self.ws, writes, u, batch))
    }

    fn import_batch(&self, id: orderlink::ImportBatchId) -> Result<Option<orderlink::ImportBatch>> {
        self.shared.read(|conn| imports::import_batch(conn, self.ws, id))
    }

    /// One `BEGIN IMMEDIATE` transaction: the batch is read under the write lock, so of two
    /// undos the second sees the first's report and is refused.
    fn undo_import(
        &self,
        id: orderlink::ImportBatchId,
        at: DateTime<Utc>,
        u: &Uniqueness,
    ) -> Result<orderlink::import::UndoReport> {
        self.shared.write(|conn| imports::undo_import(conn, self.ws, id, at, u))
    }

    fn save_import_mapping(&self, mapping: &orderlink::import::SavedMapping) -> Result<()> {
        self.shared.write(|conn| imports::save_mapping(conn, self.ws, mapping))
    }

    fn import_mappings(&self) -> Result<Vec<orderlink::import::SavedMapping>> {
        self.shared.read(|conn| imports::mappings(conn, self.ws))
    }

    fn delete_import_mapping(&self, name: &str) -> Result<bool> {
        self.shared.write(|conn| imports::delete_mapping(conn, self.ws, name))
    }
    // --- end I7, I9 ---

    fn rotate_link(
        &self,
        customer: &Customer,
        expected_version: u64,
        rotation: &LinkRotation,
        u: &Uniqueness,
    ) -> Result<()> {
        self.shared.write(|conn| {
            records::rotate_link(conn, self.ws, customer, expected_version, u)?;
            conn.prepare_cached("INSERT INTO link_rotations (ws, customer_id, doc) VALUES (?1, ?2, ?3)")
                .map_err(db)?
                .execute(params![self.ws, rotation.customer_id.to_string(), to_doc(rotation)?])
                .map_err(db)?;
            Ok(())
        })
    }

    fn link_rotations(&self, id: CustomerId) -> Result<Vec<LinkRotation>> {
        docs_of(
            &self.shared.lock(),
            "SELECT doc FROM link_rotations WHERE ws = ?1 AND customer_id = ?2 ORDER BY seq",
            &[&self.ws, &id.to_string()],
        )
    }

    fn insert_challenge(&self, challenge: &verification::Challenge, limit: &verification::RateLimit) -> Result<()> {
        self.shared.write(|conn| {
            let customer = challenge.customer_id.to_string();
            let since = challenge.created_at - limit.window;
            let mut log: Vec<DateTime<Utc>> = docs_of(
                conn,
                "SELECT at FROM challenge_log WHERE ws = ?1 AND customer_id = ?2",
                &[&self.ws, &customer],
            )?;
            log.retain(|t| *t > since);
            if log.len() >= limit.max as usize {
                let oldest = log.iter().min().copied().unwrap_or(challenge.created_at);
                let retry = (oldest + limit.window - challenge.created_at).num_seconds().max(1);
                return Err(Error::RateLimited { retry_after_secs: retry as u64 });
            }
            log.push(challenge.created_at);
            conn.execute("DELETE FROM challenge_log WHERE ws = ?1 AND customer_id = ?2", params![self.ws, customer])
                .map_err(db)?;
            for at in &log {
                conn.prepare_cached("INSERT INTO challenge_log (ws, customer_id, at) VALUES (?1, ?2, ?3)")
                    .map_err(db)?
                    .execute(params![self.ws, customer, to_doc(at)?])
                    .map_err(db)?;
            }
            conn.execute("DELETE FROM challenges WHERE ws = ?1 AND customer_id = ?2", params![self.ws, customer])
                .map_err(db)?;
            conn.execute(
                "INSERT INTO challenges (ws, id, customer_id, doc) VALUES (?1, ?2, ?3, ?4)",
                params![self.ws, challenge.id.to_string(), customer, to_doc(challenge)?],
            )
            .map_err(db)?;
            Ok(())
        })
    }

    fn take_challenge(&self, id: ChallengeId) -> Result<Option<verification::Challenge>> {
        self.shared.write(|conn| {
            let doc: Option<String> = conn
                .query_row(
                    "DELETE FROM challenges WHERE ws = ?1 AND id = ?2 RETURNING doc",
                    params![self.ws, id.to_string()],
                    |r| r.get(0),
                )
                .optional()
                .map_err(db)?;
            doc.map(|d| from_doc(&d)).transpose()
        })
    }

    fn insert_session(&self, session: &verification::SessionRecord) -> Result<()> {
        self.shared.write(|conn| {
            conn.execute(
                "INSERT OR REPLACE INTO sessions (ws, token_hash, doc) VALUES (?1, ?2, ?3)",
                params![self.ws, &session.token_hash[..], to_doc(session)?],
            )
            .map_err(db)?;
            Ok(())
        })
    }

    fn session(&self, token_hash: &[u8; 32]) -> Result<Option<verification::SessionRecord>> {
        doc_of(
            &self.shared.lock(),
            "SELECT doc FROM sessions WHERE ws = ?1 AND token_hash = ?2",
            &[&self.ws, &&token_hash[..]],
        )
    }

    fn verification_lock(&self, customer_id: CustomerId) -> Result<verification::VerificationLock> {
        lock_of(&self.shared.lock(), self.ws, customer_id)
    }

    fn record_verification_failure(
        &self,
        customer_id: CustomerId,
        at: DateTime<Utc>,
        rule: &verification::Lockout,
    ) -> Result<verification::VerificationLock> {
        self.shared.write(|conn| {
            let (next, event) = lock_of(conn, self.ws, customer_id)?.after_failure(customer_id, at, rule);
            save_lock(conn, self.ws, customer_id, &next, event.as_ref())?;
            Ok(next)
        })
    }

    fn record_verification_pass(
        &self,
        customer_id: CustomerId,
        at: DateTime<Utc>,
    ) -> Result<(verification::VerificationLock, bool)> {
        self.shared.write(|conn| {
            let (next, counted) = lock_of(conn, self.ws, customer_id)?.after_pass(at);
            save_lock(conn, self.ws, customer_id, &next, None)?;
            Ok((next, counted))
        })
    }

    fn lift_verification_lock(
        &self,
        customer_id: CustomerId,
        at: DateTime<Utc>,
        by: Option<&str>,
    ) -> Result<Option<verification::VerificationLockEvent>> {
        self.shared.write(|conn| {
            let (next, event) = lock_of(conn, self.ws, customer_id)?.after_lift(customer_id, at, by);
            save_lock(conn, self.ws, customer_id, &next, event.as_ref())?;
            Ok(event)
        })
    }

    fn verification_lock_events(&self, customer_id: CustomerId) -> Result<Vec<verification::VerificationLockEvent>> {
        docs_of(
            &self.shared.lock(),
            "SELECT doc FROM verification_lock_events WHERE ws = ?1 AND customer_id = ?2 ORDER BY seq",
            &[&self.ws, &customer_id.to_string()],
        )
    }

    fn attach_order(&self, order: &OrderRef) -> Result<()> {
        let OrderOwner::Customer(id) = order.owner else {
            return Err(Error::store("attach_order takes an order owned by a customer"));
        };
        self.shared.write(|conn| {
            records::require_customer(conn, self.ws, id)?;
            records::add_order(conn, self.ws, order, None)
        })
    }

    fn intake(&self, order: &OrderRef, key: &MatchKey, new_pending: &PendingBuyer) -> Result<IntakeOutcome> {
        self.shared.write(|conn| {
            let mapped: Option<String> = conn
                .prepare_cached(
                    "SELECT m.customer_id FROM mappings m JOIN customers c ON c.ws = m.ws AND c.id = m.customer_id
                     WHERE m.ws = ?1 AND m.key_name = ?2 AND m.key_email = ?3 AND c.active",
                )
                .map_err(db)?
                .query_row(params![self.ws, key.name, key.email], |r| r.get(0))
                .optional()
                .map_err(db)?;
            if let Some(customer_id) = mapped {
                let customer_id: CustomerId = customer_id.parse()?;
                records::add_order(
                    conn,
                    self.ws,
                    &OrderRef { owner: OrderOwner::Customer(customer_id), ..order.clone() },
                    None,
                )?;
                return Ok(IntakeOutcome::AutoLinked { order_id: order.id, customer_id });
            }
            let held = OrderRef { owner: OrderOwner::Placeholder, ..order.clone() };
            if let Some(mut open) = records::open_for_key(conn, self.ws, key)? {
                open.updated_at = order.placed_at.max(open.updated_at);
                records::write_pending(conn, self.ws, &open)?;
                records::add_order(conn, self.ws, &held, Some(open.id))?;
                return Ok(IntakeOutcome::Pending { order_id: order.id, pending_id: open.id, new_record: false });
            }
            let record = PendingBuyer { orders: vec![order.id], state: PendingState::Open, ..new_pending.clone() };
            records::insert_pending(conn, self.ws, &record)?;
            records::add_order(conn, self.ws, &held, Some(record.id))?;
            Ok(IntakeOutcome::Pending { order_id: order.id, pending_id: record.id, new_record: true })
        })
    }

    fn review(&self, action: &ReviewAction, at: DateTime<Utc>, actor: Option<&str>) -> Result<AuditEntry> {
        self.shared.write(|conn| {
            let entry = review(conn, self.ws, action, at, actor.map(str::to_owned))?;
            conn.prepare_cached("INSERT INTO audit (ws, doc) VALUES (?1, ?2)")
                .map_err(db)?
                .execute(params![self.ws, to_doc(&entry)?])
                .map_err(db)?;
            Ok(entry)
        })
    }

    fn pending(&self, id: PendingId) -> Result<Option<PendingBuyer>> {
        self.shared.read(|conn| records::pending(conn, self.ws, id))
    }

    fn pending_buyers(&self, open_only: bool) -> Result<Vec<PendingBuyer>> {
        self.shared.read(|conn| records::pending_buyers(conn, self.ws, open_only))
    }

    fn mappings(&self) -> Result<Vec<Mapping>> {
        let mut all: Vec<Mapping> =
            docs_of(&self.shared.lock(), "SELECT doc FROM mappings WHERE ws = ?1", &[&self.ws])?;
        all.sort_by(|a, b| a.created_at.cmp(&b.created_at).then_with(|| a.key.cmp(&b.key)));
        Ok(all)
    }

    fn audit_trail(&self) -> Result<Vec<AuditEntry>> {
        docs_of(&self.shared.lock(), "SELECT doc FROM audit WHERE ws = ?1 ORDER BY seq", &[&self.ws])
    }

    fn order(&self, id: OrderId) -> Result<Option<OrderRef>> {
        records::order(&self.shared.lock(), self.ws, id)
    }

    fn orders_of(&self, owner: OrderOwner) -> Result<Vec<OrderRef>> {
        let mut orders = records::orders_of(&self.shared.lock(), self.ws, owner)?;
        orders.sort_by_key(|o| (o.placed_at, o.id));
        Ok(orders)
    }

    fn set_order_status(&self, id: OrderId, status: OrderStatus) -> Result<OrderRef> {
        self.shared.write(|conn| {
            let mut order =
                records::order(conn, self.ws, id)?.ok_or_else(|| Error::OrderNotFound { id: id.to_string() })?;
            if order.owner == OrderOwner::Placeholder && status == OrderStatus::Invoiced {
                return Err(Error::CustomerMappingRequired { number: order.number.clone() });
            }
            let drafts_change = (order.status == OrderStatus::Draft) != (status == OrderStatus::Draft);
            order.status = status;
            records::write_order(conn, self.ws, &order)?;
            if let (true, OrderOwner::Customer(customer_id)) = (drafts_change, order.owner) {
                records::refresh_stats(conn, self.ws, customer_id)?;
            }
            Ok(order)
        })
    }

    fn price_book(&self) -> Result<Arc<PriceBook>> {
        let conn = self.shared.lock();
        let rev = revision(&conn, "SELECT version FROM price_book WHERE ws = ?1", self.ws)?;
        let book = cached(&self.shared.books, self.ws, rev, || {
            let book: PriceBook = doc_of(&conn, "SELECT doc FROM price_book WHERE ws = ?1", &[&self.ws])?
                .ok_or_else(|| Error::store("the price book row vanished while it was read"))?;
            Ok(Arc::new(book.reindexed()))
        })?;
        Ok(book.unwrap_or_default())
    }

    fn save_price_book(&self, book: &PriceBook, expected_version: u64) -> Result<()> {
        self.shared.write(|conn| {
            let stored = revision(conn, "SELECT version FROM price_book WHERE ws = ?1", self.ws)?.unwrap_or(0);
            if stored != i64::try_from(expected_version).map_err(|_| Error::StaleWrite)? {
                return Err(Error::StaleWrite);
            }
            let mut saved = book.clone();
            saved.version = expected_version + 1;
            conn.execute(
                "INSERT OR REPLACE INTO price_book (ws, version, doc) VALUES (?1, ?2, ?3)",
                params![self.ws, stored + 1, to_doc(&saved)?],
            )
            .map_err(db)?;
            Ok(())
        })
    }

    fn record_deliveries(&self, deliveries: &[Delivery]) -> Result<()> {
        self.shared.write(|conn| {
            for d in deliveries {
                let (s, ns) = time_columns(d.at);
                conn.prepare_cached(
                    "INSERT INTO deliveries (ws, customer_id, at_s, at_ns, doc) VALUES (?1, ?2, ?3, ?4, ?5)",
                )
                .map_err(db)?
                .execute(params![self.ws, d.customer_id.to_string(), s, ns, to_doc(d)?])
                .map_err(db)?;
            }
            Ok(())
        })
    }

    fn deliveries_of(&self, customer_id: CustomerId) -> Result<Vec<Delivery>> {
        docs_of(
            &self.shared.lock(),
            "SELECT doc FROM deliveries WHERE ws = ?1 AND customer_id = ?2 ORDER BY at_s, at_ns, seq",
            &[&self.ws, &customer_id.to_string()],
        )
    }

    /// One indexed look-up per customer, rather than every delivery of each.
    fn last_deliveries(&self, customer_ids: &[CustomerId]) -> Result<Vec<Delivery>> {
        self.shared.read(|conn| {
            let mut seen = std::collections::HashSet::new();
            let mut last = Vec::new();
            for id in customer_ids.iter().filter(|id| seen.insert(**id)) {
                last.extend(doc_of::<Delivery>(
                    conn,
                    "SELECT doc FROM deliveries WHERE ws = ?1 AND customer_id = ?2
                     ORDER BY at_s DESC, at_ns DESC, seq DESC LIMIT 1",
                    &[&self.ws, &id.to_string()],
                )?);
            }
            Ok(last)
        })
    }

    fn record_activity(&self, event: &ActivityEvent) -> Result<()> {
        let (s, ns) = time_columns(event.at);
        self.shared.write(|conn| {
            conn.prepare_cached("INSERT INTO activity (ws, at_s, at_ns, doc) VALUES (?1, ?2, ?3, ?4)")
                .map_err(db)?
                .execute(params![self.ws, s, ns, to_doc(event)?])
                .map_err(db)?;
            Ok(())
        })
    }

    fn save_note(&self, note: &Note) -> Result<()> {
        let (s, ns) = time_columns(note.created_at);
        self.shared.write(|conn| {
            records::require_customer(conn, self.ws, note.customer_id)?;
            conn.prepare_cached(
                "INSERT OR REPLACE INTO notes (ws, id, customer_id, created_s, created_ns, doc)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )
            .map_err(db)?
            .execute(params![self.ws, note.id.to_string(), note.customer_id.to_string(), s, ns, to_doc(note)?])
            .map_err(db)?;
            Ok(())
        })
    }

    fn note(&self, id: NoteId) -> Result<Option<Note>> {
        doc_of(&self.shared.lock(), "SELECT doc FROM notes WHERE ws = ?1 AND id = ?2", &[&self.ws, &id.to_string()])
    }

    fn notes_of(&self, customer_id: CustomerId) -> Result<Vec<Note>> {
        docs_of(
            &self.shared.lock(),
            "SELECT doc FROM notes WHERE ws = ?1 AND customer_id = ?2 ORDER BY created_s, created_ns, id",
            &[&self.ws, &customer_id.to_string()],
        )
    }

    fn activity_between(&self, start: DateTime<Utc>, end: DateTime<Utc>) -> Result<Vec<ActivityEvent>> {
        let ((s0, ns0), (s1, ns1)) = (time_columns(start), time_columns(end));
        docs_of(
            &self.shared.lock(),
            "SELECT doc FROM activity WHERE ws = ?1 AND (at_s, at_ns) >= (?2, ?3) AND (at_s, at_ns) < (?4, ?5)
             ORDER BY at_s, at_ns, seq",
            &[&self.ws, &s0, &ns0, &s1, &ns1],
        )
    }
    // --- carts (CT1–CT5) -------------------------------------------------------------------------

    fn insert_cart(&self, cart: &Cart) -> Result<()> {
        self.shared.write(|conn| carts::insert_cart(conn, self.ws, cart))
    }

    fn save_cart(&self, cart: &Cart, expected_version: u64) -> Result<()> {
        self.shared.write(|conn| carts::save_cart(conn, self.ws, cart, expected_version))
    }

    fn cart(&self, id: CartId) -> Result<Option<Cart>> {
        self.shared.read(|conn| carts::cart(conn, self.ws, id))
    }

    fn open_cart_of(&self, customer_id: CustomerId) -> Result<Option<Cart>> {
        self.shared.read(|conn| carts::open_cart_of(conn, self.ws, customer_id))
    }

    fn carts_of(&self, customer_id: CustomerId) -> Result<Vec<Cart>> {
        self.shared.read(|conn| carts::carts_of(conn, self.ws, customer_id))
    }

    fn open_carts(&self) -> Result<Vec<Cart>> {
        self.shared.read(|conn| carts::open_carts(conn, self.ws))
    }

    fn checkout_target(&self, code: &LinkCode) -> Result<Option<(CartHead, Customer)>> {
        carts::checkout_target(&self.shared.lock(), self.ws, code)
    }

    fn cart_of_order(&self, order_id: OrderId) -> Result<Option<Cart>> {
        self.shared.read(|conn| carts::cart_of_order(conn, self.ws, order_id))
    }

    /// One `BEGIN IMMEDIATE` transaction: the file's write lock is held from the cart's first
    /// read, so of concurrent submissions (threads or processes) one records the order and
    /// closes the cart, and the others then read it submitted.
    fn submit_cart(&self, submitted: &Cart, expected_version: u64, order: &OrderRef) -> Result<CartSubmission> {
        self.shared.write(|conn| carts::submit_cart(conn, self.ws, submitted, expected_version, order))
    }
}

/// P4/P5: applies a review action inside the caller's transaction and says what it did.
fn review(
    conn: &Connection,
    ws: i64,
    action: &ReviewAction,
    at: DateTime<Utc>,
    actor: Option<String>,
) -> Result<AuditEntry> {
    let (key, from, moved) = match action {
        ReviewAction::Map { pending_id, customer_id } => {
            let record = records::open_pending(conn, ws, *pending_id)?;
            records::require_customer(conn, ws, *customer_id)?;
            records::map_record(conn, ws, record, *customer_id, at)?
        }
        ReviewAction::CreateAndMap { pending_id, customer, uniqueness } => {
            let record = records::open_pending(conn, ws, *pending_id)?;
            records::insert_customer(conn, ws, customer, uniqueness)?;
            records::map_record(conn, ws, record, customer.id, at)?
        }
        ReviewAction::Ignore { pending_id } => {
            let mut record = records::open_pending(conn, ws, *pending_id)?;
            record.state = PendingState::Ignored;
            record.updated_at = at;
            records::write_pending(conn, ws, &record)?;
            (record.key, None, Vec::new())
        }
        ReviewAction::Remap { key, customer_id } => {
            let from = records::mapping(conn, ws, key)?.map(|m| m.customer_id).ok_or(Error::MappingNotFound)?;
            records::require_customer(conn, ws, *customer_id)?;
            check_remap(from, *customer_id)?;
            let moving = records::key_orders_of(conn, ws, key, from)?;
            records::move_orders(conn, ws, &moving, OrderOwner::Customer(*customer_id))?;
            records::set_mapping(conn, ws, key, *customer_id, at)?;
            for mut p in records::closed_for_key(conn, ws, key)? {
                if p.state == PendingState::Mapped(from) {
                    p.state = PendingState::Mapped(*customer_id);
                    p.updated_at = at;
                    records::write_pending(conn, ws, &p)?;
                }
            }
            (key.clone(), Some(from), moving)
        }
    };
    Ok(action.audit_entry(at, actor, key, from, moved))
}
