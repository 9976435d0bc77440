//! Result objects of pricing (PR1–PR7) and effective settings (ST1), wrapping the core values
//! read-only. The entry points are methods of `Workspace` (workspace.rs).
//!
//! `PriceSheet` is the one that is not a plain wrapper: a whole catalogue crosses as three
//! Python lists built in one pass. Making a `decimal.Decimal` costs far more than resolving its
//! price, so each distinct amount is made once and shared ([`AmountCache`]).

use crate::convert::{decimal_type, serde_name};
use crate::types::{b, freight_dict, q, qo};
use chrono::{DateTime, Utc};
use orderlink as core;
use orderlink::PriceTier;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Python's repr of an optional amount: `Decimal('6.20')` or `None`.
fn money(amount: Option<Decimal>) -> String {
    amount.map_or_else(|| "None".to_owned(), |a| format!("Decimal('{a}')"))
}

fn tier_name(tier: Option<PriceTier>) -> Option<&'static str> {
    tier.map(PriceTier::as_str)
}

/// PR1, PR2a: a product as pricing sees it. Read-only: change it with
/// ``Workspace.upsert_products``.
///
/// >>> ws.upsert_products([{"sku": "EGGS-12", "name": "Eggs", "base_price": Decimal("7.00")}])
/// >>> ws.products()
/// [Product(sku='EGGS-12', name='Eggs', uom='each', base_price=Decimal('7.00'), active=True, in_stock=True)]
#[pyclass(frozen, eq, name = "Product", module = "orderlink")]
#[derive(PartialEq)]
pub struct Product {
    pub inner: core::Product,
}

#[pymethods]
impl Product {
    /// The stock-keeping unit (trimmed, compared exactly).
    #[getter]
    fn sku(&self) -> &str {
        &self.inner.sku
    }
    /// The product's name.
    #[getter]
    fn name(&self) -> &str {
        &self.inner.name
    }
    /// The unit of measure (``"each"`` unless given).
    #[getter]
    fn uom(&self) -> &str {
        &self.inner.uom
    }
    /// PR1, PR2a: the base price excluding tax (``decimal.Decimal``), or None.
    #[getter]
    fn base_price(&self) -> Option<Decimal> {
        self.inner.base_price
    }
    /// Whether the product is active (an inactive one still has a price).
    #[getter]
    fn active(&self) -> bool {
        self.inner.active
    }
    /// Whether the product is in stock (one out of stock still has a price).
    #[getter]
    fn in_stock(&self) -> bool {
        self.inner.in_stock
    }
    /// PR2a: a price of zero is valid for this product.
    #[getter]
    fn allow_zero_price(&self) -> bool {
        self.inner.allow_zero_price
    }
    fn __repr__(&self) -> String {
        let p = &self.inner;
        format!(
            "Product(sku={}, name={}, uom={}, base_price={}, active={}, in_stock={})",
            q(&p.sku),
            q(&p.name),
            q(&p.uom),
            money(p.base_price),
            b(p.active),
            b(p.in_stock)
        )
    }
}

/// PR1, PR2a: a price group: its name, whether it applies, and how many products it prices.
#[pyclass(frozen, eq, name = "PriceGroup", module = "orderlink")]
#[derive(PartialEq)]
pub struct PriceGroup {
    pub inner: core::PriceGroup,
}

#[pymethods]
impl PriceGroup {
    /// The group's name as first given (groups are compared without case).
    #[getter]
    fn name(&self) -> &str {
        &self.inner.name
    }
    /// PR2a: an inactive group is ignored; its customers fall back as if they had none.
    #[getter]
    fn active(&self) -> bool {
        self.inner.active
    }
    /// How many products have a price in the group.
    #[getter]
    fn entries(&self) -> usize {
        self.inner.entries
    }
    fn __repr__(&self) -> String {
        format!(
            "PriceGroup(name={}, active={}, entries={})",
            q(&self.inner.name),
            b(self.inner.active),
            self.inner.entries
        )
    }
}

/// PR2b: what a bulk price macro did.
#[pyclass(frozen, eq, name = "MacroReport", module = "orderlink")]
#[derive(PartialEq)]
pub struct MacroReport {
    pub inner: core::MacroReport,
}

#[pymethods]
impl MacroReport {
    /// How many group prices were written.
    #[getter]
    fn changed(&self) -> usize {
        self.inner.changed
    }
    /// The SKUs left alone: they had neither a group price nor a base price to start from.
    #[getter]
    fn skipped(&self) -> Vec<String> {
        self.inner.skipped.clone()
    }
    fn __repr__(&self) -> String {
        let skipped: Vec<String> = self.inner.skipped.iter().map(|s| q(s)).collect();
        format!("MacroReport(changed={}, skipped=[{}])", self.inner.changed, skipped.join(", "))
    }
}

/// PR1, PR2, PR4: one product's price for a buyer: the amount (``decimal.Decimal``, in the
/// workspace currency) and the tier it came from, or both None when the product has no price
/// (it cannot be ordered).
#[pyclass(frozen, eq, name = "ResolvedPrice", module = "orderlink")]
#[derive(PartialEq)]
pub struct ResolvedPrice {
    pub inner: core::Resolved,
}

#[pymethods]
impl ResolvedPrice {
    /// The price (``decimal.Decimal``), or None: no tier prices the product.
    #[getter]
    fn amount(&self) -> Option<Decimal> {
        self.inner.amount
    }
    /// ``"group"``, ``"default_list"``, ``"base"``, or None with no price.
    #[getter]
    fn tier(&self) -> Option<&'static str> {
        tier_name(self.inner.tier)
    }
    /// PR5: the minimum quantity of the break that won (``Decimal``; 0 for a plain price), or
    /// None for the base price or no price.
    #[getter]
    fn min_qty(&self) -> Option<Decimal> {
        self.inner.min_qty
    }
    fn __repr__(&self) -> String {
        format!("ResolvedPrice(amount={}, tier={})", money(self.inner.amount), qo(self.tier()))
    }
}

/// PR4: a tier that was looked at and passed over, and why: ``reason`` is ``"no_group"`` (no
/// group, or the workspace link), ``"group_unknown"`` (the customer's group was removed),
/// ``"group_inactive"`` (PR2a), ``"no_entry"`` (the tier has no price for the product),
/// ``"outside_window"`` (PR6: none of its breaks is in its window then) or
/// ``"below_smallest_break"`` (PR5: no break at or below the quantity).
#[pyclass(frozen, eq, name = "PassedOver", module = "orderlink")]
#[derive(PartialEq)]
pub struct PassedOver {
    pub inner: core::PassedOver,
}

#[pymethods]
impl PassedOver {
    /// ``"group"``, ``"default_list"`` or ``"base"``.
    #[getter]
    fn tier(&self) -> &'static str {
        self.inner.tier.as_str()
    }
    /// ``"no_group"``, ``"group_unknown"``, ``"group_inactive"``, ``"no_entry"``,
    /// ``"outside_window"`` (PR6) or ``"below_smallest_break"`` (PR5).
    #[getter]
    fn reason(&self) -> String {
        serde_name(&self.inner.reason, "reason")
    }
    fn __repr__(&self) -> String {
        format!("PassedOver(tier={}, reason={})", q(self.tier()), q(&self.reason()))
    }
}

/// PR4: the explained form of one price, for admins and tests: the tier that won, and each
/// higher tier that did not apply with its reason, in order.
///
/// >>> ws.upsert_products([{"sku": "EGGS-12", "name": "Eggs", "base_price": "7.00"}])
/// >>> ws.explain_price(None, "EGGS-12")
/// PriceExplanation(sku='EGGS-12', amount=Decimal('7.00'), currency='USD', tier='base', group=None, passed_over=[PassedOver(tier='group', reason='no_group'), PassedOver(tier='default_list', reason='no_entry')])
#[pyclass(frozen, eq, name = "PriceExplanation", module = "orderlink")]
#[derive(PartialEq)]
pub struct PriceExplanation {
    pub inner: core::PriceExplanation,
}

#[pymethods]
impl PriceExplanation {
    /// The product's SKU.
    #[getter]
    fn sku(&self) -> &str {
        &self.inner.sku
    }
    /// The price (``decimal.Decimal``), or None.
    #[getter]
    fn amount(&self) -> Option<Decimal> {
        self.inner.amount
    }
    /// PR3: the workspace currency (ISO 4217).
    #[getter]
    fn currency(&self) -> &str {
        &self.inner.currency
    }
    /// The tier that won: ``"group"``, ``"default_list"``, ``"base"``, or None.
    #[getter]
    fn tier(&self) -> Option<&'static str> {
        tier_name(self.inner.tier)
    }
    /// The customer's price group as the customer names it, or None.
    #[getter]
    fn group(&self) -> Option<&str> {
        self.inner.group.as_deref()
    }
    /// The higher tiers that did not give the price, in order, each with why.
    #[getter]
    fn passed_over(&self) -> Vec<PassedOver> {
        self.inner.passed_over.iter().map(|&inner| PassedOver { inner }).collect()
    }
    /// PR5: the minimum quantity of the break that won, or None (base price, no price).
    #[getter]
    fn min_qty(&self) -> Option<Decimal> {
        self.inner.min_qty
    }
    /// PR5: the quantity asked about.
    #[getter]
    fn qty(&self) -> Decimal {
        self.inner.qty
    }
    /// PR6: the instant asked about (UTC).
    #[getter]
    fn at(&self) -> DateTime<Utc> {
        self.inner.at
    }
    /// PR6: breaks of the tiers that apply to this buyer that start later, soonest first.
    #[getter]
    fn upcoming(&self) -> Vec<UpcomingPrice> {
        self.inner.upcoming.iter().map(|u| UpcomingPrice { inner: u.clone() }).collect()
    }
    fn __repr__(&self) -> String {
        let e = &self.inner;
        let passed: Vec<String> = self.passed_over().iter().map(PassedOver::__repr__).collect();
        format!(
            "PriceExplanation(sku={}, amount={}, currency={}, tier={}, group={}, passed_over=[{}])",
            q(&e.sku),
            money(e.amount),
            q(&e.currency),
            qo(self.tier()),
            qo(e.group.as_deref()),
            passed.join(", ")
        )
    }
}

/// PR6: a scheduled break, as :meth:`Workspace.explain_price` shows it ahead of time.
#[pyclass(frozen, eq, name = "UpcomingPrice", module = "orderlink")]
#[derive(PartialEq)]
pub struct UpcomingPrice {
    pub inner: core::UpcomingPrice,
}

#[pymethods]
impl UpcomingPrice {
    /// ``"group"`` or ``"default_list"``.
    #[getter]
    fn tier(&self) -> &'static str {
        self.inner.tier.as_str()
    }
    /// The break's minimum quantity (``Decimal``).
    #[getter]
    fn min_qty(&self) -> Decimal {
        self.inner.price_break.min_qty
    }
    /// The break's unit price (``Decimal``).
    #[getter]
    fn price(&self) -> Decimal {
        self.inner.price_break.price
    }
    /// When it starts applying (UTC, inclusive).
    #[getter]
    fn starts_at(&self) -> Option<DateTime<Utc>> {
        self.inner.price_break.starts_at
    }
    /// When it stops applying (UTC, exclusive), or None.
    #[getter]
    fn ends_at(&self) -> Option<DateTime<Utc>> {
        self.inner.price_break.ends_at
    }
    fn __repr__(&self) -> String {
        let b = &self.inner.price_break;
        format!(
            "UpcomingPrice(tier={}, min_qty=Decimal('{}'), price=Decimal('{}'), starts_at={})",
            q(self.tier()),
            b.min_qty,
            b.price,
            b.starts_at.map_or_else(|| "None".to_owned(), |t| q(&t.to_rfc3339()))
        )
    }
}

/// PR5/PR6: one product's entry as set, as dicts ``{"min_qty", "price", "starts_at",
/// "ends_at"}`` (Decimals and UTC datetimes or None).
pub fn break_dicts<'py>(py: Python<'py>, breaks: &[core::PriceBreak]) -> PyResult<Vec<Bound<'py, PyDict>>> {
    breaks
        .iter()
        .map(|b| {
            let d = PyDict::new(py);
            d.set_item("min_qty", b.min_qty)?;
            d.set_item("price", b.price)?;
            d.set_item("starts_at", b.starts_at)?;
            d.set_item("ends_at", b.ends_at)?;
            Ok(d)
        })
        .collect()
}

/// ST1: a customer's effective order template, checkout mode and freight, and where each came
/// from (``"customer"``, ``"workspace"`` or ``"system"``).
///
/// >>> s = ws.effective_settings(deli.id)
/// >>> s.order_template, s.checkout_mode, s.freight, s.freight_from
/// ('ecommerce', 'pay_later', {'kind': 'to_be_confirmed'}, 'system')
#[pyclass(frozen, eq, name = "EffectiveSettings", module = "orderlink")]
#[derive(PartialEq)]
pub struct EffectiveSettings {
    pub inner: core::EffectiveSettings,
}

#[pymethods]
impl EffectiveSettings {
    /// ``"ecommerce"`` (the system default) or ``"quantity_grid"``.
    #[getter]
    fn order_template(&self) -> String {
        serde_name(&self.inner.order_template, "kind")
    }
    /// Where ``order_template`` came from.
    #[getter]
    fn order_template_from(&self) -> String {
        serde_name(&self.inner.order_template_from, "from")
    }
    /// ``"pay_now"`` or ``"pay_later"`` (never ``"inherit"``).
    #[getter]
    fn checkout_mode(&self) -> String {
        serde_name(&self.inner.checkout_mode, "kind")
    }
    /// Where the chosen checkout mode came from (before ``pay_later_forced``).
    #[getter]
    fn checkout_mode_from(&self) -> String {
        serde_name(&self.inner.checkout_mode_from, "from")
    }
    /// Pay now was chosen but card payments are not ready, so Pay later applies.
    #[getter]
    fn pay_later_forced(&self) -> bool {
        self.inner.pay_later_forced
    }
    /// The freight as a dict, e.g. ``{"kind": "flat_rate", "amount": Decimal("9.50")}`` (kinds:
    /// flat_rate, free_over, manual, to_be_confirmed); a new dict each time.
    #[getter]
    fn freight<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        freight_dict(py, &self.inner.freight)
    }
    /// Where ``freight`` came from.
    #[getter]
    fn freight_from(&self) -> String {
        serde_name(&self.inner.freight_from, "from")
    }
    fn __repr__(&self) -> String {
        format!(
            "EffectiveSettings(order_template={}, checkout_mode={}, pay_later_forced={}, freight={})",
            q(&self.order_template()),
            q(&self.checkout_mode()),
            b(self.inner.pay_later_forced),
            q(&serde_name(&self.inner.freight, "kind"))
        )
    }
}

/// The `decimal.Decimal` made for each exact amount (keyed by its 128 bits, so `6.2` and
/// `6.20`, which print differently, stay apart). A key always gives a Decimal of that very
/// value, and Decimals are immutable, so one object may be shared by every row, call and buyer
/// that has the amount.
///
/// The workspace keeps one cache for its price book. When the book's version moves on, the
/// amounts used with the book before are kept, since a price change leaves most amounts as they
/// were, and those unused since are dropped: the cache holds the amounts of at most two
/// versions of the book.
#[derive(Default)]
pub struct AmountCache {
    version: Option<u64>,
    /// Bumped each time a new book version is seen.
    generation: u64,
    /// The Decimal, and the generation that last used it.
    decimals: HashMap<u128, (Py<PyAny>, u64), BuildHasherDefault<AmountHasher>>,
    /// Where an amount is written out before `decimal.Decimal` reads it.
    text: String,
}

/// A bound on memory: past this many distinct amounts (a hundred times the 10,000
/// products) the cache starts over.
const AMOUNT_CACHE_MAX: usize = 1 << 20;

/// A multiply-and-rotate hash (rustc's FxHash) for the cache's 128-bit keys. SipHash, the
/// default, took a third of the time of a cold 10,000-row sheet; its defence against keys chosen
/// to collide is not needed for amounts the workspace's own price book holds.
#[derive(Default)]
pub struct AmountHasher(u64);

impl AmountHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for AmountHasher {
    fn write_u128(&mut self, key: u128) {
        self.add(key as u64);
        self.add((key >> 64) as u64);
    }
    fn write(&mut self, bytes: &[u8]) {
        bytes.iter().for_each(|b| self.add(u64::from(*b)));
    }
    fn finish(&self) -> u64 {
        // The product's high bits are the well-mixed ones; rotated down, they pick the bucket
        // (round prices share many low zero bits). rustc-hash 2 finishes the same way.
        self.0.rotate_left(26)
    }
}

impl AmountCache {
    /// Readies the cache for a sheet of `rows` amounts from this book version.
    pub fn for_version(&mut self, version: u64, rows: usize) {
        if self.version != Some(version) {
            self.version = Some(version);
            self.generation += 1;
            let previous = self.generation - 1;
            self.decimals.retain(|_, (_, used)| *used >= previous);
        }
        if self.decimals.len() > AMOUNT_CACHE_MAX {
            self.decimals.clear();
        }
        self.decimals.reserve(rows);
    }

    /// The Decimal of `amount`: the one made before, else a new one (as pyo3 makes it:
    /// ``Decimal(str(amount))``, with the text written into a reused buffer).
    fn decimal<'py>(&mut self, py: Python<'py>, amount: Decimal) -> PyResult<Bound<'py, PyAny>> {
        use std::collections::hash_map::Entry;
        use std::fmt::Write as _;
        match self.decimals.entry(u128::from_le_bytes(amount.serialize())) {
            Entry::Occupied(mut e) => {
                let (made, used) = e.get_mut();
                *used = self.generation;
                Ok(made.bind(py).clone())
            }
            Entry::Vacant(e) => {
                self.text.clear();
                // Writing into a String cannot fail.
                let _ = write!(self.text, "{amount}");
                let made = decimal_type(py)?.call1((PyString::new(py, &self.text),))?;
                e.insert((made.clone().unbind(), self.generation));
                Ok(made)
            }
        }
    }
}

/// PR4: a whole catalogue's prices for one buyer (or the SKUs asked for), resolved in one call.
/// Three parallel lists, in SKU order or the order asked for: ``skus``, ``amounts``
/// (``decimal.Decimal``, or None for a product with no price) and ``tiers`` (``"group"``,
/// ``"default_list"``, ``"base"`` or None). ``len()`` is the number of rows; :meth:`as_dict`
/// maps SKU to amount.
///
/// The lists are the sheet's own (reading ``sheet.amounts[i]`` in a loop copies nothing): copy
/// one before changing it.
///
/// >>> ws.upsert_products([{"sku": "A-1", "name": "Apples", "base_price": "3.00"}, {"sku": "B-1", "name": "Bread"}])
/// >>> sheet = ws.resolve_prices(None)
/// >>> sheet.skus, sheet.amounts, sheet.tiers
/// (['A-1', 'B-1'], [Decimal('3.00'), None], ['base', None])
/// >>> sheet.as_dict()
/// {'A-1': Decimal('3.00'), 'B-1': None}
#[pyclass(frozen, name = "PriceSheet", module = "orderlink")]
pub struct PriceSheet {
    /// The core's sheet: it shares the price book, so PR7's breaks are worked out on demand.
    sheet: core::PriceSheet,
    currency: String,
    len: usize,
    skus: Py<PyList>,
    amounts: Py<PyList>,
    tiers: Py<PyList>,
}

impl PriceSheet {
    /// The sheet's three lists, in one pass each; every amount comes from `cache`.
    pub fn new(py: Python<'_>, sheet: core::PriceSheet, cache: &mut AmountCache) -> PyResult<PriceSheet> {
        let none = py.None().into_bound(py);
        let name = |t: PriceTier| PyString::intern(py, t.as_str()).into_any();
        let (group, list, base) = (name(PriceTier::Group), name(PriceTier::DefaultList), name(PriceTier::Base));
        // One pass over the rows: each row's price is read from the book once.
        let rows = sheet.len();
        let (mut skus, mut amounts, mut tiers) =
            (Vec::with_capacity(rows), Vec::with_capacity(rows), Vec::with_capacity(rows));
        for (p, r) in sheet.rows() {
            skus.push(PyString::new(py, &p.sku).into_any());
            amounts.push(match r.amount {
                Some(a) => cache.decimal(py, a)?,
                None => none.clone(),
            });
            tiers.push(match r.tier {
                Some(PriceTier::Group) => group.clone(),
                Some(PriceTier::DefaultList) => list.clone(),
                Some(PriceTier::Base) => base.clone(),
                None => none.clone(),
            });
        }
        let (skus, amounts, tiers) = (PyList::new(py, skus)?, PyList::new(py, amounts)?, PyList::new(py, tiers)?);
        Ok(PriceSheet {
            currency: sheet.currency.clone(),
            len: sheet.len(),
            skus: skus.unbind(),
            amounts: amounts.unbind(),
            tiers: tiers.unbind(),
            sheet,
        })
    }
}

#[pymethods]
impl PriceSheet {
    /// PR3: the workspace currency (ISO 4217) of every amount.
    #[getter]
    fn currency(&self) -> &str {
        &self.currency
    }
    /// The SKUs, in SKU order or the order asked for.
    #[getter]
    fn skus<'py>(&self, py: Python<'py>) -> Bound<'py, PyList> {
        self.skus.bind(py).clone()
    }
    /// The prices (``decimal.Decimal``), row by row; None where a product has no price.
    #[getter]
    fn amounts<'py>(&self, py: Python<'py>) -> Bound<'py, PyList> {
        self.amounts.bind(py).clone()
    }
    /// The tier of each price: ``"group"``, ``"default_list"``, ``"base"``, or None.
    #[getter]
    fn tiers<'py>(&self, py: Python<'py>) -> Bound<'py, PyList> {
        self.tiers.bind(py).clone()
    }
    /// PR5: the quantity every row was resolved for (``Decimal``).
    #[getter]
    fn qty(&self) -> Decimal {
        self.sheet.qty
    }
    /// PR6: the instant every row was resolved at (UTC).
    #[getter]
    fn at(&self) -> DateTime<Utc> {
        self.sheet.at
    }
    /// PR7: per row, the breaks this buyer sees, merged as PR5 resolves them: a list of
    /// ``(min_qty, amount, tier)`` tuples sorted by ``min_qty`` (0: any quantity), never a tier
    /// passed over; an empty list for a product with no price. A new list each call.
    ///
    /// >>> ws.upsert_products([{"sku": "FLOUR", "name": "Flour", "base_price": "6.00"}])
    /// >>> ws.set_default_prices({"FLOUR": [{"min_qty": 10, "price": "5.50"}]})
    /// >>> ws.resolve_prices(None).breaks()
    /// [[(Decimal('0'), Decimal('6.00'), 'base'), (Decimal('10'), Decimal('5.50'), 'default_list')]]
    fn breaks<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let rows = PyList::empty(py);
        for row in 0..self.sheet.len() {
            let cells = PyList::empty(py);
            for b in self.sheet.breaks(row).unwrap_or_default() {
                cells.append((b.min_qty, b.amount, b.tier.as_str()))?;
            }
            rows.append(cells)?;
        }
        Ok(rows)
    }
    /// ``{sku: amount}`` (a new dict each time), in the sheet's order.
    fn as_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for (sku, amount) in self.skus.bind(py).iter().zip(self.amounts.bind(py).iter()) {
            d.set_item(sku, amount)?;
        }
        Ok(d)
    }
    fn __len__(&self) -> usize {
        self.len
    }
    fn __eq__(&self, py: Python<'_>, other: &Bound<'_, PriceSheet>) -> PyResult<bool> {
        let other = other.get();
        Ok(self.currency == other.currency
            && self.skus.bind(py).eq(other.skus.bind(py))?
            && self.amounts.bind(py).eq(other.amounts.bind(py))?
            && self.tiers.bind(py).eq(other.tiers.bind(py))?)
    }
    fn __repr__(&self) -> String {
        format!("PriceSheet(currency={}, rows={})", q(&self.currency), self.len)
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Product>()?;
    m.add_class::<PriceGroup>()?;
    m.add_class::<MacroReport>()?;
    m.add_class::<ResolvedPrice>()?;
    m.add_class::<PassedOver>()?;
    m.add_class::<PriceExplanation>()?;
    m.add_class::<UpcomingPrice>()?;
    m.add_class::<EffectiveSettings>()?;
    m.add_class::<PriceSheet>()?;
    Ok(())
}
