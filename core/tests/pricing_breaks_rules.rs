//! Rule tests for PR5 (quantity breaks), PR6 (validity windows), PR7 (the buyer's breaks) and
//! PR8 (prices frozen on the order line), with H2's last price paid.

use chrono::{DateTime, Duration, Utc};
use orderlink::*;
use rust_decimal::Decimal;
use std::sync::Arc;

fn d(s: &str) -> Decimal {
    s.parse().expect("decimal")
}

fn t(s: &str) -> DateTime<Utc> {
    s.parse().expect("time")
}

fn brk(min: &str, price: &str) -> PriceBreak {
    PriceBreak::new(d(min), d(price))
}

const NOW: &str = "2026-03-01T09:00:00Z";

/// Flour: base 6.00; default list 1+ 5.00, 5+ 4.80; Trade 10+ 4.50, 50+ 4.00.
fn ws() -> (Workspace, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::new(t(NOW)));
    let env = Env::new(clock.clone(), Arc::new(SeededRandom::new(17)));
    let ws = Workspace::create(
        Arc::new(MemoryStore::new()),
        env,
        NewWorkspace { currency: "AUD".into(), ..NewWorkspace::named("Harbour Foods") },
    )
    .expect("ws");
    ws.upsert_products(vec![
        Product::new("FLOUR", "Flour 10kg", Some(d("6.00"))),
        Product::new("SALT", "Salt", None),
        Product::new("EGGS", "Eggs", Some(d("7.00"))),
    ])
    .expect("products");
    ws.set_default_prices(&[("FLOUR".to_owned(), PriceEntry::Breaks(vec![brk("5", "4.80"), brk("1", "5.00")]))])
        .expect("list");
    ws.upsert_price_group("Trade", true).expect("group");
    ws.set_group_prices("Trade", &[("FLOUR".to_owned(), vec![brk("10", "4.50"), brk("50", "4.00")])])
        .expect("group breaks");
    (ws, clock)
}

fn trade(ws: &Workspace) -> PriceFor {
    PriceFor::Customer(
        ws.create_customer(NewCustomer { price_group: Some("Trade".into()), ..NewCustomer::named("Deli") })
            .expect("customer")
            .id,
    )
}

fn at_qty(
    ws: &Workspace,
    whose: PriceFor,
    sku: &str,
    qty: &str,
) -> (Option<Decimal>, Option<PriceTier>, Option<Decimal>) {
    let r = ws.resolve_price_for(whose, sku, &PriceQuery::qty(d(qty))).expect("resolve");
    (r.amount, r.tier, r.min_qty)
}

#[test]
fn pr5_greatest_break_at_or_below_the_quantity_else_the_next_tier() {
    let (ws, _) = ws();
    let c = trade(&ws);
    assert_eq!(at_qty(&ws, c, "FLOUR", "0.5"), (Some(d("6.00")), Some(PriceTier::Base), None), "below every break");
    assert_eq!(at_qty(&ws, c, "FLOUR", "1"), (Some(d("5.00")), Some(PriceTier::DefaultList), Some(d("1"))));
    assert_eq!(at_qty(&ws, c, "FLOUR", "9.999"), (Some(d("4.80")), Some(PriceTier::DefaultList), Some(d("5"))));
    assert_eq!(at_qty(&ws, c, "FLOUR", "10"), (Some(d("4.50")), Some(PriceTier::Group), Some(d("10"))));
    assert_eq!(at_qty(&ws, c, "FLOUR", "49"), (Some(d("4.50")), Some(PriceTier::Group), Some(d("10"))));
    assert_eq!(at_qty(&ws, c, "FLOUR", "1000"), (Some(d("4.00")), Some(PriceTier::Group), Some(d("50"))));
    // The default quantity is 1, and a plain price is a break from any quantity.
    assert_eq!(ws.resolve_price(c, "FLOUR").unwrap().amount, Some(d("5.00")));
    ws.set_default_prices(&[("EGGS".to_owned(), Some(d("6.80")))]).unwrap();
    assert_eq!(at_qty(&ws, c, "EGGS", "0.25"), (Some(d("6.80")), Some(PriceTier::DefaultList), Some(d("0"))));
    // The group prices 10+ only: below that, the workspace link's tiers answer.
    assert_eq!(
        at_qty(&ws, PriceFor::WorkspaceLink, "FLOUR", "20"),
        (Some(d("4.80")), Some(PriceTier::DefaultList), Some(d("5")))
    );
}

#[test]
fn pr5_explain_names_the_break_and_each_tier_passed_over_for_the_quantity() {
    let (ws, _) = ws();
    let c = trade(&ws);
    let why = ws.explain_price_for(c, "FLOUR", &PriceQuery::qty(d("3"))).unwrap();
    assert_eq!((why.tier, why.min_qty, why.qty), (Some(PriceTier::DefaultList), Some(d("1")), d("3")));
    assert_eq!(
        why.passed_over,
        vec![PassedOver { tier: PriceTier::Group, reason: PassedOverReason::BelowSmallestBreak }]
    );
    let why = ws.explain_price_for(c, "FLOUR", &PriceQuery::qty(d("0.5"))).unwrap();
    assert_eq!(
        why.passed_over,
        vec![
            PassedOver { tier: PriceTier::Group, reason: PassedOverReason::BelowSmallestBreak },
            PassedOver { tier: PriceTier::DefaultList, reason: PassedOverReason::BelowSmallestBreak },
        ]
    );
    let why = ws.explain_price_for(c, "SALT", &PriceQuery::qty(d("3"))).unwrap();
    assert_eq!(why.tier, None);
    assert_eq!(why.passed_over.iter().map(|p| p.reason).collect::<Vec<_>>(), vec![PassedOverReason::NoEntry; 3]);
}

#[test]
fn pr5_breaks_distinct_and_never_dearer_for_more() {
    let (ws, _) = ws();
    let set = |breaks: Vec<PriceBreak>| ws.set_group_prices("Trade", &[("FLOUR".to_owned(), breaks)]);
    assert_eq!(set(vec![brk("1", "5.00"), brk("10", "5.10")]).unwrap_err().code(), "PRICE_INVALID", "dearer for more");
    assert_eq!(
        set(vec![brk("10", "5.00"), brk("10.000", "4.00")]).unwrap_err().code(),
        "PRICE_INVALID",
        "same minimum"
    );
    assert_eq!(set(vec![brk("-1", "5.00")]).unwrap_err().code(), "AMOUNT_OUT_OF_RANGE");
    assert_eq!(set(vec![brk("0.0001", "5.00")]).unwrap_err().code(), "AMOUNT_OUT_OF_RANGE", "4 places");
    assert_eq!(set(vec![brk("1", "0")]).unwrap_err().code(), "ZERO_PRICE_NOT_ALLOWED");
    assert_eq!(set((0..=32).map(|i| brk(&i.to_string(), "1")).collect()).unwrap_err().code(), "PRICE_INVALID");
    let q = PriceQuery::qty(d("60"));
    assert_eq!(ws.resolve_price_for(trade(&ws), "FLOUR", &q).unwrap().amount, Some(d("4.00")), "nothing half-written");
    set(vec![brk("10", "4.50"), brk("20", "4.50")]).expect("equal is fine");
    assert_eq!(ws.resolve_price_for(PriceFor::WorkspaceLink, "FLOUR", &q).unwrap().amount, Some(d("4.80")));
    // A quantity asked about is range-checked (R3).
    let err = ws.resolve_price_for(PriceFor::WorkspaceLink, "FLOUR", &PriceQuery::qty(d("0"))).unwrap_err();
    assert_eq!(err.code(), "AMOUNT_OUT_OF_RANGE");
}

#[test]
fn pr5_pr2b_a_macro_applies_to_every_break() {
    let (ws, _) = ws();
    let report = ws.apply_price_macro("Trade", "+10%", Some(&["FLOUR".to_owned()])).unwrap();
    assert_eq!(report.changed, 1);
    let entry = ws.price_entry("FLOUR", Some("Trade")).unwrap();
    let prices: Vec<(Decimal, Decimal)> = entry.iter().map(|b| (b.min_qty, b.price)).collect();
    assert_eq!(prices, vec![(d("10"), d("4.95")), (d("50"), d("4.40"))]);
}

#[test]
fn pr6_windows_are_half_open_and_resolve_at_now_or_a_given_instant() {
    let (ws, clock) = ws();
    let c = trade(&ws);
    let from = t("2026-04-01T00:00:00Z");
    let until = t("2026-05-01T00:00:00Z");
    // A promotion prepared ahead: April only, 1+ at 5.50 in the group (the 10+ breaks stay).
    let promo = vec![brk("1", "5.50").during(Some(from), Some(until)), brk("10", "4.50"), brk("50", "4.00")];
    ws.set_group_prices("Trade", &[("EGGS".to_owned(), promo)]).unwrap();
    let one = |q: PriceQuery| ws.resolve_price_for(c, "EGGS", &q).unwrap().amount;
    assert_eq!(one(PriceQuery::default()), Some(d("7.00")), "before: base");
    assert_eq!(one(PriceQuery::default().at(from)), Some(d("5.50")), "the start is inclusive");
    assert_eq!(one(PriceQuery::default().at(until - Duration::nanoseconds(1))), Some(d("5.50")));
    assert_eq!(one(PriceQuery::default().at(until)), Some(d("7.00")), "the end is exclusive");
    clock.set(from + Duration::days(3));
    assert_eq!(one(PriceQuery::default()), Some(d("5.50")), "now is the workspace clock's");
    // Explain shows what starts later.
    clock.set(t(NOW));
    let why = ws.explain_price(c, "EGGS").unwrap();
    assert_eq!(why.at, t(NOW));
    assert_eq!(why.passed_over[0], PassedOver { tier: PriceTier::Group, reason: PassedOverReason::BelowSmallestBreak });
    assert_eq!(why.upcoming.len(), 1);
    assert_eq!((why.upcoming[0].tier, why.upcoming[0].price_break.starts_at), (PriceTier::Group, Some(from)));
    // An entry window applies to every break; outside it the entry is as if absent.
    let windowed = PriceEntry::Breaks(vec![brk("0", "6.00")]).within(Some(from), None);
    ws.set_default_prices(&[("SALT".to_owned(), windowed)]).unwrap();
    let why = ws.explain_price(c, "SALT").unwrap();
    assert_eq!(
        why.passed_over[1],
        PassedOver { tier: PriceTier::DefaultList, reason: PassedOverReason::OutsideWindow }
    );
    let bad = vec![brk("1", "5.00").during(Some(until), Some(from))];
    assert_eq!(ws.set_default_prices(&[("SALT".to_owned(), bad)]).unwrap_err().code(), "PRICE_INVALID");
}

#[test]
fn pr6_a_later_start_supersedes_for_the_same_minimum() {
    let (ws, _) = ws();
    let from = t("2026-04-01T00:00:00Z");
    let change = vec![brk("1", "5.00"), brk("1", "5.20").during(Some(from), None), brk("5", "4.80")];
    ws.set_default_prices(&[("FLOUR".to_owned(), change)]).unwrap();
    let q = |qty: &str, at: DateTime<Utc>| {
        ws.resolve_price_for(PriceFor::WorkspaceLink, "FLOUR", &PriceQuery::qty(d(qty)).at(at)).unwrap().amount
    };
    assert_eq!((q("1", t(NOW)), q("1", from), q("5", from)), (Some(d("5.00")), Some(d("5.20")), Some(d("4.80"))));
    // At every instant, more never costs more: a scheduled 1+ above a standing 5+ is fine only
    // while it does not cost less than the 5+.
    let dearer = vec![brk("1", "5.00"), brk("1", "4.70").during(Some(from), None), brk("5", "4.80")];
    assert_eq!(ws.set_default_prices(&[("FLOUR".to_owned(), dearer)]).unwrap_err().code(), "PRICE_INVALID");
}

#[test]
fn pr7_the_buyer_sees_merged_breaks_never_tiers_passed_over() {
    let (ws, _) = ws();
    let c = trade(&ws);
    let sheet =
        ws.resolve_prices_for(c, Some(&["FLOUR".to_owned(), "SALT".to_owned()]), &PriceQuery::qty(d("12"))).unwrap();
    let rows: Vec<_> = sheet.rows().map(|(p, r)| (p.sku.as_str(), r.amount, r.tier)).collect();
    assert_eq!(rows, vec![("FLOUR", Some(d("4.50")), Some(PriceTier::Group)), ("SALT", None, None)]);
    let flour: Vec<(Decimal, Decimal, PriceTier)> =
        sheet.breaks(0).unwrap().iter().map(|b| (b.min_qty, b.amount, b.tier)).collect();
    assert_eq!(
        flour,
        vec![
            (d("0"), d("6.00"), PriceTier::Base),
            (d("1"), d("5.00"), PriceTier::DefaultList),
            (d("5"), d("4.80"), PriceTier::DefaultList),
            (d("10"), d("4.50"), PriceTier::Group),
            (d("50"), d("4.00"), PriceTier::Group),
        ]
    );
    assert_eq!(sheet.breaks(1), Some(vec![]), "no price at all: no breaks");
    assert_eq!(sheet.breaks(2), None);
    // A group entry from any quantity hides every lower tier.
    ws.set_group_prices("Trade", &[("FLOUR".to_owned(), vec![brk("0", "5.50"), brk("10", "4.50")])]).unwrap();
    let sheet = ws.resolve_prices(c, Some(&["FLOUR".to_owned()])).unwrap();
    let tiers: Vec<PriceTier> = sheet.breaks(0).unwrap().iter().map(|b| b.tier).collect();
    assert_eq!(tiers, vec![PriceTier::Group, PriceTier::Group]);
    // The workspace link never sees a group's breaks.
    let sheet = ws.resolve_prices(PriceFor::WorkspaceLink, Some(&["FLOUR".to_owned()])).unwrap();
    assert!(sheet.breaks(0).unwrap().iter().all(|b| b.tier != PriceTier::Group));
}

fn order(number: &str, total: &str, lines: Vec<OrderLine>) -> NewOrder {
    NewOrder { lines, ..NewOrder::new(number, d(total)) }
}

#[test]
fn pr8_intake_freezes_the_price_at_placed_at_and_keeps_given_prices() {
    let (ws, clock) = ws();
    let c =
        ws.create_customer(NewCustomer { price_group: Some("Trade".into()), ..NewCustomer::named("Deli") }).unwrap();
    let url = ws.link_url(c.id).unwrap();
    let placed = t("2026-02-20T10:00:00Z");
    let lines = vec![
        OrderLine::new("FLOUR", d("12")),
        OrderLine::new("FLOUR", d("2")),
        OrderLine::new("EGGS", d("1")).priced(d("6.66")),
        OrderLine::new("SALT", d("1")),
        OrderLine::new("GONE", d("1")),
    ];
    let out =
        ws.intake_order(&url, None, NewOrder { placed_at: Some(placed), ..order("SO-1", "100.00", lines) }).unwrap();
    let IntakeOutcome::Customer { order_id, .. } = out else { panic!("{out:?}") };
    let o = ws.get_order(order_id).unwrap();
    let frozen: Vec<_> = o
        .lines
        .iter()
        .map(|l| (l.unit_price, l.price_tier, l.price_break, l.currency.as_deref(), l.price_given))
        .collect();
    assert_eq!(
        frozen,
        vec![
            (Some(d("4.50")), Some(PriceTier::Group), Some(d("10")), Some("AUD"), false),
            (Some(d("5.00")), Some(PriceTier::DefaultList), Some(d("1")), Some("AUD"), false),
            (Some(d("6.66")), None, None, Some("AUD"), true),
            (None, None, None, None, false),
            (None, None, None, None, false),
        ]
    );
    // Later price changes never alter a placed order.
    ws.apply_price_macro("Trade", "+50%", None).unwrap();
    clock.advance(Duration::days(30));
    assert_eq!(ws.get_order(order_id).unwrap(), o);
    // A caller cannot claim a tier: only its unit price counts.
    let mut claimed = OrderLine::new("EGGS", d("1"));
    claimed.price_tier = Some(PriceTier::Group);
    claimed.price_given = true;
    let out = ws.intake_order(&url, None, order("SO-2", "7.00", vec![claimed])).unwrap();
    let IntakeOutcome::Customer { order_id, .. } = out else { panic!("{out:?}") };
    let line = &ws.get_order(order_id).unwrap().lines[0];
    assert_eq!(
        (line.unit_price, line.price_tier, line.price_given),
        (Some(d("10.50")), Some(PriceTier::Group), false),
        "after +50%"
    );
}

#[test]
fn pr8_a_total_that_is_not_the_sum_of_given_lines_is_refused() {
    let (ws, _) = ws();
    let c = ws.create_customer(NewCustomer::named("Deli")).unwrap();
    let url = ws.link_url(c.id).unwrap();
    let given = |a: &str, b: &str| {
        vec![OrderLine::new("FLOUR", d("3")).priced(d(a)), OrderLine::new("EGGS", d("1")).priced(d(b))]
    };
    let err = ws.intake_order(&url, None, order("SO-1", "20.00", given("4.34", "7"))).unwrap_err();
    assert_eq!(err.code(), "ORDER_TOTAL_MISMATCH", "13.02 + 7");
    assert_eq!(ws.get_customer(c.id).unwrap().stats.orders, 0, "nothing written");
    // The sum of the lines is rounded to the currency's minor unit, then compared.
    ws.intake_order(&url, None, order("SO-2", "20.00", given("4.333", "7"))).expect("19.999 is 20.00");
    ws.intake_order(&url, None, order("SO-3", "20", given("4.333", "7.001"))).expect("20.000");
    // Lines priced by the library are not checked against the total (it may hold tax or freight).
    ws.intake_order(&url, None, order("SO-4", "99.00", vec![OrderLine::new("FLOUR", d("3"))])).expect("unchecked");
    let neg = OrderLine::new("FLOUR", d("1")).priced(d("-1"));
    assert_eq!(ws.intake_order(&url, None, order("SO-5", "1", vec![neg])).unwrap_err().code(), "INVALID_ARGUMENT");
}

#[test]
fn pr8_placeholder_orders_freeze_the_workspace_link_price() {
    let (ws, _) = ws();
    let link = ws.workspace_link_url().unwrap();
    let out = ws
        .intake_order(
            &link,
            Some(&Buyer::new("Pier", "o@pier.example")),
            order("W-1", "48", vec![OrderLine::new("FLOUR", d("10"))]),
        )
        .unwrap();
    let IntakeOutcome::Pending { order_id, .. } = out else { panic!("{out:?}") };
    let line = &ws.get_order(order_id).unwrap().lines[0];
    assert_eq!((line.unit_price, line.price_tier), (Some(d("4.80")), Some(PriceTier::DefaultList)));
}

#[test]
fn pr8_stored_lines_of_the_current_release_read_without_a_frozen_price() {
    // An order document exactly as the release before PR8 stores it.
    let stored = serde_json::json!({
        "id": "0b9f2b52-6a43-4a3b-9b43-2f6f9d7c1a10",
        "number": "SO-77",
        "owner": {"kind": "placeholder"},
        "placed_at": "2026-01-05T08:00:00Z",
        "status": "confirmed",
        "total": "21.00",
        "lines": [{"sku": "EGGS", "qty": "3", "uom": null}],
        "via_key": null
    });
    let o: OrderRef = serde_json::from_value(stored.clone()).expect("reads");
    assert_eq!(o.lines[0], OrderLine::new("EGGS", d("3")));
    // And a line without a frozen price writes back in the same shape.
    assert_eq!(serde_json::to_value(&o).unwrap()["lines"], stored["lines"]);
}

#[test]
fn pr8_h2_history_shows_the_last_price_paid_beside_the_price_now() {
    let (ws, clock) = ws();
    let c =
        ws.create_customer(NewCustomer { price_group: Some("Trade".into()), ..NewCustomer::named("Deli") }).unwrap();
    let url = ws.link_url(c.id).unwrap();
    ws.intake_order(&url, None, order("SO-1", "54.00", vec![OrderLine::new("FLOUR", d("12"))])).unwrap();
    clock.advance(Duration::hours(1));
    ws.apply_price_macro("Trade", "+10%", None).unwrap();
    let h = ws.order_history(c.id, 1).unwrap();
    let row = &h.products[0];
    assert_eq!((row.last_price_paid, row.price, row.last_qty), (Some(d("4.50")), Some(d("4.95")), d("12")));
}

#[test]
fn pr6_window_epochs_mark_the_instants_where_prices_may_change() {
    let (ws, _) = ws();
    let (april, may) = (t("2026-04-01T00:00:00Z"), t("2026-05-01T00:00:00Z"));
    let book = ws.price_book().unwrap();
    assert_eq!((book.window_epoch(t(NOW)), book.steady_between(t(NOW))), (0, (None, None)), "no windows");
    ws.set_group_prices("Trade", &[("EGGS".to_owned(), vec![brk("1", "5.50").during(Some(april), Some(may))])])
        .unwrap();
    let book = ws.price_book().unwrap();
    assert_eq!((book.window_epoch(t(NOW)), book.window_epoch(april), book.window_epoch(may)), (0, 1, 2));
    assert_eq!(book.steady_between(april + Duration::days(1)), (Some(april), Some(may)));
    assert_eq!(book.steady_between(t(NOW)), (None, Some(april)));
    ws.remove_price_group("Trade").unwrap();
    assert_eq!(ws.price_book().unwrap().window_epoch(may), 0, "the group's windows went with it");
}
