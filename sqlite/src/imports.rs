//! I7 saved import mappings and I9 import batches (migration 6): the batch is written in the
//! transaction of the import's customer writes, and an undo is one `BEGIN IMMEDIATE`
//! transaction that reads the batch, decides with the core's `plan_undo` against the customers
//! as they are inside it, writes, and records its report on the batch (the audit of the undo).

use crate::db;
use crate::records::{self, from_doc, time_columns, to_doc};
use chrono::{DateTime, Utc};
use orderlink::import::{
    mapping_name_key, plan_undo, BatchRow, ImportBatch, KeptReason, SavedMapping, UndoKept, UndoReport,
};
use orderlink::{Customer, CustomerId, CustomerWrite, Error, ImportBatchId, Result, Uniqueness};
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::HashMap;

/// `Store::write_customers` and the batch record, inside the caller's transaction.
pub(crate) fn write_import(
    conn: &Connection,
    ws: i64,
    writes: &[CustomerWrite],
    u: &Uniqueness,
    batch: &ImportBatch,
) -> Result<()> {
    for w in writes {
        match w {
            CustomerWrite::Insert(c) => records::insert_customer(conn, ws, c, u)?,
            CustomerWrite::Update { customer, expected_version } => {
                records::replace_customer(conn, ws, customer, *expected_version, u)?
            }
        }
    }
    let id = batch.id.to_string();
    let (s, ns) = time_columns(batch.confirmed_at);
    conn.prepare_cached(
        "INSERT INTO import_batches (ws, id, confirmed_s, confirmed_ns, undo) VALUES (?1, ?2, ?3, ?4, ?5)",
    )
    .map_err(db)?
    .execute(params![ws, id, s, ns, batch.undo.as_ref().map(to_doc).transpose()?])
    .map_err(|e| match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::ConstraintViolation) => Error::store(format!("import batch {id} already exists")),
        _ => db(e),
    })?;
    let mut insert = conn
        .prepare_cached(
            "INSERT INTO import_batch_rows (ws, batch_id, seq, customer_id, action, doc) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )
        .map_err(db)?;
    for (seq, row) in batch.rows.iter().enumerate() {
        let action = match row {
            BatchRow::Created { .. } => "created",
            BatchRow::Updated { .. } => "updated",
        };
        insert.execute(params![ws, id, seq as i64, row.customer_id().to_string(), action, to_doc(row)?]).map_err(db)?;
    }
    Ok(())
}

/// The batch's stored head: when it was confirmed and its undo, if undone.
fn head(conn: &Connection, ws: i64, id: ImportBatchId) -> Result<Option<(DateTime<Utc>, Option<UndoReport>)>> {
    let row: Option<(i64, i64, Option<String>)> = conn
        .prepare_cached("SELECT confirmed_s, confirmed_ns, undo FROM import_batches WHERE ws = ?1 AND id = ?2")
        .map_err(db)?
        .query_row(params![ws, id.to_string()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()
        .map_err(db)?;
    let Some((s, ns, undo)) = row else { return Ok(None) };
    let at = DateTime::from_timestamp(s, u32::try_from(ns).unwrap_or_default())
        .ok_or_else(|| Error::store("an import batch's time could not be read"))?;
    Ok(Some((at, undo.map(|d| from_doc(&d)).transpose()?)))
}

/// `Store::import_batch`: the batch with its rows in row order.
pub(crate) fn import_batch(conn: &Connection, ws: i64, id: ImportBatchId) -> Result<Option<ImportBatch>> {
    let Some((confirmed_at, undo)) = head(conn, ws, id)? else { return Ok(None) };
    let rows = records::docs_of(
        conn,
        "SELECT doc FROM import_batch_rows WHERE ws = ?1 AND batch_id = ?2 ORDER BY seq",
        &[&ws, &id.to_string()],
    )?;
    Ok(Some(ImportBatch { id, confirmed_at, rows, undo }))
}

/// `Store::undo_import` inside the caller's `BEGIN IMMEDIATE` transaction: the write lock is
/// held from the first read, so a second undo (from this process or another) waits and then
/// sees this one's report.
pub(crate) fn undo_import(
    conn: &Connection,
    ws: i64,
    id: ImportBatchId,
    at: DateTime<Utc>,
    u: &Uniqueness,
) -> Result<UndoReport> {
    let batch = import_batch(conn, ws, id)?.ok_or(Error::ImportBatchNotFound { batch_id: id.to_string() })?;
    if let Some(undo) = &batch.undo {
        return Err(Error::ImportAlreadyUndone { batch_id: id.to_string(), undone_at: undo.undone_at });
    }
    let mut current: HashMap<CustomerId, Customer> = HashMap::with_capacity(batch.rows.len());
    for row in &batch.rows {
        let cid = row.customer_id();
        if let Some(c) = records::customer(conn, ws, cid)? {
            current.insert(cid, c);
        }
    }
    let plan = plan_undo(&batch, &|c| current.get(&c).cloned(), at);
    let mut report =
        UndoReport { batch_id: id, undone_at: at, deleted: Vec::new(), restored: Vec::new(), kept: plan.kept };
    for cid in plan.delete {
        records::delete_customer(conn, ws, cid)?;
        conn.prepare_cached("DELETE FROM notes WHERE ws = ?1 AND customer_id = ?2")
            .map_err(db)?
            .execute(params![ws, cid.to_string()])
            .map_err(db)?;
        report.deleted.push(cid);
    }
    for (customer, version) in plan.restore {
        // The checks run before the write, so a refused restore leaves the row as it was.
        match records::replace_customer(conn, ws, &customer, version, u) {
            Ok(()) => report.restored.push(customer.id),
            Err(Error::CodeTaken { .. } | Error::NameTaken { .. } | Error::ExternalIdDuplicate { .. }) => {
                report.kept.retain(|k| k.customer_id != customer.id);
                report.kept.push(UndoKept {
                    customer_id: customer.id,
                    reason: KeptReason::Conflict,
                    fields: Vec::new(),
                });
            }
            Err(e) => return Err(e),
        }
    }
    conn.prepare_cached("UPDATE import_batches SET undo = ?3 WHERE ws = ?1 AND id = ?2")
        .map_err(db)?
        .execute(params![ws, id.to_string(), to_doc(&report)?])
        .map_err(db)?;
    Ok(report)
}

/// `Store::save_import_mapping`: replaces a mapping of the same name (without case).
pub(crate) fn save_mapping(conn: &Connection, ws: i64, mapping: &SavedMapping) -> Result<()> {
    conn.prepare_cached("INSERT OR REPLACE INTO import_mappings (ws, name_key, doc) VALUES (?1, ?2, ?3)")
        .map_err(db)?
        .execute(params![ws, mapping_name_key(&mapping.name), to_doc(mapping)?])
        .map_err(db)?;
    Ok(())
}

/// `Store::import_mappings`, by name key (as the memory store lists them).
pub(crate) fn mappings(conn: &Connection, ws: i64) -> Result<Vec<SavedMapping>> {
    records::docs_of(conn, "SELECT doc FROM import_mappings WHERE ws = ?1 ORDER BY name_key", &[&ws])
}

/// `Store::delete_import_mapping`: whether there was one.
pub(crate) fn delete_mapping(conn: &Connection, ws: i64, name: &str) -> Result<bool> {
    let n = conn
        .prepare_cached("DELETE FROM import_mappings WHERE ws = ?1 AND name_key = ?2")
        .map_err(db)?
        .execute(params![ws, mapping_name_key(name)])
        .map_err(db)?;
    Ok(n > 0)
}
