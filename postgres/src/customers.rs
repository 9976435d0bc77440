//! Customers, link codes and their uniqueness (C2, C4, C7, L1, L5, S3).

use crate::pool::{Fail, Session, Tx};
use crate::records::body;
use crate::{lock, Scope};
use orderlink::ids::CustomerId;
use orderlink::{Customer, CustomerWrite, Error, LinkRotation, Uniqueness};
use tokio_postgres::error::SqlState;
use tokio_postgres::types::{Json, ToSql};

/// A unique violation on a customer write, as the core's conflict error for `c`.
pub(crate) fn conflict(e: tokio_postgres::Error, c: &Customer) -> Fail {
    let constraint = e
        .as_db_error()
        .filter(|db| *db.code() == SqlState::UNIQUE_VIOLATION)
        .and_then(|db| db.constraint())
        .map(str::to_owned);
    match constraint.as_deref() {
        Some("customers_pkey") => Error::store(format!("customer id {} already exists", c.id)).into(),
        Some("link_codes_pkey" | "customers_link_code_key") => Error::LinkCodeTaken.into(),
        Some("customers_code_key") => Error::CodeTaken { code: c.code.clone().unwrap_or_default() }.into(),
        Some("customers_external_id") => {
            Error::ExternalIdDuplicate { external_id: c.external_id.clone().unwrap_or_default() }.into()
        }
        _ => Fail::Db(e),
    }
}

/// C4: serialises writers of these names while the policy is on, so a check and its write see
/// the same names. Keys are locked in sorted order, so two batches cannot deadlock on them.
fn lock_names<'a>(s: &mut Session<'_>, w: &Scope, u: &Uniqueness, names: impl Iterator<Item = &'a Customer>) -> Tx<()> {
    if !u.unique_names {
        return Ok(());
    }
    let mut keys: Vec<String> = names.map(Customer::name_key).collect();
    keys.sort();
    keys.dedup();
    for key in keys {
        lock(s, w, "name", &key)?;
    }
    Ok(())
}

/// The customer `$1`, its row locked for this transaction.
pub(crate) const LOCKED: &str = "SELECT body FROM customers WHERE id = $1 AND ws = $2 FOR UPDATE";

/// The customer with its row locked for this transaction.
pub(crate) fn locked(s: &mut Session<'_>, w: &Scope, id: CustomerId) -> Tx<Option<Customer>> {
    match s.query_opt(LOCKED, &[&id.0, &w.ws])? {
        Some(row) => Ok(Some(body(&row, 0)?)),
        None => Ok(None),
    }
}

/// The customer at `expected_version`, locked; else `CustomerNotFound` or `StaleWrite`.
fn current(s: &mut Session<'_>, w: &Scope, id: CustomerId, expected_version: u64) -> Tx<Customer> {
    let current = locked(s, w, id)?.ok_or_else(|| Error::CustomerNotFound { id: id.to_string() })?;
    if current.version != expected_version {
        return Err(Error::StaleWrite.into());
    }
    Ok(current)
}

/// C2, C4, S3: the uniqueness checks in the memory store's order, ignoring `c`'s own row. On
/// insert also the id and the link code (L1). The unique indexes enforce the same again for
/// writers that race past these checks.
fn check_unique(s: &mut Session<'_>, w: &Scope, c: &Customer, u: &Uniqueness, insert: bool) -> Tx<()> {
    if insert && c.link_code == u.workspace_code {
        return Err(Error::LinkCodeTaken.into());
    }
    let link = insert.then(|| c.link_code.as_str());
    let row = s.query_one(
        "SELECT EXISTS (SELECT 1 FROM customers WHERE ws = $7 AND id = $1),
                EXISTS (SELECT 1 FROM link_codes WHERE code = $2),
                EXISTS (SELECT 1 FROM customers WHERE ws = $7 AND code_key = $3 AND id <> $1),
                $5::boolean AND EXISTS (SELECT 1 FROM customers WHERE ws = $7 AND name_key = $4 AND id <> $1),
                EXISTS (SELECT 1 FROM customers WHERE ws = $7 AND external_id = $6 AND id <> $1)",
        &[&c.id.0, &link, &c.code_key(), &c.name_key(), &u.unique_names, &c.external_id, &w.ws],
    )?;
    let [id_taken, link_taken, code_taken, name_taken, external_taken]: [bool; 5] =
        [row.try_get(0)?, row.try_get(1)?, row.try_get(2)?, row.try_get(3)?, row.try_get(4)?];
    if insert && id_taken {
        return Err(Error::store(format!("customer id {} already exists", c.id)).into());
    }
    if insert && link_taken {
        return Err(Error::LinkCodeTaken.into());
    }
    if code_taken {
        return Err(Error::CodeTaken { code: c.code.clone().unwrap_or_default() }.into());
    }
    if name_taken {
        return Err(Error::NameTaken { name: c.name.clone() }.into());
    }
    if external_taken {
        return Err(Error::ExternalIdDuplicate { external_id: c.external_id.clone().unwrap_or_default() }.into());
    }
    Ok(())
}

fn insert_row(s: &mut Session<'_>, w: &Scope, c: &Customer) -> Tx<()> {
    s.execute_or(
        "INSERT INTO link_codes (code, ws, customer_id) VALUES ($1, $2, $3)",
        &[&c.link_code.as_str(), &w.ws, &c.id.0],
        |e| conflict(e, c),
    )?;
    let row = RowValues::of(c);
    s.execute_or(
        "INSERT INTO customers (id, link_code, code_key, name_key, external_id, body, ws, name_fold, search, active, managed_by, placed, tags)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        &row.params(w),
        |e| conflict(e, c),
    )?;
    Ok(())
}

/// Writes `$1` over its row: link code, code key, name key, external id, body.
pub(crate) const UPDATE_ROW: &str =
    "UPDATE customers SET link_code = $2, code_key = $3, name_key = $4, external_id = $5, body = $6,
            name_fold = $8, search = $9, active = $10, managed_by = $11, placed = $12, tags = $13
         WHERE id = $1 AND ws = $7";

/// What a customer's row holds beyond what the record gives directly: its body and list
/// columns, in the parameter order `INSERT` and [`UPDATE_ROW`] share ($1 to $13).
struct RowValues<'c> {
    c: &'c Customer,
    link_code: &'c str,
    code_key: Option<String>,
    name_key: String,
    body: Json<&'c Customer>,
    search: SearchColumns,
}

impl<'c> RowValues<'c> {
    fn of(c: &'c Customer) -> Self {
        RowValues {
            c,
            link_code: c.link_code.as_str(),
            code_key: c.code_key(),
            name_key: c.name_key(),
            body: Json(c),
            search: search_columns(c),
        }
    }

    fn params<'a>(&'a self, w: &'a Scope) -> [&'a (dyn ToSql + Sync); 13] {
        let search = &self.search;
        [
            &self.c.id.0,
            &self.link_code,
            &self.code_key,
            &self.name_key,
            &self.c.external_id,
            &self.body,
            &w.ws,
            &search.name_fold,
            &search.search,
            &self.c.active,
            &search.managed_by,
            &search.placed,
            &search.tags,
        ]
    }
}

/// W4: the columns a list filters and sorts on, kept beside the body.
pub(crate) struct SearchColumns {
    /// The name folded (`orderlink::search_fold`): the name sort's key.
    pub(crate) name_fold: String,
    /// Name, code, email, phone and contact, each folded, joined by [`SEARCH_SEPARATOR`].
    pub(crate) search: String,
    /// C6: the user managing the customer.
    pub(crate) managed_by: Option<uuid::Uuid>,
    /// A customer (an order placed), not a lead.
    pub(crate) placed: bool,
    /// The tags as a tag filter compares them (`orderlink::customer::code_key`).
    pub(crate) tags: Vec<String>,
}

/// Joins the folded search fields: a control character, which no search term holds (R4:
/// `CustomerQuery::validate` refuses one), so no match spans two fields.
pub(crate) const SEARCH_SEPARATOR: char = '\u{1}';

/// The list columns of `c`.
pub(crate) fn search_columns(c: &Customer) -> SearchColumns {
    let mut search = String::new();
    for f in orderlink::listing::search_fields(c).into_iter().flatten() {
        if !search.is_empty() {
            search.push(SEARCH_SEPARATOR);
        }
        search.push_str(&orderlink::search_fold(f));
    }
    SearchColumns {
        name_fold: orderlink::search_fold(&c.name),
        search,
        managed_by: c.managed_by.map(|u| u.0),
        placed: c.kind() == orderlink::CustomerKind::Customer,
        tags: c.tags.iter().map(|t| orderlink::customer::code_key(t)).collect(),
    }
}

/// Writes `c` over its row, columns and body together.
pub(crate) fn update_row(s: &mut Session<'_>, w: &Scope, c: &Customer) -> Tx<()> {
    let row = RowValues::of(c);
    s.execute_or(UPDATE_ROW, &row.params(w), |e| conflict(e, c))?;
    Ok(())
}

/// `Store::insert_customer` inside a transaction.
pub(crate) fn insert(s: &mut Session<'_>, w: &Scope, c: &Customer, u: &Uniqueness) -> Tx<()> {
    lock_names(s, w, u, std::iter::once(c))?;
    check_unique(s, w, c, u, true)?;
    insert_row(s, w, c)
}

/// `Store::replace_customer` inside a transaction.
pub(crate) fn replace(s: &mut Session<'_>, w: &Scope, c: &Customer, expected_version: u64, u: &Uniqueness) -> Tx<()> {
    lock_names(s, w, u, std::iter::once(c))?;
    let current = current(s, w, c.id, expected_version)?;
    if current.link_code != c.link_code {
        return Err(Error::store("replace_customer may not change the link code; use rotate_link").into());
    }
    check_unique(s, w, c, u, false)?;
    update_row(s, w, c)
}

/// `Store::write_customers` inside a transaction: in order, as the memory store applies them.
pub(crate) fn write_all(s: &mut Session<'_>, w: &Scope, writes: &[CustomerWrite], u: &Uniqueness) -> Tx<()> {
    lock_names(
        s,
        w,
        u,
        writes.iter().map(|write| match write {
            CustomerWrite::Insert(c) | CustomerWrite::Update { customer: c, .. } => c,
        }),
    )?;
    for write in writes {
        match write {
            CustomerWrite::Insert(c) => insert(s, w, c, u)?,
            CustomerWrite::Update { customer, expected_version } => replace(s, w, customer, *expected_version, u)?,
        }
    }
    Ok(())
}

/// `Store::delete_customer` inside a transaction. The link code's row stays: retired (L1).
pub(crate) fn delete(s: &mut Session<'_>, w: &Scope, id: CustomerId) -> Tx<()> {
    let c = locked(s, w, id)?.ok_or_else(|| Error::CustomerNotFound { id: id.to_string() })?;
    if c.stats.orders > 0 {
        return Err(Error::CustomerHasOrders { orders: c.stats.orders }.into());
    }
    // C7 holds even if stats were written by hand: the orders themselves decide.
    let owned: i64 =
        s.query_one("SELECT count(*) FROM orders WHERE ws = $2 AND owner = $1", &[&id.0, &w.ws])?.try_get(0)?;
    if owned > 0 {
        return Err(Error::CustomerHasOrders { orders: owned as u64 }.into());
    }
    s.execute("DELETE FROM customers WHERE id = $1 AND ws = $2", &[&id.0, &w.ws])?;
    Ok(())
}

/// `Store::rotate_link` inside a transaction (L5).
pub(crate) fn rotate(
    s: &mut Session<'_>,
    w: &Scope,
    customer: &Customer,
    expected_version: u64,
    rotation: &LinkRotation,
    u: &Uniqueness,
) -> Tx<()> {
    current(s, w, customer.id, expected_version)?;
    if customer.link_code == u.workspace_code {
        return Err(Error::LinkCodeTaken.into());
    }
    s.execute_or(
        "INSERT INTO link_codes (code, ws, customer_id) VALUES ($1, $2, $3)",
        &[&customer.link_code.as_str(), &w.ws, &customer.id.0],
        |e| conflict(e, customer),
    )?;
    update_row(s, w, customer)?;
    s.execute(
        "INSERT INTO link_rotations (customer_id, body, ws) VALUES ($1, $2, $3)",
        &[&rotation.customer_id.0, &Json(rotation), &w.ws],
    )?;
    Ok(())
}
