//! The SQLite file store beside the in-memory store, in the same run, so the figures read as
//! ratios: opening a customer link among 10,000 customers, resolving 10,000 prices, and taking
//! in an order (a repeat buyer auto-linked, a new buyer held) among 10,000 mapped keys.
//!
//! Run: `cargo bench -p orderlink-sqlite --bench store -- --warm-up-time 1 --measurement-time 3`

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use orderlink::*;
use orderlink_sqlite::SqliteStore;
use rust_decimal::Decimal;
use std::hint::black_box;
use std::sync::Arc;

#[path = "../../benches/data.rs"]
mod data;
use data::buyer;

const CUSTOMERS: usize = 10_000;
const MAPPED: usize = 10_000;

/// The two stores, each with a fresh workspace. The tempdir lives as long as the benches.
fn stores(dir: &tempfile::TempDir, name: &str) -> [(&'static str, Workspace); 2] {
    let env = || Env::new(Arc::new(SystemClock), Arc::new(SeededRandom::new(1)));
    let sqlite = SqliteStore::open(dir.path().join(format!("{name}.db"))).expect("sqlite");
    [("memory", Arc::new(MemoryStore::new()) as Arc<dyn PlatformStore>), ("sqlite", Arc::new(sqlite))]
        .map(|(label, store)| (label, Workspace::create(store, env(), NewWorkspace::named("Bench")).expect("ws")))
}

fn link_open(c: &mut Criterion, dir: &tempfile::TempDir) {
    let mut group = c.benchmark_group("open_link_10k_customers");
    for (label, ws) in stores(dir, "links") {
        let mut urls = Vec::with_capacity(CUSTOMERS);
        for i in 0..CUSTOMERS {
            let c = ws.create_customer(NewCustomer::named(format!("Customer {i}"))).expect("customer");
            urls.push(ws.link_url(c.id).expect("url"));
        }
        let mut n = 0usize;
        group.bench_function(BenchmarkId::from_parameter(label), |b| {
            b.iter(|| {
                n = (n + 7919) % CUSTOMERS;
                black_box(ws.open_link(&urls[n], None).expect("open"))
            })
        });
    }
    group.finish();
}

/// The pricing bench's data set (benches/data.rs).
fn price_resolve(c: &mut Criterion, dir: &tempfile::TempDir) {
    let mut group = c.benchmark_group("resolve_prices_10k_products");
    for (label, ws) in stores(dir, "prices") {
        let id = data::load_prices(&ws);
        group.bench_function(BenchmarkId::from_parameter(label), |b| {
            b.iter(|| black_box(ws.resolve_prices(PriceFor::Customer(id), None).expect("resolve")))
        });
    }
    group.finish();
}

/// The pending bench's set-up (benches/data.rs) at 10,000 keys: each customer has a mapped
/// buyer key.
fn intake(c: &mut Criterion, dir: &tempfile::TempDir) {
    let mut group = c.benchmark_group("intake_10k_mapped_keys");
    for (label, ws) in stores(dir, "intake") {
        data::map_buyers(&ws, MAPPED);
        let link = ws.workspace_link_url().expect("link");
        let mut n = 0usize;
        group.bench_function(BenchmarkId::new("repeat_buyer_auto_link", label), |b| {
            b.iter(|| {
                n += 1;
                let out = ws.intake_order(&link, Some(&buyer(n % MAPPED)), NewOrder::new("R", Decimal::ONE));
                black_box(out.expect("intake"))
            })
        });
        let mut m = MAPPED;
        group.bench_function(BenchmarkId::new("new_buyer_pending", label), |b| {
            b.iter(|| {
                m += 1;
                let out = ws.intake_order(&link, Some(&buyer(m)), NewOrder::new("N", Decimal::ONE));
                black_box(out.expect("intake"))
            })
        });
    }
    group.finish();
}

fn store_benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    link_open(c, &dir);
    price_resolve(c, &dir);
    intake(c, &dir);
}

criterion_group!(benches, store_benches);
criterion_main!(benches);
