//! The connection pool (deadpool-postgres over tokio-postgres, driven by a runtime of the
//! crate's own), the synchronous face every trait call uses, and the transaction runner.
//!
//! Why it is safe inside tokio: the sockets are driven by tasks on [`runtime`], a small
//! multi-thread runtime on threads of its own. A store call never runs a runtime (no
//! `block_on`): it checks a connection out on its own thread inside that runtime's context
//! (`Handle::enter`, so the pool's timers and a new connection's socket are driven by the
//! runtime's threads), then sends its statements through the client's channel, waiting for the
//! answers by parking its own thread ([`wait`]). Parking is allowed on any thread, so a call
//! works from a plain thread, from `spawn_blocking`, from
//! `block_in_place`, and even directly on another runtime's worker (where it blocks that worker
//! for the call's duration; use `spawn_blocking`). Nothing here blocks or panics in `Drop`: a
//! connection goes back to the pool (or is closed) by a mutex push, and the runtime is never
//! dropped (it lives as long as the process).

use deadpool_postgres::{ClientWrapper, Manager, ManagerConfig, Object, PoolError, RecyclingMethod};
use orderlink::{Error, Result};
use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock, Weak};
use std::task::{Context, Poll, Wake};
use std::time::Duration;
use tokio_postgres::types::ToSql;
use tokio_postgres::{Config, Row, Statement};

/// How often a transaction that lost a deadlock or a serialization race is run again before
/// the store gives up with a `STORE_FAILURE`.
const TX_ATTEMPTS: usize = 10;

/// The longest a call waits for a free connection before it fails (`STORE_FAILURE`).
pub(crate) const CHECKOUT_TIMEOUT: Duration = Duration::from_secs(30);
/// The longest opening one connection (TCP, TLS, authentication) may take.
pub(crate) const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Names the threads of the store's runtime; a store call made on one of them (which can only
/// happen from code the runtime runs for us) is refused rather than left to deadlock.
const THREAD_NAME: &str = "orderlink-pg";

/// The process's runtime for PostgreSQL sockets: two worker threads shared by every store (so
/// many stores, one per tenant schema or per test, do not multiply threads), started on first
/// use and never dropped (dropping a runtime inside another runtime's context panics).
fn runtime() -> Result<&'static tokio::runtime::Runtime> {
    static RUNTIME: OnceLock<std::result::Result<tokio::runtime::Runtime, String>> = OnceLock::new();
    RUNTIME
        .get_or_init(|| {
            tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .thread_name(THREAD_NAME)
                .enable_all()
                .build()
                .map_err(|e| e.to_string())
        })
        .as_ref()
        .map_err(|e| Error::store(format!("postgres: cannot start the driver's threads: {e}")))
}

/// Wakes a parked thread.
struct Unpark(std::thread::Thread);

impl Wake for Unpark {
    fn wake(self: Arc<Self>) {
        self.0.unpark();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.0.unpark();
    }
}

/// Runs a client future to completion on this thread, parking between polls. The client's
/// futures only exchange messages with the connection task over channels (no tokio timer or
/// socket of their own), so they need no runtime here; the connection task runs on
/// [`runtime`].
pub(crate) fn wait<F: Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let waker = Arc::new(Unpark(std::thread::current())).into();
    let mut cx = Context::from_waker(&waker);
    loop {
        if let Poll::Ready(v) = future.as_mut().poll(&mut cx) {
            return v;
        }
        std::thread::park();
    }
}

/// Runs `future` on this thread inside the store's runtime's context, parking between polls
/// ([`wait`]): the pool's timeouts and new connections' sockets register with the runtime, whose
/// driver threads wake this thread when they are ready. A checkout that finds an idle
/// connection completes at once, with no thread hand-off; one that waits is woken directly by
/// the thread that gives a connection back. Refused on the driver's own threads, where parking
/// would stop the driver (a deadlock).
fn on_runtime<F: Future>(future: F) -> Result<F::Output> {
    if std::thread::current().name() == Some(THREAD_NAME) {
        return Err(Error::store(
            "postgres: a store call on the store's own driver thread would deadlock; call it from \
             tokio::task::spawn_blocking or a thread of your own",
        ));
    }
    let _context = runtime()?.enter();
    Ok(wait(future))
}

/// Why a unit of work stopped: a domain answer (returned as it is) or a database error (retried
/// when it is a lost race, else reported as a store failure).
#[derive(Debug)]
pub(crate) enum Fail {
    Domain(Error),
    Db(tokio_postgres::Error),
}

impl From<tokio_postgres::Error> for Fail {
    fn from(e: tokio_postgres::Error) -> Self {
        Fail::Db(e)
    }
}

impl From<Error> for Fail {
    fn from(e: Error) -> Self {
        Fail::Domain(e)
    }
}

/// The result of a unit of work inside the store.
pub(crate) type Tx<T> = std::result::Result<T, Fail>;

/// A database error as the core reports it.
pub(crate) fn store_failure(e: &tokio_postgres::Error) -> Error {
    match e.as_db_error() {
        Some(db) => Error::store(format!("postgres {}: {}", db.code().code(), db.message())),
        None => Error::store(format!("postgres: {e}")),
    }
}

/// A deadlock, a serialization failure, or a second open pending record for a key (a
/// concurrent intake opened it first; the store's key lock normally rules this out): the
/// transaction did nothing and can simply run again, and then finds what the winner wrote.
fn lost_race(e: &tokio_postgres::Error) -> bool {
    use tokio_postgres::error::SqlState;
    let Some(db) = e.as_db_error() else { return false };
    let code = db.code();
    *code == SqlState::T_R_DEADLOCK_DETECTED
        || *code == SqlState::T_R_SERIALIZATION_FAILURE
        || (*code == SqlState::UNIQUE_VIOLATION && db.constraint() == Some("pending_one_open_per_key"))
}

/// The connection is gone (closed, or the server ended the session: a restart, an
/// administrator, an idle timeout); nothing more can run on it.
fn connection_lost(e: &tokio_postgres::Error, client: &ClientWrapper) -> bool {
    client.is_closed()
        || e.is_closed()
        || e.as_db_error().is_some_and(|db| {
            db.code().code().starts_with("57P") || db.parsed_severity() == Some(tokio_postgres::error::Severity::Fatal)
        })
}

/// Statement parameters.
pub(crate) type Params<'p> = &'p [&'p (dyn ToSql + Sync)];

/// Statements on one connection, each prepared once per connection and reused (one round trip
/// per query instead of two).
pub(crate) struct Session<'a> {
    client: &'a ClientWrapper,
    /// The work ended the transaction itself ([`Session::commit_with`]).
    ended: bool,
}

impl Session<'_> {
    fn prepared(&self, sql: &'static str) -> std::result::Result<Statement, tokio_postgres::Error> {
        wait(self.client.prepare_cached(sql))
    }

    pub(crate) fn query(&mut self, sql: &'static str, params: Params<'_>) -> Tx<Vec<Row>> {
        let s = self.prepared(sql)?;
        Ok(wait(self.client.query(&s, params))?)
    }

    /// [`Session::query`] with the statement's generic plan, never one planned for these
    /// parameters: `BEGIN; SET LOCAL plan_cache_mode = force_generic_plan`, the query and
    /// `COMMIT` are sent together (one round trip), so the setting ends with the statement's own
    /// transaction, whatever happens to it (a failed query's transaction is rolled back by that
    /// `COMMIT`), and a transaction-mode pooler in between keeps the three on one server. For
    /// statements written for their generic plan (the list statements), whose custom plans the
    /// server may otherwise pick by the parameters it saw first (PostgreSQL plans a prepared
    /// statement afresh for its first five executions, then keeps whichever looked cheaper).
    /// Outside a transaction and on a connection lent to this caller alone (reads through
    /// [`Pool::autocommit`]), never on the connection point reads share ([`Pool::point_read`]),
    /// whose other callers' statements would run inside this transaction.
    pub(crate) fn query_generic(&mut self, sql: &'static str, params: Params<'_>) -> Tx<Vec<Row>> {
        let s = self.prepared(sql)?;
        let client = self.client;
        let (begin, rows, commit) = wait(futures_util::future::join3(
            client.batch_execute("BEGIN; SET LOCAL plan_cache_mode = force_generic_plan"),
            client.query(&s, params),
            client.batch_execute("COMMIT"),
        ));
        begin?;
        let rows = rows?;
        commit?;
        Ok(rows)
    }

    pub(crate) fn query_opt(&mut self, sql: &'static str, params: Params<'_>) -> Tx<Option<Row>> {
        let s = self.prepared(sql)?;
        Ok(wait(self.client.query_opt(&s, params))?)
    }

    pub(crate) fn query_one(&mut self, sql: &'static str, params: Params<'_>) -> Tx<Row> {
        let s = self.prepared(sql)?;
        Ok(wait(self.client.query_one(&s, params))?)
    }

    pub(crate) fn execute(&mut self, sql: &'static str, params: Params<'_>) -> Tx<u64> {
        let s = self.prepared(sql)?;
        Ok(wait(self.client.execute(&s, params))?)
    }

    /// Like [`Session::execute`], handing a database error to `on_error` (which may turn a
    /// unique violation into the core's conflict error).
    pub(crate) fn execute_or(
        &mut self,
        sql: &'static str,
        params: Params<'_>,
        on_error: impl FnOnce(tokio_postgres::Error) -> Fail,
    ) -> Tx<u64> {
        let s = self.prepared(sql)?;
        wait(self.client.execute(&s, params)).map_err(on_error)
    }

    /// The statements and then `COMMIT`, sent together: one round trip. Each statement's own
    /// result comes back, in order. The transaction has ended either way: committed when every
    /// statement succeeded, rolled back by the server when one failed (a `COMMIT` after an
    /// error rolls back). An outer error is a failed `COMMIT` (the connection was lost).
    pub(crate) fn commit_with(
        &mut self,
        statements: &[(&'static str, Params<'_>)],
    ) -> Tx<Vec<std::result::Result<u64, tokio_postgres::Error>>> {
        let client = self.client;
        let prepared: Vec<Statement> =
            wait(futures_util::future::try_join_all(statements.iter().map(|(sql, _)| client.prepare_cached(sql))))?;
        let writes = futures_util::future::join_all(
            prepared.iter().zip(statements).map(|(s, (_, params))| client.execute(s, params)),
        );
        let (results, commit) = wait(futures_util::future::join(writes, client.batch_execute("COMMIT")));
        self.ended = true;
        commit?;
        Ok(results)
    }

    /// `BEGIN` sent together with the transaction's first statements: one round trip.
    fn begin_with(&mut self, statements: &[(&'static str, Params<'_>)]) -> Tx<Vec<Vec<Row>>> {
        let client = self.client;
        let prepared: Vec<Statement> =
            wait(futures_util::future::try_join_all(statements.iter().map(|(sql, _)| client.prepare_cached(sql))))?;
        let begin = client.batch_execute("BEGIN");
        let queries = futures_util::future::try_join_all(
            prepared.iter().zip(statements).map(|(s, (_, params))| client.query(s, params)),
        );
        let (_, rows) = wait(futures_util::future::try_join(begin, queries))?;
        Ok(rows)
    }

    /// Runs a statement that is not one of the store's own (migrations, set-up).
    pub(crate) fn batch(&mut self, sql: &str) -> Tx<()> {
        Ok(wait(self.client.batch_execute(sql))?)
    }
}

/// How a unit of work starts: `BEGIN` alone, or `BEGIN` with the work's first reads in the
/// same round trip.
pub(crate) enum Start<'q> {
    /// Sends `BEGIN` on its own; the work sends its statements after.
    Begin,
    /// Sends `BEGIN` and these statements together; their rows are handed to the work.
    With(&'q [(&'static str, Params<'q>)]),
}

/// One connection lent out by the pool. It goes back when dropped, unless it broke or a panic
/// may have left a transaction open on it (then it is closed).
pub(crate) struct Lent {
    object: Option<Object>,
    /// A failure left the connection in an unknown state: it is not reused. Atomic so that a
    /// connection shared by point reads ([`Pool::point_read`]) can be marked from any of them.
    broken: AtomicBool,
    /// A transaction was begun and has not ended.
    in_transaction: bool,
}

impl Lent {
    fn client(&self) -> &ClientWrapper {
        // Present from construction until drop.
        self.object.as_deref().unwrap_or_else(|| unreachable!("a lent connection is present until dropped"))
    }

    pub(crate) fn session(&self) -> Session<'_> {
        Session { client: self.client(), ended: false }
    }

    /// Whether `e` means this connection is gone; if so it is not given back to the pool.
    fn lost(&self, e: &tokio_postgres::Error) -> bool {
        if connection_lost(e, self.client()) {
            self.mark_broken();
        }
        self.is_broken()
    }

    fn mark_broken(&self) {
        self.broken.store(true, Ordering::Relaxed);
    }

    fn is_broken(&self) -> bool {
        self.broken.load(Ordering::Relaxed)
    }

    /// Runs `f` between BEGIN and COMMIT (READ COMMITTED, the server default); any failure rolls
    /// everything back. The outer error is a failed BEGIN: nothing ran.
    fn in_transaction<T>(
        &mut self,
        start: &Start<'_>,
        f: &mut impl FnMut(&mut Session<'_>, Vec<Vec<Row>>) -> Tx<T>,
    ) -> std::result::Result<Tx<T>, tokio_postgres::Error> {
        self.in_transaction = true;
        let mut session = Session { client: self.client(), ended: false };
        let first = match start {
            Start::Begin => session.batch("BEGIN").map(|()| Vec::new()),
            Start::With(statements) => session.begin_with(statements),
        };
        let outcome = match first {
            Ok(rows) => f(&mut session, rows),
            // BEGIN itself failed: report it as the outer error, so a dead idle connection is
            // replaced; a failure of the first statements is the work's failure.
            Err(Fail::Db(e)) if e.is_closed() || session.client.is_closed() => {
                self.in_transaction = false;
                return Err(e);
            }
            Err(e) => Err(e),
        };
        let result = match outcome {
            // The work committed (or the server rolled back) with its last statements.
            Ok(v) if session.ended => Ok(v),
            Err(e) if session.ended => Err(e),
            Ok(v) => match session.batch("COMMIT") {
                Ok(()) => Ok(v),
                Err(Fail::Db(e)) => {
                    // A failed COMMIT has ended the transaction (rolled back) or lost the link.
                    self.lost(&e);
                    self.in_transaction = false;
                    return Ok(Err(Fail::Db(e)));
                }
                Err(e) => Err(e),
            },
            Err(e) => {
                // A connection that cannot roll back is not lent again.
                if session.batch("ROLLBACK").is_err() {
                    self.mark_broken();
                }
                Err(e)
            }
        };
        self.in_transaction = false;
        Ok(result)
    }
}

impl Drop for Lent {
    fn drop(&mut self) {
        let Some(object) = self.object.take() else { return };
        let discard = self.is_broken() || self.in_transaction || object.is_closed() || std::thread::panicking();
        if discard {
            // Out of the pool for good; dropping the client ends its connection task (an abort
            // signal to the runtime, no waiting here).
            drop(Object::take(object));
        }
        // Otherwise the object's own drop puts it back in the pool (a mutex push).
    }
}

/// The pool: at most `max` connections, opened on demand, checked at checkout, kept for reuse.
pub(crate) struct Pool {
    pool: deadpool_postgres::Pool,
    /// Who the connections go to, for error messages (never the password).
    target: String,
    /// The connection point reads share while any of them runs ([`Pool::point_read`]).
    pipeline: Mutex<Weak<Lent>>,
}

impl Pool {
    pub(crate) fn new(config: Config, tls: crate::tls::Tls, max: usize) -> Result<Pool> {
        let target = crate::tls::describe(&config);
        let manager_config = ManagerConfig { recycling_method: RecyclingMethod::Fast };
        let manager = match tls {
            crate::tls::Tls::None => Manager::from_config(config, tokio_postgres::NoTls, manager_config),
            crate::tls::Tls::Rustls(connector) => Manager::from_config(config, connector, manager_config),
        };
        let pool = deadpool_postgres::Pool::builder(manager)
            .max_size(max.max(1))
            .runtime(deadpool_postgres::Runtime::Tokio1)
            .wait_timeout(Some(CHECKOUT_TIMEOUT))
            .create_timeout(Some(CONNECT_TIMEOUT))
            .recycle_timeout(Some(CONNECT_TIMEOUT))
            .build()
            .map_err(|e| Error::store(format!("postgres pool: {e}")))?;
        Ok(Pool { pool, target, pipeline: Mutex::new(Weak::new()) })
    }

    /// Runs a point read: statements each atomic on their own that read a few rows by key
    /// (`open_link`, a price sheet's reads, an intake's reads), on a connection they share with
    /// the other point reads running at the same moment. tokio-postgres pipelines requests on
    /// one connection, so concurrent point reads do not wait for a connection of their own: a
    /// service under load stops queueing for the pool on its hottest calls, and the pool's
    /// other connections stay free for transactions and long reads. The shared connection is
    /// checked out by the first reader and goes back to the pool when the last reader using it
    /// finishes. Run again on a connection of its own when the shared one turns out to be dead.
    /// Not for long reads: each would hold up the reads queued behind it on the connection.
    pub(crate) fn point_read<T>(&self, mut f: impl FnMut(&mut Session<'_>) -> Tx<T>) -> Result<T> {
        // With one connection nothing is shared (a transaction would wait behind the readers).
        if self.pool.status().max_size < 2 {
            return self.autocommit(f, true);
        }
        let shared = self.pipelined()?;
        let first = f(&mut shared.session());
        match first {
            Ok(v) => Ok(v),
            Err(Fail::Domain(e)) => Err(e),
            Err(Fail::Db(e)) if shared.lost(&e) => {
                drop(shared);
                self.autocommit(f, true)
            }
            Err(Fail::Db(e)) => Err(store_failure(&e)),
        }
    }

    /// The connection point reads share now, or a newly checked-out one made the shared one.
    fn pipelined(&self) -> Result<Arc<Lent>> {
        // Held while checking out, so that readers arriving together share one checkout.
        let mut slot = self.pipeline.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(shared) = slot.upgrade().filter(|s| !s.is_broken() && !s.client().is_closed()) {
            return Ok(shared);
        }
        let shared = Arc::new(self.get()?);
        *slot = Arc::downgrade(&shared);
        Ok(shared)
    }

    /// An idle connection (checked: a closed one is dropped), a new one while under the cap, or
    /// the next one given back, waiting at most [`CHECKOUT_TIMEOUT`].
    pub(crate) fn get(&self) -> Result<Lent> {
        let object = on_runtime(self.pool.get())?.map_err(|e| self.checkout_failure(e))?;
        Ok(Lent { object: Some(object), broken: AtomicBool::new(false), in_transaction: false })
    }

    fn checkout_failure(&self, e: PoolError) -> Error {
        match e {
            PoolError::Timeout(deadpool_postgres::TimeoutType::Wait) => Error::store(format!(
                "postgres: no free connection to {} within {}s (all {} in use)",
                self.target,
                CHECKOUT_TIMEOUT.as_secs(),
                self.pool.status().max_size
            )),
            PoolError::Timeout(_) => Error::store(format!(
                "postgres: cannot connect to {}: no answer within {}s",
                self.target,
                CONNECT_TIMEOUT.as_secs()
            )),
            PoolError::Backend(e) => {
                Error::store(format!("postgres: cannot connect to {}: {}", self.target, cause(&e)))
            }
            other => Error::store(format!("postgres: cannot connect to {}: {other}", self.target)),
        }
    }

    /// The cap and the connections open now (lent or idle).
    pub(crate) fn sizes(&self) -> (usize, usize) {
        let status = self.pool.status();
        (status.max_size, status.size)
    }

    /// Runs `f` as one transaction, again when it loses a deadlock or serialization race.
    pub(crate) fn transaction<T>(&self, f: impl FnMut(&mut Session<'_>) -> Tx<T>) -> Result<T> {
        let mut f = f;
        self.transaction_with(Start::Begin, |s, _| f(s))
    }

    /// [`Pool::transaction`], sending `start`'s statements with `BEGIN` and handing their rows
    /// to `f`.
    pub(crate) fn transaction_with<T>(
        &self,
        start: Start<'_>,
        mut f: impl FnMut(&mut Session<'_>, Vec<Vec<Row>>) -> Tx<T>,
    ) -> Result<T> {
        let mut lent = self.get()?;
        let mut attempt = 0;
        let mut reconnected = false;
        loop {
            attempt += 1;
            match lent.in_transaction(&start, &mut f) {
                Ok(Ok(v)) => return Ok(v),
                Ok(Err(Fail::Domain(e))) => return Err(e),
                Ok(Err(Fail::Db(e))) if lost_race(&e) && attempt < TX_ATTEMPTS => {}
                // The connection died while idle in the pool (its first statements found it
                // closed): nothing ran, so a fresh connection may run the work.
                Ok(Err(Fail::Db(e))) if !reconnected && attempt == 1 && lent.lost(&e) => {
                    reconnected = true;
                    drop(lent);
                    lent = self.get().map_err(|_| store_failure(&e))?;
                }
                Ok(Err(Fail::Db(e))) => {
                    lent.lost(&e);
                    return Err(store_failure(&e));
                }
                Err(e) if !reconnected && lent.lost(&e) => {
                    reconnected = true;
                    drop(lent);
                    lent = self.get().map_err(|_| store_failure(&e))?;
                }
                Err(e) => {
                    lent.lost(&e);
                    return Err(store_failure(&e));
                }
            }
        }
    }

    /// Runs `f` outside a transaction, for statements that are atomic on their own; again on a
    /// fresh connection when `idempotent` and the pooled connection turns out to be dead.
    pub(crate) fn autocommit<T>(&self, mut f: impl FnMut(&mut Session<'_>) -> Tx<T>, idempotent: bool) -> Result<T> {
        let lent = self.get()?;
        let first = f(&mut lent.session());
        match first {
            Ok(v) => Ok(v),
            Err(Fail::Domain(e)) => Err(e),
            Err(Fail::Db(e)) if idempotent && lent.lost(&e) => {
                drop(lent);
                let lent = self.get()?;
                let again = f(&mut lent.session());
                again.map_err(|f| match f {
                    Fail::Domain(e) => e,
                    Fail::Db(e) => {
                        lent.lost(&e);
                        store_failure(&e)
                    }
                })
            }
            Err(Fail::Db(e)) => {
                lent.lost(&e);
                Err(store_failure(&e))
            }
        }
    }
}

/// The cause of a failed connect, as the driver words it, with the error beneath it (the
/// driver's own text is often only "error connecting to server"). Never holds the password:
/// neither the driver's errors nor the io and TLS errors beneath quote the configuration.
fn cause(e: &tokio_postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        return format!("{} ({})", db.message(), db.code().code());
    }
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        let more = s.to_string();
        if !text.contains(&more) {
            text = format!("{text}: {more}");
        }
        source = s.source();
    }
    text
}
