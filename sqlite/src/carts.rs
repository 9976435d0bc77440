//! Carts and checkout links (CT1–CT5) inside one transaction: the rules are the in-memory
//! store's, record for record. A cart is its row (the head as a document, plus the columns
//! look-ups need), its lines and its change log; checkout codes live in the file-wide
//! `link_codes` table with every other link code (W2) and in `checkout_links`.

use crate::db;
use crate::records::{self, from_doc, time_columns, to_doc};
use orderlink::carts::{Cart, CartChange, CartHead, CartLine, CartState, CartSubmission};
use orderlink::{CartId, Customer, CustomerId, Error, LinkCode, OrderId, OrderOwner, OrderRef, Result};
use rusqlite::{params, Connection, OptionalExtension, ToSql};

/// A cart's row: what the checks read before a write.
struct Row {
    customer_id: CustomerId,
    state: CartState,
    version: u64,
    checkout_code: Option<String>,
    order_id: Option<OrderId>,
}

fn state_of(text: &str) -> Result<CartState> {
    match text {
        "open" => Ok(CartState::Open),
        "submitted" => Ok(CartState::Submitted),
        "abandoned" => Ok(CartState::Abandoned),
        other => Err(Error::store(format!("a stored cart has an unknown state {other:?}"))),
    }
}

fn version_column(version: u64) -> Result<i64> {
    i64::try_from(version).map_err(|_| Error::store("a cart version is past what the file can hold"))
}

/// A cart row's columns as read: customer, state, version, checkout code, order.
type RawRow = (String, String, i64, Option<String>, Option<String>);

fn row(conn: &Connection, ws: i64, id: CartId) -> Result<Option<Row>> {
    let raw: Option<RawRow> = conn
        .prepare_cached(
            "SELECT customer_id, state, version, checkout_code, order_id FROM carts WHERE ws = ?1 AND id = ?2",
        )
        .map_err(db)?
        .query_row(params![ws, id.to_string()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        .optional()
        .map_err(db)?;
    let Some((customer_id, state, version, checkout_code, order_id)) = raw else { return Ok(None) };
    Ok(Some(Row {
        customer_id: customer_id.parse()?,
        state: state_of(&state)?,
        version: version as u64,
        checkout_code,
        order_id: order_id.map(|o| o.parse()).transpose()?,
    }))
}

/// The cart's head document: the cart without its lines and changes.
fn head_doc(cart: &Cart) -> Result<String> {
    to_doc(&Cart { lines: Vec::new(), changes: Vec::new(), ..cart.clone() })
}

/// Writes the cart's row (inserting or overwriting), its lines, and the changes past those
/// already stored (the log only grows).
fn write(conn: &Connection, ws: i64, cart: &Cart, insert: bool) -> Result<()> {
    let id = cart.id.to_string();
    let code = cart.checkout.as_ref().map(|l| l.code.as_str());
    let order = cart.order_id.map(|o| o.to_string());
    let doc = head_doc(cart)?;
    let version = version_column(cart.version)?;
    if insert {
        conn.prepare_cached(
            "INSERT INTO carts (ws, id, customer_id, state, version, checkout_code, order_id, doc)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )
        .map_err(db)?
        .execute(params![ws, id, cart.customer_id.to_string(), cart.state.as_str(), version, code, order, doc])
        .map_err(|e| match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::ConstraintViolation) => {
                Error::CartAlreadyOpen { cart_id: "(another open cart of the customer)".into() }
            }
            _ => db(e),
        })?;
    } else {
        conn.prepare_cached(
            "UPDATE carts SET state = ?3, version = ?4, checkout_code = ?5, order_id = ?6, doc = ?7
             WHERE ws = ?1 AND id = ?2",
        )
        .map_err(db)?
        .execute(params![ws, id, cart.state.as_str(), version, code, order, doc])
        .map_err(db)?;
        conn.prepare_cached("DELETE FROM cart_lines WHERE ws = ?1 AND cart_id = ?2")
            .map_err(db)?
            .execute(params![ws, id])
            .map_err(db)?;
    }
    for (pos, line) in cart.lines.iter().enumerate() {
        conn.prepare_cached("INSERT INTO cart_lines (ws, cart_id, pos, sku, qty, uom) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
            .map_err(db)?
            .execute(params![ws, id, pos as i64, line.sku, line.qty.to_string(), line.uom])
            .map_err(db)?;
    }
    let stored: i64 = conn
        .prepare_cached("SELECT count(*) FROM cart_changes WHERE ws = ?1 AND cart_id = ?2")
        .map_err(db)?
        .query_row(params![ws, id], |r| r.get(0))
        .map_err(db)?;
    for (pos, change) in cart.changes.iter().enumerate().skip(usize::try_from(stored).unwrap_or(0)) {
        let (s, ns) = time_columns(change.at);
        let kind = serde_json::to_value(change.kind).ok().and_then(|v| v.as_str().map(str::to_owned));
        conn.prepare_cached(
            "INSERT INTO cart_changes (ws, cart_id, pos, at_s, at_ns, agent, kind, doc)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )
        .map_err(db)?
        .execute(params![ws, id, pos as i64, s, ns, change.by.agent_name(), kind.unwrap_or_default(), to_doc(change)?])
        .map_err(db)?;
    }
    Ok(())
}

/// A whole cart from its head document, its lines and its changes.
fn assemble(conn: &Connection, ws: i64, doc: &str) -> Result<Cart> {
    let mut cart: Cart = from_doc(doc)?;
    let id = cart.id.to_string();
    let mut stmt = conn
        .prepare_cached("SELECT sku, qty, uom FROM cart_lines WHERE ws = ?1 AND cart_id = ?2 ORDER BY pos")
        .map_err(db)?;
    let rows = stmt
        .query_map(params![ws, id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))
        .map_err(db)?;
    for row in rows {
        let (sku, qty, uom) = row.map_err(db)?;
        let qty = qty.parse().map_err(|_| Error::store(format!("a stored cart line has a bad quantity {qty:?}")))?;
        cart.lines.push(CartLine { sku, qty, uom });
    }
    cart.changes = records::docs_of::<CartChange>(
        conn,
        "SELECT doc FROM cart_changes WHERE ws = ?1 AND cart_id = ?2 ORDER BY pos",
        &[&ws, &id],
    )?;
    Ok(cart)
}

/// The carts whose head documents `sql` answers (`params` leading with workspace `ws`), whole.
fn carts_where(conn: &Connection, ws: i64, sql: &str, params: &[&dyn ToSql]) -> Result<Vec<Cart>> {
    let docs: Vec<String> = {
        let mut stmt = conn.prepare_cached(sql).map_err(db)?;
        let rows = stmt.query_map(params, |r| r.get::<_, String>(0)).map_err(db)?;
        rows.collect::<rusqlite::Result<_>>().map_err(db)?
    };
    docs.iter().map(|d| assemble(conn, ws, d)).collect()
}

/// CT1: one cart by id.
pub fn cart(conn: &Connection, ws: i64, id: CartId) -> Result<Option<Cart>> {
    Ok(carts_where(conn, ws, "SELECT doc FROM carts WHERE ws = ?1 AND id = ?2", &[&ws, &id.to_string()])?.pop())
}

/// CT1: the customer's open cart.
pub fn open_cart_of(conn: &Connection, ws: i64, customer_id: CustomerId) -> Result<Option<Cart>> {
    Ok(carts_where(
        conn,
        ws,
        "SELECT doc FROM carts WHERE ws = ?1 AND customer_id = ?2 AND state = 'open'",
        &[&ws, &customer_id.to_string()],
    )?
    .pop())
}

/// CT1: a customer's carts, oldest first.
pub fn carts_of(conn: &Connection, ws: i64, customer_id: CustomerId) -> Result<Vec<Cart>> {
    carts_where(
        conn,
        ws,
        "SELECT doc FROM carts WHERE ws = ?1 AND customer_id = ?2 ORDER BY seq",
        &[&ws, &customer_id.to_string()],
    )
}

/// CT5: every open cart of the workspace, oldest first.
pub fn open_carts(conn: &Connection, ws: i64) -> Result<Vec<Cart>> {
    carts_where(conn, ws, "SELECT doc FROM carts WHERE ws = ?1 AND state = 'open' ORDER BY seq", &[&ws])
}

/// CT4: the cart that became an order.
pub fn cart_of_order(conn: &Connection, ws: i64, order_id: OrderId) -> Result<Option<Cart>> {
    Ok(carts_where(conn, ws, "SELECT doc FROM carts WHERE ws = ?1 AND order_id = ?2", &[&ws, &order_id.to_string()])?
        .pop())
}

/// The statement reading a current checkout code's cart head and customer: joined on the cart
/// whose current code it is (a rotated-away code finds nothing).
const CHECKOUT: &str = "SELECT ct.doc, c.doc FROM checkout_links k
     JOIN carts ct ON ct.ws = k.ws AND ct.id = k.cart_id AND ct.checkout_code = k.code
     JOIN customers c ON c.ws = ct.ws AND c.id = ct.customer_id
     WHERE k.code = ?1 AND k.ws = ?2";

/// CT3: the head of the cart whose current checkout code is `code`, and its customer.
pub fn checkout_target(conn: &Connection, ws: i64, code: &LinkCode) -> Result<Option<(CartHead, Customer)>> {
    let row: Option<(String, String)> = conn
        .prepare_cached(CHECKOUT)
        .map_err(db)?
        .query_row(params![code.as_str(), ws], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()
        .map_err(db)?;
    row.map(|(cart, customer)| Ok((head_of(&cart)?, from_doc(&customer)?))).transpose()
}

/// A cart's head from its row's document.
pub fn head_of(doc: &str) -> Result<CartHead> {
    Ok(from_doc::<Cart>(doc)?.head())
}

/// W2, CT3: issues a checkout code for cart `cart` of workspace `ws`: refused (`LinkCodeTaken`)
/// when any workspace of the file holds or once held it.
fn issue_checkout(conn: &Connection, ws: i64, cart: &Cart) -> Result<()> {
    let Some(link) = &cart.checkout else { return Ok(()) };
    if records::link_known(conn, &link.code)? {
        return Err(Error::LinkCodeTaken);
    }
    records::issue_link(conn, ws, &link.code, Some(cart.customer_id))?;
    conn.prepare_cached("INSERT INTO checkout_links (code, ws, cart_id, doc) VALUES (?1, ?2, ?3, ?4)")
        .map_err(db)?
        .execute(params![link.code.as_str(), ws, cart.id.to_string(), to_doc(link)?])
        .map_err(db)?;
    Ok(())
}

/// CT1: adds a new cart.
pub fn insert_cart(conn: &Connection, ws: i64, cart: &Cart) -> Result<()> {
    records::require_customer(conn, ws, cart.customer_id)?;
    if row(conn, ws, cart.id)?.is_some() {
        return Err(Error::store(format!("cart id {} already exists", cart.id)));
    }
    if cart.state == CartState::Open {
        let open: Option<String> = conn
            .prepare_cached("SELECT id FROM carts WHERE ws = ?1 AND customer_id = ?2 AND state = 'open'")
            .map_err(db)?
            .query_row(params![ws, cart.customer_id.to_string()], |r| r.get(0))
            .optional()
            .map_err(db)?;
        if let Some(cart_id) = open {
            return Err(Error::CartAlreadyOpen { cart_id });
        }
    }
    issue_checkout(conn, ws, cart)?;
    write(conn, ws, cart, true)
}

/// CT1–CT3, CT5: replaces an open cart at `expected_version`.
pub fn save_cart(conn: &Connection, ws: i64, cart: &Cart, expected_version: u64) -> Result<()> {
    let current = row(conn, ws, cart.id)?.ok_or_else(|| Error::CartNotFound { id: cart.id.to_string() })?;
    if current.state != CartState::Open {
        return Err(Error::CartClosed { state: current.state.as_str() });
    }
    if current.version != expected_version {
        return Err(Error::StaleWrite);
    }
    if current.customer_id != cart.customer_id {
        return Err(Error::store("save_cart may not move a cart to another customer"));
    }
    if cart.state == CartState::Submitted {
        return Err(Error::store("save_cart may not submit a cart; use submit_cart"));
    }
    let new = cart.checkout.as_ref().map(|l| l.code.as_str());
    if current.checkout_code.as_deref() != new {
        issue_checkout(conn, ws, cart)?;
        if let Some(old) = &current.checkout_code {
            // L1, L5: the replaced code answers unknown from now on, never issued again.
            records::retire_link(conn, old)?;
        }
    }
    write(conn, ws, cart, false)
}

/// CT4, P1: records the order through the intake's own path and closes the cart as it, in the
/// caller's (`BEGIN IMMEDIATE`) transaction, which holds the file's write lock from its first
/// read: the cart's state is checked and changed under that lock.
pub fn submit_cart(
    conn: &Connection,
    ws: i64,
    submitted: &Cart,
    expected_version: u64,
    order: &OrderRef,
) -> Result<CartSubmission> {
    let current = row(conn, ws, submitted.id)?.ok_or_else(|| Error::CartNotFound { id: submitted.id.to_string() })?;
    match (current.state, current.order_id) {
        (CartState::Submitted, Some(order_id)) => {
            return Ok(CartSubmission {
                cart_id: submitted.id,
                order_id,
                customer_id: current.customer_id,
                created: false,
            })
        }
        (CartState::Open, _) => {}
        (state, _) => return Err(Error::CartClosed { state: state.as_str() }),
    }
    if current.version != expected_version {
        return Err(Error::StaleWrite);
    }
    if order.owner != OrderOwner::Customer(current.customer_id)
        || submitted.order_id != Some(order.id)
        || submitted.state != CartState::Submitted
        || submitted.checkout.as_ref().map(|l| l.code.as_str()) != current.checkout_code.as_deref()
    {
        return Err(Error::store("submit_cart takes the cart's customer's order, and the cart closed as that order"));
    }
    records::require_customer(conn, ws, current.customer_id)?;
    records::add_order(conn, ws, order, None)?;
    write(conn, ws, submitted, false)?;
    Ok(CartSubmission { cart_id: submitted.id, order_id: order.id, customer_id: current.customer_id, created: true })
}

/// C7: a deleted customer's carts go with it; their checkout codes are retired (never issued
/// again, L1).
pub fn delete_carts_of(conn: &Connection, ws: i64, customer_id: CustomerId) -> Result<()> {
    let ids: Vec<String> = {
        let mut stmt = conn.prepare_cached("SELECT id FROM carts WHERE ws = ?1 AND customer_id = ?2").map_err(db)?;
        let rows = stmt.query_map(params![ws, customer_id.to_string()], |r| r.get(0)).map_err(db)?;
        rows.collect::<rusqlite::Result<_>>().map_err(db)?
    };
    for id in ids {
        let codes: Vec<String> = {
            let mut stmt =
                conn.prepare_cached("SELECT code FROM checkout_links WHERE ws = ?1 AND cart_id = ?2").map_err(db)?;
            let rows = stmt.query_map(params![ws, id], |r| r.get(0)).map_err(db)?;
            rows.collect::<rusqlite::Result<_>>().map_err(db)?
        };
        for code in codes {
            records::retire_link(conn, &code)?;
        }
        for sql in [
            "DELETE FROM cart_lines WHERE ws = ?1 AND cart_id = ?2",
            "DELETE FROM cart_changes WHERE ws = ?1 AND cart_id = ?2",
            "DELETE FROM carts WHERE ws = ?1 AND id = ?2",
        ] {
            conn.prepare_cached(sql).map_err(db)?.execute(params![ws, id]).map_err(db)?;
        }
    }
    Ok(())
}
