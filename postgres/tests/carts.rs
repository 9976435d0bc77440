//! CT1–CT5 on PostgreSQL beyond the conformance suite: submissions racing through pools of two
//! instances on one schema, and what the schema itself enforces.

mod common;

use orderlink::*;
use orderlink_postgres::{PostgresOptions, PostgresStore};
use rust_decimal::Decimal;
use std::sync::{Arc, Barrier};

fn env(seed: u64) -> Env {
    let start = chrono::DateTime::from_timestamp(1_767_225_600, 0).expect("t0");
    Env::new(Arc::new(ManualClock::new(start)), Arc::new(SeededRandom::new(seed)))
}

/// CT4: 16 submissions of one cart at once — 8 through each of two instances' pools on one
/// schema (16 connections in all) — make exactly one order and close the cart once; every
/// caller is answered that order.
#[test]
fn ct4_sixteen_concurrent_submissions_through_pools_make_one_order() {
    let first = common::fresh();
    let schema = first.schema().to_owned();
    let ws = Workspace::create(Arc::new(first), env(1), NewWorkspace::named("Cart Wholesale")).expect("workspace");
    ws.upsert_products(vec![Product::new("FL-1", "Flour 25kg", Some(Decimal::new(1250, 2)))]).expect("products");
    let c = ws.create_customer(NewCustomer::named("Corner Deli")).expect("customer");
    let sam = CartActor::agent("sam").expect("agent");
    let cart = ws.open_cart(c.id, &sam, None).expect("cart");
    let add = CartEdit::Add { product: "FL-1".into(), qty: Decimal::from(2), uom: None };
    ws.update_cart(cart.id, &[add], &sam).expect("edit");
    let url = ws.checkout_link(cart.id, None, &sam).expect("link").url;
    let options = PostgresOptions { schema: Some(schema.clone()), max_connections: 8, ..Default::default() };
    let second = PostgresStore::connect_with(&common::url(), &options).expect("second instance");
    let other = Workspace::open(Arc::new(second), env(2)).expect("open");

    let start = Barrier::new(16);
    let answers: Vec<CartSubmission> = std::thread::scope(|s| {
        let threads: Vec<_> = (0..16)
            .map(|i| {
                let (start, url, h) = (&start, &url, if i % 2 == 0 { &ws } else { &other });
                s.spawn(move || {
                    start.wait();
                    h.submit_cart(url, &format!("SO-{i}")).expect("submit")
                })
            })
            .collect();
        threads.into_iter().map(|t| t.join().expect("thread")).collect()
    });
    assert_eq!(answers.iter().filter(|a| a.created).count(), 1, "{answers:?}");
    assert!(answers.iter().all(|a| a.order_id == answers[0].order_id && a.cart_id == cart.id));
    let orders = ws.customer_orders(c.id).expect("orders");
    assert_eq!((orders.len(), orders[0].id), (1, answers[0].order_id));
    assert_eq!(ws.get_customer(c.id).expect("customer").stats.orders, 1);
    let closed = other.get_cart(cart.id).expect("cart");
    assert_eq!((closed.state, closed.order_id), (CartState::Submitted, Some(answers[0].order_id)));
    assert_eq!(closed.changes.iter().filter(|ch| ch.kind == CartChangeKind::Submitted).count(), 1, "closed once");
    let mut db = common::client();
    let rows = db.query_one(&format!("SELECT count(*) FROM \"{schema}\".orders"), &[]).expect("count").get::<_, i64>(0);
    assert_eq!(rows, 1);
    let changes = db
        .query_one(&format!("SELECT count(*) FROM \"{schema}\".cart_changes WHERE kind = 'submitted'"), &[])
        .expect("count")
        .get::<_, i64>(0);
    assert_eq!(changes, 1);
}

/// CT1: the schema itself refuses a second open cart of one customer (a partial unique index);
/// CT3, W2: a checkout code is a row of the store-wide link-code table.
#[test]
fn ct1_ct3_the_schema_holds_one_open_cart_and_checkout_codes_in_the_link_code_space() {
    let store = common::fresh();
    let schema = store.schema().to_owned();
    let ws = Workspace::create(Arc::new(store), env(3), NewWorkspace::named("Cart Wholesale")).expect("workspace");
    let c = ws.create_customer(NewCustomer::named("Corner Deli")).expect("customer");
    let sam = CartActor::agent("sam").expect("agent");
    let cart = ws.open_cart(c.id, &sam, None).expect("cart");
    let code = ws.checkout_link(cart.id, None, &sam).expect("link").link.code;
    let mut db = common::client();
    let found = db
        .query_opt(&format!("SELECT 1 FROM \"{schema}\".link_codes WHERE code = $1"), &[&code.as_str()])
        .expect("query");
    assert!(found.is_some(), "the checkout code is in link_codes");
    let second = db.execute(
        &format!(
            "INSERT INTO \"{schema}\".carts (ws, id, customer_id, state, version, n_changes, head)
             SELECT ws, gen_random_uuid(), customer_id, 'open', 1, 0, head FROM \"{schema}\".carts"
        ),
        &[],
    );
    assert!(second.is_err(), "a second open cart is refused by the schema");
}
