//! PR1/PR2b properties: the resolved price is always the highest tier with an entry; a macro
//! then its inverse stays within one minor unit; no text makes macro parsing panic.

use orderlink::pricing::PriceBook;
use orderlink::PriceBreak;
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

/// Breaks at distinct minimums (thousandths up to 100 units) with non-increasing prices.
fn ladder() -> impl Strategy<Value = Vec<PriceBreak>> {
    proptest::collection::btree_set(0u64..100_000, 1..6).prop_flat_map(|mins| {
        let n = mins.len();
        (Just(mins), proptest::collection::vec(0i64..500, n), 100i64..100_000).prop_map(|(mins, drops, top)| {
            let mut price = top;
            mins.into_iter()
                .zip(drops)
                .map(|(m, drop)| {
                    price = (price - drop).max(1);
                    PriceBreak::new(Decimal::new(m as i64, 3), Decimal::new(price, 2))
                })
                .collect()
        })
    })
}

fn instant(secs: i64) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(1_700_000_000 + secs, 0).expect("instant")
}

fn qty() -> impl Strategy<Value = Decimal> {
    (1u64..200_000).prop_map(|q| Decimal::new(q as i64, 3))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// PR5: within one tier, a larger quantity never costs more per unit, whatever the breaks
    /// (a set that would is refused), and in the default list as in a group.
    #[test]
    fn pr5_larger_quantity_never_costs_more_per_unit(breaks in ladder(), q1 in qty(), q2 in qty(), in_group in any::<bool>()) {
        let book = PriceBook::default()
            .with_products(vec![Product::new("P", "Product", None)]).unwrap()
            .with_group("G", true).unwrap();
        let entry = [("P".to_owned(), breaks.clone())];
        let book = if in_group { book.with_group_prices("G", &entry).unwrap() } else { book.with_default_prices(&entry).unwrap() };
        let (lo, hi) = if q1 <= q2 { (q1, q2) } else { (q2, q1) };
        let at = instant(0);
        let a = book.resolve("P", Some("G"), lo, at).unwrap();
        let b = book.resolve("P", Some("G"), hi, at).unwrap();
        if let (Some(pa), Some(pb)) = (a.amount, b.amount) {
            prop_assert!(pb <= pa, "{} at {} but {} at {}", pa, lo, pb, hi);
        }
        // Any price rise along the ladder is refused where it is set.
        if breaks.len() >= 2 {
            let mut dearer = breaks.clone();
            let last = dearer.len() - 1;
            dearer[last].price = dearer[0].price + Decimal::ONE;
            prop_assert_eq!(book.with_group_prices("G", &[("P".to_owned(), dearer)]).unwrap_err().code(), "PRICE_INVALID");
        }
    }

    /// PR6: a window's end is exclusive and its start inclusive.
    #[test]
    fn pr6_window_end_is_exclusive(start in -1_000i64..1_000, len in 1i64..1_000, price in money()) {
        let (from, until) = (instant(start), instant(start + len));
        let b = PriceBreak::new(Decimal::ZERO, price).during(Some(from), Some(until));
        let book = PriceBook::default()
            .with_products(vec![Product::new("P", "Product", None)]).unwrap()
            .with_default_prices(&[("P".to_owned(), vec![b])]).unwrap();
        let at = |t| book.resolve("P", None, Decimal::ONE, t).unwrap().amount;
        prop_assert_eq!(at(from), Some(price));
        prop_assert_eq!(at(until - chrono::Duration::nanoseconds(1)), Some(price));
        prop_assert_eq!(at(until), None);
        prop_assert_eq!(at(from - chrono::Duration::nanoseconds(1)), None);
    }

    /// PR6: resolving at an instant equals resolving, with no windows, only the breaks in
    /// their window then (the latest-starting one where two share a minimum).
    #[test]
    fn pr6_resolving_at_an_instant_equals_resolving_the_entries_valid_then(
        mins in proptest::collection::vec(0u64..4, 1..6),
        windows in proptest::collection::vec((proptest::option::of(-50i64..50), proptest::option::of(1i64..60)), 6),
        price in 1_000i64..2_000,
        at in -60i64..60,
        q in 0u64..5,
        base in proptest::option::of(money()),
    ) {
        // The price falls a unit per minimum step and a cent per break, so any mix of windows
        // stays within PR5 while breaks of one minimum still differ.
        let breaks: Vec<PriceBreak> = mins.iter().zip(&windows).enumerate().map(|(k, (m, (s, len)))| {
            let from = s.map(instant);
            let until = len.map(|l| instant(s.unwrap_or(-100) + l));
            PriceBreak::new(Decimal::from(*m * 10), Decimal::new(price, 2) - Decimal::from(*m) - Decimal::new(k as i64, 2)).during(from, until)
        }).collect();
        let book = PriceBook::default().with_products(vec![Product::new("P", "Product", base)]).unwrap();
        let Ok(windowed) = book.with_group("G", true).unwrap().with_group_prices("G", &[("P".to_owned(), breaks.clone())]) else {
            return Ok(()); // two breaks of one minimum starting together: refused, nothing to compare
        };
        let t = instant(at);
        let mut valid: Vec<PriceBreak> = breaks.iter().filter(|b| b.starts_at.is_none_or(|s| s <= t) && b.ends_at.is_none_or(|e| t < e)).cloned().collect();
        valid.sort_by_key(|b| (b.min_qty, b.starts_at));
        valid.dedup_by(|later, earlier| {
            let same = later.min_qty == earlier.min_qty;
            if same { *earlier = later.clone(); }
            same
        });
        let plain: Vec<PriceBreak> = valid.into_iter().map(|b| PriceBreak::new(b.min_qty, b.price)).collect();
        let reference = book.with_group("G", true).unwrap().with_group_prices("G", &[("P".to_owned(), plain)]).unwrap();
        let qty = Decimal::from(q * 10 + 1);
        let far = instant(1_000_000);
        prop_assert_eq!(windowed.resolve("P", Some("G"), qty, t).unwrap(), reference.resolve("P", Some("G"), qty, far).unwrap());
    }
}
