//! The workspace's entry points for pricing (PR1–PR7) and effective settings (ST1).

use crate::customer::Customer;
use crate::error::{Error, Result};
use crate::ids::CustomerId;
use crate::pricing::{
    MacroReport, PriceBook, PriceEntry, PriceExplanation, PriceGroup, PriceMacro, PriceRef, Product, Resolved,
    SheetBreak,
};
use crate::settings::EffectiveSettings;
use crate::workspace::Workspace;
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use std::sync::Arc;

/// PR5/PR6: what a price is asked for: a quantity (1 unless given) at an instant (the
/// workspace clock's now unless given).
///
/// ```
/// use orderlink::PriceQuery;
/// use rust_decimal::Decimal;
/// let q = PriceQuery::qty(Decimal::from(12));
/// assert_eq!((q.qty, q.at), (Decimal::from(12), None));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PriceQuery {
    /// PR5: the quantity (R3: within the quantity range).
    pub qty: Decimal,
    /// PR6: the instant; `None`: the workspace clock's now.
    pub at: Option<DateTime<Utc>>,
}

impl Default for PriceQuery {
    fn default() -> Self {
        PriceQuery { qty: Decimal::ONE, at: None }
    }
}

impl PriceQuery {
    /// `qty` now.
    pub fn qty(qty: Decimal) -> Self {
        PriceQuery { qty, at: None }
    }

    /// The same query at `at`.
    pub fn at(self, at: DateTime<Utc>) -> Self {
        PriceQuery { at: Some(at), ..self }
    }
}

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
    /// PR5: the quantity every row was resolved for.
    pub qty: Decimal,
    /// PR6: the instant every row was resolved at.
    pub at: DateTime<Utc>,
    group: Option<String>,
    book: Arc<PriceBook>,
    /// `None`: every product, in book order.
    positions: Option<Vec<usize>>,
    refs: Vec<PriceRef>,
}

impl PriceSheet {
    /// How many rows.
    pub fn len(&self) -> usize {
        self.refs.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.refs.is_empty()
    }

    /// (product, price, tier and break), in SKU order or the order asked for.
    pub fn rows(&self) -> impl ExactSizeIterator<Item = (&Product, Resolved)> {
        self.book.sheet_rows(self.positions.as_deref(), &self.refs, self.group.as_deref())
    }

    /// PR7: the breaks this buyer sees for the product in row `row` (None past the end), merged
    /// as PR5 resolves them, at the sheet's instant: e.g. base from any quantity, "10+ at 4.50"
    /// from the group. Never a tier passed over.
    pub fn breaks(&self, row: usize) -> Option<Vec<SheetBreak>> {
        let i = match &self.positions {
            None => (row < self.refs.len()).then_some(row)?,
            Some(p) => *p.get(row)?,
        };
        Some(self.book.breaks_at(i, self.group.as_deref(), self.at))
    }

    /// The price group the buyer's record names (it may be unknown or inactive), as resolved.
    pub fn group(&self) -> Option<&str> {
        self.group.as_deref()
    }

    /// PR6: the sheet's instant as its book's window epoch ([`PriceBook::window_epoch`]): a
    /// sheet of the same book, buyer group and quantity in the same epoch has the same rows.
    pub fn window_epoch(&self) -> usize {
        self.book.window_epoch(self.at)
    }

    /// The version of the price book the sheet was resolved from.
    pub fn book_version(&self) -> u64 {
        self.book.version
    }

    /// PR6: the instants between which the book's breaks stay as they are at the sheet's
    /// instant (see [`PriceBook::steady_between`]).
    pub fn steady_between(&self) -> (Option<DateTime<Utc>>, Option<DateTime<Utc>>) {
        self.book.steady_between(self.at)
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

    /// Sets or removes entries of the workspace default price list: `Option<Decimal>` for a
    /// plain price (`None` removes), or a [`PriceEntry`] with quantity breaks (PR5) and windows
    /// (PR6). Each entry replaces the product's entry whole. All or nothing.
    pub fn set_default_prices<E: Into<PriceEntry> + Clone>(&self, entries: &[(String, E)]) -> Result<()> {
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

    /// Sets or removes entries in a group, as [`Workspace::set_default_prices`] does.
    pub fn set_group_prices<E: Into<PriceEntry> + Clone>(&self, group: &str, entries: &[(String, E)]) -> Result<()> {
        self.change_prices(|b| Ok((b.with_group_prices(group, entries)?, ())))
    }

    /// PR2b: a bulk macro (`+10%`, `-5%`, `*1.15`, `+2`, `-5`) over a group's prices (every
    /// break of an entry, PR5), rounded to the workspace currency's minor unit. All or nothing.
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

    /// PR5/PR6: a product's entry in the default list (`group` None) or a group, as set.
    pub fn price_entry(&self, sku: &str, group: Option<&str>) -> Result<Vec<crate::pricing::PriceBreak>> {
        self.store.price_book()?.entry(sku, group)
    }

    /// PR1/PR2: one product's price for a customer or the workspace link, for one unit now.
    pub fn resolve_price(&self, whose: PriceFor, sku: &str) -> Result<Resolved> {
        self.resolve_price_for(whose, sku, &PriceQuery::default())
    }

    /// PR1/PR2/PR5/PR6: one product's price for a quantity at an instant.
    pub fn resolve_price_for(&self, whose: PriceFor, sku: &str, query: &PriceQuery) -> Result<Resolved> {
        let group = self.group_of(whose)?;
        let at = query.at.unwrap_or_else(|| self.env.clock.now());
        self.store.price_book()?.resolve(sku, group.as_deref(), query.qty, at)
    }

    /// PR4: every product's price (or the listed SKUs') for one buyer, in one call, for one
    /// unit now.
    pub fn resolve_prices(&self, whose: PriceFor, skus: Option<&[String]>) -> Result<PriceSheet> {
        self.resolve_prices_for(whose, skus, &PriceQuery::default())
    }

    /// PR4/PR5/PR6/PR7: every product's price (or the listed SKUs') for one buyer, for a
    /// quantity at an instant, in one call; [`PriceSheet::breaks`] gives each row's breaks.
    /// The settings, the customer and the book are read together (one round trip on a
    /// database store).
    pub fn resolve_prices_for(
        &self,
        whose: PriceFor,
        skus: Option<&[String]>,
        query: &PriceQuery,
    ) -> Result<PriceSheet> {
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
        let at = query.at.unwrap_or_else(|| self.env.clock.now());
        let (positions, refs) = book.resolve_refs(skus, group.as_deref(), query.qty, at)?;
        Ok(PriceSheet { currency: settings.currency, qty: query.qty, at, group, book, positions, refs })
    }

    /// PR4: the tier that won for one unit now, and why each higher tier did not apply.
    pub fn explain_price(&self, whose: PriceFor, sku: &str) -> Result<PriceExplanation> {
        self.explain_price_for(whose, sku, &PriceQuery::default())
    }

    /// PR4/PR5/PR6: the tier and break that won for a quantity at an instant, why each higher
    /// tier did not apply, and the breaks that start later.
    pub fn explain_price_for(&self, whose: PriceFor, sku: &str, query: &PriceQuery) -> Result<PriceExplanation> {
        let group = self.group_of(whose)?;
        let at = query.at.unwrap_or_else(|| self.env.clock.now());
        self.store.price_book()?.explain(sku, group.as_deref(), &self.settings()?.currency, query.qty, at)
    }

    /// ST1: the customer's order template, checkout mode and freight after overrides.
    pub fn effective_settings(&self, id: CustomerId) -> Result<EffectiveSettings> {
        let customer: Customer = self.get_customer(id)?;
        Ok(EffectiveSettings::of(&customer, &self.settings()?.defaults))
    }
}
