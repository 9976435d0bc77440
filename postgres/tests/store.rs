//! What the PostgreSQL store adds to the conformance suite: migrations, persistence across
//! store values, uniqueness the database enforces on its own, exact times, the price-book cache.

mod common;

use orderlink::orders::stats_of;
use orderlink::*;
use orderlink_postgres::{PostgresOptions, PostgresStore};
use rust_decimal::Decimal;
use std::sync::Arc;

fn env() -> Env {
    let start = chrono::DateTime::from_timestamp(1_767_225_600, 0).expect("t0");
    Env::new(Arc::new(ManualClock::new(start)), Arc::new(SeededRandom::new(7)))
}

fn in_schema(schema: &str) -> PostgresStore {
    let options = PostgresOptions { schema: Some(schema.to_owned()), ..Default::default() };
    PostgresStore::connect_with(&common::url(), &options).expect("connect")
}

/// A schema name of this test's own, dropped by the guard it comes with.
struct Schema(String);

impl Schema {
    fn new(tag: &str) -> Schema {
        Schema(format!("orderlink_test_{tag}_{}", std::process::id()))
    }
}

impl Drop for Schema {
    fn drop(&mut self) {
        let _ = common::client().batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.0));
    }
}

#[test]
fn migrations_apply_once_when_instances_start_together() {
    let schema = Schema::new("together");
    let stores: Vec<PostgresStore> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..6).map(|_| s.spawn(|| in_schema(&schema.0))).collect();
        handles.into_iter().map(|h| h.join().expect("thread")).collect()
    });
    assert!(stores.iter().all(|s| s.schema() == schema.0));
    let applied: Vec<i32> = common::client()
        .query(&format!("SELECT version FROM {}.orderlink_migrations ORDER BY version", schema.0), &[])
        .expect("migrations")
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(applied, (1..=PostgresStore::schema_version() as i32).collect::<Vec<_>>());
    // Connecting again changes nothing.
    drop(in_schema(&schema.0));
}

// A schema written by an earlier release is upgraded in place: tests/migrate.rs, from a dump.

#[test]
fn a_schema_newer_than_the_library_is_refused() {
    let schema = Schema::new("newer");
    drop(in_schema(&schema.0));
    common::client()
        .execute(&format!("INSERT INTO {}.orderlink_migrations (version) VALUES (9999)", schema.0), &[])
        .expect("a future migration");
    let options = PostgresOptions { schema: Some(schema.0.clone()), ..Default::default() };
    let err = PostgresStore::connect_with(&common::url(), &options).expect_err("newer schema");
    assert_eq!(err.code(), "STORE_FAILURE");
    assert!(err.to_string().contains("newer than this orderlink-postgres knows"), "{err}");
}

#[test]
fn schema_names_must_be_plain_identifiers() {
    for bad in ["", "Acme", "acme-co", "acme;drop", "pg_acme", "9lives"] {
        let options = PostgresOptions { schema: Some(bad.into()), ..Default::default() };
        let err = PostgresStore::connect_with(&common::url(), &options).expect_err(bad);
        assert_eq!(err.code(), "INVALID_ARGUMENT", "{bad}");
    }
}

#[test]
fn bad_connection_strings_are_store_failures() {
    let err = PostgresStore::connect("postgresql://[bad").expect_err("unparsable");
    assert_eq!(err.code(), "STORE_FAILURE");
}

/// A database of this test's own, dropped (with its connections) by the guard.
struct Database {
    name: String,
    url: String,
}

impl Database {
    fn new(tag: &str) -> Database {
        let name = format!("orderlink_{tag}_{}", std::process::id());
        let mut admin = common::client();
        admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name}")).expect("clean");
        admin.batch_execute(&format!("CREATE DATABASE {name}")).expect("database");
        Database { url: common::with_dbname(&common::url(), &name), name }
    }

    /// A store on this database with a pool of `max_connections`, and a new workspace in it.
    fn workspace(&self, max_connections: usize, name: &str) -> (Arc<PostgresStore>, Workspace) {
        let options = PostgresOptions { schema: None, max_connections, ..Default::default() };
        let store = Arc::new(PostgresStore::connect_with(&self.url, &options).expect("connect"));
        let ws = Workspace::create(store.clone(), env(), NewWorkspace::named(name)).expect("workspace");
        (store, ws)
    }

    /// Ends every session on this database but the caller's (a restart, as a store sees it).
    fn terminate_sessions(&self) {
        let kill = format!(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{}' AND pid <> pg_backend_pid()",
            self.name
        );
        common::client().batch_execute(&kill).expect("terminate");
    }
}

impl Drop for Database {
    fn drop(&mut self) {
        let _ = common::client().batch_execute(&format!("DROP DATABASE {} WITH (FORCE)", self.name));
    }
}

#[test]
fn connect_uses_the_connections_own_schema() {
    let db = Database::new("connect");
    {
        let store = PostgresStore::connect(&db.url).expect("connect");
        assert_eq!(store.schema(), "public");
        let ws = Workspace::create(Arc::new(store), env(), NewWorkspace::named("Public")).expect("workspace");
        ws.create_customer(NewCustomer::named("Deli")).expect("customer");
    }
    let again = Workspace::open(Arc::new(PostgresStore::connect(&db.url).expect("again")), env()).expect("open");
    assert_eq!(again.store().all_customers().expect("all").len(), 1);
}

/// A pooled connection the server closed (a restart, an idle timeout) is replaced: reads and
/// transactions go through on a fresh one, without the caller seeing the failure.
#[test]
fn a_connection_the_server_closed_is_replaced() {
    let db = Database::new("dead");
    let (_store, ws) = db.workspace(1, "Restarted");
    db.terminate_sessions();
    assert_eq!(ws.settings().expect("a read after the restart").name, "Restarted");
    db.terminate_sessions();
    ws.create_customer(NewCustomer::named("After")).expect("a transaction after the restart");
    assert_eq!(ws.store().all_customers().expect("all").len(), 1);
}

/// Another store value on the same schema (a restarted or second instance) sees everything.
#[test]
fn p3_records_outlive_the_store_value() {
    let first = Arc::new(common::fresh());
    let ws = Workspace::create(first.clone(), env(), NewWorkspace::named("Lasting")).expect("workspace");
    let c =
        ws.create_customer(NewCustomer { code: Some("L-1".into()), ..NewCustomer::named("Lasting Co") }).expect("c");
    let link = ws.workspace_link_url().expect("link");
    let out = ws
        .intake_order(&link, Some(&Buyer::new("New Buyer", "n@buyer.example")), NewOrder::new("W-1", Decimal::ONE))
        .expect("intake");
    let second = Workspace::open(Arc::new(in_schema(first.schema())), env()).expect("open");
    assert_eq!(second.settings().expect("settings"), ws.settings().expect("settings"));
    assert_eq!(second.get_customer(c.id).expect("customer"), c);
    let IntakeOutcome::Pending { pending_id, order_id, .. } = out else { panic!("pending expected: {out:?}") };
    assert_eq!(second.get_pending(pending_id).expect("record").orders, vec![order_id]);
}

/// The uniqueness that matters holds even for writers that bypass the store's checks: it is in
/// the database's own indexes.
#[test]
fn p3_l1_c2_the_database_itself_refuses_duplicates() {
    let store = Arc::new(common::fresh());
    let ws = Workspace::create(store.clone(), env(), NewWorkspace::named("Strict Db")).expect("workspace");
    let c = ws.create_customer(NewCustomer { code: Some("Abc".into()), ..NewCustomer::named("Abc Co") }).expect("c");
    let gone = ws.create_customer(NewCustomer::named("Gone")).expect("gone");
    ws.delete_customer(gone.id).expect("delete");
    let link = ws.workspace_link_url().expect("link");
    ws.intake_order(&link, Some(&Buyer::new("Raw Buyer", "raw@buyer.example")), NewOrder::new("W-1", Decimal::ONE))
        .expect("intake");

    let mut db = common::client();
    db.batch_execute(&format!("SET search_path = {}", store.schema())).expect("path");
    let refused = |db: &mut postgres::Client, sql: &str| {
        let err = db.batch_execute(sql).expect_err(sql);
        assert_eq!(err.code(), Some(&postgres::error::SqlState::UNIQUE_VIOLATION), "{sql}: {err}");
    };
    // P3: a second open record for the key.
    refused(
        &mut db,
        "INSERT INTO pending (ws, id, key_name, key_email, state, body)
         SELECT ws, gen_random_uuid(), key_name, key_email, 'open', body FROM pending",
    );
    // L1: the deleted customer's code is retired, not free.
    refused(
        &mut db,
        &format!(
            "INSERT INTO link_codes (code, ws, customer_id) VALUES ('{}', gen_random_uuid(), gen_random_uuid())",
            gone.link_code
        ),
    );
    // C2: the same code in another case (the store writes the folded key).
    refused(
        &mut db,
        &format!(
            "INSERT INTO link_codes (code, ws, customer_id) VALUES ('X', gen_random_uuid(), gen_random_uuid());
             INSERT INTO customers (ws, id, link_code, code_key, name_key, body)
             SELECT ws, gen_random_uuid(), 'X', 'abc', 'other', body FROM customers WHERE id = '{}'",
            c.id
        ),
    );
}

/// P1, P4: stats are the core's `stats_of` over the orders, to the nanosecond, through attach,
/// mapping and a draft's status change (a `timestamptz` would keep microseconds only).
#[test]
fn p1_p4_stats_match_the_orders_to_the_nanosecond() {
    let store = Arc::new(common::fresh());
    let clock = Arc::new(ManualClock::new(
        chrono::DateTime::from_timestamp(1_767_225_600, 123_456_789).expect("start with nanoseconds"),
    ));
    let ws = Workspace::create(
        store.clone(),
        Env::new(clock.clone(), Arc::new(SeededRandom::new(3))),
        NewWorkspace::named("Nanos"),
    )
    .expect("workspace");
    let c = ws.create_customer(NewCustomer::named("Precise")).expect("c");
    let url = ws.link_url(c.id).expect("url");
    for (i, nanos) in [0i64, 1, 999, 500].into_iter().enumerate() {
        clock.set(chrono::DateTime::from_timestamp(1_767_225_600 + 60, nanos as u32).expect("time"));
        ws.intake_order(&url, None, NewOrder::new(format!("A-{i}"), Decimal::new(1_005 + i as i64, 3)))
            .expect("attach");
    }
    let link = ws.workspace_link_url().expect("link");
    let out = ws
        .intake_order(
            &link,
            Some(&Buyer::new("Precise", "p@precise.example")),
            NewOrder::new("W-1", Decimal::new(7, 1)),
        )
        .expect("intake");
    let IntakeOutcome::Pending { pending_id, .. } = out else { panic!("pending expected") };
    ws.map_pending(pending_id, c.id, None).expect("map");

    let draft = ws
        .intake_order(&url, None, NewOrder { status: OrderStatus::Draft, ..NewOrder::new("D-1", Decimal::ZERO) })
        .expect("a draft");
    let IntakeOutcome::Customer { order_id: draft, .. } = draft else { panic!("customer link expected") };
    assert_eq!(ws.get_customer(c.id).expect("c").stats.drafts, 1);
    ws.store().set_order_status(draft, OrderStatus::Confirmed).expect("submitted");

    let orders = ws.store().orders_of(OrderOwner::Customer(c.id)).expect("orders");
    let stats = ws.get_customer(c.id).expect("c").stats;
    assert_eq!(stats, stats_of(&orders).expect("sum"));
    assert_eq!((stats.orders, stats.drafts), (6, 0), "the draft stopped being one");
    assert_eq!(stats.amount.to_string(), "4.726");
    assert_eq!(stats.last_order_at, Some(chrono::DateTime::from_timestamp(1_767_225_660, 999).expect("latest")));
}

/// PR4: the price book is read once per version; a save by another instance is seen at the
/// next read.
#[test]
fn pr4_price_book_cached_per_version_across_instances() {
    let a = Arc::new(common::fresh());
    let b = Arc::new(in_schema(a.schema()));
    let ws_a = Workspace::create(a.clone(), env(), NewWorkspace::named("Prices")).expect("workspace");
    let ws_b = Workspace::open(b.clone(), env()).expect("open");
    ws_a.upsert_products(vec![Product::new("SKU-1", "One", Some(Decimal::new(500, 2)))]).expect("products");
    let a = ws_a.store().clone();
    let first = a.price_book().expect("book");
    assert!(Arc::ptr_eq(&first, &a.price_book().expect("again")), "an unchanged book is not read again");
    assert_eq!(first.version, 1);

    ws_b.upsert_products(vec![Product::new("SKU-2", "Two", Some(Decimal::new(700, 2)))]).expect("from b");
    let seen = a.price_book().expect("after b saved");
    assert_eq!(seen.version, 2);
    assert_eq!(seen.products().len(), 2);
    assert!(seen.product("SKU-2").is_some(), "the cached book is indexed");
    let price = ws_a.resolve_price(PriceFor::WorkspaceLink, "SKU-2").expect("price");
    assert_eq!(price.amount, Some(Decimal::new(700, 2)));
    // A save against the version a reads is stale once b has saved.
    assert_eq!(a.save_price_book(&first, first.version).expect_err("stale").code(), "STALE_WRITE");
}

/// Point reads running at the same moment (`open_link`, price sheets, an intake's reads) share
/// one connection, pipelined, instead of each taking one of the pool's: sixteen threads opening
/// links together leave the pool's other connections unopened.
#[test]
fn point_reads_share_one_connection_while_they_overlap() {
    let db = Database::new("pipelined");
    let (store, ws) = db.workspace(10, "Pipelined");
    let codes: Vec<String> = (0..16)
        .map(|i| {
            ws.create_customer(NewCustomer::named(format!("Deli {i}"))).expect("customer").link_code.as_str().to_owned()
        })
        .collect();
    let (_, before) = store.connections();
    let start = std::sync::Barrier::new(codes.len());
    std::thread::scope(|s| {
        for code in &codes {
            let (ws, start) = (&ws, &start);
            s.spawn(move || {
                start.wait();
                for _ in 0..100 {
                    let decision = ws.open_link(code, None).expect("open");
                    let customer = decision.customer_id.expect("the link's customer");
                    ws.resolve_prices(PriceFor::Customer(customer), None).expect("prices");
                }
            });
        }
    });
    let (cap, after) = store.connections();
    assert_eq!(cap, 10);
    // Without sharing, 16 overlapping readers open every connection the cap allows.
    assert!(after <= before + 1, "{before} connections before, {after} after 3,200 overlapping point reads");
}

/// The shared connection of point reads, closed by the server, is replaced: the reads running
/// on it go through again on a fresh connection, without the callers seeing the failure.
#[test]
fn a_shared_connection_the_server_closed_is_replaced() {
    let db = Database::new("pipedead");
    let (_store, ws) = db.workspace(4, "Restarted");
    let code = ws.create_customer(NewCustomer::named("Deli")).expect("customer").link_code.as_str().to_owned();
    ws.open_link(&code, None).expect("open before");
    db.terminate_sessions();
    std::thread::scope(|s| {
        for _ in 0..8 {
            s.spawn(|| {
                for _ in 0..20 {
                    assert!(ws.open_link(&code, None).expect("open after the restart").may_view);
                }
            });
        }
    });
}

/// W4: the name-sorted list statements run with their generic plans (the ones they are written
/// for), the setting made local to a transaction of the statement's own, sent with it in one
/// round trip: after a list, the connection's last statement is that transaction's COMMIT and
/// the connection is idle, outside any transaction, so nothing later run on it is planned under
/// the list's setting.
#[test]
fn w4_a_list_does_not_leave_its_planning_setting_on_the_connection() {
    let db = Database::new("generic");
    let (_store, ws) = db.workspace(1, "Generic");
    for i in 0..12 {
        ws.create_customer(NewCustomer::named(format!("Corner Deli {i}"))).expect("customer");
    }
    let query = CustomerQuery { search: Some("deli".into()), count_limit: Some(5), limit: 3, ..Default::default() };
    let page = ws.list_customers(&query).expect("page");
    assert_eq!((page.total, page.total_exact, page.items.len()), (5, false, 3));
    let sessions: Vec<(String, String)> = common::client()
        .query(
            "SELECT state, query FROM pg_stat_activity
             WHERE datname = $1 AND pid <> pg_backend_pid() AND backend_type = 'client backend'",
            &[&db.name],
        )
        .expect("activity")
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    assert_eq!(sessions, [("idle".to_owned(), "COMMIT".to_owned())]);
}

/// W4: a searched page among many matches is walked from the name order, reading no more than
/// its budget of entries (10,000 for a first page); when the matches all sort after that many
/// others, the walk comes out short and the page is made from the gram index instead. The
/// answer is the core's either way.
#[test]
fn w4_a_walk_that_reads_its_budget_gives_the_page_from_the_gram_index() {
    let schema = Schema::new("budget");
    let store: Arc<dyn PlatformStore> = Arc::new(in_schema(&schema.0));
    let ws = Workspace::create(store.clone(), env(), NewWorkspace::named("Budget")).expect("workspace");
    let mut csv = String::from("Code,Name\n");
    for i in 0..1_100 {
        csv.push_str(&format!("D-{i},Zz Deli {i:04}\n"));
    }
    let preview = ws.preview_import(csv.as_bytes(), Some(ImportFormat::Csv), None).expect("preview");
    ws.confirm_import(&preview).expect("confirm");
    // 10,100 customers that sort before every deli, written server-side from one the library
    // made (its body, with the list columns as the library fills them for ASCII names).
    let filler = ws.create_customer(NewCustomer { code: Some("F-0".into()), ..NewCustomer::named("Aa Filler 0") });
    let filler = filler.expect("filler");
    common::client()
        .execute(
            &format!(
                "WITH g AS (
                    SELECT c.ws, md5('filler' || i)::uuid AS id, '1' || lpad(i::text, 24, '0') || '0' AS code,
                           'F-' || i AS ccode, 'Aa Filler ' || i AS name, c.body
                    FROM {s}.customers c, generate_series(1, 10100) i WHERE c.id = $1
                 ), l AS (
                    INSERT INTO {s}.link_codes (code, ws, customer_id) SELECT code, ws, id FROM g
                 )
                 INSERT INTO {s}.customers (ws, id, link_code, code_key, name_key, external_id, body,
                                            name_fold, search, active, managed_by, placed, tags)
                 SELECT ws, id, code, lower(ccode), lower(name), NULL,
                        body || jsonb_build_object('id', id::text, 'name', name, 'code', ccode, 'link_code', code),
                        lower(name), lower(name) || chr(1) || lower(ccode), true, NULL, false, '{{}}'
                 FROM g",
                s = schema.0
            ),
            &[&filler.id.0],
        )
        .expect("fillers");
    let everyone = ws.store().all_customers().expect("all");
    assert_eq!(everyone.len(), 11_201);
    let ids = |p: &Page<Customer>| (p.total, p.total_exact, p.items.iter().map(|c| c.id).collect::<Vec<_>>());
    for count_limit in [None, Some(1_000)] {
        for descending in [false, true] {
            let q = CustomerQuery { search: Some("Deli".into()), count_limit, descending, ..Default::default() };
            let page = ws.list_customers(&q).expect("page");
            let expected = orderlink::listing::list(everyone.clone(), &q).expect("core");
            assert_eq!(ids(&page), ids(&expected), "{q:?}");
            assert_eq!(page, expected);
            assert_eq!(page.items.len(), 50);
        }
    }
}
