//! Price resolution (PR1–PR4): products, the workspace default price list, price groups, bulk
//! macros, and the tier that won.
//!
//! The whole price state of a workspace is one [`PriceBook`] value: products in SKU order with
//! every list's prices held by product position, so resolving a catalogue is a walk over
//! arrays, not a hash lookup per product per tier. Changes are pure functions from one book to
//! the next; the store keeps the current book and refuses a save against an old version.

use crate::error::{Error, Result};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// A product as pricing sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Product {
    /// Stock-keeping unit: trimmed, compared exactly.
    pub sku: String,
    /// The product's name, as buyers see it.
    pub name: String,
    /// Unit of measure ("each", "carton 12").
    #[serde(default = "each")]
    pub uom: String,
    /// Excludes tax (PR2a).
    #[serde(default, deserialize_with = "crate::money::exact::option")]
    pub base_price: Option<Decimal>,
    /// An inactive product cannot be ordered (H2: unavailable).
    #[serde(default = "yes")]
    pub active: bool,
    /// An out-of-stock product cannot be reordered from history (H2: unavailable).
    #[serde(default = "yes")]
    pub in_stock: bool,
    /// PR2a: a price of zero is valid for this product (samples, freebies).
    #[serde(default)]
    pub allow_zero_price: bool,
}

fn each() -> String {
    "each".to_owned()
}

fn yes() -> bool {
    true
}

impl Product {
    /// An active, in-stock product sold by the unit.
    pub fn new(sku: impl Into<String>, name: impl Into<String>, base_price: Option<Decimal>) -> Self {
        Product {
            sku: sku.into(),
            name: name.into(),
            uom: each(),
            base_price,
            active: true,
            in_stock: true,
            allow_zero_price: false,
        }
    }
}

/// The tier a price came from (PR1, PR4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PriceTier {
    /// The customer's price group.
    Group,
    /// The workspace default price list.
    DefaultList,
    /// The product's base price.
    Base,
}

impl PriceTier {
    /// The name every language uses.
    pub fn as_str(self) -> &'static str {
        match self {
            PriceTier::Group => "group",
            PriceTier::DefaultList => "default_list",
            PriceTier::Base => "base",
        }
    }
}

/// PR4: why a higher tier did not give the price.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PassedOverReason {
    /// The customer has no price group (or this is the workspace link).
    NoGroup,
    /// The customer's group does not exist (it was removed).
    GroupUnknown,
    /// PR2a: the group is inactive, so it is ignored.
    GroupInactive,
    /// The tier has no entry for this product.
    NoEntry,
}

/// One tier that was looked at and passed over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassedOver {
    /// The tier passed over.
    pub tier: PriceTier,
    /// Why it did not apply.
    pub reason: PassedOverReason,
}

/// A resolved price: the amount and the tier, or no price (PR1: cannot be ordered).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resolved {
    /// PR3: the unit price, excluding tax; `None`: no price, so the product cannot be ordered.
    pub amount: Option<Decimal>,
    /// PR1: the tier the price came from; `None` with no price.
    pub tier: Option<PriceTier>,
}

/// PR4: the explained form of one resolution, for admins and tests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceExplanation {
    /// The product priced.
    pub sku: String,
    /// PR3: the price that won, excluding tax; `None` when no tier gives one.
    pub amount: Option<Decimal>,
    /// PR3: the workspace currency's ISO 4217 code.
    pub currency: String,
    /// PR4: the tier that won; `None` with no price.
    pub tier: Option<PriceTier>,
    /// The customer's group name, if it has one.
    pub group: Option<String>,
    /// The higher tiers that did not apply, in order, and why.
    pub passed_over: Vec<PassedOver>,
}

/// A price group's prices, by product position in the book.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct GroupPrices {
    name: String,
    active: bool,
    prices: Vec<Option<Decimal>>,
}

/// A price group as callers see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceGroup {
    /// The group's name; a customer's `price_group` names it, compared without case.
    pub name: String,
    /// PR2a: an inactive group is ignored; its customers fall back as if they had none.
    pub active: bool,
    /// How many products have an entry.
    pub entries: usize,
}

/// The price state of a workspace. Build changes with its methods; every method validates and
/// returns a new book or an error, leaving `self` untouched.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceBook {
    /// Bumped by every saved change; stores refuse a save against an older version.
    pub version: u64,
    products: Vec<Product>,
    #[serde(skip)]
    index: HashMap<String, usize>,
    default_prices: Vec<Option<Decimal>>,
    /// Keyed by the group name's folded form, so "Trade" and "trade" are one group.
    groups: BTreeMap<String, GroupPrices>,
}

/// The key group names are compared by.
pub fn group_key(name: &str) -> String {
    crate::customer::code_key(name)
}

/// PR2a: a price may be set for this product: not negative, zero only where allowed.
fn check_price(product: &Product, price: Decimal) -> Result<()> {
    // R3: within the stated range before anything else.
    crate::money::check_amount("price", price)?;
    if price.is_sign_negative() && !price.is_zero() {
        return Err(Error::PriceInvalid { sku: product.sku.clone(), message: "a price cannot be negative".into() });
    }
    if price.is_zero() && !product.allow_zero_price {
        return Err(Error::ZeroPriceNotAllowed { sku: product.sku.clone() });
    }
    Ok(())
}

impl PriceBook {
    /// Rebuilds the SKU index (after deserialising a stored book).
    pub fn reindexed(mut self) -> Self {
        self.index = self.products.iter().enumerate().map(|(i, p)| (p.sku.clone(), i)).collect();
        self
    }

    /// Every product, in SKU order.
    pub fn products(&self) -> &[Product] {
        &self.products
    }

    /// One product by SKU.
    pub fn product(&self, sku: &str) -> Option<&Product> {
        self.index.get(sku.trim()).map(|i| &self.products[*i])
    }

    /// Every price group.
    pub fn groups(&self) -> Vec<PriceGroup> {
        self.groups
            .values()
            .map(|g| PriceGroup { name: g.name.clone(), active: g.active, entries: g.prices.iter().flatten().count() })
            .collect()
    }

    fn position(&self, sku: &str) -> Result<usize> {
        self.index.get(sku.trim()).copied().ok_or_else(|| Error::ProductNotFound { sku: sku.trim().to_owned() })
    }

    fn group_mut(&mut self, name: &str) -> Result<&mut GroupPrices> {
        self.groups.get_mut(&group_key(name)).ok_or_else(|| Error::PriceGroupNotFound { name: name.trim().to_owned() })
    }

    /// Adds or replaces products (by SKU). PR2a applies to base prices, and a product may not
    /// stop allowing zero while a list holds a zero price for it.
    pub fn with_products(&self, products: Vec<Product>) -> Result<PriceBook> {
        let mut next = self.clone();
        let mut added = false;
        for mut p in products {
            p.sku = p.sku.trim().to_owned();
            p.name = p.name.trim().to_owned();
            if p.sku.is_empty() || p.sku.chars().count() > 64 {
                return Err(Error::invalid("sku", "a SKU has 1 to 64 characters"));
            }
            // R4: SKUs and names are names: one line, something visible.
            crate::text::check_name("sku", &p.sku)?;
            crate::text::check_name("product name", &p.name)?;
            crate::text::check("uom", &p.uom, crate::text::Lines::Single)?;
            if let Some(base) = p.base_price {
                check_price(&p, base)?;
            }
            match next.index.get(&p.sku).copied() {
                Some(i) => {
                    let zero_elsewhere = next.default_prices[i] == Some(Decimal::ZERO)
                        || next.groups.values().any(|g| g.prices[i] == Some(Decimal::ZERO));
                    if !p.allow_zero_price && zero_elsewhere {
                        return Err(Error::ZeroPriceNotAllowed { sku: p.sku });
                    }
                    next.products[i] = p;
                }
                None => {
                    next.index.insert(p.sku.clone(), next.products.len());
                    next.products.push(p);
                    next.default_prices.push(None);
                    for g in next.groups.values_mut() {
                        g.prices.push(None);
                    }
                    added = true;
                }
            }
        }
        // One sort for the whole batch (sorting per new product made loading 10,000 quadratic).
        Ok(if added { next.sorted() } else { next })
    }

    /// Keeps products in SKU order, with every price vector in step.
    fn sorted(mut self) -> PriceBook {
        let mut order: Vec<usize> = (0..self.products.len()).collect();
        order.sort_by(|a, b| self.products[*a].sku.cmp(&self.products[*b].sku));
        let permute = |v: &Vec<Option<Decimal>>| order.iter().map(|i| v[*i]).collect::<Vec<_>>();
        self.default_prices = permute(&self.default_prices);
        for g in self.groups.values_mut() {
            g.prices = permute(&g.prices);
        }
        self.products = order.iter().map(|i| self.products[*i].clone()).collect();
        self.reindexed()
    }

    /// Sets (Some) or removes (None) default-list prices.
    pub fn with_default_prices(&self, entries: &[(String, Option<Decimal>)]) -> Result<PriceBook> {
        let mut next = self.clone();
        for (sku, price) in entries {
            let i = next.position(sku)?;
            if let Some(p) = price {
                check_price(&next.products[i], *p)?;
            }
            next.default_prices[i] = *price;
        }
        Ok(next)
    }

    /// Creates a group or changes its active flag.
    pub fn with_group(&self, name: &str, active: bool) -> Result<PriceBook> {
        let name = crate::customer::validate_text("price group", Some(name), crate::customer::PRICE_GROUP_MAX_LEN)?
            .ok_or_else(|| Error::invalid("price group", "a group needs a name"))?;
        crate::text::check_name("price group", &name)?;
        let mut next = self.clone();
        let n = next.products.len();
        next.groups.entry(group_key(&name)).and_modify(|g| g.active = active).or_insert(GroupPrices {
            name,
            active,
            prices: vec![None; n],
        });
        Ok(next)
    }

    /// Removes a group; its customers fall back as if they had none.
    pub fn without_group(&self, name: &str) -> Result<PriceBook> {
        let mut next = self.clone();
        next.groups
            .remove(&group_key(name))
            .ok_or_else(|| Error::PriceGroupNotFound { name: name.trim().to_owned() })?;
        Ok(next)
    }

    /// Sets (Some) or removes (None) prices in a group.
    pub fn with_group_prices(&self, group: &str, entries: &[(String, Option<Decimal>)]) -> Result<PriceBook> {
        let mut next = self.clone();
        let positions: Vec<(usize, Option<Decimal>)> =
            entries.iter().map(|(sku, p)| Ok((next.position(sku)?, *p))).collect::<Result<_>>()?;
        for (i, p) in &positions {
            if let Some(p) = p {
                check_price(&next.products[*i], *p)?;
            }
        }
        let g = next.group_mut(group)?;
        for (i, p) in positions {
            g.prices[i] = p;
        }
        Ok(next)
    }

    /// PR2b: applies a macro to a group's prices for `skus` (every product when `None`), each
    /// from its current group price, else its base price; rounds to the currency's minor unit
    /// (half away from zero). Products with neither price are skipped and listed. All or
    /// nothing: a result that is negative, or zero where not allowed, refuses the whole edit.
    pub fn with_group_macro(
        &self,
        group: &str,
        m: &PriceMacro,
        skus: Option<&[String]>,
        currency: &str,
    ) -> Result<(PriceBook, MacroReport)> {
        m.check()?;
        let mut next = self.clone();
        let dp = minor_units(currency);
        let positions: Vec<usize> = match skus {
            Some(list) => list.iter().map(|s| next.position(s)).collect::<Result<_>>()?,
            None => (0..next.products.len()).collect(),
        };
        let products = next.products.clone();
        let g = next.group_mut(group)?;
        let mut report = MacroReport::default();
        for i in positions {
            let product = &products[i];
            let Some(from) = g.prices[i].or(product.base_price) else {
                report.skipped.push(product.sku.clone());
                continue;
            };
            // R3: a result beyond what a decimal holds is out of range like one beyond ours.
            let to = m.apply(from, dp).ok_or_else(|| Error::AmountOutOfRange {
                what: "price",
                value: "a result beyond 79,228,162,514,264,337,593,543,950,335".into(),
                range: crate::money::AMOUNT_RANGE,
            })?;
            check_price(product, to)?;
            g.prices[i] = Some(to);
            report.changed += 1;
        }
        Ok((next, report))
    }

    /// PR1/PR2/PR2a: the price of the product at `i` for a buyer in `group` (None: no group).
    #[inline]
    fn resolve_at(&self, i: usize, group: Option<&GroupPrices>) -> Resolved {
        if let Some(p) = group.and_then(|g| g.prices[i]) {
            return Resolved { amount: Some(p), tier: Some(PriceTier::Group) };
        }
        if let Some(p) = self.default_prices[i] {
            return Resolved { amount: Some(p), tier: Some(PriceTier::DefaultList) };
        }
        match self.products[i].base_price {
            Some(p) => Resolved { amount: Some(p), tier: Some(PriceTier::Base) },
            None => Resolved { amount: None, tier: None },
        }
    }

    /// The group that applies to a buyer: PR2a ignores an inactive one.
    fn applicable_group(&self, group: Option<&str>) -> (Option<&GroupPrices>, Option<PassedOverReason>) {
        let Some(name) = group else { return (None, Some(PassedOverReason::NoGroup)) };
        match self.groups.get(&group_key(name)) {
            None => (None, Some(PassedOverReason::GroupUnknown)),
            Some(g) if !g.active => (None, Some(PassedOverReason::GroupInactive)),
            Some(g) => (Some(g), None),
        }
    }

    /// PR1: one product's price for a buyer in `group`.
    pub fn resolve(&self, sku: &str, group: Option<&str>) -> Result<Resolved> {
        let i = self.position(sku)?;
        Ok(self.resolve_at(i, self.applicable_group(group).0))
    }

    /// PR4: a whole catalogue (or the given SKUs) for one buyer, in one call: the product
    /// positions and their prices, in the book's SKU order or the order of `skus`.
    pub fn resolve_many(&self, skus: Option<&[String]>, group: Option<&str>) -> Result<(Vec<usize>, Vec<Resolved>)> {
        let (g, _) = self.applicable_group(group);
        let positions: Vec<usize> = match skus {
            None => (0..self.products.len()).collect(),
            Some(list) => list.iter().map(|s| self.position(s)).collect::<Result<_>>()?,
        };
        let prices = positions.iter().map(|i| self.resolve_at(*i, g)).collect();
        Ok((positions, prices))
    }

    /// PR4: the tier that won and why each higher tier did not.
    pub fn explain(&self, sku: &str, group: Option<&str>, currency: &str) -> Result<PriceExplanation> {
        let i = self.position(sku)?;
        let (g, why_not_group) = self.applicable_group(group);
        let resolved = self.resolve_at(i, g);
        let mut passed_over = Vec::new();
        if resolved.tier != Some(PriceTier::Group) {
            passed_over.push(PassedOver {
                tier: PriceTier::Group,
                reason: why_not_group.unwrap_or(PassedOverReason::NoEntry),
            });
            if resolved.tier != Some(PriceTier::DefaultList) {
                passed_over.push(PassedOver { tier: PriceTier::DefaultList, reason: PassedOverReason::NoEntry });
                if resolved.tier.is_none() {
                    passed_over.push(PassedOver { tier: PriceTier::Base, reason: PassedOverReason::NoEntry });
                }
            }
        }
        Ok(PriceExplanation {
            sku: self.products[i].sku.clone(),
            amount: resolved.amount,
            currency: currency.to_owned(),
            tier: resolved.tier,
            group: group.map(str::to_owned),
            passed_over,
        })
    }
}

/// What a bulk macro did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MacroReport {
    /// Prices written.
    pub changed: usize,
    /// SKUs with neither a group price nor a base price to start from.
    pub skipped: Vec<String>,
}

/// PR3: the number of decimal places of a currency's minor unit (2 when ISO 4217 has none).
pub fn minor_units(currency: &str) -> u32 {
    iso_currency::Currency::from_code(currency).and_then(|c| c.exponent()).map_or(2, u32::from)
}

/// PR2b: a bulk price edit.
///
/// ```
/// use orderlink::pricing::PriceMacro;
/// use rust_decimal::Decimal;
/// let m: PriceMacro = "+10%".parse().unwrap();
/// assert_eq!(m.apply(Decimal::new(1999, 2), 2), Some(Decimal::new(2199, 2))); // 21.989 → 21.99
/// assert_eq!("x5".parse::<PriceMacro>().unwrap_err().code(), "PRICE_MACRO_INVALID");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", content = "value", rename_all = "snake_case")]
pub enum PriceMacro {
    /// `+10%`, `-5%`: change by a percentage.
    Percent(Decimal),
    /// `*1.15`: multiply.
    Multiply(Decimal),
    /// `+2`, `-5`: add an amount.
    Add(Decimal),
}

impl PriceMacro {
    /// The new price from `price`, rounded to `dp` decimal places, half away from zero; `None`
    /// when the result is beyond what a decimal can hold.
    pub fn apply(&self, price: Decimal, dp: u32) -> Option<Decimal> {
        let raw = match self {
            PriceMacro::Percent(p) => price.checked_add(price.checked_mul(*p)?.checked_div(Decimal::ONE_HUNDRED)?)?,
            PriceMacro::Multiply(f) => price.checked_mul(*f)?,
            PriceMacro::Add(a) => price.checked_add(*a)?,
        };
        Some(raw.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero))
    }

    /// R3: the macro's operand (percentage, factor or amount) is within the amount range.
    pub fn check(&self) -> Result<()> {
        let (PriceMacro::Percent(v) | PriceMacro::Multiply(v) | PriceMacro::Add(v)) = *self;
        crate::money::check_amount("price macro operand", v).map(|_| ())
    }

    /// The macro that undoes this one (before rounding), where there is one.
    pub fn inverse(&self) -> Option<PriceMacro> {
        match self {
            PriceMacro::Percent(p) => {
                let factor = Decimal::ONE + *p / Decimal::ONE_HUNDRED;
                (!factor.is_zero()).then(|| PriceMacro::Multiply(Decimal::ONE / factor))
            }
            PriceMacro::Multiply(f) => (!f.is_zero()).then(|| PriceMacro::Multiply(Decimal::ONE / *f)),
            PriceMacro::Add(a) => Some(PriceMacro::Add(-*a)),
        }
    }
}

impl std::str::FromStr for PriceMacro {
    type Err = Error;
    fn from_str(input: &str) -> Result<Self> {
        let bad = |why: &str| Error::PriceMacroInvalid {
            input: input.chars().take(40).collect(),
            message: format!("{why}; use +10%, -5%, *1.15, +2 or -5"),
        };
        let s: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        let number = |t: &str| -> Result<Decimal> {
            if t.is_empty() || !t.chars().all(|c| c.is_ascii_digit() || c == '.') {
                return Err(bad("expected a number"));
            }
            t.parse::<Decimal>().map_err(|_| bad("expected a number"))
        };
        let (op, rest) = s.split_at(s.chars().next().map_or(0, char::len_utf8));
        match op {
            "*" => {
                let f = number(rest)?;
                if f.is_zero() {
                    return Err(bad("multiplying by zero is not a price edit"));
                }
                Ok(PriceMacro::Multiply(f))
            }
            "+" | "-" => {
                let sign = if op == "-" { -Decimal::ONE } else { Decimal::ONE };
                match rest.strip_suffix('%') {
                    Some(p) => {
                        let p = number(p)? * sign;
                        if p <= -Decimal::ONE_HUNDRED {
                            return Err(bad("a decrease of 100% or more leaves no price"));
                        }
                        Ok(PriceMacro::Percent(p))
                    }
                    None => Ok(PriceMacro::Add(number(rest)? * sign)),
                }
            }
            _ => Err(bad("start with +, - or *")),
        }
    }
}
