//! Rule tests for order history (H1, H2).

use chrono::Duration;
use orderlink::*;
use rust_decimal::Decimal;
use std::sync::Arc;

fn d(s: &str) -> Decimal {
    s.parse().expect("decimal")
}

fn ws() -> (Workspace, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::new("2026-03-01T09:00:00Z".parse().expect("time")));
    let env = Env::new(clock.clone(), Arc::new(SeededRandom::new(11)));
    let ws = Workspace::create(Arc::new(MemoryStore::new()), env, NewWorkspace::named("Harbour Foods")).expect("ws");
    (ws, clock)
}

fn line(sku: &str, qty: i64, uom: Option<&str>) -> OrderLine {
    OrderLine { uom: uom.map(str::to_owned), ..OrderLine::new(sku, Decimal::from(qty)) }
}

/// Places an order on the customer's link, `clock` moving an hour first.
fn place(ws: &Workspace, clock: &ManualClock, c: CustomerId, number: &str, status: OrderStatus, lines: Vec<OrderLine>) {
    clock.advance(Duration::hours(1));
    let order = NewOrder { status, lines, ..NewOrder::new(number, d("10.00")) };
    ws.intake_order(&ws.link_url(c).expect("url"), None, order).expect("intake");
}

fn numbers(h: &OrderHistory) -> Vec<&str> {
    h.orders.iter().map(|o| o.number.as_str()).collect()
}

fn row<'a>(h: &'a OrderHistory, sku: &str) -> &'a ProductHistory {
    h.products.iter().find(|p| p.sku == sku).unwrap_or_else(|| panic!("no row for {sku}"))
}

#[test]
fn h1_newest_ten_first_then_further_pages() {
    let (ws, clock) = ws();
    let c = ws.create_customer(NewCustomer::named("Pier Seafood")).expect("c").id;
    for i in 1..=23 {
        place(&ws, &clock, c, &format!("SO-{i:02}"), OrderStatus::Confirmed, vec![]);
    }
    let first = ws.order_history(c, 1).expect("page 1");
    let expected: Vec<String> = (14..=23).rev().map(|i| format!("SO-{i:02}")).collect();
    assert_eq!(numbers(&first), expected);
    assert_eq!((first.page, first.total_orders, first.has_more), (1, 23, true));
    let second = ws.order_history(c, 2).expect("page 2");
    assert_eq!(numbers(&second)[0], "SO-13");
    assert_eq!((second.orders.len(), second.has_more), (10, true));
    let third = ws.order_history(c, 3).expect("page 3");
    assert_eq!(numbers(&third), ["SO-03", "SO-02", "SO-01"]);
    assert!(!third.has_more);
    let beyond = ws.order_history(c, 4).expect("page 4");
    assert!(beyond.orders.is_empty() && !beyond.has_more);
}

#[test]
fn h1_exactly_ten_orders_is_one_page() {
    let (ws, clock) = ws();
    let c = ws.create_customer(NewCustomer::named("Pier Seafood")).expect("c").id;
    for i in 1..=10 {
        place(&ws, &clock, c, &format!("SO-{i}"), OrderStatus::Confirmed, vec![]);
    }
    let h = ws.order_history(c, 1).expect("page 1");
    assert_eq!((h.orders.len(), h.has_more), (10, false));
}

#[test]
fn h1_drafts_are_listed_but_not_selectable() {
    let (ws, clock) = ws();
    let c = ws.create_customer(NewCustomer::named("Pier Seafood")).expect("c").id;
    place(&ws, &clock, c, "SO-1", OrderStatus::Confirmed, vec![line("EGGS", 2, None)]);
    place(&ws, &clock, c, "DRAFT-2", OrderStatus::Draft, vec![line("EGGS", 1, None), line("MILK", 1, None)]);
    place(&ws, &clock, c, "SO-3", OrderStatus::Invoiced, vec![]);
    let h = ws.order_history(c, 1).expect("history");
    let shown: Vec<(&str, OrderStatus, bool, usize)> =
        h.orders.iter().map(|o| (o.number.as_str(), o.status, o.selectable, o.items())).collect();
    assert_eq!(
        shown,
        [
            ("SO-3", OrderStatus::Invoiced, true, 0),
            ("DRAFT-2", OrderStatus::Draft, false, 2),
            ("SO-1", OrderStatus::Confirmed, true, 1)
        ]
    );
}

#[test]
fn h1_only_the_customers_own_orders_and_page_zero_refused() {
    let (ws, clock) = ws();
    let c = ws.create_customer(NewCustomer::named("Pier Seafood")).expect("c").id;
    let other = ws.create_customer(NewCustomer::named("Bay Cafe")).expect("other").id;
    place(&ws, &clock, c, "SO-1", OrderStatus::Confirmed, vec![]);
    place(&ws, &clock, other, "SO-2", OrderStatus::Confirmed, vec![]);
    let link = ws.workspace_link_url().expect("link");
    ws.intake_order(&link, Some(&Buyer::new("Pier Seafood", "o@pier.example")), NewOrder::new("W-1", d("1")))
        .expect("pending intake");
    assert_eq!(numbers(&ws.order_history(c, 1).expect("history")), ["SO-1"]);
    assert_eq!(ws.order_history(c, 0).unwrap_err().code(), "INVALID_ARGUMENT");
    let unknown = CustomerId(uuid::Uuid::from_u128(3));
    assert_eq!(ws.order_history(unknown, 1).unwrap_err().code(), "CUSTOMER_NOT_FOUND");
}

#[test]
fn h1_same_time_orders_page_the_same_way_every_time() {
    let (ws, _) = ws();
    let c = ws.create_customer(NewCustomer::named("Pier Seafood")).expect("c").id;
    let url = ws.link_url(c).expect("url");
    for i in 0..15 {
        ws.intake_order(&url, None, NewOrder::new(format!("SO-{i}"), d("1"))).expect("intake");
    }
    let one = ws.order_history(c, 1).expect("page 1");
    let two = ws.order_history(c, 2).expect("page 2");
    let mut seen: Vec<OrderId> = one.orders.iter().chain(&two.orders).map(|o| o.id).collect();
    assert_eq!(ws.order_history(c, 1).expect("again"), one);
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 15, "no order on two pages, none missing");
}

#[test]
fn h2_last_ordered_times_ordered_and_last_quantity() {
    let (ws, clock) = ws();
    ws.upsert_products(vec![
        Product::new("EGGS", "Eggs", Some(d("7.00"))),
        Product::new("MILK", "Milk", Some(d("2.00"))),
    ])
    .expect("products");
    let c = ws.create_customer(NewCustomer::named("Pier Seafood")).expect("c").id;
    place(&ws, &clock, c, "SO-1", OrderStatus::Confirmed, vec![line("EGGS", 5, None), line("MILK", 1, None)]);
    place(&ws, &clock, c, "SO-2", OrderStatus::Confirmed, vec![line("EGGS", 2, None), line("EGGS", 3, None)]);
    let last_eggs = clock.now() + Duration::hours(1);
    place(&ws, &clock, c, "SO-3", OrderStatus::Invoiced, vec![line("EGGS", 4, None)]);
    let h = ws.order_history(c, 1).expect("history");
    let eggs = row(&h, "EGGS");
    assert_eq!((eggs.times_ordered, eggs.last_qty, eggs.last_ordered_at), (3, d("4"), last_eggs));
    assert_eq!((eggs.name.as_deref(), eggs.price), (Some("Eggs"), Some(d("7.00"))));
    let milk = row(&h, "MILK");
    assert_eq!((milk.times_ordered, milk.last_qty), (1, d("1")));
    assert_eq!(h.products.iter().map(|p| p.sku.as_str()).collect::<Vec<_>>(), ["EGGS", "MILK"], "most recent first");
    // Two lines of one SKU in one order: one order, quantities summed.
    place(&ws, &clock, c, "SO-4", OrderStatus::Confirmed, vec![line("MILK", 2, None), line("MILK", 3, None)]);
    let milk = row(&ws.order_history(c, 1).expect("history"), "MILK").clone();
    assert_eq!((milk.times_ordered, milk.last_qty), (2, d("5")));
}

#[test]
fn h2_drafts_are_not_products_ordered_before() {
    let (ws, clock) = ws();
    ws.upsert_products(vec![Product::new("EGGS", "Eggs", Some(d("7.00")))]).expect("products");
    let c = ws.create_customer(NewCustomer::named("Pier Seafood")).expect("c").id;
    place(&ws, &clock, c, "SO-1", OrderStatus::Confirmed, vec![line("EGGS", 1, None)]);
    place(&ws, &clock, c, "D-2", OrderStatus::Draft, vec![line("EGGS", 9, None), line("TOAST", 1, None)]);
    let h = ws.order_history(c, 1).expect("history");
    assert_eq!(h.products.len(), 1);
    assert_eq!((h.products[0].times_ordered, h.products[0].last_qty), (1, d("1")));
}

#[test]
fn h2_at_most_fifty_products_most_recently_ordered_first() {
    let (ws, clock) = ws();
    let c = ws.create_customer(NewCustomer::named("Pier Seafood")).expect("c").id;
    for i in 0..12 {
        let lines = (0..5).map(|j| line(&format!("SKU-{:02}", i * 5 + j), 1, None)).collect();
        place(&ws, &clock, c, &format!("SO-{i}"), OrderStatus::Confirmed, lines);
    }
    let h = ws.order_history(c, 1).expect("history");
    assert_eq!(h.products.len(), 50);
    assert_eq!(h.products[0].sku, "SKU-55", "the newest order's first line");
    assert!(h.products.iter().all(|p| p.sku.as_str() >= "SKU-10"), "the oldest two orders' products drop off");
}

#[test]
fn h2_unavailable_when_inactive_out_of_stock_no_price_or_uom_gone() {
    let (ws, clock) = ws();
    ws.upsert_products(vec![
        Product::new("OK", "Fine", Some(d("1.00"))),
        Product { active: false, ..Product::new("OLD", "Retired", Some(d("1.00"))) },
        Product { in_stock: false, ..Product::new("GONE", "Sold out", Some(d("1.00"))) },
        Product::new("QUOTE", "Priced on request", None),
        Product { uom: "carton 12".into(), ..Product::new("CARTON", "Now by the carton", Some(d("9.00"))) },
        Product { uom: "Each".into(), ..Product::new("CASE", "Unit case differs", Some(d("1.00"))) },
    ])
    .expect("products");
    let c = ws.create_customer(NewCustomer::named("Pier Seafood")).expect("c").id;
    let lines = vec![
        line("OK", 1, None),
        line("OLD", 1, None),
        line("GONE", 1, None),
        line("QUOTE", 1, None),
        line("CARTON", 6, Some("each")),
        line("CASE", 1, Some("each")),
        line("NEVER-SOLD", 1, None),
    ];
    place(&ws, &clock, c, "SO-1", OrderStatus::Confirmed, lines);
    let h = ws.order_history(c, 1).expect("history");
    let availability = |sku| row(&h, sku).availability;
    assert_eq!(availability("OK"), Availability::Available);
    assert_eq!(availability("OLD"), Availability::Inactive);
    assert_eq!(availability("GONE"), Availability::OutOfStock);
    assert_eq!(availability("QUOTE"), Availability::NoPrice);
    assert_eq!(availability("CARTON"), Availability::UomGone);
    assert_eq!(availability("CASE"), Availability::Available, "units compare without case");
    assert_eq!(availability("NEVER-SOLD"), Availability::NotInCatalogue);
    assert!(h.products.iter().filter(|p| p.sku != "OK" && p.sku != "CASE").all(|p| !p.availability.is_available()));
    assert_eq!((row(&h, "CARTON").uom.as_deref(), row(&h, "NEVER-SOLD").name.as_deref()), (Some("each"), None));
    // A product that is inactive and has no price says inactive: the first reason is given.
    ws.upsert_products(vec![Product { active: false, ..Product::new("QUOTE", "Priced on request", None) }])
        .expect("update");
    assert_eq!(row(&ws.order_history(c, 1).expect("history"), "QUOTE").availability, Availability::Inactive);
}

#[test]
fn h2_no_price_follows_the_customers_price_resolution() {
    let (ws, clock) = ws();
    ws.upsert_products(vec![Product::new("TRADE-ONLY", "Trade only", None)]).expect("products");
    ws.upsert_price_group("Trade", true).expect("group");
    ws.set_group_prices("Trade", &[("TRADE-ONLY".into(), Some(d("4.40")))]).expect("prices");
    let trade = ws
        .create_customer(NewCustomer { price_group: Some("Trade".into()), ..NewCustomer::named("Trade Co") })
        .expect("trade")
        .id;
    let retail = ws.create_customer(NewCustomer::named("Retail Co")).expect("retail").id;
    for c in [trade, retail] {
        place(&ws, &clock, c, &format!("SO-{c}"), OrderStatus::Confirmed, vec![line("TRADE-ONLY", 1, None)]);
    }
    let for_trade = ws.order_history(trade, 1).expect("trade").products[0].clone();
    assert_eq!((for_trade.price, for_trade.availability), (Some(d("4.40")), Availability::Available));
    let for_retail = ws.order_history(retail, 1).expect("retail").products[0].clone();
    assert_eq!((for_retail.price, for_retail.availability), (None, Availability::NoPrice));
    // PR2a: an inactive group is ignored, so its price no longer makes the product available.
    ws.upsert_price_group("Trade", false).expect("deactivate");
    assert_eq!(ws.order_history(trade, 1).expect("trade").products[0].availability, Availability::NoPrice);
    // A default-list price makes it orderable for everyone.
    ws.set_default_prices(&[("TRADE-ONLY".into(), Some(d("5.00")))]).expect("default");
    let now = ws.order_history(retail, 1).expect("retail").products[0].clone();
    assert_eq!((now.price, now.availability), (Some(d("5.00")), Availability::Available));
}

#[test]
fn h2_order_line_units_are_trimmed_and_checked() {
    let (ws, _) = ws();
    let c = ws.create_customer(NewCustomer::named("Pier Seafood")).expect("c").id;
    let url = ws.link_url(c).expect("url");
    let long = NewOrder { lines: vec![line("EGGS", 1, Some(&"u".repeat(51)))], ..NewOrder::new("SO-1", d("1")) };
    assert_eq!(ws.intake_order(&url, None, long).unwrap_err().code(), "FIELD_TOO_LONG");
    let padded = NewOrder {
        lines: vec![line(" EGGS ", 1, Some("  ")), line("MILK", 1, Some(" carton "))],
        ..NewOrder::new("SO-2", d("1"))
    };
    ws.intake_order(&url, None, padded).expect("intake");
    let h = ws.order_history(c, 1).expect("history");
    assert_eq!(h.orders.len(), 1, "the refused order wrote nothing");
    assert_eq!(h.orders[0].lines, [line("EGGS", 1, None), line("MILK", 1, Some("carton"))]);
}

#[test]
fn h2_stored_orders_without_units_still_read() {
    let line: OrderLine = serde_json::from_str(r#"{"sku": "EGGS", "qty": "2"}"#).expect("old line");
    assert_eq!(line.uom, None);
    let stats: OrderStats =
        serde_json::from_str(r#"{"orders": 2, "amount": "5", "last_order_at": null}"#).expect("old stats");
    assert_eq!(stats.drafts, 0, "records from before drafts were counted apart read as placed orders");
}
