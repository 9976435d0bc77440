//! CT1–CT5 on a SQLite file beyond the conformance suite: submissions racing from separate
//! connections (processes' worth of them) to one file, and what the schema itself enforces.

use orderlink::{CartActor, CartEdit, CartState, Env, ManualClock, NewCustomer, NewWorkspace, Product, SeededRandom};
use orderlink::{PlatformStore, Workspace};
use orderlink_sqlite::SqliteStore;
use rust_decimal::Decimal;
use std::path::Path;
use std::sync::{Arc, Barrier};

fn t0() -> chrono::DateTime<chrono::Utc> {
    "2026-01-01T00:00:00Z".parse().expect("time")
}

fn env(seed: u64) -> Env {
    Env::new(Arc::new(ManualClock::new(t0())), Arc::new(SeededRandom::new(seed)))
}

fn open(path: &Path, seed: u64) -> Workspace {
    let store: Arc<dyn PlatformStore> = Arc::new(SqliteStore::open(path).expect("open"));
    Workspace::open(store, env(seed)).expect("workspace")
}

/// CT4: 16 submissions of one cart at once, each through its own connection to the file (as
/// 16 server processes would), make exactly one order and close the cart once; every caller is
/// answered that order.
#[test]
fn ct4_sixteen_submissions_on_separate_connections_make_one_order() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("carts.db");
    let store: Arc<dyn PlatformStore> = Arc::new(SqliteStore::open(&path).expect("create"));
    let ws = Workspace::create(store, env(1), NewWorkspace::named("Cart Wholesale")).expect("workspace");
    ws.upsert_products(vec![Product::new("FL-1", "Flour 25kg", Some(Decimal::new(1250, 2)))]).expect("products");
    let c = ws.create_customer(NewCustomer::named("Corner Deli")).expect("customer");
    let sam = CartActor::agent("sam").expect("agent");
    let cart = ws.open_cart(c.id, &sam, None).expect("cart");
    let add = CartEdit::Add { product: "FL-1".into(), qty: Decimal::from(2), uom: None };
    ws.update_cart(cart.id, &[add], &sam).expect("edit");
    let url = ws.checkout_link(cart.id, None, &sam).expect("link").url;

    let handles: Vec<Workspace> = (0..16).map(|i| open(&path, 100 + i)).collect();
    let start = Barrier::new(handles.len());
    let answers: Vec<orderlink::CartSubmission> = std::thread::scope(|s| {
        let threads: Vec<_> = handles
            .iter()
            .enumerate()
            .map(|(i, h)| {
                let (start, url) = (&start, &url);
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
    let ws = open(&path, 9);
    let orders = ws.customer_orders(c.id).expect("orders");
    assert_eq!(orders.len(), 1);
    assert_eq!(orders[0].id, answers[0].order_id);
    assert_eq!(ws.get_customer(c.id).expect("customer").stats.orders, 1);
    let closed = ws.get_cart(cart.id).expect("cart");
    assert_eq!((closed.state, closed.order_id), (CartState::Submitted, Some(answers[0].order_id)));
    let submits = closed.changes.iter().filter(|ch| ch.kind == orderlink::CartChangeKind::Submitted).count();
    assert_eq!(submits, 1, "closed once");
    let conn = rusqlite::Connection::open(&path).expect("raw");
    let rows: i64 = conn.query_row("SELECT count(*) FROM orders", [], |r| r.get(0)).expect("count");
    assert_eq!(rows, 1);
}

/// CT1: the file itself refuses a second open cart of one customer (a partial unique index), and
/// CT3, W2: a checkout code is a row of the file-wide link-code table.
#[test]
fn ct1_ct3_the_schema_holds_one_open_cart_and_checkout_codes_in_the_link_code_space() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("carts.db");
    let ws = Workspace::create(
        Arc::new(SqliteStore::open(&path).expect("create")),
        env(2),
        NewWorkspace::named("Cart Wholesale"),
    )
    .expect("workspace");
    let c = ws.create_customer(NewCustomer::named("Corner Deli")).expect("customer");
    let sam = CartActor::agent("sam").expect("agent");
    let cart = ws.open_cart(c.id, &sam, None).expect("cart");
    let code = ws.checkout_link(cart.id, None, &sam).expect("link").link.code;
    drop(ws);
    let conn = rusqlite::Connection::open(&path).expect("raw");
    let current: i64 = conn
        .query_row("SELECT current FROM link_codes WHERE code = ?1", [code.as_str()], |r| r.get(0))
        .expect("the checkout code is in link_codes");
    assert_eq!(current, 1);
    let second = conn.execute(
        "INSERT INTO carts (ws, id, customer_id, state, version, doc) SELECT ws, 'other', customer_id, 'open', 1, doc
         FROM carts WHERE id = ?1",
        [cart.id.to_string()],
    );
    assert!(second.is_err(), "a second open cart is refused by the file");
}
