//! A small connection pool whose connections keep their prepared statements, and the
//! transaction runner every trait call goes through.

use orderlink::{Error, Result};
use postgres::types::ToSql;
use postgres::{Client, Config, NoTls, Row, Statement};
use std::collections::HashMap;
use std::sync::{Condvar, Mutex, MutexGuard};

/// How often a transaction that lost a deadlock or a serialization race is run again before
/// the store gives up with a `STORE_FAILURE`.
const TX_ATTEMPTS: usize = 10;

/// Why a unit of work stopped: a domain answer (returned as it is) or a database error (retried
/// when it is a lost race, else reported as a store failure).
#[derive(Debug)]
pub(crate) enum Fail {
    Domain(Error),
    Db(postgres::Error),
}

impl From<postgres::Error> for Fail {
    fn from(e: postgres::Error) -> Self {
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
pub(crate) fn store_failure(e: &postgres::Error) -> Error {
    match e.as_db_error() {
        Some(db) => Error::store(format!("postgres {}: {}", db.code().code(), db.message())),
        None => Error::store(format!("postgres: {e}")),
    }
}

/// A deadlock, a serialization failure, or a second open pending record for a key (a
/// concurrent intake opened it first; the store's key lock normally rules this out): the
/// transaction did nothing and can simply run again, and then finds what the winner wrote.
fn lost_race(e: &postgres::Error) -> bool {
    use postgres::error::SqlState;
    let Some(db) = e.as_db_error() else { return false };
    let code = db.code();
    *code == SqlState::T_R_DEADLOCK_DETECTED
        || *code == SqlState::T_R_SERIALIZATION_FAILURE
        || (*code == SqlState::UNIQUE_VIOLATION && db.constraint() == Some("pending_one_open_per_key"))
}

/// The connection is gone (closed, or the server ended the session: a restart, an
/// administrator, an idle timeout); nothing more can run on it.
fn connection_lost(e: &postgres::Error, client: &Client) -> bool {
    client.is_closed()
        || e.is_closed()
        || e.as_db_error().is_some_and(|db| {
            db.code().code().starts_with("57P") || db.parsed_severity() == Some(postgres::error::Severity::Fatal)
        })
}

/// One connection with its prepared statements.
pub(crate) struct Conn {
    client: Client,
    statements: HashMap<&'static str, Statement>,
    /// A ROLLBACK failed: the connection's state is unknown, so it is not reused.
    broken: bool,
}

/// Statements on one connection, each prepared once and reused (one round trip per query
/// instead of two).
pub(crate) struct Session<'a> {
    client: &'a mut Client,
    statements: &'a mut HashMap<&'static str, Statement>,
}

type Params<'p> = &'p [&'p (dyn ToSql + Sync)];

impl Session<'_> {
    fn prepared(&mut self, sql: &'static str) -> std::result::Result<Statement, postgres::Error> {
        if let Some(s) = self.statements.get(sql) {
            return Ok(s.clone());
        }
        let s = self.client.prepare(sql)?;
        self.statements.insert(sql, s.clone());
        Ok(s)
    }

    pub(crate) fn query(&mut self, sql: &'static str, params: Params<'_>) -> Tx<Vec<Row>> {
        let s = self.prepared(sql)?;
        Ok(self.client.query(&s, params)?)
    }

    pub(crate) fn query_opt(&mut self, sql: &'static str, params: Params<'_>) -> Tx<Option<Row>> {
        let s = self.prepared(sql)?;
        Ok(self.client.query_opt(&s, params)?)
    }

    pub(crate) fn query_one(&mut self, sql: &'static str, params: Params<'_>) -> Tx<Row> {
        let s = self.prepared(sql)?;
        Ok(self.client.query_one(&s, params)?)
    }

    pub(crate) fn execute(&mut self, sql: &'static str, params: Params<'_>) -> Tx<u64> {
        let s = self.prepared(sql)?;
        Ok(self.client.execute(&s, params)?)
    }

    /// Like [`Session::execute`], handing a database error to `on_error` (which may turn a
    /// unique violation into the core's conflict error).
    pub(crate) fn execute_or(
        &mut self,
        sql: &'static str,
        params: Params<'_>,
        on_error: impl FnOnce(postgres::Error) -> Fail,
    ) -> Tx<u64> {
        let s = self.prepared(sql)?;
        self.client.execute(&s, params).map_err(on_error)
    }
}

impl Conn {
    fn session(&mut self) -> Session<'_> {
        Session { client: &mut self.client, statements: &mut self.statements }
    }

    /// Runs `f` between BEGIN and COMMIT (READ COMMITTED, the server default); any failure rolls
    /// everything back. The outer error is a failed BEGIN: nothing reached the server.
    fn in_transaction<T>(
        &mut self,
        f: &mut impl FnMut(&mut Session<'_>) -> Tx<T>,
    ) -> std::result::Result<Tx<T>, postgres::Error> {
        self.client.batch_execute("BEGIN")?;
        Ok(match f(&mut self.session()) {
            Ok(v) => {
                self.client.batch_execute("COMMIT")?;
                Ok(v)
            }
            Err(e) => {
                // A connection that cannot roll back is not lent again.
                self.broken = self.client.batch_execute("ROLLBACK").is_err();
                Err(e)
            }
        })
    }
}

/// At most `max` connections, opened on demand and kept open for reuse.
pub(crate) struct Pool {
    config: Config,
    max: usize,
    state: Mutex<PoolState>,
    freed: Condvar,
}

struct PoolState {
    idle: Vec<Conn>,
    open: usize,
}

/// A connection lent out by the pool; it goes back on drop, unless it broke.
pub(crate) struct Lent<'a> {
    pool: &'a Pool,
    conn: Option<Conn>,
}

impl Pool {
    pub(crate) fn new(config: Config, max: usize) -> Pool {
        Pool {
            config,
            max: max.max(1),
            state: Mutex::new(PoolState { idle: Vec::new(), open: 0 }),
            freed: Condvar::new(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, PoolState> {
        // The state is two plain fields updated in single statements: a panic elsewhere cannot
        // leave it half-changed.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// An idle connection, a new one while under the cap, or the next one given back.
    pub(crate) fn get(&self) -> Result<Lent<'_>> {
        let mut state = self.lock();
        loop {
            if let Some(conn) = state.idle.pop() {
                if conn.client.is_closed() {
                    state.open -= 1;
                    continue;
                }
                return Ok(Lent { pool: self, conn: Some(conn) });
            }
            if state.open < self.max {
                state.open += 1;
                drop(state);
                return match self.config.connect(NoTls) {
                    Ok(client) => {
                        Ok(Lent { pool: self, conn: Some(Conn { client, statements: HashMap::new(), broken: false }) })
                    }
                    Err(e) => {
                        self.lock().open -= 1;
                        self.freed.notify_one();
                        Err(store_failure(&e))
                    }
                };
            }
            state = self.freed.wait(state).unwrap_or_else(|p| p.into_inner());
        }
    }

    /// Runs `f` as one transaction, again when it loses a deadlock or serialization race.
    pub(crate) fn transaction<T>(&self, mut f: impl FnMut(&mut Session<'_>) -> Tx<T>) -> Result<T> {
        let mut lent = self.get()?;
        let mut attempt = 0;
        let mut reconnected = false;
        loop {
            attempt += 1;
            match lent.conn_mut().in_transaction(&mut f) {
                Ok(Ok(v)) => return Ok(v),
                Ok(Err(Fail::Domain(e))) => return Err(e),
                Ok(Err(Fail::Db(e))) if lost_race(&e) && attempt < TX_ATTEMPTS => {}
                Ok(Err(Fail::Db(e))) => {
                    lent.lost(&e);
                    return Err(store_failure(&e));
                }
                // BEGIN failed on a connection that died while idle in the pool: nothing was
                // sent, so a fresh connection may run the work.
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
        let mut lent = self.get()?;
        match f(&mut lent.conn_mut().session()) {
            Ok(v) => Ok(v),
            Err(Fail::Domain(e)) => Err(e),
            Err(Fail::Db(e)) if idempotent && lent.lost(&e) => {
                drop(lent);
                let mut lent = self.get()?;
                f(&mut lent.conn_mut().session()).map_err(|f| match f {
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

impl Lent<'_> {
    /// Whether `e` means this connection is gone; if so it is not given back to the pool.
    fn lost(&mut self, e: &postgres::Error) -> bool {
        let conn = self.conn_mut();
        conn.broken |= connection_lost(e, &conn.client);
        conn.broken
    }

    fn conn_mut(&mut self) -> &mut Conn {
        // Present from construction until drop.
        self.conn.as_mut().unwrap_or_else(|| unreachable!("a lent connection is present until dropped"))
    }

    /// The connection itself, for set-up work (migrations) outside the statement cache.
    pub(crate) fn client(&mut self) -> &mut Client {
        &mut self.conn_mut().client
    }
}

impl Drop for Lent<'_> {
    fn drop(&mut self) {
        let Some(conn) = self.conn.take() else { return };
        // A panic may have left a transaction open on it: never lend that out again.
        let discard = conn.broken || conn.client.is_closed() || std::thread::panicking();
        let mut state = self.pool.lock();
        if discard {
            state.open -= 1;
            drop(state);
            drop(conn); // closes the connection, outside the pool's lock
        } else {
            state.idle.push(conn);
            drop(state);
        }
        self.pool.freed.notify_one();
    }
}
