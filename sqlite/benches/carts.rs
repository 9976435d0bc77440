//! CT3 on a SQLite file: opening a checkout link beside opening an order link, in the same run
//! (target: at most 1.2×). Run: `cargo bench -p orderlink-sqlite --bench carts`
//! (`ORDERLINK_BENCH_CUSTOMERS`, `ORDERLINK_BENCH_CARTS`, `ORDERLINK_BENCH_ROUNDS`;
//! `ORDERLINK_BENCH_FILE=path` keeps the file, for looking at its query plans).

#[path = "../../benches/carts_links.rs"]
mod carts_links;

use orderlink_sqlite::SqliteStore;
use std::sync::Arc;

fn main() {
    let dir = tempfile::tempdir().expect("dir");
    let path = std::env::var("ORDERLINK_BENCH_FILE").map_or_else(|_| dir.path().join("carts.db"), Into::into);
    let store = Arc::new(SqliteStore::open(path).expect("open"));
    let customers = carts_links::env_count("ORDERLINK_BENCH_CUSTOMERS", 10_000);
    let carts = carts_links::env_count("ORDERLINK_BENCH_CARTS", 1_000);
    let links = carts_links::setup(store, customers, carts);
    carts_links::interleaved("sqlite", &links, carts_links::env_count("ORDERLINK_BENCH_ROUNDS", 100));
}
