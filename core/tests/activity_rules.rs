//! Rule tests for portal engagement (AC1).

use chrono::{DateTime, Duration, NaiveDate, Utc};
use orderlink::ActivityKind::*;
use orderlink::*;
use std::sync::Arc;

fn t0() -> DateTime<Utc> {
    "2026-03-01T09:00:00Z".parse().expect("time")
}

fn ws() -> (Workspace, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::new(t0()));
    let env = Env::new(clock.clone(), Arc::new(SeededRandom::new(6)));
    (Workspace::create(Arc::new(MemoryStore::new()), env, NewWorkspace::named("Harbour Foods")).expect("ws"), clock)
}

fn customer(ws: &Workspace, name: &str) -> Customer {
    ws.create_customer(NewCustomer::named(name)).expect("create")
}

/// The week of 2026-03-01 (a Sunday) to 2026-03-08, midnight to midnight UTC.
fn week() -> ActivityQuery {
    ActivityQuery::new("2026-03-01T00:00:00Z".parse().unwrap(), "2026-03-08T00:00:00Z".parse().unwrap())
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
}

fn of(summary: &ActivitySummary, id: CustomerId) -> &CustomerActivity {
    summary.customers.iter().find(|c| c.customer_id == id).expect("customer in summary")
}

#[test]
fn ac1_record_activity_uses_the_clock_and_needs_a_customer() {
    let (ws, clock) = ws();
    let c = customer(&ws, "Deli");
    clock.advance(Duration::minutes(5));
    let e = ws.record_activity(c.id, CheckoutStarted).unwrap();
    assert_eq!((e.customer_id, e.kind, e.at), (c.id, CheckoutStarted, t0() + Duration::minutes(5)));
    let err = ws.record_activity(CustomerId(uuid::Uuid::nil()), LinkOpened).unwrap_err();
    assert_eq!(err.code(), "CUSTOMER_NOT_FOUND");
}

#[test]
fn ac1_summary_counts_the_five_counters() {
    let (ws, clock) = ws();
    let (a, b, c, d) =
        (customer(&ws, "Alpha"), customer(&ws, "Bravo"), customer(&ws, "Charlie"), customer(&ws, "Delta"));
    for kind in [LinkOpened, ConfirmationPassed, VerificationPassed, CheckoutStarted, OrderSubmitted, LinkOpened] {
        ws.record_activity(a.id, kind).unwrap();
    }
    ws.record_activity(a.id, OrderSubmitted).unwrap();
    clock.advance(Duration::hours(1));
    for kind in [LinkOpened, VerificationPassed, VerificationPassed, CheckoutStarted, CheckoutStarted] {
        ws.record_activity(b.id, kind).unwrap();
    }
    ws.record_activity(c.id, LinkOpened).unwrap();
    ws.record_activity(d.id, ConfirmationPassed).unwrap(); // no click recorded
    let s = ws.activity_summary(&week()).unwrap();
    assert_eq!(s.customers_with_clicks, 3, "Alpha, Bravo, Charlie opened their links");
    assert_eq!(s.total_views, 4);
    assert_eq!(s.verified, 2, "customers, not events");
    assert_eq!(s.checkout_started, 2, "customers, not events");
    assert_eq!(s.orders_submitted, 2, "orders, not customers");
    assert_eq!(s.customers.len(), 4);
}

#[test]
fn ac1_per_customer_last_click_views_trend_and_furthest_step() {
    let (ws, clock) = ws();
    let c = customer(&ws, "Deli");
    // 2026-03-01 09:00: two opens; 03-03: one open and checkout; 03-07 23:59: one open.
    ws.record_activity(c.id, LinkOpened).unwrap();
    ws.record_activity(c.id, LinkOpened).unwrap();
    clock.advance(Duration::days(2));
    ws.record_activity(c.id, LinkOpened).unwrap();
    ws.record_activity(c.id, CheckoutStarted).unwrap();
    let last: DateTime<Utc> = "2026-03-07T23:59:00Z".parse().unwrap();
    clock.set(last);
    ws.record_activity(c.id, LinkOpened).unwrap();
    let s = ws.activity_summary(&week()).unwrap();
    assert_eq!(s.trend_days, (1..=7).map(day).collect::<Vec<_>>());
    let mine = of(&s, c.id);
    assert_eq!(mine.views, 4);
    assert_eq!(mine.trend, [2, 0, 1, 0, 0, 0, 1]);
    assert_eq!(mine.last_click, Some(last));
    assert_eq!(mine.last_activity_at, last);
    assert_eq!(mine.furthest_step, CheckoutStarted);
    assert_eq!(mine.name, "Deli");
}

#[test]
fn ac1_trend_is_the_last_seven_utc_days_of_the_range() {
    let (ws, clock) = ws();
    let c = customer(&ws, "Deli");
    clock.set("2026-03-02T12:00:00Z".parse().unwrap());
    ws.record_activity(c.id, LinkOpened).unwrap();
    clock.set("2026-03-10T08:00:00Z".parse().unwrap());
    ws.record_activity(c.id, LinkOpened).unwrap();
    // A range of 3 days and a bit: the 7 days end with the day of its last instant (03-10), and
    // days before the start count nothing.
    let q = ActivityQuery::new("2026-03-08T00:00:00Z".parse().unwrap(), "2026-03-10T10:00:00Z".parse().unwrap());
    let s = ws.activity_summary(&q).unwrap();
    assert_eq!(s.trend_days, (4..=10).map(day).collect::<Vec<_>>());
    assert_eq!(of(&s, c.id).trend, [0, 0, 0, 0, 0, 0, 1]);
    assert_eq!(of(&s, c.id).views, 1, "the 03-02 open is outside the range");
    // A range ending exactly at midnight ends with the day before.
    let q = ActivityQuery::new("2026-02-01T00:00:00Z".parse().unwrap(), "2026-03-11T00:00:00Z".parse().unwrap());
    let s = ws.activity_summary(&q).unwrap();
    assert_eq!(s.trend_days.last(), Some(&day(10)));
    assert_eq!(of(&s, c.id).trend, [0, 0, 0, 0, 0, 0, 1], "03-02 is before the trend's 7 days");
    assert_eq!(of(&s, c.id).views, 2);
}

#[test]
fn ac1_stalled_means_opened_or_started_checkout_with_no_order_since() {
    let (ws, clock) = ws();
    let opened = customer(&ws, "Opened");
    let ordered = customer(&ws, "Ordered");
    let came_back = customer(&ws, "Came Back");
    let confirmed_only = customer(&ws, "Confirmed Only");
    let checkout = customer(&ws, "Checkout");
    ws.record_activity(opened.id, LinkOpened).unwrap();
    for kind in [LinkOpened, CheckoutStarted] {
        ws.record_activity(ordered.id, kind).unwrap();
        ws.record_activity(came_back.id, kind).unwrap();
    }
    ws.record_activity(confirmed_only.id, ConfirmationPassed).unwrap();
    ws.record_activity(checkout.id, CheckoutStarted).unwrap();
    clock.advance(Duration::minutes(10));
    ws.record_activity(ordered.id, OrderSubmitted).unwrap();
    ws.record_activity(came_back.id, OrderSubmitted).unwrap();
    clock.advance(Duration::hours(1));
    ws.record_activity(came_back.id, LinkOpened).unwrap();
    let s = ws.activity_summary(&week()).unwrap();
    let stalled = |c: &Customer| of(&s, c.id).stalled;
    assert!(stalled(&opened));
    assert!(!stalled(&ordered));
    assert!(stalled(&came_back), "opened again after its order");
    assert!(!stalled(&confirmed_only), "never opened nor started checkout");
    assert!(stalled(&checkout));
    assert_eq!(of(&s, came_back.id).furthest_step, OrderSubmitted);
    assert_eq!(of(&s, opened.id).furthest_step, LinkOpened);
}

#[test]
fn ac1_filter_by_status_and_search_like_the_customer_list() {
    let (ws, _) = ws();
    let cafe =
        ws.create_customer(NewCustomer { code: Some("C-9".into()), ..NewCustomer::named("Café Crème") }).unwrap();
    let bakery = customer(&ws, "Bakery");
    let gone = customer(&ws, "Sleepy Cafe");
    for c in [&cafe, &bakery, &gone] {
        ws.record_activity(c.id, LinkOpened).unwrap();
    }
    ws.update_customer(gone.id, CustomerPatch { active: Some(false), ..Default::default() }).unwrap();
    let ids = |q: &ActivityQuery| -> Vec<CustomerId> {
        let mut got: Vec<CustomerId> =
            ws.activity_summary(q).unwrap().customers.iter().map(|c| c.customer_id).collect();
        got.sort();
        got
    };
    let sorted = |mut v: Vec<CustomerId>| {
        v.sort();
        v
    };
    assert_eq!(ids(&week()), sorted(vec![cafe.id, bakery.id, gone.id]), "All by default");
    let search = ActivityQuery { search: Some("  CAFE ".into()), ..week() };
    assert_eq!(ids(&search), sorted(vec![cafe.id, gone.id]), "accent- and case-insensitive");
    let active = ActivityQuery { filter: StatusFilter::Active, ..search.clone() };
    assert_eq!(ids(&active), [cafe.id]);
    let inactive = ActivityQuery { filter: StatusFilter::Inactive, ..week() };
    assert_eq!(ids(&inactive), [gone.id]);
    let by_code = ActivityQuery { search: Some("c-9".into()), ..week() };
    assert_eq!(ids(&by_code), [cafe.id]);
    let s = ws.activity_summary(&active).unwrap();
    assert_eq!((s.customers_with_clicks, s.total_views), (1, 1), "counters follow the filter");
}

#[test]
fn ac1_guests_see_only_the_customers_they_manage() {
    let (ws, _) = ws();
    let guest = UserId(uuid::Uuid::from_u128(7));
    let mine = ws.create_customer(NewCustomer { managed_by: Some(guest), ..NewCustomer::named("Mine") }).unwrap();
    let other = customer(&ws, "Other");
    ws.record_activity(mine.id, LinkOpened).unwrap();
    ws.record_activity(other.id, LinkOpened).unwrap();
    let s = ws.activity_summary(&ActivityQuery { viewer: Viewer::Guest(guest), ..week() }).unwrap();
    assert_eq!(s.customers.iter().map(|c| c.customer_id).collect::<Vec<_>>(), [mine.id]);
    assert_eq!(s.total_views, 1);
}

#[test]
fn ac1_most_recently_active_first_and_range_is_half_open() {
    let (ws, clock) = ws();
    let early = customer(&ws, "Early");
    let late = customer(&ws, "Late");
    ws.record_activity(early.id, LinkOpened).unwrap();
    clock.advance(Duration::hours(1));
    ws.record_activity(late.id, LinkOpened).unwrap();
    let s = ws.activity_summary(&week()).unwrap();
    assert_eq!(s.customers.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["Late", "Early"]);
    let until_late = ActivityQuery::new(t0(), t0() + Duration::hours(1));
    let s = ws.activity_summary(&until_late).unwrap();
    assert_eq!(s.customers.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["Early"], "end is exclusive");
    let err = ws.activity_summary(&ActivityQuery::new(t0(), t0())).unwrap_err();
    assert_eq!(err.code(), "INVALID_ARGUMENT");
}

#[test]
fn ac1_no_activity_is_an_empty_summary_with_its_days() {
    let (ws, _) = ws();
    customer(&ws, "Quiet");
    let s = ws.activity_summary(&week()).unwrap();
    assert!(s.customers.is_empty());
    assert_eq!(
        (s.customers_with_clicks, s.total_views, s.verified, s.checkout_started, s.orders_submitted),
        (0, 0, 0, 0, 0)
    );
    assert_eq!(s.trend_days.len(), 7);
}
