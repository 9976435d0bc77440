//! Listing customers (C5, C6): filter, search, sort and pagination as one pure function, so
//! every store that does not push the query down gets exactly the same answer.

use crate::customer::{code_key, Customer, CustomerKind};
use crate::error::{Error, Result};
use crate::ids::{CustomerId, UserId};
use crate::normalize::search_fold;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

/// C5: which customers by status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusFilter {
    /// Active customers only (the default view).
    #[default]
    Active,
    /// Inactive customers only.
    Inactive,
    /// Every customer.
    All,
}

/// C5: the grid columns a list can be sorted by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortKey {
    /// By name (the default).
    #[default]
    Name,
    /// By customer code.
    Code,
    /// By email address.
    Email,
    /// By phone number.
    Phone,
    /// By contact person.
    Contact,
    /// By the active flag.
    Active,
    /// By A1 order web access.
    OrderWebAccess,
    /// By number of orders.
    Orders,
    /// By total order amount.
    Amount,
    /// By the date of the last order.
    LastOrder,
    /// By creation time.
    CreatedAt,
}

/// C6: who is looking.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "role", content = "user_id")]
pub enum Viewer {
    /// Sees every customer.
    #[default]
    Admin,
    /// Sees only the customers it manages.
    Guest(UserId),
}

/// The largest page a list returns.
pub const MAX_PAGE_SIZE: usize = 1000;

/// R1: the longest a list query's search, tag or address may be, in characters (after the white
/// space around it is trimmed). Every stored field it could match is shorter (an email is at
/// most 254 bytes, a name 200 characters), and a store's work on a term grows with its length.
pub const QUERY_TEXT_MAX_LEN: usize = 1000;

/// The page size when none is given.
pub const DEFAULT_PAGE_SIZE: usize = 50;

/// A list request. The default is the first 50 active customers by name, as an admin.
///
/// ```
/// use orderlink::{CustomerQuery, StatusFilter};
/// let q = CustomerQuery { filter: StatusFilter::All, search: Some("acme".into()), ..Default::default() };
/// assert_eq!(q.limit, 50);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CustomerQuery {
    /// C5: active (the default), inactive or all customers.
    pub filter: StatusFilter,
    /// C5: a case- and accent-insensitive substring of name, code, email, phone or contact;
    /// blank is no filter.
    pub search: Option<String>,
    /// C5: the column to sort by (name by default).
    pub sort: SortKey,
    /// Sort from the largest value down.
    pub descending: bool,
    /// How many matching customers to skip.
    pub offset: usize,
    /// The page size: 1 to [`MAX_PAGE_SIZE`] (default 50); anything else is `INVALID_ARGUMENT`.
    pub limit: usize,
    /// C6: an admin sees every customer, a guest only those it manages.
    pub viewer: Viewer,
    /// Only customers with this tag (compared without case); blank is no filter.
    pub tag: Option<String>,
    /// Only leads (no placed order yet) or only customers (at least one); `None`: both.
    pub kind: Option<CustomerKind>,
    /// Advanced search: a case- and accent-insensitive substring of any field of any of the
    /// customer's addresses; blank is no filter.
    pub address: Option<String>,
    /// W4: count matches only up to this many (as Elasticsearch's `track_total_hits`), so a
    /// page of a large workspace costs what the page and the limit need. `None` (the default):
    /// [`Page::total`] is exact. `Some(n)`: when more than `n` match, the total is `n` and
    /// [`Page::total_exact`] is false; the items are the right page either way. `Some(0)` is
    /// `INVALID_ARGUMENT`.
    pub count_limit: Option<usize>,
}

impl Default for CustomerQuery {
    fn default() -> Self {
        CustomerQuery {
            filter: StatusFilter::Active,
            search: None,
            sort: SortKey::Name,
            descending: false,
            offset: 0,
            limit: DEFAULT_PAGE_SIZE,
            viewer: Viewer::Admin,
            tag: None,
            kind: None,
            address: None,
            count_limit: None,
        }
    }
}

/// A page of results and the total matching the query (before paging).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Page<T> {
    /// This page's items, in the query's order.
    pub items: Vec<T>,
    /// How many items match the query in all (C5: placeholders never count); with a
    /// [`CustomerQuery::count_limit`] of `n` and more than `n` matching, `n`.
    pub total: usize,
    /// W4: whether [`Page::total`] is the exact count: true unless a count limit was reached.
    pub total_exact: bool,
    /// The offset asked for.
    pub offset: usize,
    /// The page size asked for.
    pub limit: usize,
}

impl CustomerQuery {
    /// Refuses a page size of 0 or above [`MAX_PAGE_SIZE`], a count limit of 0, (R4) a search,
    /// tag or address holding a NUL or another control character inside it (`TEXT_INVALID`):
    /// no stored text holds one, and not every store can take one in a query; and (R1) one
    /// longer than [`QUERY_TEXT_MAX_LEN`] characters (`INVALID_ARGUMENT`).
    pub fn validate(&self) -> Result<()> {
        if self.limit == 0 || self.limit > MAX_PAGE_SIZE {
            return Err(Error::invalid("limit", format!("must be between 1 and {MAX_PAGE_SIZE}, got {}", self.limit)));
        }
        if self.count_limit == Some(0) {
            return Err(Error::invalid("count_limit", "must be at least 1 (or none, for an exact total)"));
        }
        for (field, text) in [("search", &self.search), ("tag", &self.tag), ("address", &self.address)] {
            if let Some(text) = text {
                // White space around it (a pasted cell's tab or line break) is trimmed off anyway.
                let text = text.trim();
                crate::text::check(field, text, crate::text::Lines::Single)?;
                if text.chars().nth(QUERY_TEXT_MAX_LEN).is_some() {
                    return Err(Error::invalid(field, format!("must be at most {QUERY_TEXT_MAX_LEN} characters")));
                }
            }
        }
        Ok(())
    }

    /// W4: the page's total and whether it is exact, given how many customers match
    /// (`found`, or at least that many when more were not counted).
    pub fn bounded_total(&self, found: usize) -> (usize, bool) {
        match self.count_limit {
            Some(n) if found > n => (n, false),
            _ => (found, true),
        }
    }

    /// W4: how many matches a store counts before it stops: one past the count limit (so it
    /// knows whether the limit was passed); `usize::MAX` for an exact total.
    pub fn count_cap(&self) -> usize {
        self.count_limit.map_or(usize::MAX, |n| n.saturating_add(1))
    }

    /// C5/C6: whether one customer is in the result.
    pub fn matches(&self, c: &Customer, folded_term: Option<&str>) -> bool {
        let status_ok = match self.filter {
            StatusFilter::Active => c.active,
            StatusFilter::Inactive => !c.active,
            StatusFilter::All => true,
        };
        let viewer_ok = match self.viewer {
            Viewer::Admin => true,
            Viewer::Guest(user) => c.managed_by == Some(user),
        };
        status_ok
            && viewer_ok
            && folded_term.is_none_or(|t| search_matches(c, t))
            && self.kind.is_none_or(|k| c.kind() == k)
            && self.detail_matches(c)
    }

    /// The tag filter and the address search.
    fn detail_matches(&self, c: &Customer) -> bool {
        let tag = self.tag.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(code_key);
        let tag_ok = tag.is_none_or(|t| c.tags.iter().any(|have| code_key(have) == t));
        tag_ok && folded_term(self.address.as_deref()).is_none_or(|t| c.addresses.iter().any(|a| a.matches(&t)))
    }
}

/// C5: the search term, folded; a blank term is no term.
pub(crate) fn folded_term(search: Option<&str>) -> Option<String> {
    search.map(str::trim).filter(|t| !t.is_empty()).map(search_fold)
}

/// C5: the fields a search term is matched against, in this order: name, code, email, phone,
/// contact (a store that keeps them folded keeps this order; see [`sort_field`]). A store that
/// answers searches itself reads the fields from here, so every store searches the same ones.
pub fn search_fields(c: &Customer) -> [Option<&str>; 5] {
    [
        Some(c.name.as_str()),
        c.code.as_deref(),
        c.email.as_ref().map(|e| e.as_str()),
        c.phone.as_deref(),
        c.contact.as_deref(),
    ]
}

/// C5: the index in [`search_fields`] of a text column a list sorts by (compared folded,
/// absent after present), `None` for the other columns.
pub(crate) fn sort_field(key: SortKey) -> Option<usize> {
    match key {
        SortKey::Name => Some(0),
        SortKey::Code => Some(1),
        SortKey::Email => Some(2),
        SortKey::Phone => Some(3),
        SortKey::Contact => Some(4),
        _ => None,
    }
}

fn search_matches(c: &Customer, folded_term: &str) -> bool {
    search_fields(c).into_iter().flatten().any(|f| search_fold(f).contains(folded_term))
}

/// C5: the order of two listed rows, given how the query's column compares them: that column
/// (reversed when descending), then the folded name, then the id, so equal rows never swap
/// between pages.
pub(crate) fn ordering(
    query: &CustomerQuery,
    primary: Ordering,
    (an, a): (&str, CustomerId),
    (bn, b): (&str, CustomerId),
) -> Ordering {
    let primary = if query.descending { primary.reverse() } else { primary };
    primary.then_with(|| an.cmp(bn)).then_with(|| a.cmp(&b))
}

/// C5: text columns compare folded values; absent values sort after present ones.
pub(crate) fn absent_last(a: Option<&str>, b: Option<&str>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.cmp(b),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// C5: the whole list operation over every customer of a workspace.
pub fn list(customers: impl IntoIterator<Item = Customer>, query: &CustomerQuery) -> Result<Page<Customer>> {
    query.validate()?;
    let term = folded_term(query.search.as_deref());
    let mut rows: Vec<(String, Customer)> = customers
        .into_iter()
        .filter(|c| query.matches(c, term.as_deref()))
        .map(|c| (search_fold(&c.name), c))
        .collect();
    rows.sort_by(|(an, a), (bn, b)| {
        let primary = match query.sort {
            SortKey::Name => an.cmp(bn),
            key => compare_column(key, a, b),
        };
        ordering(query, primary, (an, a.id), (bn, b.id))
    });
    let (total, total_exact) = query.bounded_total(rows.len());
    let items = rows.into_iter().skip(query.offset).take(query.limit).map(|(_, c)| c).collect();
    Ok(Page { items, total, total_exact, offset: query.offset, limit: query.limit })
}

/// C5: how two customers compare on one grid column (before the name and id tie-breaks).
pub(crate) fn compare_column(key: SortKey, a: &Customer, b: &Customer) -> Ordering {
    fn text(a: Option<&str>, b: Option<&str>) -> Ordering {
        absent_last(a.map(search_fold).as_deref(), b.map(search_fold).as_deref())
    }
    match key {
        SortKey::Name => search_fold(&a.name).cmp(&search_fold(&b.name)),
        SortKey::Code => text(a.code.as_deref(), b.code.as_deref()),
        SortKey::Email => text(a.email.as_ref().map(|e| e.as_str()), b.email.as_ref().map(|e| e.as_str())),
        SortKey::Phone => text(a.phone.as_deref(), b.phone.as_deref()),
        SortKey::Contact => text(a.contact.as_deref(), b.contact.as_deref()),
        SortKey::Active => b.active.cmp(&a.active),
        SortKey::OrderWebAccess => a.order_web_access().cmp(&b.order_web_access()),
        SortKey::Orders => a.stats.orders.cmp(&b.stats.orders),
        SortKey::Amount => a.stats.amount.cmp(&b.stats.amount),
        SortKey::LastOrder => a.stats.last_order_at.cmp(&b.stats.last_order_at),
        SortKey::CreatedAt => a.created_at.cmp(&b.created_at),
    }
}
