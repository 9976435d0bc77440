//! The memory store beside the Postgres store, in one run: opening a customer's link among
//! 10,000 customers, resolving a 10,000-product catalogue for one customer, and taking in
//! orders (a mapped repeat buyer, a new buyer). It needs a server:
//! `make bench-postgres` (scripts/with-postgres cargo bench -p orderlink-postgres --bench store).
//! `ORDERLINK_BENCH_CUSTOMERS=N` changes the 10,000 customers (and mapped buyers).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use orderlink::*;
use orderlink_postgres::PostgresStore;
use rust_decimal::Decimal;
use std::hint::black_box;
use std::sync::Arc;

#[path = "../../benches/data.rs"]
mod data;
use data::buyer;

fn customers() -> usize {
    std::env::var("ORDERLINK_BENCH_CUSTOMERS").ok().and_then(|n| n.parse().ok()).unwrap_or(10_000)
}

/// One workspace per store, filled alike from benches/data.rs: the pricing data set (10,000
/// products, a customer in the group Trade) and `customers()` customers, each the mapped
/// customer of one buyer.
struct Filled {
    ws: Workspace,
    priced: CustomerId,
    urls: Vec<String>,
    link: String,
}

fn fill(store: Arc<dyn PlatformStore>) -> Filled {
    let env = Env::new(Arc::new(SystemClock), Arc::new(SeededRandom::new(1)));
    let ws = Workspace::create(store, env, NewWorkspace::named("Bench Wholesale")).expect("workspace");
    let priced = data::load_prices(&ws);
    data::map_buyers(&ws, customers());
    let urls = ws.store().all_customers().expect("all").iter().map(|c| ws.link_url(c.id).expect("url")).collect();
    let link = ws.workspace_link_url().expect("link");
    Filled { ws, priced, urls, link }
}

fn postgres_store() -> Arc<dyn PlatformStore> {
    let url = std::env::var("ORDERLINK_PG_URL").unwrap_or_else(|_| {
        panic!("ORDERLINK_PG_URL is not set: run this bench through scripts/with-postgres (make bench-postgres)")
    });
    Arc::new(PostgresStore::temporary(&url).expect("a fresh schema"))
}

fn stores(c: &mut Criterion) {
    let n = customers();
    let filled = [("memory", fill(Arc::new(MemoryStore::new()))), ("postgres", fill(postgres_store()))];

    let mut group = c.benchmark_group(format!("open_link_among_{n}_customers"));
    for (name, f) in &filled {
        let mut i = 0usize;
        group.bench_function(*name, |b| {
            b.iter(|| {
                i = (i + 7919) % f.urls.len();
                black_box(f.ws.open_link(&f.urls[i], None).expect("open"))
            })
        });
    }
    group.finish();

    let mut group = c.benchmark_group("resolve_prices_10k_products");
    for (name, f) in &filled {
        let whose = PriceFor::Customer(f.priced);
        group.bench_function(*name, |b| b.iter(|| black_box(f.ws.resolve_prices(whose, None).expect("resolve"))));
    }
    group.finish();

    let mut group = c.benchmark_group(format!("intake_{n}_mapped_keys"));
    group.throughput(Throughput::Elements(1));
    for (name, f) in &filled {
        let mut i = 0usize;
        group.bench_function(BenchmarkId::new("repeat_buyer_auto_link", name), |b| {
            b.iter(|| {
                i += 1;
                let out = f.ws.intake_order(&f.link, Some(&buyer(i % n)), NewOrder::new("R", Decimal::ONE));
                black_box(out.expect("intake"))
            })
        });
        let mut m = n;
        group.bench_function(BenchmarkId::new("new_buyer_pending", name), |b| {
            b.iter(|| {
                m += 1;
                let out = f.ws.intake_order(&f.link, Some(&buyer(m)), NewOrder::new("N", Decimal::ONE));
                black_box(out.expect("intake"))
            })
        });
    }
    group.finish();
}

criterion_group!(benches, stores);
criterion_main!(benches);
