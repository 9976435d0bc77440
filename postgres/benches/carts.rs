//! CT3 on PostgreSQL: opening a checkout link beside opening an order link, in the same run
//! (target: at most 1.2×). It needs a server:
//! `scripts/with-postgres cargo bench -p orderlink-postgres --bench carts`
//! (`ORDERLINK_BENCH_CUSTOMERS`, `ORDERLINK_BENCH_CARTS`, `ORDERLINK_BENCH_ROUNDS`).

#[path = "../../benches/carts_links.rs"]
mod carts_links;

use orderlink_postgres::PostgresStore;
use std::sync::Arc;

fn main() {
    let url = std::env::var("ORDERLINK_PG_URL")
        .unwrap_or_else(|_| panic!("ORDERLINK_PG_URL is not set: run this bench through scripts/with-postgres"));
    let store = Arc::new(PostgresStore::temporary(&url).expect("a fresh schema"));
    let customers = carts_links::env_count("ORDERLINK_BENCH_CUSTOMERS", 10_000);
    let carts = carts_links::env_count("ORDERLINK_BENCH_CARTS", 1_000);
    let links = carts_links::setup(store, customers, carts);
    carts_links::interleaved("postgres", &links, carts_links::env_count("ORDERLINK_BENCH_ROUNDS", 30));
}
