//! R3 / PR3: the one stated range for money and quantities, checked where values enter.
//!
//! - **Amounts** (product base prices, price-list and price-group entries, order totals, price
//!   macro operands and results, freight amounts and thresholds): `|x| ≤ 1,000,000,000,000`
//!   ([`AMOUNT_MAX`]) with at most 4 decimal places ([`AMOUNT_PLACES`]). Four places, not the
//!   currency's two: wholesale unit prices are often quoted to a tenth or hundredth of a cent
//!   (0.0425 per screw), and a trillion covers any single B2B amount in any currency in use
//!   (a whole year of a large wholesaler's sales in yen or won is still far below it).
//! - **Quantities** (order lines): `0 < q ≤ 1,000,000,000` ([`QUANTITY_MAX`]) with at most 3
//!   decimal places ([`QUANTITY_PLACES`]): grams of a kilogram, millilitres of a litre.
//!
//! Places are counted on the value, not on how it was written: `4.5000` has one place. A value
//! with more places is refused (`AMOUNT_OUT_OF_RANGE`), never rounded: rounding money someone
//! typed would silently change it (`0.1 + 0.2` from JavaScript is `0.30000000000000004`, an
//! error, not `0.3`).
//!
//! **Why a sum of stored amounts cannot overflow.** A `Decimal` holds a 96-bit integer
//! (≤ 79,228,162,514,264,337,593,543,950,335) and a scale. Every stored amount has at most
//! [`AMOUNT_PLACES`] places, so a sum of them needs scale 4 at most, and each term is at most
//! `10^12 × 10^4 = 10^16` in units of the fourth place. Overflow needs more than
//! [`SUM_TERMS_BEFORE_OVERFLOW`] (≈ 7.9 × 10^12) maximum amounts in one sum: one customer with
//! that many orders, each of a trillion. [`checked_sum`] still checks every addition, so even
//! that answers `AMOUNT_OUT_OF_RANGE` rather than panicking.

use crate::error::{Error, Result};
use rust_decimal::Decimal;

/// R3: the largest amount (in absolute value) orderlink accepts: one trillion.
pub const AMOUNT_MAX: Decimal = Decimal::from_parts(0xD4A5_1000, 0xE8, 0, false, 0);
/// R3: the most decimal places an amount may have.
pub const AMOUNT_PLACES: u32 = 4;
/// R3: the largest quantity orderlink accepts: one billion.
pub const QUANTITY_MAX: Decimal = Decimal::from_parts(1_000_000_000, 0, 0, false, 0);
/// R3: the most decimal places a quantity may have.
pub const QUANTITY_PLACES: u32 = 3;
/// The range of amounts as error messages state it.
pub const AMOUNT_RANGE: &str = "-1,000,000,000,000 to 1,000,000,000,000, at most 4 decimal places";
/// The range of quantities as error messages state it.
pub const QUANTITY_RANGE: &str = "above 0 up to 1,000,000,000, at most 3 decimal places";
/// How many maximum amounts (at [`AMOUNT_PLACES`]) a `Decimal` sum holds before it could
/// overflow: `⌊(2^96 − 1) / 10^16⌋`. See the module documentation.
pub const SUM_TERMS_BEFORE_OVERFLOW: u64 = 7_922_816_251_426;

/// The places a value has once trailing zeros are dropped (`4.50` has 1).
pub fn places(value: Decimal) -> u32 {
    value.normalize().scale()
}

/// R3: `value` if it is an amount within the stated range, else `AMOUNT_OUT_OF_RANGE` naming
/// `what`.
///
/// ```
/// use orderlink::money::check_amount;
/// use rust_decimal::Decimal;
/// assert!(check_amount("price", Decimal::new(425, 4)).is_ok()); // 0.0425
/// assert_eq!(check_amount("price", Decimal::new(1, 5)).unwrap_err().code(), "AMOUNT_OUT_OF_RANGE");
/// ```
pub fn check_amount(what: &'static str, value: Decimal) -> Result<Decimal> {
    if value.abs() > AMOUNT_MAX || places(value) > AMOUNT_PLACES {
        return Err(Error::AmountOutOfRange { what, value: value.to_string(), range: AMOUNT_RANGE });
    }
    Ok(value)
}

/// R3: `value` if it is a quantity within the stated range, else `AMOUNT_OUT_OF_RANGE`.
pub fn check_quantity(what: &'static str, value: Decimal) -> Result<Decimal> {
    if value <= Decimal::ZERO || value > QUANTITY_MAX || places(value) > QUANTITY_PLACES {
        return Err(Error::AmountOutOfRange { what, value: value.to_string(), range: QUANTITY_RANGE });
    }
    Ok(value)
}

/// R3: a sum of stored amounts, every addition checked: `AMOUNT_OUT_OF_RANGE` instead of an
/// overflow (which the stated range makes unreachable in practice; see the module docs).
pub fn checked_sum(what: &'static str, amounts: impl IntoIterator<Item = Decimal>) -> Result<Decimal> {
    amounts.into_iter().try_fold(Decimal::ZERO, |sum, a| {
        sum.checked_add(a).ok_or_else(|| Error::AmountOutOfRange {
            what,
            value: "a sum beyond 79,228,162,514,264,337,593,543,950,335".to_owned(),
            range: AMOUNT_RANGE,
        })
    })
}

/// Decimal text read exactly: `AMOUNT_OUT_OF_RANGE` where parsing would have to round (more
/// digits than a `Decimal` holds) or the value is too large to hold, `INVALID_ARGUMENT` where
/// the text is not a decimal number. Plain (`-12.50`) and exponent forms (`1.25E+3`, what
/// Python's `str(Decimal)` gives for some values) are read. The range of the value itself is
/// checked where it enters ([`check_amount`], [`check_quantity`]).
pub fn parse_decimal(what: &'static str, text: &str) -> Result<Decimal> {
    let t = text.trim();
    let out = || Error::AmountOutOfRange { what, value: clip(t), range: AMOUNT_RANGE };
    let (mantissa, exponent) = match t.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e)),
        None => (t, None),
    };
    let digits = mantissa.strip_prefix(['-', '+']).unwrap_or(mantissa);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let numeric = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && numeric(e)
    });
    if (int.is_empty() && frac.is_empty()) || !numeric(int) || !numeric(frac) || !exponent_ok {
        return Err(Error::invalid(what, format!("expected a decimal number, got {:?}", clip(t))));
    }
    let value = Decimal::from_str_exact(mantissa.strip_prefix('+').unwrap_or(mantissa)).map_err(|_| out())?;
    let Some(exponent) = exponent else { return Ok(value) };
    // An exponent past ±60 cannot give an amount (nor a Decimal, unless the value is zero).
    let exponent: i32 = exponent.parse().ok().filter(|e: &i32| e.abs() <= 60).ok_or_else(out)?;
    if value.is_zero() {
        return Ok(Decimal::ZERO);
    }
    if exponent >= 0 {
        (0..exponent).try_fold(value, |v, _| v.checked_mul(Decimal::TEN)).ok_or_else(out)
    } else {
        let scale = value.scale() + exponent.unsigned_abs();
        let mut v = value;
        v.set_scale(scale).map_err(|_| out())?;
        Ok(v)
    }
}

/// Serde for the core's input amounts (`#[serde(deserialize_with = ...)]`): text read by
/// [`parse_decimal`] and numbers by their shortest text, both exactly, so a value is never
/// rounded on the way in (rust_decimal's own reading rounds past 28 places).
pub(crate) mod exact {
    use rust_decimal::Decimal;
    use serde::de::{self, Deserializer, Visitor};
    use std::fmt;

    struct Exact;

    impl Visitor<'_> for Exact {
        type Value = Decimal;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a decimal number or decimal text")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
            super::parse_decimal("amount", v).map_err(E::custom)
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decimal, E> {
            Ok(Decimal::from(v))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decimal, E> {
            Ok(Decimal::from(v))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Decimal, E> {
            // Past what a Decimal holds (≈ 7.9e28) there is no value to range-check: a serde
            // error (INVALID_ARGUMENT in the bindings) rather than AMOUNT_OUT_OF_RANGE.
            if !v.is_finite() || v.abs() >= 7.9e28 {
                return Err(E::custom(format!("{v} is not an amount")));
            }
            super::parse_decimal("amount", &format!("{v}")).map_err(E::custom)
        }
    }

    /// A required amount.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        d.deserialize_any(Exact)
    }

    /// An optional amount (`null` or absent is `None`).
    pub fn option<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
        struct Opt;
        impl<'de> Visitor<'de> for Opt {
            type Value = Option<Decimal>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a decimal number, decimal text or null")
            }
            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                d.deserialize_any(Exact).map(Some)
            }
        }
        d.deserialize_option(Opt)
    }
}

/// Node's money rule (SPEC, Public API sketch): a JS number stands for the decimal it prints
/// as (its shortest round-trip text, what both JavaScript and Rust's `{}` print), and only a
/// number whose text is a short decimal is an amount: `0.1 + 0.2` prints
/// `0.30000000000000004`, more places than any amount has, so it is `AMOUNT_OUT_OF_RANGE`
/// (the same answer the string "0.30000000000000004" gets). `NaN` and infinities are
/// `INVALID_ARGUMENT`.
///
/// ```
/// use orderlink::money::decimal_from_f64;
/// assert_eq!(decimal_from_f64("price", 19.99).unwrap().to_string(), "19.99");
/// assert_eq!(decimal_from_f64("price", 0.1 + 0.2).unwrap_err().code(), "AMOUNT_OUT_OF_RANGE");
/// assert_eq!(decimal_from_f64("price", f64::NAN).unwrap_err().code(), "INVALID_ARGUMENT");
/// ```
pub fn decimal_from_f64(what: &'static str, value: f64) -> Result<Decimal> {
    if !value.is_finite() {
        return Err(Error::invalid(what, format!("expected a finite number, got {value}")));
    }
    // Rust prints an f64 without an exponent, so 1e300 is 301 digits: refuse by magnitude first.
    if value.abs() > 1e15 {
        return Err(Error::AmountOutOfRange { what, value: format!("{value:e}"), range: AMOUNT_RANGE });
    }
    let text = format!("{value}");
    let frac = text.split_once('.').map_or(0, |(_, f)| f.len());
    if frac > AMOUNT_PLACES as usize {
        return Err(Error::AmountOutOfRange { what, value: text, range: AMOUNT_RANGE });
    }
    parse_decimal(what, &text)
}

fn clip(text: &str) -> String {
    text.chars().take(60).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn r3_constants_are_the_stated_range() {
        assert_eq!(AMOUNT_MAX, d("1000000000000"));
        assert_eq!(QUANTITY_MAX, d("1000000000"));
        // SUM_TERMS_BEFORE_OVERFLOW is ⌊MAX / 10^16⌋: one more maximum amount still fits, and
        // the bound is more orders than any store holds for one customer.
        let unit = d("10000000000000000");
        assert_eq!((Decimal::MAX / unit).trunc(), Decimal::from(SUM_TERMS_BEFORE_OVERFLOW));
        const { assert!(SUM_TERMS_BEFORE_OVERFLOW > 1_000_000_000_000) };
    }

    #[test]
    fn r3_amounts_in_and_out_of_range() {
        for ok in ["0", "19.99", "0.0425", "-5", "1000000000000", "-1000000000000", "4.50000000"] {
            assert!(check_amount("price", d(ok)).is_ok(), "{ok}");
        }
        for bad in ["1000000000000.0001", "-1000000000000.0001", "0.00001", "0.30000000000000004", "1e20"] {
            let v = Decimal::from_str(bad).or_else(|_| Decimal::from_scientific(bad)).unwrap();
            assert_eq!(check_amount("price", v).unwrap_err().code(), "AMOUNT_OUT_OF_RANGE", "{bad}");
        }
    }

    #[test]
    fn r3_quantities_in_and_out_of_range() {
        for ok in ["1", "0.001", "1000000000", "2.500"] {
            assert!(check_quantity("quantity", d(ok)).is_ok(), "{ok}");
        }
        for bad in ["0", "-1", "0.0001", "1000000000.001"] {
            assert_eq!(check_quantity("quantity", d(bad)).unwrap_err().code(), "AMOUNT_OUT_OF_RANGE", "{bad}");
        }
    }

    /// R3: the worst sum the range allows cannot overflow within any count of orders a store
    /// holds, and a sum that would is an error, not a panic.
    #[test]
    fn r3_sums_of_maximum_amounts_cannot_overflow() {
        let max = AMOUNT_MAX - Decimal::new(1, 4);
        // A million maximum amounts at the maximum places sum exactly.
        let sum = checked_sum("total", std::iter::repeat_n(max, 1_000_000)).unwrap();
        assert_eq!(sum, max * Decimal::from(1_000_000));
        // Beyond the range, checked arithmetic answers instead of panicking.
        let err = checked_sum("total", [Decimal::MAX, Decimal::ONE]).unwrap_err();
        assert_eq!(err.code(), "AMOUNT_OUT_OF_RANGE");
    }

    #[test]
    fn r3_js_numbers_read_by_their_shortest_text() {
        for (n, text) in [(4.5, "4.5"), (0.3, "0.3"), (19.99, "19.99"), (0.0425, "0.0425"), (1e12, "1000000000000")] {
            assert_eq!(decimal_from_f64("price", n).unwrap().to_string(), text);
        }
        for n in [0.1 + 0.2, 1e-7, 1e300, -1e300, 0.00001] {
            assert_eq!(decimal_from_f64("price", n).unwrap_err().code(), "AMOUNT_OUT_OF_RANGE", "{n}");
        }
        for n in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert_eq!(decimal_from_f64("price", n).unwrap_err().code(), "INVALID_ARGUMENT", "{n}");
        }
    }

    #[test]
    fn r3_decimal_text_is_never_rounded() {
        assert_eq!(parse_decimal("price", " 12.50 ").unwrap().to_string(), "12.50");
        let long = "0.12345678901234567890123456789012";
        assert_eq!(parse_decimal("price", long).unwrap_err().code(), "AMOUNT_OUT_OF_RANGE");
        assert_eq!(parse_decimal("price", "1.25E+3").unwrap(), d("1250"));
        assert_eq!(parse_decimal("price", "5E-7").unwrap().to_string(), "0.0000005");
        assert_eq!(parse_decimal("price", "1E-40").unwrap_err().code(), "AMOUNT_OUT_OF_RANGE");
        assert_eq!(parse_decimal("price", "1E+40").unwrap_err().code(), "AMOUNT_OUT_OF_RANGE");
        for bad in ["", "abc", "e5", "1e", "1.2.3", "--1", ".", "1e+-2"] {
            assert_eq!(parse_decimal("price", bad).unwrap_err().code(), "INVALID_ARGUMENT", "{bad}");
        }
    }
}
