//! What only a file store has to show: a workspace survives closing and reopening, several
//! stores (as several processes would) share one file safely, and a file that is not an
//! orderlink file of this version is refused.

use orderlink::{
    Buyer, CustomerPatch, Env, IntakeOutcome, ManualClock, NewCustomer, NewOrder, NewWorkspace, OrderOwner, PendingId,
    PriceFor, Product, SeededRandom, SettingsPatch, Store, VerificationPolicy, Workspace,
};
use orderlink_sqlite::SqliteStore;
use rust_decimal::Decimal;
use std::path::Path;
use std::sync::Arc;

fn t0() -> chrono::DateTime<chrono::Utc> {
    "2026-01-01T00:00:00Z".parse().expect("time")
}

fn env(clock: &Arc<ManualClock>, seed: u64) -> Env {
    Env::new(clock.clone(), Arc::new(SeededRandom::new(seed)))
}

fn open(path: &Path) -> Arc<dyn orderlink::PlatformStore> {
    Arc::new(SqliteStore::open(path).expect("open"))
}

fn pending_of(outcome: IntakeOutcome) -> PendingId {
    match outcome {
        IntakeOutcome::Pending { pending_id, .. } => pending_id,
        other => panic!("expected a pending intake, got {other:?}"),
    }
}

/// Everything a workspace holds, read back through the store.
#[derive(Debug, PartialEq)]
struct Snapshot {
    settings: Option<orderlink::WorkspaceSettings>,
    customers: Vec<orderlink::Customer>,
    rotations: Vec<Vec<orderlink::LinkRotation>>,
    orders: Vec<Vec<orderlink::OrderRef>>,
    pending: Vec<orderlink::PendingBuyer>,
    mappings: Vec<orderlink::Mapping>,
    audit: Vec<orderlink::AuditEntry>,
    book: orderlink::pricing::PriceBook,
    deliveries: Vec<Vec<orderlink::messages::Delivery>>,
    activity: Vec<orderlink::ActivityEvent>,
}

fn customers_of(store: &Arc<dyn Store>) -> Vec<orderlink::CustomerId> {
    let mut ids: Vec<_> = store.all_customers().expect("customers").iter().map(|c| c.id).collect();
    ids.sort();
    ids
}

fn snapshot(store: &Arc<dyn Store>) -> Snapshot {
    let mut customers = store.all_customers().expect("customers");
    customers.sort_by_key(|c| c.id);
    let mut owners: Vec<OrderOwner> = customers.iter().map(|c| OrderOwner::Customer(c.id)).collect();
    owners.push(OrderOwner::Placeholder);
    Snapshot {
        settings: store.settings().expect("settings"),
        rotations: customers.iter().map(|c| store.link_rotations(c.id).expect("rotations")).collect(),
        orders: owners.into_iter().map(|o| store.orders_of(o).expect("orders")).collect(),
        customers,
        pending: store.pending_buyers(false).expect("pending"),
        mappings: store.mappings().expect("mappings"),
        audit: store.audit_trail().expect("audit"),
        book: (*store.price_book().expect("book")).clone(),
        deliveries: customers_of(store).iter().map(|id| store.deliveries_of(*id).expect("deliveries")).collect(),
        activity: store
            .activity_between(t0() - chrono::Duration::days(1), t0() + chrono::Duration::days(1))
            .expect("a"),
    }
}

#[test]
fn reopened_file_keeps_customers_mappings_audit_and_prices() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("shop.db");
    let clock = Arc::new(ManualClock::new(t0()));
    let settings = NewWorkspace { strict_security: true, ..NewWorkspace::named("Harbour Foods") };
    let ws = Workspace::create(open(&path), env(&clock, 1), settings).expect("create");
    ws.update_settings(SettingsPatch { currency: Some("aud".into()), ..Default::default() }).expect("currency");

    let deli = ws
        .create_customer(NewCustomer {
            code: Some("HF-1".into()),
            email: Some("orders@deli.example".into()),
            price_group: Some("Trade".into()),
            tags: vec!["cafe".into(), "north".into()],
            ..NewCustomer::named("Corner Deli")
        })
        .expect("deli");
    let wrong = ws.create_customer(NewCustomer::named("Wrong Co")).expect("wrong");
    let right = ws.create_customer(NewCustomer::named("Right Co")).expect("right");
    ws.update_customer(wrong.id, CustomerPatch { phone: Some(Some("+61 2 5550 1234".into())), ..Default::default() })
        .expect("update");

    let link = ws.workspace_link_url().expect("link");
    let buyer = Buyer::new("Right Co", "r@right.example");
    ws.intake_order(&ws.link_url(deli.id).expect("url"), None, NewOrder::new("D-1", Decimal::new(12_550, 2)))
        .expect("direct");
    let first =
        pending_of(ws.intake_order(&link, Some(&buyer), NewOrder::new("W-1", Decimal::new(1_000, 2))).expect("w1"));
    clock.advance(chrono::Duration::minutes(5));
    ws.map_pending(first, wrong.id, Some("reviewer")).expect("map");
    ws.intake_order(&link, Some(&buyer), NewOrder::new("W-2", Decimal::new(500, 2))).expect("auto-linked");
    ws.remap("Right Co", "r@right.example", right.id, Some("admin")).expect("remap");
    let spam = pending_of(
        ws.intake_order(&link, Some(&Buyer::new("Spam", "s@spam.example")), NewOrder::new("S-1", Decimal::ONE))
            .expect("spam"),
    );
    ws.ignore_pending(spam, None).expect("ignore");
    pending_of(
        ws.intake_order(&link, Some(&Buyer::new("Queue Co", "q@queue.example")), NewOrder::new("Q-1", Decimal::TEN))
            .expect("queued"),
    );
    ws.rotate_link(deli.id, Some("admin"), Some("posted publicly")).expect("rotate");
    ws.set_message_template("Welcome", "Order from {workspace_name}", "Hi {customer_name}: {link_url}")
        .expect("template");
    let spec = orderlink::messages::MessageSpec { template: Some("welcome".into()), ..Default::default() };
    ws.record_delivery(&ws.render_message(deli.id, &spec).expect("message")).expect("delivery");
    ws.record_activity(deli.id, orderlink::ActivityKind::LinkOpened).expect("activity");
    ws.record_activity(deli.id, orderlink::ActivityKind::CheckoutStarted).expect("activity");

    ws.upsert_products(vec![
        Product::new("SKU-1", "Olive oil 1L", Some(Decimal::new(1_250, 2))),
        Product::new("SKU-2", "Flour 10kg", Some(Decimal::new(2_000, 2))),
    ])
    .expect("products");
    ws.set_default_prices(&[("SKU-2".into(), Some(Decimal::new(1_900, 2)))]).expect("default list");
    ws.upsert_price_group("Trade", true).expect("group");
    ws.set_group_prices("Trade", &[("SKU-1".into(), Some(Decimal::new(1_100, 2)))]).expect("group prices");
    let sheet = |ws: &Workspace| {
        let sheet = ws.resolve_prices(PriceFor::Customer(deli.id), None).expect("prices");
        sheet.rows().map(|(p, r)| (p.sku.clone(), r.amount, r.tier)).collect::<Vec<_>>()
    };
    let prices = sheet(&ws);
    let before = snapshot(ws.store());
    assert_eq!((before.customers.len(), before.mappings.len(), before.audit.len()), (3, 1, 3));
    assert_eq!((before.deliveries.concat().len(), before.activity.len()), (1, 2));
    drop(ws);

    let ws = Workspace::open(open(&path), env(&clock, 2)).expect("reopen");
    assert_eq!(snapshot(ws.store()), before);
    assert_eq!(sheet(&ws), prices);
    assert_eq!(prices[0].1, Some(Decimal::new(1_100, 2)), "the group price survives");
    // The reopened workspace carries on from where it was.
    let out = ws.intake_order(&link, Some(&buyer), NewOrder::new("W-3", Decimal::ONE)).expect("after reopen");
    assert!(matches!(out, IntakeOutcome::AutoLinked { customer_id, .. } if customer_id == right.id));
    assert_eq!(ws.get_customer(right.id).expect("right").stats.orders, 3);
    let rotated = ws.get_customer(deli.id).expect("deli");
    assert_eq!(ws.resolve_link(deli.link_code.as_str()).expect("old code"), orderlink::LinkTarget::Unknown);
    assert!(ws.open_link(&ws.link_url(deli.id).expect("url"), None).expect("new code").found);
    assert_eq!(
        ws.create_customer(NewCustomer { code: Some("hf-1".into()), ..NewCustomer::named("Copy") })
            .expect_err("C2 after reopen")
            .code(),
        "CODE_TAKEN"
    );
    assert_ne!(rotated.link_code, deli.link_code);
    let spec = orderlink::messages::MessageSpec { template: Some("Welcome".into()), ..Default::default() };
    assert!(ws.render_message(deli.id, &spec).expect("the template survives").body.starts_with("Hi Corner Deli: "));
}

#[test]
fn a3_sessions_and_challenges_survive_reopening() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("shop.db");
    let clock = Arc::new(ManualClock::new(t0()));
    let policy = VerificationPolicy { max_challenges: 2, ..Default::default() };
    let settings = NewWorkspace { strict_security: true, verification: policy, ..NewWorkspace::named("Strict") };
    let ws = Workspace::create(open(&path), env(&clock, 1), settings).expect("create");
    let c = ws
        .create_customer(NewCustomer { email: Some("buyer@deli.example".into()), ..NewCustomer::named("Deli") })
        .expect("customer");
    let url = ws.link_url(c.id).expect("url");
    let passed = ws.start_verification(&url).expect("first");
    let session = ws.complete_verification(passed.challenge_id, &passed.code_word).expect("pass");
    let open_challenge = ws.start_verification(&url).expect("second");
    drop(ws);

    let ws = Workspace::open(open(&path), env(&clock, 2)).expect("reopen");
    assert!(ws.open_link(&url, Some(&session.token)).expect("open").may_view, "the session is still valid");
    assert_eq!(ws.start_verification(&url).expect_err("the rate limit remembers").code(), "RATE_LIMITED");
    ws.complete_verification(open_challenge.challenge_id, &open_challenge.code_word).expect("the open challenge");
}

/// A workspace in a new file, and a second store open on the same file: two processes, as far
/// as SQLite can tell.
fn two_stores_on_one_file() -> (tempfile::TempDir, Workspace, Workspace) {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("shop.db");
    let clock = Arc::new(ManualClock::new(t0()));
    let a = Workspace::create(open(&path), env(&clock, 1), NewWorkspace::named("Shared")).expect("create");
    let b = Workspace::open(open(&path), env(&clock, 2)).expect("second store");
    (dir, a, b)
}

#[test]
fn l1_two_stores_on_one_file_never_share_a_code() {
    // Each store has its own connection; SQLite's locking (BEGIN IMMEDIATE, the busy timeout)
    // keeps their checks and writes apart.
    let (_dir, a, b) = two_stores_on_one_file();
    let results: Vec<_> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..8)
            .map(|i| {
                let ws = if i % 2 == 0 { a.clone() } else { b.clone() };
                s.spawn(move || {
                    ws.create_customer(NewCustomer { code: Some("RACE".into()), ..NewCustomer::named(format!("R{i}")) })
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("thread")).collect()
    });
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1, "{results:?}");
    assert!(results.iter().filter_map(|r| r.as_ref().err()).all(|e| e.code() == "CODE_TAKEN"));
    assert_eq!(a.store().all_customers().expect("a").len(), 1);
    assert_eq!(b.store().all_customers().expect("b").len(), 1);
}

#[test]
fn price_book_cache_sees_another_stores_change() {
    let (_dir, a, b) = two_stores_on_one_file();
    a.upsert_products(vec![Product::new("SKU-1", "Oil", Some(Decimal::new(1_000, 2)))]).expect("products");
    let price = |ws: &Workspace| ws.resolve_price(PriceFor::WorkspaceLink, "SKU-1").expect("price").amount;
    assert_eq!(price(&b), Some(Decimal::new(1_000, 2)));
    let cached = b.price_book().expect("book");
    assert!(Arc::ptr_eq(&cached, &b.price_book().expect("again")), "an unchanged book is not read again");
    a.upsert_products(vec![Product::new("SKU-1", "Oil", Some(Decimal::new(1_200, 2)))]).expect("new price");
    assert_eq!(price(&b), Some(Decimal::new(1_200, 2)));
    // A save against the version b read before a's change is stale.
    assert_eq!(b.store().save_price_book(&cached, cached.version).expect_err("stale").code(), "STALE_WRITE");
    let renamed = b.update_settings(SettingsPatch { name: Some("Renamed".into()), ..Default::default() }).expect("b");
    assert_eq!(a.settings().expect("a sees it"), renamed);
}

#[test]
fn a_file_of_something_else_is_refused() {
    let dir = tempfile::tempdir().expect("dir");
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "not a database, just some text that is long enough to have a header").expect("write");
    let err = SqliteStore::open(&text).expect_err("text file");
    assert_eq!(err.code(), "STORE_FAILURE");
    assert!(err.to_string().contains("notes.txt"), "{err}");

    let other = dir.path().join("invoices.db");
    rusqlite::Connection::open(&other).expect("db").execute_batch("CREATE TABLE invoices (id INTEGER)").expect("table");
    let err = SqliteStore::open(&other).expect_err("another application's database");
    assert!(err.to_string().contains("it has a 'invoices' table"), "{err}");

    let tagged = dir.path().join("tagged.db");
    drop(SqliteStore::open(&tagged).expect("an orderlink file"));
    pragma(&tagged, "PRAGMA application_id = 4660");
    let err = SqliteStore::open(&tagged).expect_err("another application's id");
    assert!(err.to_string().contains("another application"), "{err}");

    let missing = dir.path().join("missing.db");
    let err = SqliteStore::open_existing(&missing).expect_err("open_existing does not create");
    assert!(err.to_string().contains("does not exist"), "{err}");
    assert!(!missing.exists());
}

#[test]
fn a_file_from_a_newer_orderlink_is_refused() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("shop.db");
    drop(SqliteStore::open(&path).expect("create"));
    pragma(&path, &format!("PRAGMA user_version = {}", orderlink_sqlite::schema::MIGRATIONS.len() + 1));
    let err = SqliteStore::open(&path).expect_err("newer schema");
    assert!(err.to_string().contains("newer orderlink"), "{err}");
}

#[test]
fn a_file_of_an_older_schema_is_migrated_on_open() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("shop.db");
    // A file as the first release of the schema left it.
    let old = rusqlite::Connection::open(&path).expect("db");
    old.execute_batch(orderlink_sqlite::schema::MIGRATIONS[0]).expect("schema 1");
    old.pragma_update(None, "application_id", orderlink_sqlite::schema::APPLICATION_ID).expect("id");
    old.pragma_update(None, "user_version", 1).expect("version");
    drop(old);
    let clock = Arc::new(ManualClock::new(t0()));
    let ws = Workspace::create(open(&path), env(&clock, 1), NewWorkspace::named("Upgraded")).expect("create");
    let c = ws.create_customer(NewCustomer::named("Deli")).expect("customer");
    ws.record_activity(c.id, orderlink::ActivityKind::LinkOpened).expect("a table of schema 2");
    let version: i64 = rusqlite::Connection::open(&path)
        .expect("db")
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("version");
    assert_eq!(version, orderlink_sqlite::schema::MIGRATIONS.len() as i64);
}

#[test]
fn an_empty_file_opens_as_no_workspace_and_a_used_one_refuses_a_second() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("shop.db");
    let err = Workspace::open(open(&path), Env::system()).expect_err("empty");
    assert_eq!(err.code(), "WORKSPACE_NOT_FOUND");
    let ws = Workspace::create(open(&path), Env::system(), NewWorkspace::named("First")).expect("create");
    let err = Workspace::create(open(&path), Env::system(), NewWorkspace::named("Second")).expect_err("used");
    assert_eq!(err.code(), "WORKSPACE_EXISTS");
    assert_eq!(ws.settings().expect("settings").name, "First");
}

/// Runs one statement on the file, as another program would.
fn pragma(path: &Path, sql: &str) {
    rusqlite::Connection::open(path).expect("db").execute_batch(sql).expect("pragma");
}
