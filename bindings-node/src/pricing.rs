//! Pricing (PR1–PR8) and effective settings (ST1) on `Workspace`: products, the default price
//! list, price groups and their macros, quantity breaks and windows, one price or a whole sheet
//! for a buyer at a quantity and instant, the buyer's breaks, the explained form, and a
//! customer's effective order settings. The core decides every price; this module
//! reads arguments and shapes answers.

use crate::convert::{
    array, date, from_json, is_absent, money, nullable_id, object, object_json, opt_bool, opt_object, opt_text,
    parse_id, prop, text, texts,
};
use crate::error::{invalid, napi, run, Result};
use crate::types::{CheckoutMode, Freight, OrderTemplate};
use crate::workspace::Workspace;
use chrono::{DateTime, Utc};
use napi::bindgen_prelude::{
    Array, Env, Function, JsObjectValue, JsValue, Null, Object, ObjectRef, ToNapiValue, TypeName, Unknown,
};
use napi::sys;
use napi::JsString;
use napi::ValueType;
use napi_derive::napi;
use orderlink as core;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// What one product given to `upsertProducts` holds.
pub(crate) const PRODUCT_KEYS: &[&str] =
    &["sku", "name", "uom", "base_price", "active", "in_stock", "allow_zero_price"];

/// PR1, PR4: the tier a price came from.
#[napi(string_enum = "snake_case")]
pub enum PriceTier {
    /// The customer's price group.
    Group,
    /// The workspace default price list.
    DefaultList,
    /// The product's base price.
    Base,
}

impl From<core::PriceTier> for PriceTier {
    fn from(t: core::PriceTier) -> Self {
        match t {
            core::PriceTier::Group => PriceTier::Group,
            core::PriceTier::DefaultList => PriceTier::DefaultList,
            core::PriceTier::Base => PriceTier::Base,
        }
    }
}

/// PR4: why a higher tier did not give the price.
#[napi(string_enum = "snake_case")]
pub enum PassedOverReason {
    /// The customer has no price group (or this is the workspace link).
    NoGroup,
    /// The customer's group does not exist (it was removed).
    GroupUnknown,
    /// PR2a: the group is inactive, so it is ignored.
    GroupInactive,
    /// The tier has no entry for this product.
    NoEntry,
    /// PR6: the tier's entry has no break in its window at the instant asked about.
    OutsideWindow,
    /// PR5: the tier's entry has no break at or below the quantity asked about.
    BelowSmallestBreak,
}

impl From<core::PassedOverReason> for PassedOverReason {
    fn from(r: core::PassedOverReason) -> Self {
        match r {
            core::PassedOverReason::NoGroup => PassedOverReason::NoGroup,
            core::PassedOverReason::GroupUnknown => PassedOverReason::GroupUnknown,
            core::PassedOverReason::GroupInactive => PassedOverReason::GroupInactive,
            core::PassedOverReason::NoEntry => PassedOverReason::NoEntry,
            core::PassedOverReason::OutsideWindow => PassedOverReason::OutsideWindow,
            core::PassedOverReason::BelowSmallestBreak => PassedOverReason::BelowSmallestBreak,
        }
    }
}

/// ST1: where an effective setting came from.
#[napi(string_enum = "snake_case")]
pub enum SettingSource {
    /// The customer's own override.
    Customer,
    /// The workspace default.
    Workspace,
    /// The system default.
    System,
}

impl From<core::SettingSource> for SettingSource {
    fn from(s: core::SettingSource) -> Self {
        match s {
            core::SettingSource::Customer => SettingSource::Customer,
            core::SettingSource::Workspace => SettingSource::Workspace,
            core::SettingSource::System => SettingSource::System,
        }
    }
}

/// A product as pricing sees it.
#[napi(object, use_nullable = true)]
pub struct Product {
    /// Stock-keeping unit: trimmed, compared exactly.
    pub sku: String,
    /// The product's name.
    pub name: String,
    /// Unit of measure (`'each'` unless given).
    pub uom: String,
    /// PR2a: the base price excluding tax, a decimal string; `null` when there is none.
    pub base_price: Option<String>,
    /// Whether the product is active.
    pub active: bool,
    /// Whether the product is in stock.
    pub in_stock: bool,
    /// PR2a: a price of zero is valid for this product (samples, freebies).
    pub allow_zero_price: bool,
}

impl From<&core::Product> for Product {
    fn from(p: &core::Product) -> Self {
        Product {
            sku: p.sku.clone(),
            name: p.name.clone(),
            uom: p.uom.clone(),
            base_price: p.base_price.map(|d| d.to_string()),
            active: p.active,
            in_stock: p.in_stock,
            allow_zero_price: p.allow_zero_price,
        }
    }
}

/// A price group.
#[napi(object)]
pub struct PriceGroup {
    /// The group's name as first given (groups are compared without case).
    pub name: String,
    /// PR2a: an inactive group is ignored; its customers fall back as if they had none.
    pub active: bool,
    /// How many products have a price in the group.
    pub entries: u32,
}

impl From<core::PriceGroup> for PriceGroup {
    fn from(g: core::PriceGroup) -> Self {
        PriceGroup { name: g.name, active: g.active, entries: u32::try_from(g.entries).unwrap_or(u32::MAX) }
    }
}

/// PR2b: what a bulk price macro did.
#[napi(object)]
pub struct MacroReport {
    /// How many group prices were written.
    pub changed: u32,
    /// SKUs left alone: they have neither a group price nor a base price to start from.
    pub skipped: Vec<String>,
}

impl From<core::MacroReport> for MacroReport {
    fn from(r: core::MacroReport) -> Self {
        MacroReport { changed: u32::try_from(r.changed).unwrap_or(u32::MAX), skipped: r.skipped }
    }
}

/// PR1, PR2: one product's price for a buyer.
#[napi(object, use_nullable = true)]
pub struct ResolvedPrice {
    /// The price in the workspace currency, a decimal string; `null` when no tier prices the
    /// product (PR1: it cannot be ordered).
    pub amount: Option<String>,
    /// The tier the price came from; `null` with the amount.
    pub tier: Option<PriceTier>,
    /// PR5: the minimum quantity of the break that won, a decimal string (`'0'` for a plain
    /// price); `null` for the base price or no price.
    pub min_qty: Option<String>,
}

impl From<core::Resolved> for ResolvedPrice {
    fn from(r: core::Resolved) -> Self {
        ResolvedPrice {
            amount: r.amount.map(|a| a.to_string()),
            tier: r.tier.map(Into::into),
            min_qty: r.min_qty.map(|q| q.to_string()),
        }
    }
}

/// PR5, PR6: one quantity break of an entry, as set.
#[napi(object, use_nullable = true)]
pub struct PriceBreak {
    /// The smallest quantity the price applies from, a decimal string (`'0'`: any quantity).
    pub min_qty: String,
    /// The unit price, a decimal string.
    pub price: String,
    /// PR6: when it starts applying (inclusive); `null`: always has.
    pub starts_at: Option<DateTime<Utc>>,
    /// PR6: when it stops applying (exclusive); `null`: never.
    pub ends_at: Option<DateTime<Utc>>,
}

impl From<core::PriceBreak> for PriceBreak {
    fn from(b: core::PriceBreak) -> Self {
        PriceBreak {
            min_qty: b.min_qty.to_string(),
            price: b.price.to_string(),
            starts_at: b.starts_at,
            ends_at: b.ends_at,
        }
    }
}

/// PR5, PR6: one quantity break as `setDefaultPrices` / `setGroupPrices` take it.
#[napi(object)]
#[allow(dead_code)] // declares the TypeScript type; price_entries reads the values
pub struct PriceBreakInput {
    /// The smallest quantity the price applies from (a decimal string or number; 0 unless
    /// given: any quantity).
    #[napi(ts_type = "string | number | null")]
    pub min_qty: Option<String>,
    /// The unit price (a decimal string or number).
    #[napi(ts_type = "string | number")]
    pub price: String,
    /// PR6: when it starts applying (inclusive).
    #[napi(ts_type = "Date | null")]
    pub starts_at: Option<DateTime<Utc>>,
    /// PR6: when it stops applying (exclusive).
    #[napi(ts_type = "Date | null")]
    pub ends_at: Option<DateTime<Utc>>,
}

/// PR5, PR6: what a price is asked for: `qty` (a decimal string or number; 1 unless given) at
/// `at` (the workspace clock's now unless given).
#[napi(object)]
#[allow(dead_code)] // declares the TypeScript type; price_query reads the values
pub struct PriceOptions {
    /// The quantity.
    #[napi(ts_type = "string | number | null")]
    pub qty: Option<String>,
    /// The instant.
    #[napi(ts_type = "Date | null")]
    pub at: Option<DateTime<Utc>>,
}

/// PR6: a scheduled break of a tier that applies to the buyer, as `explainPrice` shows it ahead.
#[napi(object, use_nullable = true)]
pub struct UpcomingPrice {
    /// The tier it belongs to.
    pub tier: PriceTier,
    /// Its minimum quantity, a decimal string.
    pub min_qty: String,
    /// Its unit price, a decimal string.
    pub price: String,
    /// When it starts applying.
    pub starts_at: Option<DateTime<Utc>>,
    /// When it stops applying (exclusive); `null`: never.
    pub ends_at: Option<DateTime<Utc>>,
}

/// PR7: one row of the breaks a buyer sees: from `minQty` up, `amount`, from `tier`.
#[napi(object)]
pub struct SheetBreak {
    /// The smallest quantity the row applies from, a decimal string (`'0'`: any quantity).
    pub min_qty: String,
    /// The unit price, a decimal string.
    pub amount: String,
    /// The tier the row comes from.
    pub tier: PriceTier,
}

/// PR7: the breaks one buyer sees for each product, in SKU order or the order asked for.
#[napi(object)]
pub struct BuyerBreaks {
    /// PR3: the workspace currency of every amount.
    pub currency: String,
    /// The SKUs.
    pub skus: Vec<String>,
    /// Row `i` holds `skus[i]`'s breaks, sorted by `minQty`; empty for a product with no price.
    pub breaks: Vec<Vec<SheetBreak>>,
}

/// PR4: a tier that was looked at and passed over, and why.
#[napi(object)]
pub struct PassedOver {
    /// The tier passed over.
    pub tier: PriceTier,
    /// Why it did not give the price.
    pub reason: PassedOverReason,
}

/// PR4: the explained form of one price, for admins and tests.
#[napi(object, use_nullable = true)]
pub struct PriceExplanation {
    /// The product's SKU.
    pub sku: String,
    /// The price, a decimal string; `null` when no tier prices the product.
    pub amount: Option<String>,
    /// PR3: the workspace currency (ISO 4217).
    pub currency: String,
    /// The tier that won; `null` when none did.
    pub tier: Option<PriceTier>,
    /// The customer's price group by name, if it has one (even an unknown or inactive one).
    pub group: Option<String>,
    /// The higher tiers that did not apply, in order, and why.
    pub passed_over: Vec<PassedOver>,
    /// PR5: the minimum quantity of the break that won; `null` for the base price or none.
    pub min_qty: Option<String>,
    /// PR5: the quantity asked about, a decimal string.
    pub qty: String,
    /// PR6: the instant asked about.
    pub at: DateTime<Utc>,
    /// PR6: breaks of the tiers that apply to this buyer that start later, soonest first.
    pub upcoming: Vec<UpcomingPrice>,
}

impl From<core::PriceExplanation> for PriceExplanation {
    fn from(e: core::PriceExplanation) -> Self {
        PriceExplanation {
            sku: e.sku,
            amount: e.amount.map(|a| a.to_string()),
            currency: e.currency,
            tier: e.tier.map(Into::into),
            group: e.group,
            passed_over: e
                .passed_over
                .into_iter()
                .map(|p| PassedOver { tier: p.tier.into(), reason: p.reason.into() })
                .collect(),
            min_qty: e.min_qty.map(|q| q.to_string()),
            qty: e.qty.to_string(),
            at: e.at,
            upcoming: e
                .upcoming
                .into_iter()
                .map(|u| UpcomingPrice {
                    tier: u.tier.into(),
                    min_qty: u.price_break.min_qty.to_string(),
                    price: u.price_break.price.to_string(),
                    starts_at: u.price_break.starts_at,
                    ends_at: u.price_break.ends_at,
                })
                .collect(),
        }
    }
}

/// ST1: a customer's effective order template, checkout mode and freight, and where each came
/// from.
#[napi(object, use_nullable = true)]
pub struct EffectiveSettings {
    /// The storefront layout.
    pub order_template: OrderTemplate,
    /// Where the order template came from.
    pub order_template_from: SettingSource,
    /// How the customer pays: `'pay_now'` or `'pay_later'`, never `'inherit'`.
    pub checkout_mode: CheckoutMode,
    /// Where the checkout mode came from.
    pub checkout_mode_from: SettingSource,
    /// Pay now was chosen but the workspace's card payments are not ready, so Pay later applies.
    pub pay_later_forced: bool,
    /// How freight is charged (amounts are decimal strings).
    pub freight: Freight,
    /// Where the freight came from.
    pub freight_from: SettingSource,
}

impl From<core::EffectiveSettings> for EffectiveSettings {
    fn from(s: core::EffectiveSettings) -> Self {
        EffectiveSettings {
            order_template: s.order_template.into(),
            order_template_from: s.order_template_from.into(),
            checkout_mode: s.checkout_mode.into(),
            checkout_mode_from: s.checkout_mode_from.into(),
            pay_later_forced: s.pay_later_forced,
            freight: s.freight.into(),
            freight_from: s.freight_from.into(),
        }
    }
}

/// PR4: a whole catalogue's prices for one buyer (or the SKUs asked for), as three parallel
/// arrays in SKU order (or the order asked for): row `i` is `skus[i]`, `amounts[i]`, `tiers[i]`.
#[napi(object)]
pub struct PriceSheet<'env> {
    /// PR3: the workspace currency (ISO 4217) of every amount.
    pub currency: String,
    /// The SKUs.
    #[napi(ts_type = "Array<string>")]
    pub skus: Array<'env>,
    /// The prices, decimal strings; `null` where no tier prices the product.
    #[napi(ts_type = "Array<string | null>")]
    pub amounts: Array<'env>,
    /// The tier of each price; `null` with the amount.
    #[napi(ts_type = "Array<PriceTier | null>")]
    pub tiers: Array<'env>,
}

/// `null` (and only `null`) is the workspace link: `undefined` is refused, so a customer id
/// that went missing never quietly prices as the workspace link.
pub(crate) fn price_for(v: &Unknown<'_>) -> Result<core::PriceFor> {
    Ok(nullable_id("customerId", v)?.map_or(core::PriceFor::WorkspaceLink, core::PriceFor::Customer))
}

/// The keys of one break, and of an entry with a window.
const BREAK_KEYS: &[&str] = &["min_qty", "price", "starts_at", "ends_at"];
const WINDOWED_KEYS: &[&str] = &["breaks", "starts_at", "ends_at"];

/// PR5/PR6: an array of breaks as JSON for the core, each break's keys checked and its `Date`s
/// read as instants.
fn breaks_json(what: &'static str, v: &Unknown<'_>) -> Result<serde_json::Value> {
    let items = array(what, v)?
        .iter()
        .map(|b| object_json(what, &object(what, b)?, BREAK_KEYS, &[]).map(serde_json::Value::Object))
        .collect::<Result<Vec<_>>>()?;
    Ok(serde_json::Value::Array(items))
}

/// `{ sku: entry }`: SKUs are keys as given (never case-converted). An entry is a price (a
/// decimal string or number), `null` (removes the entry), an array of breaks `{ minQty, price,
/// startsAt?, endsAt? }` (PR5/PR6), or `{ breaks, startsAt?, endsAt? }` (a window on the whole
/// entry); the core reads the breaks (`PriceEntry::from_json`).
pub(crate) fn price_entries(what: &'static str, v: &Unknown<'_>) -> Result<Vec<(String, core::PriceEntry)>> {
    let obj = object(what, v)?;
    let keys = Object::keys(&obj).map_err(napi(what))?;
    keys.into_iter()
        .map(|sku| {
            let value = obj.get::<Unknown>(&sku).map_err(napi(what))?;
            let entry = match value {
                Some(p) if !is_absent(&p)? && p.is_array().map_err(napi(what))? => {
                    core::PriceEntry::from_json(&sku, breaks_json(what, &p)?)?
                }
                Some(p) if !is_absent(&p)? && p.get_type().map_err(napi(what))? == ValueType::Object => {
                    let entry = object(what, &p)?;
                    let mut json = object_json(what, &entry, WINDOWED_KEYS, &["breaks"])?;
                    let breaks = prop("breaks", &entry)?.ok_or_else(|| invalid(what, format!("'{sku}': no breaks")))?;
                    json.insert("breaks".into(), breaks_json(what, &breaks)?);
                    core::PriceEntry::from_json(&sku, serde_json::Value::Object(json))?
                }
                Some(p) if !is_absent(&p)? => core::PriceEntry::from(Some(money(what, &p).map_err(|e| match e {
                    core::Error::InvalidArgument { what, message } => {
                        invalid(what, format!("the price of '{sku}': {message}"))
                    }
                    other => other,
                })?)),
                _ => core::PriceEntry::Remove,
            };
            Ok((sku, entry))
        })
        .collect()
}

/// PR5/PR6: `{ qty?, at? }`: the quantity (a decimal string or number; default 1) and the
/// instant (a `Date`; default: the workspace clock's now).
pub(crate) fn price_query(v: Option<&Unknown<'_>>) -> Result<core::PriceQuery> {
    let mut query = core::PriceQuery::default();
    if let Some(o) = opt_object("options", v)? {
        for key in Object::keys(&o).map_err(napi("options"))? {
            if key != "qty" && key != "at" {
                return Err(invalid("options", format!("unknown key '{key}'; expected one of qty, at")));
            }
        }
        if let Some(q) = prop("qty", &o)? {
            query.qty = money("qty", &q)?;
        }
        if let Some(t) = prop("at", &o)? {
            query.at = Some(date("at", &t)?);
        }
    }
    Ok(query)
}

/// PR7: every row's breaks of a sheet.
pub(crate) fn buyer_breaks(sheet: &core::PriceSheet) -> BuyerBreaks {
    BuyerBreaks {
        currency: sheet.currency.clone(),
        skus: sheet.rows().map(|(p, _)| p.sku.clone()).collect(),
        breaks: (0..sheet.len())
            .map(|row| {
                sheet
                    .breaks(row)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|b| SheetBreak {
                        min_qty: b.min_qty.to_string(),
                        amount: b.amount.to_string(),
                        tier: b.tier.into(),
                    })
                    .collect()
            })
            .collect(),
    }
}

pub(crate) fn opt_skus(v: Option<&Unknown<'_>>) -> Result<Option<Vec<String>>> {
    match v {
        Some(v) if !is_absent(v)? => texts("skus", v).map(Some),
        _ => Ok(None),
    }
}

/// PR4/PR5: what `resolvePrices` keeps between calls to make its arrays faster.
///
/// Every column crosses as one text split by JS's own `String.prototype.split`: one napi call
/// per column, not one per cell (10,000 rows, release build: 1.3 ms, against 3.0 ms setting
/// elements one by one and 2.3 ms with `JSON.parse`). The text of each amount is formatted
/// once.
///
/// The three arrays of a sheet are then kept, per price-book version, for the sheet's key:
/// the buyer's group as its record names it, the quantity, the window epoch of the instant
/// (`PriceBook::window_epoch`: no break enters or leaves its window within one epoch) and the
/// SKUs asked for (only whole-catalogue sheets are kept). The core still resolves every call
/// (it decides the price, and reads the customer's group now); a sheet whose key is kept then
/// crosses as three `Array.prototype.slice` copies instead of three texts to split. A book
/// version moving on drops them all. benches/pricing_node.mjs measures it.
#[derive(Default)]
pub(crate) struct SheetCache {
    /// The text of each amount (kept across sheets and price changes).
    amounts: AmountTexts,
    /// The price-book version `sheets` belong to.
    version: Option<u64>,
    /// The SKUs of that book in book order, as a JS array (the same for every buyer).
    skus: Option<ObjectRef<false>>,
    /// Whole-catalogue sheets of that version, most recently made last.
    sheets: Vec<KeptSheet>,
}

/// A kept sheet: its key and its amount and tier arrays.
struct KeptSheet {
    group: Option<String>,
    qty: [u8; 16],
    epoch: usize,
    amounts: ObjectRef<false>,
    tiers: ObjectRef<false>,
}

/// The cell separator. Amounts and tier names never hold it; a SKU that does sends the SKU
/// column cell by cell.
const SEP: &str = "\n";

/// More distinct amounts than this (a few MB of text) and the amount texts start over.
const AMOUNTS_MAX: usize = 1 << 18;

/// At most this many sheets are kept per book version (groups × quantities × epochs asked).
const SHEETS_MAX: usize = 8;

impl SheetCache {
    /// Holds the arrays of `version` from now on.
    fn keep(&mut self, env: &Env, version: u64) -> napi::Result<()> {
        if self.version != Some(version) {
            self.release(env)?;
            self.version = Some(version);
        }
        Ok(())
    }

    /// Lets every cached array go (the workspace's finalizer calls this too).
    pub(crate) fn release(&mut self, env: &Env) -> napi::Result<()> {
        if let Some(r) = self.skus.take() {
            r.unref(env)?;
        }
        for kept in self.sheets.drain(..) {
            kept.amounts.unref(env)?;
            kept.tiers.unref(env)?;
        }
        Ok(())
    }

    /// PR4: a core sheet as `PriceSheet`. `version` is the sheet's price-book version when
    /// known to be the current one; `whole_book` says its rows are every product in book
    /// order. Fails only when JS itself does (an environment shutting down, a replaced
    /// built-in).
    fn shape<'env>(
        &mut self,
        env: &'env Env,
        sheet: &core::PriceSheet,
        version: Option<u64>,
        whole_book: bool,
    ) -> napi::Result<PriceSheet<'env>> {
        if let Some(v) = version {
            self.keep(env, v)?;
        }
        let rows = sheet.len();
        let cacheable = whole_book && version.is_some();
        let (group, qty, epoch) = (sheet.group(), sheet.qty.serialize(), sheet.window_epoch());
        if cacheable {
            if let Some(k) =
                self.sheets.iter().position(|k| k.group.as_deref() == group && k.qty == qty && k.epoch == epoch)
            {
                let kept = &self.sheets[k];
                let skus = match &self.skus {
                    Some(cached) => copy(&cached.get_value(env)?, rows)?,
                    None => return Err(napi::Error::from_reason("a kept sheet without its SKUs")),
                };
                return Ok(PriceSheet {
                    currency: sheet.currency.clone(),
                    skus,
                    amounts: copy(&kept.amounts.get_value(env)?, rows)?,
                    tiers: copy(&kept.tiers.get_value(env)?, rows)?,
                });
            }
        }
        let split = split_function(env)?;
        let (amounts, tiers) = price_columns(sheet, &mut self.amounts);
        let skus = match &self.skus {
            Some(cached) if cacheable => copy(&cached.get_value(env)?, rows)?,
            _ => {
                let made = SkuColumn::of(sheet).into_js(env, &split)?;
                if cacheable {
                    let made = made.coerce_to_object()?;
                    self.skus = Some(made.create_ref()?);
                    copy(&made, rows)?
                } else {
                    made
                }
            }
        };
        let (amounts, tiers) = (amounts.into_js(env, &split)?, tiers.into_js(env, &split)?);
        if !cacheable {
            return Ok(PriceSheet { currency: sheet.currency.clone(), skus, amounts, tiers });
        }
        // Keep these two, hand out copies.
        let (amounts, tiers) = (amounts.coerce_to_object()?, tiers.coerce_to_object()?);
        if self.sheets.len() >= SHEETS_MAX {
            let oldest = self.sheets.remove(0);
            oldest.amounts.unref(env)?;
            oldest.tiers.unref(env)?;
        }
        self.sheets.push(KeptSheet {
            group: group.map(str::to_owned),
            qty,
            epoch,
            amounts: amounts.create_ref()?,
            tiers: tiers.create_ref()?,
        });
        Ok(PriceSheet {
            currency: sheet.currency.clone(),
            skus,
            amounts: copy(&amounts, rows)?,
            tiers: copy(&tiers, rows)?,
        })
    }
}

/// The text of each amount, keyed by its exact 16 bytes (`6.2` and `6.20` print differently):
/// each key maps to its own value's text, so no entry is ever stale.
#[derive(Default)]
struct AmountTexts(HashMap<[u8; 16], Box<str>>);

impl AmountTexts {
    fn get(&mut self, amount: Decimal) -> &str {
        if self.0.len() >= AMOUNTS_MAX {
            self.0.clear();
        }
        self.0.entry(amount.serialize()).or_insert_with(|| amount.to_string().into_boxed_str())
    }
}

/// A sheet's amount and tier columns as texts (plain Rust: made on any thread).
fn price_columns(sheet: &core::PriceSheet, texts: &mut AmountTexts) -> (Column, Column) {
    let rows = sheet.len();
    let (mut amounts, mut tiers) = (Column::new(rows, 8), Column::new(rows, 12));
    for (_, price) in sheet.rows() {
        amounts.push(price.amount.map(|a| texts.get(a)));
        tiers.push(price.tier.map(core::PriceTier::as_str));
    }
    (amounts, tiers)
}

/// `String.prototype.split`, which every column crosses through.
fn split_function(env: &Env) -> napi::Result<Function<'_, JsString<'_>, Array<'_>>> {
    env.create_string("")?.coerce_to_object()?.get_named_property("split")
}

/// A sheet's SKU column: one text, or cell by cell when a SKU holds the separator.
enum SkuColumn {
    Joined(Column),
    Cells(Vec<String>),
}

impl SkuColumn {
    fn of(sheet: &core::PriceSheet) -> SkuColumn {
        if sheet.rows().any(|(p, _)| p.sku.contains(SEP)) {
            return SkuColumn::Cells(sheet.rows().map(|(p, _)| p.sku.clone()).collect());
        }
        let mut skus = Column::new(sheet.len(), 16);
        sheet.rows().for_each(|(p, _)| skus.push(Some(&p.sku)));
        SkuColumn::Joined(skus)
    }

    fn into_js<'env>(
        self,
        env: &'env Env,
        split: &Function<'env, JsString<'env>, Array<'env>>,
    ) -> napi::Result<Array<'env>> {
        match self {
            SkuColumn::Joined(column) => column.into_js(env, split),
            SkuColumn::Cells(cells) => Array::from_vec(env, cells),
        }
    }
}

/// PR4, the Promise form's sheet: its columns made as texts on the worker thread (the core's
/// sheet is resolved and printed there), then made into the same `PriceSheet` the blocking form
/// returns on the main thread, a `split` per column. The blocking form's cache of sheets lives
/// in the workspace's JS object, out of the worker's reach, so each Promise sheet is made anew.
pub struct SheetColumns {
    currency: String,
    skus: SkuColumn,
    amounts: Column,
    tiers: Column,
}

impl SheetColumns {
    /// The columns of `sheet` (on the worker thread).
    pub(crate) fn of(sheet: &core::PriceSheet) -> SheetColumns {
        let (amounts, tiers) = price_columns(sheet, &mut AmountTexts::default());
        SheetColumns { currency: sheet.currency.clone(), skus: SkuColumn::of(sheet), amounts, tiers }
    }
}

impl TypeName for SheetColumns {
    fn type_name() -> &'static str {
        "PriceSheet"
    }

    fn value_type() -> napi::ValueType {
        napi::ValueType::Object
    }
}

impl ToNapiValue for SheetColumns {
    unsafe fn to_napi_value(raw: sys::napi_env, columns: Self) -> napi::Result<sys::napi_value> {
        let env = Env::from_raw(raw);
        let split = split_function(&env)?;
        let sheet = PriceSheet {
            currency: columns.currency,
            skus: columns.skus.into_js(&env, &split)?,
            amounts: columns.amounts.into_js(&env, &split)?,
            tiers: columns.tiers.into_js(&env, &split)?,
        };
        // SAFETY: the arrays are values of this env, made just now.
        unsafe { ToNapiValue::to_napi_value(raw, sheet) }
    }
}

/// A copy of a cached array (`Array.prototype.slice`), so a caller may change its own.
fn copy<'env>(array: &Object<'env>, rows: usize) -> napi::Result<Array<'env>> {
    let slice: Function<u32, Array> = array.get_named_property("slice")?;
    checked(slice.apply(array, 0)?, rows)
}

/// Only a replaced `Array.prototype.slice` or `String.prototype.split` gives another length.
fn checked(array: Array<'_>, rows: usize) -> napi::Result<Array<'_>> {
    if array.len() as usize == rows {
        Ok(array)
    } else {
        Err(napi::Error::from_reason("a JS built-in (split or slice) gave an array of the wrong length"))
    }
}

/// One sheet column on its way to JS: its cells joined by `SEP`, and the rows that are `null`.
struct Column {
    text: String,
    nulls: Vec<u32>,
    rows: u32,
}

impl Column {
    fn new(rows: usize, cell_bytes: usize) -> Column {
        Column { text: String::with_capacity(rows * (cell_bytes + 1)), nulls: Vec::new(), rows: 0 }
    }

    fn push(&mut self, cell: Option<&str>) {
        if self.rows > 0 {
            self.text.push_str(SEP);
        }
        match cell {
            Some(c) => self.text.push_str(c),
            None => self.nulls.push(self.rows),
        }
        self.rows += 1;
    }

    /// The JS array: the text split by `split` (`String.prototype.split`), then the `null`s.
    fn into_js<'env>(
        self,
        env: &'env Env,
        split: &Function<'env, JsString<'env>, Array<'env>>,
    ) -> napi::Result<Array<'env>> {
        if self.rows == 0 {
            return env.create_array(0);
        }
        // ASCII becomes a one-byte JS string by a plain copy; anything else goes through UTF-8.
        let text =
            if self.text.is_ascii() { env.create_string_latin1(&self.text)? } else { env.create_string(&self.text)? };
        let mut cells = checked(split.apply(text, env.create_string(SEP)?)?, self.rows as usize)?;
        for row in self.nulls {
            cells.set(row, Null)?;
        }
        Ok(cells)
    }
}

#[napi]
impl Workspace {
    /// PR2a: adds products, or replaces them by SKU. A base price is a decimal string or a
    /// number (read through its shortest decimal text); it may not be negative, and zero only
    /// with `allowZeroPrice` (`ZERO_PRICE_NOT_ALLOWED`). All or nothing.
    #[napi(
        ts_args_type = "products: Array<{ sku: string; name: string; uom?: string; basePrice?: string | number | null; active?: boolean; inStock?: boolean; allowZeroPrice?: boolean }>"
    )]
    pub fn upsert_products(&self, env: Env, products: Unknown<'_>) -> napi::Result<()> {
        run(&env, || {
            let products: Vec<core::Product> = array("products", &products)?
                .iter()
                .map(|p| from_json("product", object_json("product", &object("product", p)?, PRODUCT_KEYS, &[])?))
                .collect::<Result<_>>()?;
            self.inner.upsert_products(products)
        })
    }

    /// Every product, in SKU order.
    #[napi]
    pub fn products(&self, env: Env) -> napi::Result<Vec<Product>> {
        run(&env, || Ok(self.inner.price_book()?.products().iter().map(Product::from).collect()))
    }

    /// PR1, PR5, PR6: sets entries of the workspace default price list, `{ sku: entry }`: a
    /// price (from any quantity, always), `null` (removes the entry), an array of quantity
    /// breaks `{ minQty?, price, startsAt?, endsAt? }` (`minQty` 0 unless given; the window
    /// half-open, `Date`s), or `{ breaks, startsAt?, endsAt? }` for a window on the whole entry.
    /// Each entry replaces the SKU's entry whole. Prices as for `upsertProducts`;
    /// `PRODUCT_NOT_FOUND` for an unknown SKU; `PRICE_INVALID` for breaks that cost more for
    /// more, repeat a minimum, or a window that ends before it starts. All or nothing.
    ///
    /// ```js
    /// ws.setDefaultPrices({ FLOUR: [{ minQty: 1, price: '5.00' }, { minQty: 10, price: '4.50' }] })
    /// ```
    #[napi(
        ts_args_type = "entries: Record<string, string | number | null | Array<PriceBreakInput> | { breaks: Array<PriceBreakInput>; startsAt?: Date | null; endsAt?: Date | null }>"
    )]
    pub fn set_default_prices(&self, env: Env, entries: Unknown<'_>) -> napi::Result<()> {
        run(&env, || self.inner.set_default_prices(&price_entries("entries", &entries)?))
    }

    /// Creates a price group, or sets its active flag (PR2a: an inactive group is ignored).
    /// Names are compared without case.
    #[napi(ts_args_type = "name: string, active?: boolean")]
    pub fn upsert_price_group(&self, env: Env, name: Unknown<'_>, active: Option<Unknown<'_>>) -> napi::Result<()> {
        run(&env, || {
            let name = text("name", &name)?;
            let active = opt_bool("active", active.as_ref())?.unwrap_or(true);
            self.inner.upsert_price_group(&name, active)
        })
    }

    /// Removes a price group (`PRICE_GROUP_NOT_FOUND` when there is none); its customers fall
    /// back as if they had no group.
    #[napi(ts_args_type = "name: string")]
    pub fn remove_price_group(&self, env: Env, name: Unknown<'_>) -> napi::Result<()> {
        run(&env, || self.inner.remove_price_group(&text("name", &name)?))
    }

    /// Every price group, by name.
    #[napi]
    pub fn price_groups(&self, env: Env) -> napi::Result<Vec<PriceGroup>> {
        run(&env, || Ok(self.inner.price_groups()?.into_iter().map(Into::into).collect()))
    }

    /// PR1, PR5, PR6: sets a group's entries, `{ sku: entry }`, as `setDefaultPrices` reads
    /// them; `PRICE_GROUP_NOT_FOUND` for an unknown group.
    #[napi(
        ts_args_type = "group: string, entries: Record<string, string | number | null | Array<PriceBreakInput> | { breaks: Array<PriceBreakInput>; startsAt?: Date | null; endsAt?: Date | null }>"
    )]
    pub fn set_group_prices(&self, env: Env, group: Unknown<'_>, entries: Unknown<'_>) -> napi::Result<()> {
        run(&env, || {
            let group = text("group", &group)?;
            self.inner.set_group_prices(&group, &price_entries("entries", &entries)?)
        })
    }

    /// PR2b: a bulk edit of a group's prices by a macro (`'+10%'`, `'-5%'`, `'*1.15'`, `'+2'`,
    /// `'-5'`) applied to each product's group price, else its base price, rounded to the
    /// currency's minor unit (half away from zero). Every product, or only `skus`. Products
    /// with neither price are skipped and listed. All or nothing: `PRICE_MACRO_INVALID` for a
    /// malformed macro, `PRICE_INVALID` or `ZERO_PRICE_NOT_ALLOWED` for a result that cannot be
    /// a price.
    #[napi(ts_args_type = "group: string, macro: string, skus?: string[] | null")]
    pub fn apply_price_macro(
        &self,
        env: Env,
        group: Unknown<'_>,
        macro_text: Unknown<'_>,
        skus: Option<Unknown<'_>>,
    ) -> napi::Result<MacroReport> {
        run(&env, || {
            let group = text("group", &group)?;
            let m = text("macro", &macro_text)?;
            let skus = opt_skus(skus.as_ref())?;
            Ok(self.inner.apply_price_macro(&group, &m, skus.as_deref())?.into())
        })
    }

    /// PR1, PR2, PR5, PR6: one product's price for a customer, or for the workspace link when
    /// `customerId` is `null` (its buyers have no group: default list, then base price), for
    /// `options.qty` (default 1) at `options.at` (default: the workspace clock's now).
    /// `CUSTOMER_NOT_FOUND`, `PRODUCT_NOT_FOUND`; a quantity out of range
    /// `AMOUNT_OUT_OF_RANGE`.
    ///
    /// ```js
    /// ws.resolvePrice(customer.id, 'EGGS-12') // { amount: '6.20', tier: 'group', minQty: '0' }
    /// ws.resolvePrice(null, 'FLOUR', { qty: 12 }) // { amount: '4.50', tier: 'default_list', minQty: '10' }
    /// ```
    #[napi(ts_args_type = "customerId: string | null, sku: string, options?: PriceOptions | null")]
    pub fn resolve_price(
        &self,
        env: Env,
        customer_id: Unknown<'_>,
        sku: Unknown<'_>,
        options: Option<Unknown<'_>>,
    ) -> napi::Result<ResolvedPrice> {
        run(&env, || {
            let whose = price_for(&customer_id)?;
            let query = price_query(options.as_ref())?;
            Ok(self.inner.resolve_price_for(whose, &text("sku", &sku)?, &query)?.into())
        })
    }

    /// PR4, PR5, PR6: every product's price for one buyer (`null`: the workspace link), or only
    /// the `skus` given in their order, for `options.qty` at `options.at` as `resolvePrice`, in
    /// one call into the core: three parallel arrays (see `PriceSheet`), new on each call and
    /// the caller's own. `CUSTOMER_NOT_FOUND`, `PRODUCT_NOT_FOUND`.
    ///
    /// ```js
    /// const sheet = ws.resolvePrices(customer.id, null, { qty: 10 })
    /// sheet.skus[0], sheet.amounts[0], sheet.tiers[0] // 'BREAD', '6.00', 'default_list'
    /// ```
    #[napi(ts_args_type = "customerId: string | null, skus?: string[] | null, options?: PriceOptions | null")]
    pub fn resolve_prices<'env>(
        &self,
        env: &'env Env,
        customer_id: Unknown<'_>,
        skus: Option<Unknown<'_>>,
        options: Option<Unknown<'_>>,
    ) -> napi::Result<PriceSheet<'env>> {
        let (sheet, whole_book) = run(env, || {
            let whose = price_for(&customer_id)?;
            let skus = opt_skus(skus.as_ref())?;
            let query = price_query(options.as_ref())?;
            let sheet = self.inner.resolve_prices_for(whose, skus.as_deref(), &query)?;
            Ok((sheet, skus.is_none()))
        })?;
        // The sheet says which book version it was resolved from.
        let version = Some(sheet.book_version());
        match self.sheets.try_borrow_mut() {
            Ok(mut cache) => cache.shape(env, &sheet, version, whole_book),
            // Re-entered from JS during a sheet (a replaced built-in calling back): no cache.
            Err(_) => SheetCache::default().shape(env, &sheet, None, false),
        }
    }

    /// PR7: the breaks one buyer (`null`: the workspace link) sees for every product, or only
    /// the `skus` given, at `options.at` (default now): per product the group's breaks, then the
    /// default list's below the group's smallest, then the base price from any quantity below
    /// those; never a tier passed over.
    ///
    /// ```js
    /// ws.priceBreaks(customer.id, ['FLOUR']).breaks[0]
    /// // [{ minQty: '0', amount: '6.00', tier: 'base' }, { minQty: '10', amount: '4.50', tier: 'group' }]
    /// ```
    #[napi(ts_args_type = "customerId: string | null, skus?: string[] | null, options?: { at?: Date | null } | null")]
    pub fn price_breaks(
        &self,
        env: Env,
        customer_id: Unknown<'_>,
        skus: Option<Unknown<'_>>,
        options: Option<Unknown<'_>>,
    ) -> napi::Result<BuyerBreaks> {
        run(&env, || {
            let whose = price_for(&customer_id)?;
            let skus = opt_skus(skus.as_ref())?;
            let query = price_query(options.as_ref())?;
            let sheet = self.inner.resolve_prices_for(whose, skus.as_deref(), &query)?;
            Ok(buyer_breaks(&sheet))
        })
    }

    /// PR5, PR6: a product's entry as set, in the default list (`group` absent or `null`) or in
    /// a group, sorted by minimum then start; empty when there is none (a plain price is one
    /// break from `'0'`).
    #[napi(ts_args_type = "sku: string, group?: string | null")]
    pub fn price_entry(&self, env: Env, sku: Unknown<'_>, group: Option<Unknown<'_>>) -> napi::Result<Vec<PriceBreak>> {
        run(&env, || {
            let group = opt_text("group", group.as_ref())?;
            Ok(self.inner.price_entry(&text("sku", &sku)?, group.as_deref())?.into_iter().map(Into::into).collect())
        })
    }

    /// PR4, PR5, PR6: the tier and break that won for this buyer (`null`: the workspace link)
    /// for `options.qty` at `options.at`, why each higher tier did not apply, and the breaks that
    /// start later (`upcoming`), for admins and tests.
    #[napi(ts_args_type = "customerId: string | null, sku: string, options?: PriceOptions | null")]
    pub fn explain_price(
        &self,
        env: Env,
        customer_id: Unknown<'_>,
        sku: Unknown<'_>,
        options: Option<Unknown<'_>>,
    ) -> napi::Result<PriceExplanation> {
        run(&env, || {
            let whose = price_for(&customer_id)?;
            let query = price_query(options.as_ref())?;
            Ok(self.inner.explain_price_for(whose, &text("sku", &sku)?, &query)?.into())
        })
    }

    /// ST1: the customer's order template, checkout mode and freight after overrides: its own,
    /// else the workspace's `defaults`, else the system's (E-commerce, Pay later, freight to be
    /// confirmed). Pay now becomes Pay later while card payments are not ready.
    #[napi(ts_args_type = "customerId: string")]
    pub fn effective_settings(&self, env: Env, customer_id: Unknown<'_>) -> napi::Result<EffectiveSettings> {
        run(&env, || Ok(self.inner.effective_settings(parse_id("customerId", &customer_id)?)?.into()))
    }
}
