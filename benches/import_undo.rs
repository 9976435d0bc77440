//! I9: the time of undoing a batch beside the time of confirming it. Half the rows update
//! existing customers (two fields each), half create new ones. On the in-memory store:
//! `cargo run --release -p orderlink --example import_undo -- 50000`; on SQLite and
//! PostgreSQL, `benches/import_undo_sql.rs`.

use orderlink::{
    CustomerQuery, Env, ManualClock, MemoryStore, NewCustomer, NewWorkspace, PlatformStore, SeededRandom, StatusFilter,
    Workspace,
};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Confirms a `rows`-row import into a new workspace of `store`, then undoes it: the two times.
pub fn confirm_then_undo(store: Arc<dyn PlatformStore>, rows: usize) -> (Duration, Duration) {
    let env = Env::new(Arc::new(ManualClock::new(chrono::DateTime::UNIX_EPOCH)), Arc::new(SeededRandom::new(1)));
    let ws = Workspace::create(store, env, NewWorkspace::named("Bench")).expect("workspace");
    let existing = rows / 2;
    for i in 0..existing {
        ws.create_customer(NewCustomer { code: Some(format!("E{i}")), ..NewCustomer::named(format!("Existing {i}")) })
            .expect("create");
    }
    let mut csv = String::from("Name,Code,Phone,Contact\n");
    for i in 0..existing {
        csv.push_str(&format!("Existing {i},E{i},555 {i},Buyer {i}\n"));
    }
    for i in existing..rows {
        csv.push_str(&format!("New {i},N{i},,\n"));
    }
    let preview = ws.preview_import(csv.as_bytes(), None, None).expect("preview");
    assert_eq!(preview.errors(), 0);
    let t = Instant::now();
    let result = ws.confirm_import(&preview).expect("confirm");
    let confirm = t.elapsed();
    let t = Instant::now();
    let report = ws.undo_import(result.batch_id).expect("undo");
    let undo = t.elapsed();
    assert_eq!((report.deleted.len(), report.restored.len(), report.kept.len()), (rows - existing, existing, 0));
    let q = CustomerQuery { filter: StatusFilter::All, ..Default::default() };
    assert_eq!(ws.list_customers(&q).expect("list").total, existing);
    (confirm, undo)
}

/// Prints one store's line.
pub fn report(store: &str, rows: usize, (confirm, undo): (Duration, Duration)) {
    println!(
        "{store}, {rows} rows: confirm {:.1} ms, undo {:.1} ms, undo / confirm {:.2}",
        confirm.as_secs_f64() * 1e3,
        undo.as_secs_f64() * 1e3,
        undo.as_secs_f64() / confirm.as_secs_f64()
    );
}

#[allow(dead_code)] // the SQL stores' bench includes this file for the functions above
fn main() {
    let rows: usize = std::env::args().nth(1).and_then(|n| n.parse().ok()).unwrap_or(50_000);
    report("memory", rows, confirm_then_undo(Arc::new(MemoryStore::new()), rows));
}
