//! A database written by the release before W1 (one workspace in a schema, migration 4) is
//! upgraded in place on connect and keeps its workspace, its link codes and its data: loaded
//! from `fixtures/v4.sql`, a dump made with that code.

mod common;

use orderlink::*;
use orderlink_postgres::{PostgresOptions, PostgresStore};
use std::sync::Arc;

const DUMP: &str = include_str!("fixtures/v4.sql");
/// What the dump holds (its workspace was made with a seeded clock and randomness).
const WORKSPACE_CODE: &str = "6H3KRAK0E0SA2ARFQYFNNMZTK4";
const DELI_CODE: &str = "X7KAE1JWVM1CTJ281PM3D3QYZW";
const BAKERY_CODE: &str = "0NJYK1S1HFHJP5DH3H6Y3S0R9C";

fn env() -> Env {
    let start = chrono::DateTime::from_timestamp(1_767_312_000, 0).expect("t0");
    Env::new(Arc::new(ManualClock::new(start)), Arc::new(SeededRandom::new(99)))
}

/// The dump loaded under a schema name of this test's own, dropped with the guard.
struct Loaded(String);

impl Loaded {
    fn new(tag: &str) -> Loaded {
        let schema = format!("orderlink_v4_{tag}_{}", std::process::id());
        let sql = DUMP.replace("v4fixture", &schema);
        common::client().batch_execute(&sql).expect("the v4 dump loads");
        Loaded(schema)
    }

    fn store(&self) -> PostgresStore {
        let options = PostgresOptions { schema: Some(self.0.clone()), ..Default::default() };
        PostgresStore::connect_with(&common::url(), &options).expect("connect migrates")
    }
}

impl Drop for Loaded {
    fn drop(&mut self) {
        let _ = common::client().batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.0));
    }
}

#[test]
fn w1_a_v4_schema_is_upgraded_in_place_keeping_its_workspace_codes_and_data() {
    let loaded = Loaded::new("keep");
    let before: i32 = common::client()
        .query_one(&format!("SELECT max(version) FROM {}.orderlink_migrations", loaded.0), &[])
        .expect("version")
        .get(0);
    assert_eq!(before, 4, "the fixture is the release's schema");

    let store = Arc::new(loaded.store());
    let ws = Workspace::open(store.clone(), env()).expect("the one workspace opens");
    let settings = ws.settings().expect("settings");
    assert_eq!(settings.name, "Harbour Foods");
    assert_eq!(settings.link_code.as_str(), WORKSPACE_CODE);
    assert_ne!(settings.id, WorkspaceId::default(), "the upgraded workspace has an id of its own");
    assert_eq!(ws.id().expect("id"), settings.id);

    // Customers, with their codes and links.
    let all = ws.list_customers(&CustomerQuery { filter: StatusFilter::All, ..Default::default() }).expect("list");
    let names: Vec<&str> = all.items.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Bay Bakery", "Corner Deli", "Quay Cafe"]);
    let deli = all.items.iter().find(|c| c.name == "Corner Deli").expect("deli").clone();
    let bakery = all.items.iter().find(|c| c.name == "Bay Bakery").expect("bakery").clone();
    assert_eq!(deli.code.as_deref(), Some("C-001"));
    assert_eq!(deli.link_code.as_str(), DELI_CODE);
    assert_eq!(bakery.link_code.as_str(), BAKERY_CODE);

    // W4: the list columns were filled from the old rows.
    let found =
        ws.list_customers(&CustomerQuery { search: Some("DELI".into()), ..Default::default() }).expect("search");
    assert_eq!(found.items.iter().map(|c| c.id).collect::<Vec<_>>(), vec![deli.id]);

    // W2: the old codes resolve through the store, without naming the workspace.
    let platform = Platform::new(store.clone(), env());
    let link = platform.resolve_link(DELI_CODE).expect("resolve");
    assert_eq!(link.workspace_id, Some(settings.id));
    assert_eq!(link.target, LinkTarget::Customer { customer_id: deli.id });
    assert_eq!(platform.resolve_link(WORKSPACE_CODE).expect("ws code").target, LinkTarget::Workspace);
    // L5, L1: the rotated-away code stays retired and unknown.
    let rotations = ws.link_rotations(bakery.id).expect("rotations");
    assert_eq!(rotations.len(), 1);
    let old = rotations[0].old_code.clone();
    assert_eq!(platform.resolve_link(old.as_str()).expect("old").workspace_id, None);

    // Orders, the pending buyer, notes, the price book, activity.
    assert_eq!(ws.customer_orders(deli.id).expect("orders").len(), 1);
    assert_eq!(deli.stats.orders, 1);
    let pending = ws.pending_buyers(false).expect("pending");
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].orders.len(), 1);
    assert_eq!(ws.notes(deli.id).expect("notes")[0].text, "Delivers before 7");
    assert_eq!(ws.products().expect("products").len(), 1);

    // The upgraded schema takes more workspaces; the customer code C-001 is free in another
    // (W3), the old codes are not (W2).
    let other = platform.create_workspace(NewWorkspace::named("Coast Dairy")).expect("a second workspace");
    other
        .create_customer(NewCustomer { code: Some("C-001".into()), ..NewCustomer::named("Other Deli") })
        .expect("W3: the same customer code in another workspace");
    assert_eq!(platform.workspaces().expect("all").len(), 2);
    let taken = WorkspaceSettings { id: WorkspaceId::random(&SeededRandom::new(5)), ..settings.clone() };
    let taken = WorkspaceSettings { link_code: old, ..taken };
    assert_eq!(store.create_workspace(&taken).err().expect("a retired code").code(), "LINK_CODE_TAKEN");

    // Connecting again changes nothing.
    let again = Workspace::open(Arc::new(loaded.store()), env()).expect_err("two workspaces now");
    assert_eq!(again.code(), "WORKSPACE_AMBIGUOUS");
    let versions: i64 = common::client()
        .query_one(&format!("SELECT count(*) FROM {}.orderlink_migrations", loaded.0), &[])
        .expect("count")
        .get(0);
    assert_eq!(versions, PostgresStore::schema_version() as i64);
}
