//! Round trips to the database per call, counted by a proxy in front of the server
//! (tests/common/proxy.rs): `open_link` 1, `resolve_prices` for a customer 2 (at most), an
//! intake 4 (at most: 3 before PR8, plus the price book's version, read to freeze each line's
//! price at `placed_at`), with the settings read once per call. Each call runs once first, so the
//! connection has its statements prepared (as in a running service), then is counted.
//! benches/README.md quotes these counts.

mod common;

use common::proxy::{Counts, Proxy};
use orderlink::*;
use orderlink_postgres::PostgresStore;
use rust_decimal::Decimal;
use std::sync::Arc;

/// A workspace on a store whose connections go through a counting proxy.
fn proxied() -> (Proxy, Workspace) {
    let tcp = std::env::var("ORDERLINK_PG_TCP_URL").expect("run through scripts/with-postgres");
    let target = tcp.trim_start_matches("postgresql://postgres@").split('/').next().expect("host:port").to_owned();
    let proxy = Proxy::start(target, std::time::Duration::from_millis(1));
    let url = format!("postgresql://postgres@127.0.0.1:{}/postgres?sslmode=disable", proxy.port);
    let store = PostgresStore::temporary(&url).expect("store through the proxy");
    let ws =
        Workspace::create(Arc::new(store), Env::system(), NewWorkspace::named("Counted Foods")).expect("workspace");
    (proxy, ws)
}

/// Runs `f` once to warm the connection, then counts a second run.
fn counted<T>(proxy: &Proxy, mut f: impl FnMut() -> T) -> Counts {
    f();
    proxy.measure(f).1
}

#[test]
fn round_trips_open_link_1_resolve_prices_2_intake_3() {
    let (proxy, ws) = proxied();
    ws.upsert_products(
        (0..50)
            .map(|i| Product::new(format!("SKU-{i}"), format!("Product {i}"), Some(Decimal::new(100 + i, 2))))
            .collect(),
    )
    .expect("products");
    ws.upsert_price_group("trade", true).expect("group");
    ws.set_group_prices("trade", &[("SKU-1".into(), Some(Decimal::new(99, 2)))]).expect("group prices");
    let c = ws
        .create_customer(NewCustomer { price_group: Some("trade".into()), ..NewCustomer::named("Counted Deli") })
        .expect("customer");
    let code = c.link_code.as_str().to_owned();

    let open = counted(&proxy, || ws.open_link(&code, None).expect("open"));
    let prices = counted(&proxy, || ws.resolve_prices(PriceFor::Customer(c.id), None).expect("prices"));

    let link = ws.workspace_link_url().expect("link");
    let mut n = 0;
    let mut order = || {
        n += 1;
        NewOrder::new(format!("RT-{n}"), Decimal::new(1000 + n, 2))
    };
    // A new buyer each time: a new pending record.
    let mut k = 0;
    let new_buyer = counted(&proxy, || {
        k += 1;
        let buyer = Buyer::new(format!("New Buyer {k}"), format!("b{k}@new.example"));
        ws.intake_order(&link, Some(&buyer), order()).expect("intake")
    });
    // The same buyer again: its open record gets the order.
    let known = Buyer::new("Known Buyer", "orders@known.example");
    ws.intake_order(&link, Some(&known), order()).expect("the record made");
    let pending_again = counted(&proxy, || ws.intake_order(&link, Some(&known), order()).expect("intake"));
    // A mapped key: the order goes straight to the customer (stats follow).
    let pending = ws
        .pending_buyers(false)
        .expect("pending")
        .into_iter()
        .find(|p| p.business_name == "Known Buyer")
        .expect("record");
    ws.map_pending(pending.id, c.id, None).expect("map");
    let auto = counted(&proxy, || ws.intake_order(&link, Some(&known), order()).expect("intake"));
    // On the customer's own link.
    let own = counted(&proxy, || ws.intake_order(&code, None, order()).expect("intake"));

    let table = [
        ("open_link (customer link)", open, 1),
        ("resolve_prices (customer, 50 products)", prices, 2),
        ("intake_order (workspace link, new buyer)", new_buyer, 3),
        ("intake_order (workspace link, open record)", pending_again, 3),
        ("intake_order (workspace link, mapped key)", auto, 3),
        ("intake_order (customer link)", own, 3),
    ];
    for (what, counts, _) in &table {
        eprintln!("{what}: {} round trips, {} messages", counts.trips, counts.messages);
    }
    for (what, counts, target) in table {
        assert!(counts.trips <= target, "{what}: {} round trips, target {target}", counts.trips);
    }
    let stats = ws.get_customer(c.id).expect("customer").stats;
    assert_eq!(stats, orderlink::orders::stats_of(&ws.customer_orders(c.id).expect("orders")).expect("stats"));
}
