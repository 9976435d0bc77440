//! Order references: just enough of an order for stats, reassignment and history.

use crate::error::{Error, Result};
use crate::ids::{CustomerId, OrderId};
use crate::pending::MatchKey;
use crate::pricing::{PriceBook, PriceTier};
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The code the placeholder owner goes by, as the product shows it.
pub const PLACEHOLDER_CODE: &str = "PENDING_MAPPING";

/// An order's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    /// Saved but not submitted.
    Draft,
    /// Submitted and accepted.
    Confirmed,
    /// Invoiced (P6: never while on the placeholder).
    Invoiced,
}

/// Who an order belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "customer_id", rename_all = "snake_case")]
pub enum OrderOwner {
    /// A real customer.
    Customer(CustomerId),
    /// The workspace's `PENDING_MAPPING` placeholder: the buyer is not resolved yet. It is not
    /// a customer record, so it can never be listed, counted, edited or mapped to.
    Placeholder,
}

/// One line of an order.
///
/// PR8: a placed order's line carries the price frozen at intake: `unit_price`, `price_tier`,
/// `price_break` and `currency`, and `price_given` when the caller gave the unit price. A
/// caller hands in only `sku`, `qty`, `uom` and, if it prices the line itself, `unit_price`;
/// intake sets the rest. Lines stored before PR8 read with no frozen price.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrderLine {
    /// The product's SKU.
    pub sku: String,
    /// Quantity ordered.
    #[serde(deserialize_with = "crate::money::exact::deserialize")]
    pub qty: Decimal,
    /// The unit of measure it was ordered in ("each", "carton 12"), when the order says (H2:
    /// a unit the product no longer has makes it unavailable to reorder).
    #[serde(default)]
    pub uom: Option<String>,
    /// PR8: the unit price (excluding tax) frozen on the line: the caller's when given, else
    /// the one resolved at `placed_at`; `None` when neither (no price, unknown SKU, or a line
    /// stored before PR8).
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "crate::money::exact::option")]
    pub unit_price: Option<Decimal>,
    /// PR8: the tier the frozen price came from; `None` for a given price or no price.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_tier: Option<PriceTier>,
    /// PR8/PR5: the minimum quantity of the break that won (0 for a plain price); `None` for
    /// the base price, a given price or no price.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "crate::money::exact::option")]
    pub price_break: Option<Decimal>,
    /// PR8: the currency of `unit_price` (the workspace currency at intake).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// PR8: the caller gave `unit_price`; the library kept it and resolved nothing.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub price_given: bool,
}

impl OrderLine {
    /// A line of `qty` of `sku`, priced by the library at intake.
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// let line = orderlink::OrderLine::new("EGGS-12", Decimal::from(3));
    /// assert_eq!((line.unit_price, line.price_given), (None, false));
    /// ```
    pub fn new(sku: impl Into<String>, qty: Decimal) -> Self {
        OrderLine {
            sku: sku.into(),
            qty,
            uom: None,
            unit_price: None,
            price_tier: None,
            price_break: None,
            currency: None,
            price_given: false,
        }
    }

    /// PR8: the same line with the caller's own unit price.
    pub fn priced(self, unit_price: Decimal) -> Self {
        OrderLine { unit_price: Some(unit_price), ..self }
    }
}

/// The longest unit of measure an order line may name, in characters.
pub const UOM_MAX_LEN: usize = 50;

/// An order as orderlink keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderRef {
    /// Unique in the store; the core issues it at intake.
    pub id: OrderId,
    /// The order number people quote.
    pub number: String,
    /// The customer the order belongs to, or the placeholder while its buyer is pending (P3).
    pub owner: OrderOwner,
    /// When the order was placed.
    pub placed_at: DateTime<Utc>,
    /// Draft, confirmed or invoiced; drafts count apart in the stats (`OrderStats::drafts`).
    pub status: OrderStatus,
    /// Order total in the workspace currency.
    pub total: Decimal,
    /// What was ordered, line by line (H2 reads them).
    pub lines: Vec<OrderLine>,
    /// The buyer key it came in under, for orders from the workspace link (P2, P3, P5).
    pub via_key: Option<MatchKey>,
}

/// An order as the caller hands it in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewOrder {
    /// The order number people quote (e.g. `SO-1001`).
    pub number: String,
    /// Defaults to now.
    #[serde(default)]
    pub placed_at: Option<DateTime<Utc>>,
    /// Confirmed unless given.
    #[serde(default = "confirmed")]
    pub status: OrderStatus,
    /// R3: order total in the workspace currency, within the library's amount range.
    #[serde(deserialize_with = "crate::money::exact::deserialize")]
    pub total: Decimal,
    /// What was ordered (may be empty).
    #[serde(default)]
    pub lines: Vec<OrderLine>,
}

fn confirmed() -> OrderStatus {
    OrderStatus::Confirmed
}

impl NewOrder {
    /// A confirmed order with a number and total, placed now.
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// let o = orderlink::NewOrder::new("SO-1001", Decimal::new(12_550, 2));
    /// assert_eq!(o.total.to_string(), "125.50");
    /// ```
    pub fn new(number: impl Into<String>, total: Decimal) -> Self {
        NewOrder { number: number.into(), placed_at: None, status: OrderStatus::Confirmed, total, lines: Vec::new() }
    }

    /// Validates and makes the stored reference.
    pub(crate) fn into_ref(
        self,
        id: OrderId,
        owner: OrderOwner,
        now: DateTime<Utc>,
        via_key: Option<MatchKey>,
    ) -> Result<OrderRef> {
        let number = self.number.trim().to_owned();
        if number.is_empty() || number.chars().count() > 64 {
            return Err(Error::invalid("order number", "must be 1 to 64 characters"));
        }
        crate::text::check_name("order number", &number)?;
        // R3: the total is an amount in the stated range, so that no customer's sum of totals
        // can overflow (see `crate::money`).
        crate::money::check_amount("order total", self.total)?;
        if self.total.is_sign_negative() && !self.total.is_zero() {
            return Err(Error::invalid("order total", "must not be negative"));
        }
        let mut lines = self.lines;
        for line in &mut lines {
            line.sku = line.sku.trim().to_owned();
            if line.sku.is_empty() || line.qty <= Decimal::ZERO {
                return Err(Error::invalid("order line", "every line needs a SKU and a quantity above zero"));
            }
            crate::text::check_name("sku", &line.sku)?;
            crate::money::check_quantity("quantity", line.qty)?;
            line.uom = crate::customer::validate_text("uom", line.uom.as_deref(), UOM_MAX_LEN)?;
            // PR8: only the unit price comes from the caller; intake sets the rest.
            if let Some(p) = line.unit_price {
                crate::money::check_amount("unit price", p)?;
                if p.is_sign_negative() && !p.is_zero() {
                    return Err(Error::invalid("unit price", "must not be negative"));
                }
            }
            line.price_given = line.unit_price.is_some();
            line.price_tier = None;
            line.price_break = None;
            line.currency = None;
        }
        Ok(OrderRef {
            id,
            number,
            owner,
            placed_at: self.placed_at.unwrap_or(now),
            status: self.status,
            total: self.total,
            lines,
            via_key,
        })
    }
}

impl OrderRef {
    /// PR8: freezes the price on every line: a given unit price is kept (and marked given);
    /// the others are resolved for the line's quantity at `placed_at` for a buyer in `group`
    /// (None: the workspace link). A line whose SKU is not in the book, or that no tier
    /// prices, keeps no price. Then, when every line (at least one) carries a given price, the
    /// total must equal the sum of quantity × unit price rounded to the currency's minor unit,
    /// else `ORDER_TOTAL_MISMATCH`.
    pub fn freeze_prices(&mut self, book: &PriceBook, group: Option<&str>, currency: &str) -> Result<()> {
        for line in &mut self.lines {
            line.currency = Some(currency.to_owned());
            if line.price_given {
                continue;
            }
            if book.product(&line.sku).is_none() {
                line.currency = None;
                continue;
            }
            let r = book.resolve(&line.sku, group, line.qty, self.placed_at)?;
            line.unit_price = r.amount;
            line.price_tier = r.tier;
            line.price_break = r.min_qty;
            if r.amount.is_none() {
                line.currency = None;
            }
        }
        if !self.lines.is_empty() && self.lines.iter().all(|l| l.price_given) {
            let dp = crate::pricing::minor_units(currency);
            let mut sum = Decimal::ZERO;
            for l in &self.lines {
                let price = l.unit_price.unwrap_or_default();
                let amount = l.qty.checked_mul(price).ok_or_else(|| Error::AmountOutOfRange {
                    what: "line amount",
                    value: format!("{} × {}", l.qty, price),
                    range: crate::money::AMOUNT_RANGE,
                })?;
                sum = crate::money::checked_sum("order lines", [sum, amount])?;
            }
            let lines = sum.round_dp_with_strategy(dp, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
            if lines != self.total {
                return Err(Error::OrderTotalMismatch { number: self.number.clone(), total: self.total, lines });
            }
        }
        Ok(())
    }
}

/// Customer stats recomputed from the orders a customer owns: the one definition every store
/// uses after an attach, a move or a status change (drafts are counted, and counted apart).
///
/// R3: the sum is checked. Every stored total is within `crate::money`'s range, so it cannot
/// overflow with fewer than `money::SUM_TERMS_BEFORE_OVERFLOW` (≈ 7.9 × 10^12) orders; past
/// that it is `AMOUNT_OUT_OF_RANGE`, never a panic, and the store refuses the write.
pub fn stats_of<'a>(orders: impl IntoIterator<Item = &'a OrderRef>) -> Result<crate::OrderStats> {
    let mut stats = crate::OrderStats::default();
    for o in orders {
        stats.orders += 1;
        stats.amount = crate::money::checked_sum("customer order total", [stats.amount, o.total])?;
        stats.last_order_at = stats.last_order_at.max(Some(o.placed_at));
        stats.drafts += u64::from(o.status == OrderStatus::Draft);
    }
    Ok(stats)
}
