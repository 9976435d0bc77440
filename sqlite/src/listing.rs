//! W4: a page of customers served by SQL: the filters, the search and the sort run over the
//! folded list columns and the workspace's trigram index, and only the page's documents are
//! read. The answer is the core's [`orderlink::listing::list`], row for row (the conformance
//! suite checks); what SQL cannot order exactly as the core does (the amount, order web access)
//! or filter (addresses) is filtered as far as SQL can, then handed to the core's listing.

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
    if let Some(tag) = q.tag.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(code_key) {
        if tag.contains(TAG_SEP) {
            exact = false; // the core's listing filters it
        } else {
            filters.push("instr(c.tags_k, ?) > 0".into());
            args.push(Box::new(format!("{TAG_SEP}{tag}{TAG_SEP}")));
        }
    }
    if let Some(term) = q.search.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(search_fold) {
        if term.chars().count() >= TRIGRAM {
            let table = search_table(ws);
            filters.push(format!("c.seq IN (SELECT rowid FROM {table} WHERE {table} MATCH ?)"));
            args.push(Box::new(phrase(&term)));
            // The index's matches lead: `+` keeps the planner from walking every row of the
            // workspace through an index on `ws` (which it takes, without statistics, for a
            // selective one).
            filters[0] = "+c.ws = ?".into();
            searched = true;
        }
        // The exact rule (a substring of a folded field) on the candidates.
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
        let mut items = Vec::new();
        for seq in seqs.iter().skip(q.offset).take(q.limit) {
            items.extend(crate::records::doc_of::<Customer>(conn, "SELECT doc FROM customers WHERE seq = ?1", &[seq])?);
        }
        return Ok(Page { items, total: seqs.len(), offset: q.offset, limit: q.limit });
    }
    let total: i64 = conn
        .prepare_cached(&format!("SELECT count(*) FROM customers c WHERE {filter}"))
        .map_err(db)?
        .query_row(params.as_slice(), |r| r.get(0))
        .map_err(db)?;
    let total = usize::try_from(total).unwrap_or_default();
    let items = if q.offset >= total {
        Vec::new()
    } else {
        let (limit, offset) = (q.limit as i64, i64::try_from(q.offset).unwrap_or(i64::MAX));
        let mut page_params = params.clone();
        page_params.push(&limit);
        page_params.push(&offset);
        let at = args.len();
        docs_of(
            conn,
            &format!(
                "SELECT c.doc FROM customers c WHERE {filter} ORDER BY {order} LIMIT ?{} OFFSET ?{}",
                at + 1,
                at + 2
            ),
            &page_params,
        )?
    };
    Ok(Page { items, total, offset: q.offset, limit: q.limit })
}
