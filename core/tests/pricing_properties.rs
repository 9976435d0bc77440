//! PR1/PR2b properties: the resolved price is always the highest tier with an entry; a macro
//! then its inverse stays within one minor unit; no text makes macro parsing panic.

use orderlink::pricing::PriceBook;
use orderlink::*;
use proptest::prelude::*;
use rust_decimal::Decimal;

fn money() -> impl Strategy<Value = Decimal> {
    (1i64..10_000_000).prop_map(|c| Decimal::new(c, 2))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// PR1: group beats default list beats base; an inactive group is as if absent.
    #[test]
    fn pr1_price_tiers_ordered(
        base in proptest::option::of(money()),
        list in proptest::option::of(money()),
        group in proptest::option::of(money()),
        active in any::<bool>(),
    ) {
        let book = PriceBook::default()
            .with_products(vec![Product::new("P", "Product", base)]).unwrap()
            .with_default_prices(&[("P".into(), list)]).unwrap()
            .with_group("G", active).unwrap()
            .with_group_prices("G", &[("P".into(), group)]).unwrap();
        let r = book.resolve("P", Some("G"), Decimal::ONE, chrono::Utc::now()).unwrap();
        let expected = if active { group.or(list).or(base) } else { list.or(base) };
        prop_assert_eq!(r.amount, expected);
        let tier = if active && group.is_some() { Some(PriceTier::Group) }
            else if list.is_some() { Some(PriceTier::DefaultList) }
            else if base.is_some() { Some(PriceTier::Base) } else { None };
        prop_assert_eq!(r.tier, tier);
        prop_assert_eq!(book.resolve("P", None, Decimal::ONE, chrono::Utc::now()).unwrap().amount, list.or(base));
    }

    /// PR2b: applying a macro and then its inverse lands within one minor unit.
    #[test]
    fn pr2b_macro_then_inverse_within_one_minor_unit(
        price in money(),
        m in prop_oneof![
            (-50i64..=100).prop_map(|p| PriceMacro::Percent(Decimal::from(p))),
            (50i64..=200).prop_map(|f| PriceMacro::Multiply(Decimal::new(f, 2))),
            (0i64..=10_000).prop_map(|a| PriceMacro::Add(Decimal::new(a, 2))),
        ],
    ) {
        let there = m.apply(price, 2).unwrap();
        let back = m.inverse().unwrap().apply(there, 2).unwrap();
        prop_assert!((back - price).abs() <= Decimal::new(1, 2), "{} -> {} -> {}", price, there, back);
    }

    /// PR2b: any text is either a macro or PRICE_MACRO_INVALID, never a panic; any decimal in.
    #[test]
    fn pr2b_macro_parse_never_panics(text in any::<String>(), n in any::<i64>(), scale in 0u32..28) {
        match text.parse::<PriceMacro>() {
            Ok(m) => { let _ = m.apply(Decimal::new(n, scale), 2); }
            Err(e) => prop_assert_eq!(e.code(), "PRICE_MACRO_INVALID"),
        }
        for text in [format!("*{}", Decimal::new(n, scale).abs()), format!("+{}%", Decimal::new(n, scale).abs())] {
            if let Ok(m) = text.parse::<PriceMacro>() {
                let _ = m.apply(Decimal::MAX, 2);
                let _ = m.apply(Decimal::new(n, scale), 2);
            }
        }
    }
}
