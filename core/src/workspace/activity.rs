//! The workspace's entry points for activity (moved from `crate::activity`, which keeps the rules).

#[allow(unused_imports)]
use crate::activity::*;
use crate::customer::Customer;
use crate::error::{Error, Result};
use crate::ids::CustomerId;
use crate::listing::{folded_term, CustomerQuery};
use crate::normalize::search_fold;
use crate::workspace::Workspace;
use std::collections::HashMap;

impl Workspace {
    /// AC1: records what a buyer just did on the portal, at the workspace clock's time.
    /// `CUSTOMER_NOT_FOUND` for an unknown customer.
    pub fn record_activity(&self, customer_id: CustomerId, kind: ActivityKind) -> Result<ActivityEvent> {
        self.get_customer(customer_id)?;
        let event = ActivityEvent { customer_id, kind, at: self.now() };
        self.store.record_activity(&event)?;
        Ok(event)
    }

    /// AC1: engagement over `[start, end)` for the customers the query selects: customers with
    /// clicks, total views, verified, checkout started, orders submitted; and per customer its
    /// last click, views, a 7-day daily trend (the range's last 7 days) and furthest step, and
    /// whether it stalled. `INVALID_ARGUMENT` unless `start` is before `end`.
    ///
    /// ```
    /// use orderlink::*;
    /// let ws = Workspace::in_memory(NewWorkspace::named("Harbour Foods")).unwrap();
    /// let c = ws.create_customer(NewCustomer::named("Corner Deli")).unwrap();
    /// ws.record_activity(c.id, ActivityKind::LinkOpened).unwrap();
    /// let now = chrono::Utc::now();
    /// let s = ws.activity_summary(&ActivityQuery::new(now - chrono::Duration::days(7), now + chrono::Duration::seconds(1))).unwrap();
    /// assert_eq!((s.customers_with_clicks, s.total_views), (1, 1));
    /// assert!(s.customers[0].stalled);
    /// ```
    pub fn activity_summary(&self, query: &ActivityQuery) -> Result<ActivitySummary> {
        if query.start >= query.end {
            return Err(Error::invalid("activity range", "the start must be before the end"));
        }
        let select = CustomerQuery {
            filter: query.filter,
            search: query.search.clone(),
            viewer: query.viewer,
            ..CustomerQuery::default()
        };
        // R4: the search is refused as a list's is (a control character inside it).
        select.validate()?;
        let term = folded_term(query.search.as_deref());
        let events = self.store.activity_between(query.start, query.end)?;
        let mut by_customer: HashMap<CustomerId, Vec<&ActivityEvent>> = HashMap::new();
        for e in &events {
            by_customer.entry(e.customer_id).or_default().push(e);
        }
        let known: HashMap<CustomerId, Customer> = self.store.all_customers()?.into_iter().map(|c| (c.id, c)).collect();
        let days = trend_days(query.end);
        let mut customers = Vec::new();
        let (mut verified, mut checkout_started, mut orders_submitted) = (0, 0, 0);
        for (id, mut mine) in by_customer {
            // Events of a customer deleted since (C7) have no one to show them against.
            let Some(customer) = known.get(&id).filter(|c| select.matches(c, term.as_deref())) else { continue };
            mine.sort_by_key(|e| e.at);
            let has = |k: ActivityKind| mine.iter().any(|e| e.kind == k);
            verified += u64::from(has(ActivityKind::VerificationPassed));
            checkout_started += u64::from(has(ActivityKind::CheckoutStarted));
            orders_submitted += mine.iter().filter(|e| e.kind == ActivityKind::OrderSubmitted).count() as u64;
            customers.extend(customer_activity(customer, &mine, &days));
        }
        customers.sort_by(|a, b| {
            b.last_activity_at
                .cmp(&a.last_activity_at)
                .then_with(|| search_fold(&a.name).cmp(&search_fold(&b.name)))
                .then_with(|| a.customer_id.cmp(&b.customer_id))
        });
        Ok(ActivitySummary {
            start: query.start,
            end: query.end,
            customers_with_clicks: customers.iter().filter(|c| c.views > 0).count() as u64,
            total_views: customers.iter().map(|c| c.views).sum(),
            verified,
            checkout_started,
            orders_submitted,
            trend_days: days,
            customers,
        })
    }
}
