//! # orderlink-postgres
//!
//! A PostgreSQL store for orderlink, for backends that run many instances against one
//! database: a [`PlatformStore`] holding any number of workspaces in one set of shared tables
//! (W1), with one link-code space across them (W2), served through one connection pool. Every atomic trait call is one transaction; the uniqueness that matters is
//! enforced by the database itself (link codes current and retired, one open pending record per
//! match key, customer codes without case, external ids), so two instances taking in the same
//! new buyer at the same moment make one pending record, and two creating customers never share
//! a link code.
//!
//! ```
//! use orderlink::{Env, NewWorkspace, Workspace};
//! use orderlink_postgres::{PostgresOptions, PostgresStore};
//! use std::sync::Arc;
//!
//! # // Runs against the server scripts/with-postgres starts; a real URL looks like
//! # // "postgresql://app@db.internal/orderlink".
//! # let url = std::env::var("ORDERLINK_PG_URL").expect("run through scripts/with-postgres");
//! let options = PostgresOptions { schema: Some("doc_acme".into()), ..Default::default() };
//! let store = PostgresStore::connect_with(&url, &options)?;
//! let ws = Workspace::create(Arc::new(store), Env::system(), NewWorkspace::named("Acme"))?;
//! // Another instance, at the same time or later, with a pool of its own:
//! let other = PostgresStore::connect_with(&url, &options)?;
//! let same = Workspace::open(Arc::new(other), Env::system())?;
//! assert_eq!(same.settings()?.link_code, ws.settings()?.link_code);
//! // W1: more workspaces in the same tables, served by the same pool.
//! let platform = orderlink::Platform::new(Arc::new(PostgresStore::connect_with(&url, &options)?), Env::system());
//! let other_ws = platform.create_workspace(NewWorkspace::named("Bay Bakery"))?;
//! assert_eq!(platform.workspaces()?.len(), 2);
//! // W2: a code resolves to its workspace without naming it.
//! let code = other_ws.settings()?.link_code;
//! assert_eq!(platform.resolve_link(code.as_str())?.workspace_id, Some(other_ws.id()?));
//! # postgres::Client::connect(&url, postgres::NoTls).and_then(|mut c| c.batch_execute("DROP SCHEMA doc_acme CASCADE")).unwrap();
//! # Ok::<(), orderlink::Error>(())
//! ```
//!
//! Connecting applies the crate's schema migrations (idempotent, under an advisory lock, so
//! instances starting together are safe). A schema holds a whole platform: every table carries
//! the workspace id (`ws`), leading every primary key, unique key and index, and
//! [`PostgresStore::workspace`] hands out a [`PostgresWorkspace`], a [`Store`] bound to one
//! workspace id (every statement it sends names that id). Link codes live in one table shared
//! by every workspace, so a code is issued once in the whole schema and
//! [`PlatformStore::find_link`] answers in one round trip. A schema written by a release before
//! W1 (one workspace) is upgraded in place on connect, keeping its workspace and data.
//!
//! Isolation: transactions run at READ COMMITTED; every check-then-write holds a lock that
//! makes it exact (a row lock on the customer or record it changes, or a transaction-scoped
//! advisory lock on the match key, the C4 name key or the customer's challenge log), and the
//! unique indexes back the checks up. A deadlock is retried (up to 10 runs); a unique violation
//! becomes the core's error (`CODE_TAKEN`, `LINK_CODE_TAKEN`, ...).
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(not(test), warn(clippy::unwrap_used, clippy::expect_used))]

mod activity;
mod carts;
mod customers;
mod imports;
mod intake;
mod listing;
mod pool;
mod records;
mod schema;
mod tls;
mod turns;

pub use tls::SslMode;

use chrono::{DateTime, Utc};
use orderlink::carts::{Cart, CartHead, CartSubmission};
use orderlink::ids::CartId;
use orderlink::ids::WorkspaceId;
use orderlink::ids::{ChallengeId, CustomerId, NoteId, OrderId, PendingId};
use orderlink::notes::Note;
use orderlink::pending::{AuditEntry, IntakeOutcome, Mapping, MatchKey, PendingBuyer, ReviewAction};
use orderlink::pricing::PriceBook;
use orderlink::settings::WorkspaceSettings;
use orderlink::store::PriceReads;
use orderlink::store::{FoundCheckout, FoundLink, PlatformStore, StoreLink};
use orderlink::verification::{Challenge, Lockout, RateLimit, SessionRecord, VerificationLock, VerificationLockEvent};
use orderlink::{
    ActivityEvent, Customer, CustomerQuery, CustomerWrite, Delivery, Error, LinkCode, LinkRotation, OrderOwner,
    OrderRef, OrderStatus, Page, Result, Store, Uniqueness,
};
use pool::{Pool, Session, Start, Tx};
use records::{body, time_from_parts, time_parts, ChallengeBody, SessionBody};
use serde::Serialize;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use tokio_postgres::types::Json;
use uuid::Uuid;

/// How a [`PostgresStore`] connects.
///
/// ```
/// let options = orderlink_postgres::PostgresOptions { schema: Some("acme".into()), ..Default::default() };
/// assert_eq!(options.max_connections, 10);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostgresOptions {
    /// The schema holding the platform's tables (every workspace of the store), created if
    /// missing; `None` uses the connection's current schema (normally `public`). A plain
    /// lower-case identifier.
    pub schema: Option<String>,
    /// The most connections this store opens at once (at least 1), shared by every workspace
    /// it serves. Connections open on demand and stay open for reuse; a call waits while all
    /// are busy (at most 30 s, then `STORE_FAILURE`).
    pub max_connections: usize,
    /// TLS, as libpq's `sslmode`; `None` takes the connection string's `sslmode`, else
    /// `prefer`. Set here, it wins over the connection string.
    pub ssl_mode: Option<SslMode>,
    /// A PEM file of the certificate(s) the server's chain must lead to (`verify-ca`,
    /// `verify-full`; with `require` it makes the chain checked too, as libpq); `None` takes
    /// the connection string's `sslrootcert`.
    pub ssl_root_cert: Option<std::path::PathBuf>,
}

impl Default for PostgresOptions {
    fn default() -> Self {
        PostgresOptions { schema: None, max_connections: 10, ssl_mode: None, ssl_root_cert: None }
    }
}

/// The PostgreSQL store: the root holding every workspace of a schema (W1), thread-safe, one
/// connection pool per value shared by all of them.
///
/// Several values (in one process or in many) may share a database and schema: that is what
/// it is for.
pub struct PostgresStore {
    shared: Arc<Shared>,
}

/// What a store and its workspace handles share: the pool, the schema, the write turns.
struct Shared {
    pool: Pool,
    schema: String,
    /// Set by [`PostgresStore::temporary`]: the schema is dropped with the store.
    drop_schema: bool,
    /// Same-process fairness for versioned customer writes (see `turns.rs`).
    turns: turns::Turns,
}

/// One workspace of a [`PostgresStore`]: a [`Store`] bound to a workspace id, sharing the
/// store's pool. Every statement it sends names its workspace, so nothing of another
/// workspace is read, counted or changed through it (W1).
pub struct PostgresWorkspace {
    shared: Arc<Shared>,
    scope: Scope,
    /// The last price book read, reused while the stored version is unchanged.
    book: Mutex<Arc<PriceBook>>,
}

/// The workspace a statement is about, and the prefix of its advisory-lock names.
pub(crate) struct Scope {
    /// The workspace id (the `ws` column).
    pub(crate) ws: Uuid,
    /// `schema:workspace`, the lock names' prefix.
    pub(crate) name: String,
}

impl std::fmt::Debug for PostgresStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostgresStore").field("schema", &self.shared.schema).finish_non_exhaustive()
    }
}

impl std::fmt::Debug for PostgresWorkspace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostgresWorkspace")
            .field("schema", &self.shared.schema)
            .field("workspace", &self.scope.ws)
            .finish_non_exhaustive()
    }
}

impl PostgresStore {
    /// Connects to the database at `url` (a `postgresql://` URL or a libpq `key=value` string)
    /// in the connection's current schema, and applies any migrations the schema lacks. TLS
    /// follows the string's `sslmode` and `sslrootcert` (libpq's names and meanings; see
    /// [`SslMode`]), `prefer` when absent.
    ///
    /// Safe to call from any thread, inside a tokio runtime too (see the crate docs).
    pub fn connect(url: &str) -> Result<PostgresStore> {
        PostgresStore::connect_with(url, &PostgresOptions::default())
    }

    /// [`PostgresStore::connect`] with a schema of its own and a pool size.
    ///
    /// ```no_run
    /// use orderlink_postgres::{PostgresOptions, PostgresStore};
    /// let options = PostgresOptions { schema: Some("tenant_acme".into()), max_connections: 4, ..Default::default() };
    /// let store = PostgresStore::connect_with("host=/run/postgresql dbname=orderlink", &options)?;
    /// assert_eq!(store.schema(), "tenant_acme");
    /// # Ok::<(), orderlink::Error>(())
    /// ```
    pub fn connect_with(url: &str, options: &PostgresOptions) -> Result<PostgresStore> {
        PostgresStore::open(url, options, false)
    }

    fn open(url: &str, options: &PostgresOptions, drop_schema: bool) -> Result<PostgresStore> {
        let (url, url_mode, url_root) = tls::split(url)?;
        let mut config: tokio_postgres::Config =
            url.parse().map_err(|e| Error::store(format!("postgres connection string: {e}")))?;
        if let Some(schema) = &options.schema {
            if !schema::valid_schema(schema) {
                return Err(Error::InvalidArgument {
                    what: "schema",
                    message: format!("'{schema}' is not a plain lower-case identifier (a-z, 0-9, _; at most 63)"),
                });
            }
            // Set at connection start-up, so no connection ever runs a statement elsewhere.
            let path = format!("-c search_path={schema}");
            let joined = match config.get_options() {
                Some(existing) => format!("{existing} {path}"),
                None => path,
            };
            config.options(&joined);
        }
        let mode = options.ssl_mode.or(url_mode).unwrap_or_default();
        let root = options.ssl_root_cert.clone().or(url_root);
        let (driver_mode, connector) = tls::connector(&config, mode, root.as_deref())?;
        config.ssl_mode(driver_mode);
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(pool::CONNECT_TIMEOUT);
        }
        let pool = Pool::new(config, connector, options.max_connections)?;
        let schema = {
            let lent = pool.get()?;
            let mut session = lent.session();
            let schema = match &options.schema {
                Some(s) => s.clone(),
                None => session
                    .query_one("SELECT current_schema()", &[])
                    .and_then(|r| Ok(r.try_get::<_, Option<String>>(0)?))
                    .map_err(|f| match f {
                        pool::Fail::Domain(e) => e,
                        pool::Fail::Db(e) => pool::store_failure(&e),
                    })?
                    .ok_or_else(|| Error::store("the connection has no current schema (check search_path)"))?,
            };
            schema::migrate(&mut session, &schema)?;
            schema
        };
        Ok(PostgresStore { shared: Arc::new(Shared { pool, schema, drop_schema, turns: turns::Turns::default() }) })
    }

    /// A store in a new, empty schema of its own, dropped (with everything in it) when the
    /// store is dropped: for tests, such as the core's conformance suite, which needs a fresh
    /// store per check.
    ///
    /// ```
    /// # let url = std::env::var("ORDERLINK_PG_URL").expect("run through scripts/with-postgres");
    /// let store = orderlink_postgres::PostgresStore::temporary(&url)?;
    /// assert!(store.schema().starts_with("orderlink_tmp_"));
    /// # Ok::<(), orderlink::Error>(())
    /// ```
    ///
    /// In a test file: `orderlink::store_conformance_tests!(|| Arc::new(PostgresStore::temporary(&url).unwrap()))`.
    pub fn temporary(url: &str) -> Result<PostgresStore> {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let nanos =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
        let schema = format!(
            "orderlink_tmp_{}_{}_{}",
            std::process::id(),
            nanos % 1_000_000_000_000,
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let options = PostgresOptions { schema: Some(schema), max_connections: 8, ..Default::default() };
        PostgresStore::open(url, &options, true)
    }

    /// The schema this store's tables are in.
    pub fn schema(&self) -> &str {
        &self.shared.schema
    }

    /// The schema migration this version of the crate brings a database to.
    pub fn schema_version() -> usize {
        schema::latest()
    }

    /// The most connections the store's one pool opens, and how many are open now (every
    /// workspace of the store shares them).
    pub fn connections(&self) -> (usize, usize) {
        self.shared.pool.sizes()
    }

    /// A handle on workspace `id` without checking that the store holds it (the caller just
    /// read it): every call through it names that id.
    fn handle(&self, id: Uuid) -> PostgresWorkspace {
        PostgresWorkspace {
            shared: self.shared.clone(),
            scope: Scope { ws: id, name: format!("{}:{id}", self.shared.schema) },
            book: Mutex::new(Arc::new(PriceBook::default())),
        }
    }

    /// W1: the typed handle on workspace `id`, `None` when the store holds no such workspace.
    pub fn workspace_handle(&self, id: WorkspaceId) -> Result<Option<PostgresWorkspace>> {
        let found = self
            .shared
            .pool
            .autocommit(|s| Ok(s.query_opt("SELECT 1 FROM workspaces WHERE id = $1", &[&id.0])?.is_some()), true)?;
        Ok(found.then(|| self.handle(id.0)))
    }
}

impl PostgresWorkspace {
    /// The workspace this handle is bound to.
    pub fn id(&self) -> WorkspaceId {
        WorkspaceId(self.scope.ws)
    }

    /// The schema the workspace's rows are in (with every other workspace of the store).
    pub fn schema(&self) -> &str {
        &self.shared.schema
    }

    fn write<T>(&self, f: impl FnMut(&mut Session<'_>) -> Tx<T>) -> Result<T> {
        self.shared.pool.transaction(f)
    }

    /// A write of customer `id` at a version the caller read: in turn (see `turns.rs`).
    fn write_versioned(&self, id: CustomerId, f: impl FnMut(&mut Session<'_>) -> Tx<()>) -> Result<()> {
        self.shared.turns.wait(id);
        let result = self.write(f);
        self.shared.turns.after_write(id, matches!(result, Err(Error::StaleWrite)));
        result
    }

    /// Reads: statements that are atomic on their own, run again on a fresh connection when
    /// the pooled one turns out to be dead.
    fn read<T>(&self, f: impl FnMut(&mut Session<'_>) -> Tx<T>) -> Result<T> {
        self.shared.pool.autocommit(f, true)
    }

    /// Point reads: one statement reading a few rows by key, on the connection the point reads
    /// running at the same moment share (pipelined; see `Pool::point_read`).
    fn point_read<T>(&self, f: impl FnMut(&mut Session<'_>) -> Tx<T>) -> Result<T> {
        self.shared.pool.point_read(f)
    }

    /// Writes of single statements (each atomic on its own), never run twice.
    fn autocommit<T>(&self, f: impl FnMut(&mut Session<'_>) -> Tx<T>) -> Result<T> {
        self.shared.pool.autocommit(f, false)
    }
}

impl PostgresWorkspace {
    /// The last price book read.
    fn cached_book(&self) -> Arc<PriceBook> {
        self.book.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// The book to use after a read: the cached one when the stored version was unchanged,
    /// else the fresh one (kept in the cache unless a newer one got there first).
    fn keep_book(&self, cached: Arc<PriceBook>, fresh: Option<(i64, PriceBook)>) -> Arc<PriceBook> {
        let Some((version, book)) = fresh else { return cached };
        let mut book = book.reindexed();
        book.version = version as u64;
        let book = Arc::new(book);
        let mut slot = self.book.lock().unwrap_or_else(|p| p.into_inner());
        if slot.version < book.version {
            *slot = book.clone();
        }
        book
    }
}

impl Drop for Shared {
    fn drop(&mut self) {
        if !self.drop_schema {
            return;
        }
        if let Ok(lent) = self.pool.get() {
            // Best effort: a schema left behind is only clutter in a test database.
            let _ = lent.session().batch(&format!("DROP SCHEMA IF EXISTS \"{}\" CASCADE", self.schema));
        }
    }
}

/// Takes a transaction-scoped advisory lock on `what`/`key` in this workspace. Keys are
/// hashed by the server (`hashtextextended`), so every instance agrees on them.
pub(crate) fn lock(s: &mut Session<'_>, w: &Scope, what: &str, key: &impl Serialize) -> Tx<()> {
    let name = lock_name(&w.name, what, key)?;
    s.execute(LOCK, &[&name])?;
    Ok(())
}

/// A3: a link's lockout state, its row locked for the rest of the transaction (made first when
/// there is none, so two instances counting failures of one link take turns).
fn locked_state(s: &mut Session<'_>, w: &Scope, customer_id: CustomerId) -> Tx<VerificationLock> {
    s.execute(
        "INSERT INTO verification_locks (ws, customer_id, body) VALUES ($3, $1, $2) ON CONFLICT (ws, customer_id) DO NOTHING",
        &[&customer_id.0, &Json(VerificationLock::default()), &w.ws],
    )?;
    let row = s.query_one(
        "SELECT body FROM verification_locks WHERE ws = $2 AND customer_id = $1 FOR UPDATE",
        &[&customer_id.0, &w.ws],
    )?;
    body(&row, 0)
}

/// A3: keeps a link's lockout state and appends its event, in the caller's transaction.
fn save_lock(
    s: &mut Session<'_>,
    w: &Scope,
    customer_id: CustomerId,
    state: &VerificationLock,
    event: Option<&VerificationLockEvent>,
) -> Tx<()> {
    s.execute(
        "UPDATE verification_locks SET body = $2 WHERE ws = $3 AND customer_id = $1",
        &[&customer_id.0, &Json(state), &w.ws],
    )?;
    if let Some(event) = event {
        s.execute(
            "INSERT INTO verification_lock_events (ws, customer_id, body) VALUES ($3, $1, $2)",
            &[&customer_id.0, &Json(event), &w.ws],
        )?;
    }
    Ok(())
}

/// The statement taking a transaction-scoped advisory lock named `$1`.
pub(crate) const LOCK: &str = "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))";

/// The name [`lock`] locks (`scope` is the workspace's [`Scope::name`]), for sending the lock
/// together with other statements.
pub(crate) fn lock_name(scope: &str, what: &str, key: &impl Serialize) -> Tx<String> {
    let key = serde_json::to_string(key).map_err(|e| Error::store(format!("lock key: {e}")))?;
    Ok(format!("orderlink:{scope}:{what}:{key}"))
}

/// Column `idx` of `row`, a JSONB body or NULL.
fn nullable<T: serde::de::DeserializeOwned>(row: &tokio_postgres::Row, idx: usize) -> Tx<Option<T>> {
    Ok(row.try_get::<_, Option<Json<T>>>(idx)?.map(|Json(v)| v))
}

/// A book's version as the database stores it.
fn book_version(book: &PriceBook) -> Result<i64> {
    i64::try_from(book.version).map_err(|_| Error::store("price book version overflow"))
}

fn optional<T: serde::de::DeserializeOwned>(row: Option<tokio_postgres::Row>) -> Tx<Option<T>> {
    row.map(|r| body(&r, 0)).transpose()
}

fn all<T: serde::de::DeserializeOwned>(rows: Vec<tokio_postgres::Row>) -> Tx<Vec<T>> {
    rows.iter().map(|r| body(r, 0)).collect()
}

impl PlatformStore for PostgresStore {
    /// One transaction: the workspace's row, then its link code in the store-wide table (the
    /// primary key refuses a code any workspace or customer holds or once held).
    fn create_workspace(&self, settings: &WorkspaceSettings) -> Result<Arc<dyn Store>> {
        let id = settings.id.0;
        let stored = WorkspaceSettings { id: settings.id, ..settings.clone() };
        self.shared.pool.transaction(|s| {
            s.execute_or("INSERT INTO workspaces (id, body) VALUES ($1, $2)", &[&id, &Json(&stored)], |e| {
                if unique_violation(&e) {
                    Error::WorkspaceExists.into()
                } else {
                    pool::Fail::Db(e)
                }
            })?;
            insert_workspace_code(s, id, &stored.link_code)
        })?;
        Ok(Arc::new(self.handle(id)))
    }

    fn workspace(&self, id: WorkspaceId) -> Result<Option<Arc<dyn Store>>> {
        Ok(self.workspace_handle(id)?.map(|h| Arc::new(h) as Arc<dyn Store>))
    }

    fn workspaces(&self) -> Result<Vec<WorkspaceSettings>> {
        self.shared.pool.autocommit(|s| all(s.query("SELECT body FROM workspaces ORDER BY seq", &[])?), true)
    }

    fn workspace_count(&self) -> Result<usize> {
        let n: i64 = self
            .shared
            .pool
            .autocommit(|s| Ok(s.query_one("SELECT count(*) FROM workspaces", &[])?.try_get(0)?), true)?;
        Ok(n as usize)
    }

    /// One statement, one round trip: the code's row in the store-wide table, joined to its
    /// workspace's settings and to the customer holding it now.
    fn find_link(&self, code: &LinkCode) -> Result<Option<FoundLink>> {
        let found = self.shared.pool.point_read(|s| {
            let row = s.query_opt(
                "SELECT l.ws, w.body, c.body FROM link_codes l
                     JOIN workspaces w ON w.id = l.ws
                     LEFT JOIN customers c ON c.ws = l.ws AND c.link_code = l.code
                     WHERE l.code = $1",
                &[&code.as_str()],
            )?;
            match row {
                Some(row) => {
                    let ws: Uuid = row.try_get(0)?;
                    let settings: WorkspaceSettings = body(&row, 1)?;
                    Ok(Some((ws, settings, nullable::<Customer>(&row, 2)?)))
                }
                None => Ok(None),
            }
        })?;
        Ok(match found {
            Some((ws, settings, customer)) if customer.is_some() || settings.link_code == *code => {
                Some(FoundLink { store: Arc::new(self.handle(ws)), settings, customer })
            }
            _ => None,
        })
    }
    /// CT3, W2: one statement, one round trip, for any link: the code's row in the store-wide
    /// table, its workspace, the customer holding it as an order link, or the cart it is the
    /// current checkout code of with that cart's customer.
    fn find_any_link(&self, code: &LinkCode) -> Result<Option<StoreLink>> {
        type Found = (Uuid, WorkspaceSettings, Option<Customer>, Option<(CartHead, Customer)>);
        let found: Option<Found> = self.shared.pool.point_read(|s| {
            let row = s.query_opt(
                "SELECT l.ws, w.body, c.body, ct.head, cc.body FROM link_codes l
                     JOIN workspaces w ON w.id = l.ws
                     LEFT JOIN customers c ON c.ws = l.ws AND c.link_code = l.code
                     LEFT JOIN checkout_links k ON c.id IS NULL AND k.code = l.code
                     LEFT JOIN carts ct ON ct.ws = k.ws AND ct.id = k.cart_id AND ct.checkout_code = k.code
                     LEFT JOIN customers cc ON cc.ws = ct.ws AND cc.id = ct.customer_id
                     WHERE l.code = $1",
                &[&code.as_str()],
            )?;
            let Some(row) = row else { return Ok(None) };
            let checkout = match nullable::<Customer>(&row, 4)? {
                Some(customer) => Some((carts::head_of(&row, 3)?, customer)),
                None => None,
            };
            Ok(Some((row.try_get(0)?, body(&row, 1)?, nullable::<Customer>(&row, 2)?, checkout)))
        })?;
        let Some((ws, settings, customer, checkout)) = found else { return Ok(None) };
        let store: Arc<dyn Store> = Arc::new(self.handle(ws));
        if customer.is_some() || settings.link_code == *code {
            return Ok(Some(StoreLink::Order(FoundLink { store, settings, customer })));
        }
        Ok(checkout
            .map(|(cart, customer)| StoreLink::Checkout(Box::new(FoundCheckout { store, settings, cart, customer }))))
    }
}

/// Whether `e` is a unique violation.
fn unique_violation(e: &tokio_postgres::Error) -> bool {
    e.code() == Some(&tokio_postgres::error::SqlState::UNIQUE_VIOLATION)
}

/// L1, W2: records `code` as workspace `ws`'s own in the store-wide table; `LinkCodeTaken` when
/// any workspace or customer holds or once held it.
fn insert_workspace_code(s: &mut Session<'_>, ws: Uuid, code: &LinkCode) -> Tx<()> {
    s.execute_or(
        "INSERT INTO link_codes (code, ws, customer_id) VALUES ($1, $2, NULL)",
        &[&code.as_str(), &ws],
        |e| if unique_violation(&e) { Error::LinkCodeTaken.into() } else { pool::Fail::Db(e) },
    )?;
    Ok(())
}

impl Store for PostgresWorkspace {
    fn settings(&self) -> Result<Option<WorkspaceSettings>> {
        self.point_read(|s| optional(s.query_opt("SELECT body FROM workspaces WHERE id = $1", &[&self.scope.ws])?))
    }

    /// One transaction: the workspace's row locked; a new link code is recorded in the
    /// store-wide table first (refused when taken anywhere), the old one stays there, retired.
    fn save_settings(&self, settings: &WorkspaceSettings) -> Result<()> {
        let ws = self.scope.ws;
        let stored = WorkspaceSettings { id: WorkspaceId(ws), ..settings.clone() };
        self.write(|s| {
            let current: Option<String> =
                match s.query_opt("SELECT body ->> 'link_code' FROM workspaces WHERE id = $1 FOR UPDATE", &[&ws])? {
                    Some(row) => row.try_get(0)?,
                    None => return Err(Error::store(format!("workspace {ws} is not in the store")).into()),
                };
            if current.as_deref() != Some(stored.link_code.as_str()) {
                insert_workspace_code(s, ws, &stored.link_code)?;
            }
            s.execute("UPDATE workspaces SET body = $2 WHERE id = $1", &[&ws, &Json(&stored)])?;
            Ok(())
        })
    }

    fn insert_customer(&self, customer: &Customer, u: &Uniqueness) -> Result<()> {
        self.write(|s| customers::insert(s, &self.scope, customer, u))
    }

    fn replace_customer(&self, customer: &Customer, expected_version: u64, u: &Uniqueness) -> Result<()> {
        self.write_versioned(customer.id, |s| customers::replace(s, &self.scope, customer, expected_version, u))
    }

    fn delete_customer(&self, id: CustomerId) -> Result<()> {
        self.write(|s| customers::delete(s, &self.scope, id))
    }

    fn customer(&self, id: CustomerId) -> Result<Option<Customer>> {
        self.point_read(|s| {
            optional(s.query_opt("SELECT body FROM customers WHERE ws = $2 AND id = $1", &[&id.0, &self.scope.ws])?)
        })
    }

    fn customer_by_link_code(&self, code: &LinkCode) -> Result<Option<Customer>> {
        self.point_read(|s| {
            optional(s.query_opt(
                "SELECT body FROM customers WHERE ws = $2 AND link_code = $1",
                &[&code.as_str(), &self.scope.ws],
            )?)
        })
    }

    /// One statement: the settings and the customer, one round trip.
    fn link_target(&self, code: &LinkCode) -> Result<(Option<WorkspaceSettings>, Option<Customer>)> {
        self.point_read(|s| {
            let row = s.query_one(
                "SELECT (SELECT body FROM workspaces WHERE id = $2),
                        (SELECT body FROM customers WHERE ws = $2 AND link_code = $1)",
                &[&code.as_str(), &self.scope.ws],
            )?;
            Ok((nullable(&row, 0)?, nullable(&row, 1)?))
        })
    }

    /// P1, PR8: one statement, one round trip: the settings, the link's customer, and the
    /// price book's version with its body only when it differs from the cached one (as
    /// `price_reads`), so an intake reads everything it needs before its transaction at once.
    fn intake_reads(&self, code: &LinkCode) -> Result<orderlink::store::IntakeReads> {
        let cached = self.cached_book();
        let cached_version = book_version(&cached)?;
        let (settings, customer, fresh) = self.point_read(|s| {
            let row = s.query_one(
                "SELECT (SELECT body FROM workspaces WHERE id = $2),
                        (SELECT body FROM customers WHERE ws = $2 AND link_code = $1),
                        b.version, b.body
                 FROM (SELECT 1) one LEFT JOIN price_book b ON b.ws = $2 AND b.version <> $3",
                &[&code.as_str(), &self.scope.ws, &cached_version],
            )?;
            let fresh = match row.try_get::<_, Option<i64>>(2)? {
                Some(version) => Some((version, body(&row, 3)?)),
                None => None,
            };
            Ok((nullable(&row, 0)?, nullable(&row, 1)?, fresh))
        })?;
        let settings: Option<WorkspaceSettings> = settings;
        let customer = customer.filter(|_| settings.as_ref().is_none_or(|s| s.link_code != *code));
        Ok((settings, customer, self.keep_book(cached, fresh)))
    }

    /// CT3, L4: one statement, one round trip, for any link of the workspace: the settings, the
    /// customer holding the code, or the cart it is the current checkout code of, with that
    /// cart's customer.
    fn link_or_checkout(&self, code: &LinkCode) -> Result<orderlink::store::WorkspaceLinkTarget> {
        self.point_read(|s| {
            let row = s.query_one(
                "SELECT (SELECT body FROM workspaces WHERE id = $2), c.body, ct.head, cc.body
                 FROM (SELECT 1) AS one
                 LEFT JOIN customers c ON c.ws = $2 AND c.link_code = $1
                 LEFT JOIN checkout_links k ON c.id IS NULL AND k.code = $1 AND k.ws = $2
                 LEFT JOIN carts ct ON ct.ws = k.ws AND ct.id = k.cart_id AND ct.checkout_code = k.code
                 LEFT JOIN customers cc ON cc.ws = ct.ws AND cc.id = ct.customer_id",
                &[&code.as_str(), &self.scope.ws],
            )?;
            let settings: Option<WorkspaceSettings> = nullable(&row, 0)?;
            if settings.as_ref().is_some_and(|s| s.link_code == *code) {
                return Ok((settings, None, None));
            }
            let checkout = match nullable::<Customer>(&row, 3)? {
                Some(c) => Some((carts::head_of(&row, 2)?, c)),
                None => None,
            };
            Ok((settings, nullable(&row, 1)?, checkout))
        })
    }

    fn customers_by_external_id(&self, external_ids: &[String]) -> Result<Vec<Customer>> {
        let rows = self.read(|s| {
            let rows = s.query(
                "SELECT external_id, body FROM customers WHERE ws = $2 AND external_id = ANY($1)",
                &[&external_ids, &self.scope.ws],
            )?;
            rows.iter().map(|r| Ok((r.try_get::<_, String>(0)?, body::<Customer>(r, 1)?))).collect::<Tx<Vec<_>>>()
        })?;
        // In the order asked for, as the memory store answers.
        let by_id: std::collections::HashMap<String, Customer> = rows.into_iter().collect();
        Ok(external_ids.iter().filter_map(|e| by_id.get(e)).cloned().collect())
    }

    fn all_customers(&self) -> Result<Vec<Customer>> {
        self.read(|s| all(s.query("SELECT body FROM customers WHERE ws = $1", &[&self.scope.ws])?))
    }

    /// W4: the page is chosen by the database from the list columns (see `listing.rs`).
    fn list_customers(&self, query: &CustomerQuery) -> Result<Page<Customer>> {
        listing::list(self, query)
    }

    fn write_customers(&self, writes: &[CustomerWrite], u: &Uniqueness) -> Result<()> {
        self.write(|s| customers::write_all(s, &self.scope, writes, u))
    }

    // --- I7, I9: saved import mappings and import batches (migration 7) ---
    /// One transaction: the customers as `write_customers` writes them, then the batch and its
    /// rows in one statement.
    fn write_import(&self, writes: &[CustomerWrite], u: &Uniqueness, batch: &orderlink::ImportBatch) -> Result<()> {
        self.write(|s| imports::write_import(s, &self.scope, writes, u, batch))
    }

    fn import_batch(&self, id: orderlink::ImportBatchId) -> Result<Option<orderlink::ImportBatch>> {
        self.read(|s| imports::import_batch(s, &self.scope, id))
    }

    /// One transaction of three round trips (four under the unique-names policy), whatever the
    /// batch's size; the batch row is locked first (`FOR UPDATE`), so of two undos the second
    /// is refused.
    fn undo_import(
        &self,
        id: orderlink::ImportBatchId,
        at: DateTime<Utc>,
        u: &Uniqueness,
    ) -> Result<orderlink::import::UndoReport> {
        imports::undo_import(&self.shared.pool, &self.scope, id, at, u)
    }

    fn save_import_mapping(&self, mapping: &orderlink::import::SavedMapping) -> Result<()> {
        self.autocommit(|s| imports::save_mapping(s, &self.scope, mapping))
    }

    fn import_mappings(&self) -> Result<Vec<orderlink::import::SavedMapping>> {
        self.read(|s| imports::mappings(s, &self.scope))
    }

    fn delete_import_mapping(&self, name: &str) -> Result<bool> {
        self.autocommit(|s| imports::delete_mapping(s, &self.scope, name))
    }
    // --- end I7, I9 ---

    fn rotate_link(
        &self,
        customer: &Customer,
        expected_version: u64,
        rotation: &LinkRotation,
        u: &Uniqueness,
    ) -> Result<()> {
        self.write_versioned(customer.id, |s| {
            customers::rotate(s, &self.scope, customer, expected_version, rotation, u)
        })
    }

    fn link_rotations(&self, id: CustomerId) -> Result<Vec<LinkRotation>> {
        self.read(|s| {
            all(s.query(
                "SELECT body FROM link_rotations WHERE ws = $2 AND customer_id = $1 ORDER BY seq",
                &[&id.0, &self.scope.ws],
            )?)
        })
    }

    fn insert_challenge(&self, challenge: &Challenge, limit: &RateLimit) -> Result<()> {
        self.write(|s| {
            let customer = challenge.customer_id;
            let ws = &self.scope.ws;
            lock(s, &self.scope, "challenges", &customer.0)?;
            let (since_s, since_ns) = time_parts(challenge.created_at - limit.window);
            s.execute(
                "DELETE FROM challenge_log WHERE ws = $4 AND customer_id = $1 AND (at_s, at_ns) <= ($2, $3)",
                &[&customer.0, &since_s, &since_ns, ws],
            )?;
            let log = s.query(
                "SELECT at_s, at_ns FROM challenge_log WHERE ws = $2 AND customer_id = $1 ORDER BY at_s, at_ns",
                &[&customer.0, ws],
            )?;
            if log.len() >= limit.max as usize {
                let oldest = match log.first() {
                    Some(r) => time_from_parts(r.try_get(0)?, r.try_get(1)?)?,
                    None => challenge.created_at,
                };
                let retry = (oldest + limit.window - challenge.created_at).num_seconds().max(1);
                return Err(Error::RateLimited { retry_after_secs: retry as u64 }.into());
            }
            let (at_s, at_ns) = time_parts(challenge.created_at);
            s.execute(
                "INSERT INTO challenge_log (ws, customer_id, at_s, at_ns) VALUES ($4, $1, $2, $3)",
                &[&customer.0, &at_s, &at_ns, ws],
            )?;
            s.execute("DELETE FROM challenges WHERE ws = $2 AND customer_id = $1", &[&customer.0, ws])?;
            s.execute(
                "INSERT INTO challenges (ws, id, customer_id, body) VALUES ($4, $1, $2, $3)",
                &[&challenge.id.0, &customer.0, &Json(ChallengeBody(challenge.clone())), ws],
            )?;
            Ok(())
        })
    }

    fn take_challenge(&self, id: ChallengeId) -> Result<Option<Challenge>> {
        let taken: Option<ChallengeBody> = self.autocommit(|s| {
            optional(s.query_opt(
                "DELETE FROM challenges WHERE ws = $2 AND id = $1 RETURNING body",
                &[&id.0, &self.scope.ws],
            )?)
        })?;
        Ok(taken.map(|c| c.0))
    }

    fn insert_session(&self, session: &SessionRecord) -> Result<()> {
        self.autocommit(|s| {
            s.execute(
                "INSERT INTO sessions (ws, token_hash, body) VALUES ($3, $1, $2)
                 ON CONFLICT (ws, token_hash) DO UPDATE SET body = EXCLUDED.body",
                &[&&session.token_hash[..], &Json(SessionBody(session.clone())), &self.scope.ws],
            )?;
            Ok(())
        })
    }

    fn session(&self, token_hash: &[u8; 32]) -> Result<Option<SessionRecord>> {
        let found: Option<SessionBody> = self.read(|s| {
            optional(s.query_opt(
                "SELECT body FROM sessions WHERE ws = $2 AND token_hash = $1",
                &[&&token_hash[..], &self.scope.ws],
            )?)
        })?;
        Ok(found.map(|s| s.0))
    }

    fn verification_lock(&self, customer_id: CustomerId) -> Result<VerificationLock> {
        let found: Option<VerificationLock> = self.read(|s| {
            optional(s.query_opt(
                "SELECT body FROM verification_locks WHERE ws = $2 AND customer_id = $1",
                &[&customer_id.0, &self.scope.ws],
            )?)
        })?;
        Ok(found.unwrap_or_default())
    }

    fn record_verification_failure(
        &self,
        customer_id: CustomerId,
        at: DateTime<Utc>,
        rule: &Lockout,
    ) -> Result<VerificationLock> {
        self.write(|s| {
            let (next, event) = locked_state(s, &self.scope, customer_id)?.after_failure(customer_id, at, rule);
            save_lock(s, &self.scope, customer_id, &next, event.as_ref())?;
            Ok(next)
        })
    }

    fn record_verification_pass(&self, customer_id: CustomerId, at: DateTime<Utc>) -> Result<(VerificationLock, bool)> {
        self.write(|s| {
            let (next, counted) = locked_state(s, &self.scope, customer_id)?.after_pass(at);
            save_lock(s, &self.scope, customer_id, &next, None)?;
            Ok((next, counted))
        })
    }

    fn lift_verification_lock(
        &self,
        customer_id: CustomerId,
        at: DateTime<Utc>,
        by: Option<&str>,
    ) -> Result<Option<VerificationLockEvent>> {
        self.write(|s| {
            let (next, event) = locked_state(s, &self.scope, customer_id)?.after_lift(customer_id, at, by);
            save_lock(s, &self.scope, customer_id, &next, event.as_ref())?;
            Ok(event)
        })
    }

    fn verification_lock_events(&self, customer_id: CustomerId) -> Result<Vec<VerificationLockEvent>> {
        self.read(|s| {
            all(s.query(
                "SELECT body FROM verification_lock_events WHERE ws = $2 AND customer_id = $1 ORDER BY seq",
                &[&customer_id.0, &self.scope.ws],
            )?)
        })
    }

    /// Two round trips: `BEGIN` with the customer's row lock and its order totals, then the
    /// order, the customer's new stats and `COMMIT`.
    fn attach_order(&self, order: &OrderRef) -> Result<()> {
        let OrderOwner::Customer(id) = order.owner else {
            return Err(Error::store("attach_order takes an order owned by a customer"));
        };
        let draft = Json(OrderStatus::Draft);
        let ws = &self.scope.ws;
        let first: [(&'static str, pool::Params<'_>); 2] =
            [(customers::LOCKED, &[&id.0, ws]), (intake::STATS_OF_OWNER, &[&id.0, &draft, ws])];
        self.shared.pool.transaction_with(Start::With(&first), |s, rows| intake::attach(s, &self.scope, order, rows))
    }

    /// Two round trips: `BEGIN` with the key's lock and everything the intake reads (the mapped
    /// customer's row, locked, and its order totals; the key's open record, locked), then its
    /// writes and `COMMIT`.
    fn intake(&self, order: &OrderRef, key: &MatchKey, new_pending: &PendingBuyer) -> Result<IntakeOutcome> {
        let lock = lock_name(&self.scope.name, "key", &(&key.name, &key.email)).map_err(|f| match f {
            pool::Fail::Domain(e) => e,
            pool::Fail::Db(e) => pool::store_failure(&e),
        })?;
        let draft = Json(OrderStatus::Draft);
        let ws = &self.scope.ws;
        let first: [(&'static str, pool::Params<'_>); 4] = [
            (LOCK, &[&lock]),
            (intake::MAPPED_CUSTOMER_LOCKED, &[&key.name, &key.email, ws]),
            (intake::STATS_OF_MAPPED, &[&key.name, &key.email, &draft, ws]),
            (intake::OPEN_PENDING_LOCKED, &[&key.name, &key.email, ws]),
        ];
        self.shared
            .pool
            .transaction_with(Start::With(&first), |s, rows| intake::intake(s, &self.scope, order, new_pending, rows))
    }

    fn review(&self, action: &ReviewAction, at: DateTime<Utc>, actor: Option<&str>) -> Result<AuditEntry> {
        self.write(|s| intake::review(s, &self.scope, action, at, actor))
    }

    fn pending(&self, id: PendingId) -> Result<Option<PendingBuyer>> {
        self.read(|s| intake::pending(s, &self.scope, id))
    }

    fn pending_buyers(&self, open_only: bool) -> Result<Vec<PendingBuyer>> {
        self.read(|s| intake::pending_buyers(s, &self.scope, open_only))
    }

    fn mappings(&self) -> Result<Vec<Mapping>> {
        let mut all: Vec<Mapping> =
            self.read(|s| all(s.query("SELECT body FROM mappings WHERE ws = $1", &[&self.scope.ws])?))?;
        all.sort_by(|a, b| a.created_at.cmp(&b.created_at).then_with(|| a.key.cmp(&b.key)));
        Ok(all)
    }

    fn audit_trail(&self) -> Result<Vec<AuditEntry>> {
        self.read(|s| all(s.query("SELECT body FROM audit WHERE ws = $1 ORDER BY seq", &[&self.scope.ws])?))
    }

    fn order(&self, id: OrderId) -> Result<Option<OrderRef>> {
        self.read(|s| {
            optional(s.query_opt("SELECT body FROM orders WHERE ws = $2 AND id = $1", &[&id.0, &self.scope.ws])?)
        })
    }

    fn orders_of(&self, owner: OrderOwner) -> Result<Vec<OrderRef>> {
        self.read(|s| intake::orders_of(s, &self.scope, owner))
    }

    fn set_order_status(&self, id: OrderId, status: OrderStatus) -> Result<OrderRef> {
        self.write(|s| intake::set_status(s, &self.scope, id, status))
    }

    /// One round trip that returns the body only when the stored version differs from the
    /// cached book's, so an unchanged book is never read or deserialised again.
    fn price_book(&self) -> Result<Arc<PriceBook>> {
        let cached = self.cached_book();
        let cached_version = book_version(&cached)?;
        let fresh: Option<(i64, PriceBook)> = self.read(|s| {
            match s.query_opt(
                "SELECT version, body FROM price_book WHERE ws = $2 AND version <> $1",
                &[&cached_version, &self.scope.ws],
            )? {
                Some(row) => Ok(Some((row.try_get(0)?, body(&row, 1)?))),
                None => Ok(None),
            }
        })?;
        Ok(self.keep_book(cached, fresh))
    }

    /// One statement: the settings, the customer and the book (its body only when it changed
    /// since the cached one), one round trip.
    fn price_reads(&self, customer: Option<CustomerId>) -> Result<PriceReads> {
        let cached = self.cached_book();
        let cached_version = book_version(&cached)?;
        let id = customer.map(|c| c.0);
        let (settings, customer, fresh) = self.point_read(|s| {
            let row = s.query_one(
                "SELECT (SELECT body FROM workspaces WHERE id = $3),
                        (SELECT body FROM customers WHERE ws = $3 AND id = $1),
                        b.version, b.body
                 FROM (SELECT 1) one LEFT JOIN price_book b ON b.ws = $3 AND b.version <> $2",
                &[&id, &cached_version, &self.scope.ws],
            )?;
            let fresh = match row.try_get::<_, Option<i64>>(2)? {
                Some(version) => Some((version, body(&row, 3)?)),
                None => None,
            };
            Ok((nullable(&row, 0)?, nullable(&row, 1)?, fresh))
        })?;
        Ok(PriceReads { settings, customer, book: self.keep_book(cached, fresh) })
    }

    fn save_price_book(&self, book: &PriceBook, expected_version: u64) -> Result<()> {
        let next = expected_version.checked_add(1).ok_or_else(|| Error::store("price book version overflow"))?;
        let mut saved = book.clone();
        saved.version = next;
        let (expected, next) = (expected_version as i64, next as i64);
        let written = self.autocommit(|s| {
            let updated = s.execute(
                "UPDATE price_book SET version = $2, body = $3 WHERE ws = $4 AND version = $1",
                &[&expected, &next, &Json(&saved), &self.scope.ws],
            )?;
            if updated == 0 && expected == 0 {
                // The first book: the row does not exist yet, unless someone else just wrote it.
                return s.execute(
                    "INSERT INTO price_book (ws, version, body) VALUES ($3, $1, $2) ON CONFLICT DO NOTHING",
                    &[&next, &Json(&saved), &self.scope.ws],
                );
            }
            Ok(updated)
        })?;
        if written == 0 {
            return Err(Error::StaleWrite);
        }
        let mut slot = self.book.lock().unwrap_or_else(|p| p.into_inner());
        if slot.version < saved.version {
            *slot = Arc::new(saved.reindexed());
        }
        Ok(())
    }

    fn save_note(&self, note: &Note) -> Result<()> {
        self.autocommit(|s| activity::save_note(s, &self.scope, note))
    }

    fn note(&self, id: NoteId) -> Result<Option<Note>> {
        self.read(|s| {
            optional(s.query_opt("SELECT body FROM notes WHERE ws = $2 AND id = $1", &[&id.0, &self.scope.ws])?)
        })
    }

    fn notes_of(&self, customer_id: CustomerId) -> Result<Vec<Note>> {
        self.read(|s| {
            all(s.query(
                "SELECT body FROM notes WHERE ws = $2 AND customer_id = $1 ORDER BY created_s, created_ns, id",
                &[&customer_id.0, &self.scope.ws],
            )?)
        })
    }

    fn record_deliveries(&self, deliveries: &[Delivery]) -> Result<()> {
        self.autocommit(|s| activity::record_deliveries(s, &self.scope, deliveries))
    }

    fn deliveries_of(&self, customer_id: CustomerId) -> Result<Vec<Delivery>> {
        self.read(|s| activity::deliveries_of(s, &self.scope, customer_id))
    }

    fn last_deliveries(&self, customer_ids: &[CustomerId]) -> Result<Vec<Delivery>> {
        self.read(|s| activity::last_deliveries(s, &self.scope, customer_ids))
    }

    fn record_activity(&self, event: &ActivityEvent) -> Result<()> {
        self.autocommit(|s| activity::record_activity(s, &self.scope, event))
    }

    fn activity_between(&self, start: DateTime<Utc>, end: DateTime<Utc>) -> Result<Vec<ActivityEvent>> {
        self.read(|s| activity::activity_between(s, &self.scope, start, end))
    }
    // --- carts (CT1–CT5) -------------------------------------------------------------------------

    fn insert_cart(&self, cart: &Cart) -> Result<()> {
        self.write(|s| carts::insert(s, &self.scope, cart))
    }

    fn save_cart(&self, cart: &Cart, expected_version: u64) -> Result<()> {
        self.write(|s| carts::save(s, &self.scope, cart, expected_version))
    }

    fn cart(&self, id: CartId) -> Result<Option<Cart>> {
        self.read(|s| carts::cart(s, &self.scope, id))
    }

    fn open_cart_of(&self, customer_id: CustomerId) -> Result<Option<Cart>> {
        self.read(|s| carts::open_cart_of(s, &self.scope, customer_id))
    }

    fn carts_of(&self, customer_id: CustomerId) -> Result<Vec<Cart>> {
        self.read(|s| carts::carts_of(s, &self.scope, customer_id))
    }

    fn open_carts(&self) -> Result<Vec<Cart>> {
        self.read(|s| carts::open_carts(s, &self.scope))
    }

    fn checkout_target(&self, code: &LinkCode) -> Result<Option<(CartHead, Customer)>> {
        self.read(|s| carts::checkout_target(s, &self.scope, code))
    }

    fn cart_of_order(&self, order_id: OrderId) -> Result<Option<Cart>> {
        self.read(|s| carts::cart_of_order(s, &self.scope, order_id))
    }

    /// One transaction, two round trips: `BEGIN` with the cart's row lock (`SELECT ... FOR
    /// UPDATE`: concurrent submissions of one cart wait here, then read it submitted), the
    /// customer's row lock and its order totals; then the cart closed, the order and the
    /// customer's stats written through the intake's own path, and `COMMIT`.
    fn submit_cart(&self, submitted: &Cart, expected_version: u64, order: &OrderRef) -> Result<CartSubmission> {
        let draft = Json(OrderStatus::Draft);
        let (ws, cart, customer) = (&self.scope.ws, &submitted.id.0, &submitted.customer_id.0);
        let first: [(&'static str, pool::Params<'_>); 3] = [
            (carts::LOCKED, &[ws, cart]),
            (customers::LOCKED, &[customer, ws]),
            (intake::STATS_OF_OWNER, &[customer, &draft, ws]),
        ];
        self.shared.pool.transaction_with(Start::With(&first), |s, rows| {
            carts::submit(s, &self.scope, submitted, expected_version, order, rows)
        })
    }
}
