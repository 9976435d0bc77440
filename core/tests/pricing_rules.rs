//! Rule tests for PR1–PR4 and ST1.

use orderlink::*;
use rust_decimal::Decimal;
use std::sync::Arc;

fn d(s: &str) -> Decimal {
    s.parse().expect("decimal")
}

fn ws() -> Workspace {
    let env = Env::new(Arc::new(SystemClock), Arc::new(SeededRandom::new(5)));
    let ws = Workspace::create(
        Arc::new(MemoryStore::new()),
        env,
        NewWorkspace { currency: "AUD".into(), ..NewWorkspace::named("Harbour Foods") },
    )
    .expect("workspace");
    ws.upsert_products(vec![
        Product::new("MILK-1L", "Milk 1L", Some(d("2.00"))),
        Product::new("BREAD", "Sourdough", Some(d("6.50"))),
        Product::new("EGGS-12", "Eggs", Some(d("7.00"))),
        Product::new("CUSTOM", "Special order", None),
        Product { allow_zero_price: true, ..Product::new("SAMPLE", "Tasting sample", Some(Decimal::ZERO)) },
    ])
    .expect("products");
    ws.set_default_prices(&[("BREAD".into(), Some(d("6.00"))), ("EGGS-12".into(), Some(d("6.80")))]).expect("default");
    ws.upsert_price_group("Trade", true).expect("group");
    ws.set_group_prices("trade", &[("EGGS-12".into(), Some(d("6.20")))]).expect("group prices");
    ws
}

fn customer(ws: &Workspace, group: Option<&str>) -> CustomerId {
    ws.create_customer(NewCustomer { price_group: group.map(str::to_owned), ..NewCustomer::named("Deli") })
        .expect("c")
        .id
}

fn price(ws: &Workspace, whose: PriceFor, sku: &str) -> (Option<Decimal>, Option<PriceTier>) {
    let r = ws.resolve_price(whose, sku).expect("resolve");
    (r.amount, r.tier)
}

#[test]
fn pr1_group_then_default_list_then_base_then_none() {
    let ws = ws();
    let c = PriceFor::Customer(customer(&ws, Some("Trade")));
    assert_eq!(price(&ws, c, "EGGS-12"), (Some(d("6.20")), Some(PriceTier::Group)));
    assert_eq!(price(&ws, c, "BREAD"), (Some(d("6.00")), Some(PriceTier::DefaultList)));
    assert_eq!(price(&ws, c, "MILK-1L"), (Some(d("2.00")), Some(PriceTier::Base)));
    assert_eq!(price(&ws, c, "CUSTOM"), (None, None));
    assert_eq!(ws.resolve_price(c, "NOPE").unwrap_err().code(), "PRODUCT_NOT_FOUND");
}

#[test]
fn pr2_workspace_link_uses_default_list_then_base() {
    let ws = ws();
    assert_eq!(price(&ws, PriceFor::WorkspaceLink, "EGGS-12"), (Some(d("6.80")), Some(PriceTier::DefaultList)));
    assert_eq!(price(&ws, PriceFor::WorkspaceLink, "MILK-1L"), (Some(d("2.00")), Some(PriceTier::Base)));
}

#[test]
fn pr2a_inactive_or_removed_group_falls_back() {
    let ws = ws();
    let c = PriceFor::Customer(customer(&ws, Some("Trade")));
    ws.upsert_price_group("TRADE", false).unwrap();
    assert_eq!(price(&ws, c, "EGGS-12"), (Some(d("6.80")), Some(PriceTier::DefaultList)));
    let why = ws.explain_price(c, "EGGS-12").unwrap();
    assert_eq!(why.passed_over, vec![PassedOver { tier: PriceTier::Group, reason: PassedOverReason::GroupInactive }]);
    ws.remove_price_group("trade").unwrap();
    let why = ws.explain_price(c, "EGGS-12").unwrap();
    assert_eq!(why.passed_over[0].reason, PassedOverReason::GroupUnknown);
}

#[test]
fn pr2a_zero_only_where_allowed_and_never_negative() {
    let ws = ws();
    let zero = [("MILK-1L".to_owned(), Some(Decimal::ZERO))];
    assert_eq!(ws.set_default_prices(&zero).unwrap_err().code(), "ZERO_PRICE_NOT_ALLOWED");
    assert_eq!(ws.set_group_prices("Trade", &zero).unwrap_err().code(), "ZERO_PRICE_NOT_ALLOWED");
    let neg = [("MILK-1L".to_owned(), Some(d("-1")))];
    assert_eq!(ws.set_default_prices(&neg).unwrap_err().code(), "PRICE_INVALID");
    ws.set_group_prices("Trade", &[("SAMPLE".to_owned(), Some(Decimal::ZERO))]).expect("allowed");
    let stop = Product { allow_zero_price: false, ..Product::new("SAMPLE", "Tasting sample", Some(d("1"))) };
    assert_eq!(ws.upsert_products(vec![stop]).unwrap_err().code(), "ZERO_PRICE_NOT_ALLOWED", "zero still set in Trade");
    let c = PriceFor::Customer(customer(&ws, None));
    assert_eq!(price(&ws, c, "MILK-1L"), (Some(d("2.00")), Some(PriceTier::Base)), "nothing half-written");
}

#[test]
fn pr2b_macros_round_to_the_currency_minor_unit() {
    let ws = ws();
    let report = ws.apply_price_macro("Trade", "+10%", None).unwrap();
    assert_eq!((report.changed, report.skipped.clone()), (4, vec!["CUSTOM".to_owned()]));
    let c = PriceFor::Customer(customer(&ws, Some("Trade")));
    assert_eq!(price(&ws, c, "EGGS-12").0, Some(d("6.82")), "from the group price 6.20");
    assert_eq!(price(&ws, c, "MILK-1L").0, Some(d("2.20")), "from the base price");
    ws.apply_price_macro("Trade", " * 1.15 ", Some(&["BREAD".to_owned()])).unwrap();
    assert_eq!(price(&ws, c, "BREAD").0, Some(d("8.22")), "7.15 * 1.15 = 8.2225");
    ws.apply_price_macro("Trade", "-5", Some(&["BREAD".to_owned()])).unwrap();
    assert_eq!(price(&ws, c, "BREAD").0, Some(d("3.22")));
    let err = ws.apply_price_macro("Trade", "-5", Some(&["BREAD".to_owned()])).unwrap_err();
    assert_eq!(err.code(), "PRICE_INVALID", "would go negative: refused whole");
    for bad in ["10%", "+ten", "*0", "-100%", "", "+%", "++1", "*-2"] {
        assert_eq!(ws.apply_price_macro("Trade", bad, None).unwrap_err().code(), "PRICE_MACRO_INVALID", "{bad:?}");
    }
    assert_eq!(ws.apply_price_macro("Nope", "+1", None).unwrap_err().code(), "PRICE_GROUP_NOT_FOUND");
    // R3: a price beyond the stated range is refused where it is set, and so is a macro result.
    let err = ws.set_group_prices("Trade", &[("MILK-1L".into(), Some(Decimal::MAX))]).unwrap_err();
    assert_eq!(err.code(), "AMOUNT_OUT_OF_RANGE");
    ws.set_group_prices("Trade", &[("MILK-1L".into(), Some(orderlink::money::AMOUNT_MAX))]).unwrap();
    let huge = ws.apply_price_macro("Trade", "*9999999999", Some(&["MILK-1L".to_owned()])).unwrap_err();
    assert_eq!(huge.code(), "AMOUNT_OUT_OF_RANGE", "beyond the range is an error, not a panic");
}

#[test]
fn pr3_money_is_decimal_in_the_workspace_currency() {
    let ws = ws();
    let sheet = ws.resolve_prices(PriceFor::WorkspaceLink, None).unwrap();
    assert_eq!(sheet.currency, "AUD");
    assert_eq!(pricing::minor_units("JPY"), 0);
    assert_eq!(pricing::minor_units("KWD"), 3);
    let m: PriceMacro = "+10%".parse().unwrap();
    assert_eq!(m.apply(d("1005"), 0), Some(d("1106")), "JPY rounds to whole yen: 1105.5 → 1106");
    assert_eq!(
        ws.update_settings(SettingsPatch { currency: Some("XYZ".into()), ..Default::default() }).unwrap_err().code(),
        "INVALID_ARGUMENT"
    );
}

#[test]
fn pr4_one_call_for_a_catalogue_and_explain_names_the_tier() {
    let ws = ws();
    let c = PriceFor::Customer(customer(&ws, Some("Trade")));
    let sheet = ws.resolve_prices(c, None).unwrap();
    let skus: Vec<&str> = sheet.rows().map(|(p, _)| p.sku.as_str()).collect();
    assert_eq!(skus, vec!["BREAD", "CUSTOM", "EGGS-12", "MILK-1L", "SAMPLE"]);
    let some = ws.resolve_prices(c, Some(&["MILK-1L".into(), "EGGS-12".into()])).unwrap();
    let rows: Vec<_> = some.rows().map(|(p, r)| (p.sku.clone(), r.amount)).collect();
    assert_eq!(rows, vec![("MILK-1L".to_owned(), Some(d("2.00"))), ("EGGS-12".to_owned(), Some(d("6.20")))]);
    let why = ws.explain_price(c, "MILK-1L").unwrap();
    assert_eq!(why.tier, Some(PriceTier::Base));
    assert_eq!(
        why.passed_over,
        vec![
            PassedOver { tier: PriceTier::Group, reason: PassedOverReason::NoEntry },
            PassedOver { tier: PriceTier::DefaultList, reason: PassedOverReason::NoEntry },
        ]
    );
    let why = ws.explain_price(PriceFor::WorkspaceLink, "EGGS-12").unwrap();
    assert_eq!(why.passed_over, vec![PassedOver { tier: PriceTier::Group, reason: PassedOverReason::NoGroup }]);
}

#[test]
fn st1_customer_then_workspace_then_system() {
    let ws = ws();
    let plain = customer(&ws, None);
    let e = ws.effective_settings(plain).unwrap();
    assert_eq!((e.order_template, e.order_template_from), (OrderTemplate::Ecommerce, SettingSource::System));
    assert_eq!((e.checkout_mode, e.freight), (CheckoutMode::PayLater, Freight::ToBeConfirmed));
    let defaults = OrderDefaults {
        order_template: Some(OrderTemplate::QuantityGrid),
        checkout_mode: Some(CheckoutMode::PayNow),
        freight: Some(Freight::FlatRate { amount: d("15") }),
        card_payments_ready: true,
    };
    ws.update_settings(SettingsPatch { defaults: Some(defaults), ..Default::default() }).unwrap();
    let e = ws.effective_settings(plain).unwrap();
    assert_eq!(
        (e.order_template, e.checkout_mode, e.checkout_mode_from),
        (OrderTemplate::QuantityGrid, CheckoutMode::PayNow, SettingSource::Workspace)
    );
    let own = ws
        .create_customer(NewCustomer {
            checkout_mode: Some(CheckoutMode::Inherit),
            freight: Some(Freight::Manual),
            order_template: Some(OrderTemplate::Ecommerce),
            ..NewCustomer::named("Own")
        })
        .unwrap();
    let e = ws.effective_settings(own.id).unwrap();
    assert_eq!(
        (e.order_template_from, e.checkout_mode, e.checkout_mode_from),
        (SettingSource::Customer, CheckoutMode::PayNow, SettingSource::Workspace),
        "Inherit means the workspace's"
    );
    assert_eq!(e.freight, Freight::Manual);
    ws.update_settings(SettingsPatch {
        defaults: Some(OrderDefaults { card_payments_ready: false, ..defaults }),
        ..Default::default()
    })
    .unwrap();
    let e = ws.effective_settings(own.id).unwrap();
    assert_eq!(
        (e.checkout_mode, e.pay_later_forced),
        (CheckoutMode::PayLater, true),
        "cards not ready forces Pay later"
    );
}

#[test]
fn st1_freight_takes_exactly_the_fields_of_its_kind() {
    let read = |v: serde_json::Value| serde_json::from_value::<Freight>(v);
    assert_eq!(read(serde_json::json!({"kind": "manual"})).unwrap(), Freight::Manual);
    assert_eq!(
        read(serde_json::json!({"kind": "flat_rate", "amount": "15"})).unwrap(),
        Freight::FlatRate { amount: d("15") }
    );
    assert!(read(serde_json::json!({"kind": "manual", "amount": "1"})).is_err(), "extra field on a unit kind");
    assert!(read(serde_json::json!({"kind": "flat_rate"})).is_err(), "missing amount");
    assert!(read(serde_json::json!({"kind": "free_over", "amount": "5", "threshold": "100", "x": 1})).is_err());
}

#[test]
fn pr2_one_batch_of_new_products_keeps_sku_order_and_the_last_of_a_repeated_sku() {
    let book = orderlink::pricing::PriceBook::default()
        .with_products(vec![
            Product::new("ZED", "Zed", Some(d("3"))),
            Product::new("ALPHA", "Alpha", Some(d("1"))),
            Product::new("ZED", "Zed again", Some(d("4"))),
        ])
        .unwrap();
    let skus: Vec<(&str, &str)> = book.products().iter().map(|p| (p.sku.as_str(), p.name.as_str())).collect();
    assert_eq!(skus, vec![("ALPHA", "Alpha"), ("ZED", "Zed again")]);
    assert_eq!(book.resolve("ZED", None, Decimal::ONE, chrono::Utc::now()).unwrap().amount, Some(d("4")));
}
