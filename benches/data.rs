//! The data sets benchmarks share, so a figure means the same thing wherever it is measured
//! (the core's benches on the in-memory store, orderlink-sqlite's on both stores). A bench
//! includes it with `mod data;` (or `#[path = ".../benches/data.rs"] mod data;`).

#![allow(dead_code)] // each bench uses the part it needs

use orderlink::*;
use rust_decimal::Decimal;

/// Products in the pricing data set.
pub const PRODUCTS: usize = 10_000;

/// The SKU of product `i`.
pub fn sku(i: usize) -> String {
    format!("SKU-{i:05}")
}

/// PR4's data set (issue: 10,000 products for one customer, a group covering half, the default
/// list a third): every product has a base price, a third a default-list price, half a price in
/// the group Trade. Returns a customer in Trade.
pub fn load_prices(ws: &Workspace) -> CustomerId {
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
    ws.create_customer(NewCustomer { price_group: Some("Trade".into()), ..NewCustomer::named("Deli") })
        .expect("customer")
        .id
}

/// The quantity the PR5 data set is resolved at.
pub const BREAKS_QTY: i64 = 10;

/// PR5's data set (issue 17: 10,000 products, every one with three breaks in the group and two
/// in the default list): the group Trade prices even products from 5, 10 and 50 and odd ones
/// from 12, 24 and 48, so at `BREAKS_QTY` half the rows come from the group and half fall
/// through to the default list (1+ and 6+). Returns a customer in Trade.
pub fn load_price_breaks(ws: &Workspace) -> CustomerId {
    ws.upsert_products(
        (0..PRODUCTS)
            .map(|i| Product::new(sku(i), format!("Product {i}"), Some(Decimal::new(1000 + i as i64, 2))))
            .collect(),
    )
    .expect("products");
    let cents = |c: usize| Decimal::new(c as i64, 2);
    let list: Vec<(String, Vec<PriceBreak>)> = (0..PRODUCTS)
        .map(|i| {
            (
                sku(i),
                vec![PriceBreak::new(Decimal::ONE, cents(950 + i)), PriceBreak::new(Decimal::from(6), cents(900 + i))],
            )
        })
        .collect();
    ws.set_default_prices(&list).expect("list");
    ws.upsert_price_group("Trade", true).expect("group");
    let group: Vec<(String, Vec<PriceBreak>)> = (0..PRODUCTS)
        .map(|i| {
            let mins: [i64; 3] = if i % 2 == 0 { [5, 10, 50] } else { [12, 24, 48] };
            let prices = [850 + i, 800 + i, 750 + i];
            (sku(i), mins.iter().zip(prices).map(|(m, p)| PriceBreak::new(Decimal::from(*m), cents(p))).collect())
        })
        .collect();
    ws.set_group_prices("Trade", &group).expect("group prices");
    ws.create_customer(NewCustomer { price_group: Some("Trade".into()), ..NewCustomer::named("Deli") })
        .expect("customer")
        .id
}

/// The buyer of key `i`: one business name each, emails shared by groups of businesses.
pub fn buyer(i: usize) -> Buyer {
    Buyer::new(format!("Buyer {i} Trading"), format!("orders{i}@buyer{}.example", i % 997))
}

/// Makes buyers `0..n` known: each gets a customer and a first order on the workspace link,
/// mapped to that customer (P4), so their next orders auto-link (P2).
pub fn map_buyers(ws: &Workspace, n: usize) {
    let link = ws.workspace_link_url().expect("link");
    for i in 0..n {
        let b = buyer(i);
        let c = ws
            .create_customer(NewCustomer {
                email: Some(b.email.clone()),
                ..NewCustomer::named(b.business_name.clone())
            })
            .expect("customer");
        let out = ws.intake_order(&link, Some(&b), NewOrder::new(format!("S-{i}"), Decimal::new(1_000, 2)));
        let Ok(IntakeOutcome::Pending { pending_id, .. }) = out else { panic!("new key expected: {out:?}") };
        ws.map_pending(pending_id, c.id, None).expect("map");
    }
}

/// W4's listing data set: the first word of customer `i`'s name. One customer in eleven is a
/// deli, so the search `deli` matches about 9% of a workspace.
const LIST_KINDS: [&str; 11] =
    ["Deli", "Bakery", "Grocer", "Market", "Café", "Butcher", "Bistro", "Kitchen", "Dairy", "Pantry", "Cellar"];
/// The places customers' names are drawn from.
const LIST_PLACES: [&str; 13] = [
    "Harbour",
    "Corner",
    "Northside",
    "Riverside",
    "Hilltop",
    "Baysvale",
    "Old Town",
    "Parkway",
    "Seaview",
    "Westgate",
    "Lakeside",
    "Elm Street",
    "Station",
];

/// Customer `i` of the listing data set: a place and a kind (`Corner Deli 123`), a code, an
/// email, a phone and a contact, all distinct per customer.
pub fn list_customer(i: usize) -> NewCustomer {
    let kind = LIST_KINDS[i % LIST_KINDS.len()];
    NewCustomer {
        code: Some(format!("C{i:06}")),
        email: Some(format!("orders{i}@{}.example", kind.to_lowercase().replace('é', "e"))),
        phone: Some(format!("+61 2 {:04} {:04}", i / 10_000, i % 10_000)),
        contact: Some(format!("Contact {i}")),
        ..NewCustomer::named(format!("{} {kind} {i}", LIST_PLACES[(i / 11) % LIST_PLACES.len()]))
    }
}

/// Adds customers `0..n` of the listing data set to a workspace.
pub fn load_list_customers(ws: &Workspace, n: usize) {
    for i in 0..n {
        ws.create_customer(list_customer(i)).expect("customer");
    }
}
