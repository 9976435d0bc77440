//! Reading and writing records inside one transaction. Every function takes the transaction's
//! connection; the caller (the `Store` impl) opens and commits it, so a refused call writes
//! nothing. The rules are the in-memory store's, record for record; the pure ones (stats) are
//! the core's own functions.

use crate::db;
use chrono::{DateTime, Utc};
use orderlink::orders::stats_of;
use orderlink::{
    Customer, CustomerId, Error, LinkCode, Mapping, MatchKey, OrderId, OrderOwner, OrderRef, PendingBuyer, PendingId,
    PendingState, Result, Uniqueness,
};
use rusqlite::{params, Connection, OptionalExtension, ToSql};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// A record as its JSON document.
pub fn to_doc<T: Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| Error::store(format!("a record could not be written as JSON: {e}")))
}

/// A record from its JSON document.
pub fn from_doc<T: DeserializeOwned>(doc: &str) -> Result<T> {
    serde_json::from_str(doc).map_err(|e| Error::store(format!("a stored record could not be read: {e}")))
}

/// The one document a query answers, if any.
pub fn doc_of<T: DeserializeOwned>(conn: &Connection, sql: &str, params: &[&dyn ToSql]) -> Result<Option<T>> {
    let doc: Option<String> =
        conn.prepare_cached(sql).map_err(db)?.query_row(params, |r| r.get(0)).optional().map_err(db)?;
    doc.map(|d| from_doc(&d)).transpose()
}

/// Every document a query answers, in its order.
pub fn docs_of<T: DeserializeOwned>(conn: &Connection, sql: &str, params: &[&dyn ToSql]) -> Result<Vec<T>> {
    let mut stmt = conn.prepare_cached(sql).map_err(db)?;
    let rows = stmt.query_map(params, |r| r.get::<_, String>(0)).map_err(db)?;
    let mut out = Vec::new();
    for doc in rows {
        out.push(from_doc(&doc.map_err(db)?)?);
    }
    Ok(out)
}

/// The ids (a text column) a query answers, in its order.
fn ids_of<T: std::str::FromStr<Err = Error>>(conn: &Connection, sql: &str, params: &[&dyn ToSql]) -> Result<Vec<T>> {
    let mut stmt = conn.prepare_cached(sql).map_err(db)?;
    let rows = stmt.query_map(params, |r| r.get::<_, String>(0)).map_err(db)?;
    let mut out = Vec::new();
    for id in rows {
        out.push(id.map_err(db)?.parse()?);
    }
    Ok(out)
}

fn owner_column(owner: OrderOwner) -> Option<String> {
    match owner {
        OrderOwner::Customer(id) => Some(id.to_string()),
        OrderOwner::Placeholder => None,
    }
}

// --- customers -------------------------------------------------------------------------------

pub fn customer(conn: &Connection, id: CustomerId) -> Result<Option<Customer>> {
    doc_of(conn, "SELECT doc FROM customers WHERE id = ?1", &[&id.to_string()])
}

pub fn require_customer(conn: &Connection, id: CustomerId) -> Result<Customer> {
    customer(conn, id)?.ok_or_else(|| Error::CustomerNotFound { id: id.to_string() })
}

/// The id of the customer a unique column value belongs to.
fn holder(conn: &Connection, sql: &str, value: &str) -> Result<Option<String>> {
    conn.prepare_cached(sql).map_err(db)?.query_row([value], |r| r.get(0)).optional().map_err(db)
}

/// C2, C4, S3: every uniqueness check for `c`, ignoring the record with id `c.id` itself.
pub fn check_unique(conn: &Connection, c: &Customer, u: &Uniqueness) -> Result<()> {
    let id = c.id.to_string();
    if let Some(key) = c.code_key() {
        if holder(conn, "SELECT id FROM customers WHERE code_key = ?1", &key)?.is_some_and(|h| h != id) {
            return Err(Error::CodeTaken { code: c.code.clone().unwrap_or_default() });
        }
    }
    if u.unique_names {
        let clash: Option<i64> = conn
            .prepare_cached("SELECT 1 FROM customers WHERE name_key = ?1 AND id <> ?2 LIMIT 1")
            .map_err(db)?
            .query_row(params![c.name_key(), id], |r| r.get(0))
            .optional()
            .map_err(db)?;
        if clash.is_some() {
            return Err(Error::NameTaken { name: c.name.clone() });
        }
    }
    if let Some(ext) = &c.external_id {
        if holder(conn, "SELECT id FROM customers WHERE external_id = ?1", ext)?.is_some_and(|h| h != id) {
            return Err(Error::ExternalIdDuplicate { external_id: ext.clone() });
        }
    }
    Ok(())
}

/// L1: a code may be issued only if it was never issued and is not the workspace's.
pub fn check_new_link(conn: &Connection, code: &LinkCode, u: &Uniqueness) -> Result<()> {
    let issued: Option<i64> = conn
        .prepare_cached("SELECT 1 FROM issued_link_codes WHERE code = ?1")
        .map_err(db)?
        .query_row([code.as_str()], |r| r.get(0))
        .optional()
        .map_err(db)?;
    if *code == u.workspace_code || issued.is_some() {
        return Err(Error::LinkCodeTaken);
    }
    Ok(())
}

fn issue_link(conn: &Connection, code: &LinkCode) -> Result<()> {
    conn.prepare_cached("INSERT INTO issued_link_codes (code) VALUES (?1)")
        .map_err(db)?
        .execute([code.as_str()])
        .map_err(db)?;
    Ok(())
}

pub fn insert_customer(conn: &Connection, c: &Customer, u: &Uniqueness) -> Result<()> {
    if customer_version(conn, c.id)?.is_some() {
        return Err(Error::store(format!("customer id {} already exists", c.id)));
    }
    check_new_link(conn, &c.link_code, u)?;
    check_unique(conn, c, u)?;
    write_customer(conn, c)?;
    issue_link(conn, &c.link_code)
}

fn version_column(version: u64) -> Result<i64> {
    i64::try_from(version).map_err(|_| Error::store("a record version is past what the file can hold"))
}

fn customer_version(conn: &Connection, id: CustomerId) -> Result<Option<(u64, String)>> {
    let row: Option<(i64, String)> = conn
        .prepare_cached("SELECT version, link_code FROM customers WHERE id = ?1")
        .map_err(db)?
        .query_row([id.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()
        .map_err(db)?;
    Ok(row.map(|(v, code)| (v as u64, code)))
}

/// The stored link code of customer `id` if it is at `expected_version`; `CustomerNotFound` or
/// `StaleWrite` otherwise.
pub fn current_link(conn: &Connection, id: CustomerId, expected_version: u64) -> Result<String> {
    let (version, code) = customer_version(conn, id)?.ok_or_else(|| Error::CustomerNotFound { id: id.to_string() })?;
    if version != expected_version {
        return Err(Error::StaleWrite);
    }
    Ok(code)
}

/// Writes a customer's row (its indexed columns and its document), inserting or overwriting.
pub fn write_customer(conn: &Connection, c: &Customer) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO customers (id, version, link_code, code_key, name_key, external_id, active, doc)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (id) DO UPDATE SET version = excluded.version, link_code = excluded.link_code,
         code_key = excluded.code_key, name_key = excluded.name_key, external_id = excluded.external_id,
         active = excluded.active, doc = excluded.doc",
    )
    .map_err(db)?
    .execute(params![
        c.id.to_string(),
        version_column(c.version)?,
        c.link_code.as_str(),
        c.code_key(),
        c.name_key(),
        c.external_id,
        c.active,
        to_doc(c)?
    ])
    .map_err(db)?;
    Ok(())
}

pub fn replace_customer(conn: &Connection, c: &Customer, expected_version: u64, u: &Uniqueness) -> Result<()> {
    let link = current_link(conn, c.id, expected_version)?;
    if link != c.link_code.as_str() {
        return Err(Error::store("replace_customer may not change the link code; use rotate_link"));
    }
    check_unique(conn, c, u)?;
    write_customer(conn, c)
}

/// L5: the new code is issued, the old one stays issued (retired).
pub fn rotate_link(conn: &Connection, c: &Customer, expected_version: u64, u: &Uniqueness) -> Result<()> {
    current_link(conn, c.id, expected_version)?;
    check_new_link(conn, &c.link_code, u)?;
    write_customer(conn, c)?;
    issue_link(conn, &c.link_code)
}

// --- orders ----------------------------------------------------------------------------------

/// Records an order (taken in under `pending`, if any) and refreshes its owner's stats.
pub fn add_order(conn: &Connection, order: &OrderRef, pending: Option<PendingId>) -> Result<()> {
    let (key_name, key_email) = match &order.via_key {
        Some(k) => (Some(k.name.as_str()), Some(k.email.as_str())),
        None => (None, None),
    };
    conn.prepare_cached(
        "INSERT INTO orders (id, owner, key_name, key_email, pending_id, doc) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )
    .map_err(db)?
    .execute(params![
        order.id.to_string(),
        owner_column(order.owner),
        key_name,
        key_email,
        pending.map(|p| p.to_string()),
        to_doc(order)?
    ])
    .map_err(db)?;
    if let OrderOwner::Customer(id) = order.owner {
        refresh_stats(conn, id)?;
    }
    Ok(())
}

pub fn order(conn: &Connection, id: OrderId) -> Result<Option<OrderRef>> {
    doc_of(conn, "SELECT doc FROM orders WHERE id = ?1", &[&id.to_string()])
}

pub fn write_order(conn: &Connection, order: &OrderRef) -> Result<()> {
    conn.prepare_cached("UPDATE orders SET owner = ?2, doc = ?3 WHERE id = ?1")
        .map_err(db)?
        .execute(params![order.id.to_string(), owner_column(order.owner), to_doc(order)?])
        .map_err(db)?;
    Ok(())
}

/// The orders of one owner, in intake order.
pub fn orders_of(conn: &Connection, owner: OrderOwner) -> Result<Vec<OrderRef>> {
    docs_of(conn, "SELECT doc FROM orders WHERE owner IS ?1 ORDER BY seq", &[&owner_column(owner)])
}

/// Stats follow every attach and move, and a stats change is a new version of the record, so
/// a concurrent customer update cannot write stale stats back.
pub fn refresh_stats(conn: &Connection, id: CustomerId) -> Result<()> {
    let Some(mut c) = customer(conn, id)? else { return Ok(()) };
    c.stats = stats_of(&orders_of(conn, OrderOwner::Customer(id))?)?;
    c.version += 1;
    // Only the version and the document change: the indexed columns are left alone, so the
    // write touches one row and no index.
    conn.prepare_cached("UPDATE customers SET version = ?2, doc = ?3 WHERE id = ?1")
        .map_err(db)?
        .execute(params![c.id.to_string(), version_column(c.version)?, to_doc(&c)?])
        .map_err(db)?;
    Ok(())
}

/// Gives these orders to `to` and refreshes the stats of every customer that lost or gained one.
pub fn move_orders(conn: &Connection, ids: &[OrderId], to: OrderOwner) -> Result<()> {
    let mut touched = Vec::new();
    for id in ids {
        let Some(mut order) = order(conn, *id)? else { continue };
        let from = std::mem::replace(&mut order.owner, to);
        write_order(conn, &order)?;
        for owner in [from, to] {
            if !touched.contains(&owner) {
                touched.push(owner);
            }
        }
    }
    for owner in touched {
        if let OrderOwner::Customer(id) = owner {
            refresh_stats(conn, id)?;
        }
    }
    Ok(())
}

// --- pending records and mappings ------------------------------------------------------------

/// A pending record with its orders (oldest first) filled in from the orders table.
pub fn pending(conn: &Connection, id: PendingId) -> Result<Option<PendingBuyer>> {
    let Some(mut p) = doc_of::<PendingBuyer>(conn, "SELECT doc FROM pending WHERE id = ?1", &[&id.to_string()])? else {
        return Ok(None);
    };
    p.orders = ids_of(conn, "SELECT id FROM orders WHERE pending_id = ?1 ORDER BY seq", &[&id.to_string()])?;
    Ok(Some(p))
}

/// Every pending record (only open ones when `open_only`), oldest first, with their orders.
pub fn pending_buyers(conn: &Connection, open_only: bool) -> Result<Vec<PendingBuyer>> {
    let mut records: Vec<PendingBuyer> =
        docs_of(conn, "SELECT doc FROM pending WHERE open = 1 OR ?1 = 0 ORDER BY seq", &[&open_only])?;
    let mut stmt = conn
        .prepare_cached("SELECT pending_id, id FROM orders WHERE pending_id IS NOT NULL ORDER BY seq")
        .map_err(db)?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))).map_err(db)?;
    let mut orders: std::collections::HashMap<PendingId, Vec<OrderId>> = std::collections::HashMap::new();
    for row in rows {
        let (pending, order) = row.map_err(db)?;
        orders.entry(pending.parse()?).or_default().push(order.parse()?);
    }
    for p in &mut records {
        p.orders = orders.remove(&p.id).unwrap_or_default();
    }
    Ok(records)
}

/// Writes a record's document and open flag (its orders live in the orders table).
pub fn write_pending(conn: &Connection, p: &PendingBuyer) -> Result<()> {
    let doc = to_doc(&PendingBuyer { orders: Vec::new(), ..p.clone() })?;
    conn.prepare_cached("UPDATE pending SET open = ?2, doc = ?3 WHERE id = ?1")
        .map_err(db)?
        .execute(params![p.id.to_string(), p.state == PendingState::Open, doc])
        .map_err(db)?;
    Ok(())
}

pub fn insert_pending(conn: &Connection, p: &PendingBuyer) -> Result<()> {
    let doc = to_doc(&PendingBuyer { orders: Vec::new(), ..p.clone() })?;
    conn.prepare_cached("INSERT INTO pending (id, key_name, key_email, open, doc) VALUES (?1, ?2, ?3, ?4, ?5)")
        .map_err(db)?
        .execute(params![p.id.to_string(), p.key.name, p.key.email, p.state == PendingState::Open, doc])
        .map_err(db)?;
    Ok(())
}

/// The open record for a key, if any (without its orders).
pub fn open_for_key(conn: &Connection, key: &MatchKey) -> Result<Option<PendingBuyer>> {
    doc_of(
        conn,
        "SELECT doc FROM pending WHERE key_name = ?1 AND key_email = ?2 AND open = 1",
        &[&key.name, &key.email],
    )
}

/// The records of a key that are closed (mapped or ignored), oldest first, without orders.
pub fn closed_for_key(conn: &Connection, key: &MatchKey) -> Result<Vec<PendingBuyer>> {
    docs_of(
        conn,
        "SELECT doc FROM pending WHERE key_name = ?1 AND key_email = ?2 AND open = 0 ORDER BY seq",
        &[&key.name, &key.email],
    )
}

/// P4: the record, if it is open; `PendingNotFound` or `PendingNotOpen` otherwise.
pub fn open_pending(conn: &Connection, id: PendingId) -> Result<PendingBuyer> {
    let p = doc_of::<PendingBuyer>(conn, "SELECT doc FROM pending WHERE id = ?1", &[&id.to_string()])?
        .ok_or_else(|| Error::PendingNotFound { id: id.to_string() })?;
    match p.state {
        PendingState::Open => Ok(p),
        PendingState::Mapped(_) => Err(Error::PendingNotOpen { state: "mapped" }),
        PendingState::Ignored => Err(Error::PendingNotOpen { state: "ignored" }),
    }
}

pub fn mapping(conn: &Connection, key: &MatchKey) -> Result<Option<Mapping>> {
    doc_of(conn, "SELECT doc FROM mappings WHERE key_name = ?1 AND key_email = ?2", &[&key.name, &key.email])
}

/// Points a key at a customer; returns the customer it pointed at before, if any.
pub fn set_mapping(
    conn: &Connection,
    key: &MatchKey,
    customer_id: CustomerId,
    at: DateTime<Utc>,
) -> Result<Option<CustomerId>> {
    let (from, next) = match mapping(conn, key)? {
        Some(m) => (Some(m.customer_id), Mapping { customer_id, updated_at: at, ..m }),
        None => (None, Mapping { key: key.clone(), customer_id, created_at: at, updated_at: at }),
    };
    conn.prepare_cached(
        "INSERT INTO mappings (key_name, key_email, customer_id, doc) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (key_name, key_email) DO UPDATE SET customer_id = excluded.customer_id, doc = excluded.doc",
    )
    .map_err(db)?
    .execute(params![key.name, key.email, customer_id.to_string(), to_doc(&next)?])
    .map_err(db)?;
    Ok(from)
}

/// P4: the open record's placeholder orders move to the customer; the key maps to it. Returns
/// the key, the customer it mapped to before, and the orders moved.
pub fn map_record(
    conn: &Connection,
    mut record: PendingBuyer,
    customer_id: CustomerId,
    at: DateTime<Utc>,
) -> Result<(MatchKey, Option<CustomerId>, Vec<OrderId>)> {
    record.state = PendingState::Mapped(customer_id);
    record.updated_at = at;
    write_pending(conn, &record)?;
    let moving: Vec<OrderId> = ids_of(
        conn,
        "SELECT id FROM orders WHERE pending_id = ?1 AND owner IS NULL ORDER BY seq",
        &[&record.id.to_string()],
    )?;
    move_orders(conn, &moving, OrderOwner::Customer(customer_id))?;
    let from = set_mapping(conn, &record.key, customer_id, at)?;
    Ok((record.key, from, moving))
}

/// P5: the orders that came in under `key` and belong to `owner`, in intake order.
pub fn key_orders_of(conn: &Connection, key: &MatchKey, owner: CustomerId) -> Result<Vec<OrderId>> {
    ids_of(
        conn,
        "SELECT id FROM orders WHERE key_name = ?1 AND key_email = ?2 AND owner = ?3 ORDER BY seq",
        &[&key.name, &key.email, &owner.to_string()],
    )
}
