//! I7, I9 on a SQLite file: files written before migration 6 (by the release before W1, and by
//! the schema-5 code main ships) open, gain the mapping and batch tables, and keep batches and
//! their undo across a reopen.

use orderlink::{CustomerQuery, Env, ImportFormat, ManualClock, NewCustomer, NewWorkspace, SeededRandom, Workspace};
use orderlink_sqlite::SqliteStore;
use std::path::Path;
use std::sync::Arc;

fn env(seed: u64) -> Env {
    let t0 = "2026-02-01T00:00:00Z".parse().expect("time");
    Env::new(Arc::new(ManualClock::new(t0)), Arc::new(SeededRandom::new(seed)))
}

fn open(path: &Path, seed: u64) -> Workspace {
    Workspace::open(Arc::new(SqliteStore::open(path).expect("open")), env(seed)).expect("the one workspace")
}

fn user_version(path: &Path) -> i64 {
    rusqlite::Connection::open(path).expect("db").query_row("PRAGMA user_version", [], |r| r.get(0)).expect("v")
}

fn confirm(ws: &Workspace, csv: &str) -> orderlink::ImportResult {
    let preview = ws.preview_import(csv.as_bytes(), Some(ImportFormat::Csv), None).expect("preview");
    assert_eq!(preview.errors(), 0, "{:?}", preview.report.issues);
    ws.confirm_import(&preview).expect("confirm")
}

/// I9: the schema-4 file the CLI wrote (tests/fixtures/schema4-cli.db) migrates through 5 and
/// 6; an import into it is recorded, undone, and the batch and its undo are there after a
/// reopen.
#[test]
fn i9_a_schema_4_file_migrates_and_keeps_import_batches() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("schema4-cli.db");
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema4-cli.db"), &path).expect("copy");
    let ws = open(&path, 1);
    assert_eq!(user_version(&path), orderlink_sqlite::schema::MIGRATIONS.len() as i64);
    let before = ws.list_customers(&CustomerQuery::default()).expect("list");
    let deli = before.items.iter().find(|c| c.code.as_deref() == Some("C-1001")).expect("C-1001").clone();
    let result = confirm(&ws, "Code,Name,Phone\nC-1001,Renamed Deli,02 5550 1234\nN-1,New Shop,\n");
    assert_eq!((result.created.len(), result.updated.clone()), (1, vec![deli.id]));
    drop(ws);

    let ws = open(&path, 2);
    let report = ws.undo_import(result.batch_id).expect("undo after a reopen");
    assert_eq!((report.deleted.clone(), report.restored.clone()), (result.created.clone(), vec![deli.id]));
    let back = ws.get_customer(deli.id).expect("deli");
    assert_eq!((back.name.as_str(), back.phone.as_deref()), (deli.name.as_str(), deli.phone.as_deref()));
    drop(ws);

    let ws = open(&path, 3);
    assert_eq!(ws.import_batch(result.batch_id).expect("batch").undo, Some(report));
    assert_eq!(ws.undo_import(result.batch_id).expect_err("twice").code(), "IMPORT_ALREADY_UNDONE");
    assert_eq!(ws.list_customers(&CustomerQuery::default()).expect("list").total, before.total);
}

/// I7: a file as main's schema-5 code leaves it (no mapping, batch or cart tables, user_version 5)
/// opens, keeps its customers, and saves mappings from then on.
#[test]
fn i7_a_schema_5_file_opens_and_gains_the_mapping_and_batch_tables() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("shop.db");
    let ws = Workspace::create(Arc::new(SqliteStore::open(&path).expect("open")), env(1), NewWorkspace::named("Five"))
        .expect("create");
    let c = ws.create_customer(NewCustomer { code: Some("F-1".into()), ..NewCustomer::named("Five Deli") }).expect("c");
    drop(ws);
    // Back to what the schema-5 code wrote: migration 6's tables gone, the version 5.
    let conn = rusqlite::Connection::open(&path).expect("db");
    // Later migrations' tables go too (carts, 7), as a schema-5 file never had them.
    conn.execute_batch(
        "DROP TABLE import_batch_rows; DROP TABLE import_batches; DROP TABLE import_mappings;
         DROP TABLE checkout_links; DROP TABLE cart_changes; DROP TABLE cart_lines; DROP TABLE carts;",
    )
    .expect("drop");
    conn.pragma_update(None, "user_version", 5).expect("version");
    drop(conn);

    let ws = open(&path, 2);
    assert_eq!(user_version(&path), orderlink_sqlite::schema::MIGRATIONS.len() as i64);
    assert_eq!(ws.get_customer(c.id).expect("kept"), c);
    let mapping = orderlink::import::ColumnMapping::parse([("Trading Name", "name")]).expect("mapping");
    ws.save_mapping("Supplier", &mapping).expect("save");
    let result = confirm(&ws, "Code,Name\nF-1,Five Deli Renamed\n");
    assert_eq!(ws.undo_import(result.batch_id).expect("undo").restored, vec![c.id]);
    // A batch of rows that changed nothing keeps no rows; its undo does nothing, once.
    let same = confirm(&ws, "Code,Name\nF-1,Five Deli\n");
    assert!(ws.import_batch(same.batch_id).expect("batch").rows.is_empty());
    let nothing = ws.undo_import(same.batch_id).expect("undo of nothing");
    assert!(nothing.deleted.is_empty() && nothing.restored.is_empty() && nothing.kept.is_empty());
    assert_eq!(ws.undo_import(same.batch_id).expect_err("twice").code(), "IMPORT_ALREADY_UNDONE");
    assert_eq!(ws.import_mappings().expect("list")[0].mapping, mapping);
}
