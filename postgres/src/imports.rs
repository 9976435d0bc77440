//! I7 saved import mappings and I9 import batches (migration 7). A batch is written in the
//! transaction of the import's customer writes, its rows in one statement. An undo is one
//! transaction of three round trips (four under the unique-names policy), whatever the batch's
//! size: `BEGIN` with the batch row locked (`FOR UPDATE`: of two undos the second waits, then
//! finds the first's report and is refused), its rows and its customers locked; then the
//! uniqueness check of every restore at once; then the deletes, the restores, the report on the
//! batch (the audit of the undo) and `COMMIT`.

use crate::pool::{Fail, Params, Session, Start, Tx};
use crate::records::{body, time_from_parts, time_parts};
use crate::{customers, lock_name, Scope};
use chrono::{DateTime, Utc};
use orderlink::import::{
    mapping_name_key, plan_undo, BatchRow, ImportBatch, KeptReason, SavedMapping, UndoKept, UndoReport,
};
use orderlink::{Customer, CustomerId, CustomerWrite, Error, ImportBatchId, Uniqueness};
use std::collections::{HashMap, HashSet};
use tokio_postgres::types::Json;
use tokio_postgres::Row;
use uuid::Uuid;

/// The batch and its rows in one statement.
const INSERT_BATCH: &str = "WITH batch AS (
        INSERT INTO import_batches (ws, id, confirmed_s, confirmed_ns, undo) VALUES ($1, $2, $3, $4, $5)
    )
    INSERT INTO import_batch_rows (ws, batch_id, seq, customer_id, action, body)
    SELECT $1, $2, r.i, r.c, r.a, r.b FROM unnest($6::uuid[], $7::text[], $8::jsonb[]) WITH ORDINALITY AS r(c, a, b, i)";

/// `Store::write_import` inside a transaction: the customers as `write_customers` writes them,
/// then the batch and its rows (one more round trip).
pub(crate) fn write_import(
    s: &mut Session<'_>,
    w: &Scope,
    writes: &[CustomerWrite],
    u: &Uniqueness,
    batch: &ImportBatch,
) -> Tx<()> {
    customers::write_all(s, w, writes, u)?;
    let (at_s, at_ns) = time_parts(batch.confirmed_at);
    let ids: Vec<Uuid> = batch.rows.iter().map(|r| r.customer_id().0).collect();
    let actions: Vec<&str> = batch
        .rows
        .iter()
        .map(|r| match r {
            BatchRow::Created { .. } => "created",
            BatchRow::Updated { .. } => "updated",
        })
        .collect();
    let bodies: Vec<Json<&BatchRow>> = batch.rows.iter().map(Json).collect();
    let undo = batch.undo.as_ref().map(Json);
    s.execute(INSERT_BATCH, &[&w.ws, &batch.id.0, &at_s, &at_ns, &undo, &ids, &actions, &bodies])?;
    Ok(())
}

/// The batch with its rows in row order, in one statement.
const BATCH: &str = "SELECT b.confirmed_s, b.confirmed_ns, b.undo,
        (SELECT coalesce(jsonb_agg(r.body ORDER BY r.seq), '[]'::jsonb) FROM import_batch_rows r
          WHERE r.ws = b.ws AND r.batch_id = b.id)
    FROM import_batches b WHERE b.ws = $1 AND b.id = $2";

/// `Store::import_batch`.
pub(crate) fn import_batch(s: &mut Session<'_>, w: &Scope, id: ImportBatchId) -> Tx<Option<ImportBatch>> {
    let Some(row) = s.query_opt(BATCH, &[&w.ws, &id.0])? else { return Ok(None) };
    let confirmed_at = time_from_parts(row.try_get(0)?, row.try_get(1)?)?;
    let undo = row.try_get::<_, Option<Json<UndoReport>>>(2)?.map(|Json(u)| u);
    Ok(Some(ImportBatch { id, confirmed_at, rows: body(&row, 3)?, undo }))
}

/// Takes the transaction-scoped advisory locks named `$1`, in the array's order, in one
/// statement (the count makes every lock call run; `pg_advisory_xact_lock` returns nothing).
const LOCK_ALL: &str =
    "SELECT count(pg_advisory_xact_lock(hashtextextended(n, 0))::text) FROM unnest($1::text[]) AS t(n)";

/// The batch row, locked for the undo.
const HEAD_LOCKED: &str =
    "SELECT confirmed_s, confirmed_ns, undo FROM import_batches WHERE ws = $1 AND id = $2 FOR UPDATE";
/// The batch's rows, in row order.
const ROWS: &str = "SELECT body FROM import_batch_rows WHERE ws = $1 AND batch_id = $2 ORDER BY seq";
/// The batch's customers as they are, locked (in id order, so two writers cannot deadlock on
/// them), each with whether an order is owned by it (C7, whatever its stats say).
const CUSTOMERS_LOCKED: &str = "SELECT c.body, EXISTS (SELECT 1 FROM orders o WHERE o.ws = c.ws AND o.owner = c.id)
    FROM customers c
    WHERE c.ws = $1 AND c.id IN (SELECT customer_id FROM import_batch_rows WHERE ws = $1 AND batch_id = $2)
    ORDER BY c.id FOR UPDATE OF c";

/// The restores (`$2` ids with the code key, name key and external id each would write) that
/// another customer's code, name (`$5`: under the policy) or external id now stands in the way
/// of, leaving out the customers the undo deletes (`$6`). One indexed probe a restore.
const RESTORE_CONFLICTS: &str =
    "SELECT r.id FROM unnest($2::uuid[], $3::text[], $4::text[], $7::text[]) AS r(id, code_key, name_key, external_id)
    WHERE (r.code_key IS NOT NULL AND EXISTS (SELECT 1 FROM customers c
              WHERE c.ws = $1 AND c.code_key = r.code_key AND c.id <> r.id AND c.id <> ALL ($6::uuid[])))
       OR ($5 AND EXISTS (SELECT 1 FROM customers c
              WHERE c.ws = $1 AND c.name_key = r.name_key AND c.id <> r.id AND c.id <> ALL ($6::uuid[])))
       OR (r.external_id IS NOT NULL AND EXISTS (SELECT 1 FROM customers c
              WHERE c.ws = $1 AND c.external_id = r.external_id AND c.id <> r.id AND c.id <> ALL ($6::uuid[])))";

/// The created customers the undo deletes (their notes go with them; their link codes stay
/// issued, retired: L1).
const DELETE: &str = "DELETE FROM customers WHERE ws = $1 AND id = ANY ($2::uuid[])";

/// The restored customers' rows. An import writes none of the link code, the tags, the
/// managing user or the order stats, so those columns stay as they are.
const RESTORE: &str = "UPDATE customers c SET code_key = r.code_key, name_key = r.name_key,
        external_id = r.external_id, body = r.body, name_fold = r.name_fold, search = r.search, active = r.active
    FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::jsonb[], $7::text[], $8::text[], $9::boolean[])
        AS r(id, code_key, name_key, external_id, body, name_fold, search, active)
    WHERE c.ws = $1 AND c.id = r.id";

/// The undo's report on the batch.
const RECORD_UNDO: &str = "UPDATE import_batches SET undo = $3 WHERE ws = $1 AND id = $2";

/// `Store::undo_import`: see the module's text.
pub(crate) fn undo_import(
    pool: &crate::pool::Pool,
    w: &Scope,
    id: ImportBatchId,
    at: DateTime<Utc>,
    u: &Uniqueness,
) -> orderlink::Result<UndoReport> {
    let first: [(&'static str, Params<'_>); 3] =
        [(HEAD_LOCKED, &[&w.ws, &id.0]), (ROWS, &[&w.ws, &id.0]), (CUSTOMERS_LOCKED, &[&w.ws, &id.0])];
    pool.transaction_with(Start::With(&first), |s, rows| undo(s, w, id, at, u, rows))
}

fn undo(
    s: &mut Session<'_>,
    w: &Scope,
    id: ImportBatchId,
    at: DateTime<Utc>,
    u: &Uniqueness,
    rows: Vec<Vec<Row>>,
) -> Tx<UndoReport> {
    let [head, batch_rows, current]: [Vec<Row>; 3] =
        rows.try_into().map_err(|_| Error::store("undo_import: the first statements' answers are missing"))?;
    let head = head.first().ok_or(Error::ImportBatchNotFound { batch_id: id.to_string() })?;
    if let Some(Json(done)) = head.try_get::<_, Option<Json<UndoReport>>>(2)? {
        return Err(Error::ImportAlreadyUndone { batch_id: id.to_string(), undone_at: done.undone_at }.into());
    }
    let batch = ImportBatch {
        id,
        confirmed_at: time_from_parts(head.try_get(0)?, head.try_get(1)?)?,
        rows: batch_rows.iter().map(|r| body(r, 0)).collect::<Tx<_>>()?,
        undo: None,
    };
    let mut customers: HashMap<CustomerId, Customer> = HashMap::with_capacity(current.len());
    for row in &current {
        let mut c: Customer = body(row, 0)?;
        // C7: an owned order keeps a created customer even if its stats were written by hand.
        if row.try_get::<_, bool>(1)? {
            c.stats.orders = c.stats.orders.max(1);
        }
        customers.insert(c.id, c);
    }
    let plan = plan_undo(&batch, &|c| customers.get(&c).cloned(), at);
    let mut report =
        UndoReport { batch_id: id, undone_at: at, deleted: plan.delete.clone(), restored: Vec::new(), kept: plan.kept };
    let deleted: Vec<Uuid> = plan.delete.iter().map(|c| c.0).collect();

    // C4: the restored names' locks, in the order every writer takes them.
    if u.unique_names && !plan.restore.is_empty() {
        let mut keys: Vec<String> = plan.restore.iter().map(|(c, _)| c.name_key()).collect();
        keys.sort();
        keys.dedup();
        let names: Vec<String> = keys.iter().map(|k| lock_name(&w.name, "name", k)).collect::<Tx<_>>()?;
        s.query_one(LOCK_ALL, &[&names])?;
    }
    let ids: Vec<Uuid> = plan.restore.iter().map(|(c, _)| c.id.0).collect();
    let code_keys: Vec<Option<String>> = plan.restore.iter().map(|(c, _)| c.code_key()).collect();
    let name_keys: Vec<String> = plan.restore.iter().map(|(c, _)| c.name_key()).collect();
    let external: Vec<Option<&str>> = plan.restore.iter().map(|(c, _)| c.external_id.as_deref()).collect();
    let blocked: HashSet<Uuid> = if ids.is_empty() {
        HashSet::new()
    } else {
        s.query(RESTORE_CONFLICTS, &[&w.ws, &ids, &code_keys, &name_keys, &u.unique_names, &deleted, &external])?
            .iter()
            .map(|r| r.try_get(0))
            .collect::<Result<_, _>>()?
    };
    let mut restore: Vec<&Customer> = Vec::with_capacity(plan.restore.len());
    for (c, _) in &plan.restore {
        if blocked.contains(&c.id.0) {
            report.kept.retain(|k| k.customer_id != c.id);
            report.kept.push(UndoKept { customer_id: c.id, reason: KeptReason::Conflict, fields: Vec::new() });
        } else {
            report.restored.push(c.id);
            restore.push(c);
        }
    }
    let search: Vec<customers::SearchColumns> = restore.iter().map(|c| customers::search_columns(c)).collect();
    let r_ids: Vec<Uuid> = restore.iter().map(|c| c.id.0).collect();
    let r_code: Vec<Option<String>> = restore.iter().map(|c| c.code_key()).collect();
    let r_name: Vec<String> = restore.iter().map(|c| c.name_key()).collect();
    let r_ext: Vec<Option<&str>> = restore.iter().map(|c| c.external_id.as_deref()).collect();
    let r_body: Vec<Json<&Customer>> = restore.iter().map(|c| Json(*c)).collect();
    let r_fold: Vec<&str> = search.iter().map(|l| l.name_fold.as_str()).collect();
    let r_search: Vec<&str> = search.iter().map(|l| l.search.as_str()).collect();
    let r_active: Vec<bool> = restore.iter().map(|c| c.active).collect();
    let report_body = Json(&report);
    let results = s.commit_with(&[
        (DELETE, &[&w.ws, &deleted]),
        (RESTORE, &[&w.ws, &r_ids, &r_code, &r_name, &r_ext, &r_body, &r_fold, &r_search, &r_active]),
        (RECORD_UNDO, &[&w.ws, &id.0, &report_body]),
    ])?;
    for r in results {
        r.map_err(Fail::Db)?;
    }
    Ok(report)
}

/// `Store::save_import_mapping`: replaces a mapping of the same name (without case).
pub(crate) fn save_mapping(s: &mut Session<'_>, w: &Scope, mapping: &SavedMapping) -> Tx<()> {
    s.execute(
        "INSERT INTO import_mappings (ws, name_key, body) VALUES ($1, $2, $3)
         ON CONFLICT (ws, name_key) DO UPDATE SET body = excluded.body",
        &[&w.ws, &mapping_name_key(&mapping.name), &Json(mapping)],
    )?;
    Ok(())
}

/// `Store::import_mappings`, by name key in byte order (as the memory store lists them).
pub(crate) fn mappings(s: &mut Session<'_>, w: &Scope) -> Tx<Vec<SavedMapping>> {
    s.query("SELECT body FROM import_mappings WHERE ws = $1 ORDER BY name_key COLLATE \"C\"", &[&w.ws])?
        .iter()
        .map(|r| body(r, 0))
        .collect()
}

/// `Store::delete_import_mapping`: whether there was one.
pub(crate) fn delete_mapping(s: &mut Session<'_>, w: &Scope, name: &str) -> Tx<bool> {
    let n =
        s.execute("DELETE FROM import_mappings WHERE ws = $1 AND name_key = $2", &[&w.ws, &mapping_name_key(name)])?;
    Ok(n > 0)
}
