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
//! to count a search (2.5 to 3 ms, against 0.7 ms from the trigram index of the time) and
//! scanned a 100,000-customer one's heap (7.5 ms against 2 to 3 ms).
//!
//! W4: a search is counted first (up to the count limit and one, when there is a limit); with
//! many matches its page is a bounded walk of the name order rather than a sort of every match,
//! so a page with a count limit costs what the page and the limit need. A term of three
//! characters or more is counted from the workspace's gram index and paged in the same
//! statement (`search_page`, one round trip); a shorter term, and a list without a search, are
//! counted first and walked after (`COUNT_UP_TO`, `WALK_ASC`).

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
/// are the page's. With `$6` it serves a term of one or two characters (longer terms go through
/// [`search_page`]), which no index can look up: the count tests every entry of the workspace.
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

/// W4: how many match, counting no further than `$7` (a count limit and one): the workspace's
/// entries (no index looks up a term of one or two characters) are tested only until `$7`
/// match.
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
/// (the page then comes out short and the exact statement makes it instead).
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
/// (below it, sorting every match costs less).
const WALK_MIN_MATCHES: i64 = 1_000;

const MATCHING: &str =
    concat!("SELECT id, name_fold, body FROM customers WHERE ", filters!(" AND ($6::text IS NULL OR search LIKE $6)"));

/// W4: the fewest characters a term needs to be looked up by its grams (migration 9: every
/// three-character window of `search`); shorter terms are matched against `search` alone.
const GRAM_CHARS: usize = 3;

/// W4: the filters `$2` to `$5` as one query sets them: a set filter compares its column; an
/// unset one is `$n IS NULL` alone, which the server tests once a statement (a one-time filter)
/// rather than once a row, as it does `$n IS NULL OR …` in a generic plan (a tenth of a
/// 100,000-customer walk). `set` holds a bit per filter: active, guest, lead or customer, tag.
fn set_filters(set: usize) -> String {
    let filters = [
        ("active = $2", "$2::boolean IS NULL"),
        ("managed_by = $3", "$3::uuid IS NULL"),
        ("placed = $4", "$4::boolean IS NULL"),
        ("$5 = ANY (tags)", "$5::text IS NULL"),
    ];
    let mut sql = String::from("ws = $1");
    for (bit, (when_set, unset)) in filters.iter().enumerate() {
        sql.push_str(" AND ");
        sql.push_str(if set & (1 << bit) != 0 { when_set } else { unset });
    }
    sql
}

/// W4: the rows matching the folded term `$6` (three characters or more) and the filters, as
/// `m`: the candidates are the rows whose grams hold every gram of the term (the GIN index
/// `customers_grams` on `orderlink_grams(ws, search)`, migration 9), each rechecked with
/// `strpos`. The look-up is fenced (`OFFSET 0`) so the filters, `ws = $1` among them, test its
/// rows: a generic plan otherwise ANDs the gram bitmap with the workspace's whole entry in
/// another index, which costs more than the candidates. The grams are keyed by the workspace,
/// so another workspace's rows are not candidates.
fn gram_matches(filters: &str) -> String {
    format!(
        "(SELECT ws, id, name_fold, active, managed_by, placed, tags, search, body FROM customers
           WHERE orderlink_grams(ws, search) @> orderlink_grams($1, $6) OFFSET 0) m
         WHERE {filters} AND strpos(search, $6) > 0"
    )
}

/// W4: a name-sorted page of a search (a term of three characters or more) and its count, one
/// statement. `$7` counting stops (the count limit and one, or no limit), `$8` the walk's
/// budget, `$9` offset, `$10` limit, `$11` the count from which the page is walked.
///
/// The count comes first, from the gram index, stopping at `$7`. From `$11` matches the page is
/// a bounded walk of the name order (an index-only scan of `customers_list` testing each
/// entry's `search`, no more than `$8` entries, which stops when the page is full); below it,
/// the page is the matches the gram index finds, sorted. Each branch is gated on the count (a
/// one-time filter: the branch not taken is not run). A walk that read its budget before the
/// page was full comes out short; the caller then asks again with `$11` past any count.
fn search_page(descending: bool, set: usize) -> String {
    let filters = set_filters(set);
    let matches = gram_matches(&filters);
    let (order, outer) = if descending {
        ("name_fold DESC, id", "p.name_fold DESC, p.id")
    } else {
        ("name_fold, id", "p.name_fold, p.id")
    };
    format!(
        "WITH t AS MATERIALIZED (SELECT count(*) AS total FROM (SELECT 1 FROM {matches} LIMIT $7) x)
         SELECT t.total, c.body FROM t
         LEFT JOIN LATERAL (
             (SELECT id, name_fold
              FROM (SELECT id, name_fold, search FROM customers WHERE {filters} ORDER BY {order} LIMIT $8) w
              WHERE t.total >= $11 AND strpos(w.search, $6) > 0 ORDER BY {order} OFFSET $9 LIMIT $10)
             UNION ALL
             (SELECT id, name_fold FROM {matches} AND t.total < $11 ORDER BY {order} OFFSET $9 LIMIT $10)
         ) p ON true
         LEFT JOIN customers c ON c.ws = $1 AND c.id = p.id
         ORDER BY {outer}"
    )
}

/// [`search_page`]'s statement, made once per process for each order and set of filters.
fn search_statement(descending: bool, set: usize) -> &'static str {
    static ALL: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let all = ALL.get_or_init(|| (0..32).map(|key| search_page(key & 16 != 0, key & 15)).collect());
    &all[usize::from(descending) << 4 | (set & 15)]
}

/// `MATCHING` for a term with grams, made once per process for each set of filters.
fn matching_grams(set: usize) -> &'static str {
    static ALL: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let all = ALL.get_or_init(|| {
        (0..16).map(|set| format!("SELECT id, name_fold, body FROM {}", gram_matches(&set_filters(set)))).collect()
    });
    &all[set & 15]
}

/// [`set_filters`]'s bits for a query's filters.
fn filters_set(active: Option<bool>, guest: Option<Uuid>, placed: Option<bool>, tag: Option<&str>) -> usize {
    usize::from(active.is_some())
        | usize::from(guest.is_some()) << 1
        | usize::from(placed.is_some()) << 2
        | usize::from(tag.is_some()) << 3
}

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
    let set = filters_set(active, guest, placed, tag.as_deref());
    // A term long enough to have grams is looked up by them.
    let gram_term = term.as_deref().filter(|t| t.chars().count() >= GRAM_CHARS);
    if query.sort != SortKey::Name || address {
        // The SQL filters narrow the rows; the core sorts, applies the address search and pages.
        let rows: Vec<Customer> = w.read(|s| {
            let rows = match gram_term {
                Some(t) => s.query(matching_grams(set), &[&ws, &active, &guest, &placed, &tag, &t])?,
                None => s.query(MATCHING, &[&ws, &active, &guest, &placed, &tag, &pattern])?,
            };
            rows.iter().map(|r| body(r, 2)).collect::<Tx<_>>()
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
    let end = query.offset.saturating_add(query.limit);
    let budget = i64::try_from(end.saturating_mul(64).max(WALK_BUDGET)).unwrap_or(i64::MAX);
    if let Some(term) = gram_term {
        let sql = search_statement(query.descending, set);
        let cap = i64::try_from(cap).unwrap_or(i64::MAX);
        let walk_from = cap.min(WALK_MIN_MATCHES);
        let (total, items) = w.read(|s| {
            let page = |s: &mut crate::pool::Session<'_>, walk_from: i64| -> Tx<(i64, Vec<Customer>)> {
                let rows = s.query_generic(
                    sql,
                    &[&ws, &active, &guest, &placed, &tag, &term, &cap, &budget, &offset, &limit, &walk_from],
                )?;
                total_and_page(&rows)
            };
            let (total, items) = page(s, walk_from)?;
            // A walked page that is short where the count does not say the matches end there:
            // the walk read its budget first. The page from the gram index instead.
            let found = usize::try_from(total).unwrap_or_default();
            let ends = total < cap && query.offset.saturating_add(items.len()) >= found;
            if total >= walk_from && items.len() < query.limit && !ends {
                return page(s, i64::MAX);
            }
            Ok((total, items))
        })?;
        return Ok(page_of(query, total, items));
    }
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
                let budget = if term.is_some() { budget } else { i64::MAX };
                let rows =
                    s.query_generic(walk, &[&ws, &active, &guest, &placed, &tag, &term, &offset, &limit, &budget])?;
                if rows.len() == query.limit || term.is_none() {
                    let items = rows.iter().map(|r| body(r, 0)).collect::<Tx<Vec<Customer>>>()?;
                    return Ok((counted, items));
                }
                // The walk read its budget before the page was full: the exact statement's page.
            }
            // Otherwise every match was counted: the exact statement below counts as cheaply.
        }
        let rows = s.query_generic(sql, &[&ws, &active, &guest, &placed, &tag, &pattern, &offset, &limit])?;
        total_and_page(&rows)
    })?;
    Ok(page_of(query, total, items))
}

/// The count (column 0, on every row) and the page's bodies (column 1, none on the one row
/// of an empty page) of a statement that returns both.
fn total_and_page(rows: &[tokio_postgres::Row]) -> Tx<(i64, Vec<Customer>)> {
    let mut total = 0i64;
    let mut items = Vec::with_capacity(rows.len());
    for row in rows {
        total = row.try_get(0)?;
        if let Some(Json(c)) = row.try_get::<_, Option<Json<Customer>>>(1)? {
            items.push(c);
        }
    }
    Ok((total, items))
}

/// The page `query` asked for, its total bounded by the count limit.
fn page_of(query: &CustomerQuery, total: i64, items: Vec<Customer>) -> Page<Customer> {
    let (total, total_exact) = query.bounded_total(usize::try_from(total).unwrap_or_default());
    Page { items, total, total_exact, offset: query.offset, limit: query.limit }
}

#[cfg(test)]
mod tests {
    use super::*;
    use orderlink::{Env, NewCustomer, NewWorkspace, SeededRandom, SystemClock, Workspace};
    use std::sync::Arc;

    /// The plan of the ascending search page (filtered on `active` only) for `term`, walked
    /// from `walk_from` matches, as the store runs it (a generic plan), with the rows each node
    /// produced.
    fn plan(db: &mut postgres::Client, ws: Uuid, term: &str, walk_from: i64) -> String {
        db.batch_execute("SET plan_cache_mode = force_generic_plan").expect("generic");
        db.batch_execute(&format!(
            "PREPARE page(uuid, boolean, uuid, boolean, text, text, bigint, bigint, bigint, bigint, bigint) AS {}",
            search_statement(false, 1)
        ))
        .expect("prepare");
        let rows = db
            .query(
                &format!(
                    "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF)
                     EXECUTE page('{ws}', true, NULL, NULL, NULL, '{term}', 1001, 10000, 0, 50, {walk_from})"
                ),
                &[],
            )
            .expect("explain");
        db.batch_execute("DEALLOCATE page").expect("deallocate");
        rows.iter().map(|r| r.get::<_, String>(0)).collect::<Vec<_>>().join("\n")
    }

    /// W4: a searched page reads the gram index for its count and its candidates, never the
    /// whole table, and of its two ways to make the page runs only the one the count chose.
    #[test]
    fn w4_a_search_reads_the_gram_index_and_runs_one_way_to_its_page() {
        let url = std::env::var("ORDERLINK_PG_URL").expect("ORDERLINK_PG_URL: run through scripts/with-postgres");
        let schema = format!("orderlink_unit_grams_{}", std::process::id());
        let options = crate::PostgresOptions { schema: Some(schema.clone()), ..Default::default() };
        let store = Arc::new(crate::PostgresStore::connect_with(&url, &options).expect("connect"));
        let env = Env::new(Arc::new(SystemClock), Arc::new(SeededRandom::new(9)));
        let ws = Workspace::create(store, env, NewWorkspace::named("Grams")).expect("workspace");
        for name in ["Corner Deli", "Model Eli", "Bay Bakery"] {
            ws.create_customer(NewCustomer::named(name)).expect("customer");
        }
        let id = ws.id().expect("id").0;
        let mut db = postgres::Client::connect(&url, postgres::NoTls).expect("client");
        db.batch_execute(&format!("SET search_path = {schema}")).expect("path");
        let by_index = plan(&mut db, id, "deli", 1_000);
        let walked = plan(&mut db, id, "deli", 0);
        db.batch_execute(&format!("DROP SCHEMA {schema} CASCADE")).expect("drop");
        for p in [&by_index, &walked] {
            assert!(p.contains("Bitmap Index Scan on customers_grams"), "{p}");
            assert!(!p.contains("Seq Scan"), "{p}");
        }
        // One match, under 1,000: the page from the gram index; the walk is never run.
        let walk = by_index.lines().find(|l| l.contains("Index Only Scan using customers_list")).expect("walk");
        assert!(walk.contains("never executed"), "{by_index}");
        // Walked from 0 matches: the walk runs and the gram index's page does not (its scan
        // appears twice, once for the count, once never executed).
        assert!(!walked.lines().any(|l| l.contains("customers_list") && l.contains("never executed")), "{walked}");
        let gram_scans: Vec<&str> = walked.lines().filter(|l| l.contains("on customers_grams")).collect();
        assert_eq!(gram_scans.len(), 2, "{walked}");
        assert_eq!(gram_scans.iter().filter(|l| l.contains("never executed")).count(), 1, "{walked}");
    }
}
