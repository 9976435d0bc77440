//! W4: customer lists served by the database from the list columns (`name_fold`, `search`,
//! `active`, `managed_by`, `placed`, `tags`; migration 6), never reading another workspace's
//! rows and, for the name sort, never reading more bodies than the page holds.
//!
//! The answer is `orderlink::listing::list`'s (the conformance suite checks): a name-sorted
//! page is chosen and counted in SQL (`name_fold` is `search_fold(name)` compared byte-wise,
//! as Rust compares strings; ties by id, as the core); any other sort, and the address search,
//! read the rows the SQL filters leave and hand them to the core's `list`.
//!
//! The name-sorted statements are written for their generic plans and run with them
//! (`Session::query_generic`, a `SET LOCAL` in a transaction of the statement's own). Planned
//! for one workspace's parameters, the server walked a 10,000-customer workspace's name order
//! to count a search (2.5 to 3 ms, against 0.7 ms from the trigram index) and scanned a
//! 100,000-customer one's heap (7.5 ms against 2 to 3 ms).
//!
//! W4: a search is counted first (up to the count limit and one, when there is a limit); with
//! many matches its page is a bounded walk of the name order rather than a sort of every match
//! (see `WALK_ASC`), so a page with a count limit costs what the page and the limit need.

use crate::customers::SEARCH_SEPARATOR;
use crate::pool::Tx;
use crate::records::body;
use crate::PostgresWorkspace;
use orderlink::customer::code_key;
use orderlink::listing::{SortKey, StatusFilter, Viewer};
use orderlink::{search_fold, Customer, CustomerKind, CustomerQuery, Page, Result};
use tokio_postgres::types::Json;
use uuid::Uuid;

/// The filters every list statement takes, `$1` to `$5`: the workspace, the active flag, the
/// guest's user, lead or customer, the tag key; then the search condition on `$6`.
macro_rules! filters {
    ($search:literal) => {
        concat!(
            "ws = $1 AND ($2::boolean IS NULL OR active = $2) AND ($3::uuid IS NULL OR managed_by = $3)
               AND ($4::boolean IS NULL OR placed = $4) AND ($5::text IS NULL OR $5 = ANY (tags))",
            $search
        )
    };
}

/// A name-sorted page (`$7` offset, `$8` limit) and the count of every match, one statement.
/// Both walk the list columns only (the `customers_list` index covers them); the bodies read
/// are the page's. The search condition is in the text, not behind `$6 IS NULL OR`, so a
/// generic plan can still use the trigram index for the count.
macro_rules! page {
    ($search:literal, $order:literal, $outer:literal) => {
        concat!(
            "SELECT (SELECT count(*) FROM customers WHERE ",
            filters!($search),
            ") AS total, c.body
             FROM (SELECT 1) one
             LEFT JOIN LATERAL (SELECT id, name_fold FROM customers WHERE ",
            filters!($search),
            " ORDER BY ",
            $order,
            " OFFSET $7 LIMIT $8) p ON true
             LEFT JOIN customers c ON c.ws = $1 AND c.id = p.id
             ORDER BY ",
            $outer
        )
    };
}

const PAGE_ASC: &str = page!(" AND $6::text IS NULL", "name_fold, id", "p.name_fold, p.id");
const PAGE_DESC: &str = page!(" AND $6::text IS NULL", "name_fold DESC, id", "p.name_fold DESC, p.id");
const PAGE_SEARCH_ASC: &str = page!(" AND search LIKE $6", "name_fold, id", "p.name_fold, p.id");
const PAGE_SEARCH_DESC: &str = page!(" AND search LIKE $6", "name_fold DESC, id", "p.name_fold DESC, p.id");

/// W4: how many match, counting no further than `$7` (a count limit and one): the trigram
/// index finds the candidates and the heap is rechecked only until `$7` are found.
macro_rules! count_up_to {
    ($search:literal) => {
        concat!("SELECT count(*) FROM (SELECT 1 FROM customers WHERE ", filters!($search), " LIMIT $7) capped")
    };
}

const COUNT_UP_TO: &str = count_up_to!(" AND $6::text IS NULL");
const COUNT_UP_TO_SEARCH: &str = count_up_to!(" AND search LIKE $6");

/// W4: a name-sorted page (`$7` offset, `$8` limit) among many matches, by walking the name
/// order (an index-only scan of `customers_list` that stops when the page is full) and testing
/// each entry's `search` for the term `$6` (folded, not a pattern); no more than `$9` entries
/// are read, so a term whose matches are rarer than the count suggested costs a bounded walk
/// (the page then comes out short and is made from the trigram index instead). The term is
/// tested with `strpos`, which the trigram index cannot serve, so the planner walks the name
/// order rather than sorting every match.
macro_rules! walk {
    ($order:literal, $outer:literal) => {
        concat!(
            "SELECT c.body FROM (SELECT id, name_fold FROM (SELECT id, name_fold, search FROM customers WHERE ",
            filters!(""),
            " ORDER BY ",
            $order,
            " LIMIT $9) w WHERE $6::text IS NULL OR strpos(w.search, $6) > 0 ORDER BY ",
            $order,
            " OFFSET $7 LIMIT $8) p
             JOIN customers c ON c.ws = $1 AND c.id = p.id
             ORDER BY ",
            $outer
        )
    };
}

const WALK_ASC: &str = walk!("name_fold, id", "p.name_fold, p.id");
const WALK_DESC: &str = walk!("name_fold DESC, id", "p.name_fold DESC, p.id");

/// W4: the fewest name-order entries a walk for a searched page reads before it gives up.
const WALK_BUDGET: usize = 10_000;

/// W4: from how many matches an exactly counted search's page is walked from the name order
/// (below it, sorting the matches the trigram index finds costs less).
const WALK_MIN_MATCHES: i64 = 1_000;

const MATCHING: &str =
    concat!("SELECT id, name_fold, body FROM customers WHERE ", filters!(" AND ($6::text IS NULL OR search LIKE $6)"));

/// `pattern` for LIKE matching `term` anywhere, its wildcards escaped.
fn contains_pattern(term: &str) -> String {
    let mut p = String::with_capacity(term.len() + 2);
    p.push('%');
    for ch in term.chars() {
        if matches!(ch, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(ch);
    }
    p.push('%');
    p
}

/// `Store::list_customers` for one workspace.
pub(crate) fn list(w: &PostgresWorkspace, query: &CustomerQuery) -> Result<Page<Customer>> {
    query.validate()?;
    let term = query.search.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(search_fold);
    if term.as_deref().is_some_and(|t| t.contains(SEARCH_SEPARATOR)) {
        // A term holding the fields' separator: the core's own matching decides.
        return orderlink::listing::list(orderlink::Store::all_customers(w)?, query);
    }
    let pattern = term.as_deref().map(contains_pattern);
    let active: Option<bool> = match query.filter {
        StatusFilter::Active => Some(true),
        StatusFilter::Inactive => Some(false),
        StatusFilter::All => None,
    };
    let guest: Option<Uuid> = match query.viewer {
        Viewer::Admin => None,
        Viewer::Guest(user) => Some(user.0),
    };
    let placed: Option<bool> = query.kind.map(|k| k == CustomerKind::Customer);
    let tag: Option<String> = query.tag.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(code_key);
    let address = query.address.as_deref().is_some_and(|a| !a.trim().is_empty());
    let ws = w.scope.ws;
    if query.sort != SortKey::Name || address {
        // The SQL filters narrow the rows; the core sorts, applies the address search and pages.
        let rows: Vec<Customer> = w.read(|s| {
            s.query(MATCHING, &[&ws, &active, &guest, &placed, &tag, &pattern])?
                .iter()
                .map(|r| body(r, 2))
                .collect::<Tx<_>>()
        })?;
        return orderlink::listing::list(rows, query);
    }
    let sql = match (pattern.is_some(), query.descending) {
        (false, false) => PAGE_ASC,
        (false, true) => PAGE_DESC,
        (true, false) => PAGE_SEARCH_ASC,
        (true, true) => PAGE_SEARCH_DESC,
    };
    let offset = i64::try_from(query.offset).unwrap_or(i64::MAX);
    let limit = query.limit as i64;
    let cap = query.count_cap();
    let (total, items) = w.read(|s| {
        // W4: with a count limit, count up to one past it; past it, the page from the name
        // order. Without one, a search is counted first too, and a page among many matches is
        // walked from the name order rather than sorted from every match.
        if query.count_limit.is_some() || pattern.is_some() {
            let counting = if pattern.is_some() { COUNT_UP_TO_SEARCH } else { COUNT_UP_TO };
            let cap = i64::try_from(cap).unwrap_or(i64::MAX);
            let counted: i64 = s
                .query_generic(counting, &[&ws, &active, &guest, &placed, &tag, &pattern, &cap])?
                .first()
                .map_or(Ok(0), |r| r.try_get(0))?;
            if counted >= cap.min(WALK_MIN_MATCHES) {
                let walk = if query.descending { WALK_DESC } else { WALK_ASC };
                let end = query.offset.saturating_add(query.limit);
                let budget = match term {
                    Some(_) => i64::try_from(end.saturating_mul(64).max(WALK_BUDGET)).unwrap_or(i64::MAX),
                    None => i64::MAX,
                };
                let rows =
                    s.query_generic(walk, &[&ws, &active, &guest, &placed, &tag, &term, &offset, &limit, &budget])?;
                if rows.len() == query.limit || term.is_none() {
                    let items = rows.iter().map(|r| body(r, 0)).collect::<Tx<Vec<Customer>>>()?;
                    return Ok((counted, items));
                }
                // The walk read its budget before the page was full: the trigram index's page.
            }
            // Otherwise every match was counted: the exact statement below counts as cheaply.
        }
        let rows = s.query_generic(sql, &[&ws, &active, &guest, &placed, &tag, &pattern, &offset, &limit])?;
        let mut total = 0i64;
        let mut items = Vec::with_capacity(rows.len());
        for row in &rows {
            total = row.try_get(0)?;
            if let Some(Json(c)) = row.try_get::<_, Option<Json<Customer>>>(1)? {
                items.push(c);
            }
        }
        Ok((total, items))
    })?;
    let (total, total_exact) = query.bounded_total(usize::try_from(total).unwrap_or_default());
    Ok(Page { items, total, total_exact, offset: query.offset, limit: query.limit })
}
