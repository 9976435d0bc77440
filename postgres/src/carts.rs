//! Carts and checkout links (CT1–CT5): the in-memory store's rules, row for row. A cart is its
//! row (the head as JSONB, the columns checks need), its lines and its change log; checkout
//! codes live in the store-wide `link_codes` table with every other link code (W2) and in
//! `checkout_links`. Every check-then-write holds the cart's row lock (`SELECT ... FOR UPDATE`).

use crate::intake;
use crate::pool::{Fail, Session, Tx};
use crate::records::{body, time_parts};
use crate::Scope;
use orderlink::carts::{Cart, CartChange, CartHead, CartLine, CartState, CartSubmission};
use orderlink::ids::{CartId, CustomerId, OrderId};
use orderlink::orders::{OrderOwner, OrderRef};
use orderlink::{Customer, Error, LinkCode};
use tokio_postgres::error::SqlState;
use tokio_postgres::types::Json;
use tokio_postgres::Row;
use uuid::Uuid;

/// The cart `$2` of workspace `$1`: the columns the checks read, its row locked.
pub(crate) const LOCKED: &str =
    "SELECT state, version, customer_id, checkout_code, order_id, n_changes FROM carts WHERE ws = $1 AND id = $2 FOR UPDATE";

/// Whole carts: the head, the lines and the changes as JSON arrays, in one statement.
macro_rules! select_carts {
    ($where:literal) => {
        concat!(
            "SELECT c.head,
                coalesce((SELECT jsonb_agg(jsonb_build_object('sku', l.sku, 'qty', l.qty, 'uom', l.uom) ORDER BY l.pos)
                          FROM cart_lines l WHERE l.ws = c.ws AND l.cart_id = c.id), '[]'::jsonb),
                coalesce((SELECT jsonb_agg(ch.body ORDER BY ch.pos)
                          FROM cart_changes ch WHERE ch.ws = c.ws AND ch.cart_id = c.id), '[]'::jsonb)
             FROM carts c ",
            $where
        )
    };
}

/// A current checkout code's cart head and customer in workspace `$2`: joined on the cart whose
/// current code it is (a rotated-away code finds nothing).
pub(crate) const CHECKOUT: &str = "SELECT ct.head, cu.body FROM checkout_links k
     JOIN carts ct ON ct.ws = k.ws AND ct.id = k.cart_id AND ct.checkout_code = k.code
     JOIN customers cu ON cu.ws = ct.ws AND cu.id = ct.customer_id
     WHERE k.code = $1 AND k.ws = $2";

/// What the checks read of a cart's row.
struct Current {
    state: CartState,
    version: u64,
    customer_id: CustomerId,
    checkout_code: Option<String>,
    order_id: Option<OrderId>,
    changes: usize,
}

fn state_of(text: &str) -> Tx<CartState> {
    match text {
        "open" => Ok(CartState::Open),
        "submitted" => Ok(CartState::Submitted),
        "abandoned" => Ok(CartState::Abandoned),
        other => Err(Error::store(format!("a stored cart has an unknown state {other:?}")).into()),
    }
}

fn current(row: &Row) -> Tx<Current> {
    let state: String = row.try_get(0)?;
    let version: i64 = row.try_get(1)?;
    let changes: i32 = row.try_get(5)?;
    Ok(Current {
        state: state_of(&state)?,
        version: version as u64,
        customer_id: CustomerId(row.try_get(2)?),
        checkout_code: row.try_get(3)?,
        order_id: row.try_get::<_, Option<Uuid>>(4)?.map(OrderId),
        changes: usize::try_from(changes).unwrap_or(0),
    })
}

fn locked(s: &mut Session<'_>, w: &Scope, id: CartId) -> Tx<Option<Current>> {
    s.query_opt(LOCKED, &[&w.ws, &id.0])?.map(|r| current(&r)).transpose()
}

/// A whole cart from a [`select_carts`] row.
fn cart_of(row: &Row) -> Tx<Cart> {
    let mut cart: Cart = body(row, 0)?;
    cart.lines = body::<Vec<CartLine>>(row, 1)?;
    cart.changes = body::<Vec<CartChange>>(row, 2)?;
    Ok(cart)
}

/// The cart's head as stored: the cart without its lines and changes.
fn head(cart: &Cart) -> Cart {
    Cart { lines: Vec::new(), changes: Vec::new(), ..cart.clone() }
}

/// A cart's head from its row's JSONB head.
pub(crate) fn head_of(row: &Row, idx: usize) -> Tx<CartHead> {
    Ok(body::<Cart>(row, idx)?.head())
}

pub(crate) fn cart(s: &mut Session<'_>, w: &Scope, id: CartId) -> Tx<Option<Cart>> {
    s.query_opt(select_carts!("WHERE c.ws = $1 AND c.id = $2"), &[&w.ws, &id.0])?.map(|r| cart_of(&r)).transpose()
}

pub(crate) fn open_cart_of(s: &mut Session<'_>, w: &Scope, customer_id: CustomerId) -> Tx<Option<Cart>> {
    s.query_opt(select_carts!("WHERE c.ws = $1 AND c.customer_id = $2 AND c.state = 'open'"), &[&w.ws, &customer_id.0])?
        .map(|r| cart_of(&r))
        .transpose()
}

pub(crate) fn carts_of(s: &mut Session<'_>, w: &Scope, customer_id: CustomerId) -> Tx<Vec<Cart>> {
    let rows =
        s.query(select_carts!("WHERE c.ws = $1 AND c.customer_id = $2 ORDER BY c.seq"), &[&w.ws, &customer_id.0])?;
    rows.iter().map(cart_of).collect()
}

pub(crate) fn open_carts(s: &mut Session<'_>, w: &Scope) -> Tx<Vec<Cart>> {
    let rows = s.query(select_carts!("WHERE c.ws = $1 AND c.state = 'open' ORDER BY c.seq"), &[&w.ws])?;
    rows.iter().map(cart_of).collect()
}

pub(crate) fn cart_of_order(s: &mut Session<'_>, w: &Scope, order_id: OrderId) -> Tx<Option<Cart>> {
    s.query_opt(select_carts!("WHERE c.ws = $1 AND c.order_id = $2"), &[&w.ws, &order_id.0])?
        .map(|r| cart_of(&r))
        .transpose()
}

pub(crate) fn checkout_target(s: &mut Session<'_>, w: &Scope, code: &LinkCode) -> Tx<Option<(CartHead, Customer)>> {
    match s.query_opt(CHECKOUT, &[&code.as_str(), &w.ws])? {
        Some(row) => Ok(Some((head_of(&row, 0)?, body(&row, 1)?))),
        None => Ok(None),
    }
}

/// A unique violation on a cart write, as the core's conflict error.
fn conflict(e: tokio_postgres::Error, cart: &Cart) -> Fail {
    let constraint = e
        .as_db_error()
        .filter(|db| *db.code() == SqlState::UNIQUE_VIOLATION || *db.code() == SqlState::FOREIGN_KEY_VIOLATION)
        .and_then(|db| db.constraint())
        .map(str::to_owned);
    match constraint.as_deref() {
        Some("link_codes_pkey" | "checkout_links_pkey") => Error::LinkCodeTaken.into(),
        Some("carts_one_open") => {
            Error::CartAlreadyOpen { cart_id: "(another open cart of the customer)".into() }.into()
        }
        Some("carts_pkey") => Error::store(format!("cart id {} already exists", cart.id)).into(),
        Some("carts_customer_fkey") => Error::CustomerNotFound { id: cart.customer_id.to_string() }.into(),
        _ => Fail::Db(e),
    }
}

/// W2, CT3: issues the cart's checkout code in the store-wide table (`LinkCodeTaken` when any
/// workspace holds or once held it) and records the link.
fn issue_checkout(s: &mut Session<'_>, w: &Scope, cart: &Cart) -> Tx<()> {
    let Some(link) = &cart.checkout else { return Ok(()) };
    s.execute_or(
        "INSERT INTO link_codes (code, ws, customer_id) VALUES ($1, $2, $3)",
        &[&link.code.as_str(), &w.ws, &cart.customer_id.0],
        |e| conflict(e, cart),
    )?;
    s.execute_or(
        "INSERT INTO checkout_links (code, ws, cart_id, body) VALUES ($1, $2, $3, $4)",
        &[&link.code.as_str(), &w.ws, &cart.id.0, &Json(link)],
        |e| conflict(e, cart),
    )?;
    Ok(())
}

/// The cart's lines (replacing the stored ones) and the changes past the `stored` first, each
/// written by one statement over arrays.
fn write_lines_and_changes(s: &mut Session<'_>, w: &Scope, cart: &Cart, stored: usize) -> Tx<()> {
    let positions: Vec<i32> = (0..cart.lines.len() as i32).collect();
    let skus: Vec<&str> = cart.lines.iter().map(|l| l.sku.as_str()).collect();
    let qtys: Vec<String> = cart.lines.iter().map(|l| l.qty.to_string()).collect();
    let uoms: Vec<&str> = cart.lines.iter().map(|l| l.uom.as_str()).collect();
    s.execute(
        "INSERT INTO cart_lines (ws, cart_id, pos, sku, qty, uom)
         SELECT $1, $2, p, k, q, u FROM unnest($3::integer[], $4::text[], $5::text[], $6::text[]) AS t(p, k, q, u)",
        &[&w.ws, &cart.id.0, &positions, &skus, &qtys, &uoms],
    )?;
    let new: Vec<(usize, &CartChange)> = cart.changes.iter().enumerate().skip(stored).collect();
    if new.is_empty() {
        return Ok(());
    }
    let positions: Vec<i32> = new.iter().map(|(i, _)| *i as i32).collect();
    let (secs, nanos): (Vec<i64>, Vec<i32>) = new.iter().map(|(_, c)| time_parts(c.at)).unzip();
    let agents: Vec<Option<&str>> = new.iter().map(|(_, c)| c.by.agent_name()).collect();
    let kinds: Vec<String> = new
        .iter()
        .map(|(_, c)| serde_json::to_value(c.kind).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default())
        .collect();
    let bodies: Vec<Json<&CartChange>> = new.iter().map(|(_, c)| Json(*c)).collect();
    s.execute(
        "INSERT INTO cart_changes (ws, cart_id, pos, at_s, at_ns, agent, kind, body)
         SELECT $1, $2, p, s, n, a, k, b
         FROM unnest($3::integer[], $4::bigint[], $5::integer[], $6::text[], $7::text[], $8::jsonb[]) AS t(p, s, n, a, k, b)",
        &[&w.ws, &cart.id.0, &positions, &secs, &nanos, &agents, &kinds, &bodies],
    )?;
    Ok(())
}

fn version_column(version: u64) -> Tx<i64> {
    i64::try_from(version).map_err(|_| Error::store("a cart version is past what the database holds").into())
}

/// CT1: adds a new cart.
pub(crate) fn insert(s: &mut Session<'_>, w: &Scope, cart: &Cart) -> Tx<()> {
    if s.query_opt("SELECT 1 FROM customers WHERE ws = $1 AND id = $2", &[&w.ws, &cart.customer_id.0])?.is_none() {
        return Err(Error::CustomerNotFound { id: cart.customer_id.to_string() }.into());
    }
    if cart.state == CartState::Open {
        let open = s.query_opt(
            "SELECT id FROM carts WHERE ws = $1 AND customer_id = $2 AND state = 'open'",
            &[&w.ws, &cart.customer_id.0],
        )?;
        if let Some(row) = open {
            let id: Uuid = row.try_get(0)?;
            return Err(Error::CartAlreadyOpen { cart_id: id.to_string() }.into());
        }
    }
    issue_checkout(s, w, cart)?;
    let n_changes = cart.changes.len() as i32;
    s.execute_or(
        "INSERT INTO carts (ws, id, customer_id, state, version, n_changes, checkout_code, order_id, head)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        &[
            &w.ws,
            &cart.id.0,
            &cart.customer_id.0,
            &cart.state.as_str(),
            &version_column(cart.version)?,
            &n_changes,
            &cart.checkout.as_ref().map(|l| l.code.as_str()),
            &cart.order_id.map(|o| o.0),
            &Json(head(cart)),
        ],
        |e| conflict(e, cart),
    )?;
    write_lines_and_changes(s, w, cart, 0)
}

/// The cart's row, lines and new changes over the stored ones.
fn update(s: &mut Session<'_>, w: &Scope, cart: &Cart, stored_changes: usize) -> Tx<()> {
    let n_changes = cart.changes.len() as i32;
    s.execute_or(
        "UPDATE carts SET state = $3, version = $4, n_changes = $5, checkout_code = $6, order_id = $7, head = $8
         WHERE ws = $1 AND id = $2",
        &[
            &w.ws,
            &cart.id.0,
            &cart.state.as_str(),
            &version_column(cart.version)?,
            &n_changes,
            &cart.checkout.as_ref().map(|l| l.code.as_str()),
            &cart.order_id.map(|o| o.0),
            &Json(head(cart)),
        ],
        |e| conflict(e, cart),
    )?;
    s.execute("DELETE FROM cart_lines WHERE ws = $1 AND cart_id = $2", &[&w.ws, &cart.id.0])?;
    write_lines_and_changes(s, w, cart, stored_changes)
}

/// CT1–CT3, CT5: replaces an open cart at `expected_version`, its row locked.
pub(crate) fn save(s: &mut Session<'_>, w: &Scope, cart: &Cart, expected_version: u64) -> Tx<()> {
    let now = locked(s, w, cart.id)?.ok_or_else(|| Error::CartNotFound { id: cart.id.to_string() })?;
    if now.state != CartState::Open {
        return Err(Error::CartClosed { state: now.state.as_str() }.into());
    }
    if now.version != expected_version {
        return Err(Error::StaleWrite.into());
    }
    if now.customer_id != cart.customer_id {
        return Err(Error::store("save_cart may not move a cart to another customer").into());
    }
    if cart.state == CartState::Submitted {
        return Err(Error::store("save_cart may not submit a cart; use submit_cart").into());
    }
    if now.checkout_code.as_deref() != cart.checkout.as_ref().map(|l| l.code.as_str()) {
        // L1, L5: the replaced code stays in link_codes (never issued again) and no longer
        // answers: the cart's current code is the new one.
        issue_checkout(s, w, cart)?;
    }
    update(s, w, cart, now.changes)
}

/// CT4, P1: `Store::submit_cart` inside a transaction, `rows` the answers to [`LOCKED`],
/// [`crate::customers::LOCKED`] and [`intake::STATS_OF_OWNER`] sent with `BEGIN`. A cart already
/// submitted answers its order (nothing written); an open one at the expected version is closed
/// as the order, which is recorded through the intake's own path (the customer's stats follow)
/// with `COMMIT`.
pub(crate) fn submit(
    s: &mut Session<'_>,
    w: &Scope,
    submitted: &Cart,
    expected_version: u64,
    order: &OrderRef,
    rows: Vec<Vec<Row>>,
) -> Tx<CartSubmission> {
    let [cart_row, customer, stats]: [Vec<Row>; 3] =
        rows.try_into().map_err(|_| Error::store("submit_cart: unexpected answers"))?;
    let now = match cart_row.first() {
        Some(row) => current(row)?,
        None => return Err(Error::CartNotFound { id: submitted.id.to_string() }.into()),
    };
    match (now.state, now.order_id) {
        (CartState::Submitted, Some(order_id)) => {
            return Ok(CartSubmission { cart_id: submitted.id, order_id, customer_id: now.customer_id, created: false })
        }
        (CartState::Open, _) => {}
        (state, _) => return Err(Error::CartClosed { state: state.as_str() }.into()),
    }
    if now.version != expected_version {
        return Err(Error::StaleWrite.into());
    }
    if order.owner != OrderOwner::Customer(now.customer_id)
        || submitted.customer_id != now.customer_id
        || submitted.order_id != Some(order.id)
        || submitted.state != CartState::Submitted
        || submitted.checkout.as_ref().map(|l| l.code.as_str()) != now.checkout_code.as_deref()
    {
        return Err(
            Error::store("submit_cart takes the cart's customer's order, and the cart closed as that order").into()
        );
    }
    let c: Customer = match customer.first() {
        Some(row) => body(row, 0)?,
        None => return Err(Error::CustomerNotFound { id: now.customer_id.to_string() }.into()),
    };
    let stats = stats.first().ok_or_else(|| Error::store("submit_cart: no order totals"))?;
    update(s, w, submitted, now.changes)?;
    intake::insert_for_customer(s, w, order, c, stats)?;
    Ok(CartSubmission { cart_id: submitted.id, order_id: order.id, customer_id: now.customer_id, created: true })
}
