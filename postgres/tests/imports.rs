//! I7, I9 on PostgreSQL: schemas written before migration 7 (the release before W1's dump,
//! and main's schema-6 code) are upgraded and keep batches; an undo's statements and round
//! trips do not grow with the batch (counted by the proxy in tests/common/proxy.rs).

mod common;

use common::proxy::Proxy;
use orderlink::*;
use orderlink_postgres::{PostgresOptions, PostgresStore};
use std::sync::Arc;

const DUMP: &str = include_str!("fixtures/v4.sql");

fn env(seed: u64) -> Env {
    let start = chrono::DateTime::from_timestamp(1_767_312_000, 0).expect("t0");
    Env::new(Arc::new(ManualClock::new(start)), Arc::new(SeededRandom::new(seed)))
}

fn on_schema(schema: &str) -> Arc<PostgresStore> {
    let options = PostgresOptions { schema: Some(schema.to_owned()), ..Default::default() };
    Arc::new(PostgresStore::connect_with(&common::url(), &options).expect("connect migrates"))
}

/// Drops the schema with the guard.
struct Schema(String);

impl Drop for Schema {
    fn drop(&mut self) {
        let _ = common::client().batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.0));
    }
}

fn confirm(ws: &Workspace, csv: &str) -> ImportResult {
    let preview = ws.preview_import(csv.as_bytes(), Some(ImportFormat::Csv), None).expect("preview");
    assert_eq!(preview.errors(), 0, "{:?}", preview.report.issues);
    ws.confirm_import(&preview).expect("confirm")
}

/// I9: the v4 dump upgrades through migration 7; an import into it is undone, and the batch
/// with its undo is read back through a second connection.
#[test]
fn i9_a_v4_schema_upgrades_and_keeps_import_batches() {
    let schema = Schema(format!("orderlink_v4_i9_{}", std::process::id()));
    common::client().batch_execute(&DUMP.replace("v4fixture", &schema.0)).expect("the v4 dump loads");
    let ws = Workspace::open(on_schema(&schema.0), env(1)).expect("the one workspace");
    let deli = ws
        .list_customers(&CustomerQuery::default())
        .expect("list")
        .items
        .into_iter()
        .find(|c| c.code.as_deref() == Some("C-001"))
        .expect("C-001");
    let result = confirm(&ws, "Code,Name,Phone\nC-001,Corner Deli Renamed,02 5550 1234\nN-1,New Shop,\n");
    assert_eq!((result.created.len(), result.updated.clone()), (1, vec![deli.id]));
    let report = ws.undo_import(result.batch_id).expect("undo");
    assert_eq!((report.deleted.clone(), report.restored.clone()), (result.created.clone(), vec![deli.id]));
    let back = ws.get_customer(deli.id).expect("deli");
    assert_eq!((back.name.as_str(), back.phone.as_deref()), (deli.name.as_str(), deli.phone.as_deref()));

    let again = Workspace::open(on_schema(&schema.0), env(2)).expect("reconnect");
    assert_eq!(again.import_batch(result.batch_id).expect("batch").undo, Some(report));
    let versions: i64 = common::client()
        .query_one(&format!("SELECT max(version) FROM {}.orderlink_migrations", schema.0), &[])
        .expect("version")
        .get::<_, i32>(0)
        .into();
    assert_eq!(versions, PostgresStore::schema_version() as i64);
}

/// I7: a schema as main's code leaves it (migrations 1–6, no mapping or batch tables) upgrades
/// on connect, keeps its customers, and saves mappings and batches from then on.
#[test]
fn i7_a_schema_of_main_upgrades_and_gains_mappings_and_batches() {
    let schema = Schema(format!("orderlink_main_i7_{}", std::process::id()));
    let store = on_schema(&schema.0);
    let ws = Workspace::create(store, env(1), NewWorkspace::named("Six")).expect("create");
    let c = ws.create_customer(NewCustomer { code: Some("S-1".into()), ..NewCustomer::named("Six Deli") }).expect("c");
    drop(ws);
    common::client()
        .batch_execute(&format!(
            "DROP TABLE {s}.import_batch_rows, {s}.import_batches, {s}.import_mappings,
                        {s}.checkout_links, {s}.cart_changes, {s}.cart_lines, {s}.carts;
             DROP FUNCTION {s}.orderlink_grams(uuid, text) CASCADE;
             DELETE FROM {s}.orderlink_migrations WHERE version > 6;",
            s = schema.0
        ))
        .expect("back to main's schema");

    let ws = Workspace::open(on_schema(&schema.0), env(2)).expect("upgraded");
    assert_eq!(ws.get_customer(c.id).expect("kept"), c);
    let mapping = import::ColumnMapping::parse([("Trading Name", "name")]).expect("mapping");
    ws.save_mapping("Supplier", &mapping).expect("save");
    assert_eq!(ws.import_mappings().expect("list")[0].mapping, mapping);
    let result = confirm(&ws, "Code,Name\nS-1,Six Deli Renamed\n");
    assert_eq!(ws.undo_import(result.batch_id).expect("undo").restored, vec![c.id]);
    // A batch of rows that changed nothing keeps no rows; its undo does nothing, once.
    let same = confirm(&ws, "Code,Name\nS-1,Six Deli\n");
    assert!(ws.import_batch(same.batch_id).expect("batch").rows.is_empty());
    let nothing = ws.undo_import(same.batch_id).expect("undo of nothing");
    assert!(nothing.deleted.is_empty() && nothing.restored.is_empty() && nothing.kept.is_empty());
    assert_eq!(ws.undo_import(same.batch_id).expect_err("twice").code(), "IMPORT_ALREADY_UNDONE");
}

/// I9: an undo is the same few round trips for 5 rows as for 200.
#[test]
fn i9_undo_round_trips_do_not_grow_with_the_batch() {
    let tcp = std::env::var("ORDERLINK_PG_TCP_URL").expect("run through scripts/with-postgres");
    let target = tcp.trim_start_matches("postgresql://postgres@").split('/').next().expect("host:port").to_owned();
    let proxy = Proxy::start(target, std::time::Duration::from_millis(1));
    let url = format!("postgresql://postgres@127.0.0.1:{}/postgres?sslmode=disable", proxy.port);
    let store = PostgresStore::temporary(&url).expect("store through the proxy");
    let ws = Workspace::create(Arc::new(store), env(3), NewWorkspace::named("Counted")).expect("workspace");
    let csv = |prefix: &str, n: usize| {
        let mut csv = String::from("Code,Name\n");
        for i in 0..n {
            csv.push_str(&format!("{prefix}-{i},{prefix} Shop {i}\n"));
        }
        csv
    };
    // Warm the connection's statements: an undo of updates (restores), then of creates.
    let warm = confirm(&ws, &csv("W", 3));
    let renamed = confirm(&ws, "Code,Name\nW-0,Renamed\n");
    ws.undo_import(renamed.batch_id).expect("warm the restores");
    ws.undo_import(warm.batch_id).expect("warm the deletes");
    let small = confirm(&ws, &csv("S", 5));
    let large = confirm(&ws, &csv("L", 200));
    // The updates of the large batch make restores as well as deletes.
    let edit = confirm(&ws, &(0..200).fold(String::from("Code,Name\n"), |s, i| s + &format!("L-{i},Renamed {i}\n")));
    let two = confirm(&ws, "Code,Name\nS-0,R0\nS-1,R1\n");
    let (_, updates) = proxy.measure(|| ws.undo_import(two.batch_id).expect("undo 2 updates"));
    let (_, five) = proxy.measure(|| ws.undo_import(small.batch_id).expect("undo 5"));
    let (_, restores) = proxy.measure(|| ws.undo_import(edit.batch_id).expect("undo 200 updates"));
    let (_, deletes) = proxy.measure(|| ws.undo_import(large.batch_id).expect("undo 200 creates"));
    eprintln!(
        "undo round trips (messages): 5 creates {} ({}), 200 creates {} ({}), 2 updates {} ({}), 200 updates {} ({})",
        five.trips,
        five.messages,
        deletes.trips,
        deletes.messages,
        updates.trips,
        updates.messages,
        restores.trips,
        restores.messages
    );
    // By construction: the settings, then BEGIN with the reads, then the writes with COMMIT
    // (3); restores add the uniqueness check (4). The protocol messages sent are the same for
    // 200 rows as for 2 or 5 (each statement once, its rows in arrays), whatever the timing. The
    // trips are counted by timing (a pipelined write reaching the proxy after the answer to the
    // statement before it counts as one more, as on a loaded machine), so they get slack; a
    // statement a row would be hundreds.
    assert_eq!((deletes.messages, restores.messages), (five.messages, updates.messages));
    assert!(five.trips <= 5 && deletes.trips <= 5, "{} and {} round trips", five.trips, deletes.trips);
    assert!(updates.trips <= 6 && restores.trips <= 6, "{} and {} round trips", updates.trips, restores.trips);
}
