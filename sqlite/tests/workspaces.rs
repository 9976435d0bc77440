//! W1–W4 on a SQLite file: many workspaces in one file, one link-code space, what stays per
//! workspace, lists served by SQL; and files written before W1 (schema 4) migrated on open.

use orderlink::{
    Buyer, CustomerQuery, Env, IntakeOutcome, LinkTarget, ManualClock, MemoryStore, NewCustomer, NewOrder,
    NewWorkspace, OrderOwner, Platform, PlatformStore, SeededRandom, SortKey, StatusFilter, Store, Viewer, Workspace,
    WorkspaceId,
};
use orderlink_sqlite::SqliteStore;
use rust_decimal::Decimal;
use std::path::Path;
use std::sync::Arc;

fn t0() -> chrono::DateTime<chrono::Utc> {
    "2026-01-01T00:00:00Z".parse().expect("time")
}

fn env(seed: u64) -> Env {
    Env::new(Arc::new(ManualClock::new(t0())), Arc::new(SeededRandom::new(seed)))
}

fn open(path: &Path) -> Arc<dyn PlatformStore> {
    Arc::new(SqliteStore::open(path).expect("open"))
}

/// A file with two workspaces, each with a customer coded "C-1".
fn two_workspaces(path: &Path) -> (Platform, Workspace, Workspace) {
    let platform = Platform::new(open(path), env(7));
    let harbour = platform.create_workspace(NewWorkspace::named("Harbour Foods")).expect("harbour");
    let pier = platform.create_workspace(NewWorkspace::named("Pier Supplies")).expect("pier");
    for ws in [&harbour, &pier] {
        ws.create_customer(NewCustomer { code: Some("C-1".into()), ..NewCustomer::named("Corner Deli") })
            .expect("C-1 in each workspace");
    }
    (platform, harbour, pier)
}

#[test]
fn w1_w3_two_workspaces_in_one_file_same_customer_code_in_both() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("platform.db");
    let (platform, harbour, pier) = two_workspaces(&path);
    assert_ne!(harbour.id().expect("id"), pier.id().expect("id"));
    assert_eq!(platform.workspaces().expect("all").len(), 2);
    // C2 stays per workspace: a second C-1 in one workspace is refused.
    let err = harbour
        .create_customer(NewCustomer { code: Some("c-1".into()), ..NewCustomer::named("Copy") })
        .expect_err("C2");
    assert_eq!(err.code(), "CODE_TAKEN");
    drop((platform, harbour, pier));

    // Reopened: both workspaces are there, each with its own C-1.
    let store = open(&path);
    assert_eq!(store.workspace_count().expect("count"), 2);
    assert_eq!(Workspace::open(store.clone(), env(1)).expect_err("two workspaces").code(), "WORKSPACE_AMBIGUOUS");
    let platform = Platform::new(store, env(2));
    for s in platform.workspaces().expect("all") {
        let ws = platform.workspace(s.id).expect("workspace");
        let page = ws.list_customers(&CustomerQuery::default()).expect("list");
        assert_eq!(page.total, 1);
        assert_eq!(page.items[0].code.as_deref(), Some("C-1"));
    }
    assert_eq!(platform.workspace(WorkspaceId::default()).expect_err("unknown").code(), "WORKSPACE_NOT_FOUND");
}

#[test]
fn w1_nothing_of_one_workspace_is_visible_from_the_other() {
    let dir = tempfile::tempdir().expect("dir");
    let (_platform, harbour, pier) = two_workspaces(&dir.path().join("platform.db"));
    let deli = harbour.list_customers(&CustomerQuery::default()).expect("list").items.remove(0);
    harbour.add_note(deli.id, "ana", "prefers mornings").expect("note");
    harbour.add_tag(deli.id, "north").expect("tag");
    let link = harbour.workspace_link_url().expect("link");
    harbour
        .intake_order(&link, Some(&Buyer::new("Walk In", "w@walk.example")), NewOrder::new("W-1", Decimal::ONE))
        .expect("pending in harbour");
    harbour
        .intake_order(&harbour.link_url(deli.id).expect("url"), None, NewOrder::new("D-1", Decimal::TEN))
        .expect("order in harbour");
    harbour
        .upsert_products(vec![orderlink::Product::new("SKU-1", "Oil", Some(Decimal::new(1_000, 2)))])
        .expect("price");

    let p = pier.store();
    assert!(p.customer(deli.id).expect("customer").is_none(), "another workspace's customer by id");
    assert!(p.customer_by_link_code(&deli.link_code).expect("by link").is_none());
    assert_eq!(pier.get_customer(deli.id).expect_err("get").code(), "CUSTOMER_NOT_FOUND");
    assert_eq!(p.all_customers().expect("all").len(), 1);
    let q = CustomerQuery { filter: StatusFilter::All, search: Some("corner".into()), ..Default::default() };
    assert_eq!(pier.list_customers(&q).expect("search").total, 1);
    let tagged = CustomerQuery { tag: Some("north".into()), ..Default::default() };
    assert_eq!(pier.list_customers(&tagged).expect("tag").total, 0);
    assert_eq!(harbour.list_customers(&tagged).expect("tag").total, 1);
    assert!(pier.pending_buyers(true).expect("pending").is_empty());
    assert!(pier.audit_trail().expect("audit").is_empty());
    assert!(p.orders_of(OrderOwner::Placeholder).expect("placeholder").is_empty());
    assert!(p.notes_of(deli.id).expect("notes").is_empty());
    assert!(p.price_book().expect("book").products().is_empty());
    assert_eq!(pier.list_customers(&CustomerQuery::default()).expect("list").items[0].stats.orders, 0);
    assert_eq!(pier.delete_customer(deli.id).expect_err("delete").code(), "CUSTOMER_NOT_FOUND");
    assert_eq!(harbour.get_customer(deli.id).expect("still there").stats.orders, 1);
}

#[test]
fn w2_a_link_of_one_workspace_resolves_through_the_store() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("platform.db");
    let (platform, harbour, pier) = two_workspaces(&path);
    let deli = pier.list_customers(&CustomerQuery::default()).expect("list").items.remove(0);
    let url = pier.link_url(deli.id).expect("url");
    drop((platform, harbour));

    let platform = Platform::new(open(&path), env(3));
    let found = platform.resolve_link(&url).expect("resolve");
    assert_eq!(found.workspace_id, Some(pier.id().expect("id")));
    assert_eq!(found.target, LinkTarget::Customer { customer_id: deli.id });
    let ws_link = platform.resolve_link(&pier.workspace_link_url().expect("link")).expect("workspace link");
    assert_eq!((ws_link.workspace_id, ws_link.target), (Some(pier.id().expect("id")), LinkTarget::Workspace));
    let unknown = platform.resolve_link("7zq4mxdon5w8k3jy6hbvrt2ca0").expect("unknown");
    assert_eq!((unknown.workspace_id, unknown.target), (None, LinkTarget::Unknown));

    // Intake through the link reaches the right workspace.
    let (ws, decision) = platform.open_link(&url, None).expect("open");
    assert!(decision.found);
    let ws = ws.expect("the owning workspace");
    assert_eq!(ws.id().expect("id"), pier.id().expect("id"));
    ws.intake_order(&url, None, NewOrder::new("P-1", Decimal::TEN)).expect("intake");
    assert_eq!(pier.get_customer(deli.id).expect("deli").stats.orders, 1);

    // A rotated code answers unknown everywhere, and is never issued again.
    let rotated = pier.rotate_link(deli.id, None, None).expect("rotate");
    assert_eq!(platform.resolve_link(&url).expect("old").target, LinkTarget::Unknown);
    assert_eq!(
        platform.resolve_link(rotated.link_code.as_str()).expect("new").workspace_id,
        Some(pier.id().expect("id"))
    );
}

#[test]
fn w2_the_file_refuses_a_code_another_workspace_holds_or_held() {
    let dir = tempfile::tempdir().expect("dir");
    let (_platform, harbour, pier) = two_workspaces(&dir.path().join("platform.db"));
    let theirs = harbour.list_customers(&CustomerQuery::default()).expect("list").items.remove(0);
    let u = orderlink::Uniqueness { unique_names: false, workspace_code: pier.settings().expect("s").link_code };
    let mut copy = theirs.clone();
    copy.id = orderlink::CustomerId::random(&SeededRandom::new(9));
    copy.code = None;
    assert_eq!(pier.store().insert_customer(&copy, &u).expect_err("held").code(), "LINK_CODE_TAKEN");
    copy.link_code = harbour.settings().expect("s").link_code;
    assert_eq!(pier.store().insert_customer(&copy, &u).expect_err("a workspace's").code(), "LINK_CODE_TAKEN");
    // Retired by a rotation: still never issued again.
    let old = theirs.link_code.clone();
    harbour.rotate_link(theirs.id, None, None).expect("rotate");
    copy.link_code = old;
    assert_eq!(pier.store().insert_customer(&copy, &u).expect_err("retired").code(), "LINK_CODE_TAKEN");
}

#[test]
fn w1_concurrent_intakes_into_two_workspaces() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("platform.db");
    let (_platform, harbour, pier) = two_workspaces(&path);
    // A second store on the file, as a second process would hold it.
    let other = Platform::new(open(&path), env(4));
    let pier_too = other.workspace(pier.id().expect("id")).expect("pier");
    let links = [harbour.workspace_link_url().expect("h"), pier.workspace_link_url().expect("p")];
    std::thread::scope(|s| {
        for t in 0..8 {
            let ws = [&harbour, &pier_too][t % 2].clone();
            let link = links[t % 2].clone();
            s.spawn(move || {
                for i in 0..5 {
                    let buyer = Buyer::new(format!("Buyer {}", i % 2), format!("b{}@x.example", i % 2));
                    ws.intake_order(&link, Some(&buyer), NewOrder::new(format!("T{t}-{i}"), Decimal::ONE))
                        .expect("intake");
                }
            });
        }
    });
    for ws in [&harbour, &pier] {
        let pending = ws.pending_buyers(false).expect("pending");
        assert_eq!(pending.len(), 2, "one record per key in each workspace");
        assert_eq!(pending.iter().map(|p| p.orders.len()).sum::<usize>(), 20);
    }
}

/// Customers with names, codes, emails, tags, owners and orders enough to tell sorts apart.
fn populate(ws: &Workspace, n: usize, salt: &str) {
    let names = [
        "Zeta",
        "alpha",
        "Émile",
        "beta",
        "Delta",
        "gamma",
        "Ærø Deli",
        "deli Corner",
        "Straße",
        "ÉCOLE",
        "Joe's \"Best\" Deli",
        "a*b (NEAR) name_f:x",
    ];
    let owner = orderlink::UserId::random(&SeededRandom::new(5));
    for i in 0..n {
        let c = ws
            .create_customer(NewCustomer {
                code: (i % 3 != 0).then(|| format!("{salt}-{}", (i * 7919) % 1009)).filter(|_| i % 5 != 1),
                email: (i % 4 != 0).then(|| format!("{}@shop{}.example", salt.to_lowercase(), i % 6)),
                phone: (i % 2 == 0).then(|| format!("+61 2 555{i:04}")),
                contact: (i % 3 == 1).then(|| names[(i + 3) % names.len()].to_string()),
                tags: if i % 4 == 2 { vec!["North".into()] } else { vec![] },
                managed_by: (i % 5 == 0).then_some(owner),
                active: i % 7 != 3,
                ..NewCustomer::named(format!("{} {}", names[i % names.len()], i % 4))
            })
            .expect("customer");
        if i % 3 == 2 && c.active {
            let url = ws.link_url(c.id).expect("url");
            ws.intake_order(&url, None, NewOrder::new(format!("{salt}{i}"), Decimal::new(i as i64 * 37 % 100, 1)))
                .expect("order");
        }
    }
}

#[test]
fn w4_sql_listing_equals_the_core_listing_in_each_workspace() {
    let dir = tempfile::tempdir().expect("dir");
    let platform = Platform::new(open(&dir.path().join("platform.db")), env(11));
    let a = platform.create_workspace(NewWorkspace::named("A")).expect("a");
    let b = platform.create_workspace(NewWorkspace::named("B")).expect("b");
    populate(&a, 40, "A");
    populate(&b, 25, "B");
    let owner = orderlink::UserId::random(&SeededRandom::new(5));
    let sorts = [
        SortKey::Name,
        SortKey::Code,
        SortKey::Email,
        SortKey::Phone,
        SortKey::Contact,
        SortKey::Active,
        SortKey::OrderWebAccess,
        SortKey::Orders,
        SortKey::Amount,
        SortKey::LastOrder,
        SortKey::CreatedAt,
    ];
    let searches = [
        None,
        Some("e"),
        Some("DELI"),
        Some("ær"),
        Some("strasse"),
        Some("shop3"),
        Some("555"),
        Some("a-"),
        Some("  "),
        Some("\"best\""),
        Some("s \"b"),
        Some("a*b"),
        Some("(near)"),
        Some("name_f:x"),
        Some("OR"),
        Some("nothing like it"),
    ];
    let mut checked = 0;
    for ws in [&a, &b] {
        let all = ws.store().all_customers().expect("all");
        for sort in sorts {
            for search in searches {
                for (filter, viewer, tag, kind) in [
                    (StatusFilter::Active, Viewer::Admin, None, None),
                    (StatusFilter::All, Viewer::Guest(owner), None, None),
                    (StatusFilter::Inactive, Viewer::Admin, None, Some(orderlink::CustomerKind::Lead)),
                    (StatusFilter::All, Viewer::Admin, Some("north"), Some(orderlink::CustomerKind::Customer)),
                ] {
                    // W4: and with a count limit below most match counts.
                    for (descending, offset, limit, count_limit) in
                        [(false, 0, 50, None), (true, 3, 4, None), (false, 2, 5, Some(3)), (true, 0, 50, Some(9))]
                    {
                        let q = CustomerQuery {
                            filter,
                            search: search.map(str::to_owned),
                            sort,
                            descending,
                            offset,
                            limit,
                            viewer,
                            tag: tag.map(str::to_owned),
                            kind,
                            address: None,
                            count_limit,
                        };
                        let want = orderlink::listing::list(all.clone(), &q).expect("core");
                        assert_eq!(ws.list_customers(&q).expect("sql"), want, "{q:?}");
                        checked += 1;
                    }
                }
            }
        }
    }
    assert!(checked > 2000);
}

// --- files written before W1 ------------------------------------------------------------------

fn copy_of(fixture: &str, dir: &Path) -> std::path::PathBuf {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(fixture);
    let to = dir.join(fixture);
    std::fs::copy(from, &to).expect("copy the fixture");
    to
}

/// `tests/fixtures/schema4-cli.db` was written by the CLI of the release before W1 (schema 4):
/// `orderlink workspace create --db schema4.db --base-url https://orderverse.io "Harbour Foods"`
/// then `orderlink import confirm --db schema4.db --skip-errors examples/customers.csv`.
#[test]
fn w1_a_schema_4_file_from_the_cli_keeps_its_workspace_codes_and_customers() {
    let dir = tempfile::tempdir().expect("dir");
    let path = copy_of("schema4-cli.db", dir.path());
    let store = open(&path);
    let ws = Workspace::open(store.clone(), env(1)).expect("the one workspace");
    let settings = ws.settings().expect("settings");
    assert_eq!(settings.name, "Harbour Foods");
    assert_eq!(settings.id.to_string(), "022dac69-ee8a-4b0b-969e-6df35b5f759c", "the id the file carried");
    assert_eq!(settings.link_code.as_str(), "JT7PX3CQ1F80XY46D7M69SF25R");
    let customers = ws.list_customers(&CustomerQuery { filter: StatusFilter::All, ..Default::default() }).expect("l");
    assert_eq!(customers.total, 4);
    let deli = customers.items.iter().find(|c| c.code.as_deref() == Some("C-1001")).expect("C-1001");
    assert_eq!(deli.link_code.as_str(), "8D502THJCHFC6P7Q27YX1NY2RG");
    let search = CustomerQuery { search: Some("corner".into()), ..Default::default() };
    assert_eq!(ws.list_customers(&search).expect("search").items[0].id, deli.id, "the search index was built");

    let platform = Platform::new(store, env(2));
    let found = platform.resolve_link("https://orderverse.io/order/8D502THJCHFC6P7Q27YX1NY2RG").expect("link");
    assert_eq!(found.target, LinkTarget::Customer { customer_id: deli.id });
    assert_eq!(found.workspace_id, Some(settings.id));
    assert_eq!(platform.resolve_link(settings.link_code.as_str()).expect("w").target, LinkTarget::Workspace);
    let err =
        ws.create_customer(NewCustomer { code: Some("c-1001".into()), ..NewCustomer::named("X") }).expect_err("C2");
    assert_eq!(err.code(), "CODE_TAKEN");
    // A second workspace joins the migrated file, with the same customer code.
    let other = platform.create_workspace(NewWorkspace::named("Pier Supplies")).expect("second");
    other.create_customer(NewCustomer { code: Some("C-1001".into()), ..NewCustomer::named("Deli") }).expect("W3");
}

/// The schema-4 rows of everything a workspace holds, written as the schema-4 store wrote them,
/// from a workspace the core built in memory; its settings document carries no id (as one
/// written before W1 does not).
fn write_schema_4(path: &Path, ws: &Workspace) {
    use rusqlite::params;
    let s = ws.store();
    let conn = rusqlite::Connection::open(path).expect("db");
    for sql in &orderlink_sqlite::schema::MIGRATIONS[..4] {
        conn.execute_batch(sql).expect("schema");
    }
    conn.pragma_update(None, "application_id", orderlink_sqlite::schema::APPLICATION_ID).expect("id");
    conn.pragma_update(None, "user_version", 4).expect("version");
    let mut settings: serde_json::Value = serde_json::to_value(ws.settings().expect("s")).expect("json");
    settings.as_object_mut().expect("object").remove("id");
    conn.execute("INSERT INTO settings (id, rev, doc) VALUES (1, 3, ?1)", [settings.to_string()]).expect("settings");
    let mut customers = s.all_customers().expect("customers");
    customers.sort_by_key(|c| c.created_at);
    for c in &customers {
        conn.execute(
            "INSERT INTO customers (id, version, link_code, code_key, name_key, external_id, active, doc)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                c.id.to_string(),
                c.version as i64,
                c.link_code.as_str(),
                c.code_key(),
                c.name_key(),
                c.external_id,
                c.active,
                json(c)
            ],
        )
        .expect("customer");
        conn.execute("INSERT INTO issued_link_codes (code) VALUES (?1)", [c.link_code.as_str()]).expect("code");
    }
    let pending = s.pending_buyers(false).expect("pending");
    let mut orders: Vec<orderlink::OrderRef> = customers
        .iter()
        .map(|c| OrderOwner::Customer(c.id))
        .chain([OrderOwner::Placeholder])
        .flat_map(|o| s.orders_of(o).expect("orders"))
        .collect();
    orders.sort_by_key(|o| (o.placed_at, o.id));
    for o in &orders {
        let under = pending.iter().find(|p| p.orders.contains(&o.id)).map(|p| p.id.to_string());
        conn.execute(
            "INSERT INTO orders (id, owner, key_name, key_email, pending_id, doc) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                o.id.to_string(),
                match o.owner {
                    OrderOwner::Customer(id) => Some(id.to_string()),
                    OrderOwner::Placeholder => None,
                },
                o.via_key.as_ref().map(|k| k.name.clone()),
                o.via_key.as_ref().map(|k| k.email.clone()),
                under,
                json(o)
            ],
        )
        .expect("order");
    }
    for p in &pending {
        let doc = orderlink::PendingBuyer { orders: Vec::new(), ..p.clone() };
        conn.execute(
            "INSERT INTO pending (id, key_name, key_email, open, doc) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![p.id.to_string(), p.key.name, p.key.email, p.state == orderlink::PendingState::Open, json(&doc)],
        )
        .expect("pending");
    }
    for m in s.mappings().expect("mappings") {
        conn.execute(
            "INSERT INTO mappings (key_name, key_email, customer_id, doc) VALUES (?1, ?2, ?3, ?4)",
            params![m.key.name, m.key.email, m.customer_id.to_string(), json(&m)],
        )
        .expect("mapping");
    }
    for a in s.audit_trail().expect("audit") {
        conn.execute("INSERT INTO audit (doc) VALUES (?1)", [json(&a)]).expect("audit");
    }
    let book = s.price_book().expect("book");
    conn.execute(
        "INSERT INTO price_book (id, version, doc) VALUES (1, ?1, ?2)",
        params![book.version as i64, json(&*book)],
    )
    .expect("book");
}

/// A record as its JSON document.
fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("json")
}

#[test]
fn w1_a_schema_4_file_with_orders_pending_buyers_and_mappings_is_migrated() {
    let memory =
        Workspace::create(Arc::new(MemoryStore::new()), env(21), NewWorkspace::named("Old Foods")).expect("workspace");
    let deli =
        memory.create_customer(NewCustomer { code: Some("OF-1".into()), ..NewCustomer::named("Deli") }).expect("c");
    let cafe = memory.create_customer(NewCustomer::named("Cafe Uno")).expect("cafe");
    let link = memory.workspace_link_url().expect("link");
    let buyer = Buyer::new("Cafe Uno", "uno@cafe.example");
    memory.intake_order(&memory.link_url(deli.id).expect("url"), None, NewOrder::new("D-1", Decimal::TEN)).expect("d");
    let IntakeOutcome::Pending { pending_id, .. } =
        memory.intake_order(&link, Some(&buyer), NewOrder::new("W-1", Decimal::ONE)).expect("w1")
    else {
        panic!("pending")
    };
    memory.map_pending(pending_id, cafe.id, Some("ana")).expect("map");
    memory
        .intake_order(&link, Some(&Buyer::new("New Co", "n@new.example")), NewOrder::new("W-2", Decimal::TWO))
        .expect("queued");
    memory.upsert_products(vec![orderlink::Product::new("SKU-1", "Oil", Some(Decimal::TEN))]).expect("products");

    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("old.db");
    write_schema_4(&path, &memory);
    let ws = Workspace::open(open(&path), env(22)).expect("migrated");
    let id = ws.id().expect("id");
    assert_ne!(id, WorkspaceId::default(), "a workspace without an id is given one");
    assert_eq!(Workspace::open(open(&path), env(23)).expect("again").id().expect("id"), id, "and keeps it");
    let (old, new) = (memory.store(), ws.store());
    let sorted = |s: &Arc<dyn Store>| {
        let mut all = s.all_customers().expect("customers");
        all.sort_by_key(|c| c.id);
        all
    };
    assert_eq!(sorted(new), sorted(old));
    for owner in [OrderOwner::Customer(deli.id), OrderOwner::Customer(cafe.id), OrderOwner::Placeholder] {
        assert_eq!(new.orders_of(owner).expect("new"), old.orders_of(owner).expect("old"));
    }
    assert_eq!(new.pending_buyers(false).expect("new"), old.pending_buyers(false).expect("old"));
    assert_eq!(new.mappings().expect("new"), old.mappings().expect("old"));
    assert_eq!(new.audit_trail().expect("new"), old.audit_trail().expect("old"));
    assert_eq!(*new.price_book().expect("new"), *old.price_book().expect("old"));
    assert_eq!(ws.settings().expect("s").link_code, memory.settings().expect("s").link_code);

    // It carries on: the mapping auto-links, the queued key collects, the links resolve.
    let out = ws.intake_order(&link, Some(&buyer), NewOrder::new("W-3", Decimal::ONE)).expect("after");
    assert!(matches!(out, IntakeOutcome::AutoLinked { customer_id, .. } if customer_id == cafe.id));
    let out = ws
        .intake_order(&link, Some(&Buyer::new("New Co", "n@new.example")), NewOrder::new("W-4", Decimal::ONE))
        .expect("queued again");
    assert!(matches!(out, IntakeOutcome::Pending { new_record: false, .. }));
    assert_eq!(ws.resolve_link(deli.link_code.as_str()).expect("r"), LinkTarget::Customer { customer_id: deli.id });
    let err = ws.create_customer(NewCustomer { code: Some("of-1".into()), ..NewCustomer::named("X") }).expect_err("C2");
    assert_eq!(err.code(), "CODE_TAKEN");
    let q = CustomerQuery { search: Some("uno".into()), ..Default::default() };
    assert_eq!(ws.list_customers(&q).expect("search").items[0].id, cafe.id);
}
