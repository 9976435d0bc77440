//! The pricing benches' data set (issue: 10,000 products for one customer, a group covering
//! half, the default list a third), shared by benches/pricing.rs and
//! postgres/benches/store.rs so both measure the same catalogue.

use orderlink::{Product, Workspace};
use rust_decimal::Decimal;

pub const PRODUCTS: usize = 10_000;

/// Loads the catalogue: every product has a base price, a third have a default-list price,
/// half have a price in the active group "Trade".
pub fn load(ws: &Workspace) {
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
}
