//! What every test file here needs: the server the test script started.

#![allow(dead_code)] // each test file uses its own part

use orderlink_postgres::PostgresStore;

/// The server's URL, from `scripts/with-postgres`. These tests are never skipped: without a
/// server they fail and say how to get one.
pub fn url() -> String {
    match std::env::var("ORDERLINK_PG_URL") {
        Ok(url) if !url.trim().is_empty() => url,
        _ => panic!(
            "ORDERLINK_PG_URL is not set: the Postgres store's tests need a server. Run them through \
             `scripts/with-postgres cargo test -p orderlink-postgres` (or `make test-postgres`), \
             which starts a throwaway PostgreSQL 15 and sets it."
        ),
    }
}

/// A new store in a schema of its own, dropped with the store.
pub fn fresh() -> PostgresStore {
    PostgresStore::temporary(&url()).expect("a fresh schema")
}
