//! W1–W4 on PostgreSQL: many workspaces in one schema, served by one pool; one link-code
//! space; nothing of one workspace visible, counted, matched, priced or mapped from another.

mod common;

use orderlink::listing::list;
use orderlink::*;
use orderlink_postgres::{PostgresOptions, PostgresStore};
use rust_decimal::Decimal;
use std::sync::Arc;

fn env(seed: u64) -> Env {
    let start = chrono::DateTime::from_timestamp(1_767_225_600, 0).expect("t0");
    Env::new(Arc::new(ManualClock::new(start)), Arc::new(SeededRandom::new(seed)))
}

fn platform(store: &Arc<PostgresStore>, seed: u64) -> Platform {
    Platform::new(store.clone(), env(seed))
}

fn coded(code: &str, name: &str) -> NewCustomer {
    NewCustomer {
        code: Some(code.into()),
        email: Some(format!("orders@{}.example", code.to_lowercase())),
        ..NewCustomer::named(name)
    }
}

#[test]
fn w1_w3_two_workspaces_share_tables_but_nothing_else() {
    let store = Arc::new(common::fresh());
    let p = platform(&store, 1);
    let a = p.create_workspace(NewWorkspace::named("Harbour Foods")).expect("a");
    let b = p.create_workspace(NewWorkspace::named("Coast Dairy")).expect("b");
    assert_ne!(a.id().expect("a id"), b.id().expect("b id"));
    assert_eq!(
        p.workspaces().expect("all").iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
        ["Harbour Foods", "Coast Dairy"]
    );
    assert_eq!(store.workspace_count().expect("count"), 2);

    // W3: the same customer code, and the same name, in both.
    let ca = a.create_customer(coded("C-1", "Corner Deli")).expect("in a");
    let cb = b.create_customer(coded("C-1", "Corner Deli")).expect("W3: same code in b");
    assert_eq!(a.create_customer(coded("c-1", "Other")).expect_err("C2 within a").code(), "CODE_TAKEN");
    b.create_customer(coded("C-2", "Only In B")).expect("b2");

    // Lists, counts and searches see one workspace.
    let all = CustomerQuery { filter: StatusFilter::All, ..Default::default() };
    assert_eq!(a.list_customers(&all).expect("a list").total, 1);
    assert_eq!(b.list_customers(&all).expect("b list").total, 2);
    let search = CustomerQuery { search: Some("only".into()), ..Default::default() };
    assert_eq!(a.list_customers(&search).expect("a search").total, 0);
    assert_eq!(b.list_customers(&search).expect("b search").total, 1);
    assert_eq!(a.store().all_customers().expect("a all").len(), 1);

    // Ids of one workspace are unknown in the other.
    assert_eq!(a.get_customer(cb.id).expect_err("b's customer from a").code(), "CUSTOMER_NOT_FOUND");
    assert!(a.store().customer_by_link_code(&cb.link_code).expect("by link").is_none());
    assert_eq!(a.delete_customer(cb.id).expect_err("b's customer").code(), "CUSTOMER_NOT_FOUND");
    assert!(a.store().customers_by_external_id(&["x".into()]).expect("ext").is_empty());

    // Orders, pending buyers and mappings: the same buyer key in both stays apart.
    let buyer = Buyer::new("Corner Deli", "orders@c-1.example");
    let la = a.workspace_link_url().expect("a link");
    let lb = b.workspace_link_url().expect("b link");
    let oa = a.intake_order(&la, Some(&buyer), NewOrder::new("A-1", Decimal::ONE)).expect("a intake");
    let ob = b.intake_order(&lb, Some(&buyer), NewOrder::new("B-1", Decimal::TWO)).expect("b intake");
    let (
        IntakeOutcome::Pending { pending_id: pa, new_record: true, .. },
        IntakeOutcome::Pending { pending_id: pb, new_record: true, .. },
    ) = (oa, ob)
    else {
        panic!("a new record in each workspace: {oa:?} {ob:?}");
    };
    assert_eq!(a.pending_buyers(false).expect("a pending").len(), 1);
    assert_eq!(a.get_pending(pb).expect_err("b's record from a").code(), "PENDING_NOT_FOUND");
    a.map_pending(pa, ca.id, None).expect("map in a");
    assert_eq!(a.mappings().expect("a maps").len(), 1);
    assert!(b.mappings().expect("b maps").is_empty());
    assert_eq!(b.audit_trail().expect("b audit").len(), 0);
    // b's next order from that buyer is not auto-linked by a's mapping.
    let again = b.intake_order(&lb, Some(&buyer), NewOrder::new("B-2", Decimal::ONE)).expect("b again");
    assert!(
        matches!(again, IntakeOutcome::Pending { pending_id, new_record: false, .. } if pending_id == pb),
        "{again:?}"
    );
    assert_eq!(a.get_customer(ca.id).expect("ca").stats.orders, 1);
    assert_eq!(b.get_customer(cb.id).expect("cb").stats.orders, 0);

    // Prices, notes, activity.
    a.upsert_products(vec![pricing::Product::new("SKU-1", "Flour", Some(Decimal::new(250, 2)))]).expect("a prices");
    assert!(b.products().expect("b products").is_empty());
    assert_eq!(b.resolve_price(PriceFor::WorkspaceLink, "SKU-1").expect_err("not b's").code(), "PRODUCT_NOT_FOUND");
    a.add_note(ca.id, "ops", "only a").expect("note");
    assert!(b.notes(cb.id).expect("b notes").is_empty());
    assert_eq!(b.add_note(ca.id, "ops", "a's customer").expect_err("not b's").code(), "CUSTOMER_NOT_FOUND");
    a.record_activity(ca.id, ActivityKind::LinkOpened).expect("activity");
    let t0 = chrono::DateTime::from_timestamp(0, 0).expect("epoch");
    let t1 = chrono::DateTime::from_timestamp(4_000_000_000, 0).expect("later");
    assert_eq!(a.store().activity_between(t0, t1).expect("a activity").len(), 1);
    assert!(b.store().activity_between(t0, t1).expect("b activity").is_empty());
}

#[test]
fn w2_links_resolve_across_workspaces_and_codes_are_one_space() {
    let store = Arc::new(common::fresh());
    let p = platform(&store, 2);
    let a = p.create_workspace(NewWorkspace::named("Harbour Foods")).expect("a");
    let b = p.create_workspace(NewWorkspace::named("Coast Dairy")).expect("b");
    let cb = b.create_customer(NewCustomer::named("Bay Bakery")).expect("cb");

    let found = p.resolve_link(&b.link_url(cb.id).expect("url")).expect("resolve");
    assert_eq!(found.workspace_id, Some(b.id().expect("b")));
    assert_eq!(found.target, LinkTarget::Customer { customer_id: cb.id });
    let ws_code = a.settings().expect("a").link_code;
    let found = p.resolve_link(ws_code.as_str()).expect("ws code");
    assert_eq!((found.workspace_id, found.target), (Some(a.id().expect("a")), LinkTarget::Workspace));
    assert_eq!(p.resolve_link("0000000000000000000000000Z").map(|l| l.workspace_id).ok().flatten(), None);

    // Intake through a link found without naming the workspace reaches the right one.
    let (opened, decision) = p.open_link(cb.link_code.as_str(), None).expect("open");
    let opened = opened.expect("a workspace");
    assert_eq!(opened.id().expect("id"), b.id().expect("b"));
    assert_eq!(decision.customer_id, Some(cb.id));
    let out = opened.intake_order(cb.link_code.as_str(), None, NewOrder::new("X-1", Decimal::ONE)).expect("intake");
    assert!(matches!(out, IntakeOutcome::Customer { customer_id, .. } if customer_id == cb.id), "{out:?}");
    assert_eq!(b.get_customer(cb.id).expect("cb").stats.orders, 1);

    // One code space: a's code, a customer's code of b, or a retired one is refused anywhere.
    let in_a = a.store().clone();
    let u = Uniqueness { unique_names: false, workspace_code: ws_code.clone() };
    let mut stolen = a.create_customer(NewCustomer::named("Thief")).expect("thief");
    a.delete_customer(stolen.id).expect("delete");
    stolen.id = CustomerId::random(&SeededRandom::new(1));
    stolen.link_code = cb.link_code.clone();
    assert_eq!(in_a.insert_customer(&stolen, &u).expect_err("b's code").code(), "LINK_CODE_TAKEN");
    let b_settings = b.settings().expect("b");
    let clash = WorkspaceSettings { id: WorkspaceId::random(&SeededRandom::new(3)), ..b_settings.clone() };
    assert_eq!(store.create_workspace(&clash).err().expect("b's code").code(), "LINK_CODE_TAKEN");
    let same_id = WorkspaceSettings { link_code: LinkCode::generate(&SeededRandom::new(77)), ..b_settings };
    assert_eq!(store.create_workspace(&same_id).err().expect("b's id").code(), "WORKSPACE_EXISTS");

    // A rotated customer link answers unknown everywhere.
    let rotated = b.rotate_link(cb.id, None, None).expect("rotate");
    assert_eq!(p.resolve_link(cb.link_code.as_str()).expect("old").workspace_id, None);
    assert_eq!(p.resolve_link(rotated.link_code.as_str()).expect("new").workspace_id, Some(b.id().expect("b")));
}

/// Intakes into two workspaces at once, from one buyer key, each make their own record.
#[test]
fn w1_concurrent_intakes_into_two_workspaces() {
    let store = Arc::new(common::fresh());
    let p = platform(&store, 3);
    let wss: Vec<Workspace> =
        ["North", "South"].iter().map(|n| p.create_workspace(NewWorkspace::named(*n)).expect("ws")).collect();
    let buyer = Buyer::new("Shared Buyer", "orders@shared.example");
    std::thread::scope(|s| {
        for ws in &wss {
            for t in 0..3 {
                let (ws, buyer) = (ws, &buyer);
                s.spawn(move || {
                    let link = ws.workspace_link_url().expect("link");
                    for i in 0..5 {
                        let order = NewOrder::new(format!("T{t}-{i}"), Decimal::new(100 + i, 2));
                        ws.intake_order(&link, Some(buyer), order).expect("intake");
                    }
                });
            }
        }
    });
    for ws in &wss {
        let pending = ws.pending_buyers(false).expect("pending");
        assert_eq!(pending.len(), 1, "one record per key per workspace");
        assert_eq!(pending[0].orders.len(), 15);
    }
}

/// One pool serves every workspace: many workspaces through a store of at most 3 connections.
#[test]
fn w1_one_pool_serves_many_workspaces() {
    let schema = format!("orderlink_test_pool_{}", std::process::id());
    let options = PostgresOptions { schema: Some(schema.clone()), max_connections: 3, ..Default::default() };
    let store = Arc::new(PostgresStore::connect_with(&common::url(), &options).expect("connect"));
    let p = platform(&store, 4);
    let wss: Vec<Workspace> =
        (0..40).map(|i| p.create_workspace(NewWorkspace::named(format!("Supplier {i}"))).expect("ws")).collect();
    std::thread::scope(|s| {
        for chunk in wss.chunks(10) {
            s.spawn(move || {
                for ws in chunk {
                    let c = ws.create_customer(NewCustomer::named("Deli")).expect("customer");
                    ws.open_link(c.link_code.as_str(), None).expect("open");
                }
            });
        }
    });
    let (max, open) = store.connections();
    assert_eq!(max, 3);
    assert!(open <= 3, "{open} connections open");
    assert_eq!(store.workspace_count().expect("count"), 40);
    drop(p);
    drop(wss);
    drop(store);
    let _ = common::client().batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"));
}

/// W4: a workspace's lists from SQL equal the core's listing over that workspace's customers
/// alone, while another workspace holds customers that would match too.
#[test]
fn w4_lists_equal_the_core_listing_per_workspace() {
    let store = Arc::new(common::fresh());
    let p = platform(&store, 5);
    let a = p.create_workspace(NewWorkspace::named("A")).expect("a");
    let b = p.create_workspace(NewWorkspace::named("B")).expect("b");
    // "Model Eli" holds every gram of "deli" ("del", "eli") but not the term: a candidate the
    // gram index finds and the recheck drops.
    let agent = UserId(uuid::Uuid::from_u128(7));
    let names =
        ["Café Deli", "cafe deli", "Deli_Max", "50% Deli", "Zed", "ÉCOLE", "back\\slash deli", "Alpha", "Model Eli"];
    for (i, name) in names.iter().enumerate() {
        for ws in [&a, &b] {
            let mut input = coded(&format!("K{i}"), name);
            input.active = i % 3 != 0;
            input.tags = if i % 2 == 0 { vec!["VIP".into()] } else { Vec::new() };
            input.managed_by = if i % 3 == 1 { Some(agent) } else { None };
            ws.create_customer(input).expect("customer");
        }
    }
    b.create_customer(NewCustomer::named("Deli Only In B")).expect("extra");
    let everyone = a.store().all_customers().expect("a's customers");
    let queries = [
        CustomerQuery::default(),
        CustomerQuery { search: Some("deli".into()), ..Default::default() },
        CustomerQuery {
            search: Some("deli".into()),
            filter: StatusFilter::All,
            sort: SortKey::Code,
            ..Default::default()
        },
        CustomerQuery { search: Some("École".into()), filter: StatusFilter::All, ..Default::default() },
        // A term with grams under each filter the store can set.
        CustomerQuery {
            search: Some("deli".into()),
            filter: StatusFilter::All,
            viewer: Viewer::Guest(agent),
            ..Default::default()
        },
        CustomerQuery {
            search: Some("deli".into()),
            filter: StatusFilter::All,
            tag: Some("vip".into()),
            ..Default::default()
        },
        CustomerQuery {
            search: Some("deli".into()),
            filter: StatusFilter::Inactive,
            kind: Some(CustomerKind::Lead),
            descending: true,
            ..Default::default()
        },
        CustomerQuery {
            search: Some("deli".into()),
            viewer: Viewer::Guest(agent),
            tag: Some("VIP".into()),
            kind: Some(CustomerKind::Lead),
            ..Default::default()
        },
        CustomerQuery { search: Some("CAFE".into()), filter: StatusFilter::All, ..Default::default() },
        CustomerQuery { search: Some("%".into()), filter: StatusFilter::All, ..Default::default() },
        CustomerQuery { search: Some("50% D".into()), filter: StatusFilter::All, ..Default::default() },
        CustomerQuery { search: Some("i_m".into()), filter: StatusFilter::All, ..Default::default() },
        CustomerQuery { search: Some("_".into()), filter: StatusFilter::All, ..Default::default() },
        CustomerQuery { search: Some("\\".into()), filter: StatusFilter::All, ..Default::default() },
        CustomerQuery { search: Some("k1".into()), filter: StatusFilter::All, descending: true, ..Default::default() },
        CustomerQuery { filter: StatusFilter::Inactive, limit: 2, offset: 1, ..Default::default() },
        CustomerQuery { filter: StatusFilter::All, tag: Some(" vip ".into()), descending: true, ..Default::default() },
        CustomerQuery {
            filter: StatusFilter::All,
            sort: SortKey::Code,
            search: Some("e".into()),
            ..Default::default()
        },
        CustomerQuery { filter: StatusFilter::All, offset: 100, ..Default::default() },
    ];
    // The search's gram index exists (PostgreSQL's own GIN over arrays: no extension).
    let indexed: i64 = common::client()
        .query_one(
            "SELECT count(*) FROM pg_indexes WHERE schemaname = $1 AND indexname = 'customers_grams'",
            &[&store.schema()],
        )
        .expect("pg_indexes")
        .get(0);
    assert_eq!(indexed, 1);
    for q in &queries {
        let expected = list(everyone.clone(), q).expect("core");
        let got = a.list_customers(q).expect("store");
        assert_eq!(got, expected, "{q:?}");
    }
}

/// W4: `orderlink_grams` (migration 9) is the set of every three-character window of its text,
/// hashed with the workspace as seed: it equals the windows taken one by one with `substr`, for
/// texts of every length up to a few windows, multi-byte characters and the fields' separator
/// included, and differs between workspaces.
#[test]
fn w4_grams_are_every_three_character_window_keyed_by_workspace() {
    let store = common::fresh();
    let mut db = common::client();
    db.batch_execute(&format!("SET search_path = {}", store.schema())).expect("path");
    let texts = ["", "a", "ab", "abc", "abca", "aaaa", "café deli", "日本語の店", "deli\u{1}c-1", "ß🦀x🦀ß"];
    let (a, b) = (uuid::Uuid::from_u128(1), uuid::Uuid::from_u128(2));
    for t in texts {
        let row = db
            .query_one(
                "SELECT orderlink_grams($1, $2) AS got,
                        (SELECT coalesce(array_agg(DISTINCT hashtextextended(substr($2, i, 3), hashtextextended($1::text, 0))
                                                   ORDER BY hashtextextended(substr($2, i, 3), hashtextextended($1::text, 0))), '{}')
                         FROM generate_series(1, length($2) - 2) i) AS windows,
                        orderlink_grams($3, $2) AS other",
                &[&a, &t, &b],
            )
            .expect("grams");
        let mut got: Vec<i64> = row.get(0);
        got.sort_unstable();
        let windows: Vec<i64> = row.get(1);
        let other: Vec<i64> = row.get(2);
        assert_eq!(got, windows, "{t:?}");
        let chars = t.chars().count();
        assert_eq!(got.is_empty(), chars < 3, "{t:?}");
        if !got.is_empty() {
            assert!(other.iter().all(|g| !got.contains(g)), "{t:?}: another workspace's grams differ");
        }
    }
}
