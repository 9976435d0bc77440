//! Orders, pending buyers, mappings and the audit trail (P1–P7). Every operation on a match
//! key holds that key's advisory lock for its transaction, so intakes and reviews of one key
//! run one after another, in every backend instance, and see what the one before wrote.

use crate::customers::{self, locked};
use crate::lock;
use crate::pool::{Fail, Session, Tx};
use crate::records::{body, time_parts};
use chrono::{DateTime, Utc};
use orderlink::ids::{CustomerId, OrderId, PendingId};
use orderlink::orders::{OrderOwner, OrderRef};
use orderlink::pending::{
    check_remap, AuditEntry, IntakeOutcome, Mapping, MatchKey, PendingBuyer, PendingState, ReviewAction,
};
use orderlink::{Customer, Error, OrderStats, OrderStatus};
use rust_decimal::Decimal;
use std::str::FromStr;
use tokio_postgres::types::Json;
use tokio_postgres::Row;
use uuid::Uuid;

fn lock_key(s: &mut Session<'_>, schema: &str, key: &MatchKey) -> Tx<()> {
    lock(s, schema, "key", &(&key.name, &key.email))
}

fn owner_column(owner: OrderOwner) -> Option<Uuid> {
    match owner {
        OrderOwner::Customer(id) => Some(id.0),
        OrderOwner::Placeholder => None,
    }
}

fn insert_order(s: &mut Session<'_>, order: &OrderRef, pending_id: Option<PendingId>) -> Tx<()> {
    let (placed_s, placed_ns) = time_parts(order.placed_at);
    let key = order.via_key.as_ref();
    s.execute_or(
        "INSERT INTO orders (id, owner, pending_id, key_name, key_email, total, placed_s, placed_ns, body)
         VALUES ($1, $2, $3, $4, $5, $6::text::numeric, $7, $8, $9)",
        &[
            &order.id.0,
            &owner_column(order.owner),
            &pending_id.map(|p| p.0),
            &key.map(|k| k.name.as_str()),
            &key.map(|k| k.email.as_str()),
            &order.total.to_string(),
            &placed_s,
            &placed_ns,
            &Json(order),
        ],
        |e| match e.as_db_error().and_then(|db| db.constraint()) {
            Some("orders_pkey") => Error::store(format!("order id {} already exists", order.id)).into(),
            _ => Fail::Db(e),
        },
    )?;
    Ok(())
}

/// Stats follow every attach, move and draft status change: recomputed from the orders the
/// customer owns (the definition of `orderlink::orders::stats_of`: count, sum of totals, latest
/// `placed_at`, drafts), and a stats change is a new version of the record. The database sums, so a customer with many
/// orders costs one indexed aggregate, not a read of every order.
fn refresh_stats(s: &mut Session<'_>, id: CustomerId) -> Tx<()> {
    match locked(s, id)? {
        Some(c) => refresh_stats_of(s, c),
        None => Ok(()),
    }
}

/// [`refresh_stats`] for a customer whose row this transaction has locked.
fn refresh_stats_of(s: &mut Session<'_>, mut c: Customer) -> Tx<()> {
    let id = c.id;
    // The draft status as the order bodies spell it (serde's name, not a copy of it here).
    let draft = Json(OrderStatus::Draft);
    let row = s.query_one(
        "SELECT count(*), coalesce(sum(total), 0)::text,
                (SELECT body -> 'placed_at' FROM orders WHERE owner = $1 ORDER BY placed_s DESC, placed_ns DESC LIMIT 1),
                count(*) FILTER (WHERE body -> 'status' = $2)
         FROM orders WHERE owner = $1",
        &[&id.0, &draft],
    )?;
    let count: i64 = row.try_get(0)?;
    let amount: String = row.try_get(1)?;
    let last: Option<Json<DateTime<Utc>>> = row.try_get(2)?;
    let drafts: i64 = row.try_get(3)?;
    // A struct literal without `..`: a field added to OrderStats stops this compiling until it
    // is computed here too (tests compare with `stats_of`).
    c.stats = OrderStats {
        orders: count as u64,
        amount: Decimal::from_str(&amount).map_err(|e| Error::store(format!("order total sum {amount}: {e}")))?,
        last_order_at: last.map(|Json(t)| t),
        drafts: drafts as u64,
    };
    c.version += 1;
    customers::update_row(s, &c)
}

/// The ids of moved orders (rows of `id, seq`), in intake order.
fn moved_ids(rows: &[Row]) -> Tx<Vec<OrderId>> {
    let mut moved: Vec<(i64, Uuid)> = rows.iter().map(|r| Ok((r.try_get(1)?, r.try_get(0)?))).collect::<Tx<_>>()?;
    moved.sort();
    Ok(moved.into_iter().map(|(_, id)| OrderId(id)).collect())
}

/// `Store::attach_order` inside a transaction (P1).
pub(crate) fn attach(s: &mut Session<'_>, order: &OrderRef) -> Tx<()> {
    let OrderOwner::Customer(id) = order.owner else {
        return Err(Error::store("attach_order takes an order owned by a customer").into());
    };
    let c = locked(s, id)?.ok_or_else(|| Error::CustomerNotFound { id: id.to_string() })?;
    insert_order(s, order, None)?;
    refresh_stats_of(s, c)
}

fn pending_from(row: &Row) -> Tx<PendingBuyer> {
    let mut p: PendingBuyer = body(row, 0)?;
    let orders: Vec<Uuid> = row.try_get(1)?;
    p.orders = orders.into_iter().map(OrderId).collect();
    Ok(p)
}

fn state_columns(state: PendingState) -> (&'static str, Option<Uuid>) {
    match state {
        PendingState::Open => ("open", None),
        PendingState::Mapped(id) => ("mapped", Some(id.0)),
        PendingState::Ignored => ("ignored", None),
    }
}

/// Writes a record's body and state; its orders live on the orders themselves.
fn put_pending(s: &mut Session<'_>, p: &PendingBuyer, insert: bool) -> Tx<()> {
    let (state, mapped_to) = state_columns(p.state);
    let stored = PendingBuyer { orders: Vec::new(), ..p.clone() };
    if insert {
        s.execute(
            "INSERT INTO pending (id, key_name, key_email, state, mapped_to, body) VALUES ($1, $2, $3, $4, $5, $6)",
            &[&p.id.0, &p.key.name, &p.key.email, &state, &mapped_to, &Json(&stored)],
        )?;
    } else {
        s.execute(
            "UPDATE pending SET state = $2, mapped_to = $3, body = $4 WHERE id = $1",
            &[&p.id.0, &state, &mapped_to, &Json(&stored)],
        )?;
    }
    Ok(())
}

/// `Store::intake` inside a transaction (P2, P3).
pub(crate) fn intake(
    s: &mut Session<'_>,
    schema: &str,
    order: &OrderRef,
    key: &MatchKey,
    new_pending: &PendingBuyer,
) -> Tx<IntakeOutcome> {
    lock_key(s, schema, key)?;
    let mapped = s.query_opt(
        "SELECT customer_id FROM mappings WHERE key_name = $1 AND key_email = $2",
        &[&key.name, &key.email],
    )?;
    // The customer's row is locked before its active flag is read, so a concurrent
    // deactivation is either seen here or comes after this order.
    let target = match mapped {
        Some(row) => locked(s, CustomerId(row.try_get(0)?))?.filter(|c| c.active),
        None => None,
    };
    if let Some(c) = target {
        let customer_id = c.id;
        insert_order(s, &OrderRef { owner: OrderOwner::Customer(customer_id), ..order.clone() }, None)?;
        refresh_stats_of(s, c)?;
        return Ok(IntakeOutcome::AutoLinked { order_id: order.id, customer_id });
    }
    let held = OrderRef { owner: OrderOwner::Placeholder, ..order.clone() };
    let open = s.query_opt(
        "SELECT body FROM pending WHERE key_name = $1 AND key_email = $2 AND state = 'open' FOR UPDATE",
        &[&key.name, &key.email],
    )?;
    if let Some(row) = open {
        let mut p: PendingBuyer = body(&row, 0)?;
        p.updated_at = order.placed_at.max(p.updated_at);
        put_pending(s, &p, false)?;
        insert_order(s, &held, Some(p.id))?;
        return Ok(IntakeOutcome::Pending { order_id: order.id, pending_id: p.id, new_record: false });
    }
    let record = PendingBuyer { orders: Vec::new(), state: PendingState::Open, ..new_pending.clone() };
    put_pending(s, &record, true)?;
    insert_order(s, &held, Some(record.id))?;
    Ok(IntakeOutcome::Pending { order_id: order.id, pending_id: record.id, new_record: true })
}

/// The open record `id`, locked, after taking its key's lock.
fn open_pending(s: &mut Session<'_>, schema: &str, id: PendingId) -> Tx<PendingBuyer> {
    let not_found = || Error::PendingNotFound { id: id.to_string() };
    // The key never changes, so it may be read before its lock is held.
    let row = s.query_opt("SELECT key_name, key_email FROM pending WHERE id = $1", &[&id.0])?.ok_or_else(not_found)?;
    let key = MatchKey { name: row.try_get(0)?, email: row.try_get(1)? };
    lock_key(s, schema, &key)?;
    let row = s.query_opt("SELECT body FROM pending WHERE id = $1 FOR UPDATE", &[&id.0])?.ok_or_else(not_found)?;
    let p: PendingBuyer = body(&row, 0)?;
    match p.state {
        PendingState::Open => Ok(p),
        PendingState::Mapped(_) => Err(Error::PendingNotOpen { state: "mapped" }.into()),
        PendingState::Ignored => Err(Error::PendingNotOpen { state: "ignored" }.into()),
    }
}

fn require_customer(s: &mut Session<'_>, id: CustomerId) -> Tx<()> {
    locked(s, id)?.ok_or_else(|| Error::CustomerNotFound { id: id.to_string() })?;
    Ok(())
}

fn mapping(s: &mut Session<'_>, key: &MatchKey) -> Tx<Option<Mapping>> {
    match s.query_opt("SELECT body FROM mappings WHERE key_name = $1 AND key_email = $2", &[&key.name, &key.email])? {
        Some(row) => Ok(Some(body(&row, 0)?)),
        None => Ok(None),
    }
}

/// Points `key` at `customer_id`; the customer it pointed at before, if any.
fn set_mapping(
    s: &mut Session<'_>,
    key: &MatchKey,
    customer_id: CustomerId,
    at: DateTime<Utc>,
) -> Tx<Option<CustomerId>> {
    let (next, from) = match mapping(s, key)? {
        Some(m) => (Mapping { customer_id, updated_at: at, ..m.clone() }, Some(m.customer_id)),
        None => (Mapping { key: key.clone(), customer_id, created_at: at, updated_at: at }, None),
    };
    s.execute(
        "INSERT INTO mappings (key_name, key_email, customer_id, body) VALUES ($1, $2, $3, $4)
         ON CONFLICT (key_name, key_email) DO UPDATE SET customer_id = EXCLUDED.customer_id, body = EXCLUDED.body",
        &[&key.name, &key.email, &customer_id.0, &Json(&next)],
    )?;
    Ok(from)
}

/// P4: the open record's placeholder orders move to the customer; the key maps to it.
fn map_record(
    s: &mut Session<'_>,
    mut p: PendingBuyer,
    customer_id: CustomerId,
    at: DateTime<Utc>,
) -> Tx<(MatchKey, Option<CustomerId>, Vec<OrderId>)> {
    p.state = PendingState::Mapped(customer_id);
    p.updated_at = at;
    put_pending(s, &p, false)?;
    let rows = s.query(
        "UPDATE orders SET owner = $2, body = jsonb_set(body, '{owner}', $3)
         WHERE pending_id = $1 AND owner IS NULL RETURNING id, seq",
        &[&p.id.0, &customer_id.0, &Json(OrderOwner::Customer(customer_id))],
    )?;
    let moved = moved_ids(&rows)?;
    refresh_stats(s, customer_id)?;
    let from = set_mapping(s, &p.key, customer_id, at)?;
    Ok((p.key, from, moved))
}

/// P5: points `key` at `customer_id`, moves the orders that came in under it from the customer
/// it pointed at, and re-points that customer's records of the key. Returns that customer and
/// the orders moved.
fn remap(
    s: &mut Session<'_>,
    schema: &str,
    key: &MatchKey,
    customer_id: CustomerId,
    at: DateTime<Utc>,
) -> Tx<(CustomerId, Vec<OrderId>)> {
    lock_key(s, schema, key)?;
    let from = mapping(s, key)?.map(|m| m.customer_id).ok_or(Error::MappingNotFound)?;
    require_customer(s, customer_id)?;
    check_remap(from, customer_id)?;
    // Both customers' rows in id order, so two remaps between the same pair cannot deadlock.
    let (first, second) = if from < customer_id { (from, customer_id) } else { (customer_id, from) };
    locked(s, first)?;
    locked(s, second)?;
    let rows = s.query(
        "UPDATE orders SET owner = $4, body = jsonb_set(body, '{owner}', $5)
         WHERE key_name = $1 AND key_email = $2 AND owner = $3 RETURNING id, seq",
        &[&key.name, &key.email, &from.0, &customer_id.0, &Json(OrderOwner::Customer(customer_id))],
    )?;
    let moved = moved_ids(&rows)?;
    refresh_stats(s, from)?;
    refresh_stats(s, customer_id)?;
    set_mapping(s, key, customer_id, at)?;
    let records = s.query(
        "SELECT body FROM pending WHERE key_name = $1 AND key_email = $2 AND mapped_to = $3 FOR UPDATE",
        &[&key.name, &key.email, &from.0],
    )?;
    for row in records {
        let mut p: PendingBuyer = body(&row, 0)?;
        p.state = PendingState::Mapped(customer_id);
        p.updated_at = at;
        put_pending(s, &p, false)?;
    }
    Ok((from, moved))
}

/// `Store::review` inside a transaction (P4, P5).
pub(crate) fn review(
    s: &mut Session<'_>,
    schema: &str,
    action: &ReviewAction,
    at: DateTime<Utc>,
    actor: Option<&str>,
) -> Tx<AuditEntry> {
    // What the store found and did: the key, the customer it mapped to before, the orders moved.
    let (key, from, moved) = match action {
        ReviewAction::Map { pending_id, customer_id } => {
            let p = open_pending(s, schema, *pending_id)?;
            require_customer(s, *customer_id)?;
            map_record(s, p, *customer_id, at)?
        }
        ReviewAction::CreateAndMap { pending_id, customer, uniqueness } => {
            let p = open_pending(s, schema, *pending_id)?;
            customers::insert(s, schema, customer, uniqueness)?;
            map_record(s, p, customer.id, at)?
        }
        ReviewAction::Ignore { pending_id } => {
            let mut p = open_pending(s, schema, *pending_id)?;
            p.state = PendingState::Ignored;
            p.updated_at = at;
            put_pending(s, &p, false)?;
            (p.key, None, Vec::new())
        }
        ReviewAction::Remap { key, customer_id } => {
            let (from, moved) = remap(s, schema, key, *customer_id, at)?;
            (key.clone(), Some(from), moved)
        }
    };
    let entry = action.audit_entry(at, actor.map(str::to_owned), key, from, moved);
    s.execute("INSERT INTO audit (body) VALUES ($1)", &[&Json(&entry)])?;
    Ok(entry)
}

/// `Store::pending`.
pub(crate) fn pending(s: &mut Session<'_>, id: PendingId) -> Tx<Option<PendingBuyer>> {
    match s.query_opt(
        "SELECT p.body, ARRAY(SELECT o.id FROM orders o WHERE o.pending_id = p.id ORDER BY o.seq)
         FROM pending p WHERE p.id = $1",
        &[&id.0],
    )? {
        Some(row) => Ok(Some(pending_from(&row)?)),
        None => Ok(None),
    }
}

/// `Store::pending_buyers`.
pub(crate) fn pending_buyers(s: &mut Session<'_>, open_only: bool) -> Tx<Vec<PendingBuyer>> {
    s.query(
        "SELECT p.body, ARRAY(SELECT o.id FROM orders o WHERE o.pending_id = p.id ORDER BY o.seq)
         FROM pending p WHERE NOT $1 OR p.state = 'open' ORDER BY p.seq",
        &[&open_only],
    )?
    .iter()
    .map(pending_from)
    .collect()
}

/// `Store::orders_of`, oldest first.
pub(crate) fn orders_of(s: &mut Session<'_>, owner: OrderOwner) -> Tx<Vec<OrderRef>> {
    let rows = match owner {
        OrderOwner::Customer(id) => s.query("SELECT body FROM orders WHERE owner = $1", &[&id.0])?,
        OrderOwner::Placeholder => s.query("SELECT body FROM orders WHERE owner IS NULL", &[])?,
    };
    let mut orders: Vec<OrderRef> = rows.iter().map(|r| body(r, 0)).collect::<Tx<_>>()?;
    orders.sort_by_key(|o| (o.placed_at, o.id));
    Ok(orders)
}

/// `Store::set_order_status` inside a transaction (P6).
pub(crate) fn set_status(s: &mut Session<'_>, id: OrderId, status: OrderStatus) -> Tx<OrderRef> {
    let row = s
        .query_opt("SELECT body FROM orders WHERE id = $1 FOR UPDATE", &[&id.0])?
        .ok_or_else(|| Error::OrderNotFound { id: id.to_string() })?;
    let mut order: OrderRef = body(&row, 0)?;
    if order.owner == OrderOwner::Placeholder && status == OrderStatus::Invoiced {
        return Err(Error::CustomerMappingRequired { number: order.number.clone() }.into());
    }
    let drafts_change = (order.status == OrderStatus::Draft) != (status == OrderStatus::Draft);
    order.status = status;
    s.execute("UPDATE orders SET body = $2 WHERE id = $1", &[&id.0, &Json(&order)])?;
    if let (true, OrderOwner::Customer(customer_id)) = (drafts_change, order.owner) {
        refresh_stats(s, customer_id)?;
    }
    Ok(order)
}
