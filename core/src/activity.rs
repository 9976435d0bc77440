//! Portal engagement (AC1): events recorded per customer as buyers use their links, and a
//! summary over a date range: five counters, and per customer its last click, views, a 7-day
//! daily trend and the furthest step reached, with who has stalled.

use crate::customer::Customer;
use crate::error::{Error, Result};
use crate::ids::CustomerId;
use crate::listing::{StatusFilter, Viewer};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// AC1: the days of the daily trend.
pub const TREND_DAYS: usize = 7;

/// AC1: what a buyer did on the portal. The steps are ordered as a buyer meets them, so the
/// furthest step reached is the greatest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActivityKind {
    /// The order link was opened (a click, a view).
    LinkOpened,
    /// CT3: a checkout link was opened; counted as a click and a view like `LinkOpened`.
    CheckoutLinkOpened,
    /// "Is this you? Yes, Start Ordering" was confirmed.
    ConfirmationPassed,
    /// A3: the strict-mode email verification was passed.
    VerificationPassed,
    /// Checkout was started.
    CheckoutStarted,
    /// An order was submitted.
    OrderSubmitted,
}

impl ActivityKind {
    /// Every kind, in step order.
    pub const ALL: [ActivityKind; 6] = [
        ActivityKind::LinkOpened,
        ActivityKind::CheckoutLinkOpened,
        ActivityKind::ConfirmationPassed,
        ActivityKind::VerificationPassed,
        ActivityKind::CheckoutStarted,
        ActivityKind::OrderSubmitted,
    ];

    /// The kind named `name` (`"link_opened"` …), or `INVALID_ARGUMENT` listing the names.
    ///
    /// ```
    /// use orderlink::ActivityKind;
    /// assert_eq!(ActivityKind::parse("checkout_started").unwrap(), ActivityKind::CheckoutStarted);
    /// assert_eq!(ActivityKind::parse("clicked").unwrap_err().code(), "INVALID_ARGUMENT");
    /// ```
    pub fn parse(name: &str) -> Result<ActivityKind> {
        ActivityKind::ALL.into_iter().find(|k| k.as_str() == name.trim()).ok_or_else(|| {
            let names: Vec<&str> = ActivityKind::ALL.iter().map(|k| k.as_str()).collect();
            Error::invalid("activity kind", format!("'{}' is not one of {}", crate::link::clip(name), names.join(", ")))
        })
    }

    /// AC1: whether the event is a link open (an order link's or a checkout link's).
    pub fn is_open(self) -> bool {
        matches!(self, ActivityKind::LinkOpened | ActivityKind::CheckoutLinkOpened)
    }

    /// The kind's name as every language spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            ActivityKind::LinkOpened => "link_opened",
            ActivityKind::CheckoutLinkOpened => "checkout_link_opened",
            ActivityKind::ConfirmationPassed => "confirmation_passed",
            ActivityKind::VerificationPassed => "verification_passed",
            ActivityKind::CheckoutStarted => "checkout_started",
            ActivityKind::OrderSubmitted => "order_submitted",
        }
    }
}

/// AC1: one engagement event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityEvent {
    /// The customer whose link it happened on.
    pub customer_id: CustomerId,
    /// Which step of the portal was reached.
    pub kind: ActivityKind,
    /// When it happened (UTC).
    pub at: DateTime<Utc>,
}

/// AC1: which activity to summarise: events at `start` or later and before `end`, of the
/// customers the status filter, search and viewer select, as the customer list selects them
/// (C5, C6). The filter defaults to All: engagement is shown for every customer.
///
/// ```
/// use orderlink::{ActivityQuery, StatusFilter};
/// let q = ActivityQuery::new("2026-03-01T00:00:00Z".parse().unwrap(), "2026-03-08T00:00:00Z".parse().unwrap());
/// assert_eq!(q.filter, StatusFilter::All);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActivityQuery {
    /// Events at this time or later count.
    pub start: DateTime<Utc>,
    /// Exclusive.
    pub end: DateTime<Utc>,
    /// C5: which customers to include; All by default, unlike the customer list.
    #[serde(default = "all")]
    pub filter: StatusFilter,
    /// C5: the customer list's search: a case- and accent-insensitive substring.
    #[serde(default)]
    pub search: Option<String>,
    /// C6: a guest sees only the customers it manages.
    #[serde(default)]
    pub viewer: Viewer,
}

fn all() -> StatusFilter {
    StatusFilter::All
}

impl ActivityQuery {
    /// Every customer's activity from `start` until (not including) `end`.
    pub fn new(start: DateTime<Utc>, end: DateTime<Utc>) -> Self {
        ActivityQuery { start, end, filter: StatusFilter::All, search: None, viewer: Viewer::Admin }
    }
}

/// AC1: one customer's activity in the range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerActivity {
    /// The customer whose link saw the activity.
    pub customer_id: CustomerId,
    /// Its name, to show in the report.
    pub name: String,
    /// The last time the link was opened, if it was.
    pub last_click: Option<DateTime<Utc>>,
    /// The time of the customer's newest event.
    pub last_activity_at: DateTime<Utc>,
    /// How many times the link was opened.
    pub views: u64,
    /// Views per day over the summary's `trend_days`, oldest first.
    pub trend: Vec<u64>,
    /// The furthest step reached.
    pub furthest_step: ActivityKind,
    /// The link was opened or checkout started, and no order was submitted since.
    pub stalled: bool,
}

/// AC1: engagement over a date range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivitySummary {
    /// The range's start, as asked.
    pub start: DateTime<Utc>,
    /// The range's end (exclusive), as asked.
    pub end: DateTime<Utc>,
    /// Customers who opened their link at least once.
    pub customers_with_clicks: u64,
    /// Link opens, all told.
    pub total_views: u64,
    /// Customers who passed email verification.
    pub verified: u64,
    /// Customers who started checkout.
    pub checkout_started: u64,
    /// Orders submitted, all told.
    pub orders_submitted: u64,
    /// The 7 UTC days of the trend: the last 7 days of the range, oldest first (days before
    /// `start` count nothing).
    pub trend_days: Vec<NaiveDate>,
    /// Each customer with activity, the most recently active first (then by name).
    pub customers: Vec<CustomerActivity>,
}

/// AC1: the 7 UTC days ending with the day of the range's last instant.
pub(crate) fn trend_days(end: DateTime<Utc>) -> Vec<NaiveDate> {
    let last = (end - Duration::nanoseconds(1)).date_naive();
    (0..TREND_DAYS as u64).rev().filter_map(|back| last.checked_sub_days(chrono::Days::new(back))).collect()
}

/// AC1: one customer's events (oldest first) summarised.
pub(crate) fn customer_activity(
    customer: &Customer,
    events: &[&ActivityEvent],
    days: &[NaiveDate],
) -> Option<CustomerActivity> {
    let last = events.last()?;
    // AC1, CT3: a checkout-link open counts as a click and a view, like an order-link open.
    let opens: Vec<&&ActivityEvent> = events.iter().filter(|e| e.kind.is_open()).collect();
    let mut trend = vec![0; days.len()];
    for e in &opens {
        if let Some(i) = days.iter().position(|d| *d == e.at.date_naive()) {
            trend[i] += 1;
        }
    }
    let newest = |kinds: &[ActivityKind]| events.iter().filter(|e| kinds.contains(&e.kind)).map(|e| e.at).max();
    let engaged = newest(&[ActivityKind::LinkOpened, ActivityKind::CheckoutLinkOpened, ActivityKind::CheckoutStarted]);
    let ordered = newest(&[ActivityKind::OrderSubmitted]);
    Some(CustomerActivity {
        customer_id: customer.id,
        name: customer.name.clone(),
        last_click: opens.last().map(|e| e.at),
        last_activity_at: last.at,
        views: opens.len() as u64,
        trend,
        furthest_step: events.iter().map(|e| e.kind).max().unwrap_or(last.kind),
        stalled: engaged.is_some_and(|e| ordered.is_none_or(|o| o < e)),
    })
}
