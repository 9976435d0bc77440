//! W4: a page of customers served by SQL: the filters, the search and the sort run over the
//! folded list columns and the workspace's trigram index, and only the page's documents are
//! read. The answer is the core's [`orderlink::listing::list`], row for row (the conformance
//! suite checks); what SQL cannot order exactly as the core does (the amount, order web access)
//! or filter (addresses) is filtered as far as SQL can, then handed to the core's listing.
//!
//! W4: with a count limit the matches are counted only up to it and one (`capped_count`);
//! past it a name-sorted searched page walks the name index (`walk_names`), so the page costs
//! what the page and the limit need rather than what the workspace holds.

use crate::db;
use crate::records::{docs_of, TAG_SEP};
use crate::schema::search_table;
use orderlink::customer::code_key;
use orderlink::listing::list as core_list;
use orderlink::{search_fold, Customer, CustomerKind, CustomerQuery, Page, Result, SortKey, StatusFilter, Viewer};
use rusqlite::{Connection, ToSql};

/// The shortest term the trigram index can find; shorter terms are matched by scanning the
/// workspace's folded columns.
const TRIGRAM: usize = 3;

/// W4: the fewest rows a name walk for a searched page reads before it gives up (see
/// [`walk_names`]).
const WALK_BUDGET: usize = 8192;

/// The ORDER BY that sorts as the core's listing does, or `None` when SQL cannot.
fn order_by(sort: SortKey, descending: bool) -> Option<String> {
    let d = if descending { " DESC" } else { "" };
    let primary = match sort {
        SortKey::Name => return Some(format!("c.name_f{d}, c.id")),
        SortKey::Code | SortKey::Email | SortKey::Phone | SortKey::Contact => {
            let col = match sort {
                SortKey::Code => "c.code_f",
                SortKey::Email => "c.email_f",
                SortKey::Phone => "c.phone_f",
                _ => "c.contact_f",
            };
            // Absent values after present ones (before them, reversed).
            format!("{col} IS NULL{d}, {col}{d}")
        }
        SortKey::Active => format!("c.active{}", if descending { "" } else { " DESC" }),
        SortKey::Orders => format!("c.orders_n{d}"),
        SortKey::LastOrder => format!("c.last_s IS NOT NULL{d}, c.last_s{d}, c.last_ns{d}"),
        SortKey::CreatedAt => format!("c.created_s{d}, c.created_ns{d}"),
        SortKey::Amount | SortKey::OrderWebAccess => return None,
    };
    Some(format!("{primary}, c.name_f, c.id"))
}

/// An FTS5 string: the term as one phrase.
fn phrase(term: &str) -> String {
    format!("\"{}\"", term.replace('"', "\"\""))
}

/// C5/C6, W4: one page of workspace `ws`'s customers, as the core's listing answers it.
pub fn list(conn: &Connection, ws: i64, q: &CustomerQuery) -> Result<Page<Customer>> {
    q.validate()?;
    let mut filters = vec!["c.ws = ?".to_owned()];
    let mut args: Vec<Box<dyn ToSql>> = vec![Box::new(ws)];
    match q.filter {
        StatusFilter::Active => filters.push("c.active = 1".into()),
        StatusFilter::Inactive => filters.push("c.active = 0".into()),
        StatusFilter::All => {}
    }
    if let Viewer::Guest(user) = q.viewer {
        filters.push("c.managed_by = ?".into());
        args.push(Box::new(user.to_string()));
    }
    match q.kind {
        Some(CustomerKind::Customer) => filters.push("c.placed = 1".into()),
        Some(CustomerKind::Lead) => filters.push("c.placed = 0".into()),
        None => {}
    }
    let mut exact = true;
    let mut searched = false;
    // Where the search index's condition and the exact rule are in `filters`.
    let (mut fts_at, mut match_at) = (None, None);
    // A tag holding TAG_SEP (a control character) is refused by `validate` (R4).
    if let Some(tag) = q.tag.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(code_key) {
        filters.push("instr(c.tags_k, ?) > 0".into());
        args.push(Box::new(format!("{TAG_SEP}{tag}{TAG_SEP}")));
    }
    if let Some(term) = q.search.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(search_fold) {
        if term.chars().count() >= TRIGRAM {
            let table = search_table(ws);
            fts_at = Some(filters.len());
            filters.push(format!("c.seq IN (SELECT rowid FROM {table} WHERE {table} MATCH ?)"));
            args.push(Box::new(phrase(&term)));
            // The index's matches lead: `+` keeps the planner from walking every row of the
            // workspace through an index on `ws` (which it takes, without statistics, for a
            // selective one).
            filters[0] = "+c.ws = ?".into();
            searched = true;
        }
        // The exact rule (a substring of a folded field) on the candidates.
        match_at = Some(filters.len());
        filters.push(
            "(instr(c.name_f, ?1) > 0 OR instr(c.code_f, ?1) > 0 OR instr(c.email_f, ?1) > 0
              OR instr(c.phone_f, ?1) > 0 OR instr(c.contact_f, ?1) > 0)"
                .replace("?1", &format!("?{}", args.len() + 1)),
        );
        args.push(Box::new(term));
    }
    if q.address.as_deref().is_some_and(|a| !a.trim().is_empty()) {
        exact = false;
    }
    // Every `?` numbered in order, so the term's placeholder (numbered already, and pushed last)
    // may repeat.
    let mut n = 0;
    let filters: Vec<String> = filters
        .into_iter()
        .map(|f| {
            let mut out = String::new();
            let mut chars = f.chars().peekable();
            while let Some(ch) = chars.next() {
                out.push(ch);
                if ch == '?' && !chars.peek().is_some_and(char::is_ascii_digit) {
                    n += 1;
                    out.push_str(&n.to_string());
                }
            }
            out
        })
        .collect();
    let filter = filters.join(" AND ");
    let params: Vec<&dyn ToSql> = args.iter().map(|a| a.as_ref()).collect();
    let order = order_by(q.sort, q.descending).filter(|_| exact);
    let Some(order) = order else {
        // What SQL cannot answer exactly: the rows SQL can narrow to, listed by the core.
        let rows: Vec<Customer> =
            docs_of(conn, &format!("SELECT c.doc FROM customers c WHERE {filter} ORDER BY c.seq"), &params)?;
        return core_list(rows, q);
    };
    // W4: with a count limit, count only up to one past it; `Some(total)` when that reached
    // the end of the matches (the exact total), `None` when more match than the limit.
    let counted = match q.count_limit {
        None => None,
        Some(_) => {
            let cap = q.count_cap();
            let capped = capped_count(conn, ws, &filters, fts_at, &params, args.len(), cap)?;
            if capped >= cap {
                let (total, total_exact) = q.bounded_total(capped);
                if searched && q.sort == SortKey::Name {
                    let walked = walk_names(conn, &filters, fts_at, match_at, &order, &params, q)?;
                    if let Some(seqs) = walked {
                        let items = docs_by_seq(conn, &seqs)?;
                        return Ok(Page { items, total, total_exact, offset: q.offset, limit: q.limit });
                    }
                }
                if !searched {
                    let items = page_docs(conn, &filter, &order, &params, args.len(), q)?;
                    return Ok(Page { items, total, total_exact, offset: q.offset, limit: q.limit });
                }
                None
            } else {
                Some(capped)
            }
        }
    };
    if searched {
        // The matches are what the search index found: one pass over them, in order, keeping
        // only their rowids; then the page's records.
        let mut stmt = conn
            .prepare_cached(&format!("SELECT c.seq FROM customers c WHERE {filter} ORDER BY {order}"))
            .map_err(db)?;
        let seqs: Vec<i64> = stmt
            .query_map(params.as_slice(), |r| r.get(0))
            .map_err(db)?
            .collect::<rusqlite::Result<_>>()
            .map_err(db)?;
        let page: Vec<i64> = seqs.iter().skip(q.offset).take(q.limit).copied().collect();
        let items = docs_by_seq(conn, &page)?;
        let (total, total_exact) = q.bounded_total(seqs.len());
        return Ok(Page { items, total, total_exact, offset: q.offset, limit: q.limit });
    }
    let total = match counted {
        Some(total) => total,
        None => {
            let total: i64 = conn
                .prepare_cached(&format!("SELECT count(*) FROM customers c WHERE {filter}"))
                .map_err(db)?
                .query_row(params.as_slice(), |r| r.get(0))
                .map_err(db)?;
            usize::try_from(total).unwrap_or_default()
        }
    };
    let items = if q.offset >= total { Vec::new() } else { page_docs(conn, &filter, &order, &params, args.len(), q)? };
    let (total, total_exact) = q.bounded_total(total);
    Ok(Page { items, total, total_exact, offset: q.offset, limit: q.limit })
}

/// The records of these rows, in this order.
fn docs_by_seq(conn: &Connection, seqs: &[i64]) -> Result<Vec<Customer>> {
    let mut items = Vec::with_capacity(seqs.len());
    for seq in seqs {
        items.extend(crate::records::doc_of::<Customer>(conn, "SELECT doc FROM customers WHERE seq = ?1", &[seq])?);
    }
    Ok(items)
}

/// The query's page by SQL's LIMIT and OFFSET (`at`: the parameters bound so far).
fn page_docs(
    conn: &Connection,
    filter: &str,
    order: &str,
    params: &[&dyn ToSql],
    at: usize,
    q: &CustomerQuery,
) -> Result<Vec<Customer>> {
    let (limit, offset) = (q.limit as i64, i64::try_from(q.offset).unwrap_or(i64::MAX));
    let mut page_params = params.to_vec();
    page_params.push(&limit);
    page_params.push(&offset);
    docs_of(
        conn,
        &format!("SELECT c.doc FROM customers c WHERE {filter} ORDER BY {order} LIMIT ?{} OFFSET ?{}", at + 1, at + 2),
        &page_params,
    )
}

/// W4: how many rows match, counting no further than `cap`. A search is driven by the search
/// index (joined, so it stops at the cap rather than collecting every match first).
fn capped_count(
    conn: &Connection,
    ws: i64,
    filters: &[String],
    fts_at: Option<usize>,
    params: &[&dyn ToSql],
    at: usize,
    cap: usize,
) -> Result<usize> {
    let cap = i64::try_from(cap).unwrap_or(i64::MAX);
    let mut with_cap = params.to_vec();
    with_cap.push(&cap);
    let sql = match fts_at {
        Some(i) => {
            let table = search_table(ws);
            let fts = filters[i]
                .strip_prefix(&format!("c.seq IN (SELECT rowid FROM {table} WHERE "))
                .and_then(|f| f.strip_suffix(')'))
                .unwrap_or_default()
                .to_owned();
            let mut rest: Vec<&str> = filters.iter().map(String::as_str).collect();
            rest[i] = &fts;
            format!(
                "SELECT count(*) FROM (SELECT 1 FROM {table} JOIN customers c ON c.seq = {table}.rowid WHERE {} \
                 LIMIT ?{})",
                rest.join(" AND "),
                at + 1
            )
        }
        None => format!(
            "SELECT count(*) FROM (SELECT 1 FROM customers c WHERE {} LIMIT ?{})",
            filters.join(" AND "),
            at + 1
        ),
    };
    let n: i64 = conn.prepare_cached(&sql).map_err(db)?.query_row(with_cap.as_slice(), |r| r.get(0)).map_err(db)?;
    Ok(usize::try_from(n).unwrap_or_default())
}

/// W4: the rowids of a searched page by name, walking the workspace's name index and testing
/// each row against the term, until the page is full; `None` when that reads more rows than a
/// page among many matches should (the matches are rarer than the count suggested), so the
/// caller lists them from the search index instead.
fn walk_names(
    conn: &Connection,
    filters: &[String],
    fts_at: Option<usize>,
    match_at: Option<usize>,
    order: &str,
    params: &[&dyn ToSql],
    q: &CustomerQuery,
) -> Result<Option<Vec<i64>>> {
    let Some(m) = match_at else { return Ok(None) };
    let base: Vec<&str> = filters
        .iter()
        .enumerate()
        .filter(|(i, _)| Some(*i) != fts_at && *i != m)
        .map(|(i, f)| if i == 0 { f.trim_start_matches('+') } else { f.as_str() })
        .collect();
    let sql = format!(
        "SELECT c.seq, ifnull({}, 0) FROM customers c WHERE {} ORDER BY {order}",
        filters[m],
        base.join(" AND ")
    );
    let end = q.offset.saturating_add(q.limit);
    let budget = end.saturating_mul(64).max(WALK_BUDGET);
    let mut stmt = conn.prepare_cached(&sql).map_err(db)?;
    let mut rows = stmt.query(params).map_err(db)?;
    let (mut found, mut read, mut seqs) = (0usize, 0usize, Vec::with_capacity(q.limit));
    while let Some(row) = rows.next().map_err(db)? {
        read += 1;
        if read > budget {
            return Ok(None);
        }
        if row.get::<_, bool>(1).map_err(db)? {
            if found >= q.offset {
                seqs.push(row.get::<_, i64>(0).map_err(db)?);
            }
            found += 1;
            if found >= end {
                break;
            }
        }
    }
    Ok(Some(seqs))
}
