//! Orders, pending buyers, mappings and the audit trail (P1–P7). Every operation on a match
//! key holds that key's advisory lock for its transaction, so intakes and reviews of one key
//! run one after another, in every backend instance, and see what the one before wrote.

use crate::customers::{self, locked};
use crate::pool::{Fail, Session, Tx};
use crate::records::{body, time_parts};
use crate::{lock, Scope};
use chrono::{DateTime, Utc};
use orderlink::ids::{CustomerId, OrderId, PendingId};
use orderlink::orders::{OrderOwner, OrderRef};
use orderlink::pending::{
    check_remap, AuditEntry, IntakeOutcome, Mapping, MatchKey, PendingBuyer, PendingState, ReviewAction,
};
use orderlink::{Customer, Error, OrderStats, OrderStatus};
use tokio_postgres::types::Json;
use tokio_postgres::Row;
use uuid::Uuid;

fn lock_key(s: &mut Session<'_>, w: &Scope, key: &MatchKey) -> Tx<()> {
    lock(s, w, "key", &(&key.name, &key.email))
}

fn owner_column(owner: OrderOwner) -> Option<Uuid> {
    match owner {
        OrderOwner::Customer(id) => Some(id.0),
        OrderOwner::Placeholder => None,
    }
}

const INSERT_ORDER: &str =
    "INSERT INTO orders (id, owner, pending_id, key_name, key_email, total, placed_s, placed_ns, body, ws)
         VALUES ($1, $2, $3, $4, $5, $6::text::numeric, $7, $8, $9, $10)";

/// An order insert's failure as the store reports it.
fn order_conflict(e: tokio_postgres::Error, order: &OrderRef) -> Fail {
    match e.as_db_error().and_then(|db| db.constraint()) {
        Some("orders_pkey") => Error::store(format!("order id {} already exists", order.id)).into(),
        _ => Fail::Db(e),
    }
}

/// An order's row values, for [`INSERT_ORDER`].
struct OrderRow<'a> {
    ws: Uuid,
    order: &'a OrderRef,
    owner: Option<Uuid>,
    pending_id: Option<Uuid>,
    key_name: Option<&'a str>,
    key_email: Option<&'a str>,
    total: String,
    placed_s: i64,
    placed_ns: i32,
    body: Json<&'a OrderRef>,
}

impl<'a> OrderRow<'a> {
    fn new(w: &Scope, order: &'a OrderRef, pending_id: Option<PendingId>) -> Self {
        let (placed_s, placed_ns) = time_parts(order.placed_at);
        let key = order.via_key.as_ref();
        OrderRow {
            ws: w.ws,
            order,
            owner: owner_column(order.owner),
            pending_id: pending_id.map(|p| p.0),
            key_name: key.map(|k| k.name.as_str()),
            key_email: key.map(|k| k.email.as_str()),
            total: order.total.to_string(),
            placed_s,
            placed_ns,
            body: Json(order),
        }
    }

    fn params(&self) -> [&(dyn tokio_postgres::types::ToSql + Sync); 10] {
        [
            &self.order.id.0,
            &self.owner,
            &self.pending_id,
            &self.key_name,
            &self.key_email,
            &self.total,
            &self.placed_s,
            &self.placed_ns,
            &self.body,
            &self.ws,
        ]
    }
}

/// Stats follow every attach, move and draft status change: recomputed from the orders the
/// customer owns (the definition of `orderlink::orders::stats_of`: count, sum of totals, latest
/// `placed_at`, drafts), and a stats change is a new version of the record. The database sums, so a customer with many
/// orders costs one indexed aggregate, not a read of every order.
fn refresh_stats(s: &mut Session<'_>, w: &Scope, id: CustomerId) -> Tx<()> {
    match locked(s, w, id)? {
        Some(c) => refresh_stats_of(s, w, c),
        None => Ok(()),
    }
}

/// [`refresh_stats`] for a customer whose row this transaction has locked.
fn refresh_stats_of(s: &mut Session<'_>, w: &Scope, mut c: Customer) -> Tx<()> {
    let id = c.id;
    // The draft status as the order bodies spell it (serde's name, not a copy of it here).
    let draft = Json(OrderStatus::Draft);
    let row = s.query_one(STATS_OF_OWNER, &[&id.0, &draft, &w.ws])?;
    let count: i64 = row.try_get(0)?;
    let amount: String = row.try_get(1)?;
    let last: Option<Json<DateTime<Utc>>> = row.try_get(2)?;
    let drafts: i64 = row.try_get(3)?;
    // A struct literal without `..`: a field added to OrderStats stops this compiling until it
    // is computed here too (tests compare with `stats_of`).
    c.stats = OrderStats {
        orders: count as u64,
        // R3: read exactly; a sum beyond a Decimal is AMOUNT_OUT_OF_RANGE and the
        // transaction rolls back (unreachable below ~7.9e12 maximum totals: see orderlink::money).
        amount: orderlink::money::parse_decimal("customer order total", &amount)?,
        last_order_at: last.map(|Json(t)| t),
        drafts: drafts as u64,
    };
    c.version += 1;
    customers::update_row(s, w, &c)
}

/// The ids of moved orders (rows of `id, seq`), in intake order.
fn moved_ids(rows: &[Row]) -> Tx<Vec<OrderId>> {
    let mut moved: Vec<(i64, Uuid)> = rows.iter().map(|r| Ok((r.try_get(1)?, r.try_get(0)?))).collect::<Tx<_>>()?;
    moved.sort();
    Ok(moved.into_iter().map(|(_, id)| OrderId(id)).collect())
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

const INSERT_PENDING: &str =
    "INSERT INTO pending (id, key_name, key_email, state, mapped_to, body, ws) VALUES ($1, $2, $3, $4, $5, $6, $7)";
const UPDATE_PENDING: &str = "UPDATE pending SET state = $2, mapped_to = $3, body = $4 WHERE id = $1 AND ws = $5";

/// Writes a record's body and state; its orders live on the orders themselves.
fn put_pending(s: &mut Session<'_>, w: &Scope, p: &PendingBuyer, insert: bool) -> Tx<()> {
    let (state, mapped_to) = state_columns(p.state);
    let stored = PendingBuyer { orders: Vec::new(), ..p.clone() };
    if insert {
        s.execute(INSERT_PENDING, &[&p.id.0, &p.key.name, &p.key.email, &state, &mapped_to, &Json(&stored), &w.ws])?;
    } else {
        s.execute(UPDATE_PENDING, &[&p.id.0, &state, &mapped_to, &Json(&stored), &w.ws])?;
    }
    Ok(())
}

/// The customer key name `$1`, email `$2` maps to in workspace `$3`, its row locked.
pub(crate) const MAPPED_CUSTOMER_LOCKED: &str =
    "SELECT c.body FROM mappings m JOIN customers c ON c.ws = m.ws AND c.id = m.customer_id
         WHERE m.ws = $3 AND m.key_name = $1 AND m.key_email = $2 FOR UPDATE OF c";

/// The order totals of customer `$1` in workspace `$3` as [`stats_with`] reads them (`$2` the
/// draft status).
pub(crate) const STATS_OF_OWNER: &str = "SELECT count(*), coalesce(sum(total), 0)::text,
            (SELECT body -> 'placed_at' FROM orders WHERE ws = $3 AND owner = $1
             ORDER BY placed_s DESC, placed_ns DESC LIMIT 1),
            count(*) FILTER (WHERE body -> 'status' = $2)
     FROM orders WHERE ws = $3 AND owner = $1";

/// [`STATS_OF_OWNER`] for the customer a key maps to (`$1`, `$2`; `$3` the draft status; `$4`
/// the workspace).
pub(crate) const STATS_OF_MAPPED: &str =
    "WITH m AS (SELECT customer_id FROM mappings WHERE ws = $4 AND key_name = $1 AND key_email = $2)
     SELECT count(*), coalesce(sum(total), 0)::text,
            (SELECT body -> 'placed_at' FROM orders WHERE ws = $4 AND owner = (SELECT customer_id FROM m)
             ORDER BY placed_s DESC, placed_ns DESC LIMIT 1),
            count(*) FILTER (WHERE body -> 'status' = $3)
     FROM orders WHERE ws = $4 AND owner = (SELECT customer_id FROM m)";

/// The key's open pending record in workspace `$3`, locked.
pub(crate) const OPEN_PENDING_LOCKED: &str =
    "SELECT body FROM pending WHERE ws = $3 AND key_name = $1 AND key_email = $2 AND state = 'open' FOR UPDATE";

/// The customer's stats once `order` is added to the orders totalled in `row` (a row of
/// [`STATS_OF_OWNER`], read with the customer's row locked): `orderlink::orders::stats_of`'s
/// definition, summed by the database for the orders before it.
fn stats_with(row: &Row, order: &OrderRef) -> Tx<OrderStats> {
    let count: i64 = row.try_get(0)?;
    let amount: String = row.try_get(1)?;
    let last: Option<Json<DateTime<Utc>>> = row.try_get(2)?;
    let drafts: i64 = row.try_get(3)?;
    // R3: the database's sum read exactly (past a Decimal: AMOUNT_OUT_OF_RANGE), and the new
    // order added with a checked sum; either failure rolls the transaction back.
    let amount = orderlink::money::parse_decimal("customer order total", &amount)?;
    let last = match last {
        Some(Json(t)) if t >= order.placed_at => t,
        _ => order.placed_at,
    };
    // A struct literal without `..`: a field added to OrderStats stops this compiling until it
    // is computed here too.
    Ok(OrderStats {
        orders: count as u64 + 1,
        amount: orderlink::money::checked_sum("customer order total", [amount, order.total])?,
        last_order_at: Some(last),
        drafts: drafts as u64 + u64::from(order.status == OrderStatus::Draft),
    })
}

/// The first failure among statements sent together, mapped by `on_error`.
fn first_failure(
    results: Vec<std::result::Result<u64, tokio_postgres::Error>>,
    mut on_error: impl FnMut(usize, tokio_postgres::Error) -> Fail,
) -> Tx<()> {
    for (i, r) in results.into_iter().enumerate() {
        r.map_err(|e| on_error(i, e))?;
    }
    Ok(())
}

/// The order and its customer's new version (stats and version bumped), written with
/// `COMMIT` in one round trip.
fn insert_for_customer(s: &mut Session<'_>, w: &Scope, order: &OrderRef, mut c: Customer, stats: &Row) -> Tx<()> {
    c.stats = stats_with(stats, order)?;
    c.version += 1;
    let row = OrderRow::new(w, order, None);
    let body = Json(&c);
    let search = customers::search_columns(&c);
    let results = s.commit_with(&[
        (INSERT_ORDER, &row.params()),
        (
            customers::UPDATE_ROW,
            &[
                &c.id.0,
                &c.link_code.as_str(),
                &c.code_key(),
                &c.name_key(),
                &c.external_id,
                &body,
                &w.ws,
                &search.name_fold,
                &search.search,
                &c.active,
                &search.managed_by,
                &search.placed,
                &search.tags,
            ],
        ),
    ])?;
    first_failure(results, |i, e| if i == 0 { order_conflict(e, order) } else { customers::conflict(e, &c) })
}

/// `Store::attach_order` inside a transaction (P1), `rows` the answers to the statements sent
/// with `BEGIN`: the customer's row locked, its order totals.
pub(crate) fn attach(s: &mut Session<'_>, w: &Scope, order: &OrderRef, rows: Vec<Vec<Row>>) -> Tx<()> {
    let [customer, stats]: [Vec<Row>; 2] = rows.try_into().map_err(|_| Error::store("attach: unexpected answers"))?;
    let OrderOwner::Customer(id) = order.owner else {
        return Err(Error::store("attach_order takes an order owned by a customer").into());
    };
    let c: Customer = match customer.first() {
        Some(row) => body(row, 0)?,
        None => return Err(Error::CustomerNotFound { id: id.to_string() }.into()),
    };
    let stats = stats.first().ok_or_else(|| Error::store("attach: no order totals"))?;
    insert_for_customer(s, w, order, c, stats)
}

/// `Store::intake` inside a transaction (P2, P3), `rows` the answers to the statements sent
/// with `BEGIN`: the key's lock, the mapped customer's row (locked) and order totals, the key's
/// open record (locked). The customer's row is locked before its active flag is read, so a
/// concurrent deactivation is either seen here or comes after this order.
pub(crate) fn intake(
    s: &mut Session<'_>,
    w: &Scope,
    order: &OrderRef,
    new_pending: &PendingBuyer,
    rows: Vec<Vec<Row>>,
) -> Tx<IntakeOutcome> {
    let [_lock, mapped, stats, open]: [Vec<Row>; 4] =
        rows.try_into().map_err(|_| Error::store("intake: unexpected answers"))?;
    let target = match mapped.first() {
        Some(row) => Some(body::<Customer>(row, 0)?).filter(|c| c.active),
        None => None,
    };
    if let Some(c) = target {
        let customer_id = c.id;
        let owned = OrderRef { owner: OrderOwner::Customer(customer_id), ..order.clone() };
        let stats = stats.first().ok_or_else(|| Error::store("intake: no order totals"))?;
        insert_for_customer(s, w, &owned, c, stats)?;
        return Ok(IntakeOutcome::AutoLinked { order_id: order.id, customer_id });
    }
    let held = OrderRef { owner: OrderOwner::Placeholder, ..order.clone() };
    let (record, new_record) = match open.first() {
        Some(row) => {
            let mut p: PendingBuyer = body(row, 0)?;
            p.updated_at = order.placed_at.max(p.updated_at);
            (p, false)
        }
        None => (PendingBuyer { orders: Vec::new(), state: PendingState::Open, ..new_pending.clone() }, true),
    };
    let (state, mapped_to) = state_columns(record.state);
    let stored = PendingBuyer { orders: Vec::new(), ..record.clone() };
    let stored = Json(&stored);
    let row = OrderRow::new(w, &held, Some(record.id));
    let results = if new_record {
        s.commit_with(&[
            (INSERT_PENDING, &[&record.id.0, &record.key.name, &record.key.email, &state, &mapped_to, &stored, &w.ws]),
            (INSERT_ORDER, &row.params()),
        ])?
    } else {
        s.commit_with(&[
            (UPDATE_PENDING, &[&record.id.0, &state, &mapped_to, &stored, &w.ws]),
            (INSERT_ORDER, &row.params()),
        ])?
    };
    first_failure(results, |i, e| if i == 1 { order_conflict(e, &held) } else { Fail::Db(e) })?;
    Ok(IntakeOutcome::Pending { order_id: order.id, pending_id: record.id, new_record })
}

/// The open record `id`, locked, after taking its key's lock.
fn open_pending(s: &mut Session<'_>, w: &Scope, id: PendingId) -> Tx<PendingBuyer> {
    let not_found = || Error::PendingNotFound { id: id.to_string() };
    // The key never changes, so it may be read before its lock is held.
    let row = s
        .query_opt("SELECT key_name, key_email FROM pending WHERE ws = $2 AND id = $1", &[&id.0, &w.ws])?
        .ok_or_else(not_found)?;
    let key = MatchKey { name: row.try_get(0)?, email: row.try_get(1)? };
    lock_key(s, w, &key)?;
    let row = s
        .query_opt("SELECT body FROM pending WHERE ws = $2 AND id = $1 FOR UPDATE", &[&id.0, &w.ws])?
        .ok_or_else(not_found)?;
    let p: PendingBuyer = body(&row, 0)?;
    match p.state {
        PendingState::Open => Ok(p),
        PendingState::Mapped(_) => Err(Error::PendingNotOpen { state: "mapped" }.into()),
        PendingState::Ignored => Err(Error::PendingNotOpen { state: "ignored" }.into()),
    }
}

fn require_customer(s: &mut Session<'_>, w: &Scope, id: CustomerId) -> Tx<()> {
    locked(s, w, id)?.ok_or_else(|| Error::CustomerNotFound { id: id.to_string() })?;
    Ok(())
}

fn mapping(s: &mut Session<'_>, w: &Scope, key: &MatchKey) -> Tx<Option<Mapping>> {
    match s.query_opt(
        "SELECT body FROM mappings WHERE ws = $3 AND key_name = $1 AND key_email = $2",
        &[&key.name, &key.email, &w.ws],
    )? {
        Some(row) => Ok(Some(body(&row, 0)?)),
        None => Ok(None),
    }
}

/// Points `key` at `customer_id`; the customer it pointed at before, if any.
fn set_mapping(
    s: &mut Session<'_>,
    w: &Scope,
    key: &MatchKey,
    customer_id: CustomerId,
    at: DateTime<Utc>,
) -> Tx<Option<CustomerId>> {
    let (next, from) = match mapping(s, w, key)? {
        Some(m) => (Mapping { customer_id, updated_at: at, ..m.clone() }, Some(m.customer_id)),
        None => (Mapping { key: key.clone(), customer_id, created_at: at, updated_at: at }, None),
    };
    s.execute(
        "INSERT INTO mappings (key_name, key_email, customer_id, body, ws) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (ws, key_name, key_email) DO UPDATE SET customer_id = EXCLUDED.customer_id, body = EXCLUDED.body",
        &[&key.name, &key.email, &customer_id.0, &Json(&next), &w.ws],
    )?;
    Ok(from)
}

/// P4: the open record's placeholder orders move to the customer; the key maps to it.
fn map_record(
    s: &mut Session<'_>,
    w: &Scope,
    mut p: PendingBuyer,
    customer_id: CustomerId,
    at: DateTime<Utc>,
) -> Tx<(MatchKey, Option<CustomerId>, Vec<OrderId>)> {
    p.state = PendingState::Mapped(customer_id);
    p.updated_at = at;
    put_pending(s, w, &p, false)?;
    let rows = s.query(
        "UPDATE orders SET owner = $2, body = jsonb_set(body, '{owner}', $3)
         WHERE ws = $4 AND pending_id = $1 AND owner IS NULL RETURNING id, seq",
        &[&p.id.0, &customer_id.0, &Json(OrderOwner::Customer(customer_id)), &w.ws],
    )?;
    let moved = moved_ids(&rows)?;
    refresh_stats(s, w, customer_id)?;
    let from = set_mapping(s, w, &p.key, customer_id, at)?;
    Ok((p.key, from, moved))
}

/// P5: points `key` at `customer_id`, moves the orders that came in under it from the customer
/// it pointed at, and re-points that customer's records of the key. Returns that customer and
/// the orders moved.
fn remap(
    s: &mut Session<'_>,
    w: &Scope,
    key: &MatchKey,
    customer_id: CustomerId,
    at: DateTime<Utc>,
) -> Tx<(CustomerId, Vec<OrderId>)> {
    lock_key(s, w, key)?;
    let from = mapping(s, w, key)?.map(|m| m.customer_id).ok_or(Error::MappingNotFound)?;
    require_customer(s, w, customer_id)?;
    check_remap(from, customer_id)?;
    // Both customers' rows in id order, so two remaps between the same pair cannot deadlock.
    let (first, second) = if from < customer_id { (from, customer_id) } else { (customer_id, from) };
    locked(s, w, first)?;
    locked(s, w, second)?;
    let rows = s.query(
        "UPDATE orders SET owner = $4, body = jsonb_set(body, '{owner}', $5)
         WHERE ws = $6 AND key_name = $1 AND key_email = $2 AND owner = $3 RETURNING id, seq",
        &[&key.name, &key.email, &from.0, &customer_id.0, &Json(OrderOwner::Customer(customer_id)), &w.ws],
    )?;
    let moved = moved_ids(&rows)?;
    refresh_stats(s, w, from)?;
    refresh_stats(s, w, customer_id)?;
    set_mapping(s, w, key, customer_id, at)?;
    let records = s.query(
        "SELECT body FROM pending WHERE ws = $4 AND key_name = $1 AND key_email = $2 AND mapped_to = $3 FOR UPDATE",
        &[&key.name, &key.email, &from.0, &w.ws],
    )?;
    for row in records {
        let mut p: PendingBuyer = body(&row, 0)?;
        p.state = PendingState::Mapped(customer_id);
        p.updated_at = at;
        put_pending(s, w, &p, false)?;
    }
    Ok((from, moved))
}

/// `Store::review` inside a transaction (P4, P5).
pub(crate) fn review(
    s: &mut Session<'_>,
    w: &Scope,
    action: &ReviewAction,
    at: DateTime<Utc>,
    actor: Option<&str>,
) -> Tx<AuditEntry> {
    // What the store found and did: the key, the customer it mapped to before, the orders moved.
    let (key, from, moved) = match action {
        ReviewAction::Map { pending_id, customer_id } => {
            let p = open_pending(s, w, *pending_id)?;
            require_customer(s, w, *customer_id)?;
            map_record(s, w, p, *customer_id, at)?
        }
        ReviewAction::CreateAndMap { pending_id, customer, uniqueness } => {
            let p = open_pending(s, w, *pending_id)?;
            customers::insert(s, w, customer, uniqueness)?;
            map_record(s, w, p, customer.id, at)?
        }
        ReviewAction::Ignore { pending_id } => {
            let mut p = open_pending(s, w, *pending_id)?;
            p.state = PendingState::Ignored;
            p.updated_at = at;
            put_pending(s, w, &p, false)?;
            (p.key, None, Vec::new())
        }
        ReviewAction::Remap { key, customer_id } => {
            let (from, moved) = remap(s, w, key, *customer_id, at)?;
            (key.clone(), Some(from), moved)
        }
    };
    let entry = action.audit_entry(at, actor.map(str::to_owned), key, from, moved);
    s.execute("INSERT INTO audit (body, ws) VALUES ($1, $2)", &[&Json(&entry), &w.ws])?;
    Ok(entry)
}

/// `Store::pending`.
pub(crate) fn pending(s: &mut Session<'_>, w: &Scope, id: PendingId) -> Tx<Option<PendingBuyer>> {
    match s.query_opt(
        "SELECT p.body, ARRAY(SELECT o.id FROM orders o WHERE o.ws = p.ws AND o.pending_id = p.id ORDER BY o.seq)
         FROM pending p WHERE p.ws = $2 AND p.id = $1",
        &[&id.0, &w.ws],
    )? {
        Some(row) => Ok(Some(pending_from(&row)?)),
        None => Ok(None),
    }
}

/// `Store::pending_buyers`.
pub(crate) fn pending_buyers(s: &mut Session<'_>, w: &Scope, open_only: bool) -> Tx<Vec<PendingBuyer>> {
    s.query(
        "SELECT p.body, ARRAY(SELECT o.id FROM orders o WHERE o.ws = p.ws AND o.pending_id = p.id ORDER BY o.seq)
         FROM pending p WHERE p.ws = $2 AND (NOT $1 OR p.state = 'open') ORDER BY p.seq",
        &[&open_only, &w.ws],
    )?
    .iter()
    .map(pending_from)
    .collect()
}

/// `Store::orders_of`, oldest first.
pub(crate) fn orders_of(s: &mut Session<'_>, w: &Scope, owner: OrderOwner) -> Tx<Vec<OrderRef>> {
    let rows = match owner {
        OrderOwner::Customer(id) => s.query("SELECT body FROM orders WHERE ws = $2 AND owner = $1", &[&id.0, &w.ws])?,
        OrderOwner::Placeholder => s.query("SELECT body FROM orders WHERE ws = $1 AND owner IS NULL", &[&w.ws])?,
    };
    let mut orders: Vec<OrderRef> = rows.iter().map(|r| body(r, 0)).collect::<Tx<_>>()?;
    orders.sort_by_key(|o| (o.placed_at, o.id));
    Ok(orders)
}

/// `Store::set_order_status` inside a transaction (P6).
pub(crate) fn set_status(s: &mut Session<'_>, w: &Scope, id: OrderId, status: OrderStatus) -> Tx<OrderRef> {
    let row = s
        .query_opt("SELECT body FROM orders WHERE ws = $2 AND id = $1 FOR UPDATE", &[&id.0, &w.ws])?
        .ok_or_else(|| Error::OrderNotFound { id: id.to_string() })?;
    let mut order: OrderRef = body(&row, 0)?;
    if order.owner == OrderOwner::Placeholder && status == OrderStatus::Invoiced {
        return Err(Error::CustomerMappingRequired { number: order.number.clone() }.into());
    }
    let drafts_change = (order.status == OrderStatus::Draft) != (status == OrderStatus::Draft);
    order.status = status;
    s.execute("UPDATE orders SET body = $2 WHERE ws = $3 AND id = $1", &[&id.0, &Json(&order), &w.ws])?;
    if let (true, OrderOwner::Customer(customer_id)) = (drafts_change, order.owner) {
        refresh_stats(s, w, customer_id)?;
    }
    Ok(order)
}
