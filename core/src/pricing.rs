//! Price resolution (PR1–PR7): products, the workspace default price list, price groups, bulk
//! macros, quantity breaks, validity windows, and the tier that won.
//!
//! The whole price state of a workspace is one [`PriceBook`] value: products in SKU order with
//! every list's prices held by product position, so resolving a catalogue is a walk over
//! arrays, not a hash lookup per product per tier. Changes are pure functions from one book to
//! the next; the store keeps the current book and refuses a save against an old version.
//!
//! An entry (one product in the default list or in a group) is a set of [`PriceBreak`]s
//! (PR5), each with an optional window (PR6). A plain price is one break from any quantity
//! (minimum 0) with no window, and is stored as the bare amount, so a book without breaks keeps
//! the shape stored books have always had. Beside the entries each tier keeps a derived,
//! flat [`Ladder`] (quantities and instants as integers) that resolution scans.

use crate::error::{Error, Result};
use chrono::{DateTime, Utc};
use rust_decimal::prelude::ToPrimitive;
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
    /// PR6: the tier has an entry for this product, but none of its breaks is in its window at
    /// the instant asked about (as if absent).
    OutsideWindow,
    /// PR5: the tier's entry has no break at or below the quantity asked about.
    BelowSmallestBreak,
}

/// One tier that was looked at and passed over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassedOver {
    /// The tier passed over.
    pub tier: PriceTier,
    /// Why it did not apply.
    pub reason: PassedOverReason,
}

/// A resolved price: the amount, the tier and the break that won, or no price (PR1: cannot be
/// ordered).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resolved {
    /// PR3: the unit price, excluding tax; `None`: no price, so the product cannot be ordered.
    pub amount: Option<Decimal>,
    /// PR1: the tier the price came from; `None` with no price.
    pub tier: Option<PriceTier>,
    /// PR5: the minimum quantity of the break that won (0 for a plain price); `None` for the
    /// base price or no price.
    #[serde(default)]
    pub min_qty: Option<Decimal>,
}

impl Resolved {
    const NONE: Resolved = Resolved { amount: None, tier: None, min_qty: None };
}

/// A resolved price by reference, four bytes: the tier (top two bits) and, for a list or a
/// group, the index of the winning break in that tier's ladder. A sheet holds these, so
/// resolving a catalogue writes 4 bytes a product; the amounts are read when rows are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PriceRef(u32);

impl PriceRef {
    const NONE: u32 = 0;
    const GROUP: u32 = 1 << 30;
    const LIST: u32 = 2 << 30;
    const BASE: u32 = 3 << 30;
    const INDEX: u32 = (1 << 30) - 1;

    #[inline(always)]
    fn of(tier: u32, k: usize) -> PriceRef {
        // A ladder holds at most BREAKS_MAX breaks a product: far below 2^30 for any book that
        // fits in memory (a larger index would need 32 GiB of ladder alone).
        PriceRef(tier | (k as u32 & Self::INDEX))
    }

    #[inline(always)]
    fn tier(self) -> u32 {
        self.0 & !Self::INDEX
    }

    #[inline(always)]
    fn index(self) -> usize {
        (self.0 & Self::INDEX) as usize
    }
}

/// PR5, PR6: one quantity break of a price entry: from `min_qty` up, the unit price is
/// `price`, while the instant is in `[starts_at, ends_at)` (an absent end is open).
///
/// ```
/// use orderlink::pricing::PriceBreak;
/// use rust_decimal::Decimal;
/// let ten_up = PriceBreak::new(Decimal::from(10), Decimal::new(450, 2)); // "10+ at 4.50"
/// assert_eq!(ten_up.starts_at, None);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriceBreak {
    /// PR5: the smallest quantity the price applies from (0, the default: any quantity). At
    /// most 1,000,000,000 with 3 decimal places, like a quantity.
    #[serde(default, deserialize_with = "crate::money::exact::deserialize")]
    pub min_qty: Decimal,
    /// PR3: the unit price, excluding tax.
    #[serde(deserialize_with = "crate::money::exact::deserialize")]
    pub price: Decimal,
    /// PR6: the first instant the break applies (inclusive); `None`: since always.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starts_at: Option<DateTime<Utc>>,
    /// PR6: the instant the break stops applying (exclusive); `None`: never.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ends_at: Option<DateTime<Utc>>,
}

impl PriceBreak {
    /// A break from `min_qty` at `price`, with no window.
    pub fn new(min_qty: Decimal, price: Decimal) -> Self {
        PriceBreak { min_qty, price, starts_at: None, ends_at: None }
    }

    /// The same break with a window `[starts_at, ends_at)`.
    pub fn during(self, starts_at: Option<DateTime<Utc>>, ends_at: Option<DateTime<Utc>>) -> Self {
        PriceBreak { starts_at, ends_at, ..self }
    }

    fn start_key(&self) -> i128 {
        self.starts_at.map_or(i128::MIN, instant_key)
    }

    fn until_key(&self) -> i128 {
        self.ends_at.map_or(i128::MAX, instant_key)
    }

    fn valid_at(&self, t: i128) -> bool {
        self.start_key() <= t && t < self.until_key()
    }

    fn plain(&self) -> bool {
        self.min_qty.is_zero() && self.starts_at.is_none() && self.ends_at.is_none()
    }
}

/// What a set call writes for one product in one tier: the entry is replaced whole.
///
/// `Option<Decimal>` converts as the plain calls always meant it: `None` removes the entry,
/// `Some(price)` is one price from any quantity, always.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PriceEntry {
    /// Removes the product's entry from the tier.
    Remove,
    /// PR5, PR6: the entry's breaks (in any order; an empty list removes the entry).
    Breaks(Vec<PriceBreak>),
}

impl PriceEntry {
    /// PR6: an entry-level window: each break keeps only the part of its own window that lies
    /// within `[starts_at, ends_at)`.
    pub fn within(self, starts_at: Option<DateTime<Utc>>, ends_at: Option<DateTime<Utc>>) -> PriceEntry {
        match self {
            PriceEntry::Remove => PriceEntry::Remove,
            PriceEntry::Breaks(breaks) => PriceEntry::Breaks(
                breaks
                    .into_iter()
                    .map(|b| PriceBreak {
                        starts_at: match (b.starts_at, starts_at) {
                            (Some(a), Some(e)) => Some(a.max(e)),
                            (a, e) => a.or(e),
                        },
                        ends_at: match (b.ends_at, ends_at) {
                            (Some(a), Some(e)) => Some(a.min(e)),
                            (a, e) => a.or(e),
                        },
                        ..b
                    })
                    .collect(),
            ),
        }
    }
}

/// PR6: an entry with an entry-level window, as `{"breaks": [...], "starts_at": ..., "ends_at":
/// ...}` (each break keeps only the part of its own window inside the entry's).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WindowedEntry {
    /// The entry's breaks.
    pub breaks: Vec<PriceBreak>,
    /// The entry's first instant (inclusive).
    #[serde(default)]
    pub starts_at: Option<DateTime<Utc>>,
    /// The entry's end (exclusive).
    #[serde(default)]
    pub ends_at: Option<DateTime<Utc>>,
}

impl From<WindowedEntry> for PriceEntry {
    fn from(w: WindowedEntry) -> Self {
        PriceEntry::Breaks(w.breaks).within(w.starts_at, w.ends_at)
    }
}

impl PriceEntry {
    /// The entry a binding was given for `sku` as JSON (snake_case keys): a list of breaks, or
    /// a [`WindowedEntry`] object. Anything else, or a malformed break, is `INVALID_ARGUMENT`.
    /// (Plain prices and `None` are read by the binding as amounts, as before.)
    pub fn from_json(sku: &str, value: serde_json::Value) -> Result<PriceEntry> {
        let bad = |e: serde_json::Error| Error::invalid("entries", format!("the breaks of '{sku}': {e}"));
        match value {
            serde_json::Value::Array(_) => Ok(PriceEntry::Breaks(serde_json::from_value(value).map_err(bad)?)),
            serde_json::Value::Object(_) => Ok(serde_json::from_value::<WindowedEntry>(value).map_err(bad)?.into()),
            _ => Err(Error::invalid(
                "entries",
                format!("'{sku}': expected a price, None, a list of breaks or {{\"breaks\": [...]}}"),
            )),
        }
    }
}

impl From<Option<Decimal>> for PriceEntry {
    fn from(price: Option<Decimal>) -> Self {
        match price {
            None => PriceEntry::Remove,
            Some(p) => PriceEntry::Breaks(vec![PriceBreak::new(Decimal::ZERO, p)]),
        }
    }
}

impl From<Decimal> for PriceEntry {
    fn from(price: Decimal) -> Self {
        Some(price).into()
    }
}

impl From<Vec<PriceBreak>> for PriceEntry {
    fn from(breaks: Vec<PriceBreak>) -> Self {
        PriceEntry::Breaks(breaks)
    }
}

/// R1: the most breaks one entry may hold.
pub const BREAKS_MAX: usize = 32;

/// One product's entry in one tier: its breaks sorted by (minimum quantity, start), empty for
/// no entry. Stored as `null`, a bare amount (one plain price), or the list of breaks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Entry(Vec<PriceBreak>);

#[derive(Deserialize)]
#[serde(untagged)]
enum EntryRepr {
    Plain(Option<Decimal>),
    Breaks(Vec<PriceBreak>),
}

impl Serialize for Entry {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self.0.as_slice() {
            [] => s.serialize_none(),
            [one] if one.plain() => Serialize::serialize(&one.price, s),
            breaks => Serialize::serialize(breaks, s),
        }
    }
}

impl<'de> Deserialize<'de> for Entry {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        Ok(match EntryRepr::deserialize(d)? {
            EntryRepr::Plain(None) => Entry::default(),
            EntryRepr::Plain(Some(p)) => Entry(vec![PriceBreak::new(Decimal::ZERO, p)]),
            EntryRepr::Breaks(mut b) => {
                b.sort_by_key(|x| (qty_key(x.min_qty).unwrap_or(u64::MAX), x.start_key()));
                Entry(b)
            }
        })
    }
}

impl Entry {
    fn plain(price: Option<Decimal>) -> Entry {
        Entry(price.map(|p| vec![PriceBreak::new(Decimal::ZERO, p)]).unwrap_or_default())
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn has_zero(&self) -> bool {
        self.0.iter().any(|b| b.price.is_zero())
    }
}

/// PR6: an instant as one comparable integer (nanoseconds since 1970).
fn instant_key(t: DateTime<Utc>) -> i128 {
    i128::from(t.timestamp()) * 1_000_000_000 + i128::from(t.timestamp_subsec_nanos())
}

/// R3: a quantity (or a break's minimum) in thousandths, when it is within the stated range
/// (0 to 1,000,000,000, at most 3 places).
fn qty_key(q: Decimal) -> Option<u64> {
    if q.is_sign_negative() && !q.is_zero() || q > crate::money::QUANTITY_MAX {
        return None;
    }
    let thousandths = q.checked_mul(Decimal::ONE_THOUSAND)?;
    (thousandths.fract().is_zero()).then(|| thousandths.to_u64()).flatten()
}

/// R3: the key of a quantity a caller asks about, refused out of range.
fn asked_qty(q: Decimal) -> Result<u64> {
    crate::money::check_quantity("quantity", q)?;
    qty_key(q).ok_or(Error::AmountOutOfRange {
        what: "quantity",
        value: q.to_string(),
        range: crate::money::QUANTITY_RANGE,
    })
}

/// A tier's breaks laid flat for resolution: product `i`'s breaks are `start[i]..start[i + 1]`,
/// in entry order. Derived from the entries, never stored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Ladder {
    start: Vec<u32>,
    min: Vec<u64>,
    price: Vec<Decimal>,
    min_qty: Vec<Decimal>,
    /// Empty when no break of the tier has a window (resolution then skips the check).
    from: Vec<i128>,
    until: Vec<i128>,
}

impl Ladder {
    fn of(entries: &[Entry]) -> Ladder {
        let total: usize = entries.iter().map(|e| e.0.len()).sum();
        let windowed = entries.iter().flat_map(|e| &e.0).any(|b| b.starts_at.is_some() || b.ends_at.is_some());
        let mut l = Ladder {
            start: Vec::with_capacity(entries.len() + 1),
            min: Vec::with_capacity(total),
            price: Vec::with_capacity(total),
            min_qty: Vec::with_capacity(total),
            from: Vec::new(),
            until: Vec::new(),
        };
        l.start.push(0);
        for e in entries {
            for b in &e.0 {
                l.min.push(qty_key(b.min_qty).unwrap_or(u64::MAX));
                l.price.push(b.price);
                l.min_qty.push(b.min_qty);
                if windowed {
                    l.from.push(b.start_key());
                    l.until.push(b.until_key());
                }
            }
            // Entries hold at most BREAKS_MAX breaks, and a book far fewer than 2^32 / 32
            // products before memory runs out.
            l.start.push(u32::try_from(l.min.len()).unwrap_or(u32::MAX));
        }
        l
    }

    /// PR5/PR6: the break of product `i` that applies at quantity `q` and instant `t`: the
    /// greatest minimum at or below `q` among the breaks in their window, the latest-starting
    /// one when two share a minimum.
    #[inline(always)]
    fn pick(&self, i: usize, q: u64, t: i128) -> Option<usize> {
        let (a, b) = (self.start[i] as usize, self.start[i + 1] as usize);
        let mins = self.min.get(a..b)?;
        if self.from.is_empty() {
            // Sorted ascending: the breaks at or below `q` are a prefix; the last one wins.
            let n = mins.iter().take_while(|m| **m <= q).count();
            return n.checked_sub(1).map(|k| a + k);
        }
        let mut won = None;
        for (k, m) in mins.iter().enumerate() {
            if *m > q {
                break;
            }
            if self.from[a + k] <= t && t < self.until[a + k] {
                won = Some(a + k);
            }
        }
        won
    }

    #[inline(always)]
    fn resolved(&self, k: usize, tier: PriceTier) -> Resolved {
        Resolved { amount: Some(self.price[k]), tier: Some(tier), min_qty: Some(self.min_qty[k]) }
    }
}

/// PR4/PR5: the explained form of one resolution, for admins and tests.
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
    /// PR5: the minimum quantity of the break that won (0 for a plain price); `None` for the
    /// base price or no price.
    pub min_qty: Option<Decimal>,
    /// PR5: the quantity asked about.
    pub qty: Decimal,
    /// PR6: the instant asked about.
    pub at: DateTime<Utc>,
    /// The customer's group name, if it has one.
    pub group: Option<String>,
    /// The higher tiers that did not apply for this quantity at this instant, in order, and why.
    pub passed_over: Vec<PassedOver>,
    /// PR6: breaks of the tiers that apply to this buyer that start after `at`, soonest first.
    pub upcoming: Vec<UpcomingPrice>,
}

/// PR6: a scheduled break, as `explain` shows it ahead of time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpcomingPrice {
    /// The tier it belongs to.
    pub tier: PriceTier,
    /// The break itself (its `starts_at` is after the instant asked about).
    pub price_break: PriceBreak,
}

/// PR7: one row of the breaks a buyer sees for a product: from `min_qty` up, `amount`, from
/// `tier`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetBreak {
    /// The smallest quantity this row applies from (0: any quantity).
    pub min_qty: Decimal,
    /// PR3: the unit price, excluding tax.
    pub amount: Decimal,
    /// The tier the row comes from.
    pub tier: PriceTier,
}

/// A price group's prices, by product position in the book.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct GroupPrices {
    name: String,
    active: bool,
    prices: Vec<Entry>,
    #[serde(skip)]
    ladder: Ladder,
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
    default_prices: Vec<Entry>,
    #[serde(skip)]
    default_ladder: Ladder,
    /// Keyed by the group name's folded form, so "Trade" and "trade" are one group.
    groups: BTreeMap<String, GroupPrices>,
    /// PR6: every window start and end in the book, sorted, distinct (derived).
    #[serde(skip)]
    edges: Vec<i128>,
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

/// PR5/PR6: the entry a set call's breaks make, validated: each price (PR2a, R3), each minimum
/// (a quantity's range, or 0), each window (ends after it starts); breaks distinct (no two
/// with one minimum and one start) and, at every instant, a larger quantity never costs more.
fn checked_entry(product: &Product, entry: PriceEntry) -> Result<Entry> {
    let PriceEntry::Breaks(mut breaks) = entry else { return Ok(Entry::default()) };
    let bad = |message: String| Error::PriceInvalid { sku: product.sku.clone(), message };
    if breaks.len() > BREAKS_MAX {
        return Err(bad(format!("an entry holds at most {BREAKS_MAX} quantity breaks")));
    }
    for b in &breaks {
        if qty_key(b.min_qty).is_none() {
            return Err(Error::AmountOutOfRange {
                what: "break quantity",
                value: b.min_qty.to_string(),
                range: "0 up to 1,000,000,000, at most 3 decimal places",
            });
        }
        check_price(product, b.price)?;
        if let (Some(s), Some(e)) = (b.starts_at, b.ends_at) {
            if e <= s {
                return Err(bad(format!("a window must end after it starts ({s} to {e})")));
            }
        }
    }
    breaks.sort_by_key(|b| (qty_key(b.min_qty).unwrap_or(u64::MAX), b.start_key()));
    for w in breaks.windows(2) {
        if qty_key(w[0].min_qty) == qty_key(w[1].min_qty) && w[0].start_key() == w[1].start_key() {
            return Err(bad(format!("two breaks for {}+ start at the same instant", w[0].min_qty)));
        }
    }
    // PR5 at every instant: the breaks in effect change only at a start or an end.
    let mut instants: Vec<i128> = vec![i128::MIN];
    instants.extend(breaks.iter().flat_map(|b| [b.start_key(), b.until_key()]).filter(|t| *t != i128::MAX));
    instants.sort_unstable();
    instants.dedup();
    for t in instants {
        let ladder = effective(&breaks, t);
        for w in ladder.windows(2) {
            if w[1].price > w[0].price {
                return Err(bad(format!(
                    "a larger quantity may not cost more per unit: {}+ at {} after {}+ at {}",
                    w[1].min_qty, w[1].price, w[0].min_qty, w[0].price
                )));
            }
        }
    }
    Ok(Entry(breaks))
}

/// PR5/PR6: the breaks of one entry (sorted) in effect at `t`: one per minimum quantity, the
/// latest-starting where several are in their window.
fn effective(sorted: &[PriceBreak], t: i128) -> Vec<&PriceBreak> {
    let mut out: Vec<&PriceBreak> = Vec::new();
    for b in sorted.iter().filter(|b| b.valid_at(t)) {
        match out.last_mut() {
            Some(last) if qty_key(last.min_qty) == qty_key(b.min_qty) => *last = b,
            _ => out.push(b),
        }
    }
    out
}

impl PriceBook {
    /// Rebuilds the SKU index and the resolution ladders (after deserialising a stored book).
    pub fn reindexed(mut self) -> Self {
        self.index = self.products.iter().enumerate().map(|(i, p)| (p.sku.clone(), i)).collect();
        self.relaid()
    }

    /// Rebuilds every tier's ladder from its entries.
    fn relaid(mut self) -> Self {
        self.default_ladder = Ladder::of(&self.default_prices);
        for g in self.groups.values_mut() {
            g.ladder = Ladder::of(&g.prices);
        }
        self.with_edges()
    }

    /// Recomputes `edges` from the ladders (after any change of prices).
    fn with_edges(mut self) -> Self {
        let ladders = std::iter::once(&self.default_ladder).chain(self.groups.values().map(|g| &g.ladder));
        let mut edges: Vec<i128> = ladders
            .flat_map(|l| l.from.iter().chain(&l.until))
            .copied()
            .filter(|t| *t != i128::MIN && *t != i128::MAX)
            .collect();
        edges.sort_unstable();
        edges.dedup();
        self.edges = edges;
        self
    }

    /// PR6: how many window starts and ends of the book lie at or before `at`. Two instants
    /// with the same epoch resolve every price of this book alike (no break enters or leaves
    /// its window between them), so a sheet may be reused across them; a book without windows
    /// has one epoch, 0.
    pub fn window_epoch(&self, at: DateTime<Utc>) -> usize {
        let t = instant_key(at);
        self.edges.partition_point(|e| *e <= t)
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
            .map(|g| PriceGroup {
                name: g.name.clone(),
                active: g.active,
                entries: g.prices.iter().filter(|e| !e.is_empty()).count(),
            })
            .collect()
    }

    /// PR5/PR6: a product's breaks in the default list (`group` None) or in a group, as set.
    pub fn entry(&self, sku: &str, group: Option<&str>) -> Result<Vec<PriceBreak>> {
        let i = self.position(sku)?;
        Ok(match group {
            None => self.default_prices[i].0.clone(),
            Some(name) => self
                .groups
                .get(&group_key(name))
                .ok_or_else(|| Error::PriceGroupNotFound { name: name.trim().to_owned() })?
                .prices[i]
                .0
                .clone(),
        })
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
                    let zero_elsewhere =
                        next.default_prices[i].has_zero() || next.groups.values().any(|g| g.prices[i].has_zero());
                    if !p.allow_zero_price && zero_elsewhere {
                        return Err(Error::ZeroPriceNotAllowed { sku: p.sku });
                    }
                    next.products[i] = p;
                }
                None => {
                    next.index.insert(p.sku.clone(), next.products.len());
                    next.products.push(p);
                    next.default_prices.push(Entry::default());
                    for g in next.groups.values_mut() {
                        g.prices.push(Entry::default());
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
        let permute = |v: &mut Vec<Entry>| *v = order.iter().map(|i| std::mem::take(&mut v[*i])).collect();
        permute(&mut self.default_prices);
        for g in self.groups.values_mut() {
            permute(&mut g.prices);
        }
        self.products = order.iter().map(|i| self.products[*i].clone()).collect();
        self.reindexed()
    }

    /// Validated entries for `entries`, by product position.
    fn checked_entries<E: Into<PriceEntry> + Clone>(&self, entries: &[(String, E)]) -> Result<Vec<(usize, Entry)>> {
        entries
            .iter()
            .map(|(sku, e)| {
                let i = self.position(sku)?;
                Ok((i, checked_entry(&self.products[i], e.clone().into())?))
            })
            .collect()
    }

    /// Sets or removes default-list entries: `Option<Decimal>` for a plain price (`None`
    /// removes), or a [`PriceEntry`] with breaks (PR5) and windows (PR6). Each entry given
    /// replaces the product's entry whole.
    pub fn with_default_prices<E: Into<PriceEntry> + Clone>(&self, entries: &[(String, E)]) -> Result<PriceBook> {
        let checked = self.checked_entries(entries)?;
        let mut next = self.clone();
        for (i, e) in checked {
            next.default_prices[i] = e;
        }
        next.default_ladder = Ladder::of(&next.default_prices);
        Ok(next.with_edges())
    }

    /// Creates a group or changes its active flag.
    pub fn with_group(&self, name: &str, active: bool) -> Result<PriceBook> {
        let name = crate::customer::validate_text("price group", Some(name), crate::customer::PRICE_GROUP_MAX_LEN)?
            .ok_or_else(|| Error::invalid("price group", "a group needs a name"))?;
        crate::text::check_name("price group", &name)?;
        let mut next = self.clone();
        let n = next.products.len();
        next.groups.entry(group_key(&name)).and_modify(|g| g.active = active).or_insert_with(|| GroupPrices {
            name,
            active,
            prices: vec![Entry::default(); n],
            ladder: Ladder::of(&vec![Entry::default(); n]),
        });
        Ok(next)
    }

    /// Removes a group; its customers fall back as if they had none.
    pub fn without_group(&self, name: &str) -> Result<PriceBook> {
        let mut next = self.clone();
        next.groups
            .remove(&group_key(name))
            .ok_or_else(|| Error::PriceGroupNotFound { name: name.trim().to_owned() })?;
        Ok(next.with_edges())
    }

    /// Sets or removes entries in a group, as [`PriceBook::with_default_prices`] does.
    pub fn with_group_prices<E: Into<PriceEntry> + Clone>(
        &self,
        group: &str,
        entries: &[(String, E)],
    ) -> Result<PriceBook> {
        let checked = self.checked_entries(entries)?;
        let mut next = self.clone();
        let g = next.group_mut(group)?;
        for (i, e) in checked {
            g.prices[i] = e;
        }
        g.ladder = Ladder::of(&g.prices);
        Ok(next.with_edges())
    }

    /// PR2b: applies a macro to a group's prices for `skus` (every product when `None`): to
    /// every break of the product's group entry (PR5), else to its base price, which becomes
    /// the group's plain price. Rounds to the currency's minor unit (half away from zero).
    /// Products with neither are skipped and listed. All or nothing: a result that is
    /// negative, zero where not allowed, or breaks that would cost more for more, refuses the
    /// whole edit.
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
            let from = if g.prices[i].is_empty() {
                match product.base_price {
                    Some(base) => Entry::plain(Some(base)).0,
                    None => {
                        report.skipped.push(product.sku.clone());
                        continue;
                    }
                }
            } else {
                g.prices[i].0.clone()
            };
            let mut to = Vec::with_capacity(from.len());
            for b in from {
                // R3: a result beyond what a decimal holds is out of range like one beyond ours.
                let price = m.apply(b.price, dp).ok_or_else(|| Error::AmountOutOfRange {
                    what: "price",
                    value: "a result beyond 79,228,162,514,264,337,593,543,950,335".into(),
                    range: crate::money::AMOUNT_RANGE,
                })?;
                to.push(PriceBreak { price, ..b });
            }
            g.prices[i] = checked_entry(product, PriceEntry::Breaks(to))?;
            report.changed += 1;
        }
        g.ladder = Ladder::of(&g.prices);
        Ok((next.with_edges(), report))
    }

    /// PR1/PR2/PR2a/PR5/PR6: which tier and break price the product at `i` for a buyer in
    /// `group` (None: no group), at quantity key `q` and instant key `t`.
    #[inline(always)]
    fn ref_at(&self, i: usize, group: Option<&GroupPrices>, q: u64, t: i128) -> PriceRef {
        if let Some(g) = group {
            if let Some(k) = g.ladder.pick(i, q, t) {
                return PriceRef::of(PriceRef::GROUP, k);
            }
        }
        if let Some(k) = self.default_ladder.pick(i, q, t) {
            return PriceRef::of(PriceRef::LIST, k);
        }
        if self.products[i].base_price.is_some() {
            PriceRef(PriceRef::BASE)
        } else {
            PriceRef(PriceRef::NONE)
        }
    }

    /// The price a [`PriceRef`] of the product at `i` stands for.
    #[inline(always)]
    fn deref(&self, i: usize, r: PriceRef, group: Option<&GroupPrices>) -> Resolved {
        let k = r.index();
        match (r.tier(), group) {
            (PriceRef::GROUP, Some(g)) => g.ladder.resolved(k, PriceTier::Group),
            (PriceRef::LIST, _) => self.default_ladder.resolved(k, PriceTier::DefaultList),
            (PriceRef::BASE, _) => match self.products[i].base_price {
                Some(p) => Resolved { amount: Some(p), tier: Some(PriceTier::Base), min_qty: None },
                None => Resolved::NONE,
            },
            _ => Resolved::NONE,
        }
    }

    /// PR1/PR2/PR2a/PR5/PR6: the price of the product at `i` for a buyer in `group` (None: no
    /// group), at quantity key `q` and instant key `t`.
    #[inline]
    fn resolve_at(&self, i: usize, group: Option<&GroupPrices>, q: u64, t: i128) -> Resolved {
        self.deref(i, self.ref_at(i, group, q, t), group)
    }

    /// PR4: a whole catalogue (`skus` None: positions `None`, every product in book order) or
    /// the given SKUs for one buyer, for `qty` at `at`, as [`PriceRef`]s: four bytes a row,
    /// read back through [`PriceBook::sheet_rows`] with the same `group`.
    pub(crate) fn resolve_refs(
        &self,
        skus: Option<&[String]>,
        group: Option<&str>,
        qty: Decimal,
        at: DateTime<Utc>,
    ) -> Result<(Option<Vec<usize>>, Vec<PriceRef>)> {
        let q = asked_qty(qty)?;
        let t = instant_key(at);
        let (g, _) = self.applicable_group(group);
        Ok(match skus {
            None => (None, (0..self.products.len()).map(|i| self.ref_at(i, g, q, t)).collect()),
            Some(list) => {
                let positions: Vec<usize> = list.iter().map(|s| self.position(s)).collect::<Result<_>>()?;
                let refs = positions.iter().map(|i| self.ref_at(*i, g, q, t)).collect();
                (Some(positions), refs)
            }
        })
    }

    /// The rows of [`PriceBook::resolve_refs`]: each product and its price.
    pub(crate) fn sheet_rows<'a>(
        &'a self,
        positions: Option<&'a [usize]>,
        refs: &'a [PriceRef],
        group: Option<&str>,
    ) -> impl ExactSizeIterator<Item = (&'a Product, Resolved)> + 'a {
        let (g, _) = self.applicable_group(group);
        refs.iter().enumerate().map(move |(row, r)| {
            let i = positions.map_or(row, |p| p[row]);
            (&self.products[i], self.deref(i, *r, g))
        })
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

    /// PR1/PR5/PR6: one product's price for a buyer in `group`, for `qty` at instant `at`.
    /// A quantity outside the stated range is `AMOUNT_OUT_OF_RANGE`.
    pub fn resolve(&self, sku: &str, group: Option<&str>, qty: Decimal, at: DateTime<Utc>) -> Result<Resolved> {
        let q = asked_qty(qty)?;
        let i = self.position(sku)?;
        Ok(self.resolve_at(i, self.applicable_group(group).0, q, instant_key(at)))
    }

    /// PR4: a whole catalogue (or the given SKUs) for one buyer, in one call, for `qty` at
    /// `at`: the product positions and their prices, in the book's SKU order or the order of
    /// `skus`.
    pub fn resolve_many(
        &self,
        skus: Option<&[String]>,
        group: Option<&str>,
        qty: Decimal,
        at: DateTime<Utc>,
    ) -> Result<(Vec<usize>, Vec<Resolved>)> {
        let q = asked_qty(qty)?;
        let t = instant_key(at);
        let (g, _) = self.applicable_group(group);
        let positions: Vec<usize> = match skus {
            None => (0..self.products.len()).collect(),
            Some(list) => list.iter().map(|s| self.position(s)).collect::<Result<_>>()?,
        };
        let prices = positions.iter().map(|i| self.resolve_at(*i, g, q, t)).collect();
        Ok((positions, prices))
    }

    /// PR5/PR6: why a tier's entry for product `i` gave no price at (`q`, `t`).
    fn why_not(entry: &Entry, q: u64, t: i128) -> PassedOverReason {
        let valid: Vec<&PriceBreak> = entry.0.iter().filter(|b| b.valid_at(t)).collect();
        if entry.is_empty() {
            PassedOverReason::NoEntry
        } else if valid.is_empty() {
            PassedOverReason::OutsideWindow
        } else {
            debug_assert!(valid.iter().all(|b| qty_key(b.min_qty).unwrap_or(u64::MAX) > q));
            PassedOverReason::BelowSmallestBreak
        }
    }

    /// PR4/PR5/PR6: the tier and break that won for `qty` at `at`, why each higher tier did
    /// not apply, and the breaks that start later (admins see a scheduled change ahead).
    pub fn explain(
        &self,
        sku: &str,
        group: Option<&str>,
        currency: &str,
        qty: Decimal,
        at: DateTime<Utc>,
    ) -> Result<PriceExplanation> {
        let q = asked_qty(qty)?;
        let t = instant_key(at);
        let i = self.position(sku)?;
        let (g, why_not_group) = self.applicable_group(group);
        let resolved = self.resolve_at(i, g, q, t);
        let mut passed_over = Vec::new();
        if resolved.tier != Some(PriceTier::Group) {
            let reason = match (g, why_not_group) {
                (Some(g), _) => Self::why_not(&g.prices[i], q, t),
                (None, why) => why.unwrap_or(PassedOverReason::NoGroup),
            };
            passed_over.push(PassedOver { tier: PriceTier::Group, reason });
            if resolved.tier != Some(PriceTier::DefaultList) {
                let reason = Self::why_not(&self.default_prices[i], q, t);
                passed_over.push(PassedOver { tier: PriceTier::DefaultList, reason });
                if resolved.tier.is_none() {
                    passed_over.push(PassedOver { tier: PriceTier::Base, reason: PassedOverReason::NoEntry });
                }
            }
        }
        let mut upcoming: Vec<UpcomingPrice> = g
            .map(|g| (PriceTier::Group, &g.prices[i]))
            .into_iter()
            .chain([(PriceTier::DefaultList, &self.default_prices[i])])
            .flat_map(|(tier, e)| {
                e.0.iter().filter(|b| b.start_key() > t).map(move |b| UpcomingPrice { tier, price_break: b.clone() })
            })
            .collect();
        upcoming.sort_by_key(|u| (u.price_break.starts_at, u.tier, qty_key(u.price_break.min_qty)));
        Ok(PriceExplanation {
            sku: self.products[i].sku.clone(),
            amount: resolved.amount,
            currency: currency.to_owned(),
            tier: resolved.tier,
            min_qty: resolved.min_qty,
            qty,
            at,
            group: group.map(str::to_owned),
            passed_over,
            upcoming,
        })
    }

    /// PR7: the breaks a buyer in `group` sees for the product at position `i` at `at`, merged
    /// as PR5 resolves them: the group's breaks, then the default list's below the group's
    /// smallest, then the base price (from any quantity) below those; never a tier passed
    /// over. Sorted by minimum quantity; resolving any quantity gives the last row at or below
    /// it.
    pub fn breaks_at(&self, i: usize, group: Option<&str>, at: DateTime<Utc>) -> Vec<SheetBreak> {
        let t = instant_key(at);
        let (g, _) = self.applicable_group(group);
        let mut rows: Vec<SheetBreak> = Vec::new();
        let mut upper = u64::MAX;
        let tiers = g
            .map(|g| (PriceTier::Group, &g.prices[i]))
            .into_iter()
            .chain([(PriceTier::DefaultList, &self.default_prices[i])]);
        for (tier, entry) in tiers {
            let eff = effective(&entry.0, t);
            let smallest = eff.first().map(|b| qty_key(b.min_qty).unwrap_or(u64::MAX));
            for b in eff {
                if qty_key(b.min_qty).unwrap_or(u64::MAX) < upper {
                    rows.push(SheetBreak { min_qty: b.min_qty, amount: b.price, tier });
                }
            }
            if let Some(s) = smallest {
                upper = upper.min(s);
            }
        }
        if let (Some(base), true) = (self.products[i].base_price, upper > 0) {
            rows.push(SheetBreak { min_qty: Decimal::ZERO, amount: base, tier: PriceTier::Base });
        }
        rows.sort_by_key(|r| qty_key(r.min_qty));
        rows
    }

    /// PR6: the instants, around `at`, between which no break of the book enters or leaves its
    /// window: the latest start or end at or before `at` and the earliest after it (`None`:
    /// unbounded). Any sheet resolved at `at` holds for every instant in `[from, until)`.
    pub fn steady_between(&self, at: DateTime<Utc>) -> (Option<DateTime<Utc>>, Option<DateTime<Utc>>) {
        let k = self.window_epoch(at);
        let instant = |t: i128| {
            let secs = i64::try_from(t.div_euclid(1_000_000_000)).ok()?;
            let nanos = u32::try_from(t.rem_euclid(1_000_000_000)).ok()?;
            DateTime::from_timestamp(secs, nanos)
        };
        let from = k.checked_sub(1).and_then(|i| self.edges.get(i)).and_then(|t| instant(*t));
        (from, self.edges.get(k).and_then(|t| instant(*t)))
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
