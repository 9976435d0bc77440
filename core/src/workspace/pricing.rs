//! The workspace's entry points for pricing (PR1–PR4) and effective settings (ST1).

use crate::customer::Customer;
use crate::error::{Error, Result};
use crate::ids::CustomerId;
use crate::pricing::{MacroReport, PriceBook, PriceExplanation, PriceGroup, PriceMacro, Product, Resolved};
use crate::settings::EffectiveSettings;
use crate::workspace::Workspace;
use rust_decimal::Decimal;
use std::sync::Arc;

/// Whose price: a customer's (its link), or the workspace link's (PR2: no customer).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PriceFor {
    /// PR1: this customer's prices (its price group, then the default list, then base prices).
    Customer(CustomerId),
    /// PR2: the workspace link's prices (the default list, then base prices).
    WorkspaceLink,
}

/// PR4: a whole catalogue's prices for one buyer. It shares the price book it was resolved
/// from, so a 10,000-row sheet costs one allocation, not 10,000 SKU copies.
#[derive(Debug, Clone)]
pub struct PriceSheet {
    /// The workspace currency of every amount.
    pub currency: String,
    book: Arc<PriceBook>,
    positions: Vec<usize>,
    prices: Vec<Resolved>,
}

impl PriceSheet {
    /// How many rows.
    pub fn len(&self) -> usize {
        self.prices.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.prices.is_empty()
    }

    /// (product, price and tier), in SKU order or the order asked for.
    pub fn rows(&self) -> impl ExactSizeIterator<Item = (&Product, &Resolved)> {
        self.positions.iter().zip(&self.prices).map(|(i, r)| (&self.book.products()[*i], r))
    }
}

const CHANGE_ATTEMPTS: usize = 5;

impl Workspace {
    /// The price book as it is now.
    pub fn price_book(&self) -> Result<Arc<PriceBook>> {
        self.store.price_book()
    }

    /// Applies `change` to the current book and saves it; a concurrent change makes it re-apply
    /// to the newer book.
    fn change_prices<T>(&self, change: impl Fn(&PriceBook) -> Result<(PriceBook, T)>) -> Result<T> {
        for attempt in 1..=CHANGE_ATTEMPTS {
            let current = self.store.price_book()?;
            let (next, out) = change(&current)?;
            match self.store.save_price_book(&next, current.version) {
                Err(Error::StaleWrite) if attempt < CHANGE_ATTEMPTS => continue,
                Err(e) => return Err(e),
                Ok(()) => return Ok(out),
            }
        }
        Err(Error::StaleWrite)
    }

    /// Adds or replaces products by SKU (PR2a checks base prices).
    pub fn upsert_products(&self, products: Vec<Product>) -> Result<()> {
        self.change_prices(|b| Ok((b.with_products(products.clone())?, ())))
    }

    /// Every product, in SKU order.
    pub fn products(&self) -> Result<Vec<Product>> {
        Ok(self.store.price_book()?.products().to_vec())
    }

    /// Sets (Some) or removes (None) entries of the workspace default price list.
    pub fn set_default_prices(&self, entries: &[(String, Option<Decimal>)]) -> Result<()> {
        self.change_prices(|b| Ok((b.with_default_prices(entries)?, ())))
    }

    /// Creates a price group, or sets its active flag (PR2a: an inactive group is ignored).
    pub fn upsert_price_group(&self, name: &str, active: bool) -> Result<()> {
        self.change_prices(|b| Ok((b.with_group(name, active)?, ())))
    }

    /// Removes a price group; customers in it fall back as if they had none.
    pub fn remove_price_group(&self, name: &str) -> Result<()> {
        self.change_prices(|b| Ok((b.without_group(name)?, ())))
    }

    /// Every price group.
    pub fn price_groups(&self) -> Result<Vec<PriceGroup>> {
        Ok(self.store.price_book()?.groups())
    }

    /// Sets (Some) or removes (None) prices in a group.
    pub fn set_group_prices(&self, group: &str, entries: &[(String, Option<Decimal>)]) -> Result<()> {
        self.change_prices(|b| Ok((b.with_group_prices(group, entries)?, ())))
    }

    /// PR2b: a bulk macro (`+10%`, `-5%`, `*1.15`, `+2`, `-5`) over a group's prices, rounded
    /// to the workspace currency's minor unit. All or nothing.
    pub fn apply_price_macro(&self, group: &str, macro_text: &str, skus: Option<&[String]>) -> Result<MacroReport> {
        let m: PriceMacro = macro_text.parse()?;
        let currency = self.settings()?.currency;
        self.change_prices(|b| b.with_group_macro(group, &m, skus, &currency))
    }

    fn group_of(&self, whose: PriceFor) -> Result<Option<String>> {
        match whose {
            PriceFor::WorkspaceLink => Ok(None),
            PriceFor::Customer(id) => Ok(self.get_customer(id)?.price_group),
        }
    }

    /// PR1/PR2: one product's price for a customer or the workspace link.
    pub fn resolve_price(&self, whose: PriceFor, sku: &str) -> Result<Resolved> {
        let group = self.group_of(whose)?;
        self.store.price_book()?.resolve(sku, group.as_deref())
    }

    /// PR4: every product's price (or the listed SKUs') for one buyer, in one call.
    /// The settings, the customer and the book are read together (one round trip on a database
    /// store).
    pub fn resolve_prices(&self, whose: PriceFor, skus: Option<&[String]>) -> Result<PriceSheet> {
        let id = match whose {
            PriceFor::Customer(id) => Some(id),
            PriceFor::WorkspaceLink => None,
        };
        let reads = self.store.price_reads(id)?;
        let group = match id {
            Some(id) => reads.customer.ok_or_else(|| Error::CustomerNotFound { id: id.to_string() })?.price_group,
            None => None,
        };
        let settings = reads.settings.ok_or_else(|| Error::store("the workspace settings are missing"))?;
        let book = reads.book;
        let (positions, prices) = book.resolve_many(skus, group.as_deref())?;
        Ok(PriceSheet { currency: settings.currency, book, positions, prices })
    }

    /// PR4: the tier that won, and why each higher tier did not apply.
    pub fn explain_price(&self, whose: PriceFor, sku: &str) -> Result<PriceExplanation> {
        let group = self.group_of(whose)?;
        self.store.price_book()?.explain(sku, group.as_deref(), &self.settings()?.currency)
    }

    /// ST1: the customer's order template, checkout mode and freight after overrides.
    pub fn effective_settings(&self, id: CustomerId) -> Result<EffectiveSettings> {
        let customer: Customer = self.get_customer(id)?;
        Ok(EffectiveSettings::of(&customer, &self.settings()?.defaults))
    }
}
