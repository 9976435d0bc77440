//! R3 (money and counts range-checked where they enter, sums that cannot overflow) and R4 (text
//! every store can hold: no control characters, names with something visible), at every entry
//! point the core has. The rules themselves: `orderlink::money`, `orderlink::text`.

use orderlink::money::{AMOUNT_MAX, QUANTITY_MAX};
use orderlink::*;
use rust_decimal::Decimal;
use std::str::FromStr;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).expect("decimal")
}

fn ws() -> Workspace {
    let settings = NewWorkspace { base_url: "https://shop.example".into(), ..NewWorkspace::named("Robust") };
    let ws = Workspace::in_memory(settings).expect("workspace");
    ws.upsert_products(vec![Product::new("BREAD", "Bread", Some(d("4.50")))]).expect("products");
    ws.upsert_price_group("Trade", true).expect("group");
    ws
}

fn code<T: std::fmt::Debug>(r: Result<T>) -> &'static str {
    r.expect_err("refused").code()
}

const OUT: &str = "AMOUNT_OUT_OF_RANGE";
const BAD_TEXT: &str = "TEXT_INVALID";

#[test]
fn r3_prices_are_range_checked_where_they_are_set() {
    let ws = ws();
    let over = AMOUNT_MAX + d("0.0001");
    for bad in [over, d("0.00001"), Decimal::MAX] {
        assert_eq!(code(ws.upsert_products(vec![Product::new("MILK", "Milk", Some(bad))])), OUT, "{bad}");
        assert_eq!(code(ws.set_default_prices(&[("BREAD".into(), Some(bad))])), OUT, "{bad}");
        assert_eq!(code(ws.set_group_prices("Trade", &[("BREAD".into(), Some(bad))])), OUT, "{bad}");
    }
    // Four places (a wholesale unit price) and the maximum itself are prices.
    ws.upsert_products(vec![Product::new("SCREW", "Screw", Some(d("0.0425")))]).expect("4 places");
    ws.set_default_prices(&[("BREAD".into(), Some(AMOUNT_MAX))]).expect("the maximum");
    assert_eq!(ws.products().expect("products").len(), 2, "nothing written by the refusals");
}

#[test]
fn r3_macro_operands_and_results_are_range_checked() {
    let ws = ws();
    for bad in ["+10000000000000", "*1.00001", "+0.00001%"] {
        assert_eq!(code(ws.apply_price_macro("Trade", bad, None)), OUT, "{bad}");
    }
    ws.set_group_prices("Trade", &[("BREAD".into(), Some(AMOUNT_MAX))]).expect("max");
    assert_eq!(code(ws.apply_price_macro("Trade", "+1", None)), OUT, "a result past the range");
    assert_eq!(code(ws.apply_price_macro("Trade", "*9999999999", None)), OUT, "a result past a decimal");
    let price = ws.resolve_price(PriceFor::WorkspaceLink, "BREAD").expect("price");
    assert_eq!(price.amount, Some(d("4.50")), "the group was left as it was");
}

#[test]
fn r3_order_totals_and_quantities_are_range_checked_nothing_written() {
    let ws = ws();
    let c = ws.create_customer(NewCustomer::named("Deli")).expect("customer");
    let url = ws.link_url(c.id).expect("url");
    let line = |qty: Decimal| NewOrder { lines: vec![OrderLine::new("BREAD", qty)], ..NewOrder::new("Q-1", d("10")) };
    for total in [AMOUNT_MAX + d("0.0001"), Decimal::MAX, d("0.00001")] {
        assert_eq!(code(ws.intake_order(&url, None, NewOrder::new("T-1", total))), OUT, "{total}");
    }
    for qty in [d("0.0001"), QUANTITY_MAX + Decimal::ONE, Decimal::MAX] {
        assert_eq!(code(ws.intake_order(&url, None, line(qty))), OUT, "{qty}");
    }
    assert!(ws.customer_orders(c.id).expect("orders").is_empty());
    ws.intake_order(&url, None, line(QUANTITY_MAX)).expect("the largest quantity");
    ws.intake_order(&url, None, NewOrder { number: "Q-2".into(), ..line(d("0.001")) }).expect("3 places");
}

#[test]
fn r3_freight_amounts_are_range_checked() {
    let ws = ws();
    let flat = |amount: Decimal| Some(Freight::FlatRate { amount });
    let refused = NewCustomer { freight: flat(d("0.00001")), ..NewCustomer::named("Deli") };
    assert_eq!(code(ws.create_customer(refused)), OUT);
    let c = ws.create_customer(NewCustomer { freight: flat(d("9.95")), ..NewCustomer::named("Deli") }).expect("ok");
    let patch = CustomerPatch { freight: Some(flat(AMOUNT_MAX + Decimal::ONE)), ..Default::default() };
    assert_eq!(code(ws.update_customer(c.id, patch)), OUT);
    let free_over = Freight::FreeOver { threshold: Decimal::MAX, amount: d("5") };
    let defaults = OrderDefaults { freight: Some(free_over), ..Default::default() };
    assert_eq!(code(ws.update_settings(SettingsPatch { defaults: Some(defaults), ..Default::default() })), OUT);
}

/// R3: two maximum totals (and many more) on one link sum exactly: the range leaves a `Decimal`
/// room for ~7.9 × 10^12 of them (`money::SUM_TERMS_BEFORE_OVERFLOW`).
#[test]
fn r3_sums_of_maximum_totals_do_not_overflow() {
    let ws = ws();
    let c = ws.create_customer(NewCustomer::named("Deli")).expect("customer");
    let url = ws.link_url(c.id).expect("url");
    for i in 0..50 {
        ws.intake_order(&url, None, NewOrder::new(format!("M-{i}"), AMOUNT_MAX)).expect("intake");
    }
    assert_eq!(ws.get_customer(c.id).expect("get").stats.amount, AMOUNT_MAX * Decimal::from(50));
    const { assert!(money::SUM_TERMS_BEFORE_OVERFLOW > 7_000_000_000_000) };
}

#[test]
fn r4_nul_is_refused_in_every_kind_of_entry() {
    let ws = ws();
    let nul = "a\0b";
    let named = |name: &str| NewCustomer::named(name);
    assert_eq!(code(ws.create_customer(named(nul))), BAD_TEXT, "name");
    for input in [
        NewCustomer { code: Some(nul.into()), ..named("Deli") },
        NewCustomer { email: Some("a\0@deli.example".into()), ..named("Deli") },
        NewCustomer { phone: Some(nul.into()), ..named("Deli") },
        NewCustomer { contact: Some(nul.into()), ..named("Deli") },
        NewCustomer { tags: vec![nul.into()], ..named("Deli") },
        NewCustomer { price_group: Some(nul.into()), ..named("Deli") },
    ] {
        assert_eq!(code(ws.create_customer(input.clone())), BAD_TEXT, "{input:?}");
    }
    let c = ws.create_customer(named("Deli")).expect("customer");
    assert_eq!(
        code(ws.update_customer(c.id, CustomerPatch { name: Some(nul.into()), ..Default::default() })),
        BAD_TEXT
    );
    assert_eq!(code(ws.add_tag(c.id, nul)), BAD_TEXT, "tag");
    assert_eq!(code(ws.add_note(c.id, "sam", nul)), BAD_TEXT, "note");
    assert_eq!(code(ws.add_note(c.id, nul, "text")), BAD_TEXT, "note author");
    let address = NewAddress { line1: "Unit\0 4".into(), ..Default::default() };
    assert_eq!(code(ws.add_address(c.id, address)), BAD_TEXT, "address line");
    let address = NewAddress { line1: "Unit 4".into(), city: Some(nul.into()), ..Default::default() };
    assert_eq!(code(ws.add_address(c.id, address)), BAD_TEXT, "address city");
    assert_eq!(code(ws.rotate_link(c.id, Some(nul), None)), BAD_TEXT, "rotation by");

    // Intake: the business name, email and phone of a pending buyer; the order's own text.
    let link = ws.workspace_link_url().expect("link");
    let order = || NewOrder::new("W-1", d("10"));
    for buyer in [
        Buyer::new(nul, "jo@deli.example"),
        Buyer::new("Deli", "jo\0@deli.example"),
        Buyer { phone: Some(nul.into()), ..Buyer::new("Deli", "jo@deli.example") },
    ] {
        assert_eq!(code(ws.intake_order(&link, Some(&buyer), order())), BAD_TEXT, "{buyer:?}");
    }
    let buyer = Buyer::new("Deli", "jo@deli.example");
    assert_eq!(code(ws.intake_order(&link, Some(&buyer), NewOrder::new(nul, d("1")))), BAD_TEXT, "order number");
    assert!(ws.pending_buyers(true).expect("queue").is_empty(), "nothing written");

    // Prices, templates, the workspace, sync, import.
    assert_eq!(code(ws.upsert_price_group(nul, true)), BAD_TEXT, "price group");
    assert_eq!(code(ws.upsert_products(vec![Product::new(nul, "Milk", None)])), BAD_TEXT, "sku");
    assert_eq!(code(ws.upsert_products(vec![Product::new("MILK", nul, None)])), BAD_TEXT, "product name");
    assert_eq!(code(ws.set_message_template("Mine", nul, "Hi")), BAD_TEXT, "subject");
    assert_eq!(code(ws.set_message_template("Mine", "Hi", nul)), BAD_TEXT, "body");
    assert_eq!(code(ws.set_message_template(nul, "Hi", "Hi")), BAD_TEXT, "template name");
    ws.set_message_template("Mine", "Hi", "Line one\n\tLine two").expect("a body holds lines");
    let rename = SettingsPatch { name: Some(nul.into()), ..Default::default() };
    assert_eq!(code(ws.update_settings(rename)), BAD_TEXT, "workspace name");
    assert_eq!(code(Workspace::in_memory(NewWorkspace::named(nul))), BAD_TEXT, "new workspace name");
    let synced = Workspace::in_memory(NewWorkspace {
        contacts_sync: ContactsSync { enabled: true, connected: true, phone_mapped: false },
        ..NewWorkspace::named("Synced")
    })
    .expect("synced");
    for record in [SyncRecord::new("X1", nul), SyncRecord::new(nul, "Deli")] {
        assert_eq!(code(synced.apply_contacts_sync(&[record])), BAD_TEXT);
    }
    let report = validate_import(b"Name,Code\nDeli,C\0 1\n", &ImportOptions::default()).expect("report");
    assert_eq!(report.issues[0].code.as_str(), BAD_TEXT, "import cell");

    // A list query's search, tag and address (no stored text holds a NUL to match).
    for q in [
        CustomerQuery { search: Some(nul.into()), ..Default::default() },
        CustomerQuery { tag: Some(nul.into()), ..Default::default() },
        CustomerQuery { address: Some(nul.into()), ..Default::default() },
    ] {
        assert_eq!(code(ws.list_customers(&q)), BAD_TEXT, "{q:?}");
    }
    let week = ActivityQuery::new(
        "2026-03-01T00:00:00Z".parse().expect("start"),
        "2026-03-08T00:00:00Z".parse().expect("end"),
    );
    let activity = ActivityQuery { search: Some(nul.into()), ..week };
    assert_eq!(code(ws.activity_summary(&activity)), BAD_TEXT, "activity search");
}

#[test]
fn r4_control_characters_other_than_nul() {
    let ws = ws();
    for bad in ["Deli\u{1b}[2J", "Deli\u{7f}", "Corner\u{85}Deli", "Corner\nDeli", "Corner\tDeli", "Corner\rDeli"] {
        assert_eq!(code(ws.create_customer(NewCustomer::named(bad))), BAD_TEXT, "{bad:?}");
    }
    let c = ws.create_customer(NewCustomer::named("  Deli\r\n")).expect("surrounding breaks are trimmed");
    assert_eq!(c.name, "Deli");
    ws.add_note(c.id, "sam", "one\ttwo\r\nthree").expect("a note holds lines");
    assert_eq!(code(ws.add_note(c.id, "sam", "bell\u{7}")), BAD_TEXT);
}

#[test]
fn r4_invisible_only_names_are_refused() {
    let ws = ws();
    let link = ws.workspace_link_url().expect("link");
    for invisible in ["\u{200B}", "\u{2060}\u{FEFF}", "\u{AD}", "\u{301}\u{302}", "\u{3164}", "\u{200B} \u{200C}"] {
        assert_eq!(code(ws.create_customer(NewCustomer::named(invisible))), BAD_TEXT, "customer {invisible:?}");
        let buyer = Buyer::new(invisible, "jo@deli.example");
        assert_eq!(code(ws.intake_order(&link, Some(&buyer), NewOrder::new("W-1", d("1")))), BAD_TEXT, "business");
        let rename = SettingsPatch { name: Some(invisible.into()), ..Default::default() };
        assert_eq!(code(ws.update_settings(rename)), BAD_TEXT, "workspace");
        assert_eq!(code(ws.upsert_price_group(invisible, true)), BAD_TEXT, "group");
        assert_eq!(code(ws.upsert_products(vec![Product::new("MILK", invisible, None)])), BAD_TEXT, "product");
    }
    for visible in ["Zoë", "مطعم", "👩\u{200D}🍳", "e\u{301}", "\u{200B}Deli"] {
        ws.create_customer(NewCustomer::named(visible)).unwrap_or_else(|e| panic!("{visible:?}: {e}"));
    }
}

#[test]
fn r4_base_url_is_normalised_by_the_url_parser() {
    let set = |url: &str| {
        let ws = Workspace::in_memory(NewWorkspace::named("Shop")).expect("ws");
        ws.update_settings(SettingsPatch { base_url: Some(url.into()), ..Default::default() }).map(|s| s.base_url)
    };
    assert_eq!(set("HTTPS://Shop.EXAMPLE:443/Wholesale Shop/").expect("ok"), "https://shop.example/Wholesale%20Shop");
    assert_eq!(set("  http://shop.example:8080  ").expect("ok"), "http://shop.example:8080");
    for bad in ["https://shop.example/\r\nSet-Cookie: x", "https://shop\n.example", "https://shop.example/\tx"] {
        assert_eq!(code(set(bad)), BAD_TEXT, "{bad:?}");
    }
    for bad in [
        "https://user:pw@shop.example",
        "https://user@shop.example",
        "ftp://shop.example",
        "https://shop.example/?a=1",
        "https://shop.example/#top",
        "shop.example",
    ] {
        assert_eq!(code(set(bad)), "INVALID_ARGUMENT", "{bad:?}");
    }
    let ws = Workspace::in_memory(NewWorkspace {
        base_url: "HTTPS://Shop.Example/b2b/".into(),
        ..NewWorkspace::named("Shop")
    })
    .expect("ws");
    let c = ws.create_customer(NewCustomer::named("Deli")).expect("customer");
    let url = ws.link_url(c.id).expect("url");
    assert!(url.starts_with("https://shop.example/b2b/order/"), "{url}");
    assert!(!url.contains(['\r', '\n']));
}
