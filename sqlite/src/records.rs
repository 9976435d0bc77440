//! Reading and writing records inside one transaction. Every function takes the transaction's
//! connection; the caller (the `Store` impl) opens and commits it, so a refused call writes
//! nothing. The rules are the in-memory store's, record for record; the pure ones (stats) are
//! the core's own functions.

use crate::db;
use crate::schema::search_table;
use chrono::{DateTime, Utc};
use orderlink::customer::code_key;
use orderlink::orders::stats_of;
use orderlink::{
    search_fold, Customer, CustomerId, CustomerKind, Error, LinkCode, Mapping, MatchKey, OrderId, OrderOwner, OrderRef,
    PendingBuyer, PendingId, PendingState, Result, Uniqueness,
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

pub fn customer(conn: &Connection, ws: i64, id: CustomerId) -> Result<Option<Customer>> {
    doc_of(conn, "SELECT doc FROM customers WHERE ws = ?1 AND id = ?2", &[&ws, &id.to_string()])
}

pub fn require_customer(conn: &Connection, ws: i64, id: CustomerId) -> Result<Customer> {
    customer(conn, ws, id)?.ok_or_else(|| Error::CustomerNotFound { id: id.to_string() })
}

/// The id of the customer a unique column value belongs to, in workspace `ws`.
fn holder(conn: &Connection, ws: i64, sql: &str, value: &str) -> Result<Option<String>> {
    conn.prepare_cached(sql).map_err(db)?.query_row(params![ws, value], |r| r.get(0)).optional().map_err(db)
}

/// C2, C4, S3 (per workspace, W3): every uniqueness check for `c`, ignoring the record with id
/// `c.id` itself.
pub fn check_unique(conn: &Connection, ws: i64, c: &Customer, u: &Uniqueness) -> Result<()> {
    let id = c.id.to_string();
    if let Some(key) = c.code_key() {
        if holder(conn, ws, "SELECT id FROM customers WHERE ws = ?1 AND code_key = ?2", &key)?.is_some_and(|h| h != id)
        {
            return Err(Error::CodeTaken { code: c.code.clone().unwrap_or_default() });
        }
    }
    if u.unique_names {
        let clash: Option<i64> = conn
            .prepare_cached("SELECT 1 FROM customers WHERE ws = ?1 AND name_key = ?2 AND id <> ?3 LIMIT 1")
            .map_err(db)?
            .query_row(params![ws, c.name_key(), id], |r| r.get(0))
            .optional()
            .map_err(db)?;
        if clash.is_some() {
            return Err(Error::NameTaken { name: c.name.clone() });
        }
    }
    if let Some(ext) = &c.external_id {
        if holder(conn, ws, "SELECT id FROM customers WHERE ws = ?1 AND external_id = ?2", ext)?
            .is_some_and(|h| h != id)
        {
            return Err(Error::ExternalIdDuplicate { external_id: ext.clone() });
        }
    }
    Ok(())
}

/// L1, W2: a code may be issued only if no workspace of the file holds or once held it, and it
/// is not this workspace's own.
pub fn check_new_link(conn: &Connection, code: &LinkCode, u: &Uniqueness) -> Result<()> {
    if *code == u.workspace_code || link_known(conn, code)? {
        return Err(Error::LinkCodeTaken);
    }
    Ok(())
}

/// W2: whether any workspace of the file holds, or once held, `code`.
pub fn link_known(conn: &Connection, code: &LinkCode) -> Result<bool> {
    let issued: Option<i64> = conn
        .prepare_cached("SELECT 1 FROM link_codes WHERE code = ?1")
        .map_err(db)?
        .query_row([code.as_str()], |r| r.get(0))
        .optional()
        .map_err(db)?;
    Ok(issued.is_some())
}

/// W2: records `code` as issued, current, to workspace `ws` (and customer `customer`, or the
/// workspace itself). The primary key refuses a code issued before, in any workspace.
pub fn issue_link(conn: &Connection, ws: i64, code: &LinkCode, customer: Option<CustomerId>) -> Result<()> {
    conn.prepare_cached("INSERT INTO link_codes (code, ws, customer_id, current) VALUES (?1, ?2, ?3, 1)")
        .map_err(db)?
        .execute(params![code.as_str(), ws, customer.map(|c| c.to_string())])
        .map_err(|e| match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::ConstraintViolation) => Error::LinkCodeTaken,
            _ => db(e),
        })?;
    Ok(())
}

/// L1, L5: a code stops answering; it stays issued, never given out again.
pub fn retire_link(conn: &Connection, code: &str) -> Result<()> {
    conn.prepare_cached("UPDATE link_codes SET current = 0 WHERE code = ?1")
        .map_err(db)?
        .execute([code])
        .map_err(db)?;
    Ok(())
}

pub fn insert_customer(conn: &Connection, ws: i64, c: &Customer, u: &Uniqueness) -> Result<()> {
    if customer_version(conn, ws, c.id)?.is_some() {
        return Err(Error::store(format!("customer id {} already exists", c.id)));
    }
    check_new_link(conn, &c.link_code, u)?;
    check_unique(conn, ws, c, u)?;
    write_customer(conn, ws, c)?;
    issue_link(conn, ws, &c.link_code, Some(c.id))
}

fn version_column(version: u64) -> Result<i64> {
    i64::try_from(version).map_err(|_| Error::store("a record version is past what the file can hold"))
}

fn customer_version(conn: &Connection, ws: i64, id: CustomerId) -> Result<Option<(u64, String)>> {
    let row: Option<(i64, String)> = conn
        .prepare_cached("SELECT version, link_code FROM customers WHERE ws = ?1 AND id = ?2")
        .map_err(db)?
        .query_row(params![ws, id.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()
        .map_err(db)?;
    Ok(row.map(|(v, code)| (v as u64, code)))
}

/// The stored link code of customer `id` if it is at `expected_version`; `CustomerNotFound` or
/// `StaleWrite` otherwise.
pub fn current_link(conn: &Connection, ws: i64, id: CustomerId, expected_version: u64) -> Result<String> {
    let (version, code) =
        customer_version(conn, ws, id)?.ok_or_else(|| Error::CustomerNotFound { id: id.to_string() })?;
    if version != expected_version {
        return Err(Error::StaleWrite);
    }
    Ok(code)
}

/// A time as the (seconds, nanoseconds) columns that order and compare it exactly.
pub fn time_columns(at: DateTime<Utc>) -> (i64, i64) {
    (at.timestamp(), i64::from(at.timestamp_subsec_nanos()))
}

/// The separator around each tag key in `tags_k`.
pub const TAG_SEP: char = '\u{1f}';

/// W4: the list columns of a customer's stats (what an order changes).
fn stats_columns(c: &Customer) -> Result<(i64, bool, Option<i64>, Option<i64>)> {
    let last = c.stats.last_order_at.map(time_columns);
    let orders =
        i64::try_from(c.stats.orders).map_err(|_| Error::store("an order count is past what the file can hold"))?;
    Ok((orders, c.kind() == CustomerKind::Customer, last.map(|l| l.0), last.map(|l| l.1)))
}

/// Writes a customer's row (its indexed columns, its list columns and its document), inserting
/// or overwriting, and its entry in the workspace's search index.
pub fn write_customer(conn: &Connection, ws: i64, c: &Customer) -> Result<()> {
    let [name, code, email, phone, contact] = orderlink::listing::search_fields(c).map(|t| t.map(search_fold));
    let (name_f, code_f, email_f, phone_f, contact_f) = (name.unwrap_or_default(), code, email, phone, contact);
    let mut tags_k = String::new();
    for tag in &c.tags {
        tags_k.push(TAG_SEP);
        tags_k.push_str(&code_key(tag));
        tags_k.push(TAG_SEP);
    }
    let (orders_n, placed, last_s, last_ns) = stats_columns(c)?;
    let (created_s, created_ns) = time_columns(c.created_at);
    let seq: i64 = conn
        .prepare_cached(
            "INSERT INTO customers (ws, id, version, link_code, code_key, name_key, external_id, active,
                name_f, code_f, email_f, phone_f, contact_f, tags_k, managed_by, orders_n, placed, last_s, last_ns,
                created_s, created_ns, doc)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)
             ON CONFLICT (ws, id) DO UPDATE SET version = excluded.version, link_code = excluded.link_code,
             code_key = excluded.code_key, name_key = excluded.name_key, external_id = excluded.external_id,
             active = excluded.active, name_f = excluded.name_f, code_f = excluded.code_f,
             email_f = excluded.email_f, phone_f = excluded.phone_f, contact_f = excluded.contact_f,
             tags_k = excluded.tags_k, managed_by = excluded.managed_by, orders_n = excluded.orders_n,
             placed = excluded.placed, last_s = excluded.last_s, last_ns = excluded.last_ns,
             created_s = excluded.created_s, created_ns = excluded.created_ns, doc = excluded.doc
             RETURNING seq",
        )
        .map_err(db)?
        .query_row(
            params![
                ws,
                c.id.to_string(),
                version_column(c.version)?,
                c.link_code.as_str(),
                c.code_key(),
                c.name_key(),
                c.external_id,
                c.active,
                name_f,
                code_f,
                email_f,
                phone_f,
                contact_f,
                tags_k,
                c.managed_by.map(|u| u.to_string()),
                orders_n,
                placed,
                last_s,
                last_ns,
                created_s,
                created_ns,
                to_doc(c)?
            ],
            |r| r.get(0),
        )
        .map_err(db)?;
    let table = search_table(ws);
    conn.prepare_cached(&format!("DELETE FROM {table} WHERE rowid = ?1")).map_err(db)?.execute([seq]).map_err(db)?;
    conn.prepare_cached(&format!(
        "INSERT INTO {table} (rowid, name_f, code_f, email_f, phone_f, contact_f) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
    ))
    .map_err(db)?
    .execute(params![seq, name_f, code_f, email_f, phone_f, contact_f])
    .map_err(db)?;
    Ok(())
}

/// C7: removes a customer's row and its search entry; its link code is retired (L1).
pub fn delete_customer(conn: &Connection, ws: i64, id: CustomerId) -> Result<()> {
    let row: Option<(i64, String)> = conn
        .prepare_cached("DELETE FROM customers WHERE ws = ?1 AND id = ?2 RETURNING seq, link_code")
        .map_err(db)?
        .query_row(params![ws, id.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()
        .map_err(db)?;
    if let Some((seq, code)) = row {
        conn.prepare_cached(&format!("DELETE FROM {} WHERE rowid = ?1", search_table(ws)))
            .map_err(db)?
            .execute([seq])
            .map_err(db)?;
        retire_link(conn, &code)?;
    }
    Ok(())
}

pub fn replace_customer(conn: &Connection, ws: i64, c: &Customer, expected_version: u64, u: &Uniqueness) -> Result<()> {
    let link = current_link(conn, ws, c.id, expected_version)?;
    if link != c.link_code.as_str() {
        return Err(Error::store("replace_customer may not change the link code; use rotate_link"));
    }
    check_unique(conn, ws, c, u)?;
    write_customer(conn, ws, c)
}

/// L5: the new code is issued, the old one stays issued (retired).
pub fn rotate_link(conn: &Connection, ws: i64, c: &Customer, expected_version: u64, u: &Uniqueness) -> Result<()> {
    let old = current_link(conn, ws, c.id, expected_version)?;
    check_new_link(conn, &c.link_code, u)?;
    write_customer(conn, ws, c)?;
    retire_link(conn, &old)?;
    issue_link(conn, ws, &c.link_code, Some(c.id))
}

// --- orders ----------------------------------------------------------------------------------

/// Records an order (taken in under `pending`, if any) and refreshes its owner's stats.
pub fn add_order(conn: &Connection, ws: i64, order: &OrderRef, pending: Option<PendingId>) -> Result<()> {
    let (key_name, key_email) = match &order.via_key {
        Some(k) => (Some(k.name.as_str()), Some(k.email.as_str())),
        None => (None, None),
    };
    conn.prepare_cached(
        "INSERT INTO orders (ws, id, owner, key_name, key_email, pending_id, doc) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )
    .map_err(db)?
    .execute(params![
        ws,
        order.id.to_string(),
        owner_column(order.owner),
        key_name,
        key_email,
        pending.map(|p| p.to_string()),
        to_doc(order)?
    ])
    .map_err(db)?;
    if let OrderOwner::Customer(id) = order.owner {
        refresh_stats(conn, ws, id)?;
    }
    Ok(())
}

pub fn order(conn: &Connection, ws: i64, id: OrderId) -> Result<Option<OrderRef>> {
    doc_of(conn, "SELECT doc FROM orders WHERE ws = ?1 AND id = ?2", &[&ws, &id.to_string()])
}

pub fn write_order(conn: &Connection, ws: i64, order: &OrderRef) -> Result<()> {
    conn.prepare_cached("UPDATE orders SET owner = ?3, doc = ?4 WHERE ws = ?1 AND id = ?2")
        .map_err(db)?
        .execute(params![ws, order.id.to_string(), owner_column(order.owner), to_doc(order)?])
        .map_err(db)?;
    Ok(())
}

/// The orders of one owner, in intake order.
pub fn orders_of(conn: &Connection, ws: i64, owner: OrderOwner) -> Result<Vec<OrderRef>> {
    docs_of(conn, "SELECT doc FROM orders WHERE ws = ?1 AND owner IS ?2 ORDER BY seq", &[&ws, &owner_column(owner)])
}

/// Stats follow every attach and move, and a stats change is a new version of the record, so
/// a concurrent customer update cannot write stale stats back.
pub fn refresh_stats(conn: &Connection, ws: i64, id: CustomerId) -> Result<()> {
    let Some(mut c) = customer(conn, ws, id)? else { return Ok(()) };
    c.stats = stats_of(&orders_of(conn, ws, OrderOwner::Customer(id))?)?;
    c.version += 1;
    let (orders_n, placed, last_s, last_ns) = stats_columns(&c)?;
    // Only the version, the stats columns and the document change: the search index and the
    // unique columns are left alone.
    conn.prepare_cached(
        "UPDATE customers SET version = ?3, orders_n = ?4, placed = ?5, last_s = ?6, last_ns = ?7, doc = ?8
         WHERE ws = ?1 AND id = ?2",
    )
    .map_err(db)?
    .execute(params![ws, c.id.to_string(), version_column(c.version)?, orders_n, placed, last_s, last_ns, to_doc(&c)?])
    .map_err(db)?;
    Ok(())
}

/// Gives these orders to `to` and refreshes the stats of every customer that lost or gained one.
pub fn move_orders(conn: &Connection, ws: i64, ids: &[OrderId], to: OrderOwner) -> Result<()> {
    let mut touched = Vec::new();
    for id in ids {
        let Some(mut order) = order(conn, ws, *id)? else { continue };
        let from = std::mem::replace(&mut order.owner, to);
        write_order(conn, ws, &order)?;
        for owner in [from, to] {
            if !touched.contains(&owner) {
                touched.push(owner);
            }
        }
    }
    for owner in touched {
        if let OrderOwner::Customer(id) = owner {
            refresh_stats(conn, ws, id)?;
        }
    }
    Ok(())
}

// --- pending records and mappings ------------------------------------------------------------

/// A pending record with its orders (oldest first) filled in from the orders table.
pub fn pending(conn: &Connection, ws: i64, id: PendingId) -> Result<Option<PendingBuyer>> {
    let Some(mut p) =
        doc_of::<PendingBuyer>(conn, "SELECT doc FROM pending WHERE ws = ?1 AND id = ?2", &[&ws, &id.to_string()])?
    else {
        return Ok(None);
    };
    p.orders =
        ids_of(conn, "SELECT id FROM orders WHERE ws = ?1 AND pending_id = ?2 ORDER BY seq", &[&ws, &id.to_string()])?;
    Ok(Some(p))
}

/// Every pending record (only open ones when `open_only`), oldest first, with their orders.
pub fn pending_buyers(conn: &Connection, ws: i64, open_only: bool) -> Result<Vec<PendingBuyer>> {
    let mut records: Vec<PendingBuyer> = docs_of(
        conn,
        "SELECT doc FROM pending WHERE ws = ?1 AND (open = 1 OR ?2 = 0) ORDER BY seq",
        &[&ws, &open_only],
    )?;
    let mut stmt = conn
        .prepare_cached("SELECT pending_id, id FROM orders WHERE ws = ?1 AND pending_id IS NOT NULL ORDER BY seq")
        .map_err(db)?;
    let rows = stmt.query_map([ws], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))).map_err(db)?;
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
pub fn write_pending(conn: &Connection, ws: i64, p: &PendingBuyer) -> Result<()> {
    let doc = to_doc(&PendingBuyer { orders: Vec::new(), ..p.clone() })?;
    conn.prepare_cached("UPDATE pending SET open = ?3, doc = ?4 WHERE ws = ?1 AND id = ?2")
        .map_err(db)?
        .execute(params![ws, p.id.to_string(), p.state == PendingState::Open, doc])
        .map_err(db)?;
    Ok(())
}

pub fn insert_pending(conn: &Connection, ws: i64, p: &PendingBuyer) -> Result<()> {
    let doc = to_doc(&PendingBuyer { orders: Vec::new(), ..p.clone() })?;
    conn.prepare_cached("INSERT INTO pending (ws, id, key_name, key_email, open, doc) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
        .map_err(db)?
        .execute(params![ws, p.id.to_string(), p.key.name, p.key.email, p.state == PendingState::Open, doc])
        .map_err(db)?;
    Ok(())
}

/// The open record for a key, if any (without its orders).
pub fn open_for_key(conn: &Connection, ws: i64, key: &MatchKey) -> Result<Option<PendingBuyer>> {
    doc_of(
        conn,
        "SELECT doc FROM pending WHERE ws = ?1 AND key_name = ?2 AND key_email = ?3 AND open = 1",
        &[&ws, &key.name, &key.email],
    )
}

/// The records of a key that are closed (mapped or ignored), oldest first, without orders.
pub fn closed_for_key(conn: &Connection, ws: i64, key: &MatchKey) -> Result<Vec<PendingBuyer>> {
    docs_of(
        conn,
        "SELECT doc FROM pending WHERE ws = ?1 AND key_name = ?2 AND key_email = ?3 AND open = 0 ORDER BY seq",
        &[&ws, &key.name, &key.email],
    )
}

/// P4: the record, if it is open; `PendingNotFound` or `PendingNotOpen` otherwise.
pub fn open_pending(conn: &Connection, ws: i64, id: PendingId) -> Result<PendingBuyer> {
    let p = doc_of::<PendingBuyer>(conn, "SELECT doc FROM pending WHERE ws = ?1 AND id = ?2", &[&ws, &id.to_string()])?
        .ok_or_else(|| Error::PendingNotFound { id: id.to_string() })?;
    match p.state {
        PendingState::Open => Ok(p),
        PendingState::Mapped(_) => Err(Error::PendingNotOpen { state: "mapped" }),
        PendingState::Ignored => Err(Error::PendingNotOpen { state: "ignored" }),
    }
}

pub fn mapping(conn: &Connection, ws: i64, key: &MatchKey) -> Result<Option<Mapping>> {
    doc_of(
        conn,
        "SELECT doc FROM mappings WHERE ws = ?1 AND key_name = ?2 AND key_email = ?3",
        &[&ws, &key.name, &key.email],
    )
}

/// Points a key at a customer; returns the customer it pointed at before, if any.
pub fn set_mapping(
    conn: &Connection,
    ws: i64,
    key: &MatchKey,
    customer_id: CustomerId,
    at: DateTime<Utc>,
) -> Result<Option<CustomerId>> {
    let (from, next) = match mapping(conn, ws, key)? {
        Some(m) => (Some(m.customer_id), Mapping { customer_id, updated_at: at, ..m }),
        None => (None, Mapping { key: key.clone(), customer_id, created_at: at, updated_at: at }),
    };
    conn.prepare_cached(
        "INSERT INTO mappings (ws, key_name, key_email, customer_id, doc) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (ws, key_name, key_email) DO UPDATE SET customer_id = excluded.customer_id, doc = excluded.doc",
    )
    .map_err(db)?
    .execute(params![ws, key.name, key.email, customer_id.to_string(), to_doc(&next)?])
    .map_err(db)?;
    Ok(from)
}

/// P4: the open record's placeholder orders move to the customer; the key maps to it. Returns
/// the key, the customer it mapped to before, and the orders moved.
pub fn map_record(
    conn: &Connection,
    ws: i64,
    mut record: PendingBuyer,
    customer_id: CustomerId,
    at: DateTime<Utc>,
) -> Result<(MatchKey, Option<CustomerId>, Vec<OrderId>)> {
    record.state = PendingState::Mapped(customer_id);
    record.updated_at = at;
    write_pending(conn, ws, &record)?;
    let moving: Vec<OrderId> = ids_of(
        conn,
        "SELECT id FROM orders WHERE ws = ?1 AND pending_id = ?2 AND owner IS NULL ORDER BY seq",
        &[&ws, &record.id.to_string()],
    )?;
    move_orders(conn, ws, &moving, OrderOwner::Customer(customer_id))?;
    let from = set_mapping(conn, ws, &record.key, customer_id, at)?;
    Ok((record.key, from, moving))
}

/// P5: the orders that came in under `key` and belong to `owner`, in intake order.
pub fn key_orders_of(conn: &Connection, ws: i64, key: &MatchKey, owner: CustomerId) -> Result<Vec<OrderId>> {
    ids_of(
        conn,
        "SELECT id FROM orders WHERE ws = ?1 AND key_name = ?2 AND key_email = ?3 AND owner = ?4 ORDER BY seq",
        &[&ws, &key.name, &key.email, &owner.to_string()],
    )
}
