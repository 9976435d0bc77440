//! Pricing (PR1–PR4) and effective settings (ST1) on `Workspace`: products, the default price
//! list, price groups and their macros, one price or a whole sheet for a buyer, the explained
//! form, and a customer's effective order settings. The core decides every price; this module
//! reads arguments and shapes answers.

use crate::convert::{
    array, from_json, is_absent, money, nullable_id, object, object_json, opt_bool, parse_id, text, texts,
};
use crate::error::{invalid, napi, run, Result};
use crate::types::{CheckoutMode, Freight, OrderTemplate};
use crate::workspace::Workspace;
use napi::bindgen_prelude::{Array, Env, Function, JsObjectValue, JsValue, Null, Object, ObjectRef, Unknown};
use napi::JsString;
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
}

impl From<core::PassedOverReason> for PassedOverReason {
    fn from(r: core::PassedOverReason) -> Self {
        match r {
            core::PassedOverReason::NoGroup => PassedOverReason::NoGroup,
            core::PassedOverReason::GroupUnknown => PassedOverReason::GroupUnknown,
            core::PassedOverReason::GroupInactive => PassedOverReason::GroupInactive,
            core::PassedOverReason::NoEntry => PassedOverReason::NoEntry,
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
}

impl From<core::Resolved> for ResolvedPrice {
    fn from(r: core::Resolved) -> Self {
        ResolvedPrice { amount: r.amount.map(|a| a.to_string()), tier: r.tier.map(Into::into) }
    }
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

/// `{ sku: price | null }`: SKUs are keys as given (never case-converted); `null` removes.
pub(crate) fn price_entries(what: &'static str, v: &Unknown<'_>) -> Result<Vec<(String, Option<Decimal>)>> {
    let obj = object(what, v)?;
    let keys = Object::keys(&obj).map_err(napi(what))?;
    keys.into_iter()
        .map(|sku| {
            let value = obj.get::<Unknown>(&sku).map_err(napi(what))?;
            let price = match value {
                Some(p) if !is_absent(&p)? => Some(money(what, &p).map_err(|e| match e {
                    core::Error::InvalidArgument { what, message } => {
                        invalid(what, format!("the price of '{sku}': {message}"))
                    }
                    other => other,
                })?),
                _ => None,
            };
            Ok((sku, price))
        })
        .collect()
}

pub(crate) fn opt_skus(v: Option<&Unknown<'_>>) -> Result<Option<Vec<String>>> {
    match v {
        Some(v) if !is_absent(v)? => texts("skus", v).map(Some),
        _ => Ok(None),
    }
}

/// PR4: what `resolvePrices` keeps between calls to make its arrays faster. Every column
/// crosses as one text split by JS's own `String.prototype.split`: one napi call per column,
/// not one per cell (10,000 rows, release build: 1.3 ms, against 3.0 ms setting elements one by
/// one and 2.3 ms with `JSON.parse`). The text of each amount is formatted once, and the SKUs of
/// a whole-catalogue sheet, the same for every buyer, are one JS array per price-book version
/// that each sheet gets a copy of. benches/pricing_node.mjs measures it.
#[derive(Default)]
pub(crate) struct SheetCache {
    /// The text of each amount, keyed by its exact 16 bytes (`6.2` and `6.20` print
    /// differently): each key maps to its own value's text, so no entry is ever stale and the
    /// texts outlive price changes.
    amounts: HashMap<[u8; 16], Box<str>>,
    /// The price-book version `skus` belongs to.
    version: Option<u64>,
    /// That book's SKUs in book order, as a JS array.
    skus: Option<ObjectRef<false>>,
}

/// The cell separator. Amounts and tier names never hold it; a SKU that does sends the SKU
/// column cell by cell.
const SEP: &str = "\n";

/// More distinct amounts than this (a few MB of text) and the amount texts start over.
const AMOUNTS_MAX: usize = 1 << 18;

impl SheetCache {
    /// Holds the SKU array of `version` from now on.
    fn keep(&mut self, env: &Env, version: u64) -> napi::Result<()> {
        if self.version != Some(version) {
            self.release(env)?;
            self.version = Some(version);
        }
        Ok(())
    }

    /// Lets the cached SKU array go (the workspace's finalizer calls this too).
    pub(crate) fn release(&mut self, env: &Env) -> napi::Result<()> {
        match self.skus.take() {
            Some(r) => r.unref(env),
            None => Ok(()),
        }
    }

    fn amount(&mut self, amount: Decimal) -> &str {
        if self.amounts.len() >= AMOUNTS_MAX {
            self.amounts.clear();
        }
        self.amounts.entry(amount.serialize()).or_insert_with(|| amount.to_string().into_boxed_str())
    }

    /// PR4: a core sheet as `PriceSheet`. `version` is the sheet's price-book version when
    /// known; `whole_book` says its rows are every product in book order. Fails only when JS
    /// itself does (an environment shutting down, a replaced built-in).
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
        let split: Function<JsString, Array> =
            env.create_string("")?.coerce_to_object()?.get_named_property("split")?;
        let (mut amounts, mut tiers) = (Column::new(rows, 8), Column::new(rows, 12));
        for (_, price) in sheet.rows() {
            amounts.push(price.amount.map(|a| self.amount(a)));
            tiers.push(price.tier.map(core::PriceTier::as_str));
        }
        let cacheable = whole_book && version.is_some();
        let skus = match &self.skus {
            Some(cached) if cacheable => copy(&cached.get_value(env)?, rows)?,
            _ => {
                let made = if sheet.rows().any(|(p, _)| p.sku.contains(SEP)) {
                    Array::from_vec(env, sheet.rows().map(|(p, _)| p.sku.as_str()).collect())?
                } else {
                    let mut skus = Column::new(rows, 16);
                    sheet.rows().for_each(|(p, _)| skus.push(Some(&p.sku)));
                    skus.into_js(env, &split)?
                };
                if cacheable {
                    let made = made.coerce_to_object()?;
                    self.skus = Some(made.create_ref()?);
                    copy(&made, rows)?
                } else {
                    made
                }
            }
        };
        Ok(PriceSheet {
            currency: sheet.currency.clone(),
            skus,
            amounts: amounts.into_js(env, &split)?,
            tiers: tiers.into_js(env, &split)?,
        })
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

    /// PR1: sets entries of the workspace default price list, `{ sku: price }`; a price of
    /// `null` removes the entry. Prices as for `upsertProducts`; `PRODUCT_NOT_FOUND` for an
    /// unknown SKU. All or nothing.
    #[napi(ts_args_type = "entries: Record<string, string | number | null>")]
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

    /// PR1: sets a group's prices, `{ sku: price }`; `null` removes the entry. As for
    /// `setDefaultPrices`; `PRICE_GROUP_NOT_FOUND` for an unknown group.
    #[napi(ts_args_type = "group: string, entries: Record<string, string | number | null>")]
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

    /// PR1, PR2: one product's price for a customer, or for the workspace link when
    /// `customerId` is `null` (its buyers have no group: default list, then base price).
    /// `CUSTOMER_NOT_FOUND`, `PRODUCT_NOT_FOUND`.
    ///
    /// ```js
    /// ws.resolvePrice(customer.id, 'EGGS-12') // { amount: '6.20', tier: 'group' }
    /// ws.resolvePrice(null, 'EGGS-12')        // { amount: '6.80', tier: 'default_list' }
    /// ```
    #[napi(ts_args_type = "customerId: string | null, sku: string")]
    pub fn resolve_price(&self, env: Env, customer_id: Unknown<'_>, sku: Unknown<'_>) -> napi::Result<ResolvedPrice> {
        run(&env, || {
            let whose = price_for(&customer_id)?;
            Ok(self.inner.resolve_price(whose, &text("sku", &sku)?)?.into())
        })
    }

    /// PR4: every product's price for one buyer (`null`: the workspace link), or only the
    /// `skus` given in their order, in one call into the core: three parallel arrays (see
    /// `PriceSheet`), new on each call and the caller's own. `CUSTOMER_NOT_FOUND`,
    /// `PRODUCT_NOT_FOUND`.
    ///
    /// ```js
    /// const sheet = ws.resolvePrices(customer.id)
    /// sheet.skus[0], sheet.amounts[0], sheet.tiers[0] // 'BREAD', '6.00', 'default_list'
    /// ```
    #[napi(ts_args_type = "customerId: string | null, skus?: string[] | null")]
    pub fn resolve_prices<'env>(
        &self,
        env: &'env Env,
        customer_id: Unknown<'_>,
        skus: Option<Unknown<'_>>,
    ) -> napi::Result<PriceSheet<'env>> {
        let (sheet, version, whole_book) = run(env, || {
            let whose = price_for(&customer_id)?;
            let skus = opt_skus(skus.as_ref())?;
            // The book's version before and after: when they agree, no change was saved in
            // between (a save always moves the version on), so the sheet is of that version.
            let before = self.inner.price_book()?.version;
            let sheet = self.inner.resolve_prices(whose, skus.as_deref())?;
            let version = (self.inner.price_book()?.version == before).then_some(before);
            Ok((sheet, version, skus.is_none()))
        })?;
        match self.sheets.try_borrow_mut() {
            Ok(mut cache) => cache.shape(env, &sheet, version, whole_book),
            // Re-entered from JS during a sheet (a replaced built-in calling back): no cache.
            Err(_) => SheetCache::default().shape(env, &sheet, None, false),
        }
    }

    /// PR4: the tier that won for this buyer (`null`: the workspace link) and why each higher
    /// tier did not apply, for admins and tests.
    #[napi(ts_args_type = "customerId: string | null, sku: string")]
    pub fn explain_price(
        &self,
        env: Env,
        customer_id: Unknown<'_>,
        sku: Unknown<'_>,
    ) -> napi::Result<PriceExplanation> {
        run(&env, || {
            let whose = price_for(&customer_id)?;
            Ok(self.inner.explain_price(whose, &text("sku", &sku)?)?.into())
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
