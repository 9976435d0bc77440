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

#[path = "../../benches/catalogue.rs"]
mod catalogue;

fn customers() -> usize {
    std::env::var("ORDERLINK_BENCH_CUSTOMERS").ok().and_then(|n| n.parse().ok()).unwrap_or(10_000)
}

fn buyer(i: usize) -> Buyer {
    Buyer::new(format!("Buyer {i} Trading"), format!("orders{i}@buyer{}.example", i % 997))
}

/// One workspace per store, filled alike: `customers()` customers, each the mapped customer of
/// one buyer; 10,000 products with a base price, a third on the default list, half in the
/// "Trade" group (benches/catalogue.rs, as benches/pricing.rs); the first customer in that group.
struct Filled {
    ws: Workspace,
    customer: Customer,
    link: String,
}

fn fill(store: Arc<dyn Store>) -> Filled {
    let env = Env::new(Arc::new(SystemClock), Arc::new(SeededRandom::new(1)));
    let ws = Workspace::create(store, env, NewWorkspace::named("Bench Wholesale")).expect("workspace");
    let link = ws.workspace_link_url().expect("link");
    catalogue::load(&ws);
    let mut first = None;
    for i in 0..customers() {
        let b = buyer(i);
        let c = ws
            .create_customer(NewCustomer {
                email: Some(b.email.clone()),
                price_group: (i == 0).then(|| "Trade".to_owned()),
                ..NewCustomer::named(b.business_name.clone())
            })
            .expect("customer");
        let out = ws.intake_order(&link, Some(&b), NewOrder::new(format!("S-{i}"), Decimal::new(1_000, 2)));
        let Ok(IntakeOutcome::Pending { pending_id, .. }) = out else { panic!("a new key expected: {out:?}") };
        ws.map_pending(pending_id, c.id, None).expect("map");
        first.get_or_insert(c);
    }
    let customer = first.expect("at least one customer");
    Filled { customer: ws.get_customer(customer.id).expect("customer"), ws, link }
}

fn postgres_store() -> Arc<dyn Store> {
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
        let url = f.ws.link_url(f.customer.id).expect("url");
        group.bench_function(*name, |b| b.iter(|| black_box(f.ws.open_link(&url, None).expect("open"))));
    }
    group.finish();

    let mut group = c.benchmark_group("resolve_prices_10k_products");
    for (name, f) in &filled {
        let whose = PriceFor::Customer(f.customer.id);
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
