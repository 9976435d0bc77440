//! Batch price resolution (issue: 10,000 products for one customer, a group covering half,
//! the default list a third). Run: `cargo bench -p orderlink --bench pricing`.

use criterion::{criterion_group, criterion_main, Criterion};
use orderlink::*;
use rust_decimal::Decimal;
use std::hint::black_box;
use std::sync::Arc;

pub const PRODUCTS: usize = 10_000;

/// The data set: every product has a base price, a third have a default-list price,
/// half have a group price.
fn workspace() -> (Workspace, CustomerId) {
    let env = Env::new(Arc::new(SystemClock), Arc::new(SeededRandom::new(1)));
    let ws = Workspace::create(Arc::new(MemoryStore::new()), env, NewWorkspace::named("Bench")).expect("ws");
    let sku = |i: usize| format!("SKU-{i:05}");
    ws.upsert_products(
        (0..PRODUCTS)
            .map(|i| Product::new(sku(i), format!("Product {i}"), Some(Decimal::new(1000 + i as i64, 2))))
            .collect(),
    )
    .expect("products");
    let list: Vec<_> =
        (0..PRODUCTS).filter(|i| i % 3 == 0).map(|i| (sku(i), Some(Decimal::new(900 + i as i64, 2)))).collect();
    ws.set_default_prices(&list).expect("list");
    ws.upsert_price_group("Trade", true).expect("group");
    let group: Vec<_> =
        (0..PRODUCTS).filter(|i| i % 2 == 0).map(|i| (sku(i), Some(Decimal::new(800 + i as i64, 2)))).collect();
    ws.set_group_prices("Trade", &group).expect("group prices");
    let c =
        ws.create_customer(NewCustomer { price_group: Some("Trade".into()), ..NewCustomer::named("Deli") }).expect("c");
    (ws, c.id)
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
