//! R1: the core functions the bindings call on whatever a caller sends never panic, so the
//! panic guard at each binding's boundary (`INTERNAL`) stays a last resort. Properties over
//! hostile text and extreme decimals; the fuzz targets cover more, longer.

use orderlink::boundary::null_without_meaning;
use orderlink::import::neutralise_cell;
use orderlink::{
    normalize_email, normalize_name, search_fold, ActivityKind, CustomerPatch, Email, LinkCode, PriceMacro,
    SettingsPatch,
};
use proptest::prelude::*;
use rust_decimal::Decimal;

/// Any decimal a caller could send: every mantissa and scale `Decimal` can hold.
fn any_decimal() -> impl Strategy<Value = Decimal> {
    (any::<u32>(), any::<u32>(), any::<u32>(), any::<bool>(), 0u32..=28)
        .prop_map(|(lo, mid, hi, negative, scale)| Decimal::from_parts(lo, mid, hi, negative, scale))
}

/// Text shaped like a price macro, so parsing gets past its first character.
fn macro_like() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), "[+*-]{0,2}[0-9]{0,30}(\\.[0-9]{0,30})?[%eE+-]{0,3}"]
}

/// Text shaped like an order link, as pasted from anywhere.
fn link_like() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "(https?://)?[a-z.]{0,20}(:[0-9]{0,8})?(/order)?/[0-9A-Za-z\u{0}-\u{20}\u{ff10}-\u{ff3a}]{0,40}[?#]?.{0,10}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2048, ..ProptestConfig::default() })]

    #[test]
    fn r1_link_parsing_never_panics(input in link_like()) {
        if let Ok(code) = LinkCode::parse(&input) {
            // What parses, parses again to itself.
            prop_assert_eq!(LinkCode::parse(code.as_str()).ok(), Some(code));
        }
    }

    #[test]
    fn r1_price_macros_never_panic(text in macro_like(), price in any_decimal(), dp in 0u32..=40) {
        if let Ok(m) = text.parse::<PriceMacro>() {
            let _ = m.apply(price, dp);
            if let Some(back) = m.inverse() {
                let _ = back.apply(price, dp);
            }
        }
    }

    #[test]
    fn r1_text_functions_never_panic(text in any::<String>()) {
        let _ = normalize_name(&text);
        let _ = normalize_email(&text);
        let _ = search_fold(&text);
        let _ = neutralise_cell(&text);
        let _ = Email::parse(&text);
        let _ = ActivityKind::parse(&text);
    }
}

#[test]
fn r1_a_null_that_clears_nothing_is_found_and_one_that_clears_passes() {
    let given = |v: serde_json::Value| v.as_object().cloned().unwrap();
    assert_eq!(null_without_meaning::<CustomerPatch>(&given(serde_json::json!({"name": null}))), Some("name"));
    assert_eq!(null_without_meaning::<CustomerPatch>(&given(serde_json::json!({"active": null}))), Some("active"));
    assert_eq!(null_without_meaning::<CustomerPatch>(&given(serde_json::json!({"email": null, "phone": null}))), None);
    assert_eq!(null_without_meaning::<CustomerPatch>(&given(serde_json::json!({"name": "Deli"}))), None);
    assert_eq!(null_without_meaning::<SettingsPatch>(&given(serde_json::json!({"currency": null}))), Some("currency"));
}
