//! I9 on the SQL stores: undo of a batch beside its confirm (the workload of
//! `benches/import_undo.rs`), on a SQLite file in a temporary directory and, when
//! `ORDERLINK_PG_URL` is set, on a throwaway PostgreSQL schema. Run:
//! `scripts/with-postgres cargo run --release -p orderlink-postgres --example import_undo_sql -- 50000`
//! (a second argument, `sqlite` or `postgres`, runs one store only).

#[path = "import_undo.rs"]
mod common;

use std::sync::Arc;

fn main() {
    let rows: usize = std::env::args().nth(1).and_then(|n| n.parse().ok()).unwrap_or(50_000);
    let only = std::env::args().nth(2);
    let wants = |s: &str| only.as_deref().is_none_or(|o| o == s);
    if wants("sqlite") {
        let dir = tempfile::tempdir().expect("dir");
        let store = orderlink_sqlite::SqliteStore::open(dir.path().join("bench.db")).expect("sqlite");
        common::report("sqlite", rows, common::confirm_then_undo(Arc::new(store), rows));
    }
    if wants("postgres") {
        match std::env::var("ORDERLINK_PG_URL") {
            Ok(url) => {
                let store = orderlink_postgres::PostgresStore::temporary(&url).expect("postgres");
                common::report("postgres", rows, common::confirm_then_undo(Arc::new(store), rows));
            }
            Err(_) => eprintln!("postgres: skipped (ORDERLINK_PG_URL is not set; run through scripts/with-postgres)"),
        }
    }
}
