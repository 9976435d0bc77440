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

/// A plain client on the test server, for looking behind the store.
pub fn client() -> postgres::Client {
    postgres::Client::connect(&url(), postgres::NoTls).expect("connect")
}

/// `url` pointing at another database of the same server (URL or `key=value` form).
pub fn with_dbname(url: &str, dbname: &str) -> String {
    if !(url.starts_with("postgresql://") || url.starts_with("postgres://")) {
        return format!("{url} dbname={dbname}"); // a later key wins in the key=value form
    }
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (url, String::new()),
    };
    let authority_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let host_and_path = &base[authority_end..];
    let host = host_and_path.split('/').next().unwrap_or(host_and_path);
    format!("{}{host}/{dbname}{query}", &base[..authority_end])
}
pub mod proxy;
