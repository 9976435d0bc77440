//! Batch price resolution (issue: 10,000 products for one customer, a group covering half,
//! the default list a third). Run: `cargo bench -p orderlink --bench pricing`.

use criterion::{criterion_group, criterion_main, Criterion};
use orderlink::*;
use std::hint::black_box;
use std::sync::Arc;

mod data;

/// A workspace holding the pricing data set, and its customer in the group.
fn workspace() -> (Workspace, CustomerId) {
    let env = Env::new(Arc::new(SystemClock), Arc::new(SeededRandom::new(1)));
    let ws = Workspace::create(Arc::new(MemoryStore::new()), env, NewWorkspace::named("Bench")).expect("ws");
    let id = data::load_prices(&ws);
    (ws, id)
}

fn pricing(c: &mut Criterion) {
    let (ws, id) = workspace();
    c.bench_function("resolve_prices_10k_products", |b| {
        b.iter(|| black_box(ws.resolve_prices(PriceFor::Customer(id), None).expect("resolve")))
    });
    let book = ws.price_book().expect("book");
    c.bench_function("resolve_many_10k_on_the_book", |b| {
        b.iter(|| black_box(book.resolve_many(None, Some("Trade")).expect("resolve")))
    });
}

criterion_group!(benches, pricing);
criterion_main!(benches);
